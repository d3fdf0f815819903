//! Volume: the speech level over time, a voice that fades at sentence ends,
//! a recording that is too quiet overall, and clipping.
//!
//! Levels are RMS in dBFS over the frames inside the speech regions, so
//! pauses do not pull them down. A sentence fades when its last word is at
//! least [`FADE_DB`] below the median word level of the sentence: 6 dB is
//! half the amplitude, a drop listeners hear as trailing off.

use super::frames::{db_of_ms, Frames};
use super::Span;
use crate::analysis::Word;
use serde::{Deserialize, Serialize};

/// Length of one level window (s).
pub const LEVEL_WINDOW_S: f64 = 2.0;
/// Speech quieter than this overall (dBFS RMS) is too quiet: recordings of
/// speech usually sit around -20 to -26 dBFS, and below -40 the voice is
/// close to the noise of a laptop microphone.
pub const TOO_QUIET_DBFS: f64 = -40.0;
/// A last word this far below its sentence's median word level fades (dB).
pub const FADE_DB: f64 = 6.0;
/// Samples at or beyond this magnitude are at full scale.
pub const CLIP_LEVEL: f32 = 0.999;
/// A clip is at least this many full-scale samples in a row (a single
/// full-scale sample can be a normalised peak).
pub const CLIP_RUN: usize = 3;

/// Speech level over one window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelWindow {
    /// Window start (s).
    pub start_s: f64,
    /// Window end (s).
    pub end_s: f64,
    /// RMS level of the speech in the window (dBFS).
    pub dbfs: f64,
}

/// A sentence whose last word trails off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fade {
    /// The last word, as transcribed.
    pub word: String,
    /// When the last word starts (s).
    pub start_s: f64,
    /// How far it is below the sentence's median word level (dB).
    pub drop_db: f64,
}

/// Volume of a recording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeReport {
    /// RMS level of the speech (dBFS).
    pub speech_dbfs: f64,
    /// True when `speech_dbfs` is below [`TOO_QUIET_DBFS`].
    pub too_quiet: bool,
    /// Speech level per [`LEVEL_WINDOW_S`] window.
    pub windows: Vec<LevelWindow>,
    /// Sentences measured for fading.
    pub sentences: usize,
    /// Sentences whose last word fades.
    pub fades: Vec<Fade>,
    /// Where the recording clips (full-scale runs, joined when under 0.1 s
    /// apart).
    pub clipped: Vec<Span>,
}

/// Mean power of the frames in `a..b` that lie in speech.
fn power(f: &Frames, speech: &[bool], a: usize, b: usize) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    let b = b.min(f.frames.len());
    for (fr, _) in f.frames[a.min(b)..b]
        .iter()
        .zip(&speech[a.min(b)..b])
        .filter(|(_, s)| **s)
    {
        sum += 10f64.powf(f64::from(fr.db) / 10.0);
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Per frame of `f`: whether it lies in one of the speech `regions` (s).
fn speech_frames(f: &Frames, regions: &[(f64, f64)]) -> Vec<bool> {
    let mut speech = vec![false; f.frames.len()];
    for r in regions {
        let (a, b) = (f.index(r.0), f.index(r.1));
        for s in speech.iter_mut().take(b + 1).skip(a) {
            *s = true;
        }
    }
    speech
}

/// The speech level of frames `f` (dBFS, to 0.1 dB): what
/// [`VolumeReport::speech_dbfs`] says, without the rest of the report.
pub fn speech_dbfs(f: &Frames, regions: &[(f64, f64)]) -> f64 {
    let speech = speech_frames(f, regions);
    round1(
        power(f, &speech, 0, f.frames.len()).map_or(f64::from(super::frames::FLOOR_DBFS), |p| {
            f64::from(db_of_ms(p))
        }),
    )
}

/// The volume measures. `regions` are the speech regions (s); `words` the
/// timed words of the transcript (for sentence ends).
pub fn volume(
    samples: &[f32],
    rate: u32,
    f: &Frames,
    regions: &[(f64, f64)],
    words: &[Word],
) -> VolumeReport {
    let speech = speech_frames(f, regions);
    let level = |a: usize, b: usize| power(f, &speech, a, b).map(|p| f64::from(db_of_ms(p)));
    let speech_dbfs = level(0, f.frames.len()).unwrap_or(f64::from(super::frames::FLOOR_DBFS));
    let mut windows = Vec::new();
    if let (Some(first), Some(last)) = (regions.first(), regions.last()) {
        let mut t = first.0;
        while t < last.1 {
            let end = (t + LEVEL_WINDOW_S).min(last.1);
            if let Some(db) = level(f.index(t), f.index(end)) {
                windows.push(LevelWindow {
                    start_s: round1(t),
                    end_s: round1(end),
                    dbfs: round1(db),
                });
            }
            t = end;
        }
    }
    let word_db = |w: &Word| {
        level(
            f.index(w.start_s),
            f.index(w.end_s).max(f.index(w.start_s) + 1),
        )
    };
    let mut fades = Vec::new();
    let mut sentences = 0;
    for sentence in sentences_of(words) {
        // Too short a sentence has no level of its own to fall from.
        if sentence.len() < 4 {
            continue;
        }
        let mut levels: Vec<f64> = sentence.iter().filter_map(&word_db).collect();
        let last = sentence.last().expect("sentence has words");
        let Some(last_db) = word_db(last) else {
            continue;
        };
        sentences += 1;
        levels.sort_by(f64::total_cmp);
        let med = levels[levels.len() / 2];
        if med - last_db >= FADE_DB {
            fades.push(Fade {
                word: last.text.trim().to_string(),
                start_s: round1(last.start_s),
                drop_db: round1(med - last_db),
            });
        }
    }
    VolumeReport {
        speech_dbfs: round1(speech_dbfs),
        too_quiet: !regions.is_empty() && speech_dbfs < TOO_QUIET_DBFS,
        windows,
        sentences,
        fades,
        clipped: clipped(samples, rate),
    }
}

/// Sentences of the words: runs ending in `.`, `?` or `!`.
fn sentences_of(words: &[Word]) -> Vec<&[Word]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if w.text.trim_end().ends_with(['.', '?', '!']) {
            out.push(&words[start..=i]);
            start = i + 1;
        }
    }
    if start < words.len() {
        out.push(&words[start..]);
    }
    out
}

