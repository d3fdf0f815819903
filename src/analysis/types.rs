//! Plain data types shared by every part of rehearse: timed words, transcripts,
//! speech activity, questions and the analysis settings.

use serde::{Deserialize, Serialize};

/// One recognised word with its time span in the recording (seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word as written by the recogniser, punctuation attached ("forecast,").
    pub text: String,
    /// Start time in seconds from the start of the recording.
    pub start_s: f64,
    /// End time in seconds from the start of the recording.
    pub end_s: f64,
    /// Mean token probability (0..1) as reported by the recogniser.
    pub prob: f32,
}

impl Word {
    /// `text` said from `start_s` to `end_s` (s), with full confidence (a
    /// typed word, or a word in a test).
    pub fn at(text: &str, start_s: f64, end_s: f64) -> Word {
        Word {
            text: text.to_string(),
            start_s,
            end_s,
            prob: 1.0,
        }
    }

    /// The whitespace-separated pieces of `text` as words, one every `step`
    /// seconds from 0, each sounding for 90 % of its step (typed answers,
    /// tests).
    pub fn evenly_spaced(text: &str, step: f64) -> Vec<Word> {
        text.split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                text: w.to_string(),
                start_s: i as f64 * step,
                end_s: i as f64 * step + step * 0.9,
                prob: 1.0,
            })
            .collect()
    }
}

/// One recogniser segment (roughly a phrase or sentence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Start time in seconds.
    pub start_s: f64,
    /// End time in seconds.
    pub end_s: f64,
    /// Segment text, trimmed.
    pub text: String,
}

/// A timed transcript: segments for display, words for timing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Segments in time order.
    pub segments: Vec<Segment>,
    /// Words in time order.
    pub words: Vec<Word>,
    /// Word times were aligned to the audio (whisper.cpp's DTW), so each
    /// word's middle lies in its own sound rather than up to a few tenths of
    /// a second away; heard fillers may then trust them
    /// ([`super::voice::heard`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub aligned: bool,
    /// The recogniser heard the recording with a steady room noise
    /// suppressed (`transcribe::heard`), so the voice measures look for
    /// heard fillers in the cleaned sound too ([`super::voice::add_to`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cleaned: bool,
}

impl Transcript {
    /// The full text: segment texts joined by single spaces.
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Put `again` (a transcript of the stretch `span` of this recording, its
    /// times relative to `span.0`) in place of the words and segments whose
    /// middles lie in `span`, keeping time order. Word times stay aligned to
    /// the audio only when both transcripts' were.
    pub fn replace_span(&mut self, span: (f64, f64), mut again: Transcript) {
        let inside = |s: f64, e: f64| (span.0..=span.1).contains(&((s + e) / 2.0));
        let place = |s: &mut f64, e: &mut f64| {
            *s = (*s + span.0).min(span.1);
            *e = (*e + span.0).min(span.1);
        };
        for w in &mut again.words {
            place(&mut w.start_s, &mut w.end_s);
        }
        for s in &mut again.segments {
            place(&mut s.start_s, &mut s.end_s);
        }
        self.words.retain(|w| !inside(w.start_s, w.end_s));
        self.segments.retain(|s| !inside(s.start_s, s.end_s));
        self.aligned &= again.aligned;
        self.words.extend(again.words);
        self.segments.extend(again.segments);
        self.words.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        self.segments
            .sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    }

    /// True when nothing was recognised.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Shift every time by `offset_s` (used when stitching chunks together).
    pub fn shifted(mut self, offset_s: f64) -> Self {
        for s in &mut self.segments {
            s.start_s += offset_s;
            s.end_s += offset_s;
        }
        for w in &mut self.words {
            w.start_s += offset_s;
            w.end_s += offset_s;
        }
        self
    }

    /// Append another transcript (already on the same time axis). The
    /// result is [`aligned`](Transcript::aligned) when both parts are (or
    /// this one was empty and the other is).
    pub fn extend(&mut self, other: Transcript) {
        let empty = self.segments.is_empty() && self.words.is_empty();
        self.aligned = other.aligned && (self.aligned || empty);
        self.cleaned |= other.cleaned;
        self.segments.extend(other.segments);
        self.words.extend(other.words);
    }
}

/// Where there is voice in a recording, measured from the audio itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpeechActivity {
    /// Total length of the recording in seconds.
    pub audio_s: f64,
    /// Voiced regions `(start_s, end_s)`, in time order, not overlapping.
    pub regions: Vec<(f64, f64)>,
}

impl SpeechActivity {
    /// First voiced instant, if any.
    pub fn first_voice(&self) -> Option<f64> {
        self.regions.first().map(|r| r.0)
    }
    /// Last voiced instant, if any.
    pub fn last_voice(&self) -> Option<f64> {
        self.regions.last().map(|r| r.1)
    }
    /// True when no voice was found.
    pub fn is_silent(&self) -> bool {
        self.regions.is_empty()
    }
}

/// A practice question with its reference answer and key points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable kebab-case id.
    pub id: String,
    /// Category such as "communication".
    pub category: String,
    /// The question as asked.
    pub question: String,
    /// Target answer length in seconds.
    pub target_seconds: u32,
    /// The reference answer.
    pub reference: String,
    /// Key points a strong answer states (derived from the reference when the file has none).
    pub key_points: Vec<String>,
    /// True when `key_points` were derived automatically.
    #[serde(default)]
    pub key_points_derived: bool,
    /// Optional recorded question audio (absolute path once loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<std::path::PathBuf>,
}

/// Thresholds used by the analysis; defaults follow the field's norms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Shortest silence inside the answer reported as a pause (s).
    pub pause_min_s: f64,
    /// Pauses at least this long are flagged as dead air (s).
    pub dead_air_s: f64,
    /// Comfortable pace band, words per minute (low, high).
    pub comfort_wpm: (f64, f64),
    /// Warn below / above these rates (wpm).
    pub warn_wpm: (f64, f64),
    /// Window length for pace over time (s).
    pub pace_window_s: f64,
    /// Answers within this fraction of the target count as on target.
    pub length_tolerance: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            pause_min_s: 1.0,
            dead_air_s: 2.5,
            comfort_wpm: (120.0, 160.0),
            warn_wpm: (100.0, 170.0),
            pace_window_s: 15.0,
            length_tolerance: 0.25,
        }
    }
}
