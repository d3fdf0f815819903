//! `rehearse history` (table of attempts with trends, `--summary` by week,
//! `--prune`), the `practice --next` choice (`next_question`) and
//! `rehearse delete`. `--prune` and `delete` delete only after a y/N answer
//! on a terminal or with `--yes`.

use super::Globals;
use crate::analysis::trends::HistoryRow;
use crate::app::out::{errln, out, outln};
use crate::cli::{DeleteArgs, HistoryArgs};
use crate::output::format::short_date;
use crate::output::history::{history_json, render_table_at, Skipped};
use crate::output::view::AttemptView;
use crate::store::attempts::{Attempt, Warning};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

mod next;
mod summary;
pub(crate) use next::next_question;

/// Halfway folders younger than this may still be being written; prune leaves them.
const IN_PROGRESS_GRACE: Duration = Duration::from_secs(60);

/// Colour on when stdout is a terminal that wants it (see
/// [`crate::output::style::Style::detect`]).
pub(crate) fn use_color() -> bool {
    crate::output::style::Style::detect().color
}

/// The renderers' view of a stored attempt.
pub(crate) fn view(a: &Attempt) -> AttemptView<'_> {
    AttemptView::of(a)
}

/// Print skipped folders to stderr.
pub(crate) fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        let msg = w.to_string();
        errln!("warning: {}", crate::output::sanitize::line(&msg));
    }
}

