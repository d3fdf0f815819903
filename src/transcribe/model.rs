//! Whisper model files: where rehearse finds one, how it checks that a file
//! is a whole ggml model, and how it downloads a known model.
//!
//! # Discovery order
//!
//! [`resolve`] takes the first of:
//!
//! 1. `--model PATH` (or `REHEARSE_MODEL`). If given, it must exist: a
//!    missing file is an error, never a silent fall-back.
//! 2. a `models/` folder beside the project: the current directory's
//!    `models/`, then `models/` in the running binary's folder and in its
//!    ancestors up to three levels up (so `target/release/rehearse` finds the
//!    checkout's `models/`);
//! 3. the user data folder, `models/` in the data folder
//!    (`~/.local/share/rehearse/models`, or `$REHEARSE_HOME/models`), which is
//!    where `rehearse model fetch` saves models.
//!
//! Folders are tried in that order and the first folder holding a model wins.
//! Within a folder the preference is [`PREFERRED_FILES`]
//! (`ggml-base.en.bin`, `ggml-tiny.en.bin`, `ggml-small.en.bin`), then any
//! other `ggml-*.bin` in name order (voice-activity models such as
//! `ggml-silero-*.bin` are skipped). [`search_dirs`] lists the folders;
//! [`choose`] is the pure core.
//!
//! # Checking a file
//!
//! [`check_model_file`] reads the ggml header and walks the tensor table
//! (a few hundred small reads, no weights): a file that is not ggml, or that
//! ends before its last tensor (an interrupted download), is an error that
//! says so.
//!
//! # Downloading
//!
//! [`KNOWN_MODELS`] lists the models `rehearse model fetch` knows, with their
//! exact sizes and SHA-1 checksums. [`fetch`] downloads into a hidden temp
//! file in the target folder, checks size and checksum, and only then renames
//! the file into place.
//!
//! Models come from [`DEFAULT_BASE_URL`]. `REHEARSE_MODEL_URL` names a mirror
//! instead (a base URL; `ggml-<name>.bin` is appended). Only together with it,
//! `REHEARSE_MODEL_SIZE` and `REHEARSE_MODEL_SHA1` (40 hex digits, or `none`)
//! replace the expected size and checksum, for a mirror that serves its own
//! build of a model; the tests use them with a loopback server.

use sha1::{Digest, Sha1};
use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The model `rehearse model fetch` suggests: English-only, good balance.
pub const DEFAULT_MODEL: &str = "base.en";

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

/// File names preferred within one folder, best first.
pub const PREFERRED_FILES: [&str; 3] =
    ["ggml-base.en.bin", "ggml-tiny.en.bin", "ggml-small.en.bin"];

/// First four bytes of a ggml Whisper file: `0x67676d6c` little-endian ("lmgg").
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// One model that `rehearse model fetch` can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownModel {
    /// Name as typed on the command line, e.g. `base.en`.
    pub name: &'static str,
    /// Exact size of the published file, in bytes.
    pub size: u64,
    /// SHA-1 of the published file (lower-case hex), when known.
    pub sha1: Option<&'static str>,
    /// One-line description for `rehearse model list`.
    pub note: &'static str,
}

impl KnownModel {
    /// File name: `ggml-<name>.bin`.
    pub fn file_name(&self) -> String {
        format!("ggml-{}.bin", self.name)
    }
}

