//! Tests of question-file loading.

use super::*;

const GOOD: &str = r#"id = "tell-me"
category = "communication"
question = "Tell me about a time?"
target_seconds = 90
reference = """
Situation: I led a migration of 12 services. I wrote the plan in 2 days. Result: Costs fell 30%.
"""
key_points = ["led a migration of 12 services", "costs fell 30%"]
"#;

fn err(src: &str) -> String {
    match parse(src, "q.toml") {
        Ok(q) => format!("unexpectedly parsed: {q:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn parses_a_good_file() {
    let q = parse(GOOD, "q.toml").unwrap();
    assert_eq!(q.id, "tell-me");
    assert_eq!(q.category, "communication");
    assert_eq!(q.target_seconds, 90);
    assert!(q.reference.starts_with("Situation:") && q.reference.ends_with("30%."));
    assert_eq!(q.key_points.len(), 2);
    assert!(!q.key_points_derived);
    assert_eq!(q.audio, None);
}

#[test]
fn reports_bad_files_with_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        ("id = \"tell-me\"", "id = \"tell-me", "q.toml:1:"),
        (
            "question = \"Tell me about a time?\"",
            "question = 5",
            "q.toml:3:12: ",
        ),
        (
            "question = \"Tell me about a time?\"",
            "question = \"Tell me",
            "q.toml:3:20: ",
        ),
        (
            "target_seconds = 90",
            "target_seconds = 0",
            "q.toml:4:18: `target_seconds` must be a positive",
        ),
        (
            "target_seconds = 90",
            "target_seconds = -5",
            "q.toml:4:18: `target_seconds` must be a positive",
        ),
        (
            "target_seconds = 90",
            "target_seconds = \"90\"",
            "q.toml:4:18: ",
        ),
        (
            "id = \"tell-me\"",
            "id = \"Tell_Me\"",
            "q.toml:1:6: id `Tell_Me` is not kebab-case",
        ),
        ("id = \"tell-me\"", "id = \"tell--me\"", "is not kebab-case"),
        (
            "question = \"Tell me about a time?\"",
            "question = \"  \"",
            "q.toml:3:12: `question` is empty",
        ),
        (
            "category = \"communication\"",
            "category = \"\"",
            "q.toml:2:12: `category` is empty",
        ),
        (
            "\"costs fell 30%\"]",
            "\" \"]",
            "q.toml:8:49: key point 2 is empty",
        ),
    ];
    for (from, to, want) in cases {
        let src = GOOD.replacen(from, to, 1);
        let got = err(&src);
        assert!(
            got.contains(want),
            "{from} -> {to}: got {got:?}, want {want:?}"
        );
        assert!(!got.contains('\n'), "one line: {got:?}");
    }
}

#[test]
fn type_errors_name_the_field() {
    let got = err(&GOOD.replacen("question = \"Tell me about a time?\"", "question = 5", 1));
    assert!(
        got.starts_with("q.toml:3:12: ") && got.contains("`question`"),
        "{got}"
    );
}

#[test]
fn empty_reference_is_an_error() {
    let src = GOOD.replacen(
            "\"\"\"\nSituation: I led a migration of 12 services. I wrote the plan in 2 days. Result: Costs fell 30%.\n\"\"\"",
            "\"\"\"\n  \n\"\"\"",
            1,
        );
    assert!(err(&src).contains("`reference` is empty"), "{}", err(&src));
}

#[test]
fn missing_fields_are_named() {
    for field in ["id", "category", "question", "target_seconds", "reference"] {
        let src: String = GOOD
            .lines()
            .filter(|l| !l.starts_with(&format!("{field} =")))
            .collect::<Vec<_>>()
            .join("\n");
        let src = if field == "reference" {
            src.replace("Situation: I led a migration of 12 services. I wrote the plan in 2 days. Result: Costs fell 30%.\n\"\"\"", "")
        } else {
            src
        };
        let got = err(&src);
        assert!(
            got.contains(&format!("missing required field `{field}`")),
            "{field}: {got}"
        );
    }
}

#[test]
fn unknown_fields_are_accepted() {
    assert!(parse(&format!("{GOOD}difficulty = \"hard\"\n"), "q.toml").is_ok());
}

