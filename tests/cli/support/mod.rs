//! What every integration test shares: where the shared test data is, the
//! one model finder, and the locks that keep real-time tests away from
//! CPU-heavy ones now that all tests run in one binary.
//!
//! # The model and the shared data
//! The model is `$REHEARSE_MODEL`, else `../shared/models/ggml-tiny.en.bin`
//! resolved from the checkout (`CARGO_MANIFEST_DIR`). Shared test data (dev
//! clips, labels, `audio/jfk.wav`) comes from `../shared` the same way. When
//! something a test needs is missing, the test fails if
//! `REHEARSE_REQUIRE_MODEL=1` (as `.ci/run` sets it) and otherwise skips,
//! printing why on the terminal (not only in captured output).

pub mod audio;

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// The checkout's sibling `shared` folder (models, dev clips).
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Whether a missing model or missing shared data fails the test
/// (`REHEARSE_REQUIRE_MODEL=1`) instead of skipping it.
pub fn require_model() -> bool {
    std::env::var_os("REHEARSE_REQUIRE_MODEL").is_some_and(|v| v == "1")
}

/// Fail (when required) or announce the skip on the real stderr, so a skip
/// is visible in `cargo test` output even though test output is captured.
fn missing(what: &str) {
    if require_model() {
        panic!("REHEARSE_REQUIRE_MODEL=1 but {what}");
    }
    skip(what);
}

/// Announce that the running test skips for `why` (something optional, such
/// as a system tool, is missing), on the real stderr so it is seen.
pub fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED ({}): {why}", test_name());
}

/// The running test's name (libtest names the thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed test")
        .to_string()
}

/// The model for tests: `$REHEARSE_MODEL`, else
/// `../shared/models/ggml-tiny.en.bin`. A set but missing `REHEARSE_MODEL`
/// always fails. `None` (skip) only when neither exists and
/// `REHEARSE_REQUIRE_MODEL` is not `1`; see [`need_model!`](crate::need_model).
pub fn model() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REHEARSE_MODEL").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "REHEARSE_MODEL={} is not a file", p.display());
        return Some(p);
    }
    let p = shared_dir().join("models/ggml-tiny.en.bin");
    if p.is_file() {
        return Some(p);
    }
    missing(&format!(
        "no Whisper model (set REHEARSE_MODEL, or put ggml-tiny.en.bin in {})",
        shared_dir().join("models").display()
    ));
    None
}

/// A file or folder under `../shared` (e.g. `audio/jfk.wav`); missing is
/// handled like a missing model. See [`need_shared!`](crate::need_shared).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = shared_dir().join(rel);
    if p.exists() {
        return Some(p);
    }
    missing(&format!("shared test data {} not found", p.display()));
    None
}

/// The labelled dev set: `$REHEARSE_DEV_SET`, else `../shared/eval/dev`
/// (a set but missing `REHEARSE_DEV_SET` always fails).
pub fn dev_set() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REHEARSE_DEV_SET").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(
            p.join("labels.json").is_file(),
            "REHEARSE_DEV_SET={} has no labels.json",
            p.display()
        );
        return Some(p);
    }
    shared("eval/dev/labels.json").map(|l| l.parent().expect("eval/dev").to_path_buf())
}

/// The model, or return from the test (after [`model`] printed why).
#[macro_export]
macro_rules! need_model {
    () => {
        match $crate::support::model() {
            Some(m) => m,
            None => return,
        }
    };
}

/// The dev set, or return from the test (after [`dev_set`] printed why).
#[macro_export]
macro_rules! need_dev_set {
    () => {
        match $crate::support::dev_set() {
            Some(d) => d,
            None => return,
        }
    };
}

/// A path under `../shared`, or return from the test (after [`shared`]
/// printed why).
#[macro_export]
macro_rules! need_shared {
    ($rel:expr) => {
        match $crate::support::shared($rel) {
            Some(p) => p,
            None => return,
        }
    };
}

/// The `rehearse` binary with its data folder at `home`, no colour and no
/// question folder from the environment.
pub fn rehearse(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rehearse").expect("binary builds");
    cmd.env("REHEARSE_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("REHEARSE_QUESTIONS");
    cmd
}

/// [`rehearse`] with no model setting from the environment either, for runs
/// that must not find a model through `REHEARSE_MODEL`.
pub fn rehearse_no_model(home: &Path) -> assert_cmd::Command {
    let mut cmd = rehearse(home);
    cmd.env_remove("REHEARSE_MODEL");
    cmd
}

/// The words of a `--json` report's transcript: text, start and end (s).
pub fn transcript_words(v: &serde_json::Value) -> Vec<(String, f64, f64)> {
    v["transcript"]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["text"].as_str().unwrap().to_string(),
                w["start_s"].as_f64().unwrap(),
                w["end_s"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Run `cmd` and assert it succeeded (its stderr as the failure message);
/// its output.
#[track_caller]
pub fn succeeded(cmd: &mut assert_cmd::Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Run `cmd`, expect success, return its standard output.
pub fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// A one-segment transcript of `texts`: word `i` runs from `0.5 + i * step_s`
/// to `first_end_s + i * step_s`, and the segment from 0.5 s to `end_s`.
pub fn one_segment(
    texts: &[&str],
    step_s: f64,
    first_end_s: f64,
    end_s: f64,
) -> rehearse::analysis::Transcript {
    use rehearse::analysis::{Segment, Transcript, Word};
    let words: Vec<Word> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Word {
            text: t.to_string(),
            start_s: 0.5 + i as f64 * step_s,
            end_s: first_end_s + i as f64 * step_s,
            prob: 0.9,
        })
        .collect();
    Transcript {
        aligned: false,
        cleaned: false,
        segments: vec![Segment {
            start_s: 0.5,
            end_s,
            text: texts.join(" "),
        }],
        words,
    }
}

/// Real-time tests (the virtual microphone) hold this exclusively; tests that
/// keep the CPU busy (Whisper, chromium) hold it shared. On two cores a
/// Whisper run next to a live recording would make the recording tests
/// measure the machine, not the program.
static CPU: RwLock<()> = RwLock::new(());

/// Hold while a test runs in real time: nothing heavy runs beside it.
pub fn realtime() -> RwLockWriteGuard<'static, ()> {
    CPU.write().unwrap_or_else(|e| e.into_inner())
}

/// Hold while a test keeps the CPU busy (runs Whisper or a browser).
pub fn heavy() -> RwLockReadGuard<'static, ()> {
    CPU.read().unwrap_or_else(|e| e.into_inner())
}

/// How a [`run_limited`] run ended.
pub struct Ran {
    /// Exit status (`code()` is `None` when a signal ended it).
    pub status: ExitStatus,
    /// Everything on stdout (lossy UTF-8).
    pub stdout: String,
    /// Everything on stderr (lossy UTF-8).
    pub stderr: String,
    /// Wall time.
    pub took: Duration,
}

/// Run `cmd` with stdout and stderr captured, under an address-space limit
/// of `limit` bytes (so a runaway allocation fails instead of swapping the
/// machine); after `timeout` it is killed and the test fails, naming `what`.
pub fn run_limited(mut cmd: Command, limit: u64, timeout: Duration, what: &str) -> Ran {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: only setrlimit (async-signal-safe) runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let r = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &r) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let t0 = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = r.read_to_end(&mut b);
            String::from_utf8_lossy(&b).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let err = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if t0.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} still running after {timeout:?} (it must refuse or finish); stdout:\n{}\nstderr:\n{}",
                out.join().unwrap(),
                err.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        took: t0.elapsed(),
    }
}