/// Models rehearse can fetch from the standard whisper.cpp location.
///
/// SHA-1 values of the full-precision models are those listed in
/// whisper.cpp's `models/README.md`; those of the quantized models are the
/// ones published on the Hugging Face model page (the same table many
/// projects copy). Sizes are the exact byte counts of the published files.
pub const KNOWN_MODELS: &[KnownModel] = &[
    KnownModel {
        name: "tiny.en",
        size: 77_704_715,
        sha1: Some("c78c86eb1a8faa21b369bcd33207cc90d64ae9df"),
        note: "English, fastest, least accurate",
    },
    KnownModel {
        name: "tiny",
        size: 77_691_713,
        sha1: Some("bd577a113a864445d4c299885e0cb97d4ba92b5f"),
        note: "multilingual, fastest",
    },
    KnownModel {
        name: "base.en",
        size: 147_964_211,
        sha1: Some("137c40403d78fd54d454da0f9bd998f78703390c"),
        note: "English, good balance (recommended)",
    },
    KnownModel {
        name: "base",
        size: 147_951_465,
        sha1: Some("465707469ff3a37a2b9b8d8f89f2f99de7299dac"),
        note: "multilingual, good balance",
    },
    KnownModel {
        name: "small.en",
        size: 487_614_201,
        sha1: Some("db8a495a91d927739e50b3fc1cc4c6b8f6c2d022"),
        note: "English, more accurate, ~3x slower than base",
    },
    KnownModel {
        name: "small",
        size: 487_601_967,
        sha1: Some("55356645c2b361a969dfd0ef2c5a50d530afd8d5"),
        note: "multilingual, more accurate",
    },
    KnownModel {
        name: "medium.en",
        size: 1_533_774_781,
        sha1: Some("8c30f0e44ce9560643ebd10bbe50cd20eafd3723"),
        note: "English, most accurate here, slow on a laptop CPU",
    },
    KnownModel {
        name: "medium",
        size: 1_533_763_059,
        sha1: Some("fd9727b6e1217c2f614f9b698455c4ffd82463b4"),
        note: "multilingual, slow",
    },
    KnownModel {
        name: "tiny.en-q5_1",
        size: 32_166_155,
        sha1: Some("3fb92ec865cbbc769f08137f22470d6b66e071b6"),
        note: "tiny.en quantized 5-bit, smallest download",
    },
    KnownModel {
        name: "tiny.en-q8_0",
        size: 43_550_795,
        sha1: Some("802d6668e7d411123e672abe4cb6c18f12306abb"),
        note: "tiny.en quantized 8-bit",
    },
    KnownModel {
        name: "base.en-q5_1",
        size: 59_721_011,
        sha1: Some("d26d7ce5a1b6e57bea5d0431b9c20ae49423c94a"),
        note: "base.en quantized 5-bit",
    },
    KnownModel {
        name: "base.en-q8_0",
        size: 81_781_811,
        sha1: Some("bb1574182e9b924452bf0cd1510ac034d323e948"),
        note: "base.en quantized 8-bit",
    },
    KnownModel {
        name: "base-q8_0",
        size: 81_768_585,
        sha1: Some("7bb89bb49ed6955013b166f1b6a6c04584a20fbe"),
        note: "base quantized 8-bit (multilingual)",
    },
    KnownModel {
        name: "small.en-q5_1",
        size: 190_098_681,
        sha1: Some("20f54878d608f94e4a8ee3ae56016571d47cba34"),
        note: "small.en quantized 5-bit",
    },
    KnownModel {
        name: "small.en-q8_0",
        size: 264_477_561,
        sha1: Some("9d75ff4ccfa0a8217870d7405cf8cef0a5579852"),
        note: "small.en quantized 8-bit",
    },
];

/// The known model called `name` (exact match, or with the `ggml-`/`.bin`
/// decoration a user may paste).
pub fn find_known(name: &str) -> Option<&'static KnownModel> {
    let name = name.trim();
    let name = name.strip_prefix("ggml-").unwrap_or(name);
    let name = name.strip_suffix(".bin").unwrap_or(name);
    KNOWN_MODELS.iter().find(|m| m.name == name)
}

