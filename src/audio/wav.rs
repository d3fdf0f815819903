//! WAV files in and out (hound), and the pure conversion of any PCM layout to
//! 16 kHz mono f32 (downmix, then a real resampler from rubato).

use super::WHISPER_RATE;
use std::path::Path;

/// Why a WAV file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// The file could not be opened.
    #[error("cannot open {path}: {source}; check the path")]
    Open {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// Not a WAV file, or a broken header.
    #[error("{path} is not a readable WAV file ({detail}); record or convert it to PCM WAV, e.g. `sox in.mp3 -r 16000 -c 1 out.wav`")]
    NotWav {
        /// File.
        path: String,
        /// What hound said.
        detail: String,
    },
    /// The header is fine but the samples stop early.
    #[error("{path} is truncated or corrupt after {frames} frames ({detail}); re-record or re-export it")]
    Truncated {
        /// File.
        path: String,
        /// Frames read before the failure.
        frames: usize,
        /// What hound said.
        detail: String,
    },
    /// No samples at all.
    #[error("{path} holds no audio (0 samples); record an answer first")]
    Empty {
        /// File.
        path: String,
    },
    /// A format hound reads but we cannot use.
    #[error("{path}: unsupported WAV format ({detail}); convert it to 16-bit PCM, e.g. `sox in.wav -b 16 out.wav`")]
    Unsupported {
        /// File.
        path: String,
        /// Detail.
        detail: String,
    },
    /// Writing failed.
    #[error("cannot write {path}: {detail}")]
    Write {
        /// File.
        path: String,
        /// Detail.
        detail: String,
    },
}

/// Decoded audio: interleaved f32 samples in -1..1.
#[derive(Debug, Clone)]
pub struct Pcm {
    /// Interleaved samples.
    pub samples: Vec<f32>,
    /// Channels.
    pub channels: u16,
    /// Sample rate (Hz).
    pub sample_rate: u32,
}

/// Read any PCM WAV hound understands into interleaved f32.
pub fn read_pcm(path: &Path) -> Result<Pcm, WavError> {
    let p = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| WavError::Open {
        path: p.clone(),
        source,
    })?;
    let reader = hound::WavReader::new(std::io::BufReader::new(file)).map_err(|e| match e {
        hound::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            WavError::NotWav {
                path: p.clone(),
                detail: "file ends inside the header".into(),
            }
        }
        other => WavError::NotWav {
            path: p.clone(),
            detail: other.to_string(),
        },
    })?;
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(WavError::Unsupported {
            path: p,
            detail: format!("{} channels at {} Hz", spec.channels, spec.sample_rate),
        });
    }
    let ch = spec.channels as usize;
    let samples = decode(reader, &p, ch)?;
    if samples.is_empty() {
        return Err(WavError::Empty { path: p });
    }
    Ok(Pcm {
        samples,
        channels: spec.channels,
        sample_rate: spec.sample_rate,
    })
}

fn decode<R: std::io::Read>(
    mut reader: hound::WavReader<R>,
    p: &str,
    ch: usize,
) -> Result<Vec<f32>, WavError> {
    let spec = reader.spec();
    let mut out = Vec::with_capacity(reader.len() as usize);
    let trunc = |n: usize, e: hound::Error| WavError::Truncated {
        path: p.to_string(),
        frames: n / ch,
        detail: e.to_string(),
    };
    match spec.sample_format {
        hound::SampleFormat::Float => {
            if spec.bits_per_sample != 32 {
                return Err(WavError::Unsupported {
                    path: p.into(),
                    detail: format!("{}-bit float", spec.bits_per_sample),
                });
            }
            for s in reader.samples::<f32>() {
                out.push(s.map_err(|e| trunc(out.len(), e))?);
            }
        }
        hound::SampleFormat::Int => {
            let bits = spec.bits_per_sample;
            if !(1..=32).contains(&bits) {
                return Err(WavError::Unsupported {
                    path: p.into(),
                    detail: format!("{bits}-bit integer"),
                });
            }
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            for s in reader.samples::<i32>() {
                out.push(s.map_err(|e| trunc(out.len(), e))? as f32 * scale);
            }
        }
    }
    // A file whose data chunk claims more than it holds ends mid-frame.
    out.truncate(out.len() / ch * ch);
    Ok(out)
}

/// Average the channels of interleaved samples into one.
pub fn downmix(samples: &[f32], channels: usize) -> Vec<f32> {
    if channels <= 1 {
        return samples.to_vec();
    }
    samples
        .chunks_exact(channels)
        .map(|f| f.iter().sum::<f32>() / channels as f32)
        .collect()
}

/// Resample mono audio from `from` Hz to `to` Hz with rubato's FFT resampler.
pub fn resample(mono: &[f32], from: u32, to: u32) -> Vec<f32> {
    use rubato::audioadapter_buffers::direct::InterleavedSlice;
    use rubato::{Fft, FixedSync, Resampler};
    if from == to || mono.is_empty() {
        return mono.to_vec();
    }
    let run = || -> Option<Vec<f32>> {
        let mut r = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input).ok()?;
        let input = InterleavedSlice::new(mono, 1, mono.len()).ok()?;
        let out = r.process_all(&input, mono.len(), None).ok()?;
        Some(out.take_data())
    };
    // The FFT resampler accepts every pair of positive rates; the fallback only
    // guards against a library error on exotic rates.
    run().unwrap_or_else(|| linear_resample(mono, from, to))
}

