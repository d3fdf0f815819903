//! The question bank: load and validate question files (TOML).
//!
//! The bundled bank (every `questions/*.toml` of the source tree) is embedded
//! in the binary by `build.rs`, so it works with no files around.
//! [`load_merged`] adds the user's question folder to it (a user file with a
//! bundled id replaces that question); a folder given with `--questions DIR`
//! replaces the whole bank ([`load_bank`]). Every problem in a file is
//! reported as one line `file:line:column: what is wrong`.
//!
//! A file looks like this (`key_points` and `audio` are optional; without key
//! points they are derived from the reference, see
//! [`crate::analysis::derive_key_points`]):
//!
//! ```toml
//! id = "kebab-case-id"
//! category = "communication"
//! question = "Can you describe a time ...?"
//! target_seconds = 120
//! reference = """..."""
//! key_points = ["...", "..."]
//! audio = "relative/to/this/file.wav"
//! ```

use crate::analysis::{derive_key_points, Question};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

include!(concat!(env!("OUT_DIR"), "/bundled_questions.rs"));

/// At most this many key points are derived from a reference answer.
pub const DERIVED_KEY_POINTS_MAX: usize = 7;

/// What can go wrong loading questions. Each message is one line that names
/// the file (and line:column when there is one) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum QuestionError {
    /// The file is not valid TOML or a value is wrong.
    #[error("{origin}:{line}:{column}: {message}")]
    Invalid {
        /// File the problem is in.
        origin: String,
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A required field is absent.
    #[error(
        "{origin}: missing required field `{field}`; add a line such as `{field} = {example}`"
    )]
    Missing {
        /// File the field is missing from.
        origin: String,
        /// The field's name.
        field: &'static str,
        /// An example value.
        example: &'static str,
    },
    /// Two files share one id.
    #[error("duplicate question id `{id}` in {first} and {second}; ids must be unique, change one of them")]
    Duplicate {
        /// The id.
        id: String,
        /// File that had it first.
        first: String,
        /// File that had it again.
        second: String,
    },
    /// A folder holds no question files.
    #[error("no question files (*.toml) in {}; add one, or leave out --questions / REHEARSE_QUESTIONS to use the bundled questions", dir.display())]
    Empty {
        /// The folder.
        dir: PathBuf,
    },
    /// The folder or file does not exist.
    #[error("{} does not exist; pass an existing folder of question files with --questions (or unset REHEARSE_QUESTIONS to use the bundled questions)", path.display())]
    NotThere {
        /// The path given.
        path: PathBuf,
    },
    /// A question file named on the command line does not exist.
    #[error("question file {} does not exist; pass a question id (see `rehearse questions`) or the path of a .toml file", path.display())]
    NoFile {
        /// The path given.
        path: PathBuf,
    },
    /// A FIFO, device or folder where a question file was expected.
    #[error("{} is {kind}, not a regular file; pass a question file (.toml)", path.display())]
    NotRegular {
        /// The path given.
        path: PathBuf,
        /// What it is instead, e.g. "a FIFO (named pipe)".
        kind: &'static str,
    },
    /// Reading failed.
    #[error("cannot read {}", path.display())]
    Io {
        /// File or folder being read.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// No question has this id.
    #[error("no question with id `{id}`{hint}; known ids: {known}. Run `rehearse questions` to list them, or pass the path of a .toml file")]
    NotFound {
        /// The id asked for.
        id: String,
        /// " (did you mean `x`?)" or empty.
        hint: String,
        /// The ids that exist, comma separated.
        known: String,
    },
}

/// The file as written; every field optional so a missing one gets a clear message.
#[derive(Debug, Deserialize)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    question: Option<Spanned<String>>,
    target_seconds: Option<Spanned<i64>>,
    reference: Option<Spanned<String>>,
    key_points: Option<Vec<Spanned<String>>>,
    audio: Option<Spanned<String>>,
}

