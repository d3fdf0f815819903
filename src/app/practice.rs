//! `rehearse practice`.

use super::Globals;
use crate::cli::PracticeArgs;
use std::process::ExitCode;

/// Run `rehearse practice`.
pub fn run(_g: &Globals, _args: PracticeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse practice` is not built yet")
}
