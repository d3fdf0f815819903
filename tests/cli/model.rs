//! `rehearse model path | list | fetch` through the binary. Downloads are
//! served by a tiny HTTP server on 127.0.0.1 (`REHEARSE_MODEL_URL`), so no
//! test touches the network.

use crate::need_model;
use assert_cmd::Command;
use predicates::prelude::*;
use sha1::{Digest, Sha1};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// A copy of the binary four folders deep in a folder of its own, so that
/// the "models/ beside the binary" search cannot find the checkout's models.
fn isolated_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let src = assert_cmd::cargo::cargo_bin("rehearse");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model-tests/a/b/c/d");
        std::fs::create_dir_all(&dir).unwrap();
        let dst = dir.join("rehearse");
        let tmp = dir.join(format!("rehearse.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        // A hard link, not a copy: a file just written can fail to execute
        // ("text file busy") while other test threads fork.
        if std::fs::hard_link(&src, &tmp).is_err() {
            std::fs::copy(&src, &tmp).unwrap();
        }
        std::fs::rename(&tmp, &dst).unwrap();
        dst
    })
}

/// The isolated binary with a clean environment: its own data folder and
/// current directory, no model setting, no proxies.
fn cmd(home: &Path, cwd: &Path) -> Command {
    let mut c = Command::new(isolated_bin());
    c.current_dir(cwd)
        .env("REHEARSE_HOME", home)
        .env_remove("REHEARSE_MODEL")
        .env_remove("REHEARSE_MODEL_URL")
        .env_remove("REHEARSE_MODEL_SHA1")
        .env_remove("REHEARSE_MODEL_SIZE")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c
}

fn sha1_hex(b: &[u8]) -> String {
    Sha1::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// Files in `dir` (names), empty if it does not exist.
fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Clone, Copy)]
enum Serve {
    /// The whole body with a correct Content-Length.
    Whole,
    /// Announce the whole length, send this many bytes, close.
    CutAfter(usize),
    /// 404.
    Missing,
}

/// A one-file HTTP server on 127.0.0.1; counts requests.
struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
}

fn serve(body: Vec<u8>, how: Serve) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            h.fetch_add(1, Ordering::SeqCst);
            let _ = answer(stream, &body, how);
        }
    });
    Server { base, hits }
}

fn answer(mut s: TcpStream, body: &[u8], how: Serve) -> std::io::Result<()> {
    let mut r = BufReader::new(s.try_clone()?);
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    match how {
        Serve::Missing => s.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?,
        Serve::Whole | Serve::CutAfter(_) => {
            let n = match how {
                Serve::CutAfter(n) => n,
                _ => body.len(),
            };
            write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            s.write_all(&body[..n])?;
        }
    }
    s.flush()?;
    s.shutdown(std::net::Shutdown::Both)
}

/// A fake "model" (the server does not care what it is).
fn fake_body() -> Vec<u8> {
    (0..1_000_000u32).map(|i| (i % 251) as u8).collect()
}

