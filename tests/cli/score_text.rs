//! `rehearse score --text FILE`: a typed answer scored without audio or a
//! model (coverage, fillers, STAR, word count; audio fields null in JSON).

use crate::support::{rehearse_no_model as rehearse, succeeded};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// A question file (a ward-staffing story, unrelated to the dev set) in `dir`.
fn question(dir: &Path) -> PathBuf {
    let p = dir.join("night-shift.toml");
    std::fs::write(
        &p,
        r#"id = "night-shift"
category = "leadership"
question = "Tell me about a time you improved how a team worked."
target_seconds = 90
reference = "I ran the night shift on a surgical ward."
key_points = [
  "moved the handover to a written checklist",
  "cut missed medication doses by half",
  "added a second night nurse",
]
"#,
    )
    .unwrap();
    p
}

const ANSWER: &str = "Um, I ran the night shift on a surgical ward. I moved the handover to a written checklist. Missed medication doses fell by fifty percent within two months. The director asked me to add a second night nurse, but the budget was cut and it never happened.";

fn answer(dir: &Path) -> PathBuf {
    let p = dir.join("answer.txt");
    std::fs::write(&p, ANSWER).unwrap();
    p
}

#[test]
fn typed_answer_json_has_coverage_and_null_audio_fields() {
    let home = tempfile::tempdir().unwrap();
    let q = question(home.path());
    let a = answer(home.path());
    let out = succeeded(
        rehearse(home.path())
            .args(["score", "--json", "--question"])
            .arg(&q)
            .arg("--text")
            .arg(&a),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["question_id"], "night-shift");
    assert_eq!(v["words"], 47);
    assert_eq!(v["filler_count"], 1);
    assert_eq!(v["fillers"][0]["word"], "um");
    for k in [
        "audio_s",
        "speech_s",
        "wpm",
        "articulation_wpm",
        "pauses",
        "pace_verdict",
        "length_verdict",
    ] {
        assert!(v[k].is_null(), "{k} should be null: {}", v[k]);
    }
    let kp = v["key_points"].as_array().unwrap();
    assert_eq!(kp[0]["covered"], true);
    assert_eq!(kp[1]["covered"], true, "half = 50 percent: {}", kp[1]);
    assert_eq!(kp[2]["covered"], false);
    assert_eq!(kp[2]["negated"], true);
    assert!(kp[2]["denial"].is_string(), "{}", kp[2]);
    assert!(kp[0].get("denial").is_none());
    assert_eq!(v["star"]["action"], true);
}

#[test]
fn typed_answer_from_stdin_reads_like_a_file() {
    let home = tempfile::tempdir().unwrap();
    let q = question(home.path());
    rehearse(home.path())
        .args(["score", "--question"])
        .arg(&q)
        .args(["--text", "-"])
        .write_stdin(ANSWER)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("47 words")
                .and(predicate::str::contains("Key points: 2 of 3 covered"))
                .and(predicate::str::contains(
                    "added a second night nurse (mentioned as",
                )),
        );
}

#[test]
fn text_and_audio_together_or_a_missing_file_fail_with_one_line() {
    let home = tempfile::tempdir().unwrap();
    let q = question(home.path());
    let a = answer(home.path());
    rehearse(home.path())
        .args(["score", "--question"])
        .arg(&q)
        .arg("--text")
        .arg(&a)
        .args(["--audio", "x.wav"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot be used with"));
    rehearse(home.path())
        .args(["score", "--question"])
        .arg(&q)
        .args(["--text", "no-such-answer.txt"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no-such-answer.txt")
                .and(predicate::str::contains("panicked").not()),
        );
    rehearse(home.path())
        .args(["score", "--question"])
        .arg(&q)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--audio").or(predicate::str::contains("--text")));
}