/// Names of all known models, comma-separated (for error messages).
pub fn known_names() -> String {
    KNOWN_MODELS
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything that can go wrong finding, checking or fetching a model. Each
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
fn suggest_name(path: &Path) -> &'static str {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(find_known)
        .map_or(DEFAULT_MODEL, |m| m.name)
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> ModelError + 'a {
    move |source| ModelError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

// ---------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------

/// How many folders above the binary's own folder are searched for `models/`.
pub const EXE_ANCESTOR_LEVELS: usize = 3;

/// The folders searched for a model, in order, without duplicates: the
/// current directory's `models/`, `models/` beside the running binary and up
/// to [`EXE_ANCESTOR_LEVELS`] folders above it, then the user data folder's
/// `models/`. Folders that do not exist are included (they are simply empty).
pub fn search_dirs() -> Vec<PathBuf> {
    let cwd = std::env::current_dir().ok();
    let exe = std::env::current_exe().ok();
    search_dirs_from(
        cwd.as_deref(),
        exe.as_deref(),
        // Bridge until the models folder is passed in (the app layer owns the data dir).
        crate::app::paths::DataDir::from_env().models_dir(),
    )
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
/// given, else the first match in [`search_dirs`]. The file found is checked
/// with [`check_model_file`].
pub fn resolve(explicit: Option<&Path>) -> Result<PathBuf, ModelError> {
    if let Some(path) = explicit {
        if !path.exists() {
            return Err(ModelError::ExplicitMissing {
                path: path.to_path_buf(),
            });
        }
        check_model_file(path)?;
        return Ok(path.to_path_buf());
    }
    let dirs = search_dirs();
    match choose(&dirs, list_files) {
        Some(path) => {
            check_model_file(&path)?;
            Ok(path)
        }
        None => Err(ModelError::NotFound { searched: dirs }),
    }
}

// ---------------------------------------------------------------------------
// Checking a file
// ---------------------------------------------------------------------------

/// What the header of a ggml Whisper file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelInfo {
    /// Vocabulary size (51864 for `.en` models, 51865+ for multilingual).
    pub n_vocab: i32,
    /// Encoder layers: 4 tiny, 6 base, 12 small, 24 medium, 32 large.
    pub n_audio_layer: i32,
    /// Decoder layers.
    pub n_text_layer: i32,
    /// Mel bands (80, or 128 for large-v3).
    pub n_mels: i32,
    /// Weight type code (0 f32, 1 f16, higher: quantized).
    pub ftype: i32,
    /// Number of tensors in the file.
    pub tensors: u32,
}

impl ModelInfo {
    /// Size class from the encoder depth: "tiny", "base", ...
    pub fn size_class(&self) -> &'static str {
        match self.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 => "large",
            _ => "unknown",
        }
    }

    /// Whether the vocabulary is the English-only one.
    pub fn english_only(&self) -> bool {
        self.n_vocab < 51865
    }
}

/// Bytes per block and elements per block of a ggml tensor type, for the
/// types whisper.cpp model files use. `None` for others.
fn ggml_type_layout(ttype: i32) -> Option<(u64, u64)> {
    Some(match ttype {
        0 => (4, 1),   // f32
        1 => (2, 1),   // f16
        2 => (18, 32), // q4_0
        3 => (20, 32), // q4_1
        6 => (22, 32), // q5_0
        7 => (24, 32), // q5_1
        8 => (34, 32), // q8_0
        _ => return None,
    })
}

