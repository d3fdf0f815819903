//! Files rehearse reads and the attempts it keeps, attacked through the
//! binary (issue 12 items 2, 5, 6, 7, 9, 11): WAV headers that lie about
//! their size or rate, FIFOs where files are expected, a damaged record next
//! to a good recording, a record edited to point elsewhere, and a save that
//! fails part-way. Each case ends in one clear line, never a hang, a crash
//! or a lost recording.

use assert_cmd::Command;
use rehearse::analysis::{analyse, Settings, SpeechActivity, Transcript};
use rehearse::store::attempts::{AttemptStore, Source};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The shared `support::rehearse` command with a 60 s timeout.
fn rehearse(home: &Path) -> Command {
    let mut cmd = crate::support::rehearse(home);
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// The binary run under resource limits (set in the child before exec).
fn limited(home: &Path, limit: libc::__rlimit_resource_t, bytes: u64) -> Command {
    let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rehearse"));
    std_cmd
        .env("REHEARSE_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("REHEARSE_QUESTIONS");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        std_cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(limit, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // A write past RLIMIT_FSIZE must fail with EFBIG, not kill us.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut cmd = Command::from_std(std_cmd);
    cmd.timeout(Duration::from_secs(120));
    cmd
}

fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// A WAV header: PCM int (`fmt` 1) or float (3), `data` declaring `data_len` bytes.
fn wav_header(fmt: u16, rate: u32, bits: u16, data_len: u32) -> Vec<u8> {
    let block = bits.div_ceil(8);
    let mut h = b"RIFF".to_vec();
    h.extend_from_slice(&data_len.saturating_add(36).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt \x10\0\0\0");
    h.extend_from_slice(&fmt.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    h.extend_from_slice(&block.to_le_bytes());
    h.extend_from_slice(&bits.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// Save one attempt of `explain-complex-concept` with a real one-second recording;
/// returns its folder.
fn saved_attempt(home: &Path) -> PathBuf {
    let bank = rehearse::store::questions::load_bank(None).unwrap();
    let q = rehearse::store::questions::find(&bank, "explain-complex-concept").unwrap();
    let report = analyse(
        &Transcript::default(),
        &SpeechActivity::default(),
        &q,
        &Settings::default(),
    );
    let tone: Vec<f32> = (0..16_000)
        .map(|i| ((i % 40) as f32 / 40.0 - 0.5) * 0.4)
        .collect();
    let wav = rehearse::audio::wav::encode_wav(&tone, 16_000);
    AttemptStore::new(home.join("attempts"))
        .save(&report, &q, &wav, Source::Score, SystemTime::now())
        .unwrap()
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn prune_never_deletes_a_good_recording_whose_record_is_damaged() {
    let home = tempfile::tempdir().unwrap();
    let dir = saved_attempt(home.path());
    let id = name(&dir);
    let wav = dir.join("answer.wav");
    let recording = std::fs::read(&wav).unwrap();
    // attempt.json cut 2 bytes short, an hour ago (so not "being written").
    let record = dir.join("attempt.json");
    let full = std::fs::read(&record).unwrap();
    std::fs::write(&record, &full[..full.len() - 2]).unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(&dir)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();

    let a = rehearse(home.path()).arg("history").assert().success();
    let err = stderr_of(&a);
    let rescore = format!(
        "rehearse score --question explain-complex-concept --audio {} --save",
        wav.display()
    );
    assert!(err.contains(&rescore), "offers re-scoring: {err}");
    assert!(!err.contains("prune"), "must not advise pruning: {err}");

    let a = rehearse(home.path())
        .args(["history", "--prune", "--yes"])
        .assert()
        .success();
    let err = stderr_of(&a);
    assert!(
        err.contains(&format!("kept {id}")) && err.contains(&rescore),
        "{err}"
    );
    assert_eq!(std::fs::read(&wav).unwrap(), recording, "recording kept");

    // Deleting it by hand still asks (here: refuses without a terminal).
    let a = rehearse(home.path())
        .args(["delete", &id])
        .assert()
        .failure();
    assert!(stderr_of(&a).contains("--yes"));
    assert!(wav.exists());
}

#[test]
fn report_embeds_only_the_attempt_folders_own_wav() {
    let home = tempfile::tempdir().unwrap();
    let dir = saved_attempt(home.path());
    let id = name(&dir);
    // Another WAV outside the folder, which the edits below point at.
    let other = home.path().join("other.wav");
    std::fs::copy(dir.join("answer.wav"), &other).unwrap();
    let page = home.path().join("page.html");
    let report = || {
        let a = rehearse(home.path())
            .args(["report", &id, "--html"])
            .arg(&page)
            .assert()
            .success();
        (stderr_of(&a), std::fs::read_to_string(&page).unwrap())
    };
    let (_, html) = report();
    assert!(
        html.contains("data:audio/wav;base64,"),
        "own recording embedded"
    );

    // 1. answer.wav is a symlink out of the folder.
    std::fs::remove_file(dir.join("answer.wav")).unwrap();
    std::os::unix::fs::symlink(&other, dir.join("answer.wav")).unwrap();
    let (err, html) = report();
    assert!(
        err.contains("not embedded") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(
        !html.contains("data:audio/wav"),
        "a linked file was embedded"
    );

    // 2. attempt.json's audio_file names another file; the folder has none.
    std::fs::remove_file(dir.join("answer.wav")).unwrap();
    let record = dir.join("attempt.json");
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    v["audio_file"] = other.to_str().unwrap().into();
    std::fs::write(&record, serde_json::to_vec(&v).unwrap()).unwrap();
    let (err, html) = report();
    assert!(err.contains("not embedded"), "{err}");
    assert!(!html.contains("data:audio/wav"), "audio_file was followed");

    // 3. answer.wav is there but is not a WAV file.
    std::fs::write(dir.join("answer.wav"), b"private notes, not audio").unwrap();
    let (err, html) = report();
    assert!(
        err.contains("not embedded") && err.contains("not a readable WAV"),
        "{err}"
    );
    assert!(!html.contains("data:audio/wav"));
}

#[test]
fn crafted_wav_headers_are_one_line_errors() {
    let home = tempfile::tempdir().unwrap();
    let run = |file: &Path| {
        let a = limited(home.path(), libc::RLIMIT_AS, 4 << 30)
            .arg("transcribe")
            .arg(file)
            .assert()
            .code(1);
        let err = stderr_of(&a);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        err
    };
    // 24 KB of 8-bit audio declaring 4 GiB of data: asked for 16 GiB before.
    // (0xFFFFFFFF itself means "length unknown" and is read to the end.)
    let huge = home.path().join("huge.wav");
    let mut b = wav_header(1, 8_000, 8, 0xFFFF_0000);
    b.resize(b.len() + 24_000, 128);
    std::fs::write(&huge, &b).unwrap();
    let err = run(&huge);
    assert!(
        err.contains("truncated") && !err.contains("memory"),
        "{err}"
    );

    // 48 KB labelled 1 Hz (13 hours).
    let slow = home.path().join("slow.wav");
    let mut b = wav_header(1, 1, 8, 48_000);
    b.resize(b.len() + 48_000, 128);
    std::fs::write(&slow, &b).unwrap();
    assert!(run(&slow).contains("1 Hz is not plausible"));

    // More than three hours of real data.
    let long = home.path().join("long.wav");
    let n = (3 * 3600 + 60) * 1_000;
    let mut b = wav_header(1, 1_000, 8, n);
    b.resize(b.len() + n as usize, 128);
    std::fs::write(&long, &b).unwrap();
    assert!(run(&long).contains("181 minutes"));

    // A missing file: one sentence, the OS error not repeated.
    let gone = home.path().join("gone.wav");
    assert_eq!(
        run(&gone).trim_end(),
        format!("Error: {} does not exist; check the path", gone.display())
    );
}

#[test]
fn fifos_are_refused_not_waited_on() {
    let home = tempfile::tempdir().unwrap();
    let wav = home.path().join("pipe.wav");
    mkfifo(&wav);
    let a = rehearse(home.path())
        .timeout(Duration::from_secs(20))
        .arg("transcribe")
        .arg(&wav)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(
        err.contains("FIFO") && err.contains("not a regular file"),
        "{err}"
    );

    let toml = home.path().join("pipe.toml");
    mkfifo(&toml);
    let a = rehearse(home.path())
        .timeout(Duration::from_secs(20))
        .args(["score", "--question"])
        .arg(&toml)
        .arg("--audio")
        .arg(&wav)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(err.contains("pipe.toml is a FIFO"), "{err}");
}

#[test]
fn a_toml_error_names_its_own_key() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("questions");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("q.toml"), "id = \"x\"\ncategory \"oops\"\n").unwrap();
    let a = rehearse(home.path())
        .arg("questions")
        .arg("--questions")
        .arg(&dir)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(err.contains("q.toml:2:"), "{err}");
    assert!(
        !err.contains("`id`"),
        "line 2 blamed on line 1's key: {err}"
    );
}

#[test]
fn a_save_that_fails_part_way_leaves_nothing_behind() {
    let model = crate::need_model!();
    let jfk = crate::need_shared!("audio/jfk.wav");
    let _cpu = crate::support::heavy();
    let home = tempfile::tempdir().unwrap();
    // Files may grow to 64 KB: the 11 s recording (350 KB) cannot be written.
    let a = limited(home.path(), libc::RLIMIT_FSIZE, 64 << 10)
        .arg("--model")
        .arg(&model)
        .args([
            "score",
            "--save",
            "--json",
            "--question",
            "explain-complex-concept",
            "--audio",
        ])
        .arg(&jfk)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(err.contains("is the disk full"), "{err}");
    let root = home.path().join("attempts");
    let left: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn non_finite_samples_are_cleaned_with_one_warning() {
    let model = crate::need_model!();
    let _cpu = crate::support::heavy();
    let home = tempfile::tempdir().unwrap();
    // Two seconds of 32-bit float: NaN, infinities and 1e30 among silence.
    let wav = home.path().join("nan.wav");
    let mut b = wav_header(3, 16_000, 32, 32_000 * 4);
    for i in 0..32_000 {
        let v = match i % 4 {
            0 => f32::NAN,
            1 => f32::INFINITY,
            2 => 1e30,
            _ => 0.0,
        };
        b.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(&wav, &b).unwrap();
    let a = rehearse(home.path())
        .arg("--model")
        .arg(&model)
        .args(["transcribe", "--json"])
        .arg(&wav)
        .assert()
        .success();
    let err = stderr_of(&a);
    assert_eq!(
        err.matches("24000 samples were not finite or outside -1..1")
            .count(),
        1,
        "{err}"
    );
}
