//! How long `rehearse history` takes with 1,000 saved attempts.
//!
//! Writes 1,000 realistic attempt folders (a 90-second answer each: ~220 timed
//! words, segments, pace windows, pauses, fillers, key points with evidence,
//! and a short WAV) into a temp folder, then times `AttemptStore::list`
//! in-process and `rehearse history --json` / `rehearse history` through the
//! binary. Prints the figures; fails if the median run takes a second or
//! more.
//!
//! Run: `cargo bench --bench history` (cargo passes `--bench`). Without
//! `--bench`, as under `cargo test --all-targets`, it is a smoke run: the
//! same steps and checks on 20 attempts, one run each (well under a second).

use rehearse::analysis::{
    Filler, KeyPointResult, LengthVerdict, PaceVerdict, PaceWindow, Pause, Question, Report,
    StarParts, TranscriptOut, TranscriptSegment, Word, REPORT_VERSION,
};
use rehearse::store::attempts::{AttemptStore, Source};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// Attempts written and timed runs: the benchmark, or the smoke run.
const FULL: (usize, usize) = (1_000, 5);
const SMOKE: (usize, usize) = (20, 1);

const TEXT: &str = "I owned the demand forecast at an online grocery company, the model that set nightly orders for our forty warehouses. About two weeks after I launched a new version, a long holiday weekend hit and the model predicted far too little produce. Shelves went empty, and we lost roughly two hundred fifty thousand dollars in sales. My first move was to put the old model back, which took under two hours. Then I traced the cause: someone upstream had renamed a column, and the holiday indicator quietly vanished from the training data.";

fn question(i: usize) -> Question {
    Question {
        id: [
            "model-rollback",
            "metric-disagreement",
            "explain-to-executives",
        ][i % 3]
            .into(),
        category: "behavioural".into(),
        question: "Tell me about a time a model you shipped failed in production.".into(),
        target_seconds: 120,
        reference: TEXT.repeat(2),
        key_points: (0..6)
            .map(|k| format!("key point number {k} about the rollback"))
            .collect(),
        key_points_derived: false,
        audio: None,
    }
}

