//! Heard fillers: filled pauses ("uh", "um") found in the sound where no
//! transcript word covers them. Whisper's training transcripts were
//! normalised, so it often drops them; the audio still holds them.
//!
//! A filled pause is a single sustained syllable: a stretch of sound set off
//! by short silences, [`MIN_S`]–[`MAX_S`] long, voiced nearly throughout,
//! with a steady pitch and little spectral change (a held neutral vowel,
//! possibly closing to a nasal). It counts only when no transcript word has
//! its middle inside it (with [`WORD_TIME_SLACK_S`] either side for
//! Whisper's loose word times). One that ends in a nasal (the last third much
//! darker than the first) is an "um", otherwise an "uh". Filled pauses sit
//! near the speaker's pitch baseline, low in their range (O'Shaughnessy
//! 1992; Shriberg 1994), so a stretch pitched above the speaker's median is
//! a word, not a filler.

use super::frames::Frames;
use crate::analysis::Word;

/// Shortest filled pause (s).
pub const MIN_S: f64 = 0.15;
/// Longest filled pause (s).
pub const MAX_S: f64 = 1.2;
/// Silence that sets a stretch off: at least this long (s).
pub const GAP_S: f64 = 0.05;
/// Frames this far below the speech level are silence (dB).
pub const SILENCE_BELOW_DB: f32 = 30.0;
/// Fraction of the stretch that must be voiced: a held "uh" or "um" is
/// voiced throughout (0.9 leaves room for the onset and release frames).
pub const MIN_VOICED: f64 = 0.9;
/// Most pitch movement of a held syllable (semitones, standard deviation).
pub const MAX_PITCH_SD_ST: f64 = 1.5;
/// Most spectral change: standard deviation of log2 brightness over the
/// voiced frames (a held vowel stays within about half an octave).
pub const MAX_BRIGHT_SD: f64 = 0.35;
/// The last third this much darker than the first (octaves of brightness)
/// means the vowel closed to a nasal: "um".
pub const NASAL_DROP: f64 = 0.5;

/// One stretch of sound between silences, with what it sounds like.
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    /// Start (s).
    pub start_s: f64,
    /// End (s).
    pub end_s: f64,
    /// Voiced fraction of its frames.
    pub voiced: f64,
    /// Pitch standard deviation (semitones).
    pub pitch_sd_st: f64,
    /// Standard deviation of log2 brightness over the voiced frames of the
    /// first two thirds (the vowel).
    pub bright_sd: f64,
    /// log2 brightness of the first third minus the last third.
    pub darkening: f64,
    /// Median pitch of the stretch (Hz; 0 when unvoiced).
    pub median_hz: f64,
}

impl Stretch {
    /// True when it sounds like a held filler syllable of a speaker whose
    /// median pitch is `speaker_hz`.
    pub fn sounds_filled(&self, speaker_hz: f64) -> bool {
        let d = self.end_s - self.start_s;
        (MIN_S..=MAX_S).contains(&d)
            && self.median_hz <= speaker_hz
            && self.voiced >= MIN_VOICED
            && self.pitch_sd_st <= MAX_PITCH_SD_ST
            && self.bright_sd <= MAX_BRIGHT_SD
    }

    /// "um" when it closes to a nasal, else "uh".
    pub fn word(&self) -> &'static str {
        if self.darkening >= NASAL_DROP {
            "um"
        } else {
            "uh"
        }
    }
}

fn sd(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
}

