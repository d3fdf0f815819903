//! Stable JSON for machine consumers; every document carries `version`.

use crate::analysis::{Report, Transcript};

/// Pretty JSON of a report.
pub fn report_json(r: &Report) -> String {
    serde_json::to_string_pretty(r).expect("a Report always serialises")
}

/// JSON of a bare transcript: `{version, audio_s, text, segments, words}`.
pub fn transcript_json(t: &Transcript, audio_s: f64) -> String {
    let v = serde_json::json!({
        "version": 1,
        "audio_s": audio_s,
        "no_speech": t.is_empty(),
        "text": t.text(),
        "segments": t.segments,
        "words": t.words,
    });
    serde_json::to_string_pretty(&v).expect("JSON values always serialise")
}
