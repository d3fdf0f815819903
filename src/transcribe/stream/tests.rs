//! Tests of the streaming transcriber with fake transcribers (no model).

use super::*;
use std::sync::atomic::AtomicU64;
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

/// Says "w<len>"; counts the jobs it starts (`started`), then waits at
/// `open` until it opens or the job is aborted (then fails and counts it in
/// `aborted`).
struct Abortable {
    open: Arc<AtomicBool>,
    started: Arc<AtomicU64>,
    aborted: Arc<AtomicU64>,
    check: Option<AbortCheck>,
}
impl Transcriber for Abortable {
    fn transcribe(&mut self, samples: &[f32]) -> anyhow::Result<Transcript> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let t0 = std::time::Instant::now();
        while !self.open.load(Ordering::SeqCst) {
            if self.check.as_ref().is_some_and(|c| c()) {
                self.aborted.fetch_add(1, Ordering::SeqCst);
                anyhow::bail!("aborted");
            }
            assert!(t0.elapsed() < Duration::from_secs(20), "never opened");
            std::thread::sleep(Duration::from_millis(1));
        }
        Fake.transcribe(samples)
    }
    fn abort_when(&mut self, abort: AbortCheck) {
        self.check = Some(abort);
    }
}

/// A stream of one [`Abortable`]: (stream, open, started, aborted).
type Held = (
    StreamTranscriber,
    Arc<AtomicBool>,
    Arc<AtomicU64>,
    Arc<AtomicU64>,
);

fn abortable_stream() -> Held {
    let open = Arc::new(AtomicBool::new(false));
    let started = Arc::new(AtomicU64::new(0));
    let aborted = Arc::new(AtomicU64::new(0));
    let (o, st, a) = (
        Arc::clone(&open),
        Arc::clone(&started),
        Arc::clone(&aborted),
    );
    let mut s = StreamTranscriber::spawn(move || {
        Ok(Box::new(Abortable {
            open: o,
            started: st,
            aborted: a,
            check: None,
        }) as Box<dyn Transcriber>)
    });
    s.wait_loaded().unwrap();
    (s, open, started, aborted)
}

/// Wait (at most 20 s) until `n` reaches `want`.
fn wait_for(n: &AtomicU64, want: u64) {
    let t0 = std::time::Instant::now();
    while n.load(Ordering::SeqCst) < want {
        assert!(t0.elapsed() < Duration::from_secs(20), "still {n:?}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn texts(t: &Transcript) -> Vec<(&str, f64)> {
    t.words
        .iter()
        .map(|w| (w.text.as_str(), w.start_s))
        .collect()
}

#[test]
fn a_confirmed_speculation_is_the_stretch() {
    let (mut s, open, started, aborted) = abortable_stream();
    s.speculate(16_000, vec![0.0; 300]);
    wait_for(&started, 1);
    assert_eq!(s.speculation(), Some(16_000..16_300));
    assert_eq!(s.pending(), 1);
    // The pause grew into a cut of the same stretch: nothing to submit.
    assert!(s.confirm(&(16_000..16_300)));
    assert_eq!(s.speculation(), None);
    assert_eq!(s.pending(), 1);
    open.store(true, Ordering::SeqCst);
    let t = s.finish(&|| false).unwrap();
    assert_eq!(texts(&t), vec![("w300", 1.1)]);
    assert_eq!(aborted.load(Ordering::SeqCst), 0);
}

#[test]
fn a_finished_speculation_waits_for_its_confirmation() {
    let (mut s, open, _, _) = abortable_stream();
    open.store(true, Ordering::SeqCst);
    s.speculate(0, vec![0.0; 200]);
    while s.words().is_empty() {
        std::thread::sleep(Duration::from_millis(1));
        s.poll();
    }
    assert_eq!(s.pending(), 0);
    // The speaker went on: the words heard so far are forgotten, and the
    // longer stretch is transcribed instead.
    assert!(!s.confirm(&(0..500)));
    assert!(s.words().is_empty());
    s.submit(0, vec![0.0; 500]);
    let t = s.finish(&|| false).unwrap();
    assert_eq!(texts(&t), vec![("w500", 0.1)]);
}

#[test]
fn a_dropped_speculation_is_aborted_and_forgotten() {
    let (mut s, open, started, aborted) = abortable_stream();
    s.speculate(0, vec![0.0; 200]);
    wait_for(&started, 1);
    // A newer speculation replaces it: the old one stops where it is.
    s.speculate(0, vec![0.0; 400]);
    wait_for(&aborted, 1);
    wait_for(&started, 2);
    // The speaker went on past the second one too, and the stretch was cut
    // longer: the second one stops as well, and only the cut counts.
    s.drop_speculation();
    assert_eq!(s.pending(), 0);
    wait_for(&aborted, 2);
    s.submit(0, vec![0.0; 900]);
    open.store(true, Ordering::SeqCst);
    let t = s.finish(&|| false).unwrap();
    assert_eq!(texts(&t), vec![("w900", 0.1)]);
    assert_eq!(started.load(Ordering::SeqCst), 3);
}

#[test]
fn a_speculation_dropped_before_it_starts_never_runs() {
    let (mut s, open, started, _) = abortable_stream();
    s.submit(0, vec![0.0; 100]);
    wait_for(&started, 1);
    // Queued behind the held stretch, then dropped.
    s.speculate(16_000, vec![0.0; 200]);
    assert!(!s.confirm(&(16_000..16_201)));
    open.store(true, Ordering::SeqCst);
    let t = s.finish(&|| false).unwrap();
    assert_eq!(texts(&t), vec![("w100", 0.1)]);
    assert_eq!(started.load(Ordering::SeqCst), 1);
}
