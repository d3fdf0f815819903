//! Speed of the transcription path on a real 60 s answer: model load time,
//! transcription wall time and real-time factor, analysis time and peak
//! memory, for each thread count.
//!
//! A benchmark, not a timed test: it prints figures and never fails on them.
//! With no model or clip it prints `skipped: …` and exits 0; under
//! `cargo test --all-targets` (no `--bench` argument) it only says so.
//!
//! Run: `cargo bench --bench transcribe` (release build). Settings:
//! - `REHEARSE_MODEL`: ggml model (default `../shared/models/ggml-tiny.en.bin`,
//!   beside the checkout)
//! - `REHEARSE_BENCH_CLIP`: 16 kHz WAV (default the 62 s dev clip
//!   `../shared/eval/dev/audio/d04-model-rollback-fillers.wav`)
//! - `REHEARSE_BENCH_RUNS`: transcriptions (and loads) per thread count, default 3
//! - `REHEARSE_BENCH_THREADS`: comma-separated thread counts, default `1,2`
//! - `REHEARSE_BENCH_QUESTION`: question file or bundled id for `analyse`, default
//!   the dev set's `../shared/eval/dev/questions/model-rollback.toml`
//!
//! Default paths are resolved from the checkout (`CARGO_MANIFEST_DIR`), so
//! `../shared` is the folder beside it.
//!
//! `benches/whisper_cli_compare.sh` runs the same clip through whisper.cpp's
//! own CLI and through `rehearse transcribe`; `benches/README.md` has figures.

use rehearse::analysis::{analyse, Settings};
use rehearse::pipeline::transcribe_samples;
use rehearse::transcribe::threads::Threads;
use rehearse::transcribe::whisper::{default_threads, WhisperOptions, WhisperTranscriber};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Default model, relative to the shared folder beside the checkout.
const DEFAULT_MODEL: &str = "models/ggml-tiny.en.bin";
/// Default clip, relative to the shared folder.
const DEFAULT_CLIP: &str = "eval/dev/audio/d04-model-rollback-fillers.wav";
/// The clip's question (the dev set's), relative to the shared folder; the
/// first bundled question when absent.
const DEFAULT_QUESTION: &str = "eval/dev/questions/model-rollback.toml";

