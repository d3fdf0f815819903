//! Bounded fuzzing of the two parsers that read files a user hands to
//! rehearse — WAV and question TOML — with `proptest` (issue 12).
//!
//! Inputs are structured (a valid header with each field drawn from
//! boundary values, then random byte edits and cuts) as well as arbitrary
//! bytes. The properties: no panic; a success is sane (samples finite,
//! sizes no larger than the bytes that are there, a rate and a channel
//! count); an error is one line, free of control characters (no newline or
//! escape code echoed from the file), that names the file.
//!
//! Each property runs in a child process (this test binary, re-run on one
//! `#[ignore]`d test) under a 2 GiB address-space limit, so an abort (a
//! failed 16 GiB allocation) or a hang fails that property instead of
//! killing the whole test run. The case counts keep the whole module well
//! under 30 s on two cores; the time each took is printed.

use crate::support::run_limited;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Cases per property.
const WAV_CASES: u32 = 2_000;
const QUESTION_CASES: u32 = 2_000;

/// `cases`, or `$PROPTEST_CASES` when set (to fuzz longer by hand:
/// `PROPTEST_CASES=200000 cargo test --release --test cli fuzz::`).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // Report, do not write regression files into the checkout.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 500,
        ..Config::default()
    }
}

/// Where the child writes each case before trying it, so that the case that
/// killed it can be shown (`FUZZ_CASE_DIR`).
const CASE_DIR: &str = "REHEARSE_FUZZ_CASE_DIR";

/// The folder for the current case's file.
fn case_dir() -> PathBuf {
    std::env::var_os(CASE_DIR)
        .map(PathBuf::from)
        .expect("run by its parent test, which sets REHEARSE_FUZZ_CASE_DIR")
}

/// Run `fuzz::<inner>` in a child process with a memory and a time limit;
/// fail with its output unless it passed. When the child dies on a case,
/// that case is kept in the test temp folder and its start shown.
fn in_child(inner: &str, timeout: Duration) {
    let t0 = Instant::now();
    let cases = tempfile::tempdir().unwrap();
    let mut c = Command::new(std::env::current_exe().expect("test binary"));
    c.env(CASE_DIR, cases.path()).args([
        "--ignored",
        "--exact",
        &format!("fuzz::{inner}"),
        "--nocapture",
        "--test-threads=1",
    ]);
    let ran = run_limited(c, 2 << 30, timeout, &format!("fuzz::{inner}"));
    let (status, stdout, stderr) = (ran.status, ran.stdout, ran.stderr);
    if !(status.success() && stdout.contains("1 passed")) {
        let mut last = String::new();
        for f in std::fs::read_dir(cases.path()).unwrap().flatten() {
            let bytes = std::fs::read(f.path()).unwrap_or_default();
            let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "fuzz-finding-{inner}-{}",
                f.file_name().to_string_lossy()
            ));
            let _ = std::fs::write(&keep, &bytes);
            let head: Vec<String> = bytes.iter().take(48).map(|b| format!("{b:02x}")).collect();
            last.push_str(&format!(
                "\nlast case tried ({} bytes, kept at {}): {}",
                bytes.len(),
                keep.display(),
                head.join(" ")
            ));
        }
        panic!("fuzz::{inner} failed ({status}):\n{stdout}\n{stderr}{last}");
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "fuzz::{inner}: no finding in {:.1} s\n",
            t0.elapsed().as_secs_f64()
        )
        .as_bytes(),
    );
}

/// Time limit for one property: 120 s, or an hour when `PROPTEST_CASES`
/// asks for a longer run.
fn budget() -> Duration {
    let long = std::env::var_os("PROPTEST_CASES").is_some();
    Duration::from_secs(if long { 3_600 } else { 120 })
}

#[test]
fn wav_parsing_never_panics_and_errors_are_one_line() {
    in_child("wav_cases", budget());
}

#[test]
fn question_parsing_never_panics_and_errors_are_one_line() {
    in_child("question_cases", budget());
}

// ------------------------------------------------------------------ WAV

/// A WAV header and data built from fields, then edited.
#[derive(Debug, Clone)]
struct WavCase {
    format: u16,
    channels: u16,
    rate: u32,
    bits: u16,
    /// `None`: the true data length.
    declared: Option<u32>,
    data: Vec<u8>,
    /// (offset, byte) overwrites anywhere in the file.
    edits: Vec<(usize, u8)>,
    /// Keep only this many bytes (None: all).
    cut: Option<usize>,
}

