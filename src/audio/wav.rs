//! WAV files in and out (hound), and the pure conversion of any PCM layout to
//! 16 kHz mono f32 (downmix, then a real resampler from rubato).
//!
//! Headers are not trusted: only regular files are opened (a FIFO would
//! block), memory is reserved for the samples the file can really hold, not
//! for what its header claims, and rates or lengths that are not speech
//! ([`MIN_RATE`]..=[`MAX_RATE`] Hz, at most [`MAX_SECONDS`]) are refused
//! before any decoding. Float samples that are not finite or lie outside
//! -1..1 are cleaned (0, or clipped) with one warning.

use super::WHISPER_RATE;
use std::io::Read;
use std::path::Path;

/// Lowest sample rate accepted (Hz); below it a header is damaged or crafted.
pub const MIN_RATE: u32 = 1_000;
/// Highest sample rate accepted (Hz).
pub const MAX_RATE: u32 = 384_000;
/// Longest recording accepted (s): three hours.
pub const MAX_SECONDS: u64 = 3 * 3600;

/// Why a WAV file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// The file does not exist.
    #[error("{path} does not exist; check the path")]
    Missing {
        /// File.
        path: String,
    },
    /// The file could not be opened.
    #[error("cannot open {path} ({detail}); check the path and its permissions")]
    Open {
        /// File.
        path: String,
        /// The operating system's reason.
        detail: String,
    },
    /// A FIFO, device or folder: reading it could block forever or never end.
    #[error(
        "{path} is {kind}, not a regular file; save the recording to a .wav file and pass that"
    )]
    NotRegular {
        /// File.
        path: String,
        /// What it is instead, e.g. "a FIFO (named pipe)".
        kind: &'static str,
    },
    /// A sample rate no recording of speech has.
    #[error("{path}: a sample rate of {rate} Hz is not plausible (expected {MIN_RATE}..={MAX_RATE} Hz); the header is damaged, re-export the recording")]
    BadRate {
        /// File.
        path: String,
        /// The rate in the header.
        rate: u32,
    },
    /// Longer than [`MAX_SECONDS`].
    #[error("{path} holds {minutes} minutes of audio, more than the {max} minutes rehearse accepts; cut it to the answer, e.g. `sox in.wav out.wav trim 0 5:00`", max = MAX_SECONDS / 60)]
    TooLong {
        /// File.
        path: String,
        /// Its length in whole minutes.
        minutes: u64,
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
    /// Samples that were not finite (set to 0) or outside -1..1 (clipped).
    pub cleaned: usize,
}

impl Pcm {
    /// A one-line warning when samples had to be cleaned, naming `name`.
    pub fn cleaned_warning(&self, name: &str) -> Option<String> {
        (self.cleaned > 0).then(|| {
            format!(
                "{name}: {} samples were not finite or outside -1..1 (set to 0 or clipped); the recording may be damaged",
                self.cleaned
            )
        })
    }
}

/// Read any PCM WAV hound understands into interleaved f32. Only a regular
/// file is opened; samples that had to be cleaned are counted in
/// [`Pcm::cleaned`] (the caller warns, see [`Pcm::cleaned_warning`]).
pub fn read_pcm(path: &Path) -> Result<Pcm, WavError> {
    let p = path.display().to_string();
    let open_err = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => WavError::Missing { path: p.clone() },
        _ => WavError::Open {
            path: p.clone(),
            detail: e.to_string(),
        },
    };
    if let Some(kind) = crate::util::fs::not_regular(path).map_err(open_err)? {
        return Err(WavError::NotRegular { path: p, kind });
    }
    let file = std::fs::File::open(path).map_err(open_err)?;
    let len = file.metadata().ok().map(|m| m.len());
    read_pcm_from(std::io::BufReader::new(file), &p, len)
}

/// [`read_pcm`] for a WAV file already in memory; `name` is used in messages.
pub fn read_pcm_bytes(bytes: &[u8], name: &str) -> Result<Pcm, WavError> {
    read_pcm_from(std::io::Cursor::new(bytes), name, Some(bytes.len() as u64))
}

/// [`read_pcm`] for WAV data from any reader; `name` is used in messages and
/// `available` (the byte length, when known) bounds what the header may claim.
pub fn read_pcm_from<R: Read>(
    input: R,
    name: &str,
    available: Option<u64>,
) -> Result<Pcm, WavError> {
    let p = name.to_string();
    let reader = hound::WavReader::new(input).map_err(|e| match e {
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
    if !(MIN_RATE..=MAX_RATE).contains(&spec.sample_rate) {
        return Err(WavError::BadRate {
            path: p,
            rate: spec.sample_rate,
        });
    }
    let ch = spec.channels as usize;
    // The header's sample count is a claim: the data actually there bounds it.
    let bytes_per_sample = u64::from(spec.bits_per_sample.div_ceil(8).max(1));
    let there = available.map_or(u64::MAX, |b| b / bytes_per_sample);
    let count = u64::from(reader.len()).min(there);
    let seconds = count / ch as u64 / u64::from(spec.sample_rate);
    if seconds > MAX_SECONDS {
        return Err(WavError::TooLong {
            path: p,
            minutes: seconds / 60,
        });
    }
    // A data size of 0xFFFFFFFF is the "length unknown" mark of streaming
    // writers: the samples are whatever the file holds.
    let unknown_length = (u64::from(reader.len()) + 1) * bytes_per_sample > u64::from(u32::MAX);
    let (samples, cleaned) = decode(reader, &p, ch, count as usize, unknown_length)?;
    if samples.is_empty() {
        return Err(WavError::Empty { path: p });
    }
    Ok(Pcm {
        samples,
        channels: spec.channels,
        sample_rate: spec.sample_rate,
        cleaned,
    })
}

/// Decode the samples; `count` (bounded by the file size) is only the
/// capacity to reserve. With `to_end`, the data ends where the file does.
fn decode<R: Read>(
    mut reader: hound::WavReader<R>,
    p: &str,
    ch: usize,
    count: usize,
    to_end: bool,
) -> Result<(Vec<f32>, usize), WavError> {
    let spec = reader.spec();
    let mut out = Vec::with_capacity(count);
    let mut cleaned = 0;
    let trunc = |n: usize, e: hound::Error| WavError::Truncated {
        path: p.to_string(),
        frames: n / ch,
        detail: e.to_string(),
    };
    // hound reports the end of the file as an I/O error ("Failed to read enough bytes").
    let at_end = |e: &hound::Error| to_end && matches!(e, hound::Error::IoError(_));
    match spec.sample_format {
        hound::SampleFormat::Float => {
            if spec.bits_per_sample != 32 {
                return Err(WavError::Unsupported {
                    path: p.into(),
                    detail: format!("{}-bit float", spec.bits_per_sample),
                });
            }
            for s in reader.samples::<f32>() {
                let v = match s {
                    Ok(v) => v,
                    Err(e) if at_end(&e) => break,
                    Err(e) => return Err(trunc(out.len(), e)),
                };
                out.push(if v.is_nan() || v.is_infinite() {
                    cleaned += 1;
                    0.0
                } else if v.abs() > 1.0 {
                    cleaned += 1;
                    v.clamp(-1.0, 1.0)
                } else {
                    v
                });
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
                match s {
                    Ok(v) => out.push(v as f32 * scale),
                    Err(e) if at_end(&e) => break,
                    Err(e) => return Err(trunc(out.len(), e)),
                }
            }
        }
    }
    // A file whose data chunk claims more than it holds ends mid-frame.
    out.truncate(out.len() / ch * ch);
    Ok((out, cleaned))
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
mod tests;
