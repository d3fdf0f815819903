//! Saved attempts and what is built on them: `history`, `review`, `report`,
//! `compare`, `delete` and `history --prune`, through the binary with a temp
//! data folder (`REHEARSE_HOME`), plus snapshot tests of the terminal and
//! Markdown renderers on fixed reports, and the HTML report in a real
//! headless browser.
//!
//! Attempts are made two ways: `AttemptStore::save` with reports that
//! `analysis::analyse` makes of made-up takes of one script (always), and
//! `rehearse score --save` on the dev clips with the real model.

use crate::support::{heavy, rehearse, skip, stdout};
use crate::{need_dev_set, need_model};
use predicates::prelude::*;
use rehearse::analysis::compare::compare;
use rehearse::analysis::trends::HistoryRow;
use rehearse::analysis::{
    analyse, Question, Report, Segment, Settings, SpeechActivity, Transcript, Word,
};
use rehearse::output::history::{render_comparison, render_table};
use rehearse::output::view::AttemptView;
use rehearse::store::attempts::{AttemptStore, Source};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------- fixtures

const SCRIPT: &str = "I owned the demand forecast at an online grocery company, the model that set nightly orders for our forty warehouses. About two weeks after I launched a new version, a long holiday weekend hit and the model predicted far too little produce. Shelves went empty, and we lost roughly two hundred fifty thousand dollars in sales. My first move was to put the old model back, which took under two hours. Then I traced the cause: someone upstream had renamed a column, and the holiday indicator quietly vanished from the training data. I added a check that makes the pipeline fail whenever an expected feature is missing, and I changed our backtests so they always cover the latest holidays. The next holiday season, our error stayed below eight percent.";

const KEY_POINTS: [&str; 6] = [
    "a new model badly under-forecast a holiday weekend, causing stockouts and about $250,000 in lost sales",
    "rolled back to the previous model within two hours",
    "root cause: a renamed column silently dropped the holiday feature from training",
    "added a schema check that fails the pipeline when an expected feature is missing",
    "made backtests always include recent holiday periods",
    "the next holiday season the forecast error stayed under 8%",
];

fn question() -> Question {
    Question {
        id: "model-rollback".into(),
        category: "failure".into(),
        question: "Tell me about a time a model you shipped failed in production. What happened, and what did you learn?".into(),
        target_seconds: 120,
        reference: "Situation: At an online grocery company I owned the demand forecasting model that set next-day orders for 40 warehouses. Action: Within two hours I rolled back to the previous model. Result: The next holiday season the forecast error stayed under 8%.".into(),
        key_points: KEY_POINTS.iter().map(|s| s.to_string()).collect(),
        key_points_derived: false,
        audio: None,
    }
}

fn other_question() -> Question {
    Question {
        id: "explain-to-executives".into(),
        category: "communication".into(),
        question: "Explain a technical result to executives.".into(),
        target_seconds: 90,
        reference: "I led with the decision they had to make.".into(),
        key_points: vec!["led with the decision".into(), "used one chart".into()],
        key_points_derived: false,
        audio: None,
    }
}

/// How one made-up take of the script goes. The report is what
/// [`analyse`] makes of its transcript and speech activity; `covered` is the
/// story the take is meant to tell, checked against the analysis so that a
/// change in the matcher cannot quietly change what the snapshots show.
struct Take {
    /// Words per minute while speaking.
    wpm: f64,
    /// Words of SCRIPT spoken (from the start).
    words: usize,
    /// (before word index, seconds) silences.
    pauses: &'static [(usize, f64)],
    /// (before word index, filler) insertions, as the recogniser writes them.
    fillers: &'static [(usize, &'static str)],
    /// Key points the analysis must find covered.
    covered: &'static [usize],
}

/// The transcript and speech activity of `take`, as Whisper and the voice
/// detector would give them: every spoken word (fillers too) takes a slot of
/// 60/wpm seconds, voiced from start to end, with the word in its first 80%;
/// a pause is an unvoiced gap between two slots; one segment per sentence.
fn recording(take: &Take) -> (Transcript, SpeechActivity) {
    let script: Vec<&str> = SCRIPT.split_whitespace().take(take.words).collect();
    let step = 60.0 / take.wpm;
    let mut t = 0.6;
    let mut voiced_from = t;
    let mut regions = Vec::new();
    let mut words = Vec::new();
    let mut segments = Vec::new();
    let mut sentence: Option<(f64, Vec<&str>)> = None;
    for (i, w) in script.iter().enumerate() {
        for (_, secs) in take.pauses.iter().filter(|(at, _)| *at == i) {
            regions.push((round2(voiced_from), round2(t)));
            t += secs;
            voiced_from = t;
        }
        let fillers = take.fillers.iter().filter(|(at, _)| *at == i);
        let spoken = fillers
            .flat_map(|(_, f)| f.split_whitespace().map(|x| (x, 0.9)))
            .chain([(*w, 0.95)]);
        for (text, prob) in spoken {
            let start_s = round2(t);
            sentence.get_or_insert((start_s, Vec::new())).1.push(text);
            words.push(Word {
                text: text.to_string(),
                start_s,
                end_s: round2(t + step * 0.8),
                prob,
            });
            t += step;
        }
        if w.ends_with('.') || i + 1 == script.len() {
            let (start_s, text) = sentence.take().expect("a sentence in progress");
            segments.push(Segment {
                start_s,
                end_s: round2(t - step * 0.2),
                text: text.join(" "),
            });
        }
    }
    regions.push((round2(voiced_from), round2(t)));
    let activity = SpeechActivity {
        audio_s: round2(t + 0.8),
        regions,
    };
    (
        Transcript {
            segments,
            words,
            aligned: false,
            cleaned: false,
        },
        activity,
    )
}

