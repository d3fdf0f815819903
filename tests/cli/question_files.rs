//! `rehearse questions new`, `questions edit ID` (with a scripted `$EDITOR`:
//! a small shell script the test writes) and `questions rm ID`.

use crate::support::{rehearse, stdout, succeeded};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// An executable shell script `editor` in `dir` running `body` with the
/// file to edit as `$1`.
fn editor(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// `questions --json` in `home`, by id.
fn listed(home: &Path, id: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(&stdout(rehearse(home).args(["questions", "--json"])))
        .expect("valid JSON");
    v.as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .cloned()
}

/// `rehearse` with `EDITOR` set to `editor` (and no `VISUAL`).
fn with_editor(home: &Path, editor: &Path) -> assert_cmd::Command {
    let mut cmd = rehearse(home);
    cmd.env("EDITOR", editor).env_remove("VISUAL");
    cmd
}

const ANSWER: &str = "At a small bakery I ran the online shop. Orders doubled in December and the site slowed to 9 seconds per page. I moved the images to a CDN and cached the menu. Pages loaded in 2 seconds and sales rose 15% that month. I now load-test before every holiday.";

#[test]
fn new_writes_a_question_with_derived_points_and_refuses_to_overwrite() {
    let home = tempfile::tempdir().unwrap();
    let answer = home.path().join("answer.txt");
    std::fs::write(&answer, ANSWER).unwrap();
    let new = || {
        let mut cmd = rehearse(home.path());
        cmd.args(["questions", "new", "--question"])
            .arg("Tell me about a time you fixed a slow website.")
            .arg("--answer-file")
            .arg(&answer)
            .args(["--category", "delivery"]);
        cmd
    };
    let out = String::from_utf8(succeeded(&mut new()).stdout).unwrap();
    assert!(out.contains("key points:"), "{out}");
    let path = home.path().join("questions/fixed-slow-website.toml");
    assert!(path.is_file(), "{out}");
    assert!(out.contains(&path.display().to_string()), "{out}");

    let q = listed(home.path(), "fixed-slow-website").expect("in the merged bank");
    assert_eq!(q["category"], "delivery");
    assert_eq!(q["source"], path.display().to_string());
    assert_eq!(q["reference"], ANSWER);
    let points: Vec<&str> = q["key_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(!points.is_empty() && points.len() <= 7, "{points:?}");
    assert!(points.iter().any(|p| p.contains("15%")), "{points:?}");
    let before = std::fs::read_to_string(&path).unwrap();

    let again = new().output().unwrap();
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    succeeded(new().arg("--force"));
}

#[test]
fn new_takes_the_answer_from_stdin_and_an_id_of_its_own() {
    let home = tempfile::tempdir().unwrap();
    succeeded(
        rehearse(home.path())
            .args(["questions", "new", "--id", "my-story", "--answer-file", "-"])
            .args(["--question", "What is your proudest project?"])
            .write_stdin(ANSWER),
    );
    let q = listed(home.path(), "my-story").expect("added");
    assert_eq!(q["category"], "general");
    assert_eq!(q["question"], "What is your proudest project?");

    // No terminal and no question: one line saying what to pass.
    let out = rehearse(home.path())
        .args(["questions", "new", "--answer-file", "-"])
        .write_stdin(ANSWER)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--question"), "{err}");
}

#[test]
fn editing_a_bundled_question_copies_it_and_the_copy_overrides() {
    let home = tempfile::tempdir().unwrap();
    let ed = editor(
        home.path(),
        "ed.sh",
        r#"sed -i 's/^category = .*/category = "mine"/' "$1""#,
    );
    let out = succeeded(with_editor(home.path(), &ed).args([
        "questions",
        "edit",
        "giving-receiving-feedback",
    ]));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("checks out"), "{printed}");
    let copy = home.path().join("questions/giving-receiving-feedback.toml");
    let q = listed(home.path(), "giving-receiving-feedback").unwrap();
    assert_eq!(q["category"], "mine");
    assert_eq!(q["source"], copy.display().to_string());

    // The copy is the user's own: rm deletes it and the bundled one is back.
    let out = succeeded(rehearse(home.path()).args([
        "questions",
        "rm",
        "giving-receiving-feedback",
        "--yes",
    ]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("bundled"));
    assert!(!copy.exists());
    let q = listed(home.path(), "giving-receiving-feedback").unwrap();
    assert_eq!(q["source"], "bundled");
}

#[test]
fn an_invalid_edit_is_kept_and_reported_with_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let answer = home.path().join("a.txt");
    std::fs::write(&answer, ANSWER).unwrap();
    succeeded(
        rehearse(home.path())
            .args(["questions", "new", "--id", "shop", "--question", "Why?"])
            .arg("--answer-file")
            .arg(&answer),
    );
    let path = home.path().join("questions/shop.toml");
    let breaking = editor(
        home.path(),
        "break.sh",
        r#"sed -i 's/^target_seconds = .*/target_seconds = "soon"/' "$1""#,
    );
    let out = with_editor(home.path(), &breaking)
        .args(["questions", "edit", "shop"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("target_seconds"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("shop.toml:{line}:")),
        "no line:column in {err}"
    );
    assert!(err.contains("questions edit shop"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // Kept: the broken text is still in the file.
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("target_seconds = \"soon\""));

    // Re-running edit reaches the broken file and a fix is accepted.
    let fixing = editor(
        home.path(),
        "fix.sh",
        r#"sed -i 's/^target_seconds = .*/target_seconds = 75/' "$1""#,
    );
    succeeded(with_editor(home.path(), &fixing).args(["questions", "edit", "shop"]));
    assert_eq!(listed(home.path(), "shop").unwrap()["target_seconds"], 75);
}

#[test]
fn a_failing_editor_changes_nothing_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let ed = editor(home.path(), "fail.sh", "exit 3");
    let out = with_editor(home.path(), &ed)
        .args(["questions", "edit", "explain-complex-concept"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("editor") && err.contains("EDITOR"), "{err}");
}

#[test]
fn rm_refuses_bundled_and_unknown_questions_in_one_line() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        (
            "explain-complex-concept",
            "bundled question and cannot be removed",
        ),
        ("no-such-question", "no question with id"),
    ];
    for (id, want) in cases {
        let out = rehearse(home.path())
            .args(["questions", "rm", id, "--yes"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{id}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{id}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
