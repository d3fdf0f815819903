//! Tests of the attempt store.

use super::*;
use crate::analysis::{
    KeyPointResult, LengthVerdict, PaceVerdict, StarParts, TranscriptOut, REPORT_VERSION,
};
use std::time::{Duration, UNIX_EPOCH};

fn question() -> Question {
    Question {
        id: "model-rollback".into(),
        category: "technical".into(),
        question: "Tell me about a rollback.".into(),
        target_seconds: 90,
        reference: "We rolled back.".into(),
        key_points: vec!["rolled back".into()],
        key_points_derived: false,
        audio: None,
    }
}

fn report() -> Report {
    Report {
        version: REPORT_VERSION,
        question_id: "model-rollback".into(),
        audio_s: 2.0,
        speech_s: 1.5,
        speaking_s: 1.5,
        no_speech: false,
        words: 3,
        wpm: 120.0,
        articulation_wpm: 120.0,
        pace_verdict: PaceVerdict::Comfortable,
        pace_windows: vec![],
        pauses: vec![],
        dead_air_count: 0,
        fillers: vec![],
        filler_count: 0,
        fillers_per_min: 0.0,
        key_points: vec![KeyPointResult {
            text: "rolled back".into(),
            covered: true,
            score: 0.9,
            evidence: Some("We rolled back.".into()),
            evidence_start_s: Some(0.2),
            negated: false,
            denial: None,
        }],
        coverage: 1.0,
        star: StarParts::default(),
        target_s: 90,
        length_verdict: LengthVerdict::Short,
        transcript: TranscriptOut::default(),
        voice: None,
        delivery: None,
        tips: vec![],
    }
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(secs * 1000 + 123)
}

#[test]
fn time_formats() {
    let ms = |ms: u64| UNIX_EPOCH + Duration::from_millis(ms);
    assert_eq!(rfc3339(ms(0)), "1970-01-01T00:00:00.000Z");
    // 2026-11-28T10:15:30Z
    let t = 1_795_860_930;
    assert_eq!(rfc3339(ms(t * 1000 + 7)), "2026-11-28T10:15:30.007Z");
    // Milliseconds are truncated, as before.
    assert_eq!(
        rfc3339(UNIX_EPOCH + Duration::from_nanos(t * 1_000_000_000 + 999_999_999)),
        "2026-11-28T10:15:30.999Z"
    );
    assert_eq!(folder_stamp(ms(t * 1000 + 999)), "20261128-101530");
    assert_eq!(folder_stamp(ms(951_782_400_000)), "20000229-000000");
    assert_eq!(folder_stamp(ms(4_102_444_799_000)), "20991231-235959");
}

#[test]
fn slugs_are_safe() {
    assert_eq!(slug("model-rollback"), "model-rollback");
    assert_eq!(slug("../My Question.toml"), "my-question-toml");
    assert_eq!(slug("///"), "answer");
    assert!(slug(&"x".repeat(200)).len() <= 40);
}

#[test]
fn save_writes_wav_and_versioned_json() {
    let tmp = tempfile::tempdir().unwrap();
    // The store writes the bytes it is given; encoding them is the caller's job.
    let wav = b"RIFF\x24\0\0\0WAVEfmt recording".to_vec();
    let dir = AttemptStore::new(tmp.path())
        .save(
            &report(),
            &question(),
            &wav,
            Source::Score,
            at(1_795_860_930),
        )
        .unwrap();
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("20261128-101530-model-rollback-"),
        "{name}"
    );
    assert_eq!(std::fs::read(dir.join(AUDIO_FILE)).unwrap(), wav);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(RECORD_FILE)).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["id"], name.as_str());
    assert_eq!(v["created"], "2026-11-28T10:15:30.123Z");
    assert_eq!(v["source"], "score");
    assert_eq!(v["audio_file"], "answer.wav");
    assert_eq!(v["question"]["id"], "model-rollback");
    assert_eq!(v["question"]["key_points"][0], "rolled back");
    assert_eq!(v["report"]["coverage"], 1.0);
    // No temp files left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let a = AttemptStore::new(tmp.path()).load(&name).unwrap();
    assert_eq!(a.report, report());
    assert_eq!(a.audio_path(), dir.join(AUDIO_FILE));
}

