//! The saved-attempt record (`attempt.json`): the question as it was asked,
//! the report, and where the recording is. Plain data shared by the store
//! (which reads and writes it) and the renderers (which show it).

use super::{Question, Report};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Version of the `attempt.json` layout. Bump on breaking changes.
pub const ATTEMPT_VERSION: u32 = 1;
/// File name of the recording inside an attempt folder.
pub const AUDIO_FILE: &str = "answer.wav";

/// Which command made the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `rehearse practice` (live microphone).
    Practice,
    /// `rehearse score --save` (a recorded WAV).
    Score,
}

impl Source {
    /// The name used in JSON and shown to the user: "practice" or "score".
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Practice => "practice",
            Source::Score => "score",
        }
    }
}

/// The question as it was when the attempt was made (question files change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSnapshot {
    /// Question id.
    pub id: String,
    /// The question as asked.
    pub question: String,
    /// Category such as "communication".
    pub category: String,
    /// Target answer length (s).
    pub target_seconds: u32,
    /// Key points, in question order.
    pub key_points: Vec<String>,
    /// Reference answer.
    pub reference: String,
}

impl From<&Question> for QuestionSnapshot {
    fn from(q: &Question) -> Self {
        QuestionSnapshot {
            id: q.id.clone(),
            question: q.question.clone(),
            category: q.category.clone(),
            target_seconds: q.target_seconds,
            key_points: q.key_points.clone(),
            reference: q.reference.clone(),
        }
    }
}

/// One saved attempt: the `attempt.json` record plus the folder it lives in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Layout version ([`ATTEMPT_VERSION`]).
    pub version: u32,
    /// Folder name; unique and sortable by time.
    pub id: String,
    /// When it was saved, RFC 3339 UTC (`2026-11-28T10:15:30.123Z`).
    pub created: String,
    /// The question answered.
    pub question: QuestionSnapshot,
    /// The analysis of the answer.
    pub report: Report,
    /// Recording file name, relative to the folder. Always [`AUDIO_FILE`]
    /// when written; when read it is only informative: the recording is the
    /// folder's own [`AUDIO_FILE`] whatever this says (see [`Attempt::audio_path`]).
    pub audio_file: String,
    /// Which command saved it.
    pub source: Source,
    /// The mock interview (`rehearse interview`) this answer belongs to:
    /// every answer of one interview has the same id. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The attempt folder (not stored; filled in when loading).
    #[serde(skip)]
    pub dir: PathBuf,
}

impl Attempt {
    /// Path of the recording: the attempt folder's own [`AUDIO_FILE`]. An
    /// edited `audio_file` cannot point the record at another file.
    pub fn audio_path(&self) -> PathBuf {
        self.dir.join(AUDIO_FILE)
    }
}
