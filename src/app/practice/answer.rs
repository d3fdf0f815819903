//! One answer, start to finish: ask the question, give thinking time, record,
//! transcribe what is left, analyse exactly as `rehearse score` does, print,
//! save the attempt and drop the temporary WAV. [`Session`] holds what lasts
//! across answers (the microphone, Ctrl-C, the keys), so `practice` can offer
//! a retry and `interview` can ask several questions in a row.

use super::keys::Keys;
use super::live::clock;
use super::record::{self, End, RecordOptions, Recording};
use super::timings::{cpu_seconds, RecordCost};
use super::{question, rest, timings, Globals};
use crate::analysis::{Question, Report, Settings};
use crate::app::out::{errln, out, outln};
use crate::audio::devices::{self, Direction, OpenDevice, QuietAlsa};
use crate::audio::WHISPER_RATE;
use crate::transcribe::stream::StreamTranscriber;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Exit code after Ctrl-C (128 + SIGINT, as shells do).
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// What lasts across the answers of one run.
pub(crate) struct Session<'g> {
    /// The command's options.
    pub g: &'g Globals,
    /// The microphone.
    pub input: OpenDevice,
    /// Set by Ctrl-C.
    pub stop: Arc<AtomicBool>,
    /// Standard input.
    pub keys: Keys,
    _quiet_alsa: QuietAlsa,
}

impl<'g> Session<'g> {
    /// Open the microphone and check the model: fail before anyone speaks,
    /// in one line.
    pub fn open(g: &'g Globals, device: Option<&str>) -> anyhow::Result<Session<'g>> {
        let quiet_alsa = QuietAlsa::install();
        let stop = interrupt_flag();
        let input = devices::open(Direction::Input, device)?;
        g.model_options().resolve()?;
        Ok(Session {
            g,
            input,
            stop,
            keys: Keys::start(),
            _quiet_alsa: quiet_alsa,
        })
    }

    /// Whether Ctrl-C was pressed.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// How to take one answer.
pub(crate) struct Flow {
    /// Print the question only.
    pub no_voice: bool,
    /// Thinking time before recording (s; 0 = none).
    pub prep_s: f64,
    /// `--max-seconds`.
    pub max_s: f64,
    /// `--silence-stop` (0 = off).
    pub silence_stop_s: f64,
    /// Transcribe while recording.
    pub streaming: bool,
    /// Print the full report (as JSON when `json`); else nothing.
    pub print: bool,
    /// The report as JSON.
    pub json: bool,
    /// `--timings`.
    pub timings: bool,
    /// The interview this answer belongs to.
    pub session_id: Option<String>,
}

/// How one answer ended.
pub(crate) enum Answered {
    /// Scored and saved.
    Saved {
        /// The attempt folder.
        dir: PathBuf,
    },
    /// Nothing was heard; the recording is kept here.
    NoSpeech(PathBuf),
    /// Ctrl-C: stop the run (exit 130). What was kept has been said.
    Interrupted,
}

impl Answered {
    /// The recording to play back, if any.
    pub fn audio(&self) -> Option<PathBuf> {
        match self {
            Answered::Saved { dir, .. } => Some(dir.join(crate::analysis::attempt::AUDIO_FILE)),
            Answered::NoSpeech(wav) => Some(wav.clone()),
            Answered::Interrupted => None,
        }
    }
}

/// Ask `question` and take one answer.
pub(crate) fn answer(s: &Session, question: &Question, f: &Flow) -> anyhow::Result<Answered> {
    let g = s.g;
    let stop = &*s.stop;
    let mut stream = spawn_transcriber(g, f.streaming);
    question::ask(question, f.no_voice, stop, &s.keys);
    let live = crate::output::progress::visible(g.quiet);
    if !s.stopped() {
        question::prep(f.prep_s, live, stop, &s.keys);
    }
    if s.stopped() {
        errln!("Interrupted before recording; nothing was recorded.");
        return Ok(Answered::Interrupted);
    }
    {
        let sp = crate::output::progress::spinner(g.quiet, "Loading the speech model");
        let loaded = stream.wait_loaded();
        sp.finish_and_clear();
        loaded?;
    }

    let opts = RecordOptions {
        max_s: f.max_s.max(0.5),
        silence_stop_s: f.silence_stop_s.max(0.0),
        target_s: question.target_seconds as f64,
        streaming: f.streaming,
        live,
        recordings: g.data.recordings_dir(),
    };
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    let rec = record::record(&s.input, question, &opts, &mut stream, stop, &s.keys)?;
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
            return Ok(Answered::Interrupted);
        }
        End::DeviceLost(why) => {
            anyhow::bail!(
                "the input device `{}` stopped after {} ({why}); the recording so far is kept at {}; {}",
                s.input.name,
                clock(rec.audio_s()),
                wav.display(),
                keep_hint(&wav)
            );
        }
        End::Enter | End::Limit | End::Silence(_) => {}
    }
    if rec.dropped_s > 0.05 {
        errln!(
            "warning: {:.1} s of audio were lost because the computer was too busy",
            rec.dropped_s
        );
    }

