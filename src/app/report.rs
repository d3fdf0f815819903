//! `rehearse report`.

use super::Globals;
use crate::cli::ReportArgs;
use std::process::ExitCode;

/// Run `rehearse report`.
pub fn run(_g: &Globals, _args: ReportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse report` is not built yet")
}
