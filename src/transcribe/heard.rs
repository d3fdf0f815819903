//! What Whisper hears: the recording made easier to recognise without
//! changing what was said or when. In a noisy room the steady noise is
//! suppressed first (RNNoise, [`crate::audio::denoise`]); late
//! reverberation is removed when asked for ([`DEREVERB_ENV`],
//! [`crate::audio::dereverb`]); then a quiet microphone's speech is raised
//! ([`super::gain`]). Voice activity, pauses
//! and the voice measures still read the recording as it was made.
//!
//! Whether a room is noisy is read from the recording itself, in the voice
//! band and 10 ms frames: how far its loud speech stands above its quietest
//! frames, and whether that floor is steady. Speech enhancement helps a
//! recogniser at low signal-to-noise ratios and costs it a little at high
//! ones (it takes away some of the speech too), and a single-channel
//! suppressor like RNNoise removes steady noise (a fan, hiss, hum) but
//! cannot tell other people's voices from the speaker's: under cafe babble
//! it kept the babble and cut the answer (tiny.en, 37 dev answers: key-point
//! F1 0.844 → 0.804, fillers 16 → 9 of 35). So only a noisy recording with a
//! steady floor is cleaned, and only for the tiny model ([`model_gains`]):
//! base copes with a fan by itself and lost a little to the cleaning.
//! Measured on the 37 dev answers (see the README, "Accuracy in real
//! rooms"): loud speech stands 29–34 dB above the floor
//! under fan noise at 20 dB SNR, 34–39 dB with a far, low-gain microphone
//! beside a fan, 23–37 dB under cafe babble and 49–55 dB in a quiet room; the
//! quietest 2 % and 5 % of frames lie within 0.8 dB of each other under the
//! fan and at least 3.3 dB apart under babble. Six-second pieces (what
//! `practice` transcribes at a time) keep these apart: no piece of a
//! quiet-room answer is cleaned, and 3 of 339 noisy pieces of babble are.

use std::borrow::Cow;

/// A recording whose loud speech stands less than this far above its
/// quietest frames is cleaned before Whisper hears it (dB).
pub const NOISY_BELOW_DB: f32 = 40.0;

/// A floor is steady when its quietest 2 % and 5 % of frames lie within
/// this much of each other (dB). Steady noise's 10 ms energies scatter by a
/// few tenths of a dB; other voices make the floor wander by several dB.
pub const STEADY_WITHIN_DB: f32 = 1.0;

/// Share of 10 ms frames taken as the room's floor: the quietest 2 %, so a
/// few seconds of speech with one short pause still show the room.
const FLOOR_SHARE: f32 = 0.02;

/// The floor's upper edge, for telling a steady floor from a wandering one.
const FLOOR_EDGE_SHARE: f32 = 0.05;

/// Share of frames below the loud speech level (the loudest 2 % are above).
const LOUD_SHARE: f32 = 0.98;

/// Set to turn noise suppression off (for measuring what it does).
pub const NO_DENOISE_ENV: &str = "REHEARSE_NO_DENOISE";

/// Set to turn the raising of quiet input off (for measuring what it does).
pub const NO_GAIN_ENV: &str = "REHEARSE_NO_GAIN";

/// Set to 1 to have late reverberation removed before Whisper hears the
/// recording ([`crate::audio::dereverb`]). Off by default: measured on the
/// 37 dev answers in an echoey room with tiny.en, it found more key points
/// (F1 0.787 → 0.830) but lost fillers (18 → 12 of 35) and made Whisper
/// skip stretches of two answers (worst pace error 12 % → 19 %); see the
/// README, "Accuracy in real rooms".
pub const DEREVERB_ENV: &str = "REHEARSE_DEREVERB";

/// True when [`prepare`] removes late reverberation: only when
/// [`DEREVERB_ENV`] is 1.
pub fn dereverbs() -> bool {
    std::env::var(DEREVERB_ENV).as_deref() == Ok("1")
}