#[test]
fn same_second_gives_unique_sorted_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let d = AttemptStore::new(tmp.path())
            .save(
                &report(),
                &question(),
                &[],
                Source::Practice,
                at(1_795_860_930),
            )
            .unwrap();
        assert!(ids.insert(d));
    }
    let later = AttemptStore::new(tmp.path())
        .save(
            &report(),
            &question(),
            &[],
            Source::Practice,
            at(1_795_860_931),
        )
        .unwrap();
    let (all, warns) = AttemptStore::new(tmp.path()).list().unwrap();
    assert!(warns.is_empty());
    assert_eq!(all.len(), 21);
    assert_eq!(all[0].dir, later);
}

#[test]
fn broken_folders_are_warnings_not_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let good = |s| {
        AttemptStore::new(root)
            .save(&report(), &question(), b"RIFF", Source::Practice, at(s))
            .unwrap()
    };
    let old = good(1_700_000_000);
    let new = good(1_800_000_000);
    // Halfway: WAV only.
    std::fs::create_dir(root.join("20260101-000000-x-0001")).unwrap();
    std::fs::write(root.join("20260101-000000-x-0001/answer.wav"), b"RIFF").unwrap();
    // Truncated JSON.
    let cut = root.join("20260101-000000-x-0002");
    std::fs::create_dir(&cut).unwrap();
    let full = std::fs::read(old.join(RECORD_FILE)).unwrap();
    std::fs::write(cut.join(RECORD_FILE), &full[..full.len() / 2]).unwrap();
    // From the future.
    let fut = root.join("20260101-000000-x-0003");
    std::fs::create_dir(&fut).unwrap();
    std::fs::write(fut.join(RECORD_FILE), br#"{"version": 99}"#).unwrap();
    // Stray file and temp folder are ignored silently.
    std::fs::write(root.join("notes.txt"), b"hi").unwrap();
    std::fs::create_dir(root.join(".tmp")).unwrap();

    let (all, warns) = AttemptStore::new(root).list().unwrap();
    assert_eq!(
        all.iter().map(|a| a.dir.clone()).collect::<Vec<_>>(),
        vec![new.clone(), old]
    );
    assert_eq!(warns.len(), 3, "{warns:?}");
    assert!(warns[0..].iter().any(|w| w.message.contains("halfway")));
    assert!(warns.iter().any(|w| w.message.contains("newer rehearse")));
    assert_eq!(AttemptStore::new(root).latest().unwrap().dir, new);
    // A broken attempt can still be deleted; load says what is wrong.
    let err = AttemptStore::new(root)
        .load("20260101-000000-x-0002")
        .unwrap_err()
        .to_string();
    assert!(err.contains("prune"), "{err}");
    AttemptStore::new(root)
        .delete("20260101-000000-x-0002")
        .unwrap();
    assert!(!cut.exists());
}

#[test]
fn prefixes_resolve_or_explain() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    assert!(AttemptStore::new(root)
        .latest()
        .unwrap_err()
        .to_string()
        .contains("rehearse practice"));
    let a = AttemptStore::new(root)
        .save(
            &report(),
            &question(),
            &[],
            Source::Practice,
            at(1_700_000_000),
        )
        .unwrap();
    let _b = AttemptStore::new(root)
        .save(
            &report(),
            &question(),
            &[],
            Source::Practice,
            at(1_700_000_000),
        )
        .unwrap();
    let a_id = a.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(AttemptStore::new(root).load(&a_id).unwrap().id, a_id);
    let err = AttemptStore::new(root)
        .load("2023")
        .unwrap_err()
        .to_string();
    assert!(err.contains("matches 2 attempts"), "{err}");
    let err = AttemptStore::new(root)
        .load("1999")
        .unwrap_err()
        .to_string();
    assert!(err.contains("rehearse history"), "{err}");
    assert!(AttemptStore::new(root).load("../etc").is_err());
    assert!(AttemptStore::new(root).delete("").is_err());
    AttemptStore::new(root).delete(&a_id).unwrap();
    assert!(!a.exists());
}

/// A small but real-looking WAV: RIFF/WAVE header and some data.
fn wav_bytes() -> Vec<u8> {
    let mut b = b"RIFF\x64\0\0\0WAVEfmt ".to_vec();
    b.resize(100, 0);
    b
}

