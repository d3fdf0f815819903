//! `rehearse transcribe`.

use super::Globals;
use crate::cli::TranscribeArgs;
use std::process::ExitCode;

/// Run `rehearse transcribe`.
pub fn run(_g: &Globals, _args: TranscribeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse transcribe` is not built yet")
}
