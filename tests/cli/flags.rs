//! Flags that make no sense are refused by clap with exit code 2 and a line
//! that names the flag; a question id that matches nothing is an error with
//! the id probably meant, not an empty success.

use crate::pipes::two_attempts;
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn rehearse(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rehearse").expect("binary builds");
    cmd.env("REHEARSE_HOME", home)
        .env_remove("REHEARSE_QUESTIONS")
        .env_remove("REHEARSE_MODEL");
    cmd
}

#[test]
fn senseless_values_are_refused_before_anything_runs() {
    let home = tempfile::tempdir().unwrap();
    for (args, names) in [
        (&["practice", "--max-seconds", "0"][..], "--max-seconds"),
        (&["practice", "--max-seconds", "-5"], "--max-seconds"),
        (&["practice", "--silence-stop", "-1"], "--silence-stop"),
        (&["transcribe", "x.wav", "--threads", "0"], "--threads"),
        (&["review", "--last", "0"], "--last"),
        (&["history", "--prune", "--keep", "0"], "--keep"),
        (&["history", "--yes"], "--prune"),
        (&["review", "some-id", "--last"], "--last"),
        (
            &["report", "some-id", "--question", "q", "--md", "x.md"],
            "--question",
        ),
        (&["transcribe", "x.wav", "--json", "--srt"], "--srt"),
        (&["devices", "--model", "m.bin"], "--model"),
        (&["--model", "m.bin", "devices"], "--model"),
    ] {
        rehearse(home.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(names));
    }
    // Nothing was recorded or created.
    assert!(!home.path().join("recordings").exists());
}

#[test]
fn history_of_a_mistyped_question_says_which_was_meant() {
    let home = tempfile::tempdir().unwrap();
    two_attempts(home.path());
    rehearse(home.path())
        .args(["history", "--question", "ship-itt"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `ship-it`?"));
    rehearse(home.path())
        .args(["history", "--question", "explain-complx-concept", "--json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `explain-complex-concept`?",
        ));
    // A bank question without attempts: success, and the suggested command
    // names a question that exists.
    let out = rehearse(home.path())
        .args(["history", "--question", "explain-complex-concept"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("`rehearse practice --question explain-complex-concept`"),
        "{out}"
    );
    rehearse(home.path())
        .args(["questions", "show", "explain-complex-concept"])
        .assert()
        .success();
    // The question's own attempts are listed as before.
    rehearse(home.path())
        .args(["history", "--question", "ship-it"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ship-it"));
}
