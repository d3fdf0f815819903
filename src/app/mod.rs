//! One module per subcommand: each wires library steps together and adds
//! context to errors. `run` dispatches.

use crate::cli::Command;
use crate::pipeline::ModelOptions;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod compare;
pub mod devices;
pub mod history;
pub mod interview;
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
    // Before any thread starts: a crash inside whisper.cpp becomes one line.
    crate::transcribe::guard::install();
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
        Command::Interview(a) => interview::run(&g, a),
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

impl Globals {
    /// The question bank with each question's source: only the `--questions`
    /// folder when given, else the bundled bank merged with the user's
    /// question folder.
    pub fn bank_sourced(
        &self,
    ) -> anyhow::Result<Vec<(crate::analysis::Question, crate::store::questions::Source)>> {
        use crate::store::questions::{load_bank_sourced, load_merged};
        Ok(match &self.questions {
            Some(dir) => load_bank_sourced(Some(dir))?,
            None => load_merged(&self.data.questions_dir())?,
        })
    }

    /// The question bank ([`Self::bank_sourced`] without the sources).
    pub fn bank(&self) -> anyhow::Result<Vec<crate::analysis::Question>> {
        Ok(self.bank_sourced()?.into_iter().map(|(q, _)| q).collect())
    }

    /// The model choice as plain pipeline options (`--model`, `--threads`,
    /// and the user models folder resolved here, in `app`).
    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            model: self.model.clone(),
            user_models_dir: self.data.models_dir(),
            threads: self.threads,
        }
    }
}
