//! The bad-input corpus of issue 12, run through the binary: WAV headers,
//! question files and attempt records with terminal escape codes, broken
//! question files. Every input is made here, in code, from a few bytes.
//! The rest of the corpus lives beside it: crafted model headers in
//! `bad_models.rs`; lying WAV sizes and rates, FIFOs, NaN samples, damaged
//! and redirected attempt records in `store_safety.rs`; closed pipes in
//! `pipes.rs`.
//!
//! What each case must do (the rules):
//! - an error is one line on stderr (`Error: …`, naming the file), exit 1,
//!   nothing on stdout, never a signal or a panic;
//! - sizes come from the data that is there: the runs happen under an
//!   address-space limit and a time limit;
//! - no control character from a file reaches the terminal.

use crate::need_model;
use crate::support::{heavy, run_limited, Ran};
use rehearse::analysis::{analyse, Question, Segment, Settings, SpeechActivity, Transcript, Word};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Address-space limit for runs that need no model (no 16 GiB allocation
/// for a 24 KB file).
const SMALL: u64 = 2 << 30;
/// Address-space limit for runs that load the tiny model.
const WITH_MODEL: u64 = 4 << 30;

/// Run the binary with `args` under an address-space `limit`, a data folder
/// `home`, no colour and no model unless `model` is given; kill it after
/// `timeout` (a test failure).
fn run(home: &Path, args: &[&str], model: Option<&Path>, limit: u64, timeout: Duration) -> Ran {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    c.args(args)
        .current_dir(home)
        .env("REHEARSE_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("REHEARSE_QUESTIONS")
        .env_remove("REHEARSE_MODEL")
        .stdin(Stdio::null());
    if let Some(m) = model {
        c.env("REHEARSE_MODEL", m);
    }
    run_limited(c, limit, timeout, &format!("`rehearse {}`", args.join(" ")))
}

/// The run failed the way every error must: exit 1 (not a signal, not a
/// panic), nothing on stdout, one line on stderr that starts with `Error:`
/// and holds each of `needles`.
fn assert_one_line_error(r: &Ran, what: &str, needles: &[&str]) {
    let ctx = format!(
        "{what}: {} after {:.1} s\n--- stdout ---\n{}\n--- stderr ---\n{}",
        r.status,
        r.took.as_secs_f64(),
        r.stdout,
        r.stderr
    );
    assert_eq!(r.status.code(), Some(1), "exit 1 expected; {ctx}");
    assert!(!r.stderr.contains("panicked"), "a panic; {ctx}");
    assert!(r.stdout.is_empty(), "nothing on stdout expected; {ctx}");
    let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr expected; {ctx}");
    assert!(lines[0].starts_with("Error: "), "{ctx}");
    for n in needles {
        assert!(
            lines[0].contains(n),
            "the error should mention {n:?}; {ctx}"
        );
    }
}

/// No control character other than newline and tab in `text`.
fn assert_no_controls(text: &str, what: &str) {
    let bad: Vec<String> = text
        .char_indices()
        .filter(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
        .map(|(i, c)| {
            let from = text[..i].char_indices().rev().nth(20).map_or(0, |x| x.0);
            format!("U+{:04X} after {:?}", c as u32, &text[from..i])
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: control characters reach the terminal: {bad:#?}"
    );
}

// ------------------------------------------------------------ WAV files

/// A RIFF/WAVE file: `fmt ` chunk of (format, channels, rate, bits), then a
/// `data` chunk declaring `declared` bytes and holding `data`.
fn wav(format: u16, channels: u16, rate: u32, bits: u16, declared: u32, data: &[u8]) -> Vec<u8> {
    let block = channels.wrapping_mul(bits / 8);
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&format.to_le_bytes());
    b.extend_from_slice(&channels.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate.wrapping_mul(block as u32)).to_le_bytes());
    b.extend_from_slice(&block.to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&declared.to_le_bytes());
    b.extend_from_slice(data);
    b
}

/// Quiet noise as 8-bit unsigned samples.
fn noise_u8(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| 128u8.wrapping_add((i * 7 % 5) as u8))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A WAV that must be refused: one-line error naming the file, before any
/// work (no model is even configured), quickly and in little memory.
fn refused_wav(name: &str, bytes: &[u8]) {
    let home = tempfile::tempdir().unwrap();
    let f = write(home.path(), name, bytes);
    let r = run(
        home.path(),
        &["transcribe", f.to_str().unwrap()],
        None,
        SMALL,
        Duration::from_secs(30),
    );
    assert_one_line_error(&r, name, &[name]);
}

#[test]
fn wav_with_zero_channels_is_refused() {
    refused_wav(
        "no-channels.wav",
        &wav(1, 0, 16_000, 16, 3_200, &[0; 3_200]),
    );
}

#[test]
fn wav_cut_inside_the_header_is_refused() {
    let full = wav(1, 1, 16_000, 16, 32_000, &[0; 32_000]);
    refused_wav("cut-header.wav", &full[..30]);
}

/// A WAV whose data chunk claims 4 GiB: sizes come from the data that is
/// there (24 KB), so it is transcribed, not allocated for.
#[test]
fn wav_declaring_4_gib_of_data_is_read_from_what_is_there() {
    let model = need_model!();
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let f = write(
        home.path(),
        "huge-claim.wav",
        &wav(1, 1, 16_000, 8, 0xFFFF_FFFF, &noise_u8(24_000)),
    );
    let r = run(
        home.path(),
        &["transcribe", f.to_str().unwrap()],
        Some(&model),
        WITH_MODEL,
        Duration::from_secs(120),
    );
    assert_eq!(
        r.status.code(),
        Some(0),
        "a 24 KB file must be read as 24 KB: {}\n{}",
        r.status,
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

// ------------------------------------------------------- question files

const ESCAPES: &[(&str, &str)] = &[
    ("ESC[2J (clear screen)", "\\u001b[2J"),
    (
        "OSC 8 (hidden link)",
        "\\u001b]8;;https://example.invalid/\\u0007click\\u001b]8;;\\u0007",
    ),
    ("OSC 0 (window title)", "\\u001b]0;owned\\u0007"),
    ("C1 CSI", "\\u009b31m"),
];

/// A question file whose texts carry terminal escape codes (TOML escapes).
fn hostile_question() -> String {
    let e = |i: usize| ESCAPES[i % ESCAPES.len()].1;
    format!(
        "id = \"hostile\"\n\
         category = \"comm{}unication\"\n\
         question = \"Tell me{} about a time{} you led.\"\n\
         target_seconds = 60\n\
         reference = \"I led the team{} and we shipped on time.\"\n\
         key_points = [\"led the team{}\", \"shipped on time{}\"]\n",
        e(1),
        e(0),
        e(2),
        e(3),
        e(0),
        e(1)
    )
}

#[test]
fn question_files_cannot_send_escape_codes_to_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let qdir = home.path().join("q");
    std::fs::create_dir(&qdir).unwrap();
    write(&qdir, "hostile.toml", hostile_question().as_bytes());
    let q = qdir.to_str().unwrap();
    for args in [
        vec!["--questions", q, "questions"],
        vec!["--questions", q, "questions", "show", "hostile"],
        vec!["--questions", q, "questions", "--json"],
    ] {
        let r = run(home.path(), &args, None, SMALL, Duration::from_secs(30));
        assert!(r.status.success(), "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("about a time"), "{args:?}: {}", r.stdout);
        assert_no_controls(&r.stdout, &format!("stdout of {args:?}"));
        assert_no_controls(&r.stderr, &format!("stderr of {args:?}"));
    }
}

#[test]
fn bad_question_files_are_one_line_errors() {
    let cases: &[(&str, &[u8], &[&str])] = &[
        ("unterminated.toml", b"id = \"x\nquestion = \"q\"\n", &["unterminated.toml:"]),
        ("not-utf8.toml", b"id = \"x\"\nquestion = \"caf\xe9\"\n", &["not-utf8.toml"]),
        ("nul.toml", b"id = \"x\"\n\0\n", &["nul.toml"]),
        ("empty.toml", b"", &["empty.toml"]),
        (
            "wrong-type.toml",
            b"id = \"x\"\ncategory = \"c\"\nquestion = \"q\"\ntarget_seconds = \"soon\"\nreference = \"r\"\n",
            &["wrong-type.toml:4:", "target_seconds"],
        ),
        (
            "negative-target.toml",
            b"id = \"x\"\ncategory = \"c\"\nquestion = \"q\"\ntarget_seconds = -5\nreference = \"r\"\n",
            &["negative-target.toml:4:", "target_seconds"],
        ),
    ];
    for (name, bytes, needles) in cases {
        let home = tempfile::tempdir().unwrap();
        let f = write(home.path(), name, bytes);
        let r = run(
            home.path(),
            &["questions", "show", f.to_str().unwrap()],
            None,
            SMALL,
            Duration::from_secs(30),
        );
        assert_one_line_error(&r, name, needles);
        assert_no_controls(&r.stderr, name);
    }
}

// ----------------------------------------------------- attempt records

fn word(text: &str, start_s: f64) -> Word {
    Word {
        text: text.to_string(),
        start_s,
        end_s: start_s + 0.3,
        prob: 0.9,
    }
}

/// Save one attempt whose question and transcript carry `extra` (escape
/// codes, or nothing) into `home/attempts`; returns its folder.
fn saved_attempt(home: &Path, extra: &str) -> PathBuf {
    let q = Question {
        id: "led-a-team".into(),
        category: format!("communication{extra}"),
        question: format!("Tell me{extra} about a time you led."),
        target_seconds: 60,
        reference: format!("I led the team{extra} and we shipped on time."),
        key_points: vec![format!("led the team{extra}"), "shipped on time".into()],
        key_points_derived: false,
        audio: None,
    };
    let texts = ["I", "led", "the", "team", extra, "and", "we", "shipped."];
    let words: Vec<Word> = texts
        .iter()
        .filter(|t| !t.is_empty())
        .enumerate()
        .map(|(i, t)| word(t, 0.5 + i as f64 * 0.4))
        .collect();
    let end = words.last().unwrap().end_s;
    let t = Transcript {
        aligned: false,
        cleaned: false,
        segments: vec![Segment {
            start_s: 0.5,
            end_s: end,
            text: texts.join(" "),
        }],
        words,
    };
    let a = SpeechActivity {
        audio_s: end + 0.5,
        regions: vec![(0.5, end)],
    };
    let report = analyse(&t, &a, &q, &Settings::default());
    let samples: Vec<f32> = (0..16_000)
        .map(|i| (i as f32 / 16_000.0 * 220.0 * std::f32::consts::TAU).sin() * 0.3)
        .collect();
    let wav = rehearse::audio::wav::encode_wav(&samples, 16_000);
    rehearse::store::attempts::AttemptStore::new(home.join("attempts"))
        .save(
            &report,
            &q,
            &wav,
            rehearse::store::attempts::Source::Score,
            std::time::SystemTime::now(),
        )
        .expect("save attempt")
}

fn id_of(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn attempt_records_cannot_send_escape_codes_to_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let escapes: String = ESCAPES
        .iter()
        .map(|e| {
            // The TOML escapes above, as the characters they stand for.
            e.1.replace("\\u001b", "\u{1b}")
                .replace("\\u0007", "\u{7}")
                .replace("\\u009b", "\u{9b}")
        })
        .collect();
    let a = id_of(&saved_attempt(home.path(), &escapes));
    let b = id_of(&saved_attempt(home.path(), &escapes));
    for args in [
        vec!["history"],
        vec!["review", a.as_str()],
        vec!["compare", a.as_str(), b.as_str()],
        vec!["history", "--json"],
    ] {
        let r = run(home.path(), &args, None, SMALL, Duration::from_secs(30));
        assert!(r.status.success(), "{args:?}: {}", r.stderr);
        assert_no_controls(&r.stdout, &format!("stdout of {args:?}"));
        assert_no_controls(&r.stderr, &format!("stderr of {args:?}"));
    }
}