/// Stretches where at least [`CLIP_RUN`] samples in a row are at full scale.
fn clipped(samples: &[f32], rate: u32) -> Vec<Span> {
    let rate = f64::from(rate.max(1));
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < samples.len() {
        if samples[i].abs() < CLIP_LEVEL {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < samples.len() && samples[j].abs() >= CLIP_LEVEL {
            j += 1;
        }
        if j - i >= CLIP_RUN {
            let (s, e) = (i as f64 / rate, j as f64 / rate);
            match out.last_mut() {
                Some(last) if s - last.end_s < 0.1 => last.end_s = (e * 100.0).round() / 100.0,
                _ => out.push(Span {
                    start_s: (s * 100.0).floor() / 100.0,
                    end_s: (e * 100.0).ceil() / 100.0,
                }),
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::frames::synth::voice;
    use super::*;

    /// Five 0.4 s words per sentence, one sentence every 2.5 s; the last
    /// word of each sentence is scaled by `last_gain`.
    fn sentences(n: usize, amp: f32, last_gain: f32) -> (Vec<f32>, Vec<Word>, Vec<(f64, f64)>) {
        let mut samples = Vec::new();
        let mut words = Vec::new();
        let mut regions = Vec::new();
        for _ in 0..n {
            for k in 0..5 {
                let t0 = samples.len() as f64 / 16_000.0;
                let gain = if k == 4 { last_gain } else { 1.0 };
                samples.extend(voice(0.4, amp * gain, |_| 140.0));
                let text = if k == 4 { "end." } else { "word" };
                words.push(Word::at(text, t0, t0 + 0.4));
                if k == 0 {
                    regions.push((t0, t0 + 2.0));
                }
            }
            samples.extend(std::iter::repeat_n(0.0, 8_000));
        }
        (samples, words, regions)
    }

    #[test]
    fn volume_table() {
        // (amplitude, last-word gain, too quiet?, fading sentences of 3)
        let cases: &[(f32, f32, bool, usize)] = &[
            (0.3, 1.0, false, 0),
            (0.3, 0.7, false, 0),  // -3 dB: a natural fall
            (0.3, 0.25, false, 3), // -12 dB: trails off
            (0.004, 1.0, true, 0), // about -52 dBFS
            (0.004, 0.25, true, 3),
        ];
        for &(amp, gain, quiet, fading) in cases {
            let (s, w, r) = sentences(3, amp, gain);
            let f = Frames::measure(&s, 16_000);
            let v = volume(&s, 16_000, &f, &r, &w);
            assert_eq!(v.too_quiet, quiet, "amp {amp}: {} dBFS", v.speech_dbfs);
            // The level alone is the report's level.
            assert_eq!(speech_dbfs(&f, &r), v.speech_dbfs);
            assert_eq!(v.sentences, 3);
            assert_eq!(
                v.fades.len(),
                fading,
                "amp {amp} gain {gain}: {:?}",
                v.fades
            );
            assert!(v.clipped.is_empty());
            assert!(!v.windows.is_empty());
        }
    }

    #[test]
    fn levels_over_time_follow_the_voice() {
        let mut s = voice(4.0, 0.3, |_| 150.0);
        s.extend(voice(4.0, 0.03, |_| 150.0));
        let f = Frames::measure(&s, 16_000);
        let v = volume(&s, 16_000, &f, &[(0.0, 8.0)], &[]);
        let db: Vec<f64> = v.windows.iter().map(|w| w.dbfs).collect();
        assert_eq!(db.len(), 4);
        assert!((db[0] - db[3] - 20.0).abs() < 1.0, "{db:?}");
        assert_eq!(v.sentences, 0);
    }

    #[test]
    fn clipping_is_found_with_its_times() {
        let mut s: Vec<f32> = voice(2.0, 0.3, |_| 150.0);
        // Overdrive the second half: a hard-clipped loud voice.
        for x in s.iter_mut().skip(16_000) {
            *x = (*x * 8.0).clamp(-1.0, 1.0);
        }
        let f = Frames::measure(&s, 16_000);
        let v = volume(&s, 16_000, &f, &[(0.0, 2.0)], &[]);
        assert_eq!(v.clipped.len(), 1, "{:?}", v.clipped);
        assert!((v.clipped[0].start_s - 1.0).abs() < 0.02);
        assert!((v.clipped[0].end_s - 2.0).abs() < 0.02);
        // A single full-scale peak is not clipping.
        let mut one = voice(1.0, 0.3, |_| 150.0);
        one[100] = 1.0;
        assert!(clipped(&one, 16_000).is_empty());
    }
}
