//! Downloading a known model: into a hidden temp file in the target folder,
//! checked for size and SHA-1, and only then renamed into place.
//!
//! Models come from [`DEFAULT_BASE_URL`]. `REHEARSE_MODEL_URL` names a mirror
//! instead (a base URL; `ggml-<name>.bin` is appended). Only together with it,
//! `REHEARSE_MODEL_SIZE` and `REHEARSE_MODEL_SHA1` (40 hex digits, or `none`)
//! replace the expected size and checksum, for a mirror that serves its own
//! build of a model; the tests use them with a loopback server.
//!
//! A download slower than [`MinSpeed`] (by default under 10 kB/s on average
//! over 30 s, or nothing at all for 30 s) is stopped with an error that says
//! so, rather than showing an ETA of days. The temp file is removed on every
//! failure (and by the `model fetch` command on Ctrl-C).

use super::{io_err, KnownModel, ModelError};
use sha1::{Digest, Sha1};
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Standard location of the ggml Whisper models (file name appended).
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// Environment variable: a base URL to download models from instead of
/// [`DEFAULT_BASE_URL`] (a mirror; the file name is appended).
pub const URL_ENV: &str = "REHEARSE_MODEL_URL";

/// Environment variable, honoured only with [`URL_ENV`]: the SHA-1 the
/// mirror's file must have (for a mirror that serves its own build of a model).
pub const SHA1_ENV: &str = "REHEARSE_MODEL_SHA1";

/// Environment variable, honoured only with [`URL_ENV`]: the size in bytes
/// the mirror's file must have.
pub const SIZE_ENV: &str = "REHEARSE_MODEL_SIZE";

/// What to download and what it must look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPlan {
    /// Model name (for messages).
    pub name: String,
    /// Full URL of the file.
    pub url: String,
    /// Where the file ends up.
    pub dest: PathBuf,
    /// Exact expected size in bytes.
    pub size: u64,
    /// Expected SHA-1 (lower-case hex); `None` checks the size only.
    pub sha1: Option<String>,
    /// The slowest transfer tolerated.
    pub min_speed: MinSpeed,
}

/// The slowest download tolerated: fewer than `bytes_per_s` on average over
/// any `window` stops it (as curl's `--speed-limit` / `--speed-time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinSpeed {
    /// Minimum average rate, bytes per second.
    pub bytes_per_s: u64,
    /// How long the rate may stay under the minimum (also the longest wait
    /// for any byte at all).
    pub window: Duration,
}

/// 10 kB/s over 30 s: base.en would take four hours at that rate.
pub const DEFAULT_MIN_SPEED: MinSpeed = MinSpeed {
    bytes_per_s: 10_000,
    window: Duration::from_secs(30),
};

impl FetchPlan {
    /// Plan for `model` into folder `dir`, from [`URL_ENV`] or
    /// [`DEFAULT_BASE_URL`]; with [`URL_ENV`] set, [`SHA1_ENV`] and
    /// [`SIZE_ENV`] replace the expected checksum and size.
    pub fn from_env(model: &KnownModel, dir: &Path) -> Result<Self, ModelError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mirror = var(URL_ENV);
        let mut plan = Self::new(model, dir, mirror.as_deref().unwrap_or(DEFAULT_BASE_URL));
        if mirror.is_some() {
            if let Some(v) = var(SIZE_ENV) {
                plan.size = v.trim().parse().map_err(|_| ModelError::BadEnv {
                    var: SIZE_ENV,
                    value: v.clone(),
                    why: "a size in bytes",
                })?;
            }
            if let Some(v) = var(SHA1_ENV) {
                let v = v.trim().to_ascii_lowercase();
                if v == "none" {
                    plan.sha1 = None;
                } else if v.len() == 40 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
                    plan.sha1 = Some(v);
                } else {
                    return Err(ModelError::BadEnv {
                        var: SHA1_ENV,
                        value: v,
                        why: "40 hex digits, or `none`",
                    });
                }
            }
        }
        Ok(plan)
    }

    /// Plan for `model` into folder `dir` from `base_url`.
    pub fn new(model: &KnownModel, dir: &Path, base_url: &str) -> Self {
        let file = model.file_name();
        Self {
            name: model.name.to_string(),
            url: format!("{}/{file}", base_url.trim_end_matches('/')),
            dest: dir.join(&file),
            size: model.size,
            sha1: model.sha1.map(str::to_string),
            min_speed: DEFAULT_MIN_SPEED,
        }
    }

    /// The hidden temp file this process downloads into (same folder as `dest`).
    pub fn temp_path(&self) -> PathBuf {
        let dir = self.dest.parent().unwrap_or(Path::new("."));
        dir.join(format!("{}{}.part", self.temp_prefix(), std::process::id()))
    }

    fn temp_prefix(&self) -> String {
        let file = self
            .dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(".{file}.")
    }
}

