//! The voice band. Speech carries almost nothing below 100 Hz (even a deep
//! voice's pitch is 80–100 Hz, and most of its energy is in the harmonics
//! above), while the noises of a room put much of theirs there: a fan's or an
//! air conditioner's rumble, traffic, mains hum at 50 or 60 Hz, a knock on the
//! desk, the handling of a laptop. Fan-like (pink) noise has as much energy
//! in each octave as in the next, so the several octaves below 100 Hz hold a
//! large share of it, and they are what makes its level wander slowly from
//! one pause to the next. This is why microphones have a low-cut switch at 80–100 Hz.
//! Measuring levels in the voice band lets voice activity see a steady, lower
//! noise floor under the same speech.

use biquad::{Biquad, Coefficients, DirectForm2Transposed, ToHertz, Type, Q_BUTTERWORTH_F32};

/// Low cut of the voice band (Hz).
pub const LOW_CUT_HZ: f32 = 100.0;

/// A second-order Butterworth high-pass at [`LOW_CUT_HZ`] (12 dB per octave
/// below it) that keeps its state from one block of samples to the next, for
/// audio that arrives while recording.
pub struct VoiceBand(Option<DirectForm2Transposed<f32>>);

impl VoiceBand {
    /// The filter for audio at `rate` Hz. At a rate too low for the cut the
    /// samples pass as they are.
    pub fn new(rate: u32) -> Self {
        let c = Coefficients::<f32>::from_params(
            Type::HighPass,
            (rate as f32).hz(),
            LOW_CUT_HZ.hz(),
            Q_BUTTERWORTH_F32,
        );
        VoiceBand(c.ok().map(DirectForm2Transposed::<f32>::new))
    }

    /// The next block of samples, filtered.
    pub fn filter(&mut self, samples: &[f32]) -> Vec<f32> {
        match &mut self.0 {
            Some(f) => samples.iter().map(|&x| f.run(x)).collect(),
            None => samples.to_vec(),
        }
    }
}

/// `samples` (mono, `rate` Hz) in the voice band ([`VoiceBand`]).
pub fn voice_band(samples: &[f32], rate: u32) -> Vec<f32> {
    VoiceBand::new(rate).filter(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, secs: f32, hz: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
            .collect()
    }

    fn rms_db(x: &[f32]) -> f32 {
        let x = &x[x.len() / 4..]; // past the filter's start
        10.0 * (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).log10()
    }

    #[test]
    fn hum_and_rumble_are_cut_and_the_voice_kept() {
        // (tone Hz, least and most change in dB)
        let cases = [
            (25.0, -30.0, -20.0), // rumble: about 24 dB down
            (50.0, -14.0, -10.0), // mains hum: about 12 dB down
            (100.0, -4.0, -2.0),  // the cut: 3 dB down
            (200.0, -1.0, 0.1),   // a low voice's pitch: kept
            (1_000.0, -0.1, 0.1), // vowels: kept
            (4_000.0, -0.1, 0.1), // consonants: kept
        ];
        for (hz, lo, hi) in cases {
            let x = sine(16_000, 1.0, hz);
            let change = rms_db(&voice_band(&x, 16_000)) - rms_db(&x);
            assert!((lo..=hi).contains(&change), "{hz} Hz: {change:.1} dB");
        }
    }

    #[test]
    fn length_kept_and_empty_in_empty_out() {
        assert_eq!(voice_band(&[0.1; 321], 16_000).len(), 321);
        assert!(voice_band(&[], 16_000).is_empty());
        // 100 Hz is above the Nyquist frequency of 150 Hz audio's half: kept as is.
        assert_eq!(voice_band(&[0.1, 0.2], 150), vec![0.1, 0.2]);
    }

    #[test]
    fn in_blocks_as_in_one_go() {
        let x: Vec<f32> = sine(16_000, 0.5, 60.0)
            .iter()
            .zip(sine(16_000, 0.5, 440.0))
            .map(|(a, b)| a + b)
            .collect();
        let mut f = VoiceBand::new(16_000);
        let blocks: Vec<f32> = x.chunks(333).flat_map(|c| f.filter(c)).collect();
        assert_eq!(blocks, voice_band(&x, 16_000));
    }
}
