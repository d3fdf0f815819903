//! The level Whisper hears. Whisper's log-mel features are normalised only
//! against the loudest part of each 30 s window and then shifted by a fixed
//! offset, so a far, low-gain microphone (speech peaking at −38 dBFS) gives
//! it features unlike any it was trained on, and it drops the quiet words
//! first: fillers, short function words. Raising the speech to a
//! conversational recording level first costs nothing and changes nothing
//! for audio already at that level.

/// Where the loud speech frames are brought to (dBFS of a 10 ms frame's
/// energy): a close microphone at a normal recording level.
pub const TARGET_LOUD_DB: f32 = -20.0;

/// Most gain applied (dB): enough for a −60 dBFS answer, not so much that
/// digital silence turns into hiss.
pub const MAX_GAIN_DB: f32 = 40.0;

/// Largest sample after the gain: headroom below full scale.
pub const MAX_PEAK: f32 = 0.9;

/// The gain (a factor ≥ 1) that brings the loud frames of 16 kHz `samples`
/// (their 98th percentile of 10 ms energy) to [`TARGET_LOUD_DB`], at most
/// [`MAX_GAIN_DB`] and never past [`MAX_PEAK`]; 1 for audio already that
/// loud (it is never turned down) and for silence.
pub fn speech_gain(samples: &[f32]) -> f32 {
    let mut db = crate::audio::vad::frame_db(samples, crate::audio::WHISPER_RATE);
    if db.is_empty() {
        return 1.0;
    }
    db.sort_by(|a, b| a.total_cmp(b));
    let loud = crate::audio::vad::percentile(&db, 0.98);
    let peak = samples.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if peak <= 0.0 {
        return 1.0;
    }
    let want = 10f32.powf((TARGET_LOUD_DB - loud).clamp(0.0, MAX_GAIN_DB) / 20.0);
    want.min(MAX_PEAK / peak).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize, amp: f32) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * 0.07).sin() * amp).collect()
    }

    #[test]
    fn gain_by_level() {
        // (samples, expected gain in dB, within 0.5 dB)
        let db = |g: f32| 20.0 * g.log10();
        // A sine of amplitude A has frame energy A²/2: 0.1 -> -23 dBFS.
        let cases: Vec<(Vec<f32>, f32)> = vec![
            // Normal level: untouched.
            (tone(16_000, 0.3), 0.0),
            // Slightly quiet: raised to the target.
            (tone(16_000, 0.1), 3.0),
            // A far, low-gain microphone (peak -38 dBFS, frames -41 dBFS):
            // raised by about 21 dB.
            (tone(16_000, 0.0126), 21.0),
            // Hotter than the target: never turned down.
            (tone(16_000, 0.9), 0.0),
            // Extremely quiet: at most 40 dB.
            (tone(16_000, 0.0001), 40.0),
            // Silence: nothing to raise.
            (vec![0.0; 16_000], 0.0),
            (vec![], 0.0),
        ];
        for (x, want) in cases {
            let g = speech_gain(&x);
            assert!((db(g) - want).abs() < 0.5, "{} dB, want {want}", db(g));
        }
    }

    #[test]
    fn a_click_caps_the_gain_below_full_scale() {
        // Quiet speech with one loud click: the click must not clip.
        let mut x = tone(32_000, 0.005);
        x[1000] = 0.5;
        let g = speech_gain(&x);
        assert!((0.5 * g - MAX_PEAK).abs() < 1e-4, "gain {g}");
    }
}
