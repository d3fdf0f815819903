//! `rehearse score`.

use super::Globals;
use crate::cli::ScoreArgs;
use std::process::ExitCode;

/// Run `rehearse score`.
pub fn run(_g: &Globals, _args: ScoreArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse score` is not built yet")
}