/// What a recording shows of its room (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    /// How far the loud speech frames stand above the quietest ones (dB).
    pub speech_over_floor_db: f32,
    /// How far the floor's upper edge lies above it (dB): small for steady
    /// noise, large when the floor wanders.
    pub floor_wander_db: f32,
}

impl Room {
    /// Noisy enough, and steadily so, that Whisper should hear the
    /// recording cleaned.
    pub fn is_noisy(&self) -> bool {
        self.speech_over_floor_db < NOISY_BELOW_DB && self.floor_wander_db < STEADY_WITHIN_DB
    }
}

/// The room of 16 kHz `samples`, measured in the voice band; `None` for less
/// than half a second of audio or digital silence (nothing to judge a room
/// by).
pub fn room(samples: &[f32]) -> Option<Room> {
    let rate = crate::audio::WHISPER_RATE;
    if samples.len() < rate as usize / 2 {
        return None;
    }
    let band = crate::util::band::voice_band(samples, rate);
    let mut db = crate::audio::vad::frame_db(&band, rate);
    db.sort_by(|a, b| a.total_cmp(b));
    let at = |share: f32| crate::audio::vad::percentile(&db, share);
    let (floor, edge, loud) = (at(FLOOR_SHARE), at(FLOOR_EDGE_SHARE), at(LOUD_SHARE));
    // Digital silence (or a constant) has no room and no speech in it.
    (loud > crate::audio::segment::DIGITAL_SILENCE_DB).then_some(Room {
        speech_over_floor_db: loud - floor,
        floor_wander_db: edge - floor,
    })
}

/// The line that tells the user a recording of `samples` was heard cleaned,
/// with what to do for a better transcript.
pub fn cleaned_note(samples: &[f32]) -> String {
    let over = room(samples).map_or(String::new(), |r| {
        format!(" (your speech {:.0} dB above it)", r.speech_over_floor_db)
    });
    format!(
        "steady background noise{over} was suppressed before transcription; a quieter room or a closer microphone gives a more accurate transcript"
    )
}

/// True when `samples` were recorded in a room noisy enough, with a steady
/// enough noise, that Whisper should hear them cleaned ([`Room::is_noisy`]).
pub fn is_noisy(samples: &[f32]) -> bool {
    room(samples).is_some_and(|r| r.is_noisy())
}

/// Encoder layers of the smallest Whisper size (tiny, tiny.en).
const TINY_ENCODER_LAYERS: i32 = 4;

/// True when the model at `path` hears a noisy room better cleaned: the
/// tiny size (read from the file's header). Measured on the 37 dev answers
/// under fan noise at 20 dB SNR: tiny.en gained 4 key points (155 → 159 of
/// 184) and 1 filler; base (q8_0) lost one key point, counted one more
/// point it should not have and found 2 more false fillers — the larger
/// encoder copes with steady noise itself, and what the suppressor takes of
/// the speech then costs more than it gives. Models whose header cannot be
/// read are given the recording as made.
pub fn model_gains(path: &std::path::Path) -> bool {
    super::dtw::read_hparams(path).is_some_and(|h| h.n_audio_layer <= TINY_ENCODER_LAYERS)
}

/// True when [`prepare`] will suppress noise in `samples` for a model that
/// gains from it ([`model_gains`]): the room is noisy and [`NO_DENOISE_ENV`]
/// is not set.
pub fn cleans(samples: &[f32]) -> bool {
    std::env::var_os(NO_DENOISE_ENV).is_none() && is_noisy(samples)
}

/// The audio Whisper is given for `samples` (16 kHz mono): noise suppressed
/// in a noisy room when the model gains from it (`model_gains`, see
/// [`cleans`]), late reverberation removed when asked for ([`dereverbs`]),
/// then a quiet microphone raised ([`super::gain::speech_gain`], unless
/// [`NO_GAIN_ENV`] is set). The same length and timing as `samples`;
/// borrowed unchanged when none applies. The flag says whether the noise
/// was suppressed.
pub fn prepare(samples: &[f32], model_gains: bool) -> (Cow<'_, [f32]>, bool) {
    prepare_as(samples, model_gains && cleans(samples), dereverbs())
}

