//! Pitch variation: how lively the voice is.
//!
//! Hincks (2005) measured liveliness as the standard deviation of the pitch
//! divided by its mean over 10 s windows, the pitch variation quotient
//! (PVQ): her speakers ranged 0.11–0.235, and it tracked listeners'
//! liveliness ratings at r = 0.83. Each window is also given in semitones
//! (Hincks & Edlund 2009 gave feedback that way). A window is flagged as
//! monotone when its PVQ is below the published range (0.11) or well below
//! the speaker's own median (under 0.7 of it); neighbouring flagged windows
//! form one stretch.

use super::frames::{Frames, HOP_S};
use super::Span;
use serde::{Deserialize, Serialize};

/// Window length (s), as Hincks measured.
pub const WINDOW_S: f64 = 10.0;
/// Least voiced time for a window to count (s).
pub const MIN_VOICED_S: f64 = 1.0;
/// The lowest PVQ among Hincks' speakers: below it a stretch is monotone.
pub const MONOTONE_PVQ: f64 = 0.11;
/// A window below this fraction of the speaker's own median PVQ is monotone
/// for them.
pub const OWN_RANGE_FRACTION: f64 = 0.7;

/// Pitch over one 10 s window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitchWindow {
    /// Window start (s).
    pub start_s: f64,
    /// Window end (s).
    pub end_s: f64,
    /// Mean pitch of the voiced frames (Hz).
    pub mean_hz: f64,
    /// Standard deviation over mean of the pitch (PVQ).
    pub pvq: f64,
    /// Standard deviation of the pitch in semitones.
    pub semitones: f64,
    /// True when the window is monotone (see the module notes).
    pub monotone: bool,
}

/// Pitch variation of a recording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PitchReport {
    /// Median pitch of the voiced frames (Hz).
    pub median_hz: f64,
    /// Median PVQ of the windows (Hincks' speakers: 0.11–0.235).
    pub pvq: f64,
    /// Median semitone deviation of the windows.
    pub semitones: f64,
    /// The windows with enough voice to measure.
    pub windows: Vec<PitchWindow>,
    /// Monotone stretches (neighbouring monotone windows joined).
    pub monotone: Vec<Span>,
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// PVQ and semitone deviation of some pitches, with octave slips (more than
/// 0.6 octave from the median) left out. `None` when nothing is left.
fn spread(hz: &[f64]) -> Option<(f64, f64, f64)> {
    let mut sorted = hz.to_vec();
    let med = median(&mut sorted);
    let kept: Vec<f64> = hz
        .iter()
        .copied()
        .filter(|h| (h / med).log2().abs() <= 0.6)
        .collect();
    if kept.is_empty() {
        return None;
    }
    let n = kept.len() as f64;
    let mean = kept.iter().sum::<f64>() / n;
    let sd = (kept.iter().map(|h| (h - mean).powi(2)).sum::<f64>() / n).sqrt();
    let st: Vec<f64> = kept.iter().map(|h| 12.0 * (h / mean).log2()).collect();
    let st_mean = st.iter().sum::<f64>() / n;
    let st_sd = (st.iter().map(|s| (s - st_mean).powi(2)).sum::<f64>() / n).sqrt();
    Some((mean, sd / mean, st_sd))
}

