//! Terminal width: every report the binary prints wraps to `COLUMNS`
//! (60 and 100 here), with no line over the width and no word split across
//! lines: `score --text`, `score` on a recording (real model), `review`,
//! `compare` and the `history` table, on the bundled questions (the longest
//! key points rehearse ships).

use crate::support::{heavy, rehearse, stdout, succeeded};
use crate::{need_model, need_shared};
use rehearse::analysis::{analyse, Question, Segment, Settings, SpeechActivity, Transcript, Word};
use rehearse::store::attempts::{AttemptStore, Source};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const WIDTHS: [usize; 2] = [60, 100];

/// A long answer with hedges, a repeat and "we" in the action part, so that
/// every section (delivery, tips with reference quotes) is printed.
const ANSWER: &str = "Um, at a large retail company I led the development of a \
session-based recommendation system for item personalization across every \
product category. I think the previous models were kind of fine for known \
customers, but maybe not for anonymous visitors. We proposed graph neural \
networks to model session-based behaviours. We scoped the project with the \
engineers. We worked with product managers, probably, to define success \
metrics. The the click-through rate went up by twelve percent and revenue \
from personalised recommendations grew noticeably over the next quarter.";

fn bank() -> Vec<Question> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let mut qs: Vec<Question> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml").then_some(p)
        })
        .map(|p| rehearse::store::questions::load_file(&p).unwrap())
        .collect();
    qs.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(qs.len() >= 3, "bundled questions in {}", dir.display());
    qs
}

/// Display columns of a line (all test text is narrow characters).
fn columns(line: &str) -> usize {
    line.chars().count()
}

/// Assert no line of `out` is wider than `width`, and that every word of
/// `words` (a text the report quotes whole) appears unbroken in it.
#[track_caller]
fn fits(out: &str, width: usize, words: &str, what: &str) {
    assert!(!out.trim().is_empty(), "{what}: no output");
    for line in out.lines() {
        assert!(
            columns(line) <= width,
            "{what} at {width}: {} columns\n{line}\n---\n{out}",
            columns(line)
        );
    }
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for w in words.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.len() < 4 || w.contains(|c: char| !c.is_alphanumeric() && c != '-') {
            continue;
        }
        let whole = flat
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|t| t.eq_ignore_ascii_case(w));
        assert!(whole, "{what} at {width}: {w:?} is split or missing\n{out}");
    }
}

fn timed(text: &str, wpm: f64) -> (Transcript, SpeechActivity) {
    let step = 60.0 / wpm;
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.into(),
            start_s: 0.5 + i as f64 * step,
            end_s: 0.5 + i as f64 * step + step * 0.8,
            prob: 0.9,
        })
        .collect();
    let end = words.last().map_or(1.0, |w| w.end_s);
    let t = Transcript {
        aligned: false,
        cleaned: false,
        segments: vec![Segment {
            start_s: 0.5,
            end_s: end,
            text: text.into(),
        }],
        words,
    };
    let a = SpeechActivity {
        audio_s: end + 1.0,
        regions: vec![(0.5, end)],
    };
    (t, a)
}

/// Save an attempt at `ANSWER` for each of `qs`, a day apart.
fn populate(home: &Path, qs: &[&Question]) -> Vec<String> {
    let samples = vec![0.0f32; 16_000];
    let wav = rehearse::audio::wav::encode_wav(&samples, 16_000);
    let store = AttemptStore::new(home.join("attempts"));
    qs.iter()
        .enumerate()
        .map(|(i, q)| {
            let (t, a) = timed(ANSWER, 150.0 + 20.0 * i as f64);
            let r = analyse(&t, &a, q, &Settings::default());
            let when = UNIX_EPOCH + Duration::from_secs(1_795_000_000 + 86_400 * i as u64);
            let dir = store
                .save(&r, q, &wav, Source::Practice, when.min(SystemTime::now()))
                .unwrap();
            dir.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn typed_reports_wrap_to_the_width() {
    let home = tempfile::tempdir().unwrap();
    let answer = home.path().join("answer.txt");
    std::fs::write(&answer, ANSWER).unwrap();
    for q in bank() {
        for width in WIDTHS {
            let out = stdout(
                rehearse(home.path())
                    .env("COLUMNS", width.to_string())
                    .args(["score", "--question", &q.id, "--text"])
                    .arg(&answer),
            );
            // The typed report quotes the key points whole (not the answer).
            fits(
                &out,
                width,
                &q.key_points.join(" "),
                &format!("score --text {}", q.id),
            );
            assert!(out.contains("Tips"), "{out}");
        }
    }
}

#[test]
fn review_compare_and_history_wrap_to_the_width() {
    let home = tempfile::tempdir().unwrap();
    let qs = bank();
    // The longest question id, twice, so compare and trends have pairs.
    let long = qs.iter().max_by_key(|q| q.id.len()).unwrap();
    let ids = populate(home.path(), &[&qs[0], long, long, &qs[1]]);
    for width in WIDTHS {
        let cols = width.to_string();
        let run = |args: &[&str]| stdout(rehearse(home.path()).env("COLUMNS", &cols).args(args));
        for (i, id) in ids.iter().enumerate() {
            let q = if i == 0 {
                &qs[0]
            } else if i == 3 {
                &qs[1]
            } else {
                long
            };
            let out = run(&["review", id]);
            let quoted = format!("{} {} {}", q.key_points.join(" "), ANSWER, q.reference);
            fits(&out, width, &quoted, &format!("review {}", q.id));
        }
        let out = run(&["compare", &ids[1], &ids[2]]);
        fits(&out, width, &long.key_points.join(" "), "compare");
        let out = run(&["history"]);
        fits(&out, width, "", "history");
        // Ids stay whole: every attempt is findable by its time stamp.
        for id in &ids {
            assert!(out.contains(&id[..15]), "{id} in\n{out}");
        }
        if width >= 100 {
            assert!(out.contains("coverage"), "{out}");
        }
    }
}

#[test]
fn history_without_a_width_keeps_every_column() {
    let home = tempfile::tempdir().unwrap();
    let qs = bank();
    populate(home.path(), &[&qs[0], &qs[0]]);
    let out = stdout(rehearse(home.path()).env_remove("COLUMNS").arg("history"));
    let head = out.lines().next().unwrap_or_default();
    for col in ["date (UTC)", "length/target", "pauses", "fillers", "id"] {
        assert!(head.contains(col), "{col} in {head}");
    }
    let out = stdout(rehearse(home.path()).env("COLUMNS", "60").arg("history"));
    let head = out.lines().next().unwrap_or_default();
    assert!(
        !head.contains("date (UTC)") && head.contains("id"),
        "{head}"
    );
}

#[test]
fn scored_recording_wraps_to_the_width() {
    let model = need_model!();
    let jfk = need_shared!("audio/jfk.wav");
    let _cpu = heavy();
    let home = tempfile::tempdir().unwrap();
    let q = &bank()[0];
    let out = succeeded(
        rehearse(home.path())
            .env("REHEARSE_MODEL", &model)
            .env("COLUMNS", "60")
            .args(["score", "--question", &q.id, "--audio"])
            .arg(&jfk),
    );
    let out = String::from_utf8_lossy(&out.stdout);
    fits(&out, 60, &q.key_points.join(" "), "score --audio");
    assert!(out.contains("I vs we") && out.contains("Tips"), "{out}");
}
