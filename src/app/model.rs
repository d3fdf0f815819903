//! `rehearse model`.

use super::Globals;
use crate::cli::ModelArgs;
use std::process::ExitCode;

/// Run `rehearse model`.
pub fn run(_g: &Globals, _args: ModelArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse model` is not built yet")
}