/// `rel` inside the shared folder beside the checkout (`../shared`).
fn shared(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// A question file (`.toml`) or a bundled question id.
fn load_question(id_or_path: &str) -> anyhow::Result<rehearse::analysis::Question> {
    use rehearse::store::questions::{find, load_bank, load_file};
    let path = std::path::Path::new(id_or_path);
    if path.extension().is_some_and(|e| e == "toml") {
        if path.is_file() || id_or_path != shared(DEFAULT_QUESTION) {
            return Ok(load_file(path)?);
        }
        let bank = load_bank(None)?;
        return bank
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("the bundled question bank is empty"));
    }
    Ok(find(&load_bank(None)?, id_or_path)?)
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn median(mut d: Vec<Duration>) -> Duration {
    d.sort();
    d[d.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn list(d: &[Duration]) -> String {
    d.iter()
        .map(|d| format!("{:.2}", d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `/proc/self/status` field in kB (`VmHWM`, `VmRSS`).
fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// Reset the peak-RSS mark (Linux ≥ 4.0), so each thread count reports its own peak.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

/// UTC `YYYY-MM-DD HH:MM`.
fn utc_now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string()
}

fn main() {
    // `cargo test --all-targets` runs bench targets without `--bench`: stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("transcribe bench: skipped (not run by `cargo bench`)");
        return;
    }
    let model = PathBuf::from(env_or("REHEARSE_MODEL", &shared(DEFAULT_MODEL)));
    let clip = PathBuf::from(env_or("REHEARSE_BENCH_CLIP", &shared(DEFAULT_CLIP)));
    let runs: usize = env_or("REHEARSE_BENCH_RUNS", "3")
        .parse()
        .unwrap_or(3)
        .max(1);
    let threads: Vec<usize> = env_or("REHEARSE_BENCH_THREADS", "1,2")
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .filter(|&t| t > 0)
        .collect();
    let qid = env_or("REHEARSE_BENCH_QUESTION", &shared(DEFAULT_QUESTION));
    if !model.is_file() {
        println!(
            "skipped: no Whisper model at {} (set REHEARSE_MODEL)",
            model.display()
        );
        return;
    }
    if !clip.is_file() {
        println!(
            "skipped: no clip at {} (set REHEARSE_BENCH_CLIP)",
            clip.display()
        );
        return;
    }
    let question = match load_question(&qid) {
        Ok(q) => q,
        Err(e) => {
            println!("skipped: no question for `analyse` ({e:#}; set REHEARSE_BENCH_QUESTION)");
            return;
        }
    };

    println!("rehearse transcribe bench, {}", utc_now());
    println!(
        "model {} ({:.1} MB)",
        model.display(),
        std::fs::metadata(&model).map_or(0.0, |m| m.len() as f64 / 1e6)
    );
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{cpus} CPUs, load average at start {}; default_threads() = {}; {runs} run(s) per thread count",
        loadavg(),
        default_threads()
    );

    // WAV read and VAD, as `rehearse transcribe` does them before whisper.
    let mut reads = Vec::new();
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        samples = match rehearse::audio::wav::read_16k_mono(&clip) {
            Ok(s) => s,
            Err(e) => {
                println!("skipped: cannot read {} ({e})", clip.display());
                return;
            }
        };
        reads.push(t.elapsed());
    }
    let audio_s = samples.len() as f64 / f64::from(rehearse::audio::WHISPER_RATE);
    println!("clip {} ({audio_s:.2} s of audio)", clip.display());
    let vad_params = rehearse::audio::vad::VadParams::default();
    let mut vads = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(rehearse::audio::vad::detect(
            &samples,
            rehearse::audio::WHISPER_RATE,
            &vad_params,
        ));
        vads.push(t.elapsed());
    }
    println!(
        "wav read (read_16k_mono): median {:.1} ms; energy VAD: median {:.1} ms (20 runs each)",
        median(reads).as_secs_f64() * 1e3,
        median(vads).as_secs_f64() * 1e3
    );

    // What Whisper hears (`transcribe::heard`): the room check runs on every
    // stretch; noise suppression only in a noisy room, timed here on this
    // clip whatever its room, to give its cost.
    let mut checks = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(rehearse::transcribe::heard::room(&samples));
        checks.push(t.elapsed());
    }
    let mut cleans = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(rehearse::audio::denoise::denoise(&samples));
        cleans.push(t.elapsed());
    }
    let (check, clean) = (median(checks), median(cleans.clone()));
    println!(
        "room check (heard::room): median {:.1} ms (20 runs); noise suppression (audio::denoise, done in noisy rooms only; this clip's room: {:?}): median {} [{}]",
        check.as_secs_f64() * 1e3,
        rehearse::transcribe::heard::room(&samples),
        secs(clean),
        list(&cleans)
    );
    // Dereverberation (opt-in, REHEARSE_DEREVERB=1), timed on this clip.
    let mut wpes = Vec::new();
    let wpe = rehearse::audio::dereverb::WpeParams::default();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(rehearse::audio::dereverb::dereverb(&samples, &wpe));
        wpes.push(t.elapsed());
    }
    let dereverb = median(wpes.clone());
    println!(
        "dereverberation (audio::dereverb, only with REHEARSE_DEREVERB=1; {wpe:?}): median {} [{}]",
        secs(dereverb),
        list(&wpes)
    );

    let mut first: Option<(usize, String)> = None;
    let mut result = None;
    let mut peak_kb = status_kb("VmHWM");
    for &n in &threads {
        let peak_reset = reset_peak();
        let opts = WhisperOptions {
            threads: Threads::Fixed(n),
            ..WhisperOptions::default()
        };
        let mut loads = Vec::new();
        let mut tr = None;
        for _ in 0..runs {
            drop(tr.take());
            let t = Instant::now();
            match WhisperTranscriber::load(&model, opts.clone()) {
                Ok(x) => tr = Some(x),
                Err(e) => {
                    println!("skipped: {e:#}");
                    return;
                }
            }
            loads.push(t.elapsed());
        }
        let mut tr = tr.expect("runs >= 1, so one load happened");
        let mut walls = Vec::new();
        let mut out = None;
        for _ in 0..runs {
            let t = Instant::now();
            match transcribe_samples(&mut tr, &samples) {
                Ok(r) => out = Some(r),
                Err(e) => {
                    println!("threads={n}: transcription failed: {e:#}");
                    return;
                }
            }
            walls.push(t.elapsed());
        }
        let (transcript, activity) = out.expect("runs >= 1");
        let wall = median(walls.clone());
        let text = transcript.text();
        let same = match &first {
            None => {
                first = Some((n, text.clone()));
                String::new()
            }
            Some((n0, t0)) => format!(
                "; text {} threads={n0}",
                if *t0 == text {
                    "same as"
                } else {
                    "DIFFERS from"
                }
            ),
        };
        println!(
            "threads={n}: model load median {} [{}]; transcribe (VAD + whisper) median {} [{}], real-time factor {:.3}; {} words{same}; peak RSS {}{}",
            secs(median(loads.clone())),
            list(&loads),
            secs(wall),
            list(&walls),
            wall.as_secs_f64() / audio_s,
            transcript.words.len(),
            mb(status_kb("VmHWM")),
            if peak_reset { "" } else { " (since process start)" },
        );
        println!(
            "threads={n}: room check {:.2} %, noise suppression {:.1} % and dereverberation {:.1} % of that transcription time",
            100.0 * check.as_secs_f64() / wall.as_secs_f64(),
            100.0 * clean.as_secs_f64() / wall.as_secs_f64(),
            100.0 * dereverb.as_secs_f64() / wall.as_secs_f64()
        );
        peak_kb = peak_kb.max(status_kb("VmHWM"));
        drop(tr);
        result = Some((transcript, activity));
    }

    if let Some((transcript, activity)) = result {
        let settings = Settings::default();
        let mut times = Vec::new();
        let budget = Instant::now();
        while times.len() < 50 || (times.len() < 2_000 && budget.elapsed() < Duration::from_secs(3))
        {
            let t = Instant::now();
            std::hint::black_box(analyse(&transcript, &activity, &question, &settings));
            times.push(t.elapsed());
        }
        let n = times.len();
        println!(
            "analysis (analyse, question {}, {} words): median {:.3} ms over {n} runs; first run {:.3} ms (builds the word indexes once per process)",
            question.id,
            transcript.words.len(),
            median(times.clone()).as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3
        );
    }
    println!(
        "peak RSS of the whole bench (VmHWM): {}; load average at end {}",
        mb(peak_kb.max(status_kb("VmHWM"))),
        loadavg()
    );
}
