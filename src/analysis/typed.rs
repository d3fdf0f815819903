//! Scoring a typed or pasted answer, without audio: the text becomes a
//! [`Transcript`] whose words carry placeholder times, and the report's
//! audio measures (pace, pauses, timing) are left out.
//!
//! [`analyse_text`] gives the same [`Report`] as [`super::analyse`] with
//! every audio field zero or empty; [`null_audio_fields`] turns those into
//! `null` in the JSON, so a reader can tell "not measured" from "zero".

use super::{
    coverage, fillers, pace, star, KeyPointResult, Question, Report, Segment, Transcript,
    TranscriptOut, TranscriptSegment, Word,
};

/// Seconds between the placeholder start times of consecutive words. Times
/// only order the words; no measure of pace is taken from them.
const WORD_STEP_S: f64 = 0.4;

/// Turn typed text into a transcript: one word per whitespace-separated
/// piece (punctuation kept, as the recogniser writes it), one segment.
pub fn transcript_from_text(text: &str) -> Transcript {
    let words = Word::evenly_spaced(text, WORD_STEP_S);
    let segments = if words.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            start_s: 0.0,
            end_s: words.last().map_or(0.0, |w| w.end_s),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        }]
    };
    Transcript {
        segments,
        words,
        aligned: false,
        cleaned: false,
    }
}

/// The report fields that only audio can measure; `null` for a typed answer.
pub const AUDIO_FIELDS: &[&str] = &[
    "articulation_wpm",
    "audio_s",
    "dead_air_count",
    "fillers_per_min",
    "length_verdict",
    "pace_verdict",
    "pace_windows",
    "pauses",
    "speaking_s",
    "speech_s",
    "wpm",
];

/// Score a typed answer: coverage, fillers, STAR and word count. Audio
/// measures are zero or empty, and times are left out of the evidence.
pub fn analyse_text(text: &str, q: &Question) -> Report {
    let t = transcript_from_text(text);
    let words = pace::count_words(&t.words);
    let sents = coverage::sentences(&t.words);
    let key_points: Vec<KeyPointResult> = coverage::cover(&q.key_points, &q.question, &sents)
        .into_iter()
        .map(|k| KeyPointResult {
            evidence_start_s: None,
            ..k
        })
        .collect();
    let covered = key_points.iter().filter(|k| k.covered).count();
    let fillers = fillers::find_fillers(&t.words);
    let text_out = t.text();
    let delivery = (words > 0).then(|| super::delivery::measure(&t.words, &fillers, false));
    let mut r = Report {
        no_speech: words == 0,
        words,
        filler_count: fillers.len(),
        fillers,
        coverage: if key_points.is_empty() {
            0.0
        } else {
            pace::round2(covered as f64 / key_points.len() as f64)
        },
        key_points,
        star: star::star_parts(&text_out),
        transcript: TranscriptOut {
            cleaned: false,
            text: text_out.clone(),
            segments: if text_out.is_empty() {
                vec![]
            } else {
                vec![TranscriptSegment {
                    start_s: 0.0,
                    end_s: 0.0,
                    text: text_out,
                }]
            },
            words: vec![],
        },
        delivery,
        ..super::nothing_measured(q, 0.0)
    };
    r.tips = super::tips::tips(&r, q, &super::Settings::default(), false);
    r
}

/// Set the audio-only fields of a report's JSON to `null`, and the filler
/// and segment times with them (typed text has no times).
pub fn null_audio_fields(v: &mut serde_json::Value) {
    let Some(obj) = v.as_object_mut() else { return };
    for f in AUDIO_FIELDS {
        if let Some(x) = obj.get_mut(*f) {
            *x = serde_json::Value::Null;
        }
    }
    for list in ["fillers"] {
        if let Some(items) = obj.get_mut(list).and_then(|x| x.as_array_mut()) {
            for it in items {
                if let Some(s) = it.get_mut("start_s") {
                    *s = serde_json::Value::Null;
                }
            }
        }
    }
    if let Some(segs) = obj
        .get_mut("transcript")
        .and_then(|t| t.get_mut("segments"))
        .and_then(|s| s.as_array_mut())
    {
        for s in segs {
            for k in ["start_s", "end_s"] {
                if let Some(x) = s.get_mut(k) {
                    *x = serde_json::Value::Null;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> Question {
        Question {
            id: "q".into(),
            question: "Tell me about a time you fixed a problem.".into(),
            key_points: vec![
                "rolled back to the previous model within two hours".into(),
                "ran an A/B test to confirm the change".into(),
            ],
            category: "c".into(),
            target_seconds: 90,
            reference: String::new(),
            key_points_derived: false,
            audio: None,
        }
    }

    #[test]
    fn typed_text_is_scored_without_audio() {
        let text = "Um, at a grocery company I owned the forecast. I rolled back to the previous model within two hours. We never ran an A/B test to confirm the change.";
        let r = analyse_text(text, &question());
        assert_eq!(r.words, 29);
        assert!(!r.no_speech);
        assert_eq!(r.filler_count, 1);
        assert!(r.key_points[0].covered);
        assert!(!r.key_points[1].covered && r.key_points[1].negated);
        assert_eq!(r.coverage, 0.5);
        assert!(r.star.situation && r.star.action);
        assert!(r.key_points.iter().all(|k| k.evidence_start_s.is_none()));
        let mut v = serde_json::to_value(&r).unwrap();
        null_audio_fields(&mut v);
        for f in AUDIO_FIELDS {
            assert!(v[*f].is_null(), "{f}");
        }
        assert!(v["fillers"][0]["start_s"].is_null());
        assert_eq!(v["words"], 29);
        assert_eq!(v["key_points"][1]["denial"], "negated");
    }

    #[test]
    fn typed_answers_get_tips_and_delivery_without_times() {
        let r = analyse_text(
            "Um, we talked. Uh, we agreed. Um, we shipped a change. We maybe kind of fixed it.",
            &question(),
        );
        assert!(!r.tips.is_empty());
        assert_eq!(r.tips[0].kind, super::super::TipKind::KeyPoint);
        assert!(r.tips.iter().all(|t| t.start_s.is_none()), "{:?}", r.tips);
        let d = r.delivery.as_ref().expect("delivery measured");
        assert_eq!(d.hedges.len(), 2);
        assert!(d.hedges.iter().all(|h| h.start_s.is_none()));
        assert!(analyse_text("  ", &question()).tips.is_empty());
    }

    #[test]
    fn empty_text_is_no_speech() {
        let r = analyse_text("  \n ", &question());
        assert!(r.no_speech && r.words == 0 && r.transcript.segments.is_empty());
        assert!(r.key_points.iter().all(|k| !k.covered));
    }

    #[test]
    fn transcript_keeps_word_order_and_punctuation() {
        let t = transcript_from_text("One two.  Three");
        assert_eq!(t.words.len(), 3);
        assert_eq!(t.words[1].text, "two.");
        assert!(t.words[0].start_s < t.words[1].start_s);
        assert_eq!(t.text(), "One two. Three");
    }
}
