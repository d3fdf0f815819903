//! End-to-end test of `rehearse interview` through the virtual microphone
//! (see `practice.rs`): two questions in a row, each answered and saved with
//! one session id, then the summary table and the HTML session report.

use crate::need_model;
use crate::support::audio::*;
use crate::support::realtime;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

#[test]
fn interview_of_two_questions_is_one_session() {
    let model = need_model!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let mut env = va.env();
    env.push(("REHEARSE_MODEL".into(), model.display().to_string()));
    // A short answer: a bundled question's recording (3.6 s of speech).
    let answer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/audio/giving-receiving-feedback.wav");
    let html = va.dir.path().join("session.html");
    let html_arg = html.display().to_string();
    let mut run = Rehearse::spawn(
        &[
            "interview",
            "--count",
            "2",
            "--no-voice",
            "--silence-stop",
            "1.5",
            "--max-seconds",
            "8",
            "--html",
            &html_arg,
        ],
        &env,
        &home,
        Stdio::null(),
    );
    for n in 1..=2 {
        run.wait_for_nth("Recording from", n, Duration::from_secs(120));
        let mut play = va.speak_into_mic(&answer);
        let _ = play.wait();
    }
    let done = run.finish(Duration::from_secs(120));
    eprintln!(
        "--- stderr ---\n{}\n--- stdout ---\n{}",
        done.stderr, done.stdout
    );
    assert!(done.status.success(), "{}", done.stderr);
    assert!(done.stderr.contains("Question 1 of 2"), "{}", done.stderr);
    assert!(done.stderr.contains("Question 2 of 2"), "{}", done.stderr);
    assert_eq!(done.stderr.matches("stopped by silence").count(), 2);

    // Two attempts, one session id.
    let mut sessions = Vec::new();
    let mut questions = Vec::new();
    for e in std::fs::read_dir(home.join("attempts")).unwrap() {
        let rec: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(e.unwrap().path().join("attempt.json")).unwrap(),
        )
        .unwrap();
        sessions.push(rec["session"].as_str().expect("session id").to_string());
        questions.push(rec["question"]["question"].as_str().unwrap().to_string());
        assert!(rec["report"]["words"].as_u64().unwrap() >= 5, "{rec:#}");
    }
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0], sessions[1]);
    assert!(sessions[0].starts_with("interview-"), "{}", sessions[0]);
    assert_ne!(questions[0], questions[1], "the same question twice");

    // The summary table: a header, two rows, the totals.
    let out = &done.stdout;
    assert!(
        out.contains(&format!("Mock interview {}", sessions[0])),
        "{out}"
    );
    assert!(out.contains("length   wpm  fillers  points"), "{out}");
    assert!(out.lines().any(|l| l.starts_with(" 1  ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with(" 2  ")), "{out}");
    assert!(out.contains("all answers"), "{out}");

    // The HTML session report.
    assert!(done
        .stderr
        .contains(&format!("Session report: {}", html.display())));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h1>Mock interview</h1>"));
    assert!(page.contains("id=\"session-summary\""));
    for q in &questions {
        let escaped = rehearse::output::html::esc(q);
        assert!(
            page.contains(&format!("<h2>Question 1: {escaped}</h2>"))
                || page.contains(&format!("<h2>Question 2: {escaped}</h2>")),
            "{q} missing from the page"
        );
    }
}
