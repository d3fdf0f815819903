//! Is a stretch of sound speech, or a click, a breath or a cough?
//!
//! Speech holds vowels, and vowels are periodic: the signal repeats at the
//! voice's pitch period (2.5–20 ms). A click is an impulse, a breath or a cough
//! is noise; neither repeats. [`trim_edges`] uses this to make the speaking
//! span begin and end with speech: voiced regions at either end of a recording
//! that hold less than [`MIN_PERIODIC_S`] of periodic sound are dropped.
//! Only the edge regions are examined, so the cost is a few frames'
//! autocorrelation, not the whole recording's.

/// Analysis window (s).
const WINDOW_S: f64 = 0.030;
/// Hop between windows (s).
const HOP_S: f64 = 0.010;
/// Pitch periods searched: 2.5 ms (400 Hz) to 16 ms (62.5 Hz).
const MIN_PERIOD_S: f64 = 0.0025;
const MAX_PERIOD_S: f64 = 0.016;
/// Normalised autocorrelation at the best period for a window to count as
/// periodic. Vowels reach 0.9–0.99 even through a telephone band or a
/// 20 dB noise floor; clicks and breaths stay mostly below 0.8.
pub const PERIODIC: f32 = 0.85;
/// Periodic sound an edge region needs to count as speech (s): a syllable's
/// vowel is longer than this, a click's chance periodic window is not.
pub const MIN_PERIODIC_S: f64 = 0.08;

/// Highest normalised autocorrelation of `x` over the pitch periods (0..1).
pub fn periodicity(x: &[f32], rate: u32) -> f32 {
    let lo = (MIN_PERIOD_S * rate as f64).round() as usize;
    let hi = (MAX_PERIOD_S * rate as f64).round() as usize;
    if x.len() <= hi + lo {
        return 0.0;
    }
    let mean = x.iter().sum::<f32>() / x.len() as f32;
    let x: Vec<f32> = x.iter().map(|v| v - mean).collect();
    let mut best = 0.0f32;
    for lag in lo..=hi {
        let (a, b) = (&x[..x.len() - lag], &x[lag..]);
        let (mut ab, mut aa, mut bb) = (0.0f32, 0.0f32, 0.0f32);
        for (p, q) in a.iter().zip(b) {
            ab += p * q;
            aa += p * p;
            bb += q * q;
        }
        let den = (aa * bb).sqrt();
        if den > 0.0 {
            best = best.max(ab / den);
        }
    }
    best
}

/// Seconds of periodic sound in `from..to` s of `samples`, counted up to
/// `enough` s (the count stops there).
pub fn periodic_s(samples: &[f32], rate: u32, from: f64, to: f64, enough: f64) -> f64 {
    let win = (WINDOW_S * rate as f64).round() as usize;
    let hop = (HOP_S * rate as f64).round() as usize;
    let start = ((from.max(0.0)) * rate as f64).round() as usize;
    let end = ((to * rate as f64).round() as usize).min(samples.len());
    let mut n = 0usize;
    let mut i = start;
    while i + win <= end && (n as f64) * HOP_S < enough {
        if periodicity(&samples[i..i + win], rate) >= PERIODIC {
            n += 1;
        }
        i += hop;
    }
    n as f64 * HOP_S
}

/// Unvoiced sound this close to voiced speech belongs to it (s): a word's
/// leading "h" or "s", its trailing "s", "t" or "z".
pub const ATTACHED_S: f64 = 0.3;