/// [`prepare`] with its two choices made by the caller.
fn prepare_as(samples: &[f32], clean: bool, dereverb: bool) -> (Cow<'_, [f32]>, bool) {
    let mut heard = Cow::Borrowed(samples);
    if clean {
        heard = Cow::Owned(crate::audio::denoise::denoise_shared(samples).to_vec());
    }
    if dereverb {
        let p = crate::audio::dereverb::WpeParams::default();
        heard = Cow::Owned(crate::audio::dereverb::dereverb(&heard, &p));
    }
    let g = super::gain::speech_gain(&heard);
    if g > 1.0 && std::env::var_os(NO_GAIN_ENV).is_none() {
        heard.to_mut().iter_mut().for_each(|v| *v *= g);
    }
    (heard, clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic white noise of RMS `rms`.
    fn noise(n: usize, rms: f32, seed: u32) -> Vec<f32> {
        crate::audio::noise(n, rms * 3f32.sqrt(), seed)
    }

    /// Four seconds of a voiced, speech-like sound (a 150 Hz buzz with its
    /// harmonics, in syllables of 0.2 s) with a 0.6 s pause in the middle,
    /// at speech RMS `rms`, over room noise of RMS `room`.
    fn answer(rms: f32, room: f32) -> Vec<f32> {
        let rate = 16_000.0;
        let mut x: Vec<f32> = (0..64_000)
            .map(|i| {
                let t = i as f32 / rate;
                let in_pause = (1.7..2.3).contains(&t);
                let syllable = (t * 5.0 * std::f32::consts::PI).sin().abs();
                let buzz: f32 = (1..8)
                    .map(|h| (2.0 * std::f32::consts::PI * 150.0 * h as f32 * t).sin() / h as f32)
                    .sum();
                if in_pause {
                    0.0
                } else {
                    buzz * syllable * rms * 1.2
                }
            })
            .collect();
        for (v, n) in x.iter_mut().zip(noise(64_000, room, 7)) {
            *v += n;
        }
        x
    }

    /// `x` with other voices under it: speech-like sound whose level comes
    /// and goes (syllables and words of several talkers at different pitches
    /// and rates), 12 dB under `x`'s speech.
    fn babble(mut x: Vec<f32>) -> Vec<f32> {
        let rate = 16_000.0;
        let talkers = [
            (110.0, 3.1, 0.0),
            (180.0, 4.3, 1.3),
            (230.0, 2.7, 2.1),
            (140.0, 5.2, 0.7),
        ];
        let voices: Vec<f32> = (0..x.len())
            .map(|i| {
                let t = i as f32 / rate;
                talkers
                    .iter()
                    .map(|&(f0, syl, phase)| {
                        let word = ((t * 0.9 + phase).sin() > -0.3) as i32 as f32;
                        let env = (t * syl * std::f32::consts::PI + phase).sin().abs() * word;
                        (1..6)
                            .map(|h| {
                                (2.0 * std::f32::consts::PI * f0 * h as f32 * t).sin() / h as f32
                            })
                            .sum::<f32>()
                            * env
                    })
                    .sum()
            })
            .collect();
        let rms = |s: &[f32]| (s.iter().map(|v| v * v).sum::<f32>() / s.len() as f32).sqrt();
        let scale = 0.1 * 10f32.powf(-12.0 / 20.0) / rms(&voices);
        for (v, b) in x.iter_mut().zip(voices) {
            *v += b * scale;
        }
        x
    }

    #[test]
    fn noisy_rooms_are_told_from_quiet_ones() {
        // (what, samples, noisy?)
        let cases: Vec<(&str, Vec<f32>, bool)> = vec![
            (
                "quiet room, noise 55 dB under the speech",
                answer(0.1, 0.1 * 10f32.powf(-55.0 / 20.0)),
                false,
            ),
            ("fan at 20 dB SNR", answer(0.1, 0.01), true),
            ("fan at 10 dB SNR", answer(0.1, 0.0316), true),
            (
                "far, low-gain microphone in a quiet room",
                answer(0.001, 0.001 * 10f32.powf(-55.0 / 20.0)),
                false,
            ),
            (
                "far, low-gain microphone beside a fan",
                answer(0.001, 0.0001),
                true,
            ),
            ("other voices at 12 dB SNR", babble(answer(0.1, 0.0)), false),
            ("digital silence", vec![0.0; 32_000], false),
            (
                "too short to judge",
                answer(0.1, 0.01)[..4_000].to_vec(),
                false,
            ),
            ("nothing", vec![], false),
        ];
        for (what, x, want) in cases {
            assert_eq!(is_noisy(&x), want, "{what}: {:?}", room(&x));
        }
    }

    #[test]
    fn only_the_tiny_size_hears_a_noisy_room_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        // (what, header after the magic or none, gains?)
        let cases: [(&str, Option<[i32; 11]>, bool); 4] = [
            (
                "tiny.en",
                Some([51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1]),
                true,
            ),
            (
                "base",
                Some([51865, 1500, 512, 8, 6, 448, 512, 8, 6, 80, 7]),
                false,
            ),
            (
                "small.en",
                Some([51864, 1500, 768, 12, 12, 448, 768, 12, 12, 80, 1]),
                false,
            ),
            ("not a model", None, false),
        ];
        for (what, header, want) in cases {
            let path = dir.path().join(what);
            let mut bytes: Vec<u8> = Vec::new();
            match header {
                Some(h) => {
                    bytes.extend(crate::transcribe::model::GGML_MAGIC.to_le_bytes());
                    h.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
                }
                None => bytes.extend(b"<html>not found</html>"),
            }
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(model_gains(&path), want, "{what}");
        }
        assert!(!model_gains(&dir.path().join("missing.bin")));
    }

    #[test]
    fn the_note_says_how_loud_the_speech_stands_and_what_to_do() {
        let n = cleaned_note(&answer(0.1, 0.01));
        assert!(
            n.starts_with("steady background noise (your speech 2"),
            "{n}"
        );
        assert!(
            n.ends_with("a quieter room or a closer microphone gives a more accurate transcript")
        );
        assert!(!cleaned_note(&[]).contains("dB"));
    }

    #[test]
    fn a_quiet_room_is_heard_as_recorded() {
        let x = answer(0.1, 0.1 * 10f32.powf(-55.0 / 20.0));
        assert!(matches!(prepare(&x, true), (Cow::Borrowed(_), false)));
    }

    #[test]
    fn dereverberation_is_applied_only_when_asked_for() {
        let x = answer(0.1, 0.001);
        assert!(matches!(
            prepare_as(&x, false, false),
            (Cow::Borrowed(_), false)
        ));
        let (heard, cleaned) = prepare_as(&x, false, true);
        assert!(!cleaned);
        assert!(matches!(heard, Cow::Owned(_)));
        assert_eq!(heard.len(), x.len());
        assert_ne!(&heard[..], &x[..]);
        // Off unless REHEARSE_DEREVERB is 1 (the tests never set it).
        assert!(!dereverbs());
    }

    #[test]
    fn a_noisy_room_is_heard_cleaned_with_its_timing_kept() {
        let x = answer(0.1, 0.01);
        // A model that copes with the noise itself hears it as recorded.
        assert!(matches!(prepare(&x, false), (Cow::Borrowed(_), false)));
        let (heard, cleaned) = prepare(&x, true);
        assert!(cleaned);
        assert_eq!(heard.len(), x.len());
        let rms = |s: &[f32]| (s.iter().map(|v| v * v).sum::<f32>() / s.len() as f32).sqrt();
        // The pause (1.8–2.2 s) loses most of its noise; the speech stays.
        let pause = 28_800..35_200;
        let drop_db = 20.0 * (rms(&x[pause.clone()]) / rms(&heard[pause])).log10();
        assert!(
            drop_db > 10.0,
            "noise in the pause down only {drop_db:.1} dB"
        );
        let speech = 8_000..24_000;
        let kept_db = 20.0 * (rms(&heard[speech.clone()]) / rms(&x[speech])).log10();
        assert!(kept_db > -6.0, "speech down {kept_db:.1} dB");
    }
}
