//! Helpers for the end-to-end tests of `rehearse practice`: a private
//! PulseAudio server with a virtual microphone and speaker (see
//! `../shared/docs/virtual-mic.md`), a runner for the binary that watches its
//! stderr, and signal maths to compare recordings.
//!
//! The server runs in a per-test temp dir and is killed by pid when the
//! [`VirtualAudio`] guard drops, also when a test fails.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn require(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        ok,
        "`{tool}` is not installed; install pulseaudio pulseaudio-utils libasound2-plugins (see tests/cli/support/vmic.sh)"
    );
}

/// A private PulseAudio server: sink `spk` (the speaker, default), sink
/// `micfeed` and source `vmic` (its monitor, the default microphone).
pub struct VirtualAudio {
    /// Temp dir holding HOME, the runtime dir, the log and test files.
    pub dir: tempfile::TempDir,
    child: Option<Child>,
}

impl VirtualAudio {
    /// Start the server and wait until it answers.
    pub fn start() -> VirtualAudio {
        require("pulseaudio");
        require("pactl");
        let dir = tempfile::tempdir().expect("temp dir");
        let run = dir.path().join("run");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&run).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let script = dir.path().join("vmic.pa");
        std::fs::write(
            &script,
            format!(
                "load-module module-native-protocol-unix auth-anonymous=1 socket={}/native\n\
                 load-module module-null-sink sink_name=spk sink_properties=device.description=VirtualSpeaker\n\
                 load-module module-null-sink sink_name=micfeed sink_properties=device.description=MicFeed\n\
                 load-module module-remap-source master=micfeed.monitor source_name=vmic source_properties=device.description=VirtualMic\n\
                 set-default-sink spk\n\
                 set-default-source vmic\n",
                run.display()
            ),
        )
        .unwrap();
        let log = dir.path().join("pa.log");
        let child = Command::new("pulseaudio")
            .args(["-n", "-F"])
            .arg(&script)
            .args([
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--disallow-exit",
            ])
            .arg(format!("--log-target=file:{}", log.display()))
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pulseaudio");
        let va = VirtualAudio {
            dir,
            child: Some(child),
        };
        let t0 = Instant::now();
        loop {
            let ok = va
                .command("pactl")
                .arg("info")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ok {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(15),
                "PulseAudio did not start; log:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        va
    }

    /// Environment that points clients (ALSA's `default`, paplay) at this server.
    pub fn env(&self) -> Vec<(String, String)> {
        let run = self.dir.path().join("run");
        vec![
            (
                "HOME".into(),
                self.dir.path().join("home").display().to_string(),
            ),
            ("XDG_RUNTIME_DIR".into(), run.display().to_string()),
            (
                "PULSE_SERVER".into(),
                format!("unix:{}/native", run.display()),
            ),
        ]
    }

    /// A command with [`Self::env`] applied.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.envs(self.env());
        c
    }

    /// Play a WAV into the virtual microphone; returns the `paplay` process.
    pub fn speak_into_mic(&self, wav: &Path) -> Child {
        self.command("paplay")
            .arg("--device=micfeed")
            .arg(wav)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start paplay")
    }

    /// Record what is played on the virtual speaker (16 kHz mono s16 raw).
    pub fn record_speaker(&self, raw: &Path) -> Child {
        let f = std::fs::File::create(raw).expect("create raw file");
        self.command("parec")
            .args([
                "--device=spk.monitor",
                "--format=s16le",
                "--rate=16000",
                "--channels=1",
                "--raw",
            ])
            .stdout(f)
            .stderr(Stdio::null())
            .spawn()
            .expect("start parec")
    }

