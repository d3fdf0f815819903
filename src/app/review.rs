//! `rehearse review`.

use super::Globals;
use crate::cli::ReviewArgs;
use std::process::ExitCode;

/// Run `rehearse review`.
pub fn run(_g: &Globals, _args: ReviewArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse review` is not built yet")
}