/// Run `rehearse history`.
pub fn run(g: &Globals, args: HistoryArgs) -> anyhow::Result<ExitCode> {
    if args.prune {
        return prune(g, &args);
    }
    if args.summary {
        if let Some(q) = &args.question {
            let (list, _) = g.data.attempts().list()?;
            check_question(g, q, &list)?;
        }
        return summary::run(g, args.question.as_deref(), args.output.json);
    }
    let (mut list, warnings) = g.data.attempts().list()?;
    if let Some(q) = &args.question {
        if let Err(e) = check_question(g, q, &list) {
            print_warnings(&warnings);
            return Err(e);
        }
        list.retain(|a| &a.question.id == q);
    }
    let rows: Vec<HistoryRow> = list.iter().map(|a| view(a).row()).collect();
    if args.output.json {
        let skipped = warnings
            .iter()
            .map(|w| Skipped {
                id: w.id.clone(),
                message: w.message.clone(),
            })
            .collect();
        outln!("{}", history_json(rows, skipped))?;
        print_warnings(&warnings);
        return Ok(ExitCode::SUCCESS);
    }
    print_warnings(&warnings);
    if rows.is_empty() {
        match &args.question {
            Some(q) => {
                // `check_question` found it in this bank: name the bank too.
                let bank = match &g.questions {
                    Some(dir) => format!(" --questions {}", dir.display()),
                    None => String::new(),
                };
                outln!(
                    "No attempts of `{q}` yet. Answer it with `rehearse practice{bank} --question {q}`."
                )?
            }
            None => outln!(
                "No attempts yet (looked in {}). Answer a question with `rehearse practice` \
                 or save a recording with `rehearse score --save`.",
                g.data.attempts_dir().display()
            )?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "{}",
        render_table_at(&rows, use_color(), crate::output::width::table_limit())
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `--question ID` names a question with attempts, or one in the bank (with
/// no attempts yet); anything else is an error with the id probably meant.
fn check_question(g: &Globals, q: &str, attempts: &[Attempt]) -> anyhow::Result<()> {
    if attempts.iter().any(|a| a.question.id == q) {
        return Ok(());
    }
    let bank = g.bank()?;
    if bank.iter().any(|b| b.id == q) {
        return Ok(());
    }
    let ids = attempts
        .iter()
        .map(|a| a.question.id.as_str())
        .chain(bank.iter().map(|b| b.id.as_str()));
    let hint = match crate::store::questions::suggest_id(ids, q) {
        Some(id) => format!("did you mean `{id}`? "),
        None => String::new(),
    };
    anyhow::bail!(
        "no attempts of `{q}` and no question with that id; {hint}\
         `rehearse history` lists the attempts and `rehearse questions` the questions"
    )
}

/// One folder `--prune` offers to delete.
struct Candidate {
    id: String,
    dir: PathBuf,
    why: String,
}

fn prune(g: &Globals, args: &HistoryArgs) -> anyhow::Result<ExitCode> {
    let (list, warnings) = g.data.attempts().list()?;
    if let Some(q) = &args.question {
        check_question(g, q, &list)?;
    }
    let now = SystemTime::now();
    let mut cands = Vec::new();
    let mut young = 0;
    let mut rescue = Vec::new();
    for w in &warnings {
        let age = std::fs::metadata(&w.dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .unwrap_or(Duration::MAX);
        if w.message.contains("newer rehearse") {
            continue; // readable by a newer version: not ours to delete
        }
        if w.recording.is_some() {
            rescue.push(w); // a recording is never pruned: re-score it
            continue;
        }
        if age < IN_PROGRESS_GRACE {
            young += 1;
            continue;
        }
        cands.push(Candidate {
            id: w.id.clone(),
            dir: w.dir.clone(),
            why: "incomplete".into(),
        });
    }
    if let Some(keep) = args.keep {
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for a in &list {
            if let Some(q) = &args.question {
                if &a.question.id != q {
                    continue;
                }
            }
            let n = seen.entry(a.question.id.as_str()).or_default();
            *n += 1;
            if *n > keep {
                cands.push(Candidate {
                    id: a.id.clone(),
                    dir: a.dir.clone(),
                    why: format!(
                        "{} from {}, older than the newest {keep}",
                        a.question.id,
                        short_date(&a.created)
                    ),
                });
            }
        }
    }
    for w in &rescue {
        errln!("kept {}: {}", w.id, w.message);
    }
    if young > 0 {
        errln!(
            "note: left {young} incomplete folder{} changed in the last minute alone (may still be being written)",
            if young == 1 { "" } else { "s" }
        );
    }
    if cands.is_empty() {
        outln!(
            "Nothing to prune{}.",
            if args.keep.is_none() {
                " (no incomplete attempts; add --keep N to remove all but the newest N per question)"
            } else {
                ""
            }
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} attempt folder{} to delete:",
        cands.len(),
        if cands.len() == 1 { "" } else { "s" }
    )?;
    for c in &cands {
        let line = format!("{}  ({})", c.id, c.why);
        outln!("  {}", crate::output::sanitize::line(&line))?;
    }
    if !confirm(
        &format!(
            "Delete {} folder{}?",
            cands.len(),
            if cands.len() == 1 { "" } else { "s" }
        ),
        args.yes,
    )? {
        outln!("Nothing deleted.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = 0;
    for c in &cands {
        if let Err(e) = std::fs::remove_dir_all(&c.dir) {
            errln!("warning: cannot delete {}: {e}", c.dir.display());
            failed += 1;
        }
    }
    outln!(
        "Deleted {} folder{}.",
        cands.len() - failed,
        if cands.len() - failed == 1 { "" } else { "s" }
    )?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Run `rehearse delete`.
pub fn delete(g: &Globals, args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let store = g.data.attempts();
    let (id, dir) = store.resolve(&args.attempt)?;
    let what = match store.load(&id) {
        Ok(a) => format!(
            "attempt {id} ({}, {}, {} of speech, {:.0}% coverage)",
            a.question.id,
            short_date(&a.created),
            crate::output::format::clock(a.report.speech_s),
            a.report.coverage * 100.0
        ),
        Err(_) => match crate::store::attempts::intact_recording(&dir) {
            Some(wav) => format!(
                "incomplete attempt folder {id} (its recording {} is intact; \
                 `rehearse score --audio … --save` can rebuild the attempt)",
                wav.display()
            ),
            None => format!("incomplete attempt folder {id}"),
        },
    };
    let what = crate::output::sanitize::line(&what);
    if !confirm(&format!("Delete {what} and its recording?"), args.yes)? {
        outln!("Nothing deleted.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let dir = store.delete(&id)?;
    outln!("Deleted {}", dir.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Ask y/N on the terminal; `yes` skips the question. Refuses (error) when
/// stdin is not a terminal, so scripts must say `--yes` explicitly.
pub(crate) fn confirm(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!(
            "not deleting: cannot ask for confirmation because stdin is not a terminal; \
             pass --yes to delete without asking"
        );
    }
    let mut err = std::io::stderr();
    Ok(ask(question, &mut stdin.lock(), &mut err)?)
}

/// Print `question [y/N] ` and read one answer: only "y"/"yes" agree.
pub(crate) fn ask(
    question: &str,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    write!(out, "{question} [y/N] ")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        writeln!(out)?;
        return Ok(false);
    }
    let a = line.trim().to_ascii_lowercase();
    Ok(a == "y" || a == "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_agrees() {
        for (input, want) in [
            ("y\n", true),
            ("YES\n", true),
            (" yes \n", true),
            ("\n", false),
            ("n\n", false),
            ("yep\n", false),
            ("", false),
        ] {
            let mut out = Vec::new();
            let got = ask("Delete?", &mut input.as_bytes(), &mut out).unwrap();
            assert_eq!(got, want, "{input:?}");
            assert!(String::from_utf8(out)
                .unwrap()
                .starts_with("Delete? [y/N] "));
        }
    }
}
