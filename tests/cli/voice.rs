//! Voice measures on real recordings (`../shared/audio/real/`, `../shared/audio/jfk.wav`):
//! the pitch variation quotient of real speakers falls in the range Hincks
//! published (0.11–0.235), and volume and heard fillers run on real sound.

use crate::support;
use rehearse::analysis::{voice, Transcript};
use rehearse::audio::WHISPER_RATE;
use rehearse::pipeline;

/// The real recordings with one speaker at a time (the two-speaker chat is
/// left out: two voices make one pitch range wider than either speaker's).
const SPEAKERS: &[&str] = &[
    "audio/jfk.wav",
    "audio/real/librivox-austen-concat.wav",
    "audio/real/pocketsphinx-chan3-16k.wav",
    "audio/real/asterisk/demo-congrats-16k.wav",
    "audio/real/asterisk/demo-instruct-16k.wav",
];

#[test]
fn real_speakers_pitch_variation_is_in_the_published_range() {
    for rel in SPEAKERS {
        let Some(path) = support::shared(rel) else {
            return;
        };
        let samples = pipeline::read_audio(&path).expect("readable WAV").samples;
        let activity = pipeline::voice_activity(&samples);
        let (v, _) = voice::analyse(&samples, WHISPER_RATE, &Transcript::default(), &activity);
        eprintln!(
            "{rel}: PVQ {} ({} st), median {} Hz, {} windows, speech {} dBFS",
            v.pitch.pvq,
            v.pitch.semitones,
            v.pitch.median_hz,
            v.pitch.windows.len(),
            v.volume.speech_dbfs
        );
        assert!(!v.pitch.windows.is_empty(), "{rel}: no pitch window");
        assert!(
            (0.11..=0.235).contains(&v.pitch.pvq),
            "{rel}: PVQ {} outside Hincks' 0.11–0.235",
            v.pitch.pvq
        );
        assert!(
            (60.0..=400.0).contains(&v.pitch.median_hz),
            "{rel}: median pitch {} Hz",
            v.pitch.median_hz
        );
        assert!(!v.volume.too_quiet, "{rel}: {} dBFS", v.volume.speech_dbfs);
    }
}
