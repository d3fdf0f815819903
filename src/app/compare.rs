//! `rehearse compare A B`: two attempts of one question side by side — which
//! measures improved or got worse, which key points were gained or lost. The
//! attempts may be given in either order; the older one is always A.

use super::history::{use_color, view};
use super::Globals;
use crate::analysis::compare::compare;
use crate::analysis::Settings;
use crate::app::out::{out, outln};
use crate::cli::CompareArgs;
use crate::output::history::render_comparison_at;
use anyhow::Context;
use std::process::ExitCode;

/// Run `rehearse compare`.
pub fn run(g: &Globals, args: CompareArgs) -> anyhow::Result<ExitCode> {
    let store = g.data.attempts();
    let a = store.load(&args.a)?;
    let b = store.load(&args.b)?;
    if a.id == b.id {
        anyhow::bail!(
            "`{}` and `{}` are the same attempt; pick two (see `rehearse history --question {}`)",
            args.a,
            args.b,
            a.question.id
        );
    }
    if a.question.id != b.question.id {
        anyhow::bail!(
            "{} answers `{}` but {} answers `{}`; compare two attempts of one question \
             (see `rehearse history --question {}`)",
            a.id,
            a.question.id,
            b.id,
            b.question.id,
            b.question.id
        );
    }
    let c = compare(
        &view(&a).attempt(),
        &view(&b).attempt(),
        &Settings::default(),
    );
    if args.output.json {
        outln!(
            "{}",
            crate::output::json::pretty(&c).context("encoding the comparison")?
        )?;
    } else {
        out!(
            "{}",
            render_comparison_at(&c, use_color(), crate::output::width::detect())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
