//! The README's examples run as written on a fresh install.
//!
//! Every `rehearse …` line of the README's `sh` blocks is run, block by
//! block, each block in a fresh data folder (`REHEARSE_HOME`) with the real
//! model. The files an example names are made first in the working folder
//! (`answer.wav` is a real recording, `draft.txt`, `why.txt`,
//! `my-question.toml`, `my-answers.md` a document of answers), and two attempts of a bundled
//! question are saved so the commands that read attempts have some.
//! Placeholders are filled in: `ID` with a question the block imported,
//! `ATTEMPT_A`/`ATTEMPT_B` with the two oldest attempts. A trailing
//! `| less` is left out (the output is read here), words in double quotes
//! stay one argument, and `EDITOR` is `true` (an editor that saves the file
//! as it is).
//!
//! Every line must succeed, with two exceptions that need hardware the test
//! does not have: `practice`, `interview` and `--play` run with no sound server and no
//! sound card, and must fail only on the missing device (the question or
//! category they name is resolved before the device is opened, so a wrong
//! id still fails the test); `model fetch` (a download of 140 MB) is not run.

use crate::support::{heavy, one_segment, rehearse};
use crate::{need_model, need_shared};
use rehearse::analysis::{analyse, Settings, SpeechActivity};
use rehearse::store::attempts::{AttemptStore, Source};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The `rehearse …` lines of each `sh` block of the README, comments removed.
fn example_blocks(readme: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    // Inside a fence: `Some(lines)` for an `sh` block, `None` for another kind.
    let mut fence: Option<Option<Vec<String>>> = None;
    for line in readme.lines() {
        let t = line.trim();
        if let Some(info) = t.strip_prefix("```") {
            match fence.take() {
                Some(Some(b)) => blocks.push(b),
                Some(None) => {}
                None => fence = Some((info.trim() == "sh").then(Vec::new)),
            }
            continue;
        }
        if let Some(Some(b)) = fence.as_mut() {
            if let Some(rest) = t.strip_prefix("rehearse ") {
                let cmd = match rest.find(" #") {
                    Some(i) => &rest[..i],
                    None => rest,
                };
                let cmd = cmd.split(" | ").next().unwrap_or(cmd);
                b.push(cmd.trim().to_string());
            }
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// A command line split into words: at spaces, except inside double quotes.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Files the examples name, in `dir`.
fn make_files(dir: &Path, jfk: &Path) {
    std::fs::copy(jfk, dir.join("answer.wav")).unwrap();
    std::fs::write(
        dir.join("draft.txt"),
        "At Target I led a session-based recommendation model. We deployed it and click-through rose 12%.",
    )
    .unwrap();
    std::fs::write(
        dir.join("my-question.toml"),
        "id = \"my-question\"\ncategory = \"general\"\nquestion = \"What did you ship last?\"\ntarget_seconds = 60\nreference = \"I shipped a faster search page. Load time fell from 9 to 2 seconds.\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("why.txt"),
        "I have built recommendation models for five years. Your team ships them to millions of shoppers every day. I want to learn from that scale.",
    )
    .unwrap();
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/import/fixtures/qa_plain.txt");
    std::fs::copy(doc, dir.join("my-answers.md")).unwrap();
}

/// Two saved attempts of a bundled question (no microphone needed).
fn seed_attempts(home: &Path) {
    let bank = rehearse::store::questions::load_bank(None).unwrap();
    let q = bank
        .iter()
        .find(|q| q.id == "critical-project-delivery")
        .expect("a bundled question the README uses");
    let words: Vec<&str> = "At Target I led a session-based recommendation system and it raised click-through rate by 12%."
        .split_whitespace()
        .collect();
    let t = one_segment(&words, 0.4, 0.8, 0.5 + words.len() as f64 * 0.4);
    let activity = SpeechActivity {
        audio_s: 8.0,
        regions: vec![(0.5, 0.5 + words.len() as f64 * 0.4)],
    };
    let report = analyse(&t, &activity, q, &Settings::default());
    let wav = rehearse::audio::wav::encode_wav(&vec![0.0; 16_000], 16_000);
    let store = AttemptStore::new(home.join("attempts"));
    let now = SystemTime::now();
    for days in [2, 1] {
        let when = now - Duration::from_secs(days * 86_400);
        store
            .save(&report, q, &wav, Source::Practice, when)
            .expect("save attempt");
    }
}

/// Sorted names in `dir` (empty when it does not exist).
fn names(dir: &Path, ext: Option<&str>) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn readme_examples_run_as_written() {
    let model = need_model!();
    let jfk = need_shared!("audio/jfk.wav");
    let _cpu = heavy();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks = example_blocks(&readme);
    assert!(
        blocks
            .iter()
            .flatten()
            .any(|c| c.starts_with("questions import")),
        "found no examples: {blocks:?}"
    );
    let mut ran = 0;
    for block in &blocks {
        let work = tempfile::tempdir().unwrap();
        let home = work.path().join("data");
        make_files(work.path(), &jfk);
        seed_attempts(&home);
        // No sound server and no sound card: device commands fail at once.
        let alsa_conf = work.path().join("empty-asound.conf");
        std::fs::write(&alsa_conf, "").unwrap();
        for line in block {
            assert!(
                !line.contains(['\'', '$', '<', '>', '`']),
                "`rehearse {line}`: this needs a shell; keep README examples plain or teach this test"
            );
            if line.starts_with("model fetch") {
                continue;
            }
            let ids = names(&home.join("questions"), Some("toml"));
            let attempts = names(&home.join("attempts"), None);
            let args: Vec<String> = split_words(line)
                .into_iter()
                .map(|w| match w.as_str() {
                    "ID" => ids
                        .first()
                        .cloned()
                        .expect("ID: a question was imported before"),
                    "ATTEMPT_A" => attempts[0].clone(),
                    "ATTEMPT_B" => attempts[1].clone(),
                    w => w.to_string(),
                })
                .collect();
            let out = rehearse(&home)
                .current_dir(work.path())
                .args(&args)
                .env("REHEARSE_MODEL", &model)
                .env(
                    "PULSE_SERVER",
                    format!("unix:{}/no-server", work.path().display()),
                )
                .env("XDG_RUNTIME_DIR", work.path())
                .env("ALSA_CONFIG_PATH", &alsa_conf)
                // `questions edit`: an editor that saves the file unchanged.
                .env("EDITOR", "true")
                .env_remove("VISUAL")
                .timeout(Duration::from_secs(120))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            let needs_device = ["practice", "interview"].contains(&args[0].as_str())
                || args.iter().any(|a| a == "--play");
            if needs_device {
                assert!(
                    out.status.success() || err.contains("device"),
                    "`rehearse {line}` failed, and not for want of a sound device: {err}"
                );
            } else {
                assert!(out.status.success(), "`rehearse {line}` failed: {err}");
            }
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} examples ran");
}

#[test]
fn example_lines_are_read_from_sh_blocks_only() {
    let md = "text\n```sh\nrehearse a --b   # comment\nrehearse report --md - | less\nscripts/x\n```\n```toml\nrehearse not-this\n```\n```\nrehearse nor-this\n```\n```sh\nrehearse c\n```\n";
    assert_eq!(
        example_blocks(md),
        vec![
            vec!["a --b".to_string(), "report --md -".to_string()],
            vec!["c".to_string()]
        ]
    );
    assert_eq!(
        split_words(r#"new --question "Why this job?"  --x"#),
        ["new", "--question", "Why this job?", "--x"]
    );
}
