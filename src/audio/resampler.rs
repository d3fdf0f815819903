//! Incremental conversion of a live interleaved stream to 16 kHz mono.
//!
//! [`To16kMono`] takes the device's samples as they arrive, downmixes them
//! and runs rubato's FFT resampler block by block, trimming the resampler's
//! startup delay so output sample `i` lines up with input time `i / 16000`.
//! [`To16kMono::finish`] flushes the tail, so the total length is the same as
//! resampling the whole recording at once with [`super::wav::resample`].

use super::WHISPER_RATE;
use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

/// Input block size of the resampler (frames).
const BLOCK: usize = 1024;

/// Live interleaved audio in, 16 kHz mono out.
pub struct To16kMono {
    channels: usize,
    rate: u32,
    resampler: Option<Fft<f32>>,
    /// Leftover interleaved samples that do not make a whole frame yet.
    partial_frame: Vec<f32>,
    /// Mono frames waiting for a full resampler block.
    pending: Vec<f32>,
    out_buf: Vec<f32>,
    to_trim: usize,
    frames_in: u64,
    frames_out: u64,
}

impl To16kMono {
    /// A converter for `channels` interleaved channels at `rate` Hz.
    pub fn new(channels: u16, rate: u32) -> anyhow::Result<Self> {
        let resampler = if rate == WHISPER_RATE {
            None
        } else {
            Some(
                Fft::<f32>::new(
                    rate as usize,
                    WHISPER_RATE as usize,
                    BLOCK,
                    1,
                    FixedSync::Input,
                )
                .map_err(|e| anyhow::anyhow!("cannot resample from {rate} Hz ({e})"))?,
            )
        };
        let to_trim = resampler.as_ref().map(|r| r.output_delay()).unwrap_or(0);
        let out_len = resampler
            .as_ref()
            .map(|r| r.output_frames_max())
            .unwrap_or(0);
        Ok(To16kMono {
            channels: channels.max(1) as usize,
            rate,
            resampler,
            partial_frame: Vec::new(),
            pending: Vec::new(),
            out_buf: vec![0.0; out_len],
            to_trim,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Device frames consumed so far.
    pub fn frames_in(&self) -> u64 {
        self.frames_in
    }

    /// Convert `interleaved` and append the 16 kHz mono result to `out`.
    pub fn push(&mut self, interleaved: &[f32], out: &mut Vec<f32>) {
        let mut buf = std::mem::take(&mut self.partial_frame);
        buf.extend_from_slice(interleaved);
        let whole = buf.len() / self.channels * self.channels;
        self.partial_frame = buf.split_off(whole);
        self.mono(&buf, out);
    }

    fn mono(&mut self, frames: &[f32], out: &mut Vec<f32>) {
        let ch = self.channels;
        self.frames_in += (frames.len() / ch) as u64;
        if self.resampler.is_none() {
            let before = out.len();
            out.extend(
                frames
                    .chunks_exact(ch)
                    .map(|f| f.iter().sum::<f32>() / ch as f32),
            );
            self.frames_out += (out.len() - before) as u64;
            return;
        }
        self.pending.extend(
            frames
                .chunks_exact(ch)
                .map(|f| f.iter().sum::<f32>() / ch as f32),
        );
        let mut used = 0;
        while self.pending.len() - used >= BLOCK {
            let block = self.pending[used..used + BLOCK].to_vec();
            self.run(&block, None, out);
            used += BLOCK;
        }
        self.pending.drain(..used);
    }

    /// One resampler call; `partial` is the number of real frames in a short block.
    fn run(&mut self, block: &[f32], partial: Option<usize>, out: &mut Vec<f32>) {
        let Some(r) = self.resampler.as_mut() else {
            return;
        };
        let mut input = block.to_vec();
        input.resize(BLOCK, 0.0);
        let Ok(inp) = InterleavedSlice::new(&input[..], 1, BLOCK) else {
            return;
        };
        let frames = self.out_buf.len();
        let Ok(mut outp) = InterleavedSlice::new_mut(&mut self.out_buf[..], 1, frames) else {
            return;
        };
        let idx = Indexing {
            input_offset: 0,
            output_offset: 0,
            partial_len: partial,
            active_channels_mask: None,
        };
        let Ok((_, n)) = r.process_into_buffer(&inp, &mut outp, Some(&idx)) else {
            return;
        };
        let skip = self.to_trim.min(n);
        self.to_trim -= skip;
        out.extend_from_slice(&self.out_buf[skip..n]);
        self.frames_out += (n - skip) as u64;
    }

    /// Flush the tail: after this, the output holds exactly
    /// `ceil(frames_in * 16000 / rate)` samples in total.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        if self.resampler.is_none() {
            return;
        }
        let expected =
            (self.frames_in as f64 * WHISPER_RATE as f64 / self.rate as f64).ceil() as u64;
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            let n = rest.len();
            self.run(&rest, Some(n), out);
        }
        let mut guard = 0;
        while self.frames_out < expected && guard < 64 {
            self.run(&[], Some(0), out);
            guard += 1;
        }
        if self.frames_out > expected {
            let extra = (self.frames_out - expected) as usize;
            out.truncate(out.len().saturating_sub(extra));
            self.frames_out = expected;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::sine;

    #[test]
    fn streaming_equals_batch() {
        for &(rate, ch) in &[(48_000u32, 2u16), (44_100, 1), (16_000, 2), (22_050, 1)] {
            let mono = sine(rate, 1.37, 300.0);
            let inter: Vec<f32> = mono
                .iter()
                .flat_map(|&s| std::iter::repeat_n(s, ch as usize))
                .collect();
            let mut c = To16kMono::new(ch, rate).unwrap();
            let mut out = Vec::new();
            // Odd-sized pieces, some splitting frames.
            for piece in inter.chunks(777) {
                c.push(piece, &mut out);
            }
            c.finish(&mut out);
            let batch = crate::audio::wav::resample(&mono, rate, 16_000);
            assert_eq!(out.len(), batch.len(), "{rate} Hz {ch} ch");
            let err = out
                .iter()
                .zip(&batch)
                .skip(200)
                .take(out.len() - 400)
                .map(|(a, b)| (a - b).abs())
                .fold(0f32, f32::max);
            assert!(err < 0.02, "{rate} Hz {ch} ch: max diff {err}");
        }
    }

    #[test]
    fn empty_stream_gives_nothing() {
        let mut c = To16kMono::new(2, 48_000).unwrap();
        let mut out = Vec::new();
        c.push(&[], &mut out);
        c.finish(&mut out);
        assert!(out.is_empty());
        assert_eq!(c.frames_in(), 0);
    }
}