fn linear_resample(mono: &[f32], from: u32, to: u32) -> Vec<f32> {
    let n = (mono.len() as u64 * to as u64 / from as u64) as usize;
    let step = from as f64 / to as f64;
    (0..n)
        .map(|i| {
            let x = i as f64 * step;
            let j = x as usize;
            let f = (x - j as f64) as f32;
            let a = mono[j.min(mono.len() - 1)];
            let b = mono[(j + 1).min(mono.len() - 1)];
            a + (b - a) * f
        })
        .collect()
}

/// Any interleaved PCM to 16 kHz mono.
pub fn to_whisper_rate(pcm: &Pcm) -> Vec<f32> {
    let mono = downmix(&pcm.samples, pcm.channels as usize);
    resample(&mono, pcm.sample_rate, WHISPER_RATE)
}

/// Read a WAV file and return 16 kHz mono f32 samples.
pub fn read_16k_mono(path: &Path) -> Result<Vec<f32>, WavError> {
    Ok(to_whisper_rate(&read_pcm(path)?))
}

/// Encode mono f32 samples as a 16-bit PCM WAV in memory.
pub fn encode_wav(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut buf = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    {
        let mut w = hound::WavWriter::new(&mut buf, spec).expect("in-memory WAV header write");
        for &s in samples {
            let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            w.write_sample(v).expect("in-memory WAV sample write");
        }
        w.finalize().expect("in-memory WAV finalize");
    }
    buf.into_inner()
}

/// Write mono f32 samples as a 16-bit PCM WAV, atomically.
pub fn write_wav(path: &Path, samples: &[f32], sample_rate: u32) -> Result<(), WavError> {
    crate::util::fs::write_atomic(path, &encode_wav(samples, sample_rate)).map_err(|e| {
        WavError::Write {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, secs: f32, hz: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
            .collect()
    }

    #[test]
    fn downmix_averages_channels() {
        assert_eq!(downmix(&[1.0, 0.0, 0.5, 0.5], 2), vec![0.5, 0.5]);
        assert_eq!(downmix(&[0.1, 0.2], 1), vec![0.1, 0.2]);
    }

    #[test]
    fn resample_keeps_length_and_pitch() {
        for &rate in &[8_000u32, 22_050, 44_100, 48_000] {
            let x = sine(rate, 1.0, 440.0);
            let y = resample(&x, rate, 16_000);
            let expect = 16_000.0;
            assert!(
                (y.len() as f64 - expect).abs() < 16.0,
                "{rate}: got {} samples",
                y.len()
            );
            // Count zero crossings: 440 Hz gives ~880 per second.
            let zc = y
                .windows(2)
                .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
                .count();
            assert!((860..=900).contains(&zc), "{rate}: {zc} crossings");
        }
    }

    #[test]
    fn wav_roundtrip_all_formats() {
        let dir = tempfile::tempdir().unwrap();
        let x = sine(48_000, 0.5, 300.0);
        for (bits, fmt) in [
            (8, hound::SampleFormat::Int),
            (16, hound::SampleFormat::Int),
            (24, hound::SampleFormat::Int),
            (32, hound::SampleFormat::Int),
            (32, hound::SampleFormat::Float),
        ] {
            let path = dir.path().join(format!("{bits}{fmt:?}.wav"));
            let spec = hound::WavSpec {
                channels: 2,
                sample_rate: 48_000,
                bits_per_sample: bits,
                sample_format: fmt,
            };
            let mut w = hound::WavWriter::create(&path, spec).unwrap();
            for &s in &x {
                for _ in 0..2 {
                    match fmt {
                        hound::SampleFormat::Float => w.write_sample(s).unwrap(),
                        hound::SampleFormat::Int => {
                            let m = ((1i64 << (bits - 1)) - 1) as f32;
                            w.write_sample((s * m) as i32).unwrap()
                        }
                    }
                }
            }
            w.finalize().unwrap();
            let y = read_16k_mono(&path).unwrap();
            assert!((y.len() as i64 - 8000).abs() < 16, "{bits} {fmt:?}");
            let peak = y.iter().fold(0f32, |m, v| m.max(v.abs()));
            assert!((0.45..0.56).contains(&peak), "{bits} {fmt:?} peak {peak}");
        }
    }

    #[test]
    fn bad_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.wav");
        std::fs::write(&junk, b"this is not audio at all").unwrap();
        assert!(matches!(read_pcm(&junk), Err(WavError::NotWav { .. })));
        let empty = dir.path().join("empty.wav");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(read_pcm(&empty), Err(WavError::NotWav { .. })));
        let zero = dir.path().join("zero.wav");
        write_wav(&zero, &[], 16_000).unwrap();
        assert!(matches!(read_pcm(&zero), Err(WavError::Empty { .. })));
        let full = encode_wav(&sine(16_000, 1.0, 200.0), 16_000);
        let cut = dir.path().join("cut.wav");
        std::fs::write(&cut, &full[..full.len() / 2 + 1]).unwrap();
        let err = read_pcm(&cut).unwrap_err();
        assert!(matches!(err, WavError::Truncated { .. }), "{err}");
        assert!(err.to_string().contains("truncated"));
        let missing = dir.path().join("missing.wav");
        assert!(matches!(read_pcm(&missing), Err(WavError::Open { .. })));
    }
}