#[test]
fn failed_saves_leave_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let store = AttemptStore::new(tmp.path());
    for fail_on in [AUDIO_FILE, RECORD_FILE] {
        // A write that fails part-way, as on a full disk.
        let write = |p: &Path, b: &[u8]| -> std::io::Result<()> {
            if p.file_name().is_some_and(|n| n == fail_on) {
                std::fs::write(p, &b[..b.len() / 2])?;
                return Err(std::io::Error::other("No space left on device"));
            }
            write_atomic(p, b)
        };
        let err = store
            .save_with(
                &report(),
                &question(),
                &wav_bytes(),
                Source::Score,
                at(1_795_860_930),
                &write,
            )
            .unwrap_err();
        assert!(format!("{err:#}").contains("is the disk full"), "{err:#}");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "failing on {fail_on} left {left:?}");
    }
}

#[test]
fn the_recording_is_always_the_folders_own_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = AttemptStore::new(tmp.path().join("attempts"));
    let dir = store
        .save(&report(), &question(), &wav_bytes(), Source::Score, at(1))
        .unwrap();
    let id = dir.file_name().unwrap().to_string_lossy().into_owned();
    // An edited record cannot point elsewhere.
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, b"not yours").unwrap();
    let path = dir.join(RECORD_FILE);
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    v["audio_file"] = secret.to_str().unwrap().into();
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let a = store.load(&id).unwrap();
    assert_eq!(a.audio_path(), dir.join(AUDIO_FILE));
    assert_eq!(read_recording(&a).unwrap(), wav_bytes());
    // A symlinked answer.wav is refused, not followed.
    std::fs::remove_file(dir.join(AUDIO_FILE)).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join(AUDIO_FILE)).unwrap();
    let err = read_recording(&a).unwrap_err().to_string();
    assert!(err.contains("symbolic link"), "{err}");
    // So is a folder (or FIFO) in its place.
    std::fs::remove_file(dir.join(AUDIO_FILE)).unwrap();
    std::fs::create_dir(dir.join(AUDIO_FILE)).unwrap();
    let err = read_recording(&a).unwrap_err().to_string();
    assert!(err.contains("a folder"), "{err}");
}

#[test]
fn a_damaged_record_next_to_a_good_recording_is_offered_for_rescoring() {
    let tmp = tempfile::tempdir().unwrap();
    let store = AttemptStore::new(tmp.path());
    let dir = store
        .save(&report(), &question(), &wav_bytes(), Source::Score, at(1))
        .unwrap();
    let id = dir.file_name().unwrap().to_string_lossy().into_owned();
    // The record cut 2 bytes short (full disk, crash).
    let full = std::fs::read(dir.join(RECORD_FILE)).unwrap();
    std::fs::write(dir.join(RECORD_FILE), &full[..full.len() - 2]).unwrap();
    // A halfway folder with a good recording and no record at all.
    let half = tmp.path().join("20260101-000000-model-rollback-beef");
    std::fs::create_dir(&half).unwrap();
    std::fs::write(half.join(AUDIO_FILE), wav_bytes()).unwrap();
    // A halfway folder whose recording is a stub: that one may be pruned.
    let stub = tmp.path().join("20260101-000000-model-rollback-0001");
    std::fs::create_dir(&stub).unwrap();
    std::fs::write(stub.join(AUDIO_FILE), b"RIFF").unwrap();

    let (all, warns) = store.list().unwrap();
    assert!(all.is_empty());
    assert_eq!(warns.len(), 3, "{warns:?}");
    for w in &warns {
        if w.dir == stub {
            assert_eq!(w.recording, None);
            assert!(w.message.contains("--prune"), "{w}");
            continue;
        }
        let wav = w.dir.join(AUDIO_FILE);
        assert_eq!(w.recording.as_deref(), Some(wav.as_path()), "{w}");
        assert!(!w.message.contains("prune"), "must not advise pruning: {w}");
        assert!(
            w.message.contains(&format!(
                "rehearse score --question model-rollback --audio {} --save",
                wav.display()
            )),
            "{w}"
        );
        assert!(
            w.message.contains(&format!("rehearse delete {}", w.id)),
            "{w}"
        );
    }
    assert!(warns.iter().any(|w| w.id == id));
    let err = store.load(&id).unwrap_err().to_string();
    assert!(
        err.contains("written halfway? its recording is intact") && !err.contains("prune"),
        "{err}"
    );
}

#[test]
fn question_ids_come_back_out_of_folder_names() {
    assert_eq!(
        question_in_folder_name("20261128-101530-model-rollback-3f2a"),
        "model-rollback"
    );
    assert_eq!(question_in_folder_name("my-folder"), "my-folder");
    assert_eq!(question_in_folder_name("20261128-101530-x-zzzz"), "x-zzzz");
}
