//! `rehearse compare`.

use super::Globals;
use crate::cli::CompareArgs;
use std::process::ExitCode;

/// Run `rehearse compare`.
pub fn run(_g: &Globals, _args: CompareArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse compare` is not built yet")
}
