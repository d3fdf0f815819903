//! The pure analysis core: a function of data, no files, clock, audio or printing.
//!
//! [`analyse`]`(&Transcript, &SpeechActivity, &Question, &Settings) -> Report`.

pub mod attempt;
pub mod compare;
pub mod coverage;
pub mod delivery;
mod derive;
pub mod factuality;
pub mod fillers;
pub mod loops;
pub mod pace;
pub mod relisten;
mod report;
pub mod retime;
pub mod schedule;
pub mod star;
pub mod text;
pub mod tips;
pub mod trends;
pub mod typed;
mod types;
pub mod untimed;
pub mod voice;
pub mod weekly;

pub use attempt::{Attempt, QuestionSnapshot, Source, ATTEMPT_VERSION};
pub use derive::*;
pub use report::*;
pub use tips::{Tip, TipKind};
pub use types::*;

/// Drop segments that lie wholly in silence (whisper invents text there),
/// with a margin for the recogniser's loose timing, and the words in them.
pub fn keep_voiced(mut t: Transcript, a: &SpeechActivity) -> Transcript {
    const MARGIN_S: f64 = 0.6;
    let voiced = |s: f64, e: f64| {
        a.regions
            .iter()
            .any(|r| s <= r.1 + MARGIN_S && e >= r.0 - MARGIN_S)
    };
    let dropped: Vec<(f64, f64)> = t
        .segments
        .iter()
        .filter(|s| !voiced(s.start_s, s.end_s))
        .map(|s| (s.start_s, s.end_s))
        .collect();
    if dropped.is_empty() {
        return t;
    }
    t.segments.retain(|s| voiced(s.start_s, s.end_s));
    let kept: Vec<(f64, f64)> = t.segments.iter().map(|s| (s.start_s, s.end_s)).collect();
    t.words.retain(|w| {
        let m = (w.start_s + w.end_s) / 2.0;
        let inside = |r: &(f64, f64)| m >= r.0 - 0.01 && m <= r.1 + 0.01;
        kept.iter().any(inside) || !dropped.iter().any(inside)
    });
    if t.words.is_empty() || t.segments.is_empty() {
        t.segments.clear();
        t.words.clear();
    }
    t
}

/// A report for `q` with every measure zero or empty, no key points and
/// `no_speech` set: the base that [`analyse`] (no speech found) and
/// [`typed::analyse_text`] (no audio at all) fill in.
fn nothing_measured(q: &Question, audio_s: f64) -> Report {
    Report {
        version: REPORT_VERSION,
        question_id: q.id.clone(),
        audio_s,
        speech_s: 0.0,
        speaking_s: 0.0,
        no_speech: true,
        words: 0,
        wpm: 0.0,
        articulation_wpm: 0.0,
        pace_verdict: PaceVerdict::None,
        pace_windows: vec![],
        pauses: vec![],
        dead_air_count: 0,
        fillers: vec![],
        filler_count: 0,
        fillers_per_min: 0.0,
        key_points: vec![],
        coverage: 0.0,
        star: StarParts::default(),
        target_s: q.target_seconds,
        length_verdict: LengthVerdict::None,
        transcript: TranscriptOut::default(),
        voice: None,
        delivery: None,
        tips: vec![],
    }
}

