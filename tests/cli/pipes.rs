//! Output into a pipe whose reader has already gone (`rehearse history |
//! head -1`) ends the program quietly: exit code 0, nothing on stderr, and
//! no panic. The reading end is closed before the program starts, so its
//! very first write fails, every time.

use crate::need_model;
use crate::need_shared;
use crate::support::{heavy, one_segment};
use rehearse::analysis::{analyse, Question, Settings, SpeechActivity};
use rehearse::store::attempts::{AttemptStore, Source};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

/// Run `rehearse args` with stdout a pipe nobody reads any more.
fn into_closed_pipe(home: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    cmd.args(args)
        .env("REHEARSE_HOME", home)
        .env_remove("REHEARSE_QUESTIONS")
        .env_remove("REHEARSE_MODEL")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("rehearse runs")
}

/// Exit 0 and an empty stderr: quiet, as ripgrep is.
fn assert_quiet(args: &[&str], out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{args:?}: {stderr}"
    );
}

/// Two saved attempts of one question, scored by `analyse` from a short
/// made-up transcript.
pub(crate) fn two_attempts(home: &Path) -> Vec<String> {
    let q = Question {
        id: "ship-it".into(),
        category: "delivery".into(),
        question: "How did you ship it?".into(),
        target_seconds: 60,
        reference: "We shipped it in small steps.".into(),
        key_points: vec!["shipped in small steps".into()],
        key_points_derived: false,
        audio: None,
    };
    let text = "we shipped it in small steps every week";
    let t = one_segment(&text.split(' ').collect::<Vec<_>>(), 0.4, 0.8, 3.7);
    let a = SpeechActivity {
        audio_s: 4.5,
        regions: vec![(0.5, 3.7)],
    };
    let report = analyse(&t, &a, &q, &Settings::default());
    let wav = rehearse::audio::wav::encode_wav(&vec![0.0; 16_000 * 4], 16_000);
    let store = AttemptStore::new(home.join("attempts"));
    let t0 = SystemTime::now() - Duration::from_secs(3600);
    (0..2)
        .map(|i| {
            let dir = store
                .save(
                    &report,
                    &q,
                    &wav,
                    Source::Score,
                    t0 + Duration::from_secs(60 * i),
                )
                .expect("saved");
            dir.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn listing_commands_end_quietly_on_a_closed_pipe() {
    let home = tempfile::tempdir().unwrap();
    let ids = two_attempts(home.path());
    let cases: Vec<Vec<&str>> = vec![
        vec!["history"],
        vec!["history", "--json"],
        vec!["history", "--question", "ship-it"],
        vec!["review"],
        vec!["review", "--last", "2", "--json"],
        vec!["compare", &ids[0], &ids[1]],
        vec!["compare", &ids[0], &ids[1], "--json"],
        vec!["questions"],
        vec!["questions", "--json"],
        vec!["questions", "show", "explain-complex-concept"],
        vec!["model", "list"],
        vec!["--help"],
    ];
    for args in &cases {
        assert_quiet(args, &into_closed_pipe(home.path(), args, &[]));
    }
}

#[test]
fn warnings_into_a_closed_stderr_do_not_panic() {
    let home = tempfile::tempdir().unwrap();
    two_attempts(home.path());
    // A halfway folder: `history` warns about it on stderr before the table.
    std::fs::create_dir_all(home.path().join("attempts/20260101-000000-halfway")).unwrap();
    for args in [&["history"][..], &["history", "--question", "ship-itt"]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let status = Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .args(args)
            .env("REHEARSE_HOME", home.path())
            .env_remove("REHEARSE_QUESTIONS")
            .stdin(Stdio::null())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .expect("rehearse runs");
        // 0 for the listing, 1 for the mistyped question: never 101 (a panic).
        let want = if args.len() == 1 { 0 } else { 1 };
        assert_eq!(status.code(), Some(want), "{args:?}");
    }
}

#[test]
fn score_still_saves_when_nobody_reads_the_report() {
    let model = need_model!();
    let wav = need_shared!("audio/jfk.wav");
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let wav = wav.to_str().unwrap();
    let env = [("REHEARSE_MODEL", model.as_path())];
    let args = ["transcribe", wav];
    assert_quiet(&args, &into_closed_pipe(home.path(), &args, &env));
    let args = [
        "score",
        "--json",
        "--save",
        "--question",
        "explain-complex-concept",
        "--audio",
        wav,
    ];
    let out = into_closed_pipe(home.path(), &args, &env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("saved attempt to"), "{stderr}");
    let saved = std::fs::read_dir(home.path().join("attempts"))
        .unwrap()
        .count();
    assert_eq!(
        saved, 1,
        "the attempt is saved although the report went nowhere"
    );
}
