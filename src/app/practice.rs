//! `rehearse practice`: one full rehearsal.
//!
//! 1. Pick the question, check the model and the microphone (fail before the
//!    person speaks, in one line), start loading the model in the background.
//! 2. Play the question (recorded audio, else local text-to-speech, else print
//!    it with a hint); the text is always shown.
//! 3. Record through cpal until Enter, `--max-seconds`, or `--silence-stop`
//!    seconds of silence after speech. The 16 kHz recording goes to a WAV in
//!    the data dir's `recordings/` as it arrives (header updated every second),
//!    so Ctrl-C, a vanished device or a crash never loses it. Finished
//!    stretches of speech are transcribed on a background thread while the
//!    person speaks.
//! 4. Transcribe what is left, analyse exactly as `rehearse score` does,
//!    print, save the attempt, and drop the temporary WAV.
//!
//! This file holds the order of the steps and the messages about a kept
//! recording; the steps live in `question` (choose and ask), `record`
//! (capture, stops, streaming feed), `live` (the status line), `rest`
//! (transcribe what is left) and `timings` (`--timings`).

use super::Globals;
use crate::app::out::{errln, out, outln};

mod live;
mod question;
mod record;
mod rest;
mod timings;

use crate::analysis::{Question, Report, Settings};
use crate::audio::devices::{self, Direction, QuietAlsa};
use crate::audio::{vad, WHISPER_RATE};
use crate::cli::PracticeArgs;
use crate::transcribe::stream::StreamTranscriber;
use live::clock;
use record::{End, RecordOptions, Recording};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;
use timings::{cpu_seconds, RecordCost};

/// Exit code after Ctrl-C (128 + SIGINT, as shells do).
const EXIT_INTERRUPTED: u8 = 130;

