//! Terminal escape codes from outside never reach the terminal raw (issue 12
//! item 4): question files (question, category, key points, reference),
//! transcripts and attempt records carrying `ESC[2J`, OSC 8 links, OSC 0
//! titles, 8-bit C1 controls and other control characters are shown with
//! the controls made visible, by `questions`, `review`, `history` and
//! `compare`, and in Markdown reports.

use crate::support::{one_segment, rehearse, stdout};
use rehearse::analysis::{analyse, Question, Report, Settings, SpeechActivity};
use rehearse::store::attempts::{AttemptStore, Source};
use std::time::{Duration, UNIX_EPOCH};

/// One of each escape family, as Rust text.
const CLEAR: &str = "\x1b[2J";
const LINK: &str = "\x1b]8;;http://example.invalid/\x1b\\click\x1b]8;;\x1b\\";
const TITLE: &str = "\x1b]0;pwned\x07";
const C1_CSI: &str = "\u{9b}31m";
const BACKSPACE: &str = "abc\x08\x08\x08xyz";

/// Any control character but a line break: what must not be printed.
fn controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| *c != '\n' && (c.is_control()))
        .collect()
}

fn assert_clean(out: &str, what: &str) {
    assert_clean_as(out, what, "␛[2J");
}

/// No raw controls in `out`, and `ESC[2J` shown as `visible`.
fn assert_clean_as(out: &str, what: &str, visible: &str) {
    let bad = controls(out);
    assert!(
        bad.is_empty(),
        "{what} printed raw controls {bad:?}:\n{out}"
    );
    // The text is still there, with the escape made visible.
    assert!(out.contains(visible), "{what} shows the escape:\n{out}");
}

/// `\u001b`-style TOML escapes for `s`.
fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                o.push('\\');
                o.push(c);
            }
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[test]
fn question_files_cannot_send_escape_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = format!(
        "id = \"hostile\"\ncategory = {}\nquestion = {}\ntarget_seconds = 60\nreference = {}\nkey_points = [{}, {}, {}]\n",
        toml_str(&format!("team{TITLE}")),
        toml_str(&format!("Why?{CLEAR} Tell me{LINK}.")),
        toml_str(&format!("First{CLEAR} paragraph.\n\nSecond {C1_CSI}one.")),
        toml_str(&format!("one {BACKSPACE}")),
        toml_str(&format!("two{TITLE}")),
        toml_str(&format!("three{CLEAR}")),
    );
    std::fs::write(dir.path().join("hostile.toml"), file).unwrap();
    let home = tempfile::tempdir().unwrap();
    let show = stdout(
        rehearse(home.path())
            .arg("--questions")
            .arg(dir.path())
            .args(["questions", "show", "hostile"]),
    );
    assert_clean(&show, "questions show");
    assert!(show.contains("␛]0;pwned␇"), "{show}");
    assert!(
        show.contains("␛]8;;http://example.invalid/␛\\click"),
        "{show}"
    );
    assert!(show.contains("\\u{9b}31m"), "{show}");
    assert!(show.contains("abc␈␈␈xyz"), "{show}");
    // The paragraph break of the reference survives.
    assert!(show.contains("paragraph.\n\n  Second"), "{show}");
    let list = stdout(
        rehearse(home.path())
            .arg("--questions")
            .arg(dir.path())
            .arg("questions"),
    );
    assert_clean(&list, "questions");
}

/// A report of "hello <escape> world." for `q`.
fn hostile_report(q: &Question, extra: &str) -> Report {
    let texts = ["Hello", CLEAR, "world", LINK, "again.", extra];
    let t = one_segment(&texts, 0.5, 0.9, 3.5);
    let a = SpeechActivity {
        audio_s: 4.0,
        regions: vec![(0.5, 3.5)],
    };
    analyse(&t, &a, q, &Settings::default())
}

#[test]
fn attempts_cannot_send_escape_codes() {
    let home = tempfile::tempdir().unwrap();
    let q = Question {
        id: "hostile".into(),
        category: format!("team{TITLE}"),
        question: format!("Why?{CLEAR}{LINK}"),
        target_seconds: 60,
        reference: format!("Reference{CLEAR}{C1_CSI}\n\nmore{TITLE}"),
        key_points: vec![format!("hello world{CLEAR}"), format!("missed{TITLE}")],
        key_points_derived: false,
        audio: None,
    };
    let store = AttemptStore::new(home.path().join("attempts"));
    let wav = rehearse::audio::wav::encode_wav(&[0.0; 16_000], 16_000);
    let mut ids = vec![];
    for (i, extra) in [BACKSPACE, C1_CSI].iter().enumerate() {
        let when = UNIX_EPOCH + Duration::from_secs(1_795_860_930 + i as u64 * 86_400);
        let dir = store
            .save(&hostile_report(&q, extra), &q, &wav, Source::Practice, when)
            .unwrap();
        ids.push(dir.file_name().unwrap().to_string_lossy().into_owned());
    }
    let review = stdout(rehearse(home.path()).args(["review", &ids[0]]));
    assert_clean(&review, "review");
    assert!(review.contains("abc␈␈␈xyz"), "{review}");
    let compare = stdout(rehearse(home.path()).args(["compare", &ids[0], &ids[1]]));
    assert_clean(&compare, "compare");

    // An edited record: the question id itself carries an escape.
    let json_path = home
        .path()
        .join("attempts")
        .join(&ids[1])
        .join("attempt.json");
    let json = std::fs::read_to_string(&json_path).unwrap();
    let edited = json.replace("\"id\": \"hostile\"", "\"id\": \"host\\u001b[2Jile\"");
    assert_ne!(edited, json, "the record names the question");
    std::fs::write(&json_path, edited).unwrap();
    let history = stdout(rehearse(home.path()).arg("history"));
    assert_clean(&history, "history");

    let md = home.path().join("r.md");
    rehearse(home.path())
        .args(["report", &ids[0], "--md"])
        .arg(&md)
        .assert()
        .success();
    let md = std::fs::read_to_string(&md).unwrap();
    // Markdown escapes the bracket as well.
    assert_clean_as(&md, "report --md", "␛\\[2J");
    let html = home.path().join("r.html");
    rehearse(home.path())
        .args(["report", &ids[0], "--html"])
        .arg(&html)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html).unwrap();
    let bad = controls(&html);
    assert!(bad.is_empty(), "report --html kept raw controls {bad:?}");
}
