//! Playing a clip (the spoken question) through cpal's output device.
//!
//! The whole clip is converted to the device's rate and channel count up
//! front and placed in a lock-free ring buffer; the realtime callback only
//! copies from the ring into the device buffer (silence once it is empty) and
//! counts what it played. [`play`] waits, counting samples rather than
//! wall-clock time, until everything has been handed to the device, or until
//! it is told to stop.

use super::devices::OpenDevice;
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SizedSample};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Silence appended so the device's own buffer drains before the stream closes (s).
const TAIL_S: f64 = 0.3;
/// Give up when the device takes nothing for this long.
const STALL: Duration = Duration::from_secs(3);

/// How playback ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Played {
    /// The whole clip was played.
    Done,
    /// `stop` was set (Ctrl-C) before the end.
    Stopped,
}

/// Interleave mono samples into `channels` identical channels.
pub fn to_channels(mono: &[f32], channels: u16) -> Vec<f32> {
    let ch = channels.max(1) as usize;
    mono.iter()
        .flat_map(|&s| std::iter::repeat_n(s, ch))
        .collect()
}

/// Play mono `samples` at `rate` Hz on `dev`; returns early when `stop` is set.
pub fn play(
    dev: &OpenDevice,
    samples: &[f32],
    rate: u32,
    stop: &AtomicBool,
) -> anyhow::Result<Played> {
    let cfg = &dev.config;
    let out_rate = cfg.sample_rate();
    let mut mono = super::wav::resample(samples, rate, out_rate);
    mono.extend(std::iter::repeat_n(
        0.0,
        (TAIL_S * out_rate as f64) as usize,
    ));
    let data = to_channels(&mono, cfg.channels());
    let total = data.len() as u64;
    let (mut producer, consumer) = rtrb::RingBuffer::new(data.len().max(1));
    // The ring holds the whole clip, so this cannot fall short.
    let _ = producer.push_partial_slice(&data);
    let played = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(Mutex::new(None::<String>));
    let sc = super::devices::stream_config(cfg);
    use cpal::SampleFormat as F;
    let stream = match cfg.sample_format() {
        F::F32 => build::<f32>(dev, &sc, consumer, &played, &failed),
        F::I16 => build::<i16>(dev, &sc, consumer, &played, &failed),
        F::I32 => build::<i32>(dev, &sc, consumer, &played, &failed),
        F::U16 => build::<u16>(dev, &sc, consumer, &played, &failed),
        F::U8 => build::<u8>(dev, &sc, consumer, &played, &failed),
        F::I8 => build::<i8>(dev, &sc, consumer, &played, &failed),
        F::F64 => build::<f64>(dev, &sc, consumer, &played, &failed),
        F::I24 => build::<cpal::I24>(dev, &sc, consumer, &played, &failed),
        other => anyhow::bail!("output device `{}` only takes {other:?} samples", dev.name),
    }
    .map_err(|e| anyhow::anyhow!("cannot open output device `{}` ({e})", dev.name))?;
    stream
        .play()
        .map_err(|e| anyhow::anyhow!("cannot start playback on `{}` ({e})", dev.name))?;
    let mut last = 0;
    let mut last_change = Instant::now();
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(Played::Stopped);
        }
        let now = played.load(Ordering::Relaxed);
        if now >= total {
            return Ok(Played::Done);
        }
        if let Some(e) = failed.lock().ok().and_then(|f| f.clone()) {
            anyhow::bail!("output device `{}` stopped while playing ({e})", dev.name);
        }
        if now != last {
            last = now;
            last_change = Instant::now();
        } else if last_change.elapsed() > STALL {
            anyhow::bail!("output device `{}` stopped taking audio", dev.name);
        }
        std::thread::sleep(Duration::from_millis(15));
    }
}

fn build<T>(
    dev: &OpenDevice,
    config: &cpal::StreamConfig,
    mut ring: rtrb::Consumer<f32>,
    played: &Arc<AtomicU64>,
    failed: &Arc<Mutex<Option<String>>>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32>,
{
    let played = Arc::clone(played);
    let failed = Arc::clone(failed);
    dev.device.build_output_stream(
        *config,
        move |out: &mut [T], _: &cpal::OutputCallbackInfo| {
            // Realtime: copy from the ring, pad with silence, count.
            let n = ring.slots().min(out.len());
            if let Ok(chunk) = ring.read_chunk(n) {
                let (a, b) = chunk.as_slices();
                for (o, &s) in out.iter_mut().zip(a.iter().chain(b.iter())) {
                    *o = T::from_sample(s);
                }
                chunk.commit_all();
            }
            for o in &mut out[n..] {
                *o = T::EQUILIBRIUM;
            }
            played.fetch_add(n as u64, Ordering::Relaxed);
        },
        move |err: cpal::Error| {
            use cpal::ErrorKind as K;
            // Only these end the stream; others (an EIO from a busy sound
            // server) are survivable, and a dead stream shows as a stall.
            if matches!(err.kind(), K::DeviceNotAvailable | K::StreamInvalidated) {
                if let Ok(mut f) = failed.lock() {
                    f.get_or_insert_with(|| format!("{:?}: {err}", err.kind()));
                }
            }
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_mono_into_channels() {
        assert_eq!(to_channels(&[0.1, 0.2], 2), vec![0.1, 0.1, 0.2, 0.2]);
        assert_eq!(to_channels(&[0.5], 1), vec![0.5]);
        assert_eq!(to_channels(&[0.5], 0), vec![0.5]);
    }
}