impl WavCase {
    fn bytes(&self) -> Vec<u8> {
        let block = self.channels.wrapping_mul(self.bits.div_ceil(8));
        let mut b = Vec::new();
        b.extend_from_slice(b"RIFF");
        b.extend_from_slice(&(36 + self.data.len() as u32).to_le_bytes());
        b.extend_from_slice(b"WAVEfmt ");
        b.extend_from_slice(&16u32.to_le_bytes());
        b.extend_from_slice(&self.format.to_le_bytes());
        b.extend_from_slice(&self.channels.to_le_bytes());
        b.extend_from_slice(&self.rate.to_le_bytes());
        b.extend_from_slice(&self.rate.wrapping_mul(block as u32).to_le_bytes());
        b.extend_from_slice(&block.to_le_bytes());
        b.extend_from_slice(&self.bits.to_le_bytes());
        b.extend_from_slice(b"data");
        let declared = self.declared.unwrap_or(self.data.len() as u32);
        b.extend_from_slice(&declared.to_le_bytes());
        b.extend_from_slice(&self.data);
        for &(at, v) in &self.edits {
            if !b.is_empty() {
                let i = at % b.len();
                b[i] = v;
            }
        }
        if let Some(n) = self.cut {
            b.truncate(n);
        }
        b
    }
}

fn wav_case() -> impl Strategy<Value = WavCase> {
    (
        prop_oneof![Just(1u16), Just(3), Just(0xFFFE), any::<u16>()],
        prop_oneof![Just(1u16), Just(2), Just(0), Just(7), any::<u16>()],
        prop_oneof![
            Just(16_000u32),
            Just(48_000),
            Just(8_000),
            Just(1),
            Just(0),
            Just(4_000_000_000),
            any::<u32>(),
        ],
        prop_oneof![
            Just(16u16),
            Just(8),
            Just(24),
            Just(32),
            Just(0),
            any::<u16>()
        ],
        prop_oneof![
            3 => Just(None),
            1 => Just(Some(0xFFFF_FFFFu32)),
            1 => Just(Some(0)),
            1 => any::<u32>().prop_map(Some),
        ],
        prop::collection::vec(any::<u8>(), 0..2_048),
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        prop_oneof![3 => Just(None), 1 => (0usize..2_200).prop_map(Some)],
    )
        .prop_map(
            |(format, channels, rate, bits, declared, data, edits, cut)| WavCase {
                format,
                channels,
                rate,
                bits,
                declared,
                data,
                edits,
                cut,
            },
        )
}

/// Float samples that are not finite, as a valid 32-bit float WAV.
fn float_case() -> impl Strategy<Value = WavCase> {
    prop::collection::vec(
        prop_oneof![
            Just(f32::NAN),
            Just(f32::INFINITY),
            Just(f32::NEG_INFINITY),
            Just(1e30f32),
            -1.0f32..1.0,
        ],
        1..512,
    )
    .prop_map(|s| WavCase {
        format: 3,
        channels: 1,
        rate: 16_000,
        bits: 32,
        declared: None,
        data: s.iter().flat_map(|x| x.to_le_bytes()).collect(),
        edits: vec![],
        cut: None,
    })
}

/// One WAV file's bytes through the reader: the properties of the module doc.
fn check_wav(bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = case_dir().join("case.wav");
    std::fs::write(&path, bytes).unwrap();
    let name = "case.wav";
    match rehearse::audio::wav::read_pcm(&path) {
        Ok(pcm) => {
            prop_assert!(pcm.channels > 0 && pcm.sample_rate > 0);
            prop_assert_eq!(pcm.samples.len() % pcm.channels as usize, 0);
            prop_assert!(
                pcm.samples.len() <= bytes.len(),
                "{} samples from a {}-byte file",
                pcm.samples.len(),
                bytes.len()
            );
        }
        Err(e) => {
            let m = e.to_string();
            prop_assert!(
                !m.chars().any(char::is_control) && m.contains(name),
                "error: {m:?}"
            );
        }
    }
    match rehearse::audio::wav::read_16k_mono(&path) {
        Ok(s) => {
            prop_assert!(
                s.iter().all(|x| x.is_finite()),
                "non-finite samples passed on"
            );
        }
        Err(e) => {
            let m = e.to_string();
            prop_assert!(
                !m.chars().any(char::is_control) && m.contains(name),
                "error: {m:?}"
            );
        }
    }
    Ok(())
}

