//! `rehearse review`: show one saved attempt (transcript with pauses and
//! fillers, key points with evidence, reference answer, pace over time), and
//! with `--play` replay its recording, optionally `--from 0:45`.
//!
//! Playback is a minimal cpal output stream: the realtime callback only copies
//! samples that were resampled to the device rate beforehand.

use super::history::{use_color, view};
use super::Globals;
use crate::cli::ReviewArgs;
use crate::output::review::{clock, parse_clock, render};
use crate::store::attempts::{self, Attempt};
use anyhow::Context;
use std::process::ExitCode;

/// Pick the attempt named by `attempt` / `--last` (default: the newest).
pub(crate) fn pick(attempt: Option<&str>, last: bool) -> anyhow::Result<Attempt> {
    match (attempt, last) {
        (Some(_), true) => {
            anyhow::bail!("give an attempt id or --last, not both (see `rehearse history`)")
        }
        (Some(id), false) => attempts::load(id),
        (None, _) => attempts::latest(),
    }
}

/// Run `rehearse review`.
pub fn run(_g: &Globals, args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let a = pick(args.attempt.as_deref(), args.last)?;
    let from_s = match &args.from {
        Some(s) => Some(parse_clock(s).ok_or_else(|| {
            anyhow::anyhow!("--from {s}: not a time; write it as m:ss (0:45) or seconds (45)")
        })?),
        None => None,
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&a).context("encoding the attempt")?
        );
    } else {
        print!("{}", render(&view(&a), use_color()));
    }
    if args.play || from_s.is_some() {
        replay(&a, from_s.unwrap_or(0.0), args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Play the attempt's recording from `from_s`.
fn replay(a: &Attempt, from_s: f64, quiet: bool) -> anyhow::Result<()> {
    let path = a.audio_path();
    let pcm = crate::audio::wav::read_pcm(&path).with_context(|| {
        format!(
            "cannot replay attempt {}: its recording is missing or damaged",
            a.id
        )
    })?;
    let mono = crate::audio::wav::downmix(&pcm.samples, pcm.channels as usize);
    let dur = mono.len() as f64 / pcm.sample_rate as f64;
    if from_s >= dur {
        anyhow::bail!(
            "--from {} is past the end of the recording ({}); pick an earlier time",
            clock(from_s),
            clock(dur)
        );
    }
    let start = (from_s * pcm.sample_rate as f64) as usize;
    if !quiet {
        eprintln!(
            "Playing {} from {} to {} (Ctrl-C to stop)…",
            path.display(),
            clock(from_s),
            clock(dur)
        );
    }
    play_mono(&mono[start..], pcm.sample_rate).with_context(|| {
        format!(
            "cannot play the recording; open it in any audio player instead: {}",
            path.display()
        )
    })
}

/// Play mono samples at `rate` Hz on the default output device; returns when done.
pub fn play_mono(samples: &[f32], rate: u32) -> anyhow::Result<()> {
    use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
    use cpal::SampleFormat;
    // libasound prints its own error lines; keep them in memory instead.
    #[cfg(target_os = "linux")]
    let _quiet = alsa::Output::local_error_handler().ok();
    let host = cpal::default_host();
    let device = host
        .default_output_device()
        .ok_or_else(|| anyhow::anyhow!("no audio output device found (see `rehearse devices`)"))?;
    let supported = device
        .default_output_config()
        .context("the output device reports no usable format")?;
    let format = supported.sample_format();
    let config: cpal::StreamConfig = supported.into();
    let out_rate = config.sample_rate;
    let data = std::sync::Arc::new(crate::audio::wav::resample(samples, rate, out_rate));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stream = match format {
        SampleFormat::F32 => build::<f32>(&device, config, data.clone(), done.clone())?,
        SampleFormat::I16 => build::<i16>(&device, config, data.clone(), done.clone())?,
        SampleFormat::I32 => build::<i32>(&device, config, data.clone(), done.clone())?,
        SampleFormat::U16 => build::<u16>(&device, config, data.clone(), done.clone())?,
        SampleFormat::U8 => build::<u8>(&device, config, data.clone(), done.clone())?,
        SampleFormat::F64 => build::<f64>(&device, config, data.clone(), done.clone())?,
        other => {
            anyhow::bail!("the output device wants {other} samples, which rehearse cannot play")
        }
    };
    stream.play().context("cannot start playback")?;
    let secs = data.len() as f64 / out_rate.max(1) as f64;
    // Wait for the end (plus a little for the device buffer), never forever.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(secs + 5.0);
    while !done.load(std::sync::atomic::Ordering::Acquire) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    Ok(())
}

fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    data: std::sync::Arc<Vec<f32>>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> anyhow::Result<cpal::Stream>
where
    T: cpal::SizedSample + cpal::FromSample<f32>,
{
    use cpal::traits::DeviceTrait;
    let channels = config.channels.max(1) as usize;
    let mut pos = 0usize;
    let stream = device
        .build_output_stream(
            config,
            move |out: &mut [T], _: &cpal::OutputCallbackInfo| {
                for frame in out.chunks_mut(channels) {
                    let v = data.get(pos).copied().unwrap_or(0.0);
                    pos += 1;
                    for s in frame.iter_mut() {
                        *s = T::from_sample(v);
                    }
                }
                if pos >= data.len() {
                    done.store(true, std::sync::atomic::Ordering::Release);
                }
            },
            |err| eprintln!("playback: {err}"),
            None,
        )
        .context("cannot open the output device for playback")?;
    Ok(stream)
}
