//! `rehearse questions import FILE [--force]`: read a document of prepared
//! answers with [`crate::store::import::parse_document`] and write one
//! question file per question into the user's question folder.
//!
//! Each file gets the document's category (`general` when it has none), a
//! target length from [`crate::store::import::target_seconds`] and key points
//! from [`crate::analysis::derive_key_points`]. A question whose text equals
//! (ignoring case, spacing and punctuation) one already in the bank keeps
//! that question's id, so the import replaces it instead of adding a
//! duplicate. Every file is validated before anything is written, and no
//! existing file is overwritten without `--force`.

use super::Globals;
use crate::analysis::{derive_key_points, Question};
use crate::store::import::{parse_document, target_seconds};
use crate::store::questions::{parse, Source, DERIVED_KEY_POINTS_MAX};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Category of imported questions when the document names none.
const DEFAULT_CATEGORY: &str = "general";

/// Run the import.
pub fn run(
    g: &Globals,
    bank: &[(Question, Source)],
    file: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let text = read_document(file)?;
    let imported = parse_document(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let dir = g.data.questions_dir();

    let mut planned: Vec<(PathBuf, String, Question, Option<&Source>)> = Vec::new();
    for q in imported {
        let existing = bank
            .iter()
            .find(|(b, _)| same_text(&b.question, &q.question));
        let id = existing.map_or_else(|| q.id.clone(), |(b, _)| b.id.clone());
        let category = q
            .category
            .clone()
            .or_else(|| existing.map(|(b, _)| b.category.clone()))
            .unwrap_or_else(|| DEFAULT_CATEGORY.to_string());
        let points = derive_key_points(&q.reference, DERIVED_KEY_POINTS_MAX);
        let src = question_toml(
            &id,
            &category,
            &q.question,
            target_seconds(&q.reference),
            &q.reference,
            &points,
        );
        let path = dir.join(format!("{id}.toml"));
        let parsed = parse(&src, &path.display().to_string()).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}: the question \"{}\" does not make a valid question file ({e}); edit the document and import again",
                file.display(),
                q.line,
                q.question
            )
        })?;
        planned.push((path, src, parsed, existing.map(|(_, s)| s)));
    }

    let exist: Vec<String> = planned
        .iter()
        .filter(|(p, ..)| p.exists())
        .map(|(p, ..)| p.display().to_string())
        .collect();
    if !exist.is_empty() && !force {
        anyhow::bail!(
            "{} question file(s) already exist: {}; nothing was written. Run `rehearse questions import {} --force` to overwrite them",
            exist.len(),
            exist.join(", "),
            file.display()
        );
    }

    for (path, src, ..) in &planned {
        crate::util::fs::write_atomic(path, src.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Imported {} question(s) from {} into {}:",
        planned.len(),
        file.display(),
        dir.display()
    )?;
    for (path, _, q, replaced) in &planned {
        print_made(&mut out, path, q, *replaced)?;
    }
    writeln!(
        out,
        "\n`rehearse questions` lists them; `rehearse practice --question ID` rehearses one."
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Print one question written to `path`: id, category, target length,
/// question, file and key points, noting a question it replaces.
pub(super) fn print_made(
    out: &mut dyn Write,
    path: &Path,
    q: &Question,
    replaced: Option<&Source>,
) -> std::io::Result<()> {
    let q = crate::output::sanitize::question(q);
    let note = match replaced {
        Some(Source::Bundled) => " (replaces the bundled question)",
        Some(Source::File(_)) => " (replaces your question)",
        None => "",
    };
    writeln!(
        out,
        "\n{}  [{}, {}:{:02}]{note}\n  {}\n  file: {}",
        q.id,
        q.category,
        q.target_seconds / 60,
        q.target_seconds % 60,
        q.question,
        path.display()
    )?;
    writeln!(out, "  key points:")?;
    for p in &q.key_points {
        writeln!(out, "    - {p}")?;
    }
    Ok(())
}

/// The document as text: a regular file in UTF-8, else a one-line error.
fn read_document(file: &Path) -> anyhow::Result<String> {
    match crate::util::fs::not_regular(file) {
        Ok(Some(kind)) => anyhow::bail!(
            "{} is {kind}, not a regular file; pass a text or Markdown document",
            file.display()
        ),
        Ok(None) => {}
        Err(e) => anyhow::bail!("cannot read {}: {e}", file.display()),
    }
    let bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "{} is not UTF-8 text; save it as UTF-8 (plain text or Markdown) and import again",
            file.display()
        )
    })
}

/// True when two questions say the same words, ignoring case, spacing and punctuation.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// A TOML basic string (quoted, escaped) on one line.
fn basic(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML multi-line basic string holding `s`.
fn multiline(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\n\"\"\"");
    out
}

/// The text of one question file.
pub(super) fn question_toml(
    id: &str,
    category: &str,
    question: &str,
    target: u32,
    reference: &str,
    points: &[String],
) -> String {
    let mut s = format!(
        "id = {}\ncategory = {}\nquestion = {}\ntarget_seconds = {target}\nreference = {}\n",
        basic(id),
        basic(category),
        basic(question),
        multiline(reference)
    );
    if !points.is_empty() {
        s.push_str("key_points = [\n");
        for p in points {
            s.push_str(&format!("    {},\n", basic(p)));
        }
        s.push_str("]\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_parse_back_to_the_same_fields() {
        let reference = "Situation: a \"quoted\" C:\\path.\n\nResult: 40% faster.";
        let points = vec!["40% \"faster\"".to_string()];
        let src = question_toml("my-q", "general", "Why \"this\"?", 90, reference, &points);
        let q = parse(&src, "t.toml").expect("valid");
        assert_eq!(q.id, "my-q");
        assert_eq!(q.question, "Why \"this\"?");
        assert_eq!(q.reference, reference);
        assert_eq!(q.key_points, points);
        assert_eq!(q.target_seconds, 90);
    }

    #[test]
    fn same_text_ignores_case_spacing_and_punctuation() {
        assert!(same_text("Tell me  about a TIME?", "tell me about a time"));
        assert!(!same_text("Tell me about a time?", "Tell me about a team?"));
    }
}
