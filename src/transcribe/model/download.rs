//! Downloading a known model: into a hidden temp file in the target folder,
//! checked for size and SHA-1, and only then renamed into place.
//!
//! Models come from [`DEFAULT_BASE_URL`]. `REHEARSE_MODEL_URL` names a mirror
//! instead (a base URL; `ggml-<name>.bin` is appended). Only together with it,
//! `REHEARSE_MODEL_SIZE` and `REHEARSE_MODEL_SHA1` (40 hex digits, or `none`)
//! replace the expected size and checksum, for a mirror that serves its own
//! build of a model; the tests use them with a loopback server.

use super::{io_err, KnownModel, ModelError};
use sha1::{Digest, Sha1};
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
}

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
    let result = download_to(plan, &tmp, progress);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&tmp, &plan.dest) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err("move the download to", &plan.dest)(e));
    }
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

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_per_read(Some(Duration::from_secs(60)))
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
    let mut resp = agent()
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
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
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
}
