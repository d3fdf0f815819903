//! Practising what needs it: `rehearse practice --next` (the schedule in
//! `analysis::schedule`) and `rehearse history --summary` (progress by ISO
//! week), through the binary on a prepared folder of attempts.
//!
//! Attempts are saved with `AttemptStore::save`; their reports carry the
//! figures each test sets (coverage, pace, fillers per minute), which is all
//! the schedule and the summary read.

use crate::support::{rehearse, stdout};
use rehearse::analysis::{analyse, Question, Report, Settings, SpeechActivity, Transcript};
use rehearse::store::attempts::{AttemptStore, Source};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A question of the prepared bank.
fn question(id: &str) -> Question {
    Question {
        id: id.into(),
        category: "general".into(),
        question: format!("Tell me about {id}?"),
        target_seconds: 60,
        reference: "I led the work. We shipped it in 3 weeks.".into(),
        key_points: vec!["led the work".into(), "shipped it in 3 weeks".into()],
        key_points_derived: false,
        audio: None,
    }
}

/// A report with speech and these figures.
fn report(q: &Question, coverage: f64, wpm: f64, fillers_per_min: f64) -> Report {
    let silence = SpeechActivity {
        audio_s: 60.0,
        regions: vec![],
    };
    let mut r = analyse(&Transcript::default(), &silence, q, &Settings::default());
    r.no_speech = false;
    r.coverage = coverage;
    r.wpm = wpm;
    r.fillers_per_min = fillers_per_min;
    r
}

/// Save an attempt of `q` made at `when`.
fn save(home: &Path, q: &Question, r: &Report, when: SystemTime) {
    let wav = rehearse::audio::wav::encode_wav(&vec![0.0; 1600], 16_000);
    AttemptStore::new(home.join("attempts"))
        .save(r, q, &wav, Source::Practice, when)
        .expect("save attempt");
}

/// Write the prepared bank's question files into `dir`.
fn write_bank(dir: &Path, ids: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for id in ids {
        let q = question(id);
        let src = format!(
            "id = \"{id}\"\ncategory = \"general\"\nquestion = \"{}\"\ntarget_seconds = 60\nreference = \"{}\"\nkey_points = [\"led the work\", \"shipped it in 3 weeks\"]\n",
            q.question, q.reference
        );
        std::fs::write(dir.join(format!("{id}.toml")), src).unwrap();
    }
}

/// `practice --next` with no sound server and a microphone that does not
/// exist: the choice is printed before the microphone is opened, then the
/// command stops with one line about the device. Its stderr.
fn next(home: &Path, bank: &Path) -> String {
    let out = rehearse(home)
        .arg("--questions")
        .arg(bank)
        .args([
            "practice",
            "--next",
            "--no-voice",
            "--device",
            "no-such-microphone",
        ])
        .env("PULSE_SERVER", format!("unix:{}/no-server", home.display()))
        .env("XDG_RUNTIME_DIR", home)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{err}");
    err
}

#[test]
fn next_picks_never_practised_then_the_most_overdue() {
    let home = tempfile::tempdir().unwrap();
    let bank = home.path().join("bank");
    write_bank(&bank, &["alpha", "beta", "gamma"]);
    let now = SystemTime::now();
    let days = |d: u64| now - Duration::from_secs(d * 86_400);
    // alpha: good (90 %) 10 days ago → due every 7 days, 1.4 intervals over.
    // beta: weak (30 %) 2 days ago → due every day, 2 intervals over.
    let (a, b, c) = (question("alpha"), question("beta"), question("gamma"));
    save(home.path(), &a, &report(&a, 0.9, 140.0, 1.0), days(10));
    save(home.path(), &b, &report(&b, 0.3, 140.0, 1.0), days(2));

    let err = next(home.path(), &bank);
    assert!(err.contains("Next: gamma: never practised"), "{err}");

    save(home.path(), &c, &report(&c, 1.0, 140.0, 1.0), now);
    let err = next(home.path(), &bank);
    assert!(
        err.contains("Next: beta: practised 2 days ago, recent coverage 30 % (due every 1 day)"),
        "{err}"
    );

    // Two good takes of beta bring its recent coverage to (0.3 + 1 + 1) / 3
    // = 77 % (due every 3 days, practised just now): alpha is next.
    save(home.path(), &b, &report(&b, 1.0, 140.0, 1.0), now);
    save(home.path(), &b, &report(&b, 1.0, 140.0, 1.0), now);
    let err = next(home.path(), &bank);
    assert!(err.contains("Next: alpha: practised 10 days ago"), "{err}");
}

#[test]
fn next_conflicts_with_question_and_random() {
    let home = tempfile::tempdir().unwrap();
    for other in [&["--question", "alpha"][..], &["--random"]] {
        let out = rehearse(home.path())
            .args(["practice", "--next"])
            .args(other)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{other:?}");
    }
}

/// 2026-11-23T10:00:00Z (a Monday, ISO week 2026-W48) plus `days`.
fn week48(days: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_428_000 + days * 86_400)
}

/// Attempts over three weeks, one of them empty, and one without speech.
fn prepared() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = (question("alpha"), question("beta"));
    let h = home.path();
    save(h, &a, &report(&a, 0.25, 120.0, 6.0), week48(0));
    save(h, &b, &report(&b, 0.5, 130.0, 4.0), week48(2));
    save(h, &a, &report(&a, 0.75, 140.0, 2.0), week48(6));
    let mut silent = report(&a, 0.0, 0.0, 0.0);
    silent.no_speech = true;
    save(h, &a, &silent, week48(3));
    // 2026-W50: nothing in W49.
    save(h, &a, &report(&a, 1.0, 150.0, 1.0), week48(15));
    home
}

#[test]
fn summary_table_has_one_line_per_week_with_the_change() {
    let home = prepared();
    let out = stdout(rehearse(home.path()).args(["history", "--summary"]));
    let want = "\
Progress by week (ISO weeks, UTC)

week      from       attempts questions coverage     pace fillers/min  trend
2026-W48  2026-11-23        3         2     50 %  130 wpm         4.0  -
2026-W50  2026-12-07        1         1    100 %  150 wpm         1.0  coverage +50 pts, pace +20 wpm, fillers -3.0/min
";
    assert_eq!(out, want);
}

#[test]
fn summary_json_lists_weeks_oldest_first() {
    let home = prepared();
    let out = stdout(rehearse(home.path()).args(["history", "--summary", "--json"]));
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["summary_version"], 1);
    assert_eq!(v["time_zone"], "UTC");
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 2);
    let w = &weeks[0];
    assert_eq!(
        (&w["week"], &w["starts"], &w["attempts"], &w["questions"]),
        (
            &Value::from("2026-W48"),
            &Value::from("2026-11-23"),
            &Value::from(3),
            &Value::from(2)
        )
    );
    assert_eq!(w["coverage"], 0.5);
    assert_eq!(w["wpm"], 130.0);
    assert_eq!(w["fillers_per_min"], 4.0);
    assert!(w["change"].is_null());
    let c = &weeks[1]["change"];
    assert_eq!(
        (&c["coverage"], &c["wpm"]),
        (&Value::from(0.5), &Value::from(20.0))
    );
    assert_eq!(c["fillers_per_min"], -3.0);

    // --question narrows it to one question's attempts.
    let out = stdout(rehearse(home.path()).args([
        "history",
        "--summary",
        "--json",
        "--question",
        "beta",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["attempts"], 1);
}

#[test]
fn summary_with_no_attempts_says_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let out = stdout(rehearse(home.path()).args(["history", "--summary"]));
    assert!(out.contains("practice --next"), "{out}");
}
