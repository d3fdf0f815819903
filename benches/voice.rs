//! Cost of the voice measures (pitch track and variation, volume, heard
//! fillers) on a 2-minute answer, to set against transcription (tiny.en
//! takes seconds for the same clip; see `benches/transcribe.rs`).
//!
//! A benchmark, not a timed test: it prints figures and never fails on them.
//! Under `cargo test --all-targets` (no `--bench` argument) it only says so.
//!
//! Run: `cargo bench --bench voice`. The clip is the dev set's real-length
//! answers joined to 120 s (`../shared/eval/dev/audio/d04…` + `d05…`,
//! resolved from the checkout); `REHEARSE_BENCH_RUNS` sets the runs
//! (default 5).

use rehearse::analysis::{voice, Transcript};
use rehearse::audio::WHISPER_RATE;
use rehearse::pipeline;
use std::path::Path;
use std::time::Instant;

const CLIPS: &[&str] = &[
    "eval/dev/audio/d04-model-rollback-fillers.wav",
    "eval/dev/audio/d05-metric-disagreement-full.wav",
];
const SECONDS: usize = 120;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("voice bench: run with `cargo bench --bench voice`");
        return;
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut samples = Vec::new();
    for c in CLIPS {
        match pipeline::read_audio(&shared.join(c)) {
            Ok(a) => samples.extend(a.samples),
            Err(e) => {
                println!("skipped: {c}: {e:#}");
                return;
            }
        }
    }
    samples.truncate(SECONDS * WHISPER_RATE as usize);
    let secs = samples.len() as f64 / f64::from(WHISPER_RATE);
    let activity = pipeline::voice_activity(&samples);
    let runs: usize = std::env::var("REHEARSE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (v, heard) = voice::analyse(&samples, WHISPER_RATE, &Transcript::default(), &activity);
        times.push(t.elapsed().as_secs_f64());
        std::hint::black_box((v, heard));
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "voice measures on a {secs:.0} s clip: median {:.0} ms over {runs} runs (min {:.0} ms), {:.0}× faster than real time",
        median * 1000.0,
        times[0] * 1000.0,
        secs / median
    );
}
