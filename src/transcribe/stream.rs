//! Transcription while the person is still speaking.
//!
//! A [`StreamTranscriber`] owns one background thread that loads the model
//! and then transcribes stretches of speech as they are submitted (the
//! recording side cuts them at pauses, see `audio::segment`). Each result is
//! shifted onto the recording's time axis with [`Transcript::shifted`]; when
//! recording stops only the last stretch is left to do, and
//! [`StreamTranscriber::finish`] stitches everything in time order.
//!
//! When recording stops while a stretch is still being transcribed (with the
//! one thread the recording leaves it), a second worker with its own decoding
//! state ([`Transcriber::sibling`]) takes what is left on another core instead
//! of queueing behind it (issue 13).
//!
//! A stretch can also be started *speculatively* ([`StreamTranscriber::speculate`]):
//! the recording side sends the stretch a pause would close as soon as the
//! pause is half as long as the cut needs, while the speaker may still go
//! on. If the pause grows into the cut (or recording stops in it), the same
//! stretch is confirmed ([`StreamTranscriber::confirm`]) and its
//! transcription, already under way, is kept; if the speaker goes on, it is
//! dropped and aborted ([`Transcriber::abort_when`]). The audio sent is the
//! same either way, so the transcript is the same, only ready sooner after
//! a stop (issue 13).

use super::{AbortCheck, Sibling, Transcriber};
use crate::analysis::{Transcript, Word};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The sample rate of submitted audio.
const RATE: f64 = crate::audio::WHISPER_RATE as f64;

struct Job {
    id: u64,
    samples: Vec<f32>,
}

enum Msg {
    /// The model loaded (with a maker of a second worker's transcriber, and
    /// where that worker sends its results) or did not.
    Loaded(Result<Option<(Sibling, Sender<Msg>)>, String>),
    Done {
        id: u64,
        /// Wall-clock time the job took (s).
        took_s: f64,
        result: anyhow::Result<Transcript>,
    },
}

/// What the workers and the caller share.
#[derive(Default)]
struct Shared {
    /// Set when recording stops; the workers then hurry
    /// ([`Transcriber::hurry`]) from their next stretch on.
    stopped: AtomicBool,
    /// Jobs whose result is no longer wanted (dropped speculations).
    cancelled: Mutex<HashSet<u64>>,
}

impl Shared {
    fn is_cancelled(&self, id: u64) -> bool {
        self.cancelled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&id)
    }
}

/// Background transcription of submitted stretches.
pub struct StreamTranscriber {
    tx: Option<Sender<Job>>,
    /// The job queue, shared by the workers.
    jobs: Arc<Mutex<Receiver<Job>>>,
    rx: Receiver<Msg>,
    /// For a second worker once recording stops (see the module doc).
    sibling: Option<(Sibling, Sender<Msg>)>,
    /// Whether a second worker was started.
    helped: bool,
    handle: Option<JoinHandle<()>>,
    loaded: Option<Result<(), String>>,
    next_id: u64,
    /// Submitted jobs not finished yet: their stretch (samples).
    pending: HashMap<u64, Range<usize>>,
    /// The standing speculation: its job and stretch.
    speculation: Option<(u64, Range<usize>)>,
    done: Vec<(u64, usize, Transcript)>,
    error: Option<anyhow::Error>,
    /// Seconds of audio transcribed so far (for statistics).
    audio_done_s: f64,
    /// Wall-clock time the latest finished stretch took (s).
    last_took_s: f64,
    shared: Arc<Shared>,
}

