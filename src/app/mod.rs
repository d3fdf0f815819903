//! One module per subcommand: each wires library steps together and adds
//! context to errors. `run` dispatches.

use crate::cli::{Cli, Command};
use crate::pipeline::ModelOptions;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod compare;
pub mod devices;
pub mod history;
pub mod model;
pub mod paths;
pub mod practice;
pub mod questions;
pub mod report;
pub mod review;
pub mod score;
pub mod transcribe;

/// Options shared by every command.
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
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Before any thread starts: a crash inside whisper.cpp becomes one line.
    crate::transcribe::guard::install();
    let g = Globals {
        questions: cli.questions,
        model: cli.model,
        threads: cli.threads,
        quiet: cli.quiet,
        data: paths::DataDir::from_env(),
    };
    match cli.command {
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

impl Globals {
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
