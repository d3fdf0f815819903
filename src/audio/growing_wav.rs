//! A WAV file written while it is being recorded, so a crash, Ctrl-C or a
//! vanished microphone never loses the answer.
//!
//! Samples are appended as they arrive (16-bit mono) and the header is
//! brought up to date every `flush_every` samples, so the file on disk is
//! always a valid WAV holding everything up to the last flush. A file cannot
//! be written atomically while it grows; [`GrowingWav::finish`] rewrites it
//! atomically from memory if writing as it went failed (a full disk that
//! recovered, say).

use std::path::{Path, PathBuf};

/// A WAV being recorded.
pub struct GrowingWav {
    path: PathBuf,
    rate: u32,
    writer: Option<hound::WavWriter<std::io::BufWriter<std::fs::File>>>,
    since_flush: usize,
    flush_every: usize,
}

impl GrowingWav {
    /// Create `path` (mono, 16-bit, `rate` Hz); the header is refreshed every
    /// `flush_every` samples.
    pub fn create(path: &Path, rate: u32, flush_every: usize) -> anyhow::Result<GrowingWav> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let writer = hound::WavWriter::create(path, spec).map_err(|e| {
            anyhow::anyhow!(
                "cannot write {} ({e}); set REHEARSE_HOME to a writable folder",
                path.display()
            )
        })?;
        Ok(GrowingWav {
            path: path.to_path_buf(),
            rate,
            writer: Some(writer),
            since_flush: 0,
            flush_every: flush_every.max(1),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append samples (-1..1). A write error stops writing as it goes; the
    /// caller keeps the samples and [`Self::finish`] writes them all.
    pub fn append(&mut self, samples: &[f32]) {
        let Some(w) = self.writer.as_mut() else {
            return;
        };
        let mut ok = true;
        for &s in samples {
            ok &= w
                .write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
                .is_ok();
        }
        self.since_flush += samples.len();
        if self.since_flush >= self.flush_every {
            self.since_flush = 0;
            ok &= w.flush().is_ok();
        }
        if !ok {
            self.writer = None;
        }
    }

    /// Close the file. `all` is every sample appended: if writing as it went
    /// failed, the file is written again from it (atomically).
    pub fn finish(mut self, all: &[f32]) -> anyhow::Result<PathBuf> {
        let ok = self
            .writer
            .take()
            .map(|w| w.finalize().is_ok())
            .unwrap_or(false);
        if !ok {
            super::wav::write_wav(&self.path, all, self.rate)?;
        }
        Ok(self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_while_growing_and_when_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let mut w = GrowingWav::create(&path, 16_000, 1_000).unwrap();
        let x: Vec<f32> = (0..2_500).map(|i| (i as f32 * 0.01).sin() * 0.5).collect();
        w.append(&x[..1_200]);
        // Flushed after 1,000 samples: a reader sees at least those now.
        let mid = crate::audio::wav::read_pcm(&path).unwrap();
        assert!(mid.samples.len() >= 1_000, "{}", mid.samples.len());
        w.append(&x[1_200..]);
        assert_eq!(w.finish(&x).unwrap(), path);
        let done = crate::audio::wav::read_pcm(&path).unwrap();
        assert_eq!(done.samples.len(), 2_500);
        assert!((done.samples[100] - x[100]).abs() < 1e-3);
    }

    #[test]
    fn unwritable_place_is_a_clear_error() {
        let err = GrowingWav::create(Path::new("/nonexistent-dir/x.wav"), 16_000, 10)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("REHEARSE_HOME"), "{err}");
    }
}
