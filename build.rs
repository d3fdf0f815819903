//! Build script: embeds the bundled question bank.
//!
//! Every `questions/*.toml` becomes one `(file name, contents)` entry of
//! `BUNDLED` in `$OUT_DIR/bundled_questions.rs`, which `store::questions`
//! includes. Adding a question file therefore needs no code change.

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
}
