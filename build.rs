//! Build script: embeds the bundled question bank and its recorded questions.
//!
//! Every `questions/*.toml` becomes one `(file name, contents)` entry of
//! `BUNDLED` in `$OUT_DIR/bundled_questions.rs`, which `store::questions`
//! includes. Every `questions/audio/*.wav` (rendered by
//! `scripts/render-questions.py`) becomes one `("audio/NAME.wav", bytes)`
//! entry of `BUNDLED_AUDIO` in `$OUT_DIR/bundled_audio.rs`, which
//! `store::bundled_audio` includes: a bundled question's `audio` line names
//! one of them. Adding a question file therefore needs no code change.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=questions");

    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let dir = manifest.join("questions");
    let mut files: Vec<(String, PathBuf)> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_owned();
                Some((name, p))
            })
            .collect(),
        Err(err) => {
            println!(
                "cargo:warning=no bundled questions: cannot read {}: {err}",
                dir.display()
            );
            Vec::new()
        }
    };
    files.sort();

    let mut code = String::from(
        "/// The bundled question files: `(file name, TOML source)`, sorted by name.\n\
         pub(crate) const BUNDLED: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        let path = path.to_str().expect("question file paths are UTF-8");
        writeln!(code, "    ({name:?}, include_str!({path:?})),")
            .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("bundled_questions.rs"), code)
        .expect("cannot write bundled_questions.rs to OUT_DIR");
    std::fs::write(out.join("bundled_audio.rs"), audio_code(&dir.join("audio")))
        .expect("cannot write bundled_audio.rs to OUT_DIR");
}

/// `BUNDLED_AUDIO`: every `*.wav` of `dir` as `("audio/NAME.wav", bytes)`, sorted.
fn audio_code(dir: &std::path::Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut wavs: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wav"))
                .filter_map(|p| Some((format!("audio/{}", p.file_name()?.to_str()?), p)))
                .collect()
        })
        .unwrap_or_default();
    wavs.sort();
    let mut code = String::from(
        "/// The bundled questions' recordings: `(\"audio/NAME.wav\", WAV bytes)`, sorted by name.\n\
         pub(crate) const BUNDLED_AUDIO: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &wavs {
        let path = path.to_str().expect("question audio paths are UTF-8");
        writeln!(code, "    ({name:?}, include_bytes!({path:?})),")
            .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");
    code
}