impl StreamTranscriber {
    /// Start the worker; `load` runs on it (model loading overlaps whatever
    /// the caller does next).
    pub fn spawn<F>(load: F) -> Self
    where
        F: FnOnce() -> anyhow::Result<Box<dyn Transcriber>> + Send + 'static,
    {
        let (tx, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let (out, rx) = mpsc::channel::<Msg>();
        let shared = Arc::new(Shared::default());
        let sh = Arc::clone(&shared);
        let queue = Arc::clone(&jobs);
        let handle = std::thread::Builder::new()
            .name("transcribe".into())
            .spawn(move || worker(load, &queue, out, sh))
            .ok();
        StreamTranscriber {
            tx: Some(tx),
            jobs,
            rx,
            sibling: None,
            helped: false,
            handle,
            loaded: None,
            next_id: 1,
            pending: HashMap::new(),
            speculation: None,
            done: Vec::new(),
            error: None,
            audio_done_s: 0.0,
            last_took_s: 0.0,
            shared,
        }
    }

    /// Recording has stopped: the stretches that start from now on get every
    /// free core ([`Transcriber::hurry`]), and if a stretch is still being
    /// transcribed, a second worker starts on another core for the rest
    /// (where the machine has one and the transcriber can make a sibling).
    /// Call it before submitting the last stretch;
    /// [`StreamTranscriber::finish`] calls it too.
    pub fn recording_stopped(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.poll();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if !self.pending.is_empty() && cores > 1 {
            if let Some((make, out)) = self.sibling.take() {
                let queue = Arc::clone(&self.jobs);
                let shared = Arc::clone(&self.shared);
                let started = std::thread::Builder::new()
                    .name("transcribe-2".into())
                    .spawn(move || helper(make, &queue, out, shared));
                self.helped = started.is_ok();
            }
        }
        // Not needed any more: without it the result channel closes when
        // the workers end.
        self.sibling = None;
    }

    /// Whether a second worker was started when recording stopped.
    pub fn helped(&self) -> bool {
        self.helped
    }

    /// Wait until the model is loaded (or failed to load).
    pub fn wait_loaded(&mut self) -> anyhow::Result<()> {
        while self.loaded.is_none() {
            match self.rx.recv() {
                Ok(m) => self.take(m),
                Err(_) => self.loaded = Some(Err("the transcription thread ended".into())),
            }
        }
        match &self.loaded {
            Some(Err(e)) => Err(anyhow::anyhow!("{e}")),
            _ => Ok(()),
        }
    }

    /// Queue samples `start..start + samples.len()` (16 kHz) for transcription.
    pub fn submit(&mut self, start: usize, samples: Vec<f32>) {
        self.send(start, samples);
    }

    /// Queue a job; its id, if it was queued.
    fn send(&mut self, start: usize, samples: Vec<f32>) -> Option<u64> {
        if samples.is_empty() {
            return None;
        }
        let (id, n) = (self.next_id, samples.len());
        self.next_id += 1;
        let tx = self.tx.as_ref()?;
        tx.send(Job { id, samples }).ok()?;
        self.pending.insert(id, start..start + n);
        Some(id)
    }

    /// Start on samples `start..` that may turn out to be a finished stretch
    /// (see the module doc), replacing any earlier speculation.
    pub fn speculate(&mut self, start: usize, samples: Vec<f32>) {
        self.drop_speculation();
        let n = samples.len();
        self.speculation = self.send(start, samples).map(|id| (id, start..start + n));
    }

    /// The stretch of the standing speculation, if any.
    pub fn speculation(&self) -> Option<Range<usize>> {
        self.speculation.as_ref().map(|(_, r)| r.clone())
    }

    /// `stretch` is finished: true if the standing speculation is exactly it
    /// (it is then kept as a submitted stretch, nothing more to submit);
    /// otherwise the speculation is dropped and false returned.
    pub fn confirm(&mut self, stretch: &Range<usize>) -> bool {
        match &self.speculation {
            Some((_, r)) if r == stretch => {
                self.speculation = None;
                true
            }
            _ => {
                self.drop_speculation();
                false
            }
        }
    }

    /// Drop the standing speculation, if any: its result is thrown away and
    /// its transcription aborted.
    pub fn drop_speculation(&mut self) {
        if let Some((id, _)) = self.speculation.take() {
            self.shared
                .cancelled
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id);
            self.pending.remove(&id);
            self.done.retain(|(j, _, _)| *j != id);
        }
    }

    /// Collect finished results without waiting.
    pub fn poll(&mut self) {
        while let Ok(m) = self.rx.try_recv() {
            self.take(m);
        }
    }

    fn take(&mut self, m: Msg) {
        match m {
            Msg::Loaded(r) => {
                self.loaded = Some(r.map(|sibling| {
                    self.sibling = sibling;
                }))
            }
            Msg::Done { id, took_s, result } => {
                // A dropped speculation's result is not wanted.
                let Some(r) = self.pending.remove(&id) else {
                    return;
                };
                self.last_took_s = took_s;
                self.audio_done_s += r.len() as f64 / RATE;
                match result {
                    Ok(t) => self
                        .done
                        .push((id, r.start, t.shifted(r.start as f64 / RATE))),
                    Err(e) => {
                        if self.error.is_none() {
                            self.error = Some(e);
                        }
                    }
                }
            }
        }
    }

    /// Stretches submitted (or speculated) but not finished.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// How long (wall clock, s) the latest finished stretch took to
    /// transcribe: what the next one will roughly cost on this machine under
    /// its present load (0 before the first).
    pub fn last_took_s(&self) -> f64 {
        self.last_took_s
    }

    /// Seconds of submitted audio not transcribed yet.
    pub fn pending_s(&self) -> f64 {
        self.pending.values().map(|r| r.len()).sum::<usize>() as f64 / RATE
    }

    /// Words recognised so far, in time order (for the live pace).
    pub fn words(&self) -> Vec<Word> {
        let mut w: Vec<Word> = self
            .done
            .iter()
            .flat_map(|(_, _, t)| t.words.iter().cloned())
            .collect();
        w.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        w
    }