/// Progress of [`fetch`], for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchEvent {
    /// Checking a file that is already in place.
    CheckingExisting,
    /// About to request the file.
    Requesting,
    /// Server answered; `total` bytes expected.
    Started {
        /// Expected size.
        total: u64,
    },
    /// `done` bytes received so far.
    Progress {
        /// Bytes so far.
        done: u64,
    },
    /// All bytes received, file verified and moved into place.
    Finished,
}

/// What [`fetch`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// A valid copy was already in place; nothing downloaded.
    AlreadyPresent(PathBuf),
    /// Downloaded and verified.
    Downloaded(PathBuf),
    /// A file was in place but did not match; it was replaced.
    Replaced(PathBuf),
}

/// Whether the file at `path` has exactly `size` bytes and, if given, SHA-1 `sha1`.
pub fn file_matches(path: &Path, size: u64, sha1: Option<&str>) -> Result<bool, ModelError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_err("read", path)(e)),
    };
    if !meta.is_file() || meta.len() != size {
        return Ok(false);
    }
    match sha1 {
        None => Ok(true),
        Some(want) => Ok(sha1_file(path)? == want),
    }
}

/// SHA-1 of a file, lower-case hex.
pub fn sha1_file(path: &Path) -> Result<String, ModelError> {
    let mut f = File::open(path).map_err(io_err("read", path))?;
    let mut h = Sha1::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(io_err("read", path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Temp files older than this, left by a killed download, are removed.
const STALE_PART_AGE: Duration = Duration::from_secs(10 * 60);

/// Download `plan.url` to `plan.dest`: into a hidden temp file beside it,
/// checking size and SHA-1, then renamed into place. On any failure the temp
/// file is removed and `plan.dest` is left as it was. If `plan.dest` already
/// matches, nothing is downloaded.
pub fn fetch(
    plan: &FetchPlan,
    progress: &mut dyn FnMut(FetchEvent),
) -> Result<FetchOutcome, ModelError> {
    let existed = plan.dest.exists();
    if existed {
        progress(FetchEvent::CheckingExisting);
        if file_matches(&plan.dest, plan.size, plan.sha1.as_deref())? {
            return Ok(FetchOutcome::AlreadyPresent(plan.dest.clone()));
        }
    }
    let dir = plan.dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_err("create folder", dir))?;
    remove_stale_parts(plan, dir);
    let tmp = plan.temp_path();
    // Removed however this function ends (error, panic); after the rename
    // there is nothing left to remove.
    let _cleanup = RemoveOnDrop(&tmp);
    download_to(plan, &tmp, progress)?;
    std::fs::rename(&tmp, &plan.dest).map_err(io_err("move the download to", &plan.dest))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    progress(FetchEvent::Finished);
    Ok(if existed {
        FetchOutcome::Replaced(plan.dest.clone())
    } else {
        FetchOutcome::Downloaded(plan.dest.clone())
    })
}

/// Removes a file when dropped (errors ignored: it may already be gone).
struct RemoveOnDrop<'a>(&'a Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

/// Remove this model's temp files left by downloads that were killed (not
/// touched for [`STALE_PART_AGE`]).
fn remove_stale_parts(plan: &FetchPlan, dir: &Path) {
    let prefix: OsString = plan.temp_prefix().into();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name();
        let (Some(n), Some(p)) = (name.to_str(), prefix.to_str()) else {
            continue;
        };
        if !n.starts_with(p) || !n.ends_with(".part") {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_PART_AGE);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn agent(min_speed: MinSpeed) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_per_read(Some(min_speed.window))
        .user_agent(concat!("rehearse/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn download_to(
    plan: &FetchPlan,
    tmp: &Path,
    progress: &mut dyn FnMut(FetchEvent),
) -> Result<(), ModelError> {
    let net = |reason: String| ModelError::Network {
        url: plan.url.clone(),
        reason,
        dest: plan.dest.clone(),
    };
    progress(FetchEvent::Requesting);
    let mut resp = agent(plan.min_speed)
        .get(&plan.url)
        .call()
        .map_err(|e| net(describe(&e)))?;
    let announced = resp.body().content_length();
    if let Some(n) = announced {
        if n != plan.size {
            return Err(ModelError::WrongSize {
                url: plan.url.clone(),
                expected: plan.size,
                got: n,
            });
        }
    }
    progress(FetchEvent::Started { total: plan.size });
    let mut out = File::create(tmp).map_err(io_err("write", tmp))?;
    // One byte over the limit is read to notice a longer file.
    let mut body = resp
        .body_mut()
        .with_config()
        .limit(plan.size.saturating_add(1))
        .reader();
    let mut hasher = Sha1::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut done: u64 = 0;
    let too_slow = |done: u64, window_bytes: u64, secs: f64| ModelError::TooSlow {
        url: plan.url.clone(),
        got: window_bytes,
        secs: secs.round() as u64,
        min: plan.min_speed.bytes_per_s,
        done,
    };
    let mut window_start = Instant::now();
    let mut window_bytes: u64 = 0;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if is_timeout(&e) => {
                let secs = window_start.elapsed().as_secs_f64();
                return Err(too_slow(done, window_bytes, secs));
            }
            Err(e) => {
                // A body that ends early is a short download, whatever the cause.
                if done < plan.size && is_early_end(&e) {
                    return Err(ModelError::WrongSize {
                        url: plan.url.clone(),
                        expected: plan.size,
                        got: done,
                    });
                }
                return Err(net(format!("{e} after {done} bytes")));
            }
        };
        done += n as u64;
        if done > plan.size {
            return Err(ModelError::WrongSize {
                url: plan.url.clone(),
                expected: plan.size,
                got: done,
            });
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(io_err("write", tmp))?;
        progress(FetchEvent::Progress { done });
        window_bytes += n as u64;
        let secs = window_start.elapsed().as_secs_f64();
        if secs >= plan.min_speed.window.as_secs_f64() {
            if (window_bytes as f64) < plan.min_speed.bytes_per_s as f64 * secs {
                return Err(too_slow(done, window_bytes, secs));
            }
            window_start = Instant::now();
            window_bytes = 0;
        }
    }
    if done != plan.size {
        return Err(ModelError::WrongSize {
            url: plan.url.clone(),
            expected: plan.size,
            got: done,
        });
    }
    if let Some(want) = &plan.sha1 {
        let got = hex(&hasher.finalize());
        if &got != want {
            return Err(ModelError::ChecksumMismatch {
                url: plan.url.clone(),
                expected: want.clone(),
                actual: got,
            });
        }
    }
    out.sync_all().map_err(io_err("write", tmp))?;
    Ok(())
}

fn is_timeout(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::TimedOut
        || e.to_string().to_ascii_lowercase().contains("timeout")
}

fn is_early_end(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        UnexpectedEof | ConnectionReset | ConnectionAborted | BrokenPipe
    ) || e.to_string().to_ascii_lowercase().contains("closed")
}

/// A short reason for a failed request.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::StatusCode(code) => format!("HTTP {code}"),
        ureq::Error::HostNotFound => "host not found (no network?)".into(),
        ureq::Error::ConnectionFailed => "connection failed (no network?)".into(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::model::{find_known, is_model_file_name};

    #[test]
    fn plan_urls_and_temp_names() {
        let m = find_known("tiny.en").unwrap();
        let p = FetchPlan::new(m, Path::new("/d"), "http://127.0.0.1:9/x/");
        assert_eq!(p.url, "http://127.0.0.1:9/x/ggml-tiny.en.bin");
        assert_eq!(p.dest, PathBuf::from("/d/ggml-tiny.en.bin"));
        let t = p.temp_path();
        let name = t.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(".ggml-tiny.en.bin.") && name.ends_with(".part"));
        assert!(!is_model_file_name(name));
        let d = FetchPlan::new(m, Path::new("/d"), DEFAULT_BASE_URL);
        assert_eq!(
            d.url,
            "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.en.bin"
        );
    }

    /// A one-shot HTTP server on 127.0.0.1 announcing `size` bytes and
    /// sending `send` of them, one every `gap`, then waiting; its base URL.
    fn trickle_server(size: u64, send: u64, gap: Duration) -> String {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        std::thread::spawn(move || {
            let Ok((mut s, _)) = l.accept() else {
                return;
            };
            let mut req = [0u8; 4096];
            let _ = s.read(&mut req);
            let head =
                format!("HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
            if s.write_all(head.as_bytes()).is_err() {
                return;
            }
            for _ in 0..send {
                if s.write_all(b"x").is_err() {
                    return;
                }
                std::thread::sleep(gap);
            }
            std::thread::sleep(Duration::from_secs(20));
        });
        format!("http://{addr}")
    }

    fn plan_for(base: &str, dir: &Path, size: u64) -> FetchPlan {
        let mut p = FetchPlan::new(find_known("tiny.en").unwrap(), dir, base);
        p.size = size;
        p.sha1 = None;
        p.min_speed = MinSpeed {
            bytes_per_s: 1000,
            window: Duration::from_millis(600),
        };
        p
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// 1 byte every 20 ms (50 B/s) against a 1000 B/s minimum: stopped
    /// after one window, with a clear error and nothing left behind.
    #[test]
    fn a_trickle_is_stopped_by_the_minimum_speed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan_for(
            &trickle_server(100_000, 100_000, Duration::from_millis(20)),
            dir.path(),
            100_000,
        );
        let t0 = Instant::now();
        let e = fetch(&plan, &mut |_| {}).unwrap_err();
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
        assert!(matches!(e, ModelError::TooSlow { .. }), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains("too slow") && msg.contains("1000 bytes/s"),
            "{msg}"
        );
        assert!(msg.contains("nothing was installed"), "{msg}");
        assert!(!msg.contains('\n'));
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }

    /// A server that sends the headers and then nothing: stopped after one
    /// window too, not after the old 60 s per-read timeout.
    #[test]
    fn a_silent_server_is_stopped_by_the_minimum_speed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan_for(
            &trickle_server(5000, 10, Duration::from_millis(1)),
            dir.path(),
            5000,
        );
        let t0 = Instant::now();
        let e = fetch(&plan, &mut |_| {}).unwrap_err();
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
        assert!(matches!(e, ModelError::TooSlow { done: 10, .. }), "{e}");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }

    /// A fast server is not affected by the rule.
    #[test]
    fn a_fast_download_completes() {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan_for(
            &trickle_server(3000, 3000, Duration::ZERO),
            dir.path(),
            3000,
        );
        let out = fetch(&plan, &mut |_| {}).unwrap();
        assert_eq!(out, FetchOutcome::Downloaded(plan.dest.clone()));
        assert_eq!(std::fs::metadata(&plan.dest).unwrap().len(), 3000);
        assert_eq!(leftovers(dir.path()), vec!["ggml-tiny.en.bin".to_string()]);
    }
}
