//! Crafted model files (issue 12): the one-field header edits of
//! `ggml-tiny.en.bin` that made whisper.cpp crash (SIGFPE, aborts with a gdb
//! backtrace on stdout) are each refused before whisper.cpp sees them: one
//! line on stderr naming the file, the field and the fix, nothing on stdout,
//! exit 1. The edits are made to a copy of the real model (the test model,
//! see `support::model`), one at a time, as the report did.

use std::path::Path;
use std::process::Command;

/// (file name, byte offset, new i32 value, text the error must contain).
/// Offsets: the 4-byte magic, then n_vocab (4), n_audio_ctx (8),
/// n_audio_state (12), n_audio_head (16), n_audio_layer (20), n_text_ctx
/// (24), n_text_state (28), n_text_head (32), n_text_layer (36), n_mels
/// (40), ftype (44), all i32 little-endian.
const CRAFTED: [(&str, usize, i32, &str); 8] = [
    ("audio-heads-0", 16, 0, "n_audio_head is 0"),
    ("text-heads-0", 32, 0, "n_text_head is 0"),
    ("audio-heads-7", 16, 7, "n_audio_head is 7"),
    (
        "audio-state-2p30",
        12,
        1 << 30,
        "n_audio_state is 1073741824",
    ),
    ("text-state-2p30", 28, 1 << 30, "n_text_state is 1073741824"),
    ("text-ctx-2p30", 24, 1 << 30, "n_text_ctx is 1073741824"),
    ("text-layers-minus-5", 36, -5, "n_text_layer is -5"),
    ("ftype-999", 44, 999, "ftype 999"),
];

fn write_silence(path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for _ in 0..16_000 {
        w.write_sample(0i16).unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn crafted_model_headers_are_one_line_errors_not_crashes() {
    let Some(real) = crate::support::model() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("a.wav");
    write_silence(&wav);
    let mut bytes = std::fs::read(&real).unwrap();
    for (name, off, value, want) in CRAFTED {
        let model = dir.path().join(format!("ggml-{name}.bin"));
        let original: [u8; 4] = bytes[off..off + 4].try_into().unwrap();
        bytes[off..off + 4].copy_from_slice(&value.to_le_bytes());
        std::fs::write(&model, &bytes).unwrap();
        bytes[off..off + 4].copy_from_slice(&original);
        for args in [vec!["transcribe", "--json"], vec!["model", "path"]] {
            let mut c = Command::new(assert_cmd::cargo::cargo_bin("rehearse"));
            c.args(&args)
                .arg("--model")
                .arg(&model)
                .env("REHEARSE_HOME", dir.path().join("home"));
            if args[0] == "transcribe" {
                c.arg(&wav);
            }
            let out = c.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!("{name} {args:?}");
            assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
            assert!(out.stdout.is_empty(), "{what}: stdout {:?}", out.stdout);
            let lines: Vec<&str> = stderr
                .lines()
                .filter(|l| !l.starts_with("Model search order") && !l.starts_with("  "))
                .filter(|l| !l.starts_with("Within a folder"))
                .collect();
            assert_eq!(lines.len(), 1, "{what}: {stderr}");
            let line = lines[0];
            assert!(line.contains(&format!("ggml-{name}.bin")), "{what}: {line}");
            assert!(
                line.contains("is a damaged Whisper model"),
                "{what}: {line}"
            );
            assert!(line.contains(want), "{what}: {line}");
            assert!(line.contains("rehearse model fetch"), "{what}: {line}");
        }
        std::fs::remove_file(&model).unwrap();
    }
}
