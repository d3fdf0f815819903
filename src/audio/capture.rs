//! Microphone capture through cpal.
//!
//! The realtime callback does one thing: convert the device's samples to f32
//! and copy them into a lock-free ring buffer (`rtrb`). It never allocates
//! or locks. Everything else (downmix, resampling, voice activity, writing
//! the WAV, transcription) happens on ordinary threads that
//! [`Capture::read`] the ring.
//!
//! Time is counted in samples, not wall-clock: some devices (the ALSA `file`
//! plugin on `null`, used in tests) deliver audio far faster than real time.
//! When the callback sees a device delivering more than 4x real time, it
//! waits for room in the ring instead of dropping samples, which only slows
//! the fake device down; a real device (real-time delivery) never waits.

use super::devices::OpenDevice;
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SizedSample};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Seconds of audio the ring buffer holds before samples are dropped.
pub const RING_SECONDS: usize = 10;

/// State shared between the callbacks and the reader.
#[derive(Default)]
struct Shared {
    /// Samples (not frames) that did not fit in the ring.
    dropped: AtomicU64,
    /// Over/underruns and other survivable stream events.
    glitches: AtomicU64,
    /// Set by the error callback on a fatal error.
    failed: AtomicBool,
    /// The stream error, for the message (error callback only; not realtime).
    error: Mutex<Option<String>>,
}

/// A running input stream.
pub struct Capture {
    _stream: cpal::Stream,
    ring: rtrb::Consumer<f32>,
    shared: Arc<Shared>,
    /// Interleaved channels delivered by the device.
    pub channels: u16,
    /// Device sample rate (Hz).
    pub sample_rate: u32,
    /// Device name, for messages.
    pub device: String,
}

impl Capture {
    /// Open the stream on `dev` in its default format and start it.
    pub fn start(dev: &OpenDevice) -> anyhow::Result<Capture> {
        let cfg = &dev.config;
        let channels = cfg.channels();
        let sample_rate = cfg.sample_rate();
        let cap = (sample_rate as usize * channels as usize * RING_SECONDS).max(4096);
        let (producer, ring) = rtrb::RingBuffer::new(cap);
        let shared = Arc::new(Shared::default());
        let sc = super::devices::stream_config(cfg);
        use cpal::SampleFormat as F;
        let stream = match cfg.sample_format() {
            F::F32 => build::<f32>(dev, &sc, producer, &shared),
            F::I16 => build::<i16>(dev, &sc, producer, &shared),
            F::I32 => build::<i32>(dev, &sc, producer, &shared),
            F::U16 => build::<u16>(dev, &sc, producer, &shared),
            F::U8 => build::<u8>(dev, &sc, producer, &shared),
            F::I8 => build::<i8>(dev, &sc, producer, &shared),
            F::F64 => build::<f64>(dev, &sc, producer, &shared),
            F::I24 => build::<cpal::I24>(dev, &sc, producer, &shared),
            F::U32 => build::<u32>(dev, &sc, producer, &shared),
            other => anyhow::bail!(
                "input device `{}` only offers {other:?} samples, which rehearse cannot read; pick another with --device (see `rehearse devices`)",
                dev.name
            ),
        }
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot open input device `{}` ({e}); check it with `rehearse devices` or pick another with --device",
                dev.name
            )
        })?;
        stream.play().map_err(|e| {
            anyhow::anyhow!(
                "cannot start recording on `{}` ({e}); check it with `rehearse devices`",
                dev.name
            )
        })?;
        Ok(Capture {
            _stream: stream,
            ring,
            shared,
            channels,
            sample_rate,
            device: dev.name.clone(),
        })
    }

    /// Move every sample waiting in the ring onto the end of `out`
    /// (interleaved). Returns how many samples were added.
    pub fn read(&mut self, out: &mut Vec<f32>) -> usize {
        let n = self.ring.slots();
        if n == 0 {
            return 0;
        }
        let Ok(chunk) = self.ring.read_chunk(n) else {
            return 0;
        };
        let (a, b) = chunk.as_slices();
        out.extend_from_slice(a);
        out.extend_from_slice(b);
        chunk.commit_all();
        n
    }

    /// The stream error reported by the device, once it failed.
    pub fn error(&self) -> Option<String> {
        if !self.shared.failed.load(Ordering::Acquire) {
            return None;
        }
        let msg = self
            .shared
            .error
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default();
        Some(msg.unwrap_or_else(|| "the stream stopped".into()))
    }

    /// Close a stream whose device has gone away. Dropping such a stream can
    /// block (the backend's thread may wait on the dead device forever), so it
    /// is dropped on a detached thread instead.
    pub fn abandon(self) {
        let Capture { _stream, .. } = self;
        let _ = std::thread::Builder::new()
            .name("abandon-stream".into())
            .spawn(move || drop(_stream));
    }

    /// Samples lost because the reader fell behind.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }
}

fn build<T>(
    dev: &OpenDevice,
    config: &cpal::StreamConfig,
    mut producer: rtrb::Producer<f32>,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    let channels = config.channels.max(1) as usize;
    let per_s = config.sample_rate as f64 * channels as f64;
    // Clock of the first callback and samples since (reading the monotonic
    // clock is a vDSO call, fine in a realtime callback).
    let mut first: Option<std::time::Instant> = None;
    let mut delivered: u64 = 0;
    let data_shared = Arc::clone(shared);
    let err_shared = Arc::clone(shared);
    dev.device.build_input_stream(
        *config,
        move |data: &[T], _: &cpal::InputCallbackInfo| {
            // Realtime: convert and copy, nothing else. Whole frames only.
            let t0 = *first.get_or_insert_with(std::time::Instant::now);
            delivered += data.len() as u64;
            let audio_s = delivered as f64 / per_s;
            // More than 4x real time after a second of audio: a virtual device.
            let virtual_device = audio_s > 1.0 && t0.elapsed().as_secs_f64() * 4.0 < audio_s;
            let mut done = 0;
            let mut waits = 0;
            loop {
                let room = producer.slots() / channels * channels;
                let n = (data.len() - done).min(room);
                if let Ok(chunk) = producer.write_chunk_uninit(n) {
                    chunk
                        .fill_from_iter(data[done..done + n].iter().map(|&s| s.to_sample::<f32>()));
                }
                done += n;
                if done == data.len() {
                    break;
                }
                // Full. Only a faster-than-real-time (virtual) device waits,
                // and never longer than 2 s (the reader may be gone).
                if !virtual_device || waits >= 2_000 {
                    data_shared
                        .dropped
                        .fetch_add((data.len() - done) as u64, Ordering::Relaxed);
                    break;
                }
                waits += 1;
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        },
        move |err: cpal::Error| {
            use cpal::ErrorKind as K;
            // Only a vanished device or an invalidated stream ends recording.
            // Glitches, reroutes and transient backend errors (an EIO from a
            // busy sound server) are survivable: the stream keeps going, and a
            // stream that silently dies shows up as a stall to the reader.
            if !matches!(err.kind(), K::DeviceNotAvailable | K::StreamInvalidated) {
                err_shared.glitches.fetch_add(1, Ordering::Relaxed);
                return;
            }
            if let Ok(mut m) = err_shared.error.lock() {
                if m.is_none() {
                    *m = Some(err.to_string());
                }
            }
            err_shared.failed.store(true, Ordering::Release);
        },
        None,
    )
}
