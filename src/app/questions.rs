//! `rehearse questions`: list the question bank, or show one question with its
//! reference answer and key points. Respects `--questions DIR`.

use super::Globals;
use crate::cli::{QuestionsAction, QuestionsArgs};
use crate::output::questions::{list_table, show_text};
use crate::store::questions::{find, load_bank};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Run `rehearse questions`.
pub fn run(g: &Globals, args: QuestionsArgs) -> anyhow::Result<ExitCode> {
    let bank = load_bank(g.questions.as_deref())?;
    let width = terminal_width();
    let mut out = std::io::stdout().lock();
    match args.action {
        None if args.output.json => {
            writeln!(out, "{}", crate::output::json::pretty(&bank)?)?;
        }
        None => {
            out.write_all(list_table(&bank, width).as_bytes())?;
            if std::io::stdout().is_terminal() {
                writeln!(
                    out,
                    "\n{} questions. `rehearse questions show ID` prints one.",
                    bank.len()
                )?;
            }
        }
        Some(QuestionsAction::Show { id }) => {
            let q = find(&bank, &id)?;
            if args.output.json {
                writeln!(out, "{}", crate::output::json::pretty(&q)?)?;
            } else {
                out.write_all(show_text(&q, width).as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Terminal width from `COLUMNS`, else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20)
        .unwrap_or(80)
}
