//! Per-frame features of a recording: level (over the whole band and in the
//! voice band), pitch and brightness every 10 ms, computed once and shared by
//! the pitch, volume and heard-filler measures.
//!
//! Pitch comes from the McLeod pitch method (the `pitch-detection` crate): the
//! first clear peak of the normalised square difference function of a 40 ms
//! window, refined by quadratic interpolation. Frames quieter than
//! [`PITCH_GATE_DBFS`] or without a clear period get no pitch; voiced runs
//! shorter than 30 ms are dropped and the track is median-smoothed over five
//! frames, which removes most octave slips.

use pitch_detection::detector::mcleod::McLeodDetector;
use pitch_detection::detector::PitchDetector;

/// Time between frames (s).
pub const HOP_S: f64 = 0.01;
/// Analysis window (s): 40 ms holds more than two periods of a 60 Hz voice.
pub const WINDOW_S: f64 = 0.04;
/// Lowest and highest voice pitch accepted (Hz), covering deep male to high
/// female and child voices.
pub const PITCH_RANGE_HZ: (f32, f32) = (60.0, 500.0);
/// Frames quieter than this (dBFS) are not pitch-tracked.
pub const PITCH_GATE_DBFS: f32 = -55.0;
/// How clear the period must be (0..1, McLeod's clarity); 0.6 keeps breathy
/// vowels and rejects noise.
const CLARITY: f32 = 0.6;
/// Level reported for digital silence (dBFS).
pub const FLOOR_DBFS: f32 = -120.0;

/// Features of one 10 ms frame, measured on the window centred on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// RMS level (dBFS).
    pub db: f32,
    /// RMS level in the voice band (dBFS; [`crate::util::band`]): without a
    /// room's rumble and hum, so the pauses of an answer in a fan-noise room
    /// are as quiet as they sound.
    pub band_db: f32,
    /// Fundamental frequency (Hz) when the frame is voiced.
    pub f0: Option<f32>,
    /// Brightness (Hz): the frequency of a sine with the same ratio of
    /// slope energy to energy; low for nasals ("mm"), higher for open vowels,
    /// highest for hiss. A cheap stand-in for the spectral centroid.
    pub bright_hz: f32,
}

/// The frames of a recording, one every [`HOP_S`]; frame `i` is centred on
/// `i × HOP_S` seconds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frames {
    /// The frames in time order.
    pub frames: Vec<Frame>,
}

impl Frames {
    /// Measure `samples` (mono, `rate` Hz).
    pub fn measure(samples: &[f32], rate: u32) -> Self {
        FrameMeter::new(rate).finish(samples)
    }

    /// Time of frame `i` (s).
    pub fn time(i: usize) -> f64 {
        i as f64 * HOP_S
    }

    /// Index of the frame nearest `t` seconds, clamped to the frames.
    pub fn index(&self, t: f64) -> usize {
        ((t / HOP_S).round().max(0.0) as usize).min(self.frames.len().saturating_sub(1))
    }

    /// Drop voiced runs shorter than three frames and median-smooth the
    /// pitch over five frames within each voiced run.
    fn clean_pitch(&mut self) {
        let f = &mut self.frames;
        let mut i = 0;
        while i < f.len() {
            if f[i].f0.is_none() {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < f.len() && f[j].f0.is_some() {
                j += 1;
            }
            if j - i < 3 {
                for x in &mut f[i..j] {
                    x.f0 = None;
                }
            } else {
                let raw: Vec<f32> = f[i..j].iter().filter_map(|x| x.f0).collect();
                for (k, x) in f[i..j].iter_mut().enumerate() {
                    let lo = k.saturating_sub(2);
                    let hi = (k + 3).min(raw.len());
                    let mut w = raw[lo..hi].to_vec();
                    w.sort_by(f32::total_cmp);
                    x.f0 = Some(w[w.len() / 2]);
                }
            }
            i = j;
        }
    }
}

/// [`Frames::measure`] as the audio arrives: [`FrameMeter::advance`] measures
/// every frame whose window the recording so far holds, so that when it ends
/// only the last few frames are left ([`FrameMeter::finish`]). The result is
/// exactly [`Frames::measure`] of the whole recording.
pub struct FrameMeter {
    rate: u32,
    hop: usize,
    win: usize,
    detector: McLeodDetector<f32>,
    buf: Vec<f32>,
    frames: Vec<Frame>,
    /// The recording in the voice band from sample `band_start` on (what no
    /// window needs any more is dropped), and the filter's state.
    banded: Vec<f32>,
    band_start: usize,
    band: crate::util::band::VoiceBand,
}

impl FrameMeter {
    /// A meter for mono audio at `rate` Hz.
    pub fn new(rate: u32) -> Self {
        let rate_f = rate.max(1) as f64;
        let hop = ((HOP_S * rate_f).round() as usize).max(1);
        let win = ((WINDOW_S * rate_f).round() as usize).max(4);
        FrameMeter {
            rate,
            hop,
            win,
            detector: McLeodDetector::<f32>::new(win, win / 2),
            buf: vec![0.0; win],
            frames: Vec::new(),
            banded: Vec::new(),
            band_start: 0,
            band: crate::util::band::VoiceBand::new(rate),
        }
    }