/// Score one answer.
pub fn analyse(t: &Transcript, a: &SpeechActivity, q: &Question, s: &Settings) -> Report {
    let transcript = TranscriptOut {
        cleaned: t.cleaned,
        text: t.text(),
        segments: t
            .segments
            .iter()
            .map(|g| TranscriptSegment {
                start_s: pace::round2(g.start_s),
                end_s: pace::round2(g.end_s),
                text: g.text.trim().to_string(),
            })
            .collect(),
        words: t.words.clone(),
    };
    let no_speech = t.words.is_empty() || a.is_silent();
    let key_points_missed = || {
        q.key_points
            .iter()
            .map(|k| KeyPointResult {
                text: k.clone(),
                covered: false,
                score: 0.0,
                evidence: None,
                evidence_start_s: None,
                negated: false,
                denial: None,
            })
            .collect::<Vec<_>>()
    };
    if no_speech {
        return Report {
            key_points: key_points_missed(),
            ..nothing_measured(q, pace::round2(a.audio_s))
        };
    }
    // Speaking span from the audio; words bound it when the VAD missed an edge.
    let first_word = t.words.first().map(|w| w.start_s).unwrap_or(0.0);
    let last_word = t.words.last().map(|w| w.end_s).unwrap_or(0.0);
    let from = a.first_voice().unwrap_or(first_word);
    let to = a.last_voice().unwrap_or(last_word).max(from);
    let speech_s = to - from;
    let pauses = pace::pauses(a, s);
    let paused: f64 = pauses.iter().map(|p| p.duration_s).sum();
    let speaking_s = (speech_s - paused).max(0.0);
    let words = pace::count_words(&t.words);
    let per_min = |n: f64, secs: f64| if secs > 0.0 { n / secs * 60.0 } else { 0.0 };
    let wpm = per_min(words as f64, speech_s);
    let articulation = per_min(words as f64, speaking_s);
    let fillers = fillers::find_fillers(&t.words);
    let sents = coverage::sentences(&t.words);
    let kp = coverage::cover(&q.key_points, &q.question, &sents);
    let covered = kp.iter().filter(|k| k.covered).count();
    let delivery = delivery::measure(&t.words, &fillers, true);
    let mut r = Report {
        version: REPORT_VERSION,
        question_id: q.id.clone(),
        audio_s: pace::round2(a.audio_s),
        speech_s: pace::round2(speech_s),
        speaking_s: pace::round2(speaking_s),
        no_speech: false,
        words,
        wpm: pace::round1(wpm),
        articulation_wpm: pace::round1(articulation),
        pace_verdict: pace::pace_verdict(wpm, words, s),
        pace_windows: pace::windows(&t.words, from, to, s.pace_window_s),
        dead_air_count: pauses.iter().filter(|p| p.dead_air).count(),
        pauses,
        filler_count: fillers.len(),
        fillers_per_min: pace::round1(per_min(fillers.len() as f64, speech_s)),
        fillers,
        coverage: if kp.is_empty() {
            0.0
        } else {
            pace::round2(covered as f64 / kp.len() as f64)
        },
        key_points: kp,
        star: star::star_parts(&transcript.text),
        target_s: q.target_seconds,
        length_verdict: pace::length_verdict(speech_s, q.target_seconds, s),
        transcript,
        delivery: Some(delivery),
        tips: vec![],
        voice: None,
    };
    r.tips = tips::tips(&r, q, s, true);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: f64, e: f64, text: &str) -> Segment {
        Segment {
            start_s: s,
            end_s: e,
            text: text.into(),
        }
    }
    fn word(s: f64, text: &str) -> Word {
        Word {
            text: text.into(),
            start_s: s,
            end_s: s + 0.3,
            prob: 0.9,
        }
    }

    #[test]
    fn keep_voiced_drops_only_segments_in_silence() {
        let t = Transcript {
            aligned: false,
            cleaned: false,
            segments: vec![
                seg(0.5, 4.0, "Real words here."),
                seg(10.0, 12.0, "Thank you."),
            ],
            words: vec![
                word(0.5, "Real"),
                word(3.9, "words"),
                word(3.95, "here."),
                word(10.0, "Thank"),
                word(11.0, "you."),
            ],
        };
        let a = SpeechActivity {
            audio_s: 13.0,
            regions: vec![(0.5, 2.0)],
        };
        let k = keep_voiced(t, &a);
        assert_eq!(k.segments.len(), 1);
        // Words late in a voiced segment stay even when their timing drifted.
        assert_eq!(k.words.len(), 3);
        assert_eq!(k.text(), "Real words here.");
        let silent = SpeechActivity {
            audio_s: 13.0,
            regions: vec![],
        };
        assert!(keep_voiced(k, &silent).is_empty());
    }
}
