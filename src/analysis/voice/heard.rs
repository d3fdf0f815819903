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
//!
//! Many voices (synthetic ones, creaky ones) defeat the pitch tracker, and
//! Whisper's loose word times cover many dropped fillers. When the word
//! times were aligned to the audio ([`Transcript::aligned`]), a second
//! reading needs no pitch: a stretch set off by a real pause on both sides
//! ([`ISOLATED_GAP_S`], longer than the closure of a stop inside a word),
//! sonorant throughout (no hiss or burst), its spectrum held (a vowel,
//! perhaps closing to a nasal), with no word's middle inside it. Either
//! way, a hesitation the transcript already has within [`SAME_PAUSE_S`] is
//! the same filled pause, not a second one.
//!
//! [`Transcript::aligned`]: crate::analysis::Transcript::aligned

use super::frames::Frames;
use crate::analysis::fillers::is_hesitation;
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
/// Silence on both sides that sets a stretch apart as a syllable of its own
/// (s): longer than the closure of a stop inside a word (mostly under
/// 0.1 s), as short as the pause a comma gets.
pub const ISOLATED_GAP_S: f64 = 0.12;
/// Fraction of the stretch that must be sonorant (voiced, or darker than
/// [`SONORANT_MAX_HZ`]) for the reading without pitch.
pub const MIN_SONORANT: f64 = 0.9;
/// Frames darker than this (brightness, Hz) are vowels or nasals even when
/// the pitch tracker finds no clear period; fricatives and bursts are far
/// brighter (2–5 kHz).
pub const SONORANT_MAX_HZ: f32 = 1500.0;
/// A hesitation the transcript has this close (s) is the same filled pause.
pub const SAME_PAUSE_S: f64 = 0.6;
/// Shortest share of a stretch the vowel or the nasal of an "um" may have.
const MIN_PART: f64 = 0.25;

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
    /// Silence before and after it (s; infinite at the recording's ends).
    pub gap_before_s: f64,
    /// See [`Stretch::gap_before_s`].
    pub gap_after_s: f64,
    /// Sonorant fraction of its frames: voiced, or darker than
    /// [`SONORANT_MAX_HZ`].
    pub sonorant: f64,
    /// Spectral change over all its sounding frames read as one held sound,
    /// or as a held vowel closing to a held nasal [`NASAL_DROP`] darker,
    /// whichever is steadier (standard deviation of log2 brightness; for the
    /// two parts, the larger).
    pub held_sd: f64,
    /// How much darker the nasal is than the vowel in that reading (octaves;
    /// 0 when read as one sound).
    pub held_drop: f64,
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

    /// True when, without needing pitch, it sounds like a filler syllable
    /// on its own: [`MIN_S`]–[`MAX_S`] long, set off by [`ISOLATED_GAP_S`]
    /// of silence on both sides, sonorant throughout, its spectrum held, and
    /// its pitch held too where the tracker follows it throughout
    /// ([`MIN_VOICED`]). Its height is not judged: synthetic voices do not
    /// lower their fillers.
    pub fn sounds_held_alone(&self) -> bool {
        let d = self.end_s - self.start_s;
        (MIN_S..=MAX_S).contains(&d)
            && self.gap_before_s >= ISOLATED_GAP_S
            && self.gap_after_s >= ISOLATED_GAP_S
            && self.sonorant >= MIN_SONORANT
            && self.held_sd <= MAX_BRIGHT_SD
            && (self.voiced < MIN_VOICED || self.pitch_sd_st <= MAX_PITCH_SD_ST)
    }

    /// "um" when it closes to a nasal, else "uh".
    pub fn word(&self) -> &'static str {
        if self.darkening >= NASAL_DROP || self.held_drop >= NASAL_DROP {
            "um"
        } else {
            "uh"
        }
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn sd(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
}

/// `br` (log2 brightness per frame) read as one held sound, or as a held
/// vowel closing to a held nasal at least [`NASAL_DROP`] darker, whichever
/// is steadier: (spectral change, darkening).
fn held_parts(br: &[f64]) -> (f64, f64) {
    let whole = (sd(br), 0.0);
    let min_part = ((br.len() as f64 * MIN_PART).ceil() as usize).max(2);
    (min_part..=br.len().saturating_sub(min_part))
        .filter_map(|k| {
            let (vowel, nasal) = br.split_at(k);
            let drop = mean(vowel) - mean(nasal);
            (drop >= NASAL_DROP).then(|| (sd(vowel).max(sd(nasal)), drop))
        })
        .chain(std::iter::once(whole))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap_or(whole)
}

