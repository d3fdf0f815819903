//! `rehearse history --summary`: progress across all questions by ISO week
//! ([`crate::analysis::weekly`]), as a table or `--json`.

use super::{print_warnings, view};
use crate::analysis::trends::HistoryRow;
use crate::analysis::weekly::weekly;
use crate::app::out::{out, outln};
use crate::app::Globals;
use crate::output::weekly::{summary_json, summary_table};
use std::process::ExitCode;

/// Run `history --summary` (of `question` only, when given).
pub(super) fn run(g: &Globals, question: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let (list, warnings) = g.data.attempts().list()?;
    let rows: Vec<HistoryRow> = list
        .iter()
        .filter(|a| question.is_none_or(|q| a.question.id == q))
        .map(|a| view(a).row())
        .collect();
    let weeks = weekly(&rows);
    print_warnings(&warnings);
    if json {
        outln!("{}", summary_json(&weeks))?;
    } else if weeks.is_empty() {
        outln!(
            "No attempts with speech yet (looked in {}). Answer a question with `rehearse practice --next`.",
            g.data.attempts_dir().display()
        )?;
    } else {
        out!("{}", summary_table(&weeks))?;
    }
    Ok(ExitCode::SUCCESS)
}