#[test]
#[ignore = "run by fuzz::wav_parsing_never_panics_and_errors_are_one_line in a child process"]
fn wav_cases() {
    let t0 = Instant::now();
    let mut runner = TestRunner::new(config(WAV_CASES));
    runner.run(&wav_case(), |c| check_wav(&c.bytes())).unwrap();
    let mut runner = TestRunner::new(config(WAV_CASES / 4));
    runner
        .run(&float_case(), |c| check_wav(&c.bytes()))
        .unwrap();
    let mut runner = TestRunner::new(config(WAV_CASES / 2));
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..512), |b| {
            let mut riff = b"RIFF\x00\x00\x00\x00WAVE".to_vec();
            riff.extend_from_slice(&b);
            check_wav(&b)?;
            check_wav(&riff)
        })
        .unwrap();
    println!(
        "{} WAV cases in {:.1} s",
        WAV_CASES + WAV_CASES / 4 + WAV_CASES / 2,
        t0.elapsed().as_secs_f64()
    );
}

// ------------------------------------------------------------ questions

/// Values a field may take: good ones, wrong types, escapes, huge numbers.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "\"[a-zA-Z0-9 ,.?%$-]{0,40}\"",
        "\"[\\PC]{0,20}\"",
        Just("\"\\u001b[2J\\u001b]0;t\\u0007\"".to_string()),
        Just("\"\"".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("1e400".to_string()),
        Just("nan".to_string()),
        Just("[]".to_string()),
        Just("[\"a\", 1]".to_string()),
        Just("{ x = 1 }".to_string()),
        Just("\"\"\"\nmulti\nline\n\"\"\"".to_string()),
        Just("\"unterminated".to_string()),
    ]
}

fn question_source() -> impl Strategy<Value = String> {
    let fields = [
        "id",
        "category",
        "question",
        "target_seconds",
        "reference",
        "key_points",
        "audio",
    ];
    (
        prop::collection::vec((0..fields.len(), toml_value(), any::<bool>()), 0..9),
        prop::collection::vec((any::<usize>(), any::<char>()), 0..3),
    )
        .prop_map(move |(lines, inserts)| {
            let mut s: String = lines
                .iter()
                .map(|(f, v, table)| {
                    if *table {
                        format!("{} = {v}\n", fields[*f])
                    } else {
                        format!("[{}]\n", fields[*f])
                    }
                })
                .collect();
            for (at, ch) in inserts {
                let mut i = if s.is_empty() { 0 } else { at % s.len() };
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                s.insert(i, ch);
            }
            s
        })
}

/// A valid question with one field's value replaced and a character
/// inserted somewhere.
fn mutated_question() -> impl Strategy<Value = String> {
    const GOOD: [(&str, &str); 6] = [
        ("id", "\"ship-it\""),
        ("category", "\"delivery\""),
        ("question", "\"Tell me about a launch?\""),
        ("target_seconds", "90"),
        ("reference", "\"We shipped on time after 40 tests.\""),
        ("key_points", "[\"shipped on time\", \"40 tests\"]"),
    ];
    (
        0..GOOD.len(),
        toml_value(),
        any::<usize>(),
        prop::option::of(any::<char>()),
    )
        .prop_map(|(field, value, at, ch)| {
            let mut s: String = GOOD
                .iter()
                .enumerate()
                .map(|(i, (k, v))| format!("{k} = {}\n", if i == field { &value } else { *v }))
                .collect();
            if let Some(ch) = ch {
                let mut i = at % s.len();
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                s.insert(i, ch);
            }
            s
        })
}

fn check_question(src: &str) -> Result<(), TestCaseError> {
    std::fs::write(case_dir().join("case.toml"), src).unwrap();
    match rehearse::store::questions::parse(src, "fuzz.toml") {
        Ok(q) => {
            prop_assert!(!q.id.is_empty(), "a question without an id: {q:?}");
        }
        Err(e) => {
            let m = e.to_string();
            prop_assert!(!m.contains('\n') && m.contains("fuzz.toml"), "error: {m:?}");
        }
    }
    Ok(())
}

#[test]
#[ignore = "run by fuzz::question_parsing_never_panics_and_errors_are_one_line in a child process"]
fn question_cases() {
    let t0 = Instant::now();
    let mut runner = TestRunner::new(config(QUESTION_CASES));
    runner
        .run(&question_source(), |s| check_question(&s))
        .unwrap();
    let mut runner = TestRunner::new(config(QUESTION_CASES));
    runner
        .run(&mutated_question(), |s| check_question(&s))
        .unwrap();
    let mut runner = TestRunner::new(config(QUESTION_CASES / 3));
    runner.run(&"\\PC{0,200}", |s| check_question(&s)).unwrap();
    println!(
        "{} question cases in {:.1} s",
        2 * QUESTION_CASES + QUESTION_CASES / 3,
        t0.elapsed().as_secs_f64()
    );
}
