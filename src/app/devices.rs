//! `rehearse devices`.

use super::Globals;
use crate::cli::DevicesArgs;
use std::process::ExitCode;

/// Run `rehearse devices`.
pub fn run(_g: &Globals, _args: DevicesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse devices` is not built yet")
}
