//! The `Report`: everything rehearse says about one answer, as stable,
//! versioned data. `output/` renders it; `store/` saves it.

use serde::{Deserialize, Serialize};

/// Version of the report JSON layout. Bump on breaking changes.
pub const REPORT_VERSION: u32 = 1;

/// A silence inside the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// When the silence starts (s).
    pub start_s: f64,
    /// How long it lasts (s).
    pub duration_s: f64,
    /// True when it is long enough to count as dead air.
    #[serde(default)]
    pub dead_air: bool,
}

/// One filler occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filler {
    /// The filler, normalised ("um", "you know", "like").
    pub word: String,
    /// When it starts (s).
    pub start_s: f64,
    /// True when it was heard in the sound but is missing from the
    /// transcript (see [`crate::analysis::voice::heard`]); absent from the
    /// JSON for transcript fillers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heard: bool,
}

/// Coverage verdict for one key point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPointResult {
    /// The key point as written in the question file.
    pub text: String,
    /// True when the answer states it.
    pub covered: bool,
    /// Match score in 0..1 for the best sentence.
    pub score: f64,
    /// The transcript sentence that covers it (or comes closest, when missed and close).
    pub evidence: Option<String>,
    /// Start time of the evidence sentence (s), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_start_s: Option<f64>,
    /// True when the best sentence mentions the point but denies it.
    #[serde(default)]
    pub negated: bool,
    /// Why a mentioned point was not counted (set with `negated`); absent
    /// from the JSON when the point was not denied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denial: Option<super::factuality::DenialReason>,
}

impl KeyPointResult {
    /// Why a point that was mentioned did not count, in the user's words
    /// ("mentioned, but you said you didn't"); a generic phrase when the
    /// reason is unknown.
    pub fn denial_text(&self) -> &'static str {
        self.denial
            .map(|d| d.explain())
            .unwrap_or("mentioned but denied")
    }
}

/// Pace in one window of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaceWindow {
    /// Window start (s).
    pub start_s: f64,
    /// Window end (s).
    pub end_s: f64,
    /// Words whose midpoint falls in the window.
    pub words: usize,
    /// Words per minute in the window.
    pub wpm: f64,
}

/// Which STAR parts (Situation, Task, Action, Result) the answer contains.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StarParts {
    /// Context was set.
    pub situation: bool,
    /// The goal or responsibility was stated.
    pub task: bool,
    /// What the speaker did.
    pub action: bool,
    /// The outcome, ideally with a number.
    pub result: bool,
}

/// Segment of the transcript as it appears in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptSegment {
    /// Start (s).
    pub start_s: f64,
    /// End (s).
    pub end_s: f64,
    /// Text.
    pub text: String,
}

/// Transcript block of the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptOut {
    /// Whole text.
    pub text: String,
    /// Timed segments.
    pub segments: Vec<TranscriptSegment>,
    /// Timed words (for pace charts and review).
    #[serde(default)]
    pub words: Vec<crate::analysis::Word>,
    /// The recogniser heard the recording with a steady room noise
    /// suppressed (see [`crate::analysis::Transcript::cleaned`]); absent
    /// from the JSON otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cleaned: bool,
}

/// Verdict on the speaking rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceVerdict {
    /// Below the warning rate.
    TooSlow,
    /// Below the comfort band but not alarming.
    Slow,
    /// Inside the comfort band.
    Comfortable,
    /// Above the comfort band but not alarming.
    Fast,
    /// Above the warning rate.
    TooFast,
    /// No words: nothing to judge.
    None,
}

/// Verdict on the answer length against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthVerdict {
    /// Clearly shorter than the target.
    Short,
    /// Close to the target.
    OnTarget,
    /// Clearly longer than the target.
    Long,
    /// No speech.
    None,
}

/// Everything rehearse reports about one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Layout version (`REPORT_VERSION`).
    pub version: u32,
    /// Question id.
    pub question_id: String,
    /// Recording length (s).
    pub audio_s: f64,
    /// Speaking span: first to last speech (s).
    pub speech_s: f64,
    /// Time actually speaking: span minus pauses (s).
    pub speaking_s: f64,
    /// True when no speech was found; nothing else is scored then.
    pub no_speech: bool,
    /// Number of words.
    pub words: usize,
    /// Overall pace: words ÷ speaking span (wpm).
    pub wpm: f64,
    /// Articulation rate: words ÷ time speaking (wpm).
    pub articulation_wpm: f64,
    /// Verdict on `wpm`.
    pub pace_verdict: PaceVerdict,
    /// Pace over time.
    pub pace_windows: Vec<PaceWindow>,
    /// Pauses inside the answer.
    pub pauses: Vec<Pause>,
    /// Number of pauses flagged as dead air.
    pub dead_air_count: usize,
    /// Fillers found.
    pub fillers: Vec<Filler>,
    /// Number of fillers.
    pub filler_count: usize,
    /// Fillers per minute of speaking span.
    pub fillers_per_min: f64,
    /// Key point verdicts, in question order.
    pub key_points: Vec<KeyPointResult>,
    /// Fraction of key points covered (0..1).
    pub coverage: f64,
    /// STAR structure found in the answer.
    pub star: StarParts,
    /// Target length (s).
    pub target_s: u32,
    /// Length verdict (speaking span against target).
    pub length_verdict: LengthVerdict,
    /// The transcript.
    pub transcript: TranscriptOut,
    /// Pitch variation and volume measured from the sound; absent when the
    /// answer was typed or held no speech.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<super::voice::VoiceReport>,
    /// Delivery measured from the words: hedges, repeats, STAR part shares,
    /// "I" against "we". Absent when nothing was said (and in reports saved
    /// before it was measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<super::delivery::Delivery>,
    /// The changes that would help most, most important first (at most four).
    #[serde(default)]
    pub tips: Vec<super::tips::Tip>,
}

impl Report {
    /// Number of key points covered.
    pub fn covered_count(&self) -> usize {
        self.key_points.iter().filter(|k| k.covered).count()
    }
}

impl StarParts {
    /// How many of the four parts were found (0..=4).
    pub fn count(&self) -> usize {
        [self.situation, self.task, self.action, self.result]
            .iter()
            .filter(|x| **x)
            .count()
    }
}