/// Run `rehearse practice`.
pub fn run(g: &Globals, args: PracticeArgs) -> anyhow::Result<ExitCode> {
    let _quiet_alsa = QuietAlsa::install();
    let stop = interrupt_flag();
    let question = question::choose_question(g, &args)?;
    // Fail before anyone speaks: no microphone, no model.
    let input = devices::open(Direction::Input, args.device.as_deref())?;
    g.model_options().resolve()?;
    let mut stream = spawn_transcriber(g, !args.no_stream);

    question::ask(&question, &args, &stop);
    if stop.load(Ordering::Relaxed) {
        errln!("Interrupted before recording; nothing was recorded.");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    {
        let sp = crate::output::progress::spinner(g.quiet, "Loading the speech model");
        let loaded = stream.wait_loaded();
        sp.finish_and_clear();
        loaded?;
    }

    let opts = RecordOptions {
        max_s: args.max_seconds.max(0.5),
        silence_stop_s: args.silence_stop.max(0.0),
        target_s: question.target_seconds as f64,
        streaming: !args.no_stream,
        live: crate::output::progress::visible(g.quiet),
        recordings: g.data.recordings_dir(),
    };
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    let rec = record::record(&input, &question, &opts, &mut stream, &stop)?;
    let cost = RecordCost {
        wall_s: wall0.elapsed().as_secs_f64(),
        cpu_s: cpu_seconds() - cpu0,
    };
    let stopped_at = Instant::now();
    let wav = rec.wav_path.clone();
    let keep_hint = |path: &Path| score_later(&question.id, path, false);

    match &rec.end {
        End::Interrupted => {
            errln!(
                "Interrupted after {}. The recording so far is kept at {}; {}.",
                clock(rec.audio_s()),
                wav.display(),
                keep_hint(&wav)
            );
            return Ok(ExitCode::from(EXIT_INTERRUPTED));
        }
        End::DeviceLost(why) => {
            anyhow::bail!(
                "the input device `{}` stopped after {} ({why}); the recording so far is kept at {}; {}",
                input.name,
                clock(rec.audio_s()),
                wav.display(),
                keep_hint(&wav)
            );
        }
        End::Enter | End::Limit | End::Silence => {}
    }
    if rec.dropped_s > 0.05 {
        errln!(
            "warning: {:.1} s of audio were lost because the computer was too busy",
            rec.dropped_s
        );
    }

    // Speech activity over the whole recording, then whatever is left to transcribe.
    let activity = vad::detect(&rec.pcm16, WHISPER_RATE, &vad::VadParams::default());
    let transcript =
        match rest::transcribe_rest(stream, &rec, &activity, opts.streaming, g.quiet, &stop) {
            Ok(t) => t,
            Err(_) if stop.load(Ordering::Relaxed) => {
                errln!(
                    "Interrupted. The recording is kept at {}; {}.",
                    wav.display(),
                    keep_hint(&wav)
                );
                return Ok(ExitCode::from(EXIT_INTERRUPTED));
            }
            Err(e) => anyhow::bail!(
                "transcription failed ({e:#}); the recording is kept at {}; {}",
                wav.display(),
                keep_hint(&wav)
            ),
        };

    let report = crate::pipeline::analyse_recording(
        &rec.pcm16,
        &transcript,
        &activity,
        &question,
        &Settings::default(),
    );
    let latency = stopped_at.elapsed().as_secs_f64();
    // A closed stdout (`| head`) must not cost the attempt: save first,
    // report the write error after.
    let printed = print_report(&report, &question, args.output.json);
    if args.timings {
        timings::print_timings(&rec, &activity, opts.streaming, latency, &cost);
    }
    if report.no_speech {
        // The terminal report already says "no speech detected" on stdout.
        let lead = if args.output.json {
            "no speech detected; nothing was scored. "
        } else {
            ""
        };
        errln!(
            "{lead}The recording is kept at {}. `rehearse devices` lists the microphones; choose one with --device.",
            wav.display()
        );
        printed?;
        return Ok(ExitCode::from(1));
    }
    let code = save(g, &report, &question, &rec)?;
    printed?;
    Ok(code)
}

/// Start loading the model on the transcriber's thread. While recording,
/// with fewer threads (see [`streaming_threads`]).
fn spawn_transcriber(g: &Globals, streaming: bool) -> StreamTranscriber {
    let mut g2 = g.clone();
    if streaming {
        g2.threads = Some(streaming_threads(g.threads));
    }
    StreamTranscriber::spawn(move || crate::pipeline::load_transcriber(&g2.model_options()))
}

/// The report on stdout, as JSON or for the terminal.
fn print_report(report: &Report, question: &Question, json: bool) -> std::io::Result<()> {
    if json {
        outln!("{}", crate::output::json::report_json(report))
    } else {
        let style = crate::output::style::Style::detect();
        out!(
            "{}",
            crate::output::terminal::render(report, question, style)
        )
    }
}

/// Save the attempt and drop the temporary WAV; if saving fails, the WAV
/// stays and the error says how to score it later.
fn save(
    g: &Globals,
    report: &Report,
    question: &Question,
    rec: &Recording,
) -> anyhow::Result<ExitCode> {
    let wav = &rec.wav_path;
    let saved = g.data.attempts().save(
        report,
        question,
        &crate::audio::wav::encode_wav(&rec.pcm16, WHISPER_RATE),
        crate::store::attempts::Source::Practice,
        std::time::SystemTime::now(),
    );
    match saved {
        Ok(dir) => {
            let _ = std::fs::remove_file(wav);
            errln!("Saved attempt to {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => anyhow::bail!(
            "could not save the attempt ({e:#}); the recording is kept at {}; {}",
            wav.display(),
            score_later(&question.id, wav, true)
        ),
    }
}

/// How to score a kept recording later.
fn score_later(question_id: &str, wav: &Path, save: bool) -> String {
    format!(
        "score it later with `rehearse score --question {question_id} --audio {}{}`",
        wav.display(),
        if save { " --save" } else { "" }
    )
}

/// Threads for transcribing while recording: `--threads` when given, else
/// one core fewer than the machine has (at most 4). Recording, the sound
/// server and the live line need a core, and whisper.cpp's threads
/// busy-wait on each other: on a 2-core machine with any other load, two
/// threads ran a 10 s stretch 7x slower than one (23.6 s against 3.3 s).
pub fn streaming_threads(explicit: Option<usize>) -> usize {
    explicit
        .unwrap_or_else(|| {
            let cores = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            cores.saturating_sub(1).clamp(1, 4)
        })
        .max(1)
}

/// A Ctrl-C flag. The first Ctrl-C asks for a clean stop (the recording is
/// kept); a second one exits at once.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    let presses = AtomicU8::new(0);
    let _ = ctrlc::set_handler(move || {
        if presses.fetch_add(1, Ordering::SeqCst) >= 1 {
            errln!("\nInterrupted twice; exiting now.");
            std::process::exit(EXIT_INTERRUPTED as i32);
        }
        f.store(true, Ordering::SeqCst);
    });
    flag
}