/// The report of `take`, by [`analyse`] with the default settings.
fn report(q: &Question, take: &Take) -> Report {
    let (transcript, activity) = recording(take);
    let r = analyse(&transcript, &activity, q, &Settings::default());
    let covered: Vec<usize> = (0..r.key_points.len())
        .filter(|&i| r.key_points[i].covered)
        .collect();
    assert_eq!(
        covered, take.covered,
        "the take no longer covers the key points it was made for: {:#?}",
        r.key_points
    );
    r
}

/// An answer with no speech: 5 s of silence.
fn no_speech_report(q: &Question) -> Report {
    let silence = SpeechActivity {
        audio_s: 5.0,
        regions: vec![],
    };
    analyse(&Transcript::default(), &silence, q, &Settings::default())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A weak first take: slow, a dead-air pause, fillers, half the story.
const WEAK: Take = Take {
    wpm: 118.0,
    words: 71,
    pauses: &[(19, 1.4), (40, 3.1)],
    fillers: &[(8, "um,"), (30, "uh,"), (45, "you know,")],
    covered: &[0, 1],
};
/// A better second take.
const BETTER: Take = Take {
    wpm: 139.0,
    words: 110,
    pauses: &[(58, 1.2)],
    fillers: &[(30, "um,")],
    covered: &[0, 1, 2, 3],
};
/// The full answer, fluent.
const FULL: Take = Take {
    wpm: 148.0,
    words: 129,
    pauses: &[],
    fillers: &[],
    covered: &[0, 1, 2, 3, 4, 5],
};

/// Owned view data for the renderers (fixed ids and dates for snapshots).
struct Fixed {
    id: &'static str,
    created: &'static str,
    q: Question,
    report: Report,
}

impl Fixed {
    fn view(&self) -> AttemptView<'_> {
        AttemptView {
            id: self.id,
            created: self.created,
            source: "practice",
            question_id: &self.q.id,
            question: &self.q.question,
            reference: &self.q.reference,
            report: &self.report,
        }
    }
}

fn fixed(id: &'static str, created: &'static str, take: &Take) -> Fixed {
    let q = question();
    let report = report(&q, take);
    Fixed {
        id,
        created,
        q,
        report,
    }
}

/// 2026-11-28T10:15:30Z plus `days`.
fn at(days: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_860_930 + days * 86_400)
}

/// A temp data folder; attempts go in `<home>/attempts`.
fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn attempts_root(home: &Path) -> PathBuf {
    home.join("attempts")
}

