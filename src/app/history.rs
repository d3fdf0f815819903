//! `rehearse history` and `rehearse delete`.

use super::Globals;
use crate::cli::{DeleteArgs, HistoryArgs};
use std::process::ExitCode;

/// Run `rehearse history`.
pub fn run(_g: &Globals, _args: HistoryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse history` is not built yet")
}

/// Run `rehearse delete`.
pub fn delete(_g: &Globals, _args: DeleteArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`rehearse delete` is not built yet")
}
