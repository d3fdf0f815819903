//! The voice lines of a report (pitch variation, volume, heard fillers) for
//! the terminal, and the sentences the HTML page (`html::voice`) shows too,
//! kept apart from the other renderers so each adds them with one call. Reports without voice measures (typed
//! answers, older attempts) render nothing here.

use super::coach::field;
use super::format::clock;
use super::style::Style;
use crate::analysis::voice::{pitch::MONOTONE_PVQ, VoiceReport};
use crate::analysis::Report;
use std::fmt::Write as _;

/// Times of up to `max` spans as `m:ss–m:ss`, with "…" when there are more.
fn spans(v: &[crate::analysis::voice::Span], max: usize) -> String {
    let mut s: Vec<String> = v
        .iter()
        .take(max)
        .map(|x| format!("{}–{}", clock(x.start_s), clock(x.end_s)))
        .collect();
    if v.len() > max {
        s.push("…".into());
    }
    s.join(", ")
}

/// The pitch sentence: variation, the published range and monotone stretches.
pub(crate) fn pitch_text(v: &VoiceReport) -> Option<(String, bool)> {
    let p = &v.pitch;
    if p.windows.is_empty() {
        return None;
    }
    let mut s = format!(
        "pitch variation {:.2} ({:.1} semitones; lively speakers 0.11–0.24)",
        p.pvq, p.semitones
    );
    let flat = !p.monotone.is_empty();
    if flat {
        let _ = write!(s, "; monotone {}", spans(&p.monotone, 3));
    }
    Some((s, flat || p.pvq < MONOTONE_PVQ))
}

/// The volume sentence: speech level, fading sentence ends, too quiet, clipping.
pub(crate) fn volume_text(v: &VoiceReport) -> (String, bool) {
    let vol = &v.volume;
    let mut s = format!("speech at {:.0} dBFS", vol.speech_dbfs);
    let mut warn = false;
    if vol.too_quiet {
        s.push_str(" (too quiet: move closer or raise the input level)");
        warn = true;
    }
    if !vol.fades.is_empty() {
        let at: Vec<String> = vol
            .fades
            .iter()
            .take(3)
            .map(|f| format!("{} “{}”", clock(f.start_s), f.word))
            .collect();
        let _ = write!(
            s,
            "; fades at {} of {} sentence ends ({}{})",
            vol.fades.len(),
            vol.sentences,
            at.join(", "),
            if vol.fades.len() > 3 { ", …" } else { "" }
        );
        warn |= vol.fades.len() * 3 >= vol.sentences.max(1);
    }
    if !vol.clipped.is_empty() {
        let _ = write!(s, "; clipped at {}", spans(&vol.clipped, 3));
        warn = true;
    }
    (s, warn)
}

/// Heard fillers as `m:ss "uh"`.
pub(crate) fn heard_text(r: &Report) -> Option<String> {
    let heard: Vec<String> = r
        .fillers
        .iter()
        .filter(|f| f.heard)
        .map(|f| format!("{} “{}”", clock(f.start_s), f.word))
        .collect();
    (!heard.is_empty()).then(|| format!("heard but not transcribed: {}", heard.join(", ")))
}

/// Terminal lines, labelled and wrapped to `width` like the rest of the
/// report.
pub fn terminal(r: &Report, width: usize, st: Style) -> String {
    let Some(v) = &r.voice else {
        return String::new();
    };
    let mut o = String::new();
    if let Some(h) = heard_text(r) {
        o.push_str(&field("", &st.dim(&h), width, st));
    }
    if let Some((p, flat)) = pitch_text(v) {
        let p = if flat { st.warn(&p) } else { p };
        o.push_str(&field("Voice", &p, width, st));
    }
    let (s, warn) = volume_text(v);
    let s = if warn { st.warn(&s) } else { s };
    o.push_str(&field("Volume", &s, width, st));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::voice::{Fade, PitchReport, PitchWindow, Span, VolumeReport};

    fn voice(pvq: f64, monotone: Vec<Span>, fades: usize) -> VoiceReport {
        VoiceReport {
            pitch: PitchReport {
                median_hz: 120.0,
                pvq,
                semitones: 2.0,
                windows: vec![PitchWindow {
                    start_s: 0.0,
                    end_s: 10.0,
                    mean_hz: 120.0,
                    pvq,
                    semitones: 2.0,
                    monotone: !monotone.is_empty(),
                }],
                monotone,
            },
            volume: VolumeReport {
                speech_dbfs: -22.0,
                too_quiet: false,
                windows: vec![],
                sentences: 3,
                fades: (0..fades)
                    .map(|k| Fade {
                        word: "team.".into(),
                        start_s: 12.0 + k as f64,
                        drop_db: 8.0,
                    })
                    .collect(),
                clipped: vec![],
            },
            heard_fillers: 0,
        }
    }

    #[test]
    fn sentences_say_what_was_measured_and_where() {
        let lively = voice(0.16, vec![], 0);
        assert!(pitch_text(&lively).unwrap().0.contains("0.16"));
        assert!(!pitch_text(&lively).unwrap().1);
        let flat = voice(
            0.07,
            vec![Span {
                start_s: 20.0,
                end_s: 30.0,
            }],
            2,
        );
        let (p, warn) = pitch_text(&flat).unwrap();
        assert!(warn && p.contains("monotone 0:20–0:30"), "{p}");
        let (s, warn) = volume_text(&flat);
        assert!(
            warn && s.contains("fades at 2 of 3 sentence ends (0:12 “team.”"),
            "{s}"
        );
        assert!(s.starts_with("speech at -22 dBFS"));
    }
}