/// Every stretch of sound set off by silences of at least [`GAP_S`], given
/// the speech level (dBFS), with its measurements.
pub fn stretches(f: &Frames, speech_dbfs: f32) -> Vec<Stretch> {
    let fr = &f.frames;
    let quiet: Vec<bool> = fr
        .iter()
        .map(|x| x.db < speech_dbfs - SILENCE_BELOW_DB)
        .collect();
    let gap = (GAP_S / super::frames::HOP_S).round() as usize;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < fr.len() {
        if quiet[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < fr.len() && !quiet[j] {
            j += 1;
        }
        match runs.last_mut() {
            Some(r) if i - r.1 < gap => r.1 = j,
            _ => runs.push((i, j)),
        }
        i = j;
    }
    runs.into_iter()
        .map(|(a, b)| {
            // Voicing is judged inside the half-window margins, where the
            // analysis window lies wholly in the stretch.
            let edge =
                ((super::frames::WINDOW_S / 2.0 / super::frames::HOP_S) as usize).min((b - a) / 4);
            let inner = &fr[a + edge..b - edge];
            let v: Vec<(f64, f64)> = inner
                .iter()
                .filter_map(|x| {
                    x.f0.map(|h| (f64::from(h), f64::from(x.bright_hz.max(1.0))))
                })
                .collect();
            let st: Vec<f64> = v.iter().map(|(h, _)| 12.0 * h.log2()).collect();
            let br: Vec<f64> = v.iter().map(|(_, b)| b.log2()).collect();
            let third = br.len() / 3;
            // The spectrum is judged on the vowel, the first two thirds,
            // before any closure to a nasal.
            let vowel = br.len() - third;
            let darkening = if third > 0 {
                br[..third].iter().sum::<f64>() / third as f64
                    - br[br.len() - third..].iter().sum::<f64>() / third as f64
            } else {
                0.0
            };
            Stretch {
                start_s: Frames::time(a),
                end_s: Frames::time(b),
                voiced: v.len() as f64 / inner.len().max(1) as f64,
                pitch_sd_st: sd(&st),
                bright_sd: sd(&br[..vowel]),
                darkening,
                median_hz: {
                    let mut h: Vec<f64> = v.iter().map(|(h, _)| *h).collect();
                    h.sort_by(f64::total_cmp);
                    h.get(h.len() / 2).copied().unwrap_or(0.0)
                },
            }
        })
        .collect()
}

/// How far Whisper's word times may be off (s): its token timestamps drift
/// by a tenth of a second or two, mostly late.
pub const WORD_TIME_SLACK_S: f64 = 0.15;

/// True when a word's middle lies inside `s`, give or take
/// [`WORD_TIME_SLACK_S`].
fn covered(s: &Stretch, words: &[Word]) -> bool {
    words.iter().any(|w| {
        let m = (w.start_s + w.end_s) / 2.0;
        m >= s.start_s - WORD_TIME_SLACK_S && m <= s.end_s + WORD_TIME_SLACK_S
    })
}

/// The filled pauses no word covers, as (word, start s, end s).
pub fn heard_fillers(
    f: &Frames,
    speech_dbfs: f32,
    words: &[Word],
) -> Vec<(&'static str, f64, f64)> {
    let mut all: Vec<f64> = f
        .frames
        .iter()
        .filter_map(|x| x.f0.map(f64::from))
        .collect();
    all.sort_by(f64::total_cmp);
    let speaker_hz = all.get(all.len() / 2).copied().unwrap_or(0.0);
    stretches(f, speech_dbfs)
        .into_iter()
        .filter(|s| s.sounds_filled(speaker_hz) && !covered(s, words))
        .map(|s| (s.word(), s.start_s, s.end_s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::TAU;

    /// A buzz with `harmonics` harmonics (fewer is darker, like a nasal)
    /// following `f0(t)`, `secs` long at 16 kHz.
    fn buzz(secs: f64, harmonics: usize, f0: impl Fn(f64) -> f64) -> Vec<f32> {
        let mut phase = 0.0f64;
        (0..(secs * 16_000.0) as usize)
            .map(|i| {
                phase += TAU * f0(i as f64 / 16_000.0) / 16_000.0;
                let s: f64 = (1..=harmonics)
                    .map(|k| (k as f64 * phase).sin() / k as f64)
                    .sum();
                (s * 0.15) as f32
            })
            .collect()
    }

    fn silence(secs: f64) -> Vec<f32> {
        vec![0.0; (secs * 16_000.0) as usize]
    }

    /// A spoken word stand-in: pitch gliding 130 → 200 Hz over 0.4 s.
    fn word_sound() -> Vec<f32> {
        buzz(0.4, 12, |t| 130.0 + 175.0 * t)
    }

    fn word(text: &str, start_s: f64, end_s: f64) -> Word {
        Word {
            text: text.into(),
            start_s,
            end_s,
            prob: 0.9,
        }
    }

    /// word (0–0.4 s), silence, `middle` (from 0.5 s), silence, word.
    fn clip(middle: Vec<f32>) -> (Frames, f32) {
        let mut s = word_sound();
        s.extend(silence(0.1));
        s.extend(middle);
        s.extend(silence(0.1));
        s.extend(word_sound());
        (Frames::measure(&s, 16_000), -20.0)
    }

    #[test]
    fn heard_filler_table() {
        let uh = || buzz(0.4, 12, |_| 120.0);
        let mut um = buzz(0.27, 12, |_| 120.0);
        um.extend(buzz(0.13, 1, |_| 118.0));
        let covering = |end: f64| {
            vec![
                word("So", 0.0, 0.4),
                word("and", 0.5, 0.9),
                word("then", 1.0, end),
            ]
        };
        let around = vec![word("So", 0.0, 0.4), word("then", 1.0, 1.4)];
        // (what is in the middle, words, expected fillers)
        type Case = (&'static str, Vec<f32>, Vec<Word>, Vec<&'static str>);
        let cases: Vec<Case> = vec![
            ("held uh between words", uh(), around.clone(), vec!["uh"]),
            ("held um between words", um, around.clone(), vec!["um"]),
            ("a word covers it", uh(), covering(1.4), vec![]),
            (
                "a word timed a little late covers it",
                uh(),
                vec![
                    word("So", 0.0, 0.4),
                    word("and", 0.85, 1.15),
                    word("then", 1.15, 1.4),
                ],
                vec![],
            ),
            (
                "gliding pitch is a word",
                word_sound(),
                around.clone(),
                vec![],
            ),
            (
                "held above the speaker's pitch",
                buzz(0.4, 12, |_| 190.0),
                around.clone(),
                vec![],
            ),
            (
                "too short",
                buzz(0.1, 12, |_| 120.0),
                around.clone(),
                vec![],
            ),
            ("too long", buzz(1.5, 12, |_| 120.0), around.clone(), vec![]),
            ("silence", silence(0.4), around.clone(), vec![]),
        ];
        for (name, middle, words, want) in cases {
            let (f, speech) = clip(middle);
            let got: Vec<&str> = heard_fillers(&f, speech, &words)
                .into_iter()
                .map(|(w, s, _)| {
                    assert!((s - 0.5).abs() < 0.05, "{name}: starts at {s}");
                    w
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }
}