    /// Measure the frames whose whole window lies in `samples`, the
    /// recording so far (each call must pass the same recording, grown or
    /// not; earlier samples must not change).
    pub fn advance(&mut self, samples: &[f32]) {
        self.band_up_to(samples);
        while self.window_end(self.frames.len()) <= samples.len() as isize {
            self.measure_next(samples);
        }
    }

    /// Frames measured so far.
    pub fn measured(&self) -> usize {
        self.frames.len()
    }

    /// Measure what is left of the complete recording `samples` (the
    /// windows that reach past its end are padded with silence) and clean
    /// the pitch track.
    pub fn finish(mut self, samples: &[f32]) -> Frames {
        self.band_up_to(samples);
        let n = samples.len().div_ceil(self.hop);
        self.frames.truncate(n);
        self.frames.reserve(n - self.frames.len());
        while self.frames.len() < n {
            self.measure_next(samples);
        }
        let mut f = Frames {
            frames: self.frames,
        };
        f.clean_pitch();
        f
    }

    /// Filter the samples not yet in the voice band.
    fn band_up_to(&mut self, samples: &[f32]) {
        if let Some(new) = samples.get(self.band_start + self.banded.len()..) {
            let filtered = self.band.filter(new);
            self.banded.extend(filtered);
        }
    }

    /// Mean square of the voice band over the window that starts at sample
    /// `start` (outside the recording is silence).
    fn band_ms(&self, start: isize) -> f64 {
        let rel = |j: isize| (j.max(0) as usize).saturating_sub(self.band_start);
        let (a, b) = (
            rel(start),
            rel(start + self.win as isize).min(self.banded.len()),
        );
        let energy: f64 = self.banded[a.min(b)..b]
            .iter()
            .map(|x| f64::from(*x) * f64::from(*x))
            .sum();
        energy / self.win as f64
    }

    /// One past the last sample of frame `i`'s window.
    fn window_end(&self, i: usize) -> isize {
        (i * self.hop) as isize - (self.win / 2) as isize + self.win as isize
    }

    fn measure_next(&mut self, samples: &[f32]) {
        let centre = self.frames.len() * self.hop;
        let start = centre as isize - (self.win / 2) as isize;
        for (k, b) in self.buf.iter_mut().enumerate() {
            let j = start + k as isize;
            *b = if j >= 0 && (j as usize) < samples.len() {
                samples[j as usize]
            } else {
                0.0
            };
        }
        let band_db = db_of_ms(self.band_ms(start));
        let f = measure_one(&self.buf, band_db, self.rate, &mut self.detector);
        self.frames.push(f);
        // The next window starts a hop later: drop what lies before it, a
        // second at a time.
        let next = (start + self.hop as isize).max(0) as usize;
        if next >= self.band_start + self.rate as usize {
            self.banded.drain(..next - self.band_start);
            self.band_start = next;
        }
    }
}

/// Level in dBFS of a mean square `ms`.
pub fn db_of_ms(ms: f64) -> f32 {
    if ms <= 0.0 {
        FLOOR_DBFS
    } else {
        (10.0 * ms.log10()).max(FLOOR_DBFS as f64) as f32
    }
}

/// The features of one window `buf`, whose voice-band level is `band_db`.
fn measure_one(buf: &[f32], band_db: f32, rate: u32, det: &mut McLeodDetector<f32>) -> Frame {
    let energy: f64 = buf.iter().map(|x| f64::from(*x) * f64::from(*x)).sum();
    let db = db_of_ms(energy / buf.len() as f64);
    let slope: f64 = buf
        .windows(2)
        .map(|w| {
            let d = f64::from(w[1] - w[0]);
            d * d
        })
        .sum();
    let bright_hz = if energy > 0.0 {
        // For a sine of frequency f: slope/energy = (2 sin(π f / rate))².
        let r = (slope / energy).sqrt().min(2.0) / 2.0;
        (r.asin() * f64::from(rate) / std::f64::consts::PI) as f32
    } else {
        0.0
    };
    let f0 = if db >= PITCH_GATE_DBFS {
        det.get_pitch(buf, rate as usize, 0.0, CLARITY)
            .map(|p| p.frequency)
            .filter(|hz| (PITCH_RANGE_HZ.0..=PITCH_RANGE_HZ.1).contains(hz))
    } else {
        None
    };
    Frame {
        db,
        band_db,
        f0,
        bright_hz,
    }
}

#[cfg(test)]
pub(crate) mod synth {
    //! Synthetic voices for the table tests.

