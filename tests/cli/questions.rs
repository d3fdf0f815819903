//! `rehearse questions` through the binary: the bundled bank, `--questions DIR`
//! and `REHEARSE_QUESTIONS`, and the errors for bad question files.

use crate::need_dev_set;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The binary, with no question folder from the environment and a data
/// folder without user questions (so the bank is the bundled one).
fn rehearse() -> Command {
    let mut cmd = Command::cargo_bin("rehearse").expect("binary builds");
    cmd.env_remove("REHEARSE_QUESTIONS").env(
        "REHEARSE_HOME",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("questions-tests-home"),
    );
    cmd
}

/// `rehearse <args> --json`-style output parsed as JSON.
fn json(args: &[&str]) -> Value {
    let out = rehearse()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

/// Number tokens ("1.5", "250,000", "2023") in a text.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins = matches!(c, '.' | ',')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || joins {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const GOOD: &str = r#"id = "ship-it"
category = "project-delivery"
question = "Tell me about a launch?"
target_seconds = 90
reference = """
Situation: Our checkout service was failing 3% of payments. Task: I had to fix it before Black Friday. Action: I traced the failures to a retry bug, wrote a fix with 40 new tests, and rolled it out to 10% of traffic first. Result: Failures fell to 0.2% and we processed $3 million on the day without an incident.
"""
key_points = ["checkout failed 3% of payments", "failures fell to 0.2%"]
"#;

fn write(dir: &Path, name: &str, src: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write temp file");
    path
}

#[test]
fn bundled_bank_has_ten_complete_questions() {
    let bank = json(&["questions", "--json"]);
    let bank = bank.as_array().expect("a JSON array");
    assert_eq!(bank.len(), 10);
    for q in bank {
        let id = q["id"].as_str().unwrap();
        let reference = q["reference"].as_str().unwrap();
        let points = q["key_points"].as_array().unwrap();
        assert!(
            (5..=7).contains(&points.len()),
            "{id}: {} key points",
            points.len()
        );
        assert_eq!(q["key_points_derived"], Value::Bool(false), "{id}");
        assert!(q["target_seconds"].as_u64().unwrap() > 0, "{id}");
        assert!(!q["question"].as_str().unwrap().is_empty(), "{id}");
        assert!(
            ["communication", "collaboration", "project-delivery"]
                .contains(&q["category"].as_str().unwrap()),
            "{id}"
        );
        for kp in points {
            let kp = kp.as_str().unwrap();
            assert!(!kp.trim().is_empty(), "{id}");
            for n in numbers(kp) {
                assert!(
                    reference.contains(&n),
                    "{id}: key point {kp:?} has {n}, not in the reference"
                );
            }
        }
        for bad in ["**", "##", "✅", "📌", "1️⃣"] {
            assert!(
                !reference.contains(bad),
                "{id}: markdown or emoji {bad:?} in reference"
            );
        }
    }
}

#[test]
fn bundled_files_match_their_ids() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let bank = json(&["questions", "--json"]);
    let mut ids: Vec<String> = bank
        .as_array()
        .unwrap()
        .iter()
        .map(|q| format!("{}.toml", q["id"].as_str().unwrap()))
        .collect();
    ids.sort();
    assert_eq!(names, ids);
}

#[test]
fn lists_an_aligned_table() {
    let out = rehearse()
        .arg("questions")
        .env("COLUMNS", "100")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("ID ") && header.contains("CATEGORY") && header.ends_with("QUESTION")
    );
    let q_col = header.find("QUESTION").unwrap();
    for id in [
        "explain-complex-concept",
        "coordinate-stakeholders",
        "prioritize-multiple-projects",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} listed"));
        assert!(line[..q_col].ends_with("  "), "{line:?}");
        assert!(line[q_col..].starts_with(char::is_uppercase), "{line:?}");
    }
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "{line:?}");
    }
}

#[test]
fn shows_one_question() {
    rehearse()
        .args(["questions", "show", "explain-complex-concept"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Can you describe a time when you had to explain",
        ))
        .stdout(predicate::str::contains("communication"))
        .stdout(predicate::str::contains("Reference answer:"))
        .stdout(predicate::str::contains("milk, eggs, and sugar"))
        .stdout(predicate::str::contains("Key points:"))
        .stdout(predicate::str::contains("  1. "))
        .stdout(predicate::str::contains("derived").not());

    let q = json(&["questions", "--json", "show", "coordinate-stakeholders"]);
    assert_eq!(q["id"], "coordinate-stakeholders");
    assert_eq!(q["category"], "collaboration");
}