#[test]
fn derives_key_points_when_absent_or_empty() {
    for src in [
        GOOD.replacen(
            "key_points = [\"led a migration of 12 services\", \"costs fell 30%\"]",
            "",
            1,
        ),
        GOOD.replacen(
            "key_points = [\"led a migration of 12 services\", \"costs fell 30%\"]",
            "key_points = []",
            1,
        ),
    ] {
        let q = parse(&src, "q.toml").unwrap();
        assert!(q.key_points_derived);
        assert!(!q.key_points.is_empty());
        for kp in &q.key_points {
            assert!(q.reference.contains(kp.as_str()), "{kp:?} not in reference");
        }
    }
}

#[test]
fn audio_is_resolved_against_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tell-me.toml");
    std::fs::write(&path, format!("{GOOD}audio = \"audio/q.wav\"\n")).unwrap();
    let q = load_file(&path).unwrap();
    let audio = q.audio.unwrap();
    assert!(audio.is_absolute());
    assert!(audio.ends_with("audio/q.wav"));
    assert!(audio.starts_with(std::path::absolute(dir.path()).unwrap()));
    // parse() keeps it as written.
    let q = parse(&format!("{GOOD}audio = \"q.wav\"\n"), "x").unwrap();
    assert_eq!(q.audio, Some(PathBuf::from("q.wav")));
    assert!(err(&format!("{GOOD}audio = \"\"\n")).contains("`audio` is empty"));
}