/// Pitch variation over `span` (s) of the frames.
pub fn variation(f: &Frames, span: (f64, f64)) -> PitchReport {
    let mut windows = Vec::new();
    let mut start = span.0;
    let min_frames = (MIN_VOICED_S / HOP_S) as usize;
    while start < span.1 {
        let mut end = (start + WINDOW_S).min(span.1);
        // A short tail joins the window before it.
        if span.1 - end < WINDOW_S / 2.0 {
            end = span.1;
        }
        let (a, b) = (f.index(start), f.index(end));
        let hz: Vec<f64> = f.frames[a..=b]
            .iter()
            .filter_map(|x| x.f0.map(f64::from))
            .collect();
        if hz.len() >= min_frames {
            if let Some((mean, pvq, st)) = spread(&hz) {
                windows.push(PitchWindow {
                    start_s: round2(start),
                    end_s: round2(end),
                    mean_hz: round1(mean),
                    pvq: round3(pvq),
                    semitones: round2(st),
                    monotone: false,
                });
            }
        }
        start = end;
    }
    let own = median(&mut windows.iter().map(|w| w.pvq).collect::<Vec<_>>());
    let mut monotone: Vec<Span> = Vec::new();
    for w in &mut windows {
        w.monotone = w.pvq < MONOTONE_PVQ || w.pvq < OWN_RANGE_FRACTION * own;
        if w.monotone {
            match monotone.last_mut() {
                Some(s) if (s.end_s - w.start_s).abs() < 1e-6 => s.end_s = w.end_s,
                _ => monotone.push(Span {
                    start_s: w.start_s,
                    end_s: w.end_s,
                }),
            }
        }
    }
    let mut all: Vec<f64> = f
        .frames
        .iter()
        .filter_map(|x| x.f0.map(f64::from))
        .collect();
    PitchReport {
        median_hz: round1(median(&mut all)),
        pvq: round3(own),
        semitones: round2(median(
            &mut windows.iter().map(|w| w.semitones).collect::<Vec<_>>(),
        )),
        windows,
        monotone,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::super::frames::synth::voice;
    use super::*;
    use std::f64::consts::TAU;

    /// A pitch contour swinging `st` semitones around 150 Hz every 1.7 s
    /// (a flat voice when `st` is 0).
    fn contour(st: f64) -> impl Fn(f64) -> f64 {
        move |t: f64| 150.0 * 2f64.powf(st / 12.0 * (TAU * t / 1.7).sin())
    }

    #[test]
    fn synthetic_contours_are_tracked_within_two_percent() {
        for st in [0.0, 2.0, 4.0] {
            let c = contour(st);
            let f = Frames::measure(&voice(3.0, 0.3, &c), 16_000);
            let mut within = 0;
            let mut voiced = 0;
            for (i, fr) in f.frames.iter().enumerate().take(290).skip(10) {
                if let Some(hz) = fr.f0 {
                    voiced += 1;
                    let truth = c(Frames::time(i));
                    if (f64::from(hz) / truth - 1.0).abs() < 0.02 {
                        within += 1;
                    }
                }
            }
            assert!(voiced >= 270, "±{st} st: only {voiced} frames voiced");
            assert_eq!(within, voiced, "±{st} st: {within} of {voiced} within 2 %");
        }
    }

    #[test]
    fn flat_and_varied_voices_are_told_apart() {
        // (semitone swing, expected PVQ range, monotone?)
        let cases: &[(f64, (f64, f64), bool)] = &[
            (0.0, (0.0, 0.01), true),
            (1.0, (0.03, 0.06), true),
            (3.5, (0.12, 0.17), false),
            (5.0, (0.18, 0.25), false),
        ];
        for &(st, (lo, hi), mono) in cases {
            let f = Frames::measure(&voice(20.0, 0.3, contour(st)), 16_000);
            let r = variation(&f, (0.0, 20.0));
            assert_eq!(r.windows.len(), 2, "±{st} st");
            assert!(
                (lo..=hi).contains(&r.pvq),
                "±{st} st: PVQ {} outside {lo}..{hi}",
                r.pvq
            );
            assert!((r.median_hz - 150.0).abs() < 5.0, "{}", r.median_hz);
            assert_eq!(!r.monotone.is_empty(), mono, "±{st} st: {:?}", r.monotone);
        }
    }

    #[test]
    fn a_flat_stretch_in_a_lively_voice_is_flagged_with_its_times() {
        // Lively for 20 s, flat for 10 s, lively again for 10 s.
        let c = |t: f64| {
            if (20.0..30.0).contains(&t) {
                150.0
            } else {
                contour(4.0)(t)
            }
        };
        let f = Frames::measure(&voice(40.0, 0.3, c), 16_000);
        let r = variation(&f, (0.0, 40.0));
        assert_eq!(
            r.monotone,
            vec![Span {
                start_s: 20.0,
                end_s: 30.0
            }]
        );
    }

    #[test]
    fn too_little_voice_gives_no_window() {
        let f = Frames::measure(&vec![0.0; 16_000 * 12], 16_000);
        let r = variation(&f, (0.0, 12.0));
        assert!(r.windows.is_empty() && r.monotone.is_empty());
        assert_eq!(r.pvq, 0.0);
    }
}
