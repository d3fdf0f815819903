//! Sound in and out: WAV files, conversion to 16 kHz mono, voice activity,
//! input level checks, microphone capture and playback through cpal.

/// The sample rate Whisper and the analysis work at.
pub const WHISPER_RATE: u32 = 16_000;
pub mod capture;
pub mod denoise;
pub mod dereverb;
pub mod devices;
pub mod growing_wav;
pub mod level;
pub mod playback;
pub mod resampler;
pub mod segment;
pub mod tts;
pub mod vad;
pub mod voicing;
pub mod wav;

/// Deterministic white noise, uniform in `-amp..amp` (unit tests).
#[cfg(test)]
pub(crate) fn noise(n: usize, amp: f32, seed: u32) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (s >> 8) as f32 / (1u32 << 24) as f32 * 2.0 * amp - amp
        })
        .collect()
}

/// A sine tone at `hz`, amplitude 0.5, `secs` long at `rate` (unit tests).
#[cfg(test)]
pub(crate) fn sine(rate: u32, secs: f32, hz: f32) -> Vec<f32> {
    (0..(rate as f32 * secs) as usize)
        .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
        .collect()
}
