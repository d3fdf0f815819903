//! Whisper model files, split by concern:
//!
//! - [`catalogue`]: the models `rehearse model fetch` knows (sizes, SHA-1);
//! - [`discovery`]: where rehearse looks for a model and which one it picks;
//! - [`header`]: checking that a file is a whole, sane ggml Whisper model
//!   before whisper.cpp is given it, against [`layout`], what whisper.cpp
//!   assumes of every header field and tensor;
//! - [`download`]: fetching a known model safely.
//!
//! [`ModelError`] is shared by all four; every message is one line that ends
//! with the next step. The public items are re-exported here, so callers use
//! `transcribe::model::resolve`, `transcribe::model::fetch`, ...

use std::path::{Path, PathBuf};

pub mod catalogue;
pub mod discovery;
pub mod download;
pub mod header;
pub mod layout;

pub use catalogue::{find_known, known_names, KnownModel, DEFAULT_MODEL, KNOWN_MODELS};
pub use discovery::{
    choose, is_model_file_name, list_files, pick_in_dir, resolve, search_dirs, search_dirs_from,
    EXE_ANCESTOR_LEVELS, PREFERRED_FILES,
};
pub use download::{
    fetch, file_matches, sha1_file, FetchEvent, FetchOutcome, FetchPlan, MinSpeed,
    DEFAULT_BASE_URL, DEFAULT_MIN_SPEED, SHA1_ENV, SIZE_ENV, URL_ENV,
};
pub use header::{check_model_file, check_reader, ModelInfo, GGML_MAGIC};

/// message is one line that ends with the next step.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No model in any search folder.
    #[error(
        "no Whisper model found (looked in {}); run `rehearse model fetch {DEFAULT_MODEL}` or pass --model PATH",
        join_paths(.searched)
    )]
    NotFound {
        /// Folders looked in, in order.
        searched: Vec<PathBuf>,
    },
    /// `--model` / `REHEARSE_MODEL` names a file that does not exist.
    #[error(
        "model file {} (from --model or REHEARSE_MODEL) does not exist; fix the path, or drop it and run `rehearse model fetch {DEFAULT_MODEL}`",
        .path.display()
    )]
    ExplicitMissing {
        /// The path given.
        path: PathBuf,
    },
    /// The path is a folder.
    #[error(
        "{} is a folder, not a model file; pass --model with a ggml-*.bin file inside it, or run `rehearse model fetch {DEFAULT_MODEL}`",
        .path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file does not start with the ggml magic.
    #[error(
        "{} is not a Whisper ggml model (it does not start with the ggml magic `lmgg`); pass --model with a ggml-*.bin file or run `rehearse model fetch {}`",
        .path.display(), suggest_name(.path)
    )]
    NotGgml {
        /// The file.
        path: PathBuf,
    },
    /// The file ends before its data does: an interrupted download.
    #[error(
        "{} is incomplete (it ends at byte {len}, but its own header describes data up to byte {needed} and beyond), probably an interrupted download; delete it and run `rehearse model fetch {}`",
        .path.display(), suggest_name(.path)
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Its size.
        len: u64,
        /// Bytes its own header says it needs (a lower bound).
        needed: u64,
    },
    /// The file ends between tensors, before all of them: an interrupted download.
    #[error(
        "{} is incomplete (it holds {found} of the {expected} tensors its header calls for), probably an interrupted download; delete it and run `rehearse model fetch {}`",
        .path.display(), suggest_name(.path)
    )]
    MissingTensors {
        /// The file.
        path: PathBuf,
        /// Tensors in the file.
        found: u32,
        /// Tensors a whisper.cpp model with this header has.
        expected: u64,
    },
    /// The header holds values no Whisper model has.
    #[error(
        "{} is a damaged Whisper model ({what}); delete it and run `rehearse model fetch {}`",
        .path.display(), suggest_name(.path)
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// A real ggml file of a kind rehearse does not hand to whisper.cpp.
    #[error(
        "{} cannot be used: {what}; use a model from `rehearse model list` (e.g. `rehearse model fetch {DEFAULT_MODEL}`)",
        .path.display()
    )]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is not supported.
        what: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot {action} {}: {source}; check the path and its permissions", .path.display())]
    Io {
        /// What rehearse was doing ("read", "write", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// `rehearse model fetch NAME` with a name not in [`KNOWN_MODELS`].
    #[error("unknown model `{name}`; known models: {}", known_names())]
    UnknownName {
        /// The name given.
        name: String,
    },
    /// The download failed (network, HTTP status, timeout).
    #[error(
        "could not download {url}: {reason}; download it yourself (e.g. in a browser), then pass --model PATH or save it as {}",
        .dest.display()
    )]
    Network {
        /// URL tried.
        url: String,
        /// Why it failed.
        reason: String,
        /// Where the file would have gone.
        dest: PathBuf,
    },
    /// The download ended with the wrong number of bytes.
    #[error(
        "download of {url} got {got} bytes but the model has {expected} (connection closed early or a different file); nothing was installed, run the command again or download it yourself and pass --model PATH"
    )]
    WrongSize {
        /// URL tried.
        url: String,
        /// Bytes expected.
        expected: u64,
        /// Bytes received (or announced by the server).
        got: u64,
    },
    /// The transfer stayed under the minimum speed.
    #[error(
        "download of {url} is too slow ({got} bytes in the last {secs} s, under the minimum of {min} bytes/s; {done} bytes received in all); nothing was installed, check the connection and run the command again, or download the file yourself and pass --model PATH"
    )]
    TooSlow {
        /// URL tried.
        url: String,
        /// Bytes received in the last window.
        got: u64,
        /// Length of that window, seconds.
        secs: u64,
        /// The minimum rate, bytes per second.
        min: u64,
        /// Bytes received in all.
        done: u64,
    },
    /// The download's SHA-1 is not the published one.
    #[error(
        "download of {url} has SHA-1 {actual}, expected {expected}: the file is damaged or not the published one; nothing was installed, run the command again or download it yourself and pass --model PATH"
    )]
    ChecksumMismatch {
        /// URL tried.
        url: String,
        /// Published SHA-1.
        expected: String,
        /// SHA-1 of what arrived.
        actual: String,
    },
    /// A bad value in `REHEARSE_MODEL_SIZE` / `REHEARSE_MODEL_SHA1`.
    #[error("{var}={value} is not valid ({why}); fix or unset it")]
    BadEnv {
        /// Variable name.
        var: &'static str,
        /// Its value.
        value: String,
        /// What is expected.
        why: &'static str,
    },
}

fn join_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The model name to suggest for a bad file: its own name if known.
pub(crate) fn suggest_name(path: &Path) -> &'static str {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(find_known)
        .map_or(DEFAULT_MODEL, |m| m.name)
}

pub(crate) fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> ModelError + 'a {
    move |source| ModelError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_message_is_one_line_with_next_step() {
        let e = ModelError::NotFound {
            searched: vec![PathBuf::from("./models"), PathBuf::from("/h/models")],
        };
        let s = e.to_string();
        assert_eq!(
            s,
            "no Whisper model found (looked in ./models, /h/models); run `rehearse model fetch base.en` or pass --model PATH"
        );
        assert!(!s.contains('\n'));
    }
}