/// Load the question bank: every `*.toml` in `dir`, or the bundled bank when
/// `dir` is `None`. Sorted by id. `dir` may also be a single `.toml` file.
pub fn load_bank(dir: Option<&Path>) -> Result<Vec<Question>, QuestionError> {
    Ok(load_bank_sourced(dir)?
        .into_iter()
        .map(|(q, _)| q)
        .collect())
}

/// [`load_bank`], each question with its [`Source`].
pub fn load_bank_sourced(dir: Option<&Path>) -> Result<Vec<(Question, Source)>, QuestionError> {
    let mut loaded: Vec<(Question, String, Source)> = Vec::new();
    match dir {
        None => {
            for (name, src) in BUNDLED {
                let origin = format!("questions/{name}");
                loaded.push((parse(src, &origin)?, origin, Source::Bundled));
            }
        }
        Some(dir) if dir.is_file() => {
            let source = Source::File(dir.to_path_buf());
            loaded.push((load_file(dir)?, dir.display().to_string(), source));
        }
        Some(dir) => {
            for path in toml_files(dir)? {
                let q = load_file(&path)?;
                loaded.push((q, path.display().to_string(), Source::File(path)));
            }
        }
    }
    if loaded.is_empty() {
        return Err(QuestionError::Empty {
            dir: dir.map_or_else(|| PathBuf::from("questions"), Path::to_path_buf),
        });
    }

    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (q, origin, _) in &loaded {
        if let Some(first) = seen.insert(&q.id, origin) {
            return Err(QuestionError::Duplicate {
                id: q.id.clone(),
                first: first.to_string(),
                second: origin.clone(),
            });
        }
    }
    let mut bank: Vec<(Question, Source)> = loaded.into_iter().map(|(q, _, s)| (q, s)).collect();
    bank.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(bank)
}

/// Where a question in the bank comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The bank built into the binary.
    Bundled,
    /// A question file on disk.
    File(PathBuf),
}