/// Every stretch of sound set off by silences of at least [`GAP_S`], given
/// the speech level (dBFS), with its measurements.
pub fn stretches(f: &Frames, speech_dbfs: f32) -> Vec<Stretch> {
    let fr = &f.frames;
    // Levels in the voice band: a room's rumble is not sound here.
    let silent = speech_dbfs - SILENCE_BELOW_DB;
    let quiet: Vec<bool> = fr.iter().map(|x| x.band_db < silent).collect();
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
    let bounds = &runs;
    bounds
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| {
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
            let sounding: Vec<f64> = inner
                .iter()
                .filter(|x| x.band_db >= silent)
                .map(|x| f64::from(x.bright_hz.max(1.0)).log2())
                .collect();
            let sonorant = inner
                .iter()
                .filter(|x| {
                    x.band_db >= silent && (x.f0.is_some() || x.bright_hz < SONORANT_MAX_HZ)
                })
                .count();
            let (held_sd, held_drop) = held_parts(&sounding);
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
                gap_before_s: k.checked_sub(1).map_or(f64::INFINITY, |p| {
                    Frames::time(a) - Frames::time(bounds[p].1)
                }),
                gap_after_s: bounds
                    .get(k + 1)
                    .map_or(f64::INFINITY, |n| Frames::time(n.0) - Frames::time(b)),
                sonorant: sonorant as f64 / inner.len().max(1) as f64,
                held_sd,
                held_drop,
            }
        })
        .collect()
}

/// How far Whisper's word times may be off (s): its token timestamps drift
/// by a tenth of a second or two, mostly late.
pub const WORD_TIME_SLACK_S: f64 = 0.15;

/// True when a word's middle lies inside `s`, give or take `slack` (s).
fn covered(s: &Stretch, words: &[Word], slack: f64) -> bool {
    words.iter().any(|w| {
        let m = (w.start_s + w.end_s) / 2.0;
        m >= s.start_s - slack && m <= s.end_s + slack
    })
}

/// True when the transcript has a hesitation ("uh", "um", ...) within
/// [`SAME_PAUSE_S`] of `s`.
fn transcribed(s: &Stretch, words: &[Word]) -> bool {
    words.iter().any(|w| {
        is_hesitation(&w.text)
            && w.start_s <= s.end_s + SAME_PAUSE_S
            && w.end_s >= s.start_s - SAME_PAUSE_S
    })
}