fn report(q: &Question, i: usize) -> Report {
    let tokens: Vec<&str> = TEXT.split_whitespace().collect();
    let n = 220;
    let step = 90.0 / n as f64;
    let words: Vec<Word> = (0..n)
        .map(|k| Word {
            text: tokens[k % tokens.len()].to_string(),
            start_s: 0.5 + k as f64 * step,
            end_s: 0.5 + k as f64 * step + step * 0.8,
            prob: 0.93,
        })
        .collect();
    let segments = words
        .chunks(12)
        .map(|c| TranscriptSegment {
            start_s: c[0].start_s,
            end_s: c[c.len() - 1].end_s,
            text: c
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let covered = i % 7;
    Report {
        version: REPORT_VERSION,
        question_id: q.id.clone(),
        audio_s: 91.5,
        speech_s: 90.0,
        speaking_s: 86.0,
        no_speech: false,
        words: n,
        wpm: 130.0 + (i % 40) as f64,
        articulation_wpm: 150.0,
        pace_verdict: PaceVerdict::Comfortable,
        pace_windows: (0..6)
            .map(|k| PaceWindow {
                start_s: k as f64 * 15.0,
                end_s: k as f64 * 15.0 + 15.0,
                words: 36,
                wpm: 144.0,
            })
            .collect(),
        pauses: vec![
            Pause {
                start_s: 20.0,
                duration_s: 1.3,
                dead_air: false,
            },
            Pause {
                start_s: 50.0,
                duration_s: 2.7,
                dead_air: true,
            },
        ],
        dead_air_count: 1,
        fillers: (0..4)
            .map(|k| Filler {
                word: "um".into(),
                start_s: 10.0 + k as f64 * 20.0,
                heard: false,
            })
            .collect(),
        filler_count: 4,
        fillers_per_min: 2.7,
        key_points: q
            .key_points
            .iter()
            .enumerate()
            .map(|(k, t)| KeyPointResult {
                text: t.clone(),
                covered: k < covered,
                score: 0.7,
                evidence: Some(TEXT[..120].to_string()),
                evidence_start_s: Some(k as f64 * 12.0),
                negated: false,
                denial: None,
            })
            .collect(),
        coverage: covered.min(6) as f64 / 6.0,
        star: StarParts {
            situation: true,
            task: true,
            action: true,
            result: i.is_multiple_of(2),
        },
        target_s: 120,
        length_verdict: LengthVerdict::OnTarget,
        transcript: TranscriptOut {
            cleaned: false,
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            segments,
            words,
        },
        voice: None,
        delivery: None,
        tips: vec![],
    }
}

/// CPU time (user + system) used by finished child processes so far.
fn children_cpu_s() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) } != 0 {
        return 0.0;
    }
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn stats(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    (ms(d[d.len() / 2]), ms(d[d.len() - 1]))
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (attempts_n, runs) = if bench { FULL } else { SMOKE };
    if !bench {
        println!("history bench: smoke run ({attempts_n} attempts; `cargo bench --bench history` for the figures)");
    }
    let home = tempfile::tempdir().expect("temp dir");
    let root = home.path().join("attempts");
    let t0 = Instant::now();
    // A short recording keeps the temp folder small; `list` never reads it.
    let wav = rehearse::audio::wav::encode_wav(&[0.0f32; 1_600], 16_000);
    let store = AttemptStore::new(&root);
    for i in 0..attempts_n {
        let q = question(i);
        let when = UNIX_EPOCH + Duration::from_secs(1_795_860_930 + i as u64 * 3_600);
        store
            .save(&report(&q, i), &q, &wav, Source::Practice, when)
            .expect("save attempt");
    }
    let json_bytes: u64 = std::fs::read_dir(&root)
        .expect("read attempts")
        .flatten()
        .filter_map(|e| std::fs::metadata(e.path().join("attempt.json")).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "wrote {attempts_n} attempts in {:.2} s ({:.1} MB of attempt.json, {:.0} KB each)",
        t0.elapsed().as_secs_f64(),
        json_bytes as f64 / 1e6,
        json_bytes as f64 / attempts_n as f64 / 1e3
    );

    let mut list_times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (attempts, warnings) = store.list().expect("list");
        list_times.push(t.elapsed());
        assert_eq!(attempts.len(), attempts_n);
        assert!(warnings.is_empty());
    }
    let (list_med, list_max) = stats(list_times);
    println!("store::attempts::list, {attempts_n} attempts: median {list_med:.0} ms, worst {list_max:.0} ms ({runs} runs)");

    let bin = env!("CARGO_BIN_EXE_rehearse");
    let mut figures = vec![("list()", list_med)];
    for args in [&["history", "--json"][..], &["history"][..]] {
        let mut times = Vec::new();
        let cpu0 = children_cpu_s();
        for _ in 0..runs {
            let t = Instant::now();
            let out = std::process::Command::new(bin)
                .args(args)
                .env("REHEARSE_HOME", home.path())
                .env("NO_COLOR", "1")
                .output()
                .expect("run rehearse");
            times.push(t.elapsed());
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.stdout.len() > attempts_n * 100, "prints every attempt");
        }
        let cpu_ms = (children_cpu_s() - cpu0) / runs as f64 * 1000.0;
        let (med, max) = stats(times);
        let name = format!("rehearse {}", args.join(" "));
        println!("{name}: {cpu_ms:.0} ms of CPU per run (user + system; steadier than wall time on a busy machine)");
        println!("{name}, {attempts_n} attempts: median {med:.0} ms, worst {max:.0} ms (whole process, {runs} runs)");
        figures.push((
            if args.len() == 2 {
                "history --json"
            } else {
                "history"
            },
            med,
        ));
    }
    for (name, median) in figures {
        assert!(
            median < 1000.0,
            "{name} took {median:.0} ms with {attempts_n} attempts; budget is well under a second"
        );
    }
}