#[test]
fn folder_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_bank(Some(dir.path())).unwrap_err().to_string();
    assert!(e.contains("no question files"), "{e}");

    let e = load_bank(Some(&dir.path().join("nope")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");

    std::fs::write(dir.path().join("a.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a question").unwrap();
    let e = load_bank(Some(dir.path())).unwrap_err().to_string();
    assert!(
        e.contains("duplicate question id `tell-me`")
            && e.contains("a.toml")
            && e.contains("b.toml"),
        "{e}"
    );

    std::fs::write(
        dir.path().join("b.toml"),
        GOOD.replacen("tell-me", "another-one", 1),
    )
    .unwrap();
    let bank = load_bank(Some(dir.path())).unwrap();
    let ids: Vec<&str> = bank.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["another-one", "tell-me"]);

    std::fs::write(dir.path().join("c.toml"), "id = \n").unwrap();
    let e = load_bank(Some(dir.path())).unwrap_err().to_string();
    assert!(e.contains("c.toml:1:"), "{e}");
}

#[test]
fn finds_by_id_or_path() {
    let bank = load_bank(None).unwrap();
    let first = &bank[0];
    assert_eq!(&find(&bank, &first.id).unwrap(), first);

    let e = find(&bank, "explain-complex-concep")
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `explain-complex-concept`?"), "{e}");
    assert!(e.contains("rehearse questions"), "{e}");
    let e = find(&bank, "feedback").unwrap_err().to_string();
    assert!(
        e.contains("did you mean `giving-receiving-feedback`?"),
        "{e}"
    );
    let e = find(&bank, "zzz").unwrap_err().to_string();
    assert!(!e.contains("did you mean") && e.contains(&first.id), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, GOOD).unwrap();
    assert_eq!(find(&bank, path.to_str().unwrap()).unwrap().id, "tell-me");
    let e = find(&bank, dir.path().join("y.toml").to_str().unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}

#[test]
fn bundled_bank_is_valid() {
    let bank = load_bank(None).unwrap();
    assert_eq!(bank.len(), BUNDLED.len());
    assert_eq!(bank.len(), 10);
    for q in &bank {
        assert!((5..=7).contains(&q.key_points.len()), "{}", q.id);
        assert!(!q.key_points_derived, "{}", q.id);
    }
    for (name, src) in BUNDLED {
        let q = parse(src, name).unwrap();
        assert_eq!(
            format!("{}.toml", q.id),
            *name,
            "file name must be <id>.toml"
        );
    }
}

#[test]
fn helpers() {
    for (id, ok) in [
        ("a", true),
        ("a-1", true),
        ("ab-cd-9", true),
        ("", false),
        ("-a", false),
        ("a-", false),
        ("a--b", false),
        ("A", false),
        ("a_b", false),
        ("a b", false),
    ] {
        assert_eq!(is_kebab_case(id), ok, "{id:?}");
    }
    for (s, want) in [
        ("Tell_Me", "tell-me"),
        ("  x  y ", "x-y"),
        ("__", "my-question"),
    ] {
        assert_eq!(to_kebab_case(s), want);
    }
    for (src, off, want) in [
        ("ab\ncd", 0, (1, 1)),
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 4, (2, 2)),
        ("é\nx", 1, (1, 1)),
        ("x", 99, (1, 2)),
    ] {
        assert_eq!(line_col(src, off), want, "{src:?} {off}");
    }
}

#[test]
fn syntax_errors_never_name_the_wrong_key() {
    // (source, message must end with, must not contain)
    let cases: &[(&str, &str, &str)] = &[
        // A broken line 2 used to be blamed on line 1's `id`.
        ("id = \"a\"\ncategory \"x\"\n", "expected `=`", "`id`"),
        ("id = \"a\"\n= \"x\"\n", "`-`, `_`", "for `id`"),
        (
            "id = \"a\"\nid = \"b\"\n",
            "duplicate key for `id`",
            "`category`",
        ),
        ("id = \"a\"\ncategory = 5\n", "for `category`", "`id`"),
        ("id = \"a\"\ncategory =\n", "for `category`", "`id`"),
        (
            "id = \"a\"\nkey_points = [\n\"a\",\n5]\n",
            "for `key_points`",
            "`id`",
        ),
        ("id = 5\ncategory = \"x\"\n", "for `id`", "`category`"),
        (
            "id = \"a\"\nreference = \"\"\"\nx = y \\q\n\"\"\"\n",
            "for `reference`",
            "for `x`",
        ),
    ];
    for (src, end, not) in cases {
        let got = err(src);
        assert!(got.starts_with("q.toml:"), "{src:?}: {got}");
        assert!(got.ends_with(end), "{src:?}: {got}");
        assert!(!got.contains(not), "{src:?}: {got}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_question_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("q.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(load_file(&f).map(|_| ()).map_err(|e| e.to_string()));
    });
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("load_file blocked on a FIFO");
    let e = got.unwrap_err();
    assert!(
        e.contains("FIFO") && e.contains("not a regular file"),
        "{e}"
    );
    // As a bank folder entry it is skipped; as the folder itself, refused.
    std::fs::write(dir.path().join("a.toml"), GOOD).unwrap();
    assert_eq!(load_bank(Some(dir.path())).unwrap().len(), 1);
    let e = load_file(dir.path()).unwrap_err().to_string();
    assert!(e.contains("a folder"), "{e}");
}

#[test]
fn errors_quote_file_text_without_control_characters() {
    for (from, to) in [
        ("id = \"tell-me\"", "id = \"tell\\u001b[2J\\nme\""),
        ("question = \"Tell me about a time?\"", "\"a\\nb\" = [1,"),
    ] {
        let got = err(&GOOD.replacen(from, to, 1));
        assert!(!got.chars().any(char::is_control), "{got:?}");
        assert!(got.starts_with("q.toml:"), "{got:?}");
    }
    let got = err(&GOOD.replacen("id = \"tell-me\"", "id = \"a\\u001bb\"", 1));
    assert!(got.contains("id `a\\u{1b}b` is not kebab-case"), "{got}");
}

/// Key points derived from each bundled reference against the hand-written
/// points of the same question: how many hand-written points have a derived
/// match ([`crate::analysis::agreement`]: the coverage matcher, one derived
/// point at a time). Prints the figure the README quotes (run with
/// `cargo test --release --lib derived_points_match -- --nocapture`).
#[test]
// The figure is the test's report: libtest captures it unless --nocapture.
#[allow(clippy::print_stdout)]
fn derived_points_match_the_hand_written_ones() {
    use crate::analysis::agreement::{agreement, matches, Agreement};
    let mut all = Agreement::default();
    for q in load_bank(None).expect("bundled bank") {
        assert!(!q.key_points_derived, "{} has hand-written points", q.id);
        let derived = derive_key_points(&q.reference, DERIVED_KEY_POINTS_MAX);
        let a = agreement(&q.key_points, &derived, &q.question);
        println!("{:<32} {}/{}", q.id, a.matched, a.total);
        for (p, m) in q
            .key_points
            .iter()
            .zip(matches(&q.key_points, &derived, &q.question))
        {
            if !m {
                println!("    unmatched: {p}");
            }
        }
        all = all + a;
    }
    println!(
        "derivation: {} of {} hand-written key points have a derived match ({:.0} %)",
        all.matched,
        all.total,
        100.0 * all.share()
    );
    // The target is 80 %; the figure is 82 % (55 of 67), so this holds the
    // line against regressions.
    assert!(all.share() >= 0.8, "derivation agreement fell below 80 %");
}
