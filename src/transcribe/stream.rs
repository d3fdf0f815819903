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
//! threads it got while recording), a second worker with its own decoding
//! state ([`Transcriber::sibling`]) takes what is left on another core instead
//! of queueing behind it (issue 13).

use super::{Sibling, Transcriber};
use crate::analysis::{Transcript, Word};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The sample rate of submitted audio.
const RATE: f64 = crate::audio::WHISPER_RATE as f64;

struct Job {
    start: usize,
    samples: Vec<f32>,
}

enum Msg {
    /// The model loaded (with a maker of a second worker's transcriber, and
    /// where that worker sends its results) or did not.
    Loaded(Result<Option<(Sibling, Sender<Msg>)>, String>),
    Done {
        start: usize,
        len: usize,
        /// Wall-clock time the job took (s).
        took_s: f64,
        result: anyhow::Result<Transcript>,
    },
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
    pending: usize,
    /// Samples submitted and not finished yet.
    pending_samples: usize,
    done: Vec<(usize, Transcript)>,
    error: Option<anyhow::Error>,
    /// Seconds of audio transcribed so far (for statistics).
    audio_done_s: f64,
    /// Wall-clock time the latest finished stretch took (s).
    last_took_s: f64,
    /// Set when recording stops; the worker then hurries
    /// ([`Transcriber::hurry`]) from its next stretch on.
    stopped: Arc<AtomicBool>,
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
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        let queue = Arc::clone(&jobs);
        let handle = std::thread::Builder::new()
            .name("transcribe".into())
            .spawn(move || worker(load, &queue, out, &flag))
            .ok();
        StreamTranscriber {
            tx: Some(tx),
            jobs,
            rx,
            sibling: None,
            helped: false,
            handle,
            loaded: None,
            pending: 0,
            pending_samples: 0,
            done: Vec::new(),
            error: None,
            audio_done_s: 0.0,
            last_took_s: 0.0,
            stopped,
        }
    }

    /// Recording has stopped: the stretches that start from now on get every
    /// free core ([`Transcriber::hurry`]), and if a stretch is still being
    /// transcribed, a second worker starts on another core for the rest
    /// (where the machine has one and the transcriber can make a sibling).
    /// Call it before submitting the last stretch;
    /// [`StreamTranscriber::finish`] calls it too.
    pub fn recording_stopped(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.poll();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if self.pending > 0 && cores > 1 {
            if let Some((make, out)) = self.sibling.take() {
                let queue = Arc::clone(&self.jobs);
                let started = std::thread::Builder::new()
                    .name("transcribe-2".into())
                    .spawn(move || helper(make, &queue, out));
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
        if samples.is_empty() {
            return;
        }
        let n = samples.len();
        if let Some(tx) = &self.tx {
            if tx.send(Job { start, samples }).is_ok() {
                self.pending += 1;
                self.pending_samples += n;
            }
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
            Msg::Done {
                start,
                len,
                took_s,
                result,
            } => {
                if std::env::var_os("REHEARSE_TRACE_THREADS").is_some() {
                    // For benches/practice_latency.sh (KEEP=DIR keeps it).
                    eprintln!(
                        "stream: {:.1}-{:.1} s took {took_s:.2} s{}",
                        start as f64 / RATE,
                        (start + len) as f64 / RATE,
                        if self.stopped.load(Ordering::SeqCst) {
                            " (collected after the stop)"
                        } else {
                            ""
                        }
                    );
                }
                self.last_took_s = took_s;
                self.pending = self.pending.saturating_sub(1);
                self.pending_samples = self.pending_samples.saturating_sub(len);
                self.audio_done_s += len as f64 / RATE;
                match result {
                    Ok(t) => self.done.push((start, t.shifted(start as f64 / RATE))),
                    Err(e) => {
                        if self.error.is_none() {
                            self.error = Some(e);
                        }
                    }
                }
            }
        }
    }

    /// Stretches submitted but not finished.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// How long (wall clock, s) the latest finished stretch took to
    /// transcribe: what the next one will roughly cost on this machine under
    /// its present load (0 before the first).
    pub fn last_took_s(&self) -> f64 {
        self.last_took_s
    }

    /// Seconds of submitted audio not transcribed yet.
    pub fn pending_s(&self) -> f64 {
        self.pending_samples as f64 / RATE
    }

    /// Words recognised so far, in time order (for the live pace).
    pub fn words(&self) -> Vec<Word> {
        let mut w: Vec<Word> = self
            .done
            .iter()
            .flat_map(|(_, t)| t.words.iter().cloned())
            .collect();
        w.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        w
    }

    /// Wait for every submitted stretch and stitch the transcript in time
    /// order. `cancel` is polled while waiting; when it returns true, this
    /// gives up with an error.
    pub fn finish(mut self, cancel: &dyn Fn() -> bool) -> anyhow::Result<Transcript> {
        self.recording_stopped();
        self.tx = None;
        while self.pending > 0 {
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
        Ok(stitch(std::mem::take(&mut self.done)))
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

/// The next job, or `None` once the queue is closed and empty.
fn next_job(jobs: &Mutex<Receiver<Job>>) -> Option<Job> {
    jobs.lock().unwrap_or_else(|e| e.into_inner()).recv().ok()
}

fn worker<F>(load: F, jobs: &Mutex<Receiver<Job>>, out: Sender<Msg>, stopped: &AtomicBool)
where
    F: FnOnce() -> anyhow::Result<Box<dyn Transcriber>>,
{
    let mut tr = match load() {
        Ok(t) => {
            let sibling = t.sibling().map(|make| (make, out.clone()));
            let _ = out.send(Msg::Loaded(Ok(sibling)));
            Some(t)
        }
        Err(e) => {
            let _ = out.send(Msg::Loaded(Err(format!("{e:#}"))));
            None
        }
    };
    let mut hurried = false;
    while let Some(job) = next_job(jobs) {
        if !hurried && stopped.load(Ordering::SeqCst) {
            hurried = true;
            if let Some(t) = tr.as_mut() {
                t.hurry();
            }
        }
        let t0 = Instant::now();
        let result = match tr.as_mut() {
            Some(t) => t.transcribe(&job.samples),
            None => Err(anyhow::anyhow!("the Whisper model did not load")),
        };
        if !done(&out, job, t0, result) {
            break;
        }
    }
}

/// Report a finished job (started at `t0`); false when nobody listens any
/// more.
fn done(out: &Sender<Msg>, job: Job, t0: Instant, result: anyhow::Result<Transcript>) -> bool {
    out.send(Msg::Done {
        start: job.start,
        len: job.samples.len(),
        took_s: t0.elapsed().as_secs_f64(),
        result,
    })
    .is_ok()
}

/// The second worker, started when recording stops: makes its own
/// transcriber (hurried from the start) and takes jobs from the same queue
/// until it closes. If it cannot make one, it takes no jobs (the first
/// worker does them all).
fn helper(make: Sibling, jobs: &Mutex<Receiver<Job>>, out: Sender<Msg>) {
    let Ok(mut tr) = make() else {
        return;
    };
    tr.hurry();
    while let Some(job) = next_job(jobs) {
        let t0 = Instant::now();
        let result = tr.transcribe(&job.samples);
        if !done(&out, job, t0, result) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Segment;

    /// Says "w<start>" for every submitted stretch, timed 0.1..0.5 s into it.
    struct Fake;
    impl Transcriber for Fake {
        fn transcribe(&mut self, samples: &[f32]) -> anyhow::Result<Transcript> {
            if samples.iter().any(|s| s.is_nan()) {
                anyhow::bail!("bad audio");
            }
            let text = format!("w{}", samples.len());
            Ok(Transcript {
                aligned: false,
                cleaned: false,
                segments: vec![Segment {
                    start_s: 0.1,
                    end_s: 0.5,
                    text: text.clone(),
                }],
                words: vec![Word {
                    text,
                    start_s: 0.1,
                    end_s: 0.5,
                    prob: 1.0,
                }],
            })
        }
    }

    #[test]
    fn stitches_in_time_order_with_offsets() {
        let mut s = StreamTranscriber::spawn(|| Ok(Box::new(Fake) as Box<dyn Transcriber>));
        s.wait_loaded().unwrap();
        // Submitted out of order (a repaired gap comes last).
        s.submit(32_000, vec![0.0; 100]);
        s.submit(0, vec![0.0; 200]);
        s.submit(160_000, vec![0.0; 300]);
        let t = s.finish(&|| false).unwrap();
        let words: Vec<(&str, f64)> = t
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_s))
            .collect();
        assert_eq!(words, vec![("w200", 0.1), ("w100", 2.1), ("w300", 10.1)]);
        assert_eq!(t.segments[2].end_s, 10.5);
    }

    #[test]
    fn errors_surface_at_finish() {
        let mut s = StreamTranscriber::spawn(|| Ok(Box::new(Fake) as Box<dyn Transcriber>));
        s.submit(0, vec![f32::NAN; 10]);
        assert!(s
            .finish(&|| false)
            .unwrap_err()
            .to_string()
            .contains("bad audio"));
        let mut s =
            StreamTranscriber::spawn(|| anyhow::bail!("no model here; run `rehearse model fetch`"));
        assert!(s
            .wait_loaded()
            .unwrap_err()
            .to_string()
            .contains("model fetch"));
        s.submit(0, vec![0.0; 10]);
        assert!(s.finish(&|| false).is_err());
    }

    /// Says "calm" or "hurried" for every stretch.
    struct Hurry(bool);
    impl Transcriber for Hurry {
        fn transcribe(&mut self, _: &[f32]) -> anyhow::Result<Transcript> {
            let text = if self.0 { "hurried" } else { "calm" };
            Ok(Transcript {
                aligned: false,
                cleaned: false,
                segments: Vec::new(),
                words: vec![Word {
                    text: text.into(),
                    start_s: 0.0,
                    end_s: 0.1,
                    prob: 1.0,
                }],
            })
        }
        fn hurry(&mut self) {
            self.0 = true;
        }
    }

    #[test]
    fn hurries_once_recording_stops() {
        let mut s = StreamTranscriber::spawn(|| Ok(Box::new(Hurry(false)) as Box<dyn Transcriber>));
        s.submit(0, vec![0.0; 100]);
        while s.pending() > 0 {
            std::thread::sleep(Duration::from_millis(1));
            s.poll();
        }
        s.recording_stopped();
        s.submit(16_000, vec![0.0; 100]);
        let t = s.finish(&|| false).unwrap();
        let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, vec!["calm", "hurried"]);
    }

    /// Says its name (with "!" once hurried); the first one waits at `open`
    /// and says when it has started (`entered`); its sibling never waits.
    struct Gate {
        name: &'static str,
        open: Arc<AtomicBool>,
        entered: Arc<AtomicBool>,
        hurried: bool,
    }
    impl Transcriber for Gate {
        fn transcribe(&mut self, _: &[f32]) -> anyhow::Result<Transcript> {
            self.entered.store(true, Ordering::SeqCst);
            while !self.open.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
            let text = format!("{}{}", self.name, if self.hurried { "!" } else { "" });
            Ok(Transcript {
                aligned: false,
                cleaned: false,
                segments: Vec::new(),
                words: vec![Word {
                    text,
                    start_s: 0.0,
                    end_s: 0.1,
                    prob: 1.0,
                }],
            })
        }
        fn hurry(&mut self) {
            self.hurried = true;
        }
        fn sibling(&self) -> Option<Sibling> {
            Some(Box::new(|| {
                Ok(Box::new(Gate {
                    name: "second",
                    open: Arc::new(AtomicBool::new(true)),
                    entered: Arc::new(AtomicBool::new(false)),
                    hurried: false,
                }) as Box<dyn Transcriber>)
            }))
        }
    }

    fn gated() -> (StreamTranscriber, Arc<AtomicBool>, Arc<AtomicBool>) {
        let open = Arc::new(AtomicBool::new(false));
        let entered = Arc::new(AtomicBool::new(false));
        let (o, e) = (Arc::clone(&open), Arc::clone(&entered));
        let mut s = StreamTranscriber::spawn(move || {
            Ok(Box::new(Gate {
                name: "first",
                open: o,
                entered: e,
                hurried: false,
            }) as Box<dyn Transcriber>)
        });
        s.wait_loaded().unwrap();
        (s, open, entered)
    }

    #[test]
    fn a_second_worker_takes_the_rest_while_a_stretch_is_in_flight() {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return; // one core: nothing to gain, no second worker
        }
        let (mut s, open, entered) = gated();
        s.submit(0, vec![0.0; 100]);
        while !entered.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(1));
        }
        // The first stretch is in flight (held at the gate) when recording stops.
        s.recording_stopped();
        assert!(s.helped());
        s.submit(16_000, vec![0.0; 100]);
        // The rest is done by the second worker while the first is still held.
        let t0 = std::time::Instant::now();
        while s.pending() > 1 {
            assert!(t0.elapsed() < Duration::from_secs(20), "the rest waited");
            std::thread::sleep(Duration::from_millis(1));
            s.poll();
        }
        open.store(true, Ordering::SeqCst);
        let t = s.finish(&|| false).unwrap();
        let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, vec!["first", "second!"]);
    }

    #[test]
    fn no_second_worker_when_nothing_is_in_flight() {
        let (mut s, open, _) = gated();
        open.store(true, Ordering::SeqCst);
        s.submit(0, vec![0.0; 100]);
        while s.pending() > 0 {
            std::thread::sleep(Duration::from_millis(1));
            s.poll();
        }
        s.recording_stopped();
        assert!(!s.helped());
        // The first worker, hurried, takes the rest.
        s.submit(16_000, vec![0.0; 100]);
        let t = s.finish(&|| false).unwrap();
        let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, vec!["first", "first!"]);
    }

    #[test]
    fn empty_is_empty() {
        let s = StreamTranscriber::spawn(|| Ok(Box::new(Fake) as Box<dyn Transcriber>));
        assert!(s.finish(&|| false).unwrap().is_empty());
    }
}