    /// A sine of `hz` and amplitude `amp`, `secs` long at 16 kHz.
    pub fn sine(secs: f64, hz: f64, amp: f32) -> Vec<f32> {
        (0..(secs * 16_000.0) as usize)
            .map(|i| (std::f64::consts::TAU * hz * i as f64 / 16_000.0).sin() as f32 * amp)
            .collect()
    }

    /// A voiced, harmonic-rich signal (a buzz of 12 harmonics with 1/k
    /// amplitudes, like a glottal source) whose pitch follows `f0(t)`, at
    /// RMS level about `amp` × 0.6, `secs` long at 16 kHz.
    pub fn voice(secs: f64, amp: f32, f0: impl Fn(f64) -> f64) -> Vec<f32> {
        let rate = 16_000.0;
        let mut phase = 0.0f64;
        (0..(secs * rate) as usize)
            .map(|i| {
                let t = i as f64 / rate;
                phase += std::f64::consts::TAU * f0(t) / rate;
                let s: f64 = (1..=12).map(|k| (k as f64 * phase).sin() / k as f64).sum();
                (s * 0.5 * f64::from(amp)) as f32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_buzz_is_tracked_within_one_percent() {
        for hz in [90.0, 150.0, 220.0, 330.0] {
            let s = synth::voice(1.0, 0.3, |_| hz);
            let f = Frames::measure(&s, 16_000);
            let voiced: Vec<f32> = f.frames[5..95].iter().filter_map(|x| x.f0).collect();
            assert!(voiced.len() >= 88, "{hz} Hz: {} voiced", voiced.len());
            for v in voiced {
                assert!(
                    (f64::from(v) / hz - 1.0).abs() < 0.01,
                    "{hz} Hz read as {v}"
                );
            }
        }
    }

    #[test]
    fn silence_and_noise_have_no_pitch() {
        let f = Frames::measure(&vec![0.0; 16_000], 16_000);
        assert!(f
            .frames
            .iter()
            .all(|x| x.f0.is_none() && x.db == FLOOR_DBFS));
        let mut seed = 7u32;
        let noise: Vec<f32> = (0..16_000)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5
            })
            .collect();
        let f = Frames::measure(&noise, 16_000);
        let voiced = f.frames.iter().filter(|x| x.f0.is_some()).count();
        assert!(voiced < 5, "{voiced} noise frames voiced");
    }

    #[test]
    fn measured_as_it_arrives_equals_measured_at_once() {
        // A voice gliding 120 -> 240 Hz with pauses, not a whole number of hops.
        let mut s = synth::voice(1.234, 0.3, |t| 120.0 + 100.0 * t);
        s.extend(vec![0.0; 4_321]);
        s.extend(synth::voice(0.777, 0.2, |t| 200.0 - 50.0 * t));
        let whole = Frames::measure(&s, 16_000);
        for piece in [1, 160, 800, 1_234, s.len()] {
            let mut m = FrameMeter::new(16_000);
            let mut n = 0;
            while n < s.len() {
                n = (n + piece).min(s.len());
                m.advance(&s[..n]);
                assert!(m.measured() <= whole.frames.len());
            }
            assert!(m.measured() + 3 >= whole.frames.len(), "{piece}");
            assert_eq!(m.finish(&s), whole, "pieces of {piece}");
        }
        // A meter that saw only part of the recording still finishes it.
        let mut m = FrameMeter::new(16_000);
        m.advance(&s[..s.len() / 2]);
        assert_eq!(m.finish(&s), whole);
    }

    #[test]
    fn level_and_brightness_follow_the_signal() {
        let f = Frames::measure(&synth::sine(1.0, 1000.0, 0.5), 16_000);
        let mid = f.frames[50];
        // A 0.5 sine has RMS 0.354: -9.0 dBFS.
        assert!((mid.db + 9.03).abs() < 0.1, "{}", mid.db);
        assert!((mid.bright_hz - 1000.0).abs() < 10.0, "{}", mid.bright_hz);
    }

    #[test]
    fn voice_band_level_leaves_out_hum_all_through_a_long_recording() {
        // 1.7 s of a 1 kHz tone, then 1.8 s of 50 Hz hum: by the end the
        // meter has dropped the band samples of its first seconds, and each
        // frame still reads its own time. (frame, band level minus level, ±1 dB)
        let mut x = synth::sine(1.7, 1000.0, 0.5);
        x.extend(synth::sine(1.8, 50.0, 0.5));
        let f = Frames::measure(&x, 16_000);
        for (i, change) in [(50, 0.0), (150, 0.0), (250, -12.3), (330, -12.3)] {
            let y = f.frames[i];
            let got = y.band_db - y.db;
            assert!((got - change).abs() < 1.0, "frame {i}: {got:.1} dB");
        }
    }
}
