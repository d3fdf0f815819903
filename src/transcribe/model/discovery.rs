//! Where rehearse looks for a model, and which file it picks.
//!
//! [`resolve`] takes the first of:
//!
//! 1. `--model PATH` (or `REHEARSE_MODEL`). If given, it must exist: a
//!    missing file is an error, never a silent fall-back.
//! 2. a `models/` folder beside the project: the current directory's
//!    `models/`, then `models/` in the running binary's folder and in its
//!    ancestors up to three levels up (so `target/release/rehearse` finds the
//!    checkout's `models/`);
//! 3. the user models folder, passed in by the caller (the `app` layer
//!    resolves the data folder: `~/.local/share/rehearse/models`, or
//!    `$REHEARSE_HOME/models`), which is where `rehearse model fetch` saves
//!    models.
//!
//! Folders are tried in that order and the first folder holding a model wins.
//! Within a folder the preference is [`PREFERRED_FILES`]
//! (`ggml-base.en.bin`, `ggml-tiny.en.bin`, `ggml-small.en.bin`), then any
//! other `ggml-*.bin` in name order (voice-activity models such as
//! `ggml-silero-*.bin` are skipped). [`search_dirs`] lists the folders;
//! [`choose`] is the pure core.

use super::{check_model_file, ModelError};
use std::path::{Path, PathBuf};

/// File names preferred within one folder, best first.
pub const PREFERRED_FILES: [&str; 3] =
    ["ggml-base.en.bin", "ggml-tiny.en.bin", "ggml-small.en.bin"];

/// How many folders above the binary's own folder are searched for `models/`.
pub const EXE_ANCESTOR_LEVELS: usize = 3;

/// The folders searched for a model, in order, without duplicates: the
/// current directory's `models/`, `models/` beside the running binary and up
/// to [`EXE_ANCESTOR_LEVELS`] folders above it, then `user_models` (the
/// user data folder's `models/`, chosen by the caller). Folders that do not
/// exist are included (they are simply empty).
pub fn search_dirs(user_models: &Path) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().ok();
    let exe = std::env::current_exe().ok();
    search_dirs_from(cwd.as_deref(), exe.as_deref(), user_models.to_path_buf())
}

/// [`search_dirs`] as a pure function of the current directory, the binary's
/// path and the user models folder.
pub fn search_dirs_from(cwd: Option<&Path>, exe: Option<&Path>, user: PathBuf) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut push = |d: PathBuf| {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    };
    if let Some(cwd) = cwd {
        push(cwd.join("models"));
    }
    if let Some(exe_dir) = exe.and_then(Path::parent) {
        for dir in exe_dir.ancestors().take(EXE_ANCESTOR_LEVELS + 1) {
            push(dir.join("models"));
        }
    }
    push(user);
    dirs
}

/// Whether `name` looks like a Whisper model file: `ggml-*.bin`, not a
/// voice-activity model (`ggml-silero-*`) and not a hidden temp file.
pub fn is_model_file_name(name: &str) -> bool {
    name.starts_with("ggml-")
        && name.ends_with(".bin")
        && name.len() > "ggml-.bin".len()
        && !name.contains("silero")
}

/// The preferred model file among `names` (the files of one folder):
/// [`PREFERRED_FILES`] in order, then other model files in name order.
pub fn pick_in_dir<S: AsRef<str>>(names: &[S]) -> Option<String> {
    for want in PREFERRED_FILES {
        if names.iter().any(|n| n.as_ref() == want) {
            return Some(want.to_string());
        }
    }
    names
        .iter()
        .map(AsRef::as_ref)
        .filter(|n| is_model_file_name(n))
        .min()
        .map(str::to_string)
}

/// Pure core of discovery: the first folder of `dirs` (in order) that holds a
/// model file, and that folder's preferred file. `files_in` lists the file
/// names of a folder (empty for a missing one).
pub fn choose(dirs: &[PathBuf], files_in: impl Fn(&Path) -> Vec<String>) -> Option<PathBuf> {
    dirs.iter()
        .find_map(|d| pick_in_dir(&files_in(d)).map(|f| d.join(f)))
}

/// Regular files in `dir` whose names are valid UTF-8; empty if it cannot be read.
pub fn list_files(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.filter_map(Result::ok)
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect()
}