#[test]
fn path_prints_the_model_from_env() {
    let model = need_model!();
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL", &model)
        .args(["model", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", model.display()))
        .stderr(predicate::str::contains("Model search order"));
}

#[test]
fn path_finds_a_model_in_the_data_folder() {
    let model = need_model!();
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let dir = home.path().join("models");
    std::fs::create_dir_all(&dir).unwrap();
    let linked = dir.join("ggml-tiny.en.bin");
    std::os::unix::fs::symlink(&model, &linked).unwrap();
    cmd(home.path(), cwd.path())
        .args(["model", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", linked.display()));

    // The current directory's models/ comes first.
    let local = cwd.path().join("models");
    std::fs::create_dir_all(&local).unwrap();
    std::os::unix::fs::symlink(&model, local.join("ggml-small.en.bin")).unwrap();
    cmd(home.path(), cwd.path())
        .args(["--quiet", "model", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", local.join("ggml-small.en.bin").display()))
        .stderr("");
}

#[test]
fn path_without_any_model_says_how_to_fix_it() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .args(["model", "path"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("no Whisper model found"))
        .stderr(predicate::str::contains("rehearse model fetch base.en"))
        .stderr(predicate::str::contains(
            home.path().join("models").display().to_string(),
        ));
}

#[test]
fn explicit_model_that_does_not_exist_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let missing = cwd.path().join("nope.bin");
    cmd(home.path(), cwd.path())
        .arg("--model")
        .arg(&missing)
        .args(["model", "path"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(missing.display().to_string()))
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn corrupt_model_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let bad = cwd.path().join("ggml-base.en.bin");
    std::fs::write(&bad, b"<!DOCTYPE html><html>rate limited</html>").unwrap();
    cmd(home.path(), cwd.path())
        .arg("--model")
        .arg(&bad)
        .args(["model", "path"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not a Whisper ggml model"))
        .stderr(predicate::str::contains("rehearse model fetch base.en"));
}

#[test]
fn truncated_model_is_called_incomplete() {
    let model = need_model!();
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(&model).unwrap();
    let half = cwd.path().join("ggml-tiny.en.bin");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    cmd(home.path(), cwd.path())
        .arg("--model")
        .arg(&half)
        .args(["model", "path"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("incomplete"))
        .stderr(predicate::str::contains("rehearse model fetch tiny.en"));
}

#[test]
fn fetch_downloads_verifies_and_renames_into_place() {
    let body = fake_body();
    let server = serve(body.clone(), Serve::Whole);
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let fetch = || {
        let mut c = cmd(home.path(), cwd.path());
        c.env("REHEARSE_MODEL_URL", format!("{}/mirror/", server.base))
            .env("REHEARSE_MODEL_SHA1", sha1_hex(&body))
            .env("REHEARSE_MODEL_SIZE", body.len().to_string())
            .args(["model", "fetch", "tiny.en"]);
        c
    };
    fetch()
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved tiny.en"))
        .stderr(predicate::str::contains(format!(
            "{}/mirror/ggml-tiny.en.bin",
            server.base
        )));
    let dir = home.path().join("models");
    assert_eq!(std::fs::read(dir.join("ggml-tiny.en.bin")).unwrap(), body);
    assert_eq!(files_in(&dir), vec!["ggml-tiny.en.bin".to_string()]);
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);

    // Again: already there and valid, nothing downloaded.
    fetch()
        .assert()
        .success()
        .stdout(predicate::str::contains("already installed"));
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    assert_eq!(files_in(&dir), vec!["ggml-tiny.en.bin".to_string()]);
}

#[test]
fn fetch_with_wrong_checksum_installs_nothing() {
    let body = fake_body();
    let server = serve(body.clone(), Serve::Whole);
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL_URL", &server.base)
        .env("REHEARSE_MODEL_SHA1", "0".repeat(40))
        .env("REHEARSE_MODEL_SIZE", body.len().to_string())
        .args(["model", "fetch", "base.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("SHA-1"))
        .stderr(predicate::str::contains("nothing was installed"));
    assert!(files_in(&home.path().join("models")).is_empty());
}

#[test]
fn fetch_cut_short_installs_nothing() {
    let body = fake_body();
    let server = serve(body.clone(), Serve::CutAfter(body.len() / 3));
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL_URL", &server.base)
        .env("REHEARSE_MODEL_SHA1", sha1_hex(&body))
        .env("REHEARSE_MODEL_SIZE", body.len().to_string())
        .args(["model", "fetch", "base.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{}/ggml-base.en.bin",
            server.base
        )))
        .stderr(predicate::str::contains(format!(
            "got {} bytes but the model has {}",
            body.len() / 3,
            body.len()
        )))
        .stderr(predicate::str::contains("nothing was installed"));
    assert!(files_in(&home.path().join("models")).is_empty());
}

#[test]
fn fetch_with_the_real_table_rejects_a_different_file_by_size() {
    // No overrides: the table's size for tiny.en (77,704,715 bytes) applies.
    let body = fake_body();
    let server = serve(body, Serve::Whole);
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL_URL", &server.base)
        .args(["model", "fetch", "tiny.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("77704715"));
    assert!(files_in(&home.path().join("models")).is_empty());
}

#[test]
fn fetch_http_error_and_no_server_say_what_was_tried() {
    let server = serve(Vec::new(), Serve::Missing);
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL_URL", &server.base)
        .args(["model", "fetch", "base.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("HTTP 404"))
        .stderr(predicate::str::contains(format!(
            "{}/ggml-base.en.bin",
            server.base
        )))
        .stderr(predicate::str::contains("--model PATH"));

    // A port nobody listens on.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let out = cmd(home.path(), cwd.path())
        .env("REHEARSE_MODEL_URL", &closed)
        .args(["model", "fetch", "base.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{closed}/ggml-base.en.bin"
        )))
        .stderr(predicate::str::contains("--model PATH"))
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    let error_lines: Vec<&str> = err.lines().filter(|l| l.starts_with("Error:")).collect();
    assert_eq!(error_lines.len(), 1, "{err}");
    assert!(files_in(&home.path().join("models")).is_empty());
}

#[test]
fn fetch_unknown_name_lists_known_ones() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .args(["model", "fetch", "huge.en"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown model `huge.en`"))
        .stderr(predicate::str::contains("tiny.en"))
        .stderr(predicate::str::contains("base.en"))
        .stderr(predicate::str::contains("small.en"));
}

#[test]
fn list_shows_known_models_and_what_is_installed() {
    let home = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    cmd(home.path(), cwd.path())
        .args(["model", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("base.en"))
        .stdout(predicate::str::contains("148.0 MB"))
        .stdout(predicate::str::contains("medium.en"))
        .stdout(predicate::str::contains("In use: none"));

    let model = need_model!();
    let dir = home.path().join("models");
    std::fs::create_dir_all(&dir).unwrap();
    let linked = dir.join("ggml-tiny.en.bin");
    std::os::unix::fs::symlink(&model, &linked).unwrap();
    cmd(home.path(), cwd.path())
        .args(["model", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "installed: {}  (in use)",
            linked.display()
        )))
        .stdout(predicate::str::contains(format!(
            "In use: {}",
            linked.display()
        )));
}