    // Speech activity over the whole recording, then whatever is left to transcribe.
    let activity = crate::pipeline::voice_activity(&rec.pcm16);
    let transcript =
        match rest::transcribe_rest(stream, &rec, &activity, opts.streaming, g.quiet, stop) {
            Ok(t) => t,
            Err(_) if s.stopped() => {
                errln!(
                    "Interrupted. The recording is kept at {}; {}.",
                    wav.display(),
                    keep_hint(&wav)
                );
                return Ok(Answered::Interrupted);
            }
            Err(e) => anyhow::bail!(
                "transcription failed ({e:#}); the recording is kept at {}; {}",
                wav.display(),
                keep_hint(&wav)
            ),
        };

    let transcribed_s = stopped_at.elapsed().as_secs_f64();
    let report = crate::pipeline::analyse_measured(
        &rec.pcm16,
        &rec.frames,
        &transcript,
        &activity,
        question,
        &Settings::default(),
    );
    let latency = stopped_at.elapsed().as_secs_f64();
    // A closed stdout (`| head`) must not cost the attempt: save first,
    // report the write error after.
    let printed = if f.print {
        print_report(&report, question, f.json)
    } else {
        Ok(())
    };
    if f.timings {
        timings::print_timings(
            &rec,
            &activity,
            opts.streaming,
            (transcribed_s, latency),
            &cost,
        );
    }
    if report.no_speech {
        // The terminal report already says "no speech detected" on stdout.
        let lead = if f.json || !f.print {
            "no speech detected; nothing was scored. "
        } else {
            ""
        };
        errln!(
            "{lead}The recording is kept at {}. `rehearse devices` lists the microphones; choose one with --device.",
            wav.display()
        );
        printed?;
        return Ok(Answered::NoSpeech(wav));
    }
    let dir = save(g, &report, question, &rec, f.session_id.as_deref())?;
    printed?;
    Ok(Answered::Saved { dir })
}

/// Start loading the model on the transcriber's thread. While recording,
/// a machine of three or more cores leaves one to the recording (see
/// [`crate::pipeline::load_recording_transcriber`]).
fn spawn_transcriber(g: &Globals, streaming: bool) -> StreamTranscriber {
    let o = g.model_options();
    StreamTranscriber::spawn(move || {
        if streaming {
            crate::pipeline::load_recording_transcriber(&o)
        } else {
            crate::pipeline::load_transcriber(&o)
        }
    })
}

/// The report on stdout, as JSON or for the terminal.
fn print_report(report: &Report, question: &Question, json: bool) -> std::io::Result<()> {
    if json {
        outln!("{}", crate::output::json::report_json(report))
    } else {
        let style = crate::output::style::Style::detect();
        out!(
            "{}",
            crate::output::terminal::render_at(
                report,
                question,
                style,
                crate::output::width::detect()
            )
        )
    }
}

/// Save the attempt (in the interview `session` if any) and drop the
/// temporary WAV; if saving fails, the WAV stays and the error says how to
/// score it later.
fn save(
    g: &Globals,
    report: &Report,
    question: &Question,
    rec: &Recording,
    session: Option<&str>,
) -> anyhow::Result<PathBuf> {
    let wav = &rec.wav_path;
    let bytes = crate::audio::wav::encode_wav(&rec.pcm16, WHISPER_RATE);
    let (store, now) = (g.data.attempts(), std::time::SystemTime::now());
    let source = crate::store::attempts::Source::Practice;
    let saved = match session {
        Some(id) => store.save_in_session(report, question, &bytes, source, now, id),
        None => store.save(report, question, &bytes, source, now),
    };
    match saved {
        Ok(dir) => {
            let _ = std::fs::remove_file(wav);
            errln!("Saved attempt to {}", dir.display());
            Ok(dir)
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