/// Find the model to use: `explicit` (from `--model` / `REHEARSE_MODEL`) if
/// given, else the first match in [`search_dirs`] (`user_models` is the user
/// models folder, searched last). The file found is checked with
/// [`check_model_file`].
pub fn resolve(explicit: Option<&Path>, user_models: &Path) -> Result<PathBuf, ModelError> {
    if let Some(path) = explicit {
        if !path.exists() {
            return Err(ModelError::ExplicitMissing {
                path: path.to_path_buf(),
            });
        }
        check_model_file(path)?;
        return Ok(path.to_path_buf());
    }
    let dirs = search_dirs(user_models);
    match choose(&dirs, list_files) {
        Some(path) => {
            check_model_file(&path)?;
            Ok(path)
        }
        None => Err(ModelError::NotFound { searched: dirs }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lister<'a>(map: &'a BTreeMap<&'a str, Vec<&'a str>>) -> impl Fn(&Path) -> Vec<String> + 'a {
        move |d: &Path| {
            map.get(d.to_str().unwrap())
                .map(|v| v.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default()
        }
    }

    #[test]
    fn discovery_order_table() {
        let dirs: Vec<PathBuf> = ["/cwd/models", "/proj/models", "/home/models"]
            .iter()
            .map(PathBuf::from)
            .collect();
        // (files per folder, expected pick)
        type Folder<'a> = (&'a str, &'a [&'a str]);
        let cases: &[(&[Folder], Option<&str>)] = &[
            (&[], None),
            (
                &[("/home/models", &["ggml-tiny.en.bin"])],
                Some("/home/models/ggml-tiny.en.bin"),
            ),
            // An earlier folder wins even with a less preferred file.
            (
                &[
                    ("/proj/models", &["ggml-medium.bin"]),
                    ("/home/models", &["ggml-base.en.bin"]),
                ],
                Some("/proj/models/ggml-medium.bin"),
            ),
            // Within a folder: base.en > tiny.en > small.en > others.
            (
                &[(
                    "/cwd/models",
                    &[
                        "ggml-small.en.bin",
                        "ggml-tiny.en.bin",
                        "ggml-base.en.bin",
                        "ggml-a.bin",
                    ],
                )],
                Some("/cwd/models/ggml-base.en.bin"),
            ),
            (
                &[(
                    "/cwd/models",
                    &["ggml-small.en.bin", "ggml-tiny.en.bin", "ggml-a.bin"],
                )],
                Some("/cwd/models/ggml-tiny.en.bin"),
            ),
            (
                &[("/cwd/models", &["ggml-small.en.bin", "ggml-a.bin"])],
                Some("/cwd/models/ggml-small.en.bin"),
            ),
            // Others in name order; not-models skipped.
            (
                &[(
                    "/cwd/models",
                    &[
                        "ggml-medium.bin",
                        "ggml-base-q8_0.bin",
                        "README.md",
                        "ggml-silero-v5.1.2.bin",
                    ],
                )],
                Some("/cwd/models/ggml-base-q8_0.bin"),
            ),
            // Temp files, VAD models and other files are not models.
            (
                &[
                    (
                        "/cwd/models",
                        &[
                            ".ggml-base.en.bin.12.part",
                            "ggml-silero-v5.1.2.bin",
                            "model.bin",
                        ],
                    ),
                    ("/home/models", &["ggml-small.bin"]),
                ],
                Some("/home/models/ggml-small.bin"),
            ),
        ];
        for (files, want) in cases {
            let map: BTreeMap<&str, Vec<&str>> =
                files.iter().map(|(d, f)| (*d, f.to_vec())).collect();
            let got = choose(&dirs, lister(&map));
            assert_eq!(got.as_deref(), want.map(Path::new), "files: {files:?}");
        }
    }

    #[test]
    fn search_dirs_order_and_dedup() {
        let got = search_dirs_from(
            Some(Path::new("/repo")),
            Some(Path::new("/repo/target/release/rehearse")),
            PathBuf::from("/home/u/.local/share/rehearse/models"),
        );
        let want: Vec<PathBuf> = [
            "/repo/models",
            "/repo/target/release/models",
            "/repo/target/models",
            // level 2 (/repo/models) is the cwd entry again; level 3 is /models
            "/models",
            "/home/u/.local/share/rehearse/models",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(got, want);

        let none = search_dirs_from(None, None, PathBuf::from("/u"));
        assert_eq!(none, vec![PathBuf::from("/u")]);
    }
}
