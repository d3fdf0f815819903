//! `rehearse questions`: list the question bank (with where each question
//! comes from), show one question with its reference answer and key points,
//! import a document of prepared answers (`import`), add a question
//! (`new`), edit or remove one (`edit`). Respects `--questions DIR`.

use super::Globals;
use crate::analysis::Question;
use crate::cli::{QuestionsAction, QuestionsArgs};
use crate::output::questions::{list_table_from, show_text};
use crate::store::questions::{find, Source};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

mod edit;
mod import;
mod new;

/// A question in `questions --json`: its fields plus `source`
/// (`"bundled"` or the path of its file).
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    question: &'a Question,
    source: String,
}

/// Run `rehearse questions`.
pub fn run(g: &Globals, args: QuestionsArgs) -> anyhow::Result<ExitCode> {
    // Before the bank loads: a broken file of the user's must stay fixable.
    match &args.action {
        Some(QuestionsAction::Edit { id }) => return edit::edit(g, id),
        Some(QuestionsAction::Rm { id, yes }) => return edit::rm(g, id, *yes),
        _ => {}
    }
    let sourced = g.bank_sourced()?;
    let width = terminal_width();
    let mut out = std::io::stdout().lock();
    match args.action {
        None if args.output.json => {
            let listed: Vec<Listed> = sourced
                .iter()
                .map(|(question, s)| Listed {
                    question,
                    source: s.describe(),
                })
                .collect();
            writeln!(out, "{}", crate::output::json::pretty(&listed)?)?;
        }
        None => {
            let user_dir = g.data.questions_dir();
            let from: Vec<&str> = sourced
                .iter()
                .map(|(_, s)| match s {
                    Source::Bundled => "bundled",
                    Source::File(p) if p.starts_with(&user_dir) => "yours",
                    Source::File(_) => "file",
                })
                .collect();
            let bank: Vec<Question> = sourced.iter().map(|(q, _)| q.clone()).collect();
            out.write_all(list_table_from(&bank, &from, width).as_bytes())?;
            if std::io::stdout().is_terminal() {
                writeln!(
                    out,
                    "\n{} questions; yours are in {}. `rehearse questions show ID` prints one.",
                    bank.len(),
                    user_dir.display()
                )?;
            }
        }
        Some(QuestionsAction::Show { id }) => {
            let bank: Vec<Question> = sourced.into_iter().map(|(q, _)| q).collect();
            let q = find(&bank, &id)?;
            if args.output.json {
                writeln!(out, "{}", crate::output::json::pretty(&q)?)?;
            } else {
                out.write_all(show_text(&q, width).as_bytes())?;
            }
        }
        Some(QuestionsAction::Import { file, force }) => {
            drop(out);
            return import::run(g, &sourced, &file, force);
        }
        Some(QuestionsAction::New {
            question,
            answer_file,
            category,
            id,
            force,
        }) => {
            drop(out);
            let a = new::NewArgs {
                question,
                answer_file,
                category,
                id,
                force,
            };
            return new::run(g, &sourced, a);
        }
        // Dispatched above, before the bank loads.
        Some(QuestionsAction::Edit { id }) => return edit::edit(g, &id),
        Some(QuestionsAction::Rm { id, yes }) => return edit::rm(g, &id, yes),
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
