//! `rehearse model fetch` interrupted: Ctrl-C during a slow download (a
//! loopback server trickling bytes) removes the partial `.part` file, says
//! so in one line, and exits 130. No network and no model needed.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A loopback server announcing `size` bytes and sending one every 50 ms.
fn trickle_server(size: u64) -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
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
        for _ in 0..size {
            if s.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    format!("http://{addr}")
}

fn part_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".part"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ctrl_c_during_fetch_removes_the_part_file() {
    let home = tempfile::tempdir().unwrap();
    let models = home.path().join("models");
    let child = Command::new(assert_cmd::cargo::cargo_bin("rehearse"))
        .args(["model", "fetch", "tiny.en"])
        .env("REHEARSE_HOME", home.path())
        .env("REHEARSE_MODEL_URL", trickle_server(10_000))
        .env("REHEARSE_MODEL_SIZE", "10000")
        .env("REHEARSE_MODEL_SHA1", "none")
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .env_remove("REHEARSE_MODEL")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the download has started writing its temp file.
    let t0 = Instant::now();
    while part_files(&models).is_empty() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no .part file appeared in {}",
            models.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: sending SIGINT to our own child.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(
        stderr.contains("Interrupted; the partial download was removed"),
        "{stderr}"
    );
    assert!(part_files(&models).is_empty(), "{:?}", part_files(&models));
    assert!(!models.join("ggml-tiny.en.bin").exists());
}
