//! Where `rehearse report` writes (issue 12 items 7 and 8): `-` and no file
//! mean standard output, a symlinked destination is written through and
//! stays a link, a FIFO is written in place, `/dev/stdout` is not replaced,
//! and a folder is refused without leaving a temp file behind.

use crate::support::{one_segment, rehearse, stdout};
use rehearse::analysis::{analyse, Question, Settings, SpeechActivity};
use rehearse::store::attempts::{AttemptStore, Source};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// A data folder with one saved attempt; returns it and the attempt id.
fn one_attempt() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let q = Question {
        id: "tell-me".into(),
        category: "general".into(),
        question: "Tell me about yourself.".into(),
        target_seconds: 60,
        reference: "I build things.".into(),
        key_points: vec!["builds things".into()],
        key_points_derived: false,
        audio: None,
    };
    let t = one_segment(&["I", "build", "things."], 0.4, 0.8, 1.6);
    let a = SpeechActivity {
        audio_s: 2.0,
        regions: vec![(0.5, 1.6)],
    };
    let report = analyse(&t, &a, &q, &Settings::default());
    let wav = rehearse::audio::wav::encode_wav(&[0.0; 16_000], 16_000);
    let dir = AttemptStore::new(home.path().join("attempts"))
        .save(&report, &q, &wav, Source::Score, UNIX_EPOCH)
        .unwrap();
    let id = dir.file_name().unwrap().to_string_lossy().into_owned();
    (home, id)
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn dash_and_no_file_mean_standard_output() {
    let (h, id) = one_attempt();
    let md = stdout(rehearse(h.path()).args(["report", &id, "--md", "-"]));
    assert!(md.starts_with("# Rehearsal report: tell-me"), "{md}");
    assert!(!md.contains("Wrote"), "{md}");
    assert_eq!(stdout(rehearse(h.path()).args(["report", &id])), md);
    assert_eq!(
        stdout(rehearse(h.path()).arg("report")),
        md,
        "newest attempt"
    );
    let html = stdout(rehearse(h.path()).args(["report", &id, "--html", "-"]));
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    // One to a file, one to stdout: "Wrote" goes to stderr.
    let file = h.path().join("r.md");
    let a = rehearse(h.path())
        .args(["report", &id, "--html", "-", "--md"])
        .arg(&file)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&a.get_output().stdout);
    let err = String::from_utf8_lossy(&a.get_output().stderr);
    assert!(out.starts_with("<!DOCTYPE html>") && !out.contains("Wrote"));
    assert!(err.contains("Wrote"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
    let err = rehearse(h.path())
        .args(["report", &id, "--html", "-", "--md", "-"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&err).contains("cannot both go to standard output"));
}

#[test]
fn symlinked_destination_is_written_through() {
    let (h, id) = one_attempt();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("target.md");
    std::fs::write(&target, "old").unwrap();
    let link = out.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    rehearse(h.path())
        .args(["report", &id, "--md"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link stays a link"
    );
    let md = std::fs::read_to_string(&target).unwrap();
    assert!(md.starts_with("# Rehearsal report"), "{md}");
    assert_eq!(names(out.path()), ["link.md", "target.md"], "no temp files");
}

#[test]
fn fifo_is_written_in_place() {
    let (h, id) = one_attempt();
    let out = tempfile::tempdir().unwrap();
    let fifo = out.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    // The reading end, opened first without waiting for a writer, so that
    // the writer does not block and a regression (FIFO replaced by a file)
    // shows up as an empty read instead of a hang.
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    rehearse(h.path())
        .args(["report", &id, "--md"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success();
    let mut md = String::new();
    reader.read_to_string(&mut md).unwrap();
    assert!(md.starts_with("# Rehearsal report"), "{md}");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "still a FIFO"
    );
    assert_eq!(names(out.path()), ["pipe"], "no temp files");
}

#[test]
fn dev_stdout_is_not_replaced() {
    let (h, id) = one_attempt();
    let before = std::fs::symlink_metadata("/dev/stdout").ok();
    let md = stdout(rehearse(h.path()).args(["report", &id, "--md", "/dev/stdout"]));
    assert!(md.starts_with("# Rehearsal report"), "{md}");
    assert!(!md.contains("Wrote"), "{md}");
    let after = std::fs::symlink_metadata("/dev/stdout").ok();
    assert_eq!(
        before.map(|m| m.file_type()),
        after.map(|m| m.file_type()),
        "/dev/stdout keeps its type"
    );
}

#[test]
fn folder_destination_is_refused_without_leftovers() {
    let (h, id) = one_attempt();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    let a = rehearse(h.path())
        .args(["report", &id, "--html"])
        .arg(&dir)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&a.get_output().stderr);
    assert!(
        err.contains("is a folder") && err.contains("report.html"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(names(out.path()), ["reports"], "no temp file beside it");
    assert!(names(&dir).is_empty());
}