    /// Kill the server now (a microphone that disappears).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for VirtualAudio {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A running `rehearse` whose stderr is collected line by line.
pub struct Rehearse {
    child: Child,
    err: Arc<Mutex<String>>,
    out: Arc<Mutex<String>>,
}

/// How a run ended.
#[derive(Debug)]
pub struct Finished {
    /// Exit status.
    pub status: ExitStatus,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

impl Rehearse {
    /// Start `rehearse ARGS` with `env` and a fresh data dir `home`.
    pub fn spawn(args: &[&str], env: &[(String, String)], home: &Path, stdin: Stdio) -> Rehearse {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rehearse"));
        c.args(args)
            .envs(env.iter().cloned())
            .env("REHEARSE_HOME", home)
            .env_remove("REHEARSE_QUESTIONS")
            .env("NO_COLOR", "1")
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("start rehearse");
        let err = Arc::new(Mutex::new(String::new()));
        let out = Arc::new(Mutex::new(String::new()));
        let e2 = Arc::clone(&err);
        let stderr = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut e = e2.lock().unwrap();
                e.push_str(&line);
                e.push('\n');
            }
        });
        let o2 = Arc::clone(&out);
        let mut stdout = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stdout.read_to_string(&mut s);
            o2.lock().unwrap().push_str(&s);
        });
        Rehearse { child, err, out }
    }

    /// Stdin, when it was piped.
    pub fn stdin(&mut self) -> Option<&mut std::process::ChildStdin> {
        self.child.stdin.as_mut()
    }

    /// stderr so far.
    pub fn stderr_now(&self) -> String {
        self.err.lock().unwrap().clone()
    }

    /// Wait until stderr contains `needle`; panics after `timeout` or if the
    /// process exits first.
    pub fn wait_for_stderr(&mut self, needle: &str, timeout: Duration) {
        let t0 = Instant::now();
        loop {
            if self.stderr_now().contains(needle) {
                return;
            }
            if let Ok(Some(st)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "rehearse exited ({st}) before printing {needle:?}; stderr:\n{}",
                    self.stderr_now()
                );
            }
            assert!(
                t0.elapsed() < timeout,
                "no {needle:?} on stderr after {timeout:?}; stderr:\n{}",
                self.stderr_now()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until `needle` has appeared `n` times on stderr (each step of a
    /// run that repeats, such as the answers of an interview).
    pub fn wait_for_nth(&mut self, needle: &str, n: usize, timeout: Duration) {
        let t0 = Instant::now();
        while self.stderr_now().matches(needle).count() < n {
            assert!(
                t0.elapsed() < timeout,
                "{needle:?} not seen {n} times after {timeout:?}; stderr:\n{}",
                self.stderr_now()
            );
            self.wait_for_stderr(needle, timeout);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Send SIGINT (Ctrl-C).
    pub fn interrupt(&self) {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
    }

    /// Wait for the exit (kill after `timeout`).
    pub fn finish(mut self, timeout: Duration) -> Finished {
        let t0 = Instant::now();
        let status = loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                break st;
            }
            if t0.elapsed() > timeout {
                let _ = self.child.kill();
                let st = self.child.wait().expect("wait");
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "rehearse did not finish within {timeout:?} ({st}); stderr:\n{}",
                    self.stderr_now()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        // Let the reader threads drain the pipes.
        std::thread::sleep(Duration::from_millis(300));
        Finished {
            status,
            stdout: self.out.lock().unwrap().clone(),
            stderr: self.stderr_now(),
        }
    }
}

impl Drop for Rehearse {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// 16 kHz mono samples of a WAV (any layout), through the library's reader.
pub fn read_16k(path: &Path) -> Vec<f32> {
    rehearse::audio::wav::read_16k_mono(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// 16 kHz mono samples of a raw s16le file.
pub fn read_raw_s16(path: &Path) -> Vec<f32> {
    let b = std::fs::read(path).expect("read raw");
    b.chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32768.0)
        .collect()
}

fn ncc(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0f64, 0f64, 0f64);
    for (&x, &y) in a.iter().zip(b) {
        ab += x as f64 * y as f64;
        aa += x as f64 * x as f64;
        bb += y as f64 * y as f64;
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa * bb).sqrt()
    }
}

fn decimate(x: &[f32], k: usize) -> Vec<f32> {
    x.chunks(k)
        .map(|c| c.iter().sum::<f32>() / c.len() as f32)
        .collect()
}

/// Normalised cross-correlation of `rec` and `reference` when the reference
/// starts `lag` samples into the recording (negative: the recording starts
/// `-lag` samples into the reference), over the overlap, using at most
/// `limit` samples of it; `None` when the overlap is under `min` samples.
fn ncc_at(rec: &[f32], reference: &[f32], lag: i64, limit: usize, min: usize) -> Option<f64> {
    let (r, f) = if lag >= 0 {
        (rec.get(lag as usize..)?, reference)
    } else {
        (rec, reference.get((-lag) as usize..)?)
    };
    let n = r.len().min(f.len()).min(limit);
    (n >= min.max(1)).then(|| ncc(&r[..n], &f[..n]))
}

/// Where `reference` starts inside `recording` (within ±`max_lag_s`, both
/// 16 kHz; positive when the recording started first), and the normalised
/// cross-correlation of the whole overlap there. Coarse search at 2 kHz over
/// the first 12 s of overlap, then refined sample by sample.
pub fn align(recording: &[f32], reference: &[f32], max_lag_s: f64) -> (f64, i64) {
    const K: usize = 8;
    let rec_d = decimate(recording, K);
    let ref_d = decimate(reference, K);
    let max_lag = (max_lag_s * 2_000.0) as i64;
    let mut best = (f64::MIN, 0i64);
    for lag in -max_lag..=max_lag {
        if let Some(c) = ncc_at(&rec_d, &ref_d, lag, 2_000 * 12, 2_000) {
            if c > best.0 {
                best = (c, lag);
            }
        }
    }
    let centre = best.1 * K as i64;
    let mut fine = (f64::MIN, centre);
    for lag in centre - 2 * K as i64..=centre + 2 * K as i64 {
        if let Some(c) = ncc_at(recording, reference, lag, usize::MAX, 1) {
            if c > fine.0 {
                fine = (c, lag);
            }
        }
    }
    fine
}

/// Loudness of the loudest second of `x` (16 kHz), in dBFS.
pub fn loudest_second_db(x: &[f32]) -> f64 {
    x.chunks(16_000)
        .map(|c| {
            let e = c.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / c.len() as f64;
            10.0 * e.max(1e-12).log10()
        })
        .fold(-120.0, f64::max)
}

/// The first `key=value` figure of a `timings:` line on stderr.
pub fn timing(stderr: &str, key: &str) -> Option<f64> {
    let line = stderr.lines().find(|l| l.starts_with("timings:"))?;
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
}

/// The path printed after `marker` on stderr, up to the `.wav` it names.
pub fn path_after(stderr: &str, marker: &str) -> Option<PathBuf> {
    let i = stderr.find(marker)? + marker.len();
    let rest = &stderr[i..];
    let end = rest.find(".wav")? + 4;
    Some(PathBuf::from(rest[..end].trim()))
}
