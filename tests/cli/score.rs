//! `rehearse score` and `rehearse transcribe` through the binary, with the
//! real Whisper model (the one model finder in [`crate::support`]).

use crate::support::{heavy, succeeded};
use crate::{need_dev_set, need_model, need_shared};
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// The binary with `model`, a temp data folder and no colour.
fn rehearse(home: &Path, model: &Path) -> Command {
    let mut c = plain(home);
    c.env("REHEARSE_MODEL", model);
    c
}

/// The binary without a model setting, for errors found before any model is
/// needed.
fn plain(home: &Path) -> Command {
    crate::support::rehearse_no_model(home)
}

#[test]
fn jfk_transcribes_word_for_word() {
    let model = need_model!();
    let jfk = need_shared!("audio/jfk.wav");
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let out = succeeded(rehearse(home.path(), &model).args(["transcribe"]).arg(&jfk));
    let text = String::from_utf8_lossy(&out.stdout).to_lowercase();
    assert!(
        text.contains("ask not what your country can do for you"),
        "{text}"
    );
    // whisper.cpp's own log lines never reach the terminal.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("whisper_"), "whisper logs leaked: {err}");
}

#[test]
fn transcribe_json_and_srt() {
    let model = need_model!();
    let jfk = need_shared!("audio/jfk.wav");
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let out = rehearse(home.path(), &model)
        .args(["transcribe", "--json"])
        .arg(&jfk)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let words = v["words"].as_array().unwrap();
    assert!(words.len() >= 20, "{words:?}");
    // Word times increase and lie inside the 11 s clip.
    let mut last = 0.0;
    for w in words {
        let s = w["start_s"].as_f64().unwrap();
        assert!(s + 0.05 >= last && s <= 11.1, "{w}");
        last = s;
    }
    rehearse(home.path(), &model)
        .args(["transcribe", "--srt"])
        .arg(&jfk)
        .assert()
        .success()
        .stdout(predicate::str::contains("00:00:0").and(predicate::str::contains(" --> ")));
}

