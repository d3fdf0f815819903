//! One module per subcommand: each wires library steps together and adds
//! context to errors. `run` dispatches.

use crate::analysis::{SpeechActivity, Transcript};
use crate::cli::Command;
use crate::transcribe::Transcriber;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod compare;
pub mod devices;
pub mod history;
pub mod model;
pub mod out;
pub mod paths;
pub mod practice;
pub mod questions;
pub mod report;
pub mod review;
pub mod score;
pub mod transcribe;

/// The options a command may use, gathered from the subcommand's own
/// flattened [`crate::cli::TranscribeOpts`] and [`crate::cli::QuestionsOpts`]
/// (`None` where they do not apply).
#[derive(Debug, Clone)]
pub struct Globals {
    /// `--questions DIR`.
    pub questions: Option<PathBuf>,
    /// `--model PATH`.
    pub model: Option<PathBuf>,
    /// `--threads N`.
    pub threads: Option<usize>,
    /// `--quiet`.
    pub quiet: bool,
    /// The data directory (resolved once, from `REHEARSE_HOME` or the platform default).
    pub data: paths::DataDir,
}

/// Run a parsed command line.
pub fn run(command: Command, quiet: bool) -> anyhow::Result<ExitCode> {
    let tr = command.transcribe_opts();
    let g = Globals {
        questions: command.questions_opts().and_then(|o| o.questions.clone()),
        model: match &command {
            Command::Model(a) => a.model.clone(),
            _ => tr.and_then(|o| o.model.clone()),
        },
        threads: tr.and_then(|o| o.threads),
        quiet,
        data: paths::DataDir::from_env(),
    };
    match command {
        Command::Practice(a) => practice::run(&g, a),
        Command::Score(a) => score::run(&g, a),
        Command::Transcribe(a) => transcribe::run(&g, a),
        Command::Questions(a) => questions::run(&g, a),
        Command::Model(a) => model::run(&g, a),
        Command::Devices(a) => devices::run(&g, a),
        Command::History(a) => history::run(&g, a),
        Command::Review(a) => review::run(&g, a),
        Command::Report(a) => report::run(&g, a),
        Command::Compare(a) => compare::run(&g, a),
        Command::Delete(a) => history::delete(&g, a),
    }
}

/// Find the model (see `rehearse model path`) and load it.
pub fn load_transcriber(g: &Globals) -> anyhow::Result<Box<dyn Transcriber>> {
    use crate::transcribe::whisper::{WhisperOptions, WhisperTranscriber};
    let path = crate::transcribe::model::resolve(g.model.as_deref())?;
    let mut opts = WhisperOptions::default();
    if let Some(t) = g.threads {
        opts.threads = t.max(1);
    }
    Ok(Box::new(WhisperTranscriber::load(&path, opts)?))
}

/// Voice activity first, then Whisper on recordings that hold speech. Words
/// that fall in silence (whisper's hallucinations) are dropped.
pub fn transcribe_samples(
    tr: &mut dyn Transcriber,
    samples: &[f32],
) -> anyhow::Result<(Transcript, SpeechActivity)> {
    let activity = crate::audio::vad::detect(
        samples,
        crate::audio::WHISPER_RATE,
        &crate::audio::vad::VadParams::default(),
    );
    if activity.is_silent() {
        return Ok((Transcript::default(), activity));
    }
    let t = tr.transcribe(samples)?;
    Ok((crate::analysis::keep_voiced(t, &activity), activity))
}