    /// Wait for every submitted stretch and stitch the transcript in time
    /// order (a speculation still standing is dropped). `cancel` is polled
    /// while waiting; when it returns true, this gives up with an error.
    pub fn finish(mut self, cancel: &dyn Fn() -> bool) -> anyhow::Result<Transcript> {
        self.drop_speculation();
        self.recording_stopped();
        self.tx = None;
        while !self.pending.is_empty() {
            if cancel() {
                anyhow::bail!("interrupted while transcribing");
            }
            match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(m) => self.take(m),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    if self.error.is_none() {
                        self.error = Some(anyhow::anyhow!("the transcription thread stopped"));
                    }
                    break;
                }
            }
        }
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if let Some(Err(e)) = &self.loaded {
            anyhow::bail!("{e}");
        }
        let parts = std::mem::take(&mut self.done)
            .into_iter()
            .map(|(_, start, t)| (start, t))
            .collect();
        Ok(stitch(parts))
    }

    /// Seconds of audio transcribed so far.
    pub fn audio_done_s(&self) -> f64 {
        self.audio_done_s
    }
}

impl Drop for StreamTranscriber {
    fn drop(&mut self) {
        // Closing the channel ends the worker after its current stretch; the
        // thread is detached rather than joined so an interrupted run exits
        // promptly.
        self.tx = None;
    }
}

/// Join per-stretch transcripts (already on the recording's time axis) in
/// time order.
pub fn stitch(mut parts: Vec<(usize, Transcript)>) -> Transcript {
    parts.sort_by_key(|(start, _)| *start);
    let mut out = Transcript::default();
    for (_, t) in parts {
        out.extend(t);
    }
    out.words.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out.segments.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out
}

/// The next job that is still wanted, or `None` once the queue is closed
/// and empty.
fn next_job(jobs: &Mutex<Receiver<Job>>, shared: &Shared) -> Option<Job> {
    loop {
        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv().ok()?;
        if !shared.is_cancelled(job.id) {
            return Some(job);
        }
    }
}

/// Lets `tr` abort the job whose id is in `running` once it is cancelled.
fn abortable(tr: &mut dyn Transcriber, shared: &Arc<Shared>) -> Arc<AtomicU64> {
    let running = Arc::new(AtomicU64::new(0));
    let (r, sh) = (Arc::clone(&running), Arc::clone(shared));
    let check: AbortCheck = Arc::new(move || sh.is_cancelled(r.load(Ordering::SeqCst)));
    tr.abort_when(check);
    running
}

/// Transcribe jobs from the queue with `tr` until it closes (or nobody
/// listens any more), hurrying once recording has stopped.
fn run_jobs(
    tr: &mut dyn Transcriber,
    jobs: &Mutex<Receiver<Job>>,
    out: &Sender<Msg>,
    shared: &Arc<Shared>,
) {
    let running = abortable(tr, shared);
    let mut hurried = false;
    while let Some(job) = next_job(jobs, shared) {
        if !hurried && shared.stopped.load(Ordering::SeqCst) {
            hurried = true;
            tr.hurry();
        }
        running.store(job.id, Ordering::SeqCst);
        let t0 = Instant::now();
        let result = tr.transcribe(&job.samples);
        if std::env::var_os("REHEARSE_TRACE_STREAM").is_some() {
            eprintln!(
                "stream: job {} ({:.1} s) {} after {:.2} s",
                job.id,
                job.samples.len() as f64 / RATE,
                if shared.is_cancelled(job.id) { "cancelled" } else { "done" },
                t0.elapsed().as_secs_f64()
            );
        }
        if !done(out, job.id, t0, result) {
            break;
        }
    }
}

fn worker<F>(load: F, jobs: &Mutex<Receiver<Job>>, out: Sender<Msg>, shared: Arc<Shared>)
where
    F: FnOnce() -> anyhow::Result<Box<dyn Transcriber>>,
{
    match load() {
        Ok(mut t) => {
            let sibling = t.sibling().map(|make| (make, out.clone()));
            let _ = out.send(Msg::Loaded(Ok(sibling)));
            run_jobs(t.as_mut(), jobs, &out, &shared);
        }
        Err(e) => {
            let _ = out.send(Msg::Loaded(Err(format!("{e:#}"))));
            while let Some(job) = next_job(jobs, &shared) {
                let failed = Err(anyhow::anyhow!("the Whisper model did not load"));
                if !done(&out, job.id, Instant::now(), failed) {
                    break;
                }
            }
        }
    }
}

/// Report a finished job (started at `t0`); false when nobody listens any
/// more.
fn done(out: &Sender<Msg>, id: u64, t0: Instant, result: anyhow::Result<Transcript>) -> bool {
    out.send(Msg::Done {
        id,
        took_s: t0.elapsed().as_secs_f64(),
        result,
    })
    .is_ok()
}

/// The second worker, started when recording stops: makes its own
/// transcriber (hurried from the start) and takes jobs from the same queue
/// until it closes. If it cannot make one, it takes no jobs (the first
/// worker does them all).
fn helper(make: Sibling, jobs: &Mutex<Receiver<Job>>, out: Sender<Msg>, shared: Arc<Shared>) {
    let Ok(mut tr) = make() else {
        return;
    };
    tr.hurry();
    run_jobs(tr.as_mut(), jobs, &out, &shared);
}

#[cfg(test)]
mod tests;
