//! `rehearse questions new`: add a question of your own. The question and
//! the answer come from `--question TEXT` and `--answer-file FILE` (`-` is
//! standard input), or are asked for on a terminal. The file written to the
//! user's question folder has the target length of the answer at a
//! comfortable pace and key points derived from it
//! ([`crate::analysis::derive_key_points`]); `questions edit ID` changes them.

use super::import::{print_made, question_toml};
use super::Globals;
use crate::analysis::derive_key_points;
use crate::app::out::errln;
use crate::store::import::{question_id, target_seconds};
use crate::store::questions::{parse, Source, DERIVED_KEY_POINTS_MAX};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Category of a new question when `--category` is not given.
const DEFAULT_CATEGORY: &str = "general";

/// What `questions new` was given on the command line.
pub struct NewArgs {
    /// `--question`.
    pub question: Option<String>,
    /// `--answer-file`.
    pub answer_file: Option<PathBuf>,
    /// `--category`.
    pub category: Option<String>,
    /// `--id`.
    pub id: Option<String>,
    /// `--force`.
    pub force: bool,
}

/// Run `questions new`.
pub fn run(
    g: &Globals,
    bank: &[(crate::analysis::Question, Source)],
    a: NewArgs,
) -> anyhow::Result<ExitCode> {
    let asking = std::io::stdin().is_terminal();
    let need_stdin = a.answer_file.as_deref() == Some(Path::new("-"));
    let question = match a.question {
        Some(q) => q,
        None if asking && !need_stdin => prompt_line("Question: ")?,
        None => anyhow::bail!(
            "no question given; pass --question \"TEXT\" (or run `rehearse questions new` on a terminal to be asked)"
        ),
    };
    let question = question.trim().to_string();
    if question.is_empty() {
        anyhow::bail!(
            "the question is empty; pass --question \"TEXT\" with the question as it is asked"
        );
    }
    let answer = match &a.answer_file {
        Some(f) => read_answer(f)?,
        None if asking => prompt_answer()?,
        None => anyhow::bail!(
            "no answer given; pass --answer-file FILE (a text file with your answer, `-` for standard input)"
        ),
    };
    let answer = answer.trim().replace("\r\n", "\n");
    if answer.is_empty() {
        anyhow::bail!("the answer is empty; write your answer in the file given to --answer-file");
    }

    let id = a.id.unwrap_or_else(|| question_id(&question));
    let category = a.category.unwrap_or_else(|| DEFAULT_CATEGORY.to_string());
    let points = derive_key_points(&answer, DERIVED_KEY_POINTS_MAX);
    let src = question_toml(
        &id,
        &category,
        &question,
        target_seconds(&answer),
        &answer,
        &points,
    );
    let dir = g.data.questions_dir();
    let path = dir.join(format!("{id}.toml"));
    let q = parse(&src, &path.display().to_string())
        .map_err(|e| anyhow::anyhow!("{e}; nothing was written"))?;

    let existing = bank.iter().find(|(b, _)| b.id == q.id).map(|(_, s)| s);
    if existing.is_some() && !a.force {
        anyhow::bail!(
            "a question with id `{}` already exists ({}); pass --id NEW-ID for another id, `rehearse questions edit {}` to change it, or --force to replace it",
            q.id,
            existing.map(Source::describe).unwrap_or_default(),
            q.id
        );
    }
    if path.exists() && !a.force {
        anyhow::bail!(
            "{} already exists; pass --id NEW-ID for another id, or --force to overwrite it",
            path.display()
        );
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    crate::util::fs::write_atomic(&path, src.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "Added a question to {}:", dir.display())?;
    print_made(&mut out, &path, &q, existing)?;
    writeln!(
        out,
        "\n`rehearse questions edit {0}` changes it; `rehearse practice --question {0}` rehearses it.",
        q.id
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The answer from a file (`-`: standard input), as UTF-8 text.
fn read_answer(file: &Path) -> anyhow::Result<String> {
    let bytes = if file == Path::new("-") {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| anyhow::anyhow!("cannot read the answer from standard input: {e}"))?;
        b
    } else {
        if let Ok(Some(kind)) = crate::util::fs::not_regular(file) {
            anyhow::bail!(
                "{} is {kind}, not a regular file; pass a text file with your answer",
                file.display()
            );
        }
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?
    };
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "{} is not UTF-8 text; save the answer as UTF-8 and try again",
            file.display()
        )
    })
}

/// Ask on stderr and read one line from the terminal.
fn prompt_line(prompt: &str) -> anyhow::Result<String> {
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line)
}

/// Ask for the answer and read lines until an empty line after some text,
/// or the end of input (Ctrl-D).
fn prompt_answer() -> anyhow::Result<String> {
    errln!(
        "Your answer (paragraphs as you would say them; an empty line twice or Ctrl-D ends it):"
    );
    read_until_blank_pair(&mut std::io::stdin().lock())
}

/// Lines until two empty lines in a row (after some text) or the end of input.
fn read_until_blank_pair(input: &mut dyn BufRead) -> anyhow::Result<String> {
    let mut text = String::new();
    let mut blank = 0;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            blank += 1;
            if blank >= 2 && !text.trim().is_empty() {
                break;
            }
        } else {
            blank = 0;
        }
        text.push_str(&line);
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_ends_at_two_blank_lines_or_the_end() {
        let cases = [
            ("One.\n\nTwo.\n\n\nafter", "One.\n\nTwo."),
            ("\n\nOne.\n", "One."),
            ("One.\nTwo.", "One.\nTwo."),
        ];
        for (input, want) in cases {
            let got = read_until_blank_pair(&mut input.as_bytes()).unwrap();
            assert_eq!(got.trim(), want, "{input:?}");
        }
    }
}
