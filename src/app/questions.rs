//! `rehearse questions`.

use super::Globals;
use crate::cli::QuestionsArgs;
use std::process::ExitCode;

/// Run `rehearse questions`.
pub fn run(_g: &Globals, _args: QuestionsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse questions` is not built yet")
}