/// `regions` without the leading and trailing ones that are not speech: less
/// than [`MIN_PERIODIC_S`] of periodic sound and at least [`ATTACHED_S`] away
/// from the speech. Regions inside the span are kept whatever they hold; if
/// no region is periodic enough (whispered speech) all are kept.
pub fn trim_edges(samples: &[f32], rate: u32, regions: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let need = MIN_PERIODIC_S - 1e-9;
    let speech = |r: &(f64, f64)| periodic_s(samples, rate, r.0, r.1, need) >= need;
    let Some(mut first) = regions.iter().position(speech) else {
        return regions.to_vec();
    };
    let mut last = regions.iter().rposition(speech).unwrap_or(first);
    while first > 0 && regions[first].0 - regions[first - 1].1 < ATTACHED_S {
        first -= 1;
    }
    while last + 1 < regions.len() && regions[last + 1].0 - regions[last].1 < ATTACHED_S {
        last += 1;
    }
    regions[first..=last].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: u32 = 16_000;

    /// A vowel-like sound: a 150 Hz pulse train through a decaying resonance.
    fn vowel(secs: f64) -> Vec<f32> {
        let n = (secs * R as f64) as usize;
        let period = R as usize / 150;
        let mut y = vec![0.0f32; n];
        let mut state = (0.0f32, 0.0f32);
        for (i, out) in y.iter_mut().enumerate() {
            let x = if i % period == 0 { 1.0 } else { 0.0 };
            // Two-pole resonator at 700 Hz.
            let w = std::f32::consts::TAU * 700.0 / R as f32;
            let r = 0.97f32;
            let v = x + 2.0 * r * w.cos() * state.0 - r * r * state.1;
            state = (v, state.0);
            *out = v * 0.02;
        }
        y
    }

    fn noise(n: usize, amp: f32, seed: u64) -> Vec<f32> {
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..n).map(|_| (rng.f32() - 0.5) * 2.0 * amp).collect()
    }

    #[test]
    fn vowels_are_periodic_noise_and_clicks_are_not() {
        assert!(periodicity(&vowel(0.03), R) > 0.95);
        assert!(periodicity(&noise(480, 0.3, 1), R) < 0.5);
        let mut click = vec![0.0f32; 480];
        click[100] = 0.9;
        click[101] = -0.6;
        assert!(periodicity(&click, R) < 0.5);
        assert_eq!(periodicity(&[0.0; 480], R), 0.0);
        assert_eq!(periodicity(&[0.1; 10], R), 0.0);
    }

    #[test]
    fn edge_regions_without_voice_are_dropped() {
        // 0.0-0.3 s a burst of noise (a breath or click), 1.0-1.5 s a vowel,
        // 2.0-2.1 s noise inside the span, 3.0-3.5 s a vowel, 4.0-4.2 s noise.
        let mut x = vec![0.0f32; (4.5 * R as f64) as usize];
        let mut put = |at: f64, y: &[f32]| {
            let s = (at * R as f64) as usize;
            x[s..s + y.len()].copy_from_slice(y);
        };
        put(0.0, &noise(4_800, 0.2, 2));
        put(1.0, &vowel(0.5));
        put(2.0, &noise(1_600, 0.2, 3));
        put(3.0, &vowel(0.5));
        put(4.0, &noise(3_200, 0.2, 4));
        let regions = [(0.0, 0.3), (1.0, 1.5), (2.0, 2.1), (3.0, 3.5), (4.0, 4.2)];
        assert_eq!(
            trim_edges(&x, R, &regions),
            vec![(1.0, 1.5), (2.0, 2.1), (3.0, 3.5)]
        );
        // A fricative right after a vowel belongs to the word.
        let tail = [(1.0, 1.5), (1.6, 1.7), (4.0, 4.2)];
        let mut y = x.clone();
        y[(1.6 * R as f64) as usize..(1.7 * R as f64) as usize]
            .copy_from_slice(&noise(1_600, 0.05, 5));
        assert_eq!(trim_edges(&y, R, &tail), vec![(1.0, 1.5), (1.6, 1.7)]);
        // Nothing periodic at all: keep everything.
        let only_noise = [(0.0, 0.3), (4.0, 4.2)];
        assert_eq!(trim_edges(&x, R, &only_noise), only_noise.to_vec());
    }
}