fn score_json(
    home: &Path,
    model: &Path,
    dev: &Path,
    clip: &str,
    question: &str,
) -> serde_json::Value {
    let out = succeeded(
        rehearse(home, model)
            .arg("--questions")
            .arg(dev.join("questions"))
            .args(["score", "--json", "--question", question, "--audio"])
            .arg(dev.join("audio").join(clip)),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `rehearse score --json` of dev clip `$clip` against question `$question`
/// with the real model, in a fresh data folder; returns from the test when
/// the model or the dev set is missing (as `need_model!` does).
macro_rules! scored {
    ($clip:expr, $question:expr) => {{
        let model = need_model!();
        let dev = need_dev_set!();
        let _cpu = heavy();
        let home = tempfile::tempdir().unwrap();
        score_json(home.path(), &model, &dev, $clip, $question)
    }};
}

#[test]
fn full_answer_scores_with_stable_json() {
    let v = scored!("d05-metric-disagreement-full.wav", "metric-disagreement");
    for key in [
        "version",
        "question_id",
        "audio_s",
        "speech_s",
        "words",
        "wpm",
        "articulation_wpm",
        "pauses",
        "fillers",
        "filler_count",
        "key_points",
        "coverage",
        "target_s",
        "transcript",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["version"], 1);
    assert_eq!(v["question_id"], "metric-disagreement");
    assert_eq!(v["target_s"], 120);
    // Labels: 149.0 wpm, all seven points, no pauses, 54.77 s of speech.
    let wpm = v["wpm"].as_f64().unwrap();
    assert!((wpm - 149.0).abs() / 149.0 < 0.08, "wpm {wpm}");
    assert!((v["speech_s"].as_f64().unwrap() - 54.77).abs() < 0.5);
    assert!(
        v["coverage"].as_f64().unwrap() >= 0.85,
        "{}",
        v["key_points"]
    );
    assert_eq!(v["pauses"].as_array().unwrap().len(), 0);
    for k in v["key_points"].as_array().unwrap() {
        if k["covered"] == true {
            assert!(k["evidence"].is_string());
        }
    }
    assert!(v["transcript"]["segments"].as_array().unwrap().len() > 2);
    // Voice measures from the sound: pitch per 10 s window, speech level.
    let voice = &v["voice"];
    assert!(voice["pitch"]["windows"].as_array().unwrap().len() >= 4);
    assert!(voice["pitch"]["pvq"].as_f64().unwrap() > 0.0);
    assert!(voice["volume"]["speech_dbfs"].as_f64().unwrap() > -40.0);
    assert_eq!(voice["volume"]["too_quiet"], false);
}

#[test]
fn negated_points_are_not_covered() {
    let v = scored!(
        "d07-metric-disagreement-negative.wav",
        "metric-disagreement"
    );
    let kp = v["key_points"].as_array().unwrap();
    // Points 3 (the 120,000-user analysis "never happened") and 5 (the test
    // "was stopped after the first week") are denied.
    assert_eq!(kp[3]["covered"], false, "{}", kp[3]);
    assert_eq!(kp[5]["covered"], false, "{}", kp[5]);
    assert_eq!(kp[3]["negated"], true);
    assert_eq!(kp[0]["covered"], true);
    assert_eq!(kp[6]["covered"], true);
}

#[test]
fn pauses_come_from_the_audio() {
    let v = scored!("d06-metric-disagreement-pauses.wav", "metric-disagreement");
    let pauses = v["pauses"].as_array().unwrap();
    let want = [(4.8, 2.5), (18.62, 3.0), (35.33, 2.2)];
    assert_eq!(pauses.len(), 3, "{pauses:?}");
    for (p, (s, d)) in pauses.iter().zip(want) {
        assert!((p["start_s"].as_f64().unwrap() - s).abs() < 0.5, "{p}");
        assert!((p["duration_s"].as_f64().unwrap() - d).abs() < 0.3, "{p}");
    }
    assert_eq!(pauses[1]["dead_air"], true);
}

#[test]
fn terminal_report_is_readable() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    rehearse(home.path(), &model)
        .arg("--questions")
        .arg(dev.join("questions"))
        .args(["score", "--question", "model-rollback", "--audio"])
        .arg(dev.join("audio/d02-model-rollback-partial.wav"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Pace")
                .and(predicate::str::contains("wpm"))
                .and(predicate::str::contains("Key points"))
                .and(predicate::str::contains("\x1b[").not()),
        );
}

#[test]
fn silence_is_no_speech() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let wav = home.path().join("silence.wav");
    // 5 s of faint noise: no speech, and no invented "Thank you."
    let samples: Vec<f32> = (0..80_000)
        .map(|i| ((i as f32 * 12.9898).sin() * 43758.547).fract() * 0.0005)
        .collect();
    rehearse::audio::wav::write_wav(&wav, &samples, 16_000).unwrap();
    let out = rehearse(home.path(), &model)
        .args(["score", "--json", "--question", "model-rollback", "--audio"])
        .arg(&wav)
        .arg("--questions")
        .arg(dev.join("questions"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["no_speech"], true);
    assert_eq!(v["words"], 0);
    assert_eq!(v["transcript"]["text"], "");
    assert_eq!(v["coverage"], 0.0);
    rehearse(home.path(), &model)
        .args(["transcribe"])
        .arg(&wav)
        .assert()
        .success()
        .stderr(predicate::str::contains("no speech detected"));
}

#[test]
fn corrupt_wav_is_a_clear_error() {
    let dev = need_dev_set!();
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.wav");
    std::fs::write(&bad, b"RIFF\x10\x00\x00\x00WAVEjunkjunk").unwrap();
    plain(home.path())
        .args(["score", "--question", "model-rollback", "--audio"])
        .arg(&bad)
        .arg("--questions")
        .arg(dev.join("questions"))
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("not a readable WAV file")
                .and(predicate::str::contains("panicked").not()),
        );
    let empty = home.path().join("empty.wav");
    std::fs::write(&empty, b"").unwrap();
    plain(home.path())
        .args(["transcribe"])
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty.wav"));
}

#[test]
fn missing_model_says_how_to_fix_it() {
    let jfk = need_shared!("audio/jfk.wav");
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    Command::cargo_bin("rehearse")
        .unwrap()
        .current_dir(cwd.path())
        .env("REHEARSE_HOME", home.path())
        .env("REHEARSE_MODEL", home.path().join("nope.bin"))
        .args(["transcribe"])
        .arg(&jfk)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("nope.bin")
                .and(predicate::str::contains("rehearse model fetch")),
        );
}

#[test]
fn bad_question_file_names_line_and_column() {
    let jfk = need_shared!("audio/jfk.wav");
    let home = tempfile::tempdir().unwrap();
    let q = home.path().join("broken.toml");
    std::fs::write(&q, "id = \"x\"\nquestion = 42\n").unwrap();
    plain(home.path())
        .args(["score", "--question"])
        .arg(&q)
        .arg("--audio")
        .arg(&jfk)
        .assert()
        .failure()
        .stderr(predicate::str::contains("broken.toml:2:"));
}

#[test]
fn score_save_keeps_the_attempt() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    rehearse(home.path(), &model)
        .arg("--questions")
        .arg(dev.join("questions"))
        .args(["score", "--save", "--question", "model-rollback", "--audio"])
        .arg(dev.join("audio/d03-model-rollback-weak.wav"))
        .assert()
        .success()
        .stderr(predicate::str::contains("saved attempt"));
    let attempts: Vec<_> = std::fs::read_dir(home.path().join("attempts"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(attempts.len(), 1);
    let dir = attempts[0].path();
    assert!(dir.join("answer.wav").exists());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("attempt.json")).unwrap()).unwrap();
    assert_eq!(json["report"]["question_id"], "model-rollback");
}
