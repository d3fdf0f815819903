//! `rehearse review`: show one saved attempt (transcript with pauses and
//! fillers, key points with evidence, reference answer, pace over time), and
//! with `--play` replay its recording, optionally `--from 0:45`.
//!
//! Playback goes through [`crate::audio::playback`] on the default output
//! device.

use super::history::{use_color, view};
use super::Globals;
use crate::app::out::{errln, out, outln};
use crate::cli::ReviewArgs;
use crate::output::format::{clock, parse_clock};
use crate::output::review::render_at;
use crate::store::attempts::Attempt;
use crate::store::AttemptStore;
use anyhow::Context;
use std::process::ExitCode;

/// Pick the attempt named by `attempt`, else the `last`-th newest (1 = the
/// newest, the default). clap refuses both at once.
pub(crate) fn pick(
    store: &AttemptStore,
    attempt: Option<&str>,
    last: Option<usize>,
) -> anyhow::Result<Attempt> {
    match (attempt, last.unwrap_or(1)) {
        (Some(id), _) => store.load(id),
        (None, 1) => store.latest(),
        (None, n) => {
            let (list, _) = store.list()?;
            let count = list.len();
            list.into_iter().nth(n - 1).ok_or_else(|| {
                anyhow::anyhow!(
                    "--last {n}: only {count} attempt{} saved; see `rehearse history`",
                    if count == 1 { " is" } else { "s are" }
                )
            })
        }
    }
}

/// Run `rehearse review`.
pub fn run(g: &Globals, args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let a = pick(&g.data.attempts(), args.attempt.as_deref(), args.last)?;
    let from_s = match &args.from {
        Some(s) => Some(parse_clock(s).ok_or_else(|| {
            anyhow::anyhow!("--from {s}: not a time; write it as m:ss (0:45) or seconds (45)")
        })?),
        None => None,
    };
    if args.output.json {
        outln!(
            "{}",
            crate::output::json::pretty(&a).context("encoding the attempt")?
        )?;
    } else {
        out!(
            "{}",
            render_at(&view(&a), use_color(), crate::output::width::detect())
        )?;
    }
    if args.play || from_s.is_some() {
        replay(&a, from_s.unwrap_or(0.0), args.output.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Play the attempt's recording from `from_s`.
fn replay(a: &Attempt, from_s: f64, quiet: bool) -> anyhow::Result<()> {
    let path = a.audio_path();
    let pcm = crate::store::attempts::read_recording(a)
        .and_then(|b| {
            let name = path.display().to_string();
            Ok(crate::audio::wav::read_pcm_bytes(&b, &name)?)
        })
        .with_context(|| {
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
        errln!(
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

/// Play mono samples at `rate` Hz on the default output device through
/// [`crate::audio::playback`]; Ctrl-C stops playback cleanly.
fn play_mono(samples: &[f32], rate: u32) -> anyhow::Result<()> {
    use crate::audio::devices::{self, Direction, QuietAlsa};
    use crate::audio::playback::{self, Played};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let _quiet = QuietAlsa::install();
    let out = devices::open(Direction::Output, None)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // Best effort: without a handler Ctrl-C still ends the process.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    if playback::play(&out, samples, rate, &stop)? == Played::Stopped {
        errln!("Stopped.");
    }
    Ok(())
}
