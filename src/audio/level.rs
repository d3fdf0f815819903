//! Input level checks: a recording (or a live stream) that is too quiet or
//! clipped, with one line saying what to do about it.
//!
//! The detector itself ([`super::vad`]) works relative to the recording's own
//! noise floor, so a quiet but clear answer is still scored; these checks only
//! tell the speaker that the microphone could do better.

/// Peaks below this are "very low" (dBFS). Speech into a laptop or headset
/// microphone at a normal distance peaks between about -20 and -3 dBFS.
pub const LOW_PEAK_DBFS: f32 = -30.0;
/// A sample at or above this magnitude is at full scale.
pub const FULL_SCALE: f32 = 0.999;
/// Consecutive full-scale samples that make one clipped stretch (a lone
/// full-scale sample is a normalised peak, not clipping).
pub const CLIP_RUN: usize = 3;
/// Clipped stretches before the clipping warning is shown.
pub const CLIP_WARN_RUNS: usize = 3;

/// Peak level and clipping of the samples seen so far; fed in pieces while
/// recording, or all at once for a file.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LevelWatch {
    peak: f32,
    run: usize,
    clipped_runs: usize,
}

impl LevelWatch {
    /// Take the next samples into account.
    pub fn push(&mut self, samples: &[f32]) {
        for &v in samples {
            let a = v.abs();
            if a.is_finite() {
                self.peak = self.peak.max(a);
            }
            if a >= FULL_SCALE {
                self.run += 1;
                if self.run == CLIP_RUN {
                    self.clipped_runs += 1;
                }
            } else {
                self.run = 0;
            }
        }
    }

    /// Highest sample magnitude so far, in dBFS (-120 for silence).
    pub fn peak_dbfs(&self) -> f32 {
        (20.0 * self.peak.max(1e-6).log10()).max(-120.0)
    }

    /// Stretches of at least [`CLIP_RUN`] full-scale samples so far.
    pub fn clipped_runs(&self) -> usize {
        self.clipped_runs
    }

    /// One line for the user when the level is too low or clipped, `None`
    /// when it is fine (or nothing has been heard at all: that is the
    /// no-speech message's job).
    pub fn warning(&self) -> Option<String> {
        if self.clipped_runs >= CLIP_WARN_RUNS {
            return Some(format!(
                "input clipping: the level hit full scale {} times; move back or lower the input gain",
                self.clipped_runs
            ));
        }
        let peak = self.peak_dbfs();
        (peak < LOW_PEAK_DBFS && self.peak > 0.0).then(|| {
            format!(
                "input level very low: peak {} dBFS; move closer or raise the input gain",
                dbfs_text(peak)
            )
        })
    }
}

/// Level checks of a whole recording: see [`LevelWatch::warning`].
pub fn warning(samples: &[f32]) -> Option<String> {
    let mut w = LevelWatch::default();
    w.push(samples);
    w.warning()
}

/// A level in whole dBFS with a true minus sign ("−38").
fn dbfs_text(db: f32) -> String {
    let r = db.round() as i64;
    if r < 0 {
        format!("\u{2212}{}", -r)
    } else {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::sine;

    fn scaled(x: &[f32], gain: f32) -> Vec<f32> {
        x.iter().map(|v| v * gain).collect()
    }

    #[test]
    fn level_table() {
        let s = sine(16_000, 1.0, 200.0); // peak 0.5 (-6 dBFS)
        let cases: [(Vec<f32>, Option<&str>); 6] = [
            (s.clone(), None),
            (
                scaled(&s, 0.025),
                Some("input level very low: peak −38 dBFS"),
            ),
            (scaled(&s, 0.07), None), // -29 dBFS: quiet but fine
            (vec![0.0; 16_000], None),
            (
                scaled(&s, 3.0).iter().map(|v| v.clamp(-1.0, 1.0)).collect(),
                Some("input clipping"),
            ),
            // One normalised full-scale peak is not clipping.
            ([s.clone(), vec![1.0], s.clone()].concat(), None),
        ];
        for (i, (x, want)) in cases.iter().enumerate() {
            let got = warning(x);
            match want {
                None => assert_eq!(got, None, "case {i}"),
                Some(w) => assert!(
                    got.as_deref().is_some_and(|g| g.starts_with(w)),
                    "case {i}: {got:?}"
                ),
            }
        }
        assert!(warning(&scaled(&s, 0.025))
            .unwrap()
            .ends_with("move closer or raise the input gain"));
    }

    #[test]
    fn watch_in_pieces_equals_whole() {
        let x: Vec<f32> = scaled(&sine(16_000, 0.5, 300.0), 2.5)
            .iter()
            .map(|v| v.clamp(-1.0, 1.0))
            .collect();
        let mut w = LevelWatch::default();
        for c in x.chunks(7) {
            w.push(c);
        }
        let mut whole = LevelWatch::default();
        whole.push(&x);
        assert_eq!(w.clipped_runs(), whole.clipped_runs());
        assert!(w.clipped_runs() >= 100);
        assert!(w.peak_dbfs().abs() < 0.01);
    }
}