impl Source {
    /// `bundled`, or the file's path.
    pub fn describe(&self) -> String {
        match self {
            Source::Bundled => "bundled".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// The merged bank: the bundled questions plus every `*.toml` in
/// `user_dir`, where a user file with a bundled question's id replaces it.
/// A `user_dir` that does not exist (or holds no question files) adds
/// nothing. Sorted by id, each question with its [`Source`].
pub fn load_merged(user_dir: &Path) -> Result<Vec<(Question, Source)>, QuestionError> {
    let mut bank: BTreeMap<String, (Question, Source)> = BTreeMap::new();
    for q in load_bank(None)? {
        bank.insert(q.id.clone(), (q, Source::Bundled));
    }
    let files = match toml_files(user_dir) {
        Ok(f) => f,
        Err(QuestionError::NotThere { .. } | QuestionError::Empty { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let mut user: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let q = load_file(&path)?;
        if let Some(first) = user.insert(q.id.clone(), path.clone()) {
            return Err(QuestionError::Duplicate {
                id: q.id,
                first: first.display().to_string(),
                second: path.display().to_string(),
            });
        }
        bank.insert(q.id.clone(), (q, Source::File(path)));
    }
    Ok(bank.into_values().collect())
}

/// The `*.toml` files directly in `dir` (not hidden ones), sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, QuestionError> {
    if !dir.exists() {
        return Err(QuestionError::NotThere {
            path: dir.to_path_buf(),
        });
    }
    let io = |source| QuestionError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !hidden && path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(QuestionError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    files.sort();
    Ok(files)
}

/// Load one question file. A relative `audio` path is resolved against the
/// file's folder and made absolute.
pub fn load_file(path: &Path) -> Result<Question, QuestionError> {
    // A FIFO or a device would block or never end: refuse it before opening.
    if let Ok(Some(kind)) = crate::util::fs::not_regular(path) {
        return Err(QuestionError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    let src = std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            QuestionError::NoFile {
                path: path.to_path_buf(),
            }
        } else {
            QuestionError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    let base = path.parent().unwrap_or_else(|| Path::new(""));
    parse_with_base(&src, &path.display().to_string(), Some(base))
}

/// Parse and validate one question from TOML source. `origin` names the
/// source in error messages (usually its path). An `audio` path is kept as
/// written; [`load_file`] resolves it against the file's folder.
pub fn parse(src: &str, origin: &str) -> Result<Question, QuestionError> {
    parse_with_base(src, origin, None)
}

fn parse_with_base(
    src: &str,
    origin: &str,
    base: Option<&Path>,
) -> Result<Question, QuestionError> {
    let invalid = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_col(src, span.start);
        QuestionError::Invalid {
            origin: origin.to_string(),
            line,
            column,
            // Text quoted from the file must not break the line or send
            // escape codes to the terminal.
            message: visible(&message),
        }
    };
    let raw: RawQuestion = toml::from_str(src).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let mut message = e.message().trim().replace('\n', "; ");
        if let Some(key) = key_at(src, span.start) {
            message = format!("{message} for `{key}`");
        }
        invalid(span, message)
    })?;
    let missing = |field, example| QuestionError::Missing {
        origin: origin.to_string(),
        field,
        example,
    };

    let id = raw.id.ok_or_else(|| missing("id", "\"my-question\""))?;
    let category = raw
        .category
        .ok_or_else(|| missing("category", "\"communication\""))?;
    let question = raw
        .question
        .ok_or_else(|| missing("question", "\"Tell me about a time ...?\""))?;
    let target = raw
        .target_seconds
        .ok_or_else(|| missing("target_seconds", "120"))?;
    let reference = raw
        .reference
        .ok_or_else(|| missing("reference", "\"\"\"the model answer\"\"\""))?;

    let id_text = id.get_ref().trim();
    if !is_kebab_case(id_text) {
        return Err(invalid(
            id.span(),
            format!(
                "id `{id_text}` is not kebab-case (lowercase letters, digits and single hyphens), e.g. `{}`",
                to_kebab_case(id_text)
            ),
        ));
    }
    let category_text = category.get_ref().trim();
    if category_text.is_empty() {
        return Err(invalid(
            category.span(),
            "`category` is empty; name one, e.g. \"communication\"".into(),
        ));
    }
    let question_text = question.get_ref().trim();
    if question_text.is_empty() {
        return Err(invalid(
            question.span(),
            "`question` is empty; write the question as it is asked".into(),
        ));
    }
    let target_seconds = match u32::try_from(*target.get_ref()) {
        Ok(t) if t > 0 => t,
        _ => {
            return Err(invalid(
                target.span(),
                format!(
                    "`target_seconds` must be a positive number of seconds (e.g. 120), not {}",
                    target.get_ref()
                ),
            ))
        }
    };
    let reference_text = reference.get_ref().trim().replace("\r\n", "\n");
    if reference_text.is_empty() {
        return Err(invalid(
            reference.span(),
            "`reference` is empty; write the model answer".into(),
        ));
    }

    let mut key_points = Vec::new();
    for (i, kp) in raw.key_points.unwrap_or_default().iter().enumerate() {
        let text = kp.get_ref().trim();
        if text.is_empty() {
            return Err(invalid(
                kp.span(),
                format!(
                    "key point {} is empty; write the point or remove the entry",
                    i + 1
                ),
            ));
        }
        key_points.push(text.to_string());
    }
    let key_points_derived = key_points.is_empty();
    if key_points_derived {
        key_points = derive_key_points(&reference_text, DERIVED_KEY_POINTS_MAX);
    }

    let audio = match raw.audio {
        None => None,
        Some(a) if a.get_ref().trim().is_empty() => {
            return Err(invalid(
                a.span(),
                "`audio` is empty; give a WAV path relative to this file, or remove the line"
                    .into(),
            ))
        }
        Some(a) => {
            let rel = PathBuf::from(a.get_ref().trim());
            Some(match base {
                Some(base) => {
                    let joined = base.join(&rel);
                    std::path::absolute(&joined).unwrap_or(joined)
                }
                None => rel,
            })
        }
    };

    Ok(Question {
        id: id_text.to_string(),
        category: category_text.to_string(),
        question: question_text.to_string(),
        target_seconds,
        reference: reference_text,
        key_points,
        key_points_derived,
        audio,
    })
}

/// The TOML source of the bundled question `id`, to copy into the user's
/// folder for editing. An `audio` line is left out: its path is relative to
/// the bundled folder, so the copy is spoken by the system voice instead.
pub fn bundled_source(id: &str) -> Option<String> {
    let (_, src) = BUNDLED
        .iter()
        .find(|(name, src)| parse(src, name).is_ok_and(|q| q.id == id))?;
    Some(
        src.lines()
            .filter(|l| l.split_once('=').is_none_or(|(k, _)| k.trim() != "audio"))
            .map(|l| format!("{l}\n"))
            .collect(),
    )
}

/// Find a question: an existing path ending in `.toml` is loaded; anything
/// else is looked up by id in `bank`.
pub fn find(bank: &[Question], id_or_path: &str) -> Result<Question, QuestionError> {
    if id_or_path.ends_with(".toml") {
        return load_file(Path::new(id_or_path));
    }
    if let Some(q) = bank.iter().find(|q| q.id == id_or_path) {
        return Ok(q.clone());
    }
    let hint = suggest(bank, id_or_path)
        .map(|id| format!(" (did you mean `{id}`?)"))
        .unwrap_or_default();
    let known = if bank.is_empty() {
        "none".to_string()
    } else {
        bank.iter()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(QuestionError::NotFound {
        id: id_or_path.to_string(),
        hint,
        known,
    })
}

/// The id the user probably meant: one that contains what was typed, else
/// the closest by edit distance when it is close enough.
fn suggest<'a>(bank: &'a [Question], typed: &str) -> Option<&'a str> {
    suggest_id(bank.iter().map(|q| q.id.as_str()), typed)
}

/// The id among `ids` the user probably meant by `typed`: the shortest that
/// contains it (3 characters or more), else the closest by edit distance when
/// it is close enough (at most a third of its length, or 2).
pub fn suggest_id<'a>(ids: impl Iterator<Item = &'a str> + Clone, typed: &str) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.len() >= 3 {
        let containing = ids
            .clone()
            .filter(|id| id.contains(&typed))
            .min_by_key(|id| (id.len(), *id));
        if let Some(id) = containing {
            return Some(id);
        }
    }
    ids.map(|id| (strsim::levenshtein(id, &typed), id))
        .filter(|(d, id)| *d <= (id.len() / 3).max(2))
        .min()
        .map(|(_, id)| id)
}

/// Lowercase ASCII letters and digits in words joined by single hyphens.
fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A kebab-case spelling of `s`, for suggestions.
fn to_kebab_case(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "my-question".into()
    } else {
        out
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The top-level key whose entry (key through value) contains byte
/// `offset`, from a best-effort parse of the file. Only used to phrase error
/// messages; `None` when the offset is not inside an entry (a broken key
/// line, say), so a message never names a key it is not about.
fn key_at(src: &str, offset: usize) -> Option<String> {
    let (table, _) = toml::de::DeTable::parse_recoverable(src);
    let entry = table.get_ref().iter().find_map(|(k, v)| {
        let (start, end) = (k.span().start, v.span().end);
        (start <= offset && offset <= end && is_bare_key(k.get_ref()))
            .then(|| k.get_ref().to_string())
    });
    // Else a `key = ...` line of its own that the parse dropped (a duplicate).
    entry.or_else(|| {
        let (line, _) = line_col(src, offset);
        let text = src.lines().nth(line - 1)?;
        let key = text.split_once('=')?.0.trim();
        is_bare_key(key).then(|| key.to_string())
    })
}

/// A key written without quotes (letters, digits, `_`, `-`): the only kind
/// quoted back in messages.
fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `s` with control characters (newlines, escape codes) written as escapes.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