/// The filled pauses no word covers, as (word, start s, end s). `aligned`:
/// the word times were aligned to the audio, so the reading without pitch
/// ([`Stretch::sounds_held_alone`], no word's middle inside) applies too.
pub fn heard_fillers(
    f: &Frames,
    speech_dbfs: f32,
    words: &[Word],
    aligned: bool,
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
        .filter(|s| {
            let pitched = s.sounds_filled(speaker_hz) && !covered(s, words, WORD_TIME_SLACK_S);
            let alone = aligned && s.sounds_held_alone() && !covered(s, words, 0.0);
            (pitched || alone) && !transcribed(s, words)
        })
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
                Word::at("So", 0.0, 0.4),
                Word::at("and", 0.5, 0.9),
                Word::at("then", 1.0, end),
            ]
        };
        let around = vec![Word::at("So", 0.0, 0.4), Word::at("then", 1.0, 1.4)];
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
                    Word::at("So", 0.0, 0.4),
                    Word::at("and", 0.85, 1.15),
                    Word::at("then", 1.15, 1.4),
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
            let got: Vec<&str> = heard_fillers(&f, speech, &words, false)
                .into_iter()
                .map(|(w, s, _)| {
                    assert!((s - 0.5).abs() < 0.05, "{name}: starts at {s}");
                    w
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// Noise low-passed at `cutoff_hz` (three one-pole stages): a dark,
    /// sonorant-like sound with no period for the pitch tracker, as many
    /// synthetic voices give it. `secs` long at 16 kHz.
    fn dark_noise(secs: f64, cutoff_hz: f64, seed: u32) -> Vec<f32> {
        let a = (-TAU * cutoff_hz / 16_000.0).exp();
        let (mut state, mut y) = (seed, [0.0f64; 3]);
        let gain = (1.0 + a) / (1.0 - a);
        (0..(secs * 16_000.0) as usize)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let mut x = (state >> 8) as f64 / (1u32 << 24) as f64 - 0.5;
                for y in &mut y {
                    *y = a * *y + (1.0 - a) * x;
                    x = *y;
                }
                (x * gain.sqrt()) as f32
            })
            .collect()
    }

    /// word (0–0.4 s), `gap` of silence, `middle` (from 0.4 + `gap`), `gap`,
    /// word.
    fn clip_with_gaps(middle: Vec<f32>, gap: f64) -> (Frames, f32) {
        let mut s = word_sound();
        s.extend(silence(gap));
        s.extend(middle);
        s.extend(silence(gap));
        s.extend(word_sound());
        (Frames::measure(&s, 16_000), -20.0)
    }

    /// The reading without pitch: it needs aligned word times, a pause on
    /// both sides, a sonorant held sound and no word or transcribed
    /// hesitation on it.
    #[test]
    fn held_alone_table() {
        let unpitched = || dark_noise(0.4, 500.0, 1);
        // A vowel closing to a nasal: the murmur's energy lies at the voice's
        // pitch and the nasal resonance, about 250 Hz (above the voice band's
        // low cut, so it is sound, not silence).
        let mut closing = dark_noise(0.27, 700.0, 2);
        closing.extend(dark_noise(0.13, 250.0, 3));
        // Words around a middle that starts at 0.6 s and ends at 1.0 s.
        let around = vec![Word::at("So", 0.0, 0.4), Word::at("then", 1.2, 1.6)];
        type Case = (
            &'static str,
            Vec<f32>,
            f64,
            Vec<Word>,
            bool,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "unpitched held uh",
                unpitched(),
                0.2,
                around.clone(),
                true,
                vec!["uh"],
            ),
            (
                "unpitched uh closing to a nasal",
                closing,
                0.2,
                around.clone(),
                true,
                vec!["um"],
            ),
            (
                "word times not aligned",
                unpitched(),
                0.2,
                around.clone(),
                false,
                vec![],
            ),
            (
                "gaps too short to set it apart",
                unpitched(),
                0.06,
                around.clone(),
                true,
                vec![],
            ),
            (
                "a word's middle inside",
                unpitched(),
                0.2,
                vec![
                    Word::at("So", 0.0, 0.4),
                    Word::at("and", 0.7, 0.9),
                    Word::at("then", 1.2, 1.6),
                ],
                true,
                vec![],
            ),
            (
                "the transcript has the uh next to it",
                unpitched(),
                0.2,
                vec![
                    Word::at("So", 0.0, 0.4),
                    Word::at("uh,", 1.05, 1.15),
                    Word::at("then", 1.2, 1.6),
                ],
                true,
                vec![],
            ),
            (
                "hiss is no filled pause",
                dark_noise(0.4, 6_000.0, 4),
                0.2,
                around.clone(),
                true,
                vec![],
            ),
            (
                "a gliding pitch is a word",
                word_sound(),
                0.2,
                around.clone(),
                true,
                vec![],
            ),
            ("silence", silence(0.4), 0.2, around.clone(), true, vec![]),
        ];
        for (name, middle, gap, words, aligned, want) in cases {
            let (f, speech) = clip_with_gaps(middle, gap);
            let got: Vec<&str> = heard_fillers(&f, speech, &words, aligned)
                .into_iter()
                .map(|(w, s, _)| {
                    assert!((s - 0.4 - gap).abs() < 0.05, "{name}: starts at {s}");
                    w
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// A room's rumble (a fan, traffic: energy under 100 Hz) 20 dB under
    /// the speech fills the gaps around a filler for a level meter, but not
    /// in the voice band: the "uh" is still set off by silence and heard.
    #[test]
    fn rumble_in_the_gaps_is_silence() {
        let mut s = word_sound();
        s.extend(silence(0.2));
        s.extend(buzz(0.4, 12, |_| 120.0));
        s.extend(silence(0.2));
        s.extend(word_sound());
        let rumble = dark_noise(s.len() as f64 / 16_000.0, 30.0, 9);
        let rms = (rumble.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / rumble.len() as f64)
            .sqrt();
        for (x, r) in s.iter_mut().zip(&rumble) {
            *x += (f64::from(*r) * 0.013 / rms) as f32; // about -38 dBFS
        }
        let f = Frames::measure(&s, 16_000);
        let gap = &f.frames[f.index(0.45)];
        assert!(gap.db > -20.0 - SILENCE_BELOW_DB, "{} dBFS", gap.db);
        assert!(
            gap.band_db < -20.0 - SILENCE_BELOW_DB,
            "{} dBFS",
            gap.band_db
        );
        let words = [Word::at("So", 0.0, 0.4), Word::at("then", 1.2, 1.6)];
        let got: Vec<&str> = heard_fillers(&f, -20.0, &words, true)
            .into_iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(got, ["uh"]);
    }
}