/// Save a hand-made attempt; returns its id.
fn save(home: &Path, q: &Question, report: &Report, when: SystemTime) -> String {
    let samples: Vec<f32> = (0..16_000)
        .map(|i| (i as f32 / 16_000.0 * 220.0 * std::f32::consts::TAU).sin() * 0.3)
        .collect();
    let wav = rehearse::audio::wav::encode_wav(&samples, 16_000);
    let dir = AttemptStore::new(attempts_root(home))
        .save(report, q, &wav, Source::Practice, when)
        .expect("save attempt");
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// Three takes of model-rollback (weak, better, full) and one other question.
fn populated() -> (tempfile::TempDir, Vec<String>) {
    let h = home();
    let q = question();
    let ids = vec![
        save(h.path(), &q, &report(&q, &WEAK), at(0)),
        save(h.path(), &q, &report(&q, &BETTER), at(1)),
        save(
            h.path(),
            &other_question(),
            &report(
                &other_question(),
                &Take {
                    wpm: 171.0,
                    words: 40,
                    pauses: &[],
                    fillers: &[],
                    covered: &[],
                },
            ),
            at(2),
        ),
        save(h.path(), &q, &report(&q, &FULL), at(3)),
    ];
    (h, ids)
}

// ------------------------------------------------------ snapshot tests

#[test]
fn snapshot_review_terminal() {
    let a = fixed(
        "20261128-101530-model-rollback-0a1b",
        "2026-11-28T10:15:30.000Z",
        &WEAK,
    );
    let text = rehearse::output::review::render(&a.view(), false);
    insta::assert_snapshot!("review_terminal", text);
}

#[test]
fn snapshot_history_table() {
    let f = [
        fixed(
            "20261201-101530-model-rollback-0004",
            "2026-12-01T10:15:30.000Z",
            &FULL,
        ),
        fixed(
            "20261129-101530-model-rollback-0002",
            "2026-11-29T10:15:30.000Z",
            &BETTER,
        ),
        fixed(
            "20261128-101530-model-rollback-0001",
            "2026-11-28T10:15:30.000Z",
            &WEAK,
        ),
    ];
    let rows: Vec<HistoryRow> = f.iter().map(|x| x.view().row()).collect();
    insta::assert_snapshot!("history_table", render_table(&rows, false));
}

#[test]
fn snapshot_compare() {
    let a = fixed(
        "20261128-101530-model-rollback-0001",
        "2026-11-28T10:15:30.000Z",
        &WEAK,
    );
    let b = fixed(
        "20261201-101530-model-rollback-0004",
        "2026-12-01T10:15:30.000Z",
        &BETTER,
    );
    let c = compare(
        &a.view().attempt(),
        &b.view().attempt(),
        &Settings::default(),
    );
    // Given newer first, the same comparison (the older attempt is A).
    let swapped = compare(
        &b.view().attempt(),
        &a.view().attempt(),
        &Settings::default(),
    );
    assert_eq!(swapped, c);
    insta::assert_snapshot!("compare", render_comparison(&c, false));
}

#[test]
fn snapshot_markdown_attempt() {
    let a = fixed(
        "20261128-101530-model-rollback-0a1b",
        "2026-11-28T10:15:30.000Z",
        &WEAK,
    );
    insta::assert_snapshot!(
        "markdown_attempt",
        rehearse::output::markdown::attempt(&a.view())
    );
}

#[test]
fn snapshot_markdown_progress() {
    let f = [
        fixed(
            "20261201-101530-model-rollback-0004",
            "2026-12-01T10:15:30.000Z",
            &FULL,
        ),
        fixed(
            "20261128-101530-model-rollback-0001",
            "2026-11-28T10:15:30.000Z",
            &WEAK,
        ),
    ];
    let views: Vec<AttemptView> = f.iter().map(Fixed::view).collect();
    let md = rehearse::output::markdown::progress("model-rollback", &f[0].q.question, &views);
    insta::assert_snapshot!("markdown_progress", md);
}

#[test]
fn colour_only_when_asked() {
    let a = fixed(
        "20261128-101530-model-rollback-0a1b",
        "2026-11-28T10:15:30.000Z",
        &WEAK,
    );
    let plain = rehearse::output::review::render(&a.view(), false);
    let color = rehearse::output::review::render(&a.view(), true);
    assert!(!plain.contains('\x1b'));
    assert!(color.contains("\x1b[33m{um,}\x1b[0m"), "fillers are yellow");
    assert!(color.contains("\x1b[31m[pause 3.1 s]"), "dead air is red");
    let rows = vec![a.view().row()];
    assert!(!render_table(&rows, false).contains('\x1b'));
    assert!(render_table(&rows, true).contains('\x1b'));
}

// ------------------------------------------------- through the binary

#[test]
fn history_lists_attempts_newest_first_with_trends() {
    let (h, ids) = populated();
    let out = stdout(rehearse(h.path()).arg("history"));
    // The table shows the shortest unique start of each id (its time stamp).
    let pos: Vec<usize> = ids
        .iter()
        .map(|id| {
            out.find(&id[..15])
                .unwrap_or_else(|| panic!("{id} in\n{out}"))
        })
        .collect();
    assert!(
        pos[3] < pos[2] && pos[2] < pos[1] && pos[1] < pos[0],
        "newest first:\n{out}"
    );
    assert!(out.contains("2026-12-01 10:15"), "{out}");
    assert!(out.contains("0:52/2:00"), "length vs target:\n{out}");
    assert!(out.contains("Trends"), "{out}");
    // Coverage 2/6, 4/6, 6/6 oldest to newest.
    assert!(out.contains("coverage ▃▆█"), "{out}");
    assert!(out.contains("33% → 100%"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped");
}

#[test]
fn history_json_is_versioned_and_filterable() {
    let (h, ids) = populated();
    let out = stdout(rehearse(h.path()).args(["history", "--json"]));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["version"], 1);
    let got: Vec<&str> = v["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = ids.iter().rev().map(String::as_str).collect();
    assert_eq!(got, want);
    assert_eq!(v["attempts"][0]["covered"], 6);
    assert_eq!(v["attempts"][0]["key_points"], 6);
    assert_eq!(v["attempts"][3]["dead_air"], 1);
    assert_eq!(v["attempts"][3]["fillers"], 3);
    let trend = &v["trends"][0];
    assert_eq!(trend["question_id"], "model-rollback");
    assert_eq!(trend["attempts"], 3);
    assert_eq!(trend["coverage"].as_array().unwrap().len(), 3);

    let out = stdout(rehearse(h.path()).args([
        "history",
        "--json",
        "--question",
        "explain-to-executives",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(v["attempts"][0]["id"], ids[2].as_str());
}

#[test]
fn history_skips_halfway_and_corrupt_attempts_with_a_warning() {
    let (h, ids) = populated();
    let root = attempts_root(h.path());
    // Crash after the WAV, before the JSON.
    let half = root.join("20261205-080000-model-rollback-dead");
    std::fs::create_dir(&half).unwrap();
    std::fs::copy(
        root.join(&ids[0]).join("answer.wav"),
        half.join("answer.wav"),
    )
    .unwrap();
    std::fs::write(half.join(".attempt.json.123.tmp"), b"{\"version\":1,").unwrap();
    // Full disk: JSON cut short.
    let cut = root.join("20261206-080000-model-rollback-beef");
    std::fs::create_dir(&cut).unwrap();
    let full = std::fs::read(root.join(&ids[1]).join("attempt.json")).unwrap();
    std::fs::write(cut.join("attempt.json"), &full[..full.len() / 3]).unwrap();
    // Empty JSON file.
    let empty = root.join("20261207-080000-model-rollback-0000");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("attempt.json"), b"").unwrap();

    let a = rehearse(h.path()).arg("history").assert().success();
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    for id in &ids {
        assert!(out.contains(&id[..15]), "{id} listed:\n{out}");
    }
    assert!(!out.contains("dead") || !out.contains("model-rollback-dead"));
    assert_eq!(err.matches("warning: skipped attempt").count(), 3, "{err}");
    assert!(err.contains("20261205-080000-model-rollback-dead"), "{err}");
    assert!(err.contains("halfway"), "{err}");
    assert!(err.contains("--prune"), "says the next step: {err}");

    let v: Value =
        serde_json::from_str(&stdout(rehearse(h.path()).args(["history", "--json"]))).unwrap();
    assert_eq!(v["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 3);

    // review --last still finds the newest good attempt.
    let out = stdout(rehearse(h.path()).args(["review", "--last"]));
    assert!(out.contains(ids[3].as_str()), "{out}");
}

#[test]
fn history_when_empty_says_what_to_do() {
    let h = home();
    let out = stdout(rehearse(h.path()).arg("history"));
    assert!(out.contains("No attempts yet"), "{out}");
    assert!(out.contains("rehearse practice"), "{out}");
    let out = stdout(rehearse(h.path()).args(["history", "--json"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["attempts"].as_array().unwrap().len(), 0);
    rehearse(h.path())
        .args(["review", "--last"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no saved attempts")
                .and(predicate::str::contains("rehearse practice")),
        );
}

#[test]
fn review_shows_timed_transcript_pauses_fillers_and_key_points() {
    let (h, ids) = populated();
    let prefix = &ids[0][..ids[0].len() - 2];
    let out = stdout(rehearse(h.path()).args(["review", prefix]));
    assert!(out.contains(&format!("Attempt {}", ids[0])), "{out}");
    assert!(out.contains("[pause 3.1 s]"), "{out}");
    assert!(out.contains("[pause 1.4 s]"), "{out}");
    assert!(out.contains("{um,}"), "{out}");
    assert!(out.contains("{you know,}"), "{out}");
    assert!(out.contains("✓ a new model badly under-forecast"), "{out}");
    assert!(out.contains("✗ root cause"), "{out}");
    assert!(out.contains("Reference answer"), "{out}");
    assert!(out.contains("Pace over time"), "{out}");
    assert!(
        out.contains("  0:01  I owned the demand forecast"),
        "timestamps: {out}"
    );
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("far too [pause 3.1 s] little produce."),
        "pause in place: {out}"
    );

    let out = stdout(rehearse(h.path()).args(["review", "--last", "--json"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["id"], ids[3].as_str());
    assert_eq!(v["report"]["coverage"], 1.0);

    rehearse(h.path())
        .args(["review", "no-such-attempt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("rehearse history"));
    rehearse(h.path())
        .args(["review", "2026"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("matches 4 attempts"));
}

#[test]
fn review_play_checks_its_arguments() {
    let (h, ids) = populated();
    rehearse(h.path())
        .args(["review", &ids[0], "--from", "soon"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("m:ss"));
    // The stored recordings are 1 s long.
    rehearse(h.path())
        .args(["review", &ids[0], "--play", "--from", "0:45"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("past the end"));
    std::fs::remove_file(attempts_root(h.path()).join(&ids[0]).join("answer.wav")).unwrap();
    rehearse(h.path())
        .args(["review", &ids[0], "--play"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("recording is missing"));
}

/// Replay through cpal into the ALSA `file` plugin (see virtual-mic.md): the
/// samples that reach the "speaker" are the recording.
#[test]
fn review_play_sends_the_recording_to_the_speaker() {
    let alsa_conf = Path::new("/usr/share/alsa/alsa.conf");
    if !alsa_conf.exists() {
        skip(&format!("no ALSA configuration at {}", alsa_conf.display()));
        return;
    }
    let (h, ids) = populated();
    let played = h.path().join("played.wav");
    let conf = h.path().join("vspk.conf");
    std::fs::write(
        &conf,
        format!(
            "pcm.vspk {{ type file slave.pcm \"null\" file \"{}\" format \"wav\" }}\n\
             pcm.!default {{ type asym playback.pcm \"vspk\" capture.pcm \"null\" }}\n",
            played.display()
        ),
    )
    .unwrap();
    rehearse(h.path())
        .env(
            "ALSA_CONFIG_PATH",
            format!("{}:{}", alsa_conf.display(), conf.display()),
        )
        .args(["review", &ids[0], "--play", "--from", "0:00.5"])
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    // The ALSA file plugin labels its WAV as integer PCM but writes the
    // samples in the format the device was opened with: cpal's default there
    // is 32-bit float, so read the data chunk as f32 frames.
    let bytes = std::fs::read(&played).expect("played audio written");
    let channels = u16::from_le_bytes([bytes[22], bytes[23]]) as usize;
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]);
    assert_eq!(
        u16::from_le_bytes([bytes[34], bytes[35]]),
        32,
        "32-bit samples"
    );
    let data = bytes
        .windows(4)
        .position(|w| w == b"data")
        .expect("data chunk")
        + 8;
    let samples: Vec<f32> = bytes[data..]
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let mono = rehearse::audio::wav::downmix(&samples, channels);
    let pcm_rate = rate;
    let secs = mono.len() as f64 / pcm_rate as f64;
    // Half a second of a 220 Hz tone at 0.3 (plus at most a device buffer of silence).
    assert!(secs >= 0.45, "played {secs:.2} s");
    let loud = mono.iter().filter(|s| s.abs() > 0.1).count() as f64 / pcm_rate as f64;
    assert!((0.2..0.6).contains(&loud), "{loud:.2} s of tone");
    let peak = mono.iter().fold(0f32, |m, s| m.max(s.abs()));
    assert!((0.27..0.33).contains(&peak), "peak {peak}");
}

#[test]
fn compare_shows_what_improved_and_which_key_points_changed() {
    let (h, ids) = populated();
    let out = stdout(rehearse(h.path()).args(["compare", &ids[0], &ids[1]]));
    assert!(out.contains("Key points gained"), "{out}");
    assert!(out.contains("+ root cause"), "{out}");
    assert!(out.contains("Improved:"), "{out}");
    assert!(out.contains("coverage"), "{out}");
    // Newer attempt first: still compared oldest → newest, so the full
    // answer's extra key points are gains and coverage is "better".
    let v: Value = serde_json::from_str(&stdout(
        rehearse(h.path()).args(["compare", &ids[3], &ids[0], "--json"]),
    ))
    .unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(v["a"]["id"], ids[0].as_str());
    assert_eq!(v["b"]["id"], ids[3].as_str());
    assert_eq!(v["gained"].as_array().unwrap().len(), 4);
    assert_eq!(v["lost"].as_array().unwrap().len(), 0);
    let cov = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["measure"] == "coverage")
        .unwrap();
    assert_eq!(cov["direction"], "better");
    // The values are the attempts' own figures, as numbers.
    assert_eq!(cov["a"], v["a"]["coverage"]);
    assert!(cov["a"].as_f64().unwrap() < 0.5, "{cov}");
    assert_eq!(cov["b"].as_f64(), Some(1.0));
    let length = &v["changes"][0];
    assert_eq!(length["measure"], "length");
    assert!(length["a"].is_f64() && length["unit"] == "s", "{length}");
    let text = stdout(rehearse(h.path()).args(["compare", &ids[3], &ids[0]]));
    assert!(
        text.contains("Improved:") && !text.contains("Key points lost"),
        "{text}"
    );
    rehearse(h.path())
        .args(["compare", &ids[0], &ids[2]])
        .assert()
        .failure()
        .stderr(predicate::str::contains("one question"));
}

#[test]
fn delete_refuses_without_a_terminal_unless_yes() {
    let (h, ids) = populated();
    let dir = attempts_root(h.path()).join(&ids[1]);
    rehearse(h.path())
        .args(["delete", &ids[1]])
        .write_stdin("y\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes").and(predicate::str::contains("not a terminal")));
    assert!(dir.exists(), "nothing deleted without confirmation");
    rehearse(h.path())
        .args(["delete", &ids[1], "--yes"])
        .assert()
        .success();
    assert!(!dir.exists());
    let v: Value =
        serde_json::from_str(&stdout(rehearse(h.path()).args(["history", "--json"]))).unwrap();
    assert_eq!(v["attempts"].as_array().unwrap().len(), 3);
}

/// Run the binary on a pseudo-terminal (util-linux `script`), typing `input`.
fn on_terminal(home: &Path, args: &str, input: &str) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let out = std::process::Command::new(script)
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("REHEARSE_HOME", home)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            // Give the prompt time to appear, then answer.
            std::thread::sleep(Duration::from_millis(300));
            c.stdin.take().unwrap().write_all(input.as_bytes())?;
            c.wait_with_output()
        })
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn delete_asks_y_n_on_a_terminal() {
    let (h, ids) = populated();
    let dir = attempts_root(h.path()).join(&ids[0]);
    let Some(out) = on_terminal(h.path(), &format!("delete {}", ids[0]), "n\n") else {
        skip("util-linux `script` not available");
        return;
    };
    assert!(out.contains("[y/N]"), "{out}");
    assert!(out.contains("Nothing deleted"), "{out}");
    assert!(dir.exists());
    let out = on_terminal(h.path(), &format!("delete {}", ids[0]), "y\n").unwrap();
    assert!(out.contains("Deleted"), "{out}");
    assert!(!dir.exists());
}

#[test]
fn prune_deletes_halfway_folders_and_old_attempts_after_asking() {
    let (h, ids) = populated();
    let root = attempts_root(h.path());
    let stale = root.join("20261205-080000-model-rollback-dead");
    let fresh = root.join("20261205-080001-model-rollback-live");
    for d in [&stale, &fresh] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("answer.wav"), b"RIFF").unwrap();
    }
    // The stale one was left an hour ago; the fresh one may still be written.
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();

    rehearse(h.path())
        .args(["history", "--prune"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    assert!(stale.exists());

    let out = stdout(rehearse(h.path()).args(["history", "--prune", "--yes"]));
    assert!(out.contains("model-rollback-dead  (incomplete)"), "{out}");
    assert!(!stale.exists(), "stale halfway folder removed");
    assert!(fresh.exists(), "a folder being written is left alone");
    for id in &ids {
        assert!(root.join(id).exists());
    }

    // Keep the newest 1 per question: the two older model-rollback takes go.
    let out = stdout(rehearse(h.path()).args(["history", "--prune", "--keep", "1", "--yes"]));
    assert!(out.contains("2 attempt folders to delete"), "{out}");
    assert!(!root.join(&ids[0]).exists() && !root.join(&ids[1]).exists());
    assert!(root.join(&ids[2]).exists() && root.join(&ids[3]).exists());
}

#[test]
fn report_writes_self_contained_html_and_markdown() {
    let (h, ids) = populated();
    let html = h.path().join("attempt.html");
    let md = h.path().join("attempt.md");
    rehearse(h.path())
        .args(["report", &ids[0], "--html"])
        .arg(&html)
        .arg("--md")
        .arg(&md)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert_self_contained(&page);
    assert!(page.contains("<svg id=\"pace-chart\""));
    assert!(page.contains("class=\"band\""), "comfort band");
    assert!(
        page.contains("class=\"pause-mark\""),
        "pauses on the time axis"
    );
    assert!(
        page.contains("class=\"filler-mark\""),
        "fillers on the time axis"
    );
    assert!(page.contains("id=\"coverage\""));
    assert!(page.contains("data:audio/wav;base64,UklGR"), "WAV embedded");
    assert!(page.contains("[pause 3.1 s]"));
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(
        md.contains("## Key points") && md.contains("## Transcript"),
        "{md}"
    );

    // Question progress, newest attempt by default for a bare `report`.
    let html = h.path().join("progress.html");
    rehearse(h.path())
        .args(["report", "--question", "model-rollback", "--html"])
        .arg(&html)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert_self_contained(&page);
    for id in [
        "progress-length",
        "progress-pace",
        "progress-coverage",
        "progress-fillers",
    ] {
        assert!(page.contains(&format!("<svg id=\"{id}\"")), "{id}");
    }
    assert_eq!(
        page.matches("<tr><td>2026-").count(),
        3,
        "3 attempts in the table"
    );

    // No file: the Markdown report goes to the terminal (see cli::report).
    let out = stdout(rehearse(h.path()).args(["report", &ids[0]]));
    assert!(
        out.starts_with("# Rehearsal report: model-rollback"),
        "{out}"
    );
    rehearse(h.path())
        .args(["report", "--question", "nope", "--md", "x.md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("model-rollback"));
}

/// No network: nothing loaded from outside the file.
fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    for bad in [
        "src=\"http",
        "href=\"http",
        "<link",
        "@import",
        "url(http",
        "<script src",
        "fetch(",
    ] {
        assert!(
            !lower.contains(bad),
            "page loads something from outside: {bad}"
        );
    }
    // The only URL allowed is the SVG namespace.
    let urls = lower.matches("http://").count() + lower.matches("https://").count();
    let ns = lower
        .matches("xmlns=\"http://www.w3.org/2000/svg\"")
        .count();
    assert_eq!(urls, ns, "only SVG namespaces");
}

// ---------------------------------------------------- real browser

fn browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REHEARSE_BROWSER") {
        return Some(PathBuf::from(p));
    }
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn headless(browser: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--mute-audio",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The page's own script at work: clicking a transcript word seeks the
/// embedded recording there, and playback progress highlights the word and
/// moves the playhead on the pace chart. A probe script appended to a copy
/// of the page does the clicking and writes what it saw into the DOM.
fn check_page_script(browser: &Path, html: &Path) {
    let probe = r#"<script>
window.addEventListener("load", function () {
  var w = document.querySelector(".transcript .w");
  var a = document.getElementById("answer-audio");
  var ph = document.getElementById("playhead");
  w.click();
  document.body.setAttribute("data-probe-word-t", w.getAttribute("data-t"));
  document.body.setAttribute("data-probe-audio-t", String(a.currentTime));
  a.dispatchEvent(new Event("timeupdate"));
  document.body.setAttribute("data-probe-now", String(document.querySelectorAll(".w.now").length));
  document.body.setAttribute("data-probe-playhead", ph.style.display === "none" ? "hidden" : ph.getAttribute("x1"));
});
</script>"#;
    let page = std::fs::read_to_string(html).unwrap();
    let probed = html.with_file_name("probed.html");
    std::fs::write(&probed, format!("{page}{probe}")).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = headless(browser, profile.path())
        .args(["--virtual-time-budget=3000", "--dump-dom"])
        .arg(format!("file://{}", probed.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    let attr = |name: &str| -> String {
        let key = format!("{name}=\"");
        let start = dom
            .find(&key)
            .unwrap_or_else(|| panic!("{name} missing: probe did not run\n{log}"))
            + key.len();
        dom[start..].split('"').next().unwrap_or("").to_string()
    };
    let word_t: f64 = attr("data-probe-word-t").parse().unwrap();
    let audio_t: f64 = attr("data-probe-audio-t").parse().unwrap();
    assert!(
        (word_t - audio_t).abs() < 0.01,
        "click seeks: word at {word_t}, audio at {audio_t}"
    );
    assert_eq!(
        attr("data-probe-now"),
        "1",
        "the word being played is highlighted"
    );
    let x: f64 = attr("data-probe-playhead").parse().expect("playhead shown");
    assert!(x > 56.0, "playhead moved into the chart: {x}");
    assert!(console_messages(&log).is_empty(), "{log}");
}

/// Console output of the page (chromium logs every console message and
/// uncaught exception as `INFO:CONSOLE...`; our pages log nothing).
fn console_messages(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains(":console") || l.contains("uncaught") || l.contains("refused to")
        })
        .collect()
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = browser() else {
        if std::env::var_os("REHEARSE_REQUIRE_BROWSER").is_some() {
            panic!("REHEARSE_REQUIRE_BROWSER is set but no chromium was found (apt-get install chromium)");
        }
        skip("no chromium on PATH (apt-get install chromium)");
        return;
    };
    let _cpu = heavy();
    let (h, ids) = populated();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&out_dir).unwrap();

    // First prove the console check sees errors at all.
    let broken = out_dir.join("broken.html");
    std::fs::write(
        &broken,
        "<html><body><script>console.error('boom'); missingFn();</script></body></html>",
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let run = headless(&browser, profile.path())
        .args(["--virtual-time-budget=2000", "--dump-dom"])
        .arg(format!("file://{}", broken.display()))
        .output()
        .expect("run chromium");
    let log = String::from_utf8_lossy(&run.stderr);
    let seen = console_messages(&log);
    assert!(
        seen.iter().any(|l| l.contains("boom")) && seen.iter().any(|l| l.contains("Uncaught")),
        "the console check must catch a deliberate error; chromium said:\n{log}"
    );

    for (name, args) in [
        ("attempt", vec!["report", ids[0].as_str()]),
        ("progress", vec!["report", "--question", "model-rollback"]),
    ] {
        let html = out_dir.join(format!("{name}.html"));
        let png = out_dir.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&png);
        rehearse(h.path())
            .args(&args)
            .arg("--html")
            .arg(&html)
            .assert()
            .success();
        let url = format!("file://{}", html.display());

        let profile = tempfile::tempdir().unwrap();
        let dom = headless(&browser, profile.path())
            .args(["--virtual-time-budget=3000", "--dump-dom", &url])
            .output()
            .expect("run chromium");
        let dom_text = String::from_utf8_lossy(&dom.stdout);
        let log = String::from_utf8_lossy(&dom.stderr);
        assert!(dom.status.success(), "chromium failed: {log}");
        assert!(
            dom_text.contains("data-ready=\"1\""),
            "script ran to the end ({name}):\n{log}"
        );
        assert!(
            dom_text.contains("<svg id=\"pace-chart\""),
            "pace chart in the DOM"
        );
        assert!(
            dom_text.contains("class=\"panel transcript\""),
            "transcript in the DOM"
        );
        assert!(
            dom_text.contains(">shipped<") || dom_text.contains(">owned<"),
            "transcript words"
        );
        if name == "progress" {
            assert!(dom_text.contains("<svg id=\"progress-coverage\""));
        }
        let console = console_messages(&log);
        assert!(
            console.is_empty(),
            "console messages in {name}: {console:#?}"
        );

        if name == "attempt" {
            check_page_script(&browser, &html);
        }

        let profile = tempfile::tempdir().unwrap();
        let shot = headless(&browser, profile.path())
            .arg(format!("--screenshot={}", png.display()))
            .args(["--window-size=1200,2000", "--hide-scrollbars", &url])
            .output()
            .expect("run chromium");
        assert!(
            shot.status.success(),
            "{}",
            String::from_utf8_lossy(&shot.stderr)
        );
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        assert!(
            bytes.len() > 50_000,
            "a page with content, not blank ({} bytes)",
            bytes.len()
        );
        eprintln!("screenshot: {}", png.display());
    }
}

// ------------------------------------------- real attempts via score

#[test]
fn score_save_attempts_feed_history_review_report_and_compare() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _cpu = heavy();
    let h = home();
    for clip in ["d03-model-rollback-weak.wav", "d01-model-rollback-full.wav"] {
        let a = rehearse(h.path())
            .env("REHEARSE_MODEL", &model)
            .arg("--questions")
            .arg(dev.join("questions"))
            .args(["score", "--question", "model-rollback", "--save", "--audio"])
            .arg(dev.join("audio").join(clip))
            .timeout(Duration::from_secs(600))
            .assert();
        a.success();
    }
    let v: Value =
        serde_json::from_str(&stdout(rehearse(h.path()).args(["history", "--json"]))).unwrap();
    let list = v["attempts"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{v}");
    assert_eq!(list[0]["source"], "score");
    let (newest, oldest) = (
        list[0]["id"].as_str().unwrap().to_string(),
        list[1]["id"].as_str().unwrap().to_string(),
    );
    assert!(
        list[0]["coverage"].as_f64().unwrap() > list[1]["coverage"].as_f64().unwrap(),
        "the full answer covers more than the weak one: {v}"
    );
    // The saved recording is the clip, 16 kHz mono.
    let pcm =
        rehearse::audio::wav::read_pcm(&attempts_root(h.path()).join(&newest).join("answer.wav"))
            .unwrap();
    assert_eq!((pcm.channels, pcm.sample_rate), (1, 16_000));
    assert!((pcm.samples.len() as f64 / 16_000.0 - 53.74).abs() < 0.1);

    let out = stdout(rehearse(h.path()).args(["review", "--last"]));
    assert!(out.contains("holiday"), "{out}");
    let out = stdout(rehearse(h.path()).args(["compare", &oldest, &newest]));
    assert!(out.contains("Key points gained"), "{out}");
    let html = h.path().join("r.html");
    rehearse(h.path())
        .args(["report", "--question", "model-rollback", "--html"])
        .arg(&html)
        .assert()
        .success();
    assert_self_contained(&std::fs::read_to_string(&html).unwrap());
}

#[test]
fn no_speech_attempts_are_listed_but_not_scored() {
    let (h, ids) = populated();
    let q = question();
    let silent = save(h.path(), &q, &no_speech_report(&q), at(4));
    let out = stdout(rehearse(h.path()).arg("history"));
    let row = out
        .lines()
        .find(|l| l.contains(&silent[..15]))
        .expect("listed");
    assert!(row.contains("no speech"), "{row}");
    // The trend ignores it: still 3 model-rollback attempts ending at 100%.
    assert!(out.contains("3 attempts  coverage ▃▆█"), "{out}");
    let out = stdout(rehearse(h.path()).args(["review", "--last"]));
    assert!(out.contains("No speech detected"), "{out}");
    let md = h.path().join("silent.md");
    rehearse(h.path())
        .args(["report", &silent, "--md"])
        .arg(&md)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("No speech detected"));
    let out = stdout(rehearse(h.path()).args(["compare", &ids[3], &silent]));
    assert!(out.contains("Key points lost"), "{out}");
}
