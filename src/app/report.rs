//! `rehearse report`: write a self-contained HTML page and/or a Markdown file
//! for one attempt (default: the newest) or, with `--question`, for a
//! question's progress across its attempts.

use super::history::{print_warnings, view};
use super::Globals;
use crate::app::out::outln;
use crate::cli::ReportArgs;
use crate::output::view::AttemptView;
use crate::store::attempts::Attempt;
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

/// Run `rehearse report`.
pub fn run(g: &Globals, args: ReportArgs) -> anyhow::Result<ExitCode> {
    if args.html.is_none() && args.md.is_none() {
        anyhow::bail!(
            "say where to write the report: --html FILE (self-contained page) and/or --md FILE"
        );
    }
    let (html, md) = match &args.question {
        Some(q) => question_pages(g, q, args.html.is_some())?,
        None => {
            let a = match &args.attempt {
                Some(id) => g.data.attempts().load(id)?,
                None => g.data.attempts().latest()?,
            };
            let v = view(&a);
            let html = match args.html.is_some() {
                true => Some(crate::output::html::attempt(&v, read_wav(&a).as_deref())),
                false => None,
            };
            (html, crate::output::markdown::attempt(&v))
        }
    };
    if let (Some(path), Some(page)) = (&args.html, html) {
        write(path, page.as_bytes())?;
        outln!("Wrote {}", path.display())?;
    }
    if let Some(path) = &args.md {
        write(path, md.as_bytes())?;
        outln!("Wrote {}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// HTML (when asked) and Markdown for a question's progress.
fn question_pages(
    g: &Globals,
    q: &str,
    want_html: bool,
) -> anyhow::Result<(Option<String>, String)> {
    let (list, warnings) = g.data.attempts().list()?;
    print_warnings(&warnings);
    let mine: Vec<&Attempt> = list.iter().filter(|a| a.question.id == q).collect();
    let Some(newest) = mine.first() else {
        let known: std::collections::BTreeSet<&str> =
            list.iter().map(|a| a.question.id.as_str()).collect();
        let hint = if known.is_empty() {
            "no attempts are saved yet; answer with `rehearse practice`".to_string()
        } else {
            format!(
                "questions with attempts: {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        anyhow::bail!("no attempts of `{q}` ({hint})");
    };
    let views: Vec<AttemptView> = mine.iter().map(|a| view(a)).collect();
    let html = want_html.then(|| {
        crate::output::html::progress(
            q,
            &newest.question.question,
            &views,
            read_wav(newest).as_deref(),
        )
    });
    let md = crate::output::markdown::progress(q, &newest.question.question, &views);
    Ok((html, md))
}

/// The attempt's WAV bytes for embedding: the folder's own regular
/// `answer.wav`, and only if it reads as WAV; anything else only warns.
fn read_wav(a: &Attempt) -> Option<Vec<u8>> {
    let checked = crate::store::attempts::read_recording(a).and_then(|b| {
        let name = a.audio_path().display().to_string();
        crate::audio::wav::read_pcm_bytes(&b, &name)?;
        Ok(b)
    });
    match checked {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("warning: recording of {} not embedded ({e:#})", a.id);
            None
        }
    }
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::util::fs::write_atomic(path, bytes).with_context(|| {
        format!(
            "cannot write {}; check the folder exists and is writable",
            path.display()
        )
    })
}