/// Check that `path` is a whole ggml Whisper model: magic, plausible header,
/// and every tensor's data inside the file. Reads only headers (cheap).
pub fn check_model_file(path: &Path) -> Result<ModelInfo, ModelError> {
    let meta = std::fs::metadata(path).map_err(io_err("read", path))?;
    if meta.is_dir() {
        return Err(ModelError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let len = meta.len();
    let file = File::open(path).map_err(io_err("read", path))?;
    let mut r = HeaderReader {
        inner: BufReader::with_capacity(64 * 1024, file),
        pos: 0,
        len,
        path,
    };
    let magic = r.u32_or_not_ggml()?;
    if magic != GGML_MAGIC {
        return Err(ModelError::NotGgml {
            path: path.to_path_buf(),
        });
    }
    let mut hp = [0i32; 11];
    for v in &mut hp {
        *v = r.i32()?;
    }
    let [n_vocab, _a_ctx, a_state, _a_head, n_audio_layer, _t_ctx, t_state, _t_head, n_text_layer, n_mels, ftype] =
        hp;
    let corrupt = |what: String| ModelError::Corrupt {
        path: path.to_path_buf(),
        what,
    };
    if !(1..=1_000_000).contains(&n_vocab)
        || !(1..=256).contains(&n_audio_layer)
        || !(1..=1024).contains(&n_mels)
        || a_state <= 0
        || t_state <= 0
    {
        return Err(corrupt(format!(
            "implausible header: n_vocab {n_vocab}, layers {n_audio_layer}, mels {n_mels}"
        )));
    }
    // Mel filter bank: n_mel, n_fft, then n_mel * n_fft f32.
    let n_mel = r.i32()?;
    let n_fft = r.i32()?;
    if !(0..=4096).contains(&n_mel) || !(0..=65536).contains(&n_fft) {
        return Err(corrupt(format!("implausible mel filters {n_mel}x{n_fft}")));
    }
    r.skip(4 * n_mel as u64 * n_fft as u64)?;
    // Vocabulary: count, then (u32 length, bytes) per token.
    let n_words = r.i32()?;
    if !(0..=1_000_000).contains(&n_words) {
        return Err(corrupt(format!("implausible vocabulary size {n_words}")));
    }
    for _ in 0..n_words {
        let l = r.u32()?;
        if l > 1 << 16 {
            return Err(corrupt(format!("implausible token length {l}")));
        }
        r.skip(u64::from(l))?;
    }
    // Tensors until end of file: n_dims, name length, type, dims, name, data.
    let mut tensors = 0u32;
    let mut walked_all = true;
    while r.pos < len {
        let n_dims = r.i32()?;
        let name_len = r.i32()?;
        let ttype = r.i32()?;
        if !(1..=4).contains(&n_dims) || !(1..=4096).contains(&name_len) {
            return Err(corrupt(format!(
                "bad tensor header at byte {} ({n_dims} dims, name of {name_len} bytes)",
                r.pos - 12
            )));
        }
        let mut elements: u64 = 1;
        for _ in 0..n_dims {
            let d = r.i32()?;
            if d <= 0 {
                return Err(corrupt(format!("tensor dimension {d}")));
            }
            elements = elements.saturating_mul(d as u64);
        }
        r.skip(name_len as u64)?;
        let Some((block_bytes, block_len)) = ggml_type_layout(ttype) else {
            // A type this check does not know: whisper.cpp will judge the rest.
            tensors += 1;
            walked_all = false;
            break;
        };
        r.skip(elements.div_ceil(block_len).saturating_mul(block_bytes))?;
        tensors += 1;
    }
    if tensors == 0 {
        return Err(ModelError::Truncated {
            path: path.to_path_buf(),
            len,
            needed: r.pos + 1,
        });
    }
    // whisper.cpp's layout: 11 fixed tensors, 15 per encoder layer, 24 per
    // decoder layer; it refuses a file with fewer. A file cut exactly between
    // two tensors is caught here.
    let expected = 11 + 15 * n_audio_layer as u64 + 24 * n_text_layer.max(0) as u64;
    if walked_all && u64::from(tensors) < expected {
        return Err(ModelError::MissingTensors {
            path: path.to_path_buf(),
            found: tensors,
            expected,
        });
    }
    Ok(ModelInfo {
        n_vocab,
        n_audio_layer,
        n_text_layer,
        n_mels,
        ftype,
        tensors,
    })
}

/// Little-endian reader that tracks its position and turns a short file into
/// [`ModelError::Truncated`].
struct HeaderReader<'a> {
    inner: BufReader<File>,
    pos: u64,
    len: u64,
    path: &'a Path,
}

impl HeaderReader<'_> {
    fn truncated(&self, needed: u64) -> ModelError {
        ModelError::Truncated {
            path: self.path.to_path_buf(),
            len: self.len,
            needed,
        }
    }

    fn bytes4(&mut self) -> Result<[u8; 4], ModelError> {
        if self.pos + 4 > self.len {
            return Err(self.truncated(self.pos + 4));
        }
        let mut b = [0u8; 4];
        self.inner
            .read_exact(&mut b)
            .map_err(io_err("read", self.path))?;
        self.pos += 4;
        Ok(b)
    }

    /// The magic: a file too short to hold it is "not ggml", not "truncated".
    fn u32_or_not_ggml(&mut self) -> Result<u32, ModelError> {
        if self.len < 4 {
            return Err(ModelError::NotGgml {
                path: self.path.to_path_buf(),
            });
        }
        self.u32()
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.bytes4().map(u32::from_le_bytes)
    }

    fn i32(&mut self) -> Result<i32, ModelError> {
        self.bytes4().map(i32::from_le_bytes)
    }

    fn skip(&mut self, n: u64) -> Result<(), ModelError> {
        let end = self.pos.saturating_add(n);
        if end > self.len {
            return Err(self.truncated(end));
        }
        let off = i64::try_from(n).map_err(|_| self.truncated(end))?;
        self.inner
            .seek_relative(off)
            .map_err(io_err("read", self.path))?;
        self.pos = end;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Downloading
// ---------------------------------------------------------------------------

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

impl fmt::Display for KnownModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
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

    #[test]
    fn known_table_is_consistent() {
        for m in KNOWN_MODELS {
            assert!(m.size > 10_000_000, "{}", m.name);
            if let Some(s) = m.sha1 {
                assert_eq!(s.len(), 40, "{}", m.name);
                assert!(s
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            }
            assert!(is_model_file_name(&m.file_name()));
            assert_eq!(find_known(m.name), Some(m));
        }
        let mut names: Vec<_> = KNOWN_MODELS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KNOWN_MODELS.len());
        assert_eq!(find_known("ggml-base.en.bin").unwrap().name, "base.en");
        assert!(find_known(DEFAULT_MODEL).is_some());
        assert!(find_known("large-v9").is_none());
    }

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

    /// A structurally whole ggml file for a 4+4-layer model: header, 1x1 mel
    /// filters, one token, and `tensors` small f32 tensors (167 make it whole).
    fn tiny_ggml(tensors: usize) -> Vec<u8> {
        fn i(v: &mut Vec<u8>, x: i32) {
            v.extend_from_slice(&x.to_le_bytes());
        }
        let mut v = Vec::new();
        i(&mut v, GGML_MAGIC as i32);
        for x in [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1] {
            i(&mut v, x);
        }
        i(&mut v, 1); // n_mel
        i(&mut v, 1); // n_fft
        i(&mut v, 0); // one f32 filter value
        i(&mut v, 1); // n_words
        i(&mut v, 2); // token length
        v.extend_from_slice(b"hi");
        for _ in 0..tensors {
            i(&mut v, 1); // n_dims
            i(&mut v, 3); // name length
            i(&mut v, 0); // f32
            i(&mut v, 2); // ne0
            v.extend_from_slice(b"abc");
            v.extend_from_slice(&[0u8; 8]);
        }
        v
    }

    #[test]
    fn check_accepts_whole_and_rejects_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ggml-tiny.en.bin");
        let whole = tiny_ggml(167);
        std::fs::write(&p, &whole).unwrap();
        let info = check_model_file(&p).unwrap();
        assert_eq!(info.tensors, 167);
        assert_eq!(info.size_class(), "tiny");
        assert!(info.english_only());

        // Cut inside the header, the vocabulary, a tensor header, tensor data.
        for cut in [5, 30, 60, 90, 100, whole.len() - 1] {
            std::fs::write(&p, &whole[..cut]).unwrap();
            let e = check_model_file(&p).unwrap_err();
            assert!(matches!(e, ModelError::Truncated { .. }), "cut {cut}: {e}");
            assert!(
                e.to_string().contains("rehearse model fetch tiny.en"),
                "{e}"
            );
            assert!(e.to_string().contains("incomplete"), "{e}");
        }
        // Cut exactly between two tensors.
        std::fs::write(&p, tiny_ggml(166)).unwrap();
        let e = check_model_file(&p).unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::MissingTensors {
                    found: 166,
                    expected: 167,
                    ..
                }
            ),
            "{e}"
        );
        std::fs::write(&p, b"RIFF....WAVEfmt ").unwrap();
        assert!(matches!(
            check_model_file(&p).unwrap_err(),
            ModelError::NotGgml { .. }
        ));
        std::fs::write(&p, b"").unwrap();
        assert!(matches!(
            check_model_file(&p).unwrap_err(),
            ModelError::NotGgml { .. }
        ));
        let e = check_model_file(dir.path()).unwrap_err();
        assert!(matches!(e, ModelError::NotAFile { .. }), "{e}");
    }

    #[test]
    fn check_accepts_shared_models_when_present() {
        for f in ["ggml-tiny.en.bin", "ggml-base-q8_0.bin"] {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/models")
                .join(f);
            if p.exists() {
                let info = check_model_file(&p).unwrap_or_else(|e| panic!("{e}"));
                let want = 11 + 15 * info.n_audio_layer + 24 * info.n_text_layer;
                assert_eq!(info.tensors as i32, want, "{f}: {info:?}");
            }
        }
    }

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