#[test]
fn show_wraps_to_the_terminal_width() {
    let out = rehearse()
        .args(["questions", "show", "cross-functional-collaboration"])
        .env("COLUMNS", "50")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 50, "{line:?}");
    }
}

#[test]
fn unknown_id_lists_the_known_ones() {
    rehearse()
        .args(["questions", "show", "explain-complex"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no question with id `explain-complex`",
        ))
        .stderr(predicate::str::contains(
            "did you mean `explain-complex-concept`",
        ))
        .stderr(predicate::str::contains("adapt-to-changing-needs"))
        .stderr(predicate::str::contains("rehearse questions"));
}

#[test]
fn questions_folder_by_flag_and_env() {
    let dir = need_dev_set!().join("questions");
    let by_flag = json(&["--questions", dir.to_str().unwrap(), "questions", "--json"]);
    let ids: Vec<&str> = by_flag
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "explain-to-executives",
            "metric-disagreement",
            "model-rollback"
        ]
    );

    let out = rehearse()
        .args(["questions", "--json"])
        .env("REHEARSE_QUESTIONS", &dir)
        .assert()
        .success();
    let by_env: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(by_env, by_flag);

    rehearse()
        .args(["questions", "show", "model-rollback"])
        .env("REHEARSE_QUESTIONS", &dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("$250,000"));
}

#[test]
fn show_accepts_a_file_path() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "anything.toml", GOOD);
    rehearse()
        .args(["questions", "show", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tell me about a launch?"));
}

#[test]
fn bad_toml_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "bad.toml",
        &GOOD.replace("question = \"Tell me about a launch?\"", "question = 5"),
    );
    rehearse()
        .args(["--questions", tmp.path().to_str().unwrap(), "questions"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml:3:12: "))
        .stderr(predicate::str::contains("`question`"));

    write(
        tmp.path(),
        "bad.toml",
        &GOOD.replace("target_seconds = 90", "target_seconds = 90 90"),
    );
    rehearse()
        .args(["--questions", tmp.path().to_str().unwrap(), "questions"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match(r"bad\.toml:4:\d+: ").unwrap());
}

#[test]
fn duplicate_ids_name_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "first.toml", GOOD);
    write(tmp.path(), "second.toml", GOOD);
    rehearse()
        .args(["--questions", tmp.path().to_str().unwrap(), "questions"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("duplicate question id `ship-it`"))
        .stderr(predicate::str::contains("first.toml"))
        .stderr(predicate::str::contains("second.toml"));
}

#[test]
fn missing_field_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "q.toml",
        &GOOD.replace("target_seconds = 90\n", ""),
    );
    rehearse()
        .args(["--questions", tmp.path().to_str().unwrap(), "questions"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "q.toml: missing required field `target_seconds`",
        ));
}

#[test]
fn empty_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    rehearse()
        .args(["--questions", tmp.path().to_str().unwrap(), "questions"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no question files"));
    rehearse()
        .args([
            "--questions",
            tmp.path().join("missing").to_str().unwrap(),
            "questions",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn missing_key_points_are_derived_from_the_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let src = GOOD.replace(
        "key_points = [\"checkout failed 3% of payments\", \"failures fell to 0.2%\"]\n",
        "",
    );
    assert!(!src.contains("key_points"));
    write(tmp.path(), "q.toml", &src);
    let dir = tmp.path().to_str().unwrap();

    let q = json(&["--questions", dir, "questions", "--json", "show", "ship-it"]);
    assert_eq!(q["key_points_derived"], Value::Bool(true));
    let reference = q["reference"].as_str().unwrap().to_lowercase();
    let points = q["key_points"].as_array().unwrap();
    assert!(!points.is_empty());
    for kp in points {
        let kp = kp.as_str().unwrap();
        for word in kp.split_whitespace() {
            let word = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            assert!(
                reference.contains(&word),
                "{word:?} of {kp:?} is not in the reference"
            );
        }
        assert!(
            !kp.starts_with("Situation") && !kp.starts_with("Result"),
            "{kp:?}"
        );
    }

    rehearse()
        .args(["--questions", dir, "questions", "show", "ship-it"])
        .assert()
        .success()
        .stdout(predicate::str::contains("derived automatically"));
}

#[test]
fn show_takes_json_after_the_id() {
    // `--json` works on both sides of `show ID`.
    for args in [
        &["questions", "show", "explain-complex-concept", "--json"][..],
        &["questions", "--json", "show", "explain-complex-concept"][..],
    ] {
        let v = json(args);
        assert_eq!(v["id"], "explain-complex-concept", "{args:?}");
        assert!(v["key_points"].as_array().is_some_and(|k| k.len() >= 5));
    }
}
