//! `rehearse model`: `list` the known models and what is installed, `fetch`
//! one, or print the `path` of the model that would be used. The logic lives
//! in [`crate::transcribe::model`]; this file prints.

use super::Globals;
use crate::app::out::{out, outln};
use crate::cli::{ModelAction, ModelArgs};
use crate::transcribe::model::{
    self as m, FetchEvent, FetchOutcome, FetchPlan, ModelError, KNOWN_MODELS, PREFERRED_FILES,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Run `rehearse model`.
pub fn run(g: &Globals, args: ModelArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        ModelAction::List => list(g),
        ModelAction::Fetch { name } => fetch(g, &name),
        ModelAction::Path => path(g),
    }
}

/// `model path`: the path on stdout (only), the search order on stderr.
fn path(g: &Globals) -> anyhow::Result<ExitCode> {
    if !g.quiet {
        eprint!(
            "{}",
            search_order_text(g.model.as_deref(), &g.data.models_dir())
        );
    }
    let p = m::resolve(g.model.as_deref(), &g.data.models_dir())?;
    outln!("{}", p.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Where rehearse looks, one entry per line, for `model path`.
fn search_order_text(explicit: Option<&Path>, user: &Path) -> String {
    let mut s = String::from("Model search order (the first folder holding a model wins):\n");
    match explicit {
        Some(p) => {
            s += &format!(
                "  --model / REHEARSE_MODEL: {} (set, so the folders below are not searched)\n",
                p.display()
            )
        }
        None => s += "  --model / REHEARSE_MODEL: not set\n",
    }
    for d in m::search_dirs(user) {
        let note = if d.is_dir() { "" } else { "  (no such folder)" };
        s += &format!("  {}{note}\n", d.display());
    }
    s += &format!(
        "Within a folder: {}, then other ggml-*.bin by name.\n",
        PREFERRED_FILES.join(", ")
    );
    s
}

/// `model fetch NAME`.
fn fetch(g: &Globals, name: &str) -> anyhow::Result<ExitCode> {
    let model = m::find_known(name).ok_or_else(|| ModelError::UnknownName {
        name: name.to_string(),
    })?;
    let dir = g.data.models_dir();
    let plan = FetchPlan::from_env(model, &dir)?;
    // Ctrl-C: remove the partial download (this process's temp file) and
    // stop, as a shell would (130). The handler runs on its own thread, so
    // it works even while a read is waiting on the network.
    let part = plan.temp_path();
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_file(&part);
        eprintln!("\nInterrupted; the partial download was removed, nothing was installed.");
        std::process::exit(130);
    });
    let show = !g.quiet && std::io::stderr().is_terminal();
    let bar = if show {
        ProgressBar::with_draw_target(Some(plan.size), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let mut on_event = |ev: FetchEvent| match ev {
        FetchEvent::CheckingExisting => bar.set_message("checking the file in place"),
        FetchEvent::Requesting => {
            if !g.quiet {
                bar.suspend(|| {
                    eprintln!(
                        "Downloading {} ({}) from {}",
                        plan.name,
                        human_size(plan.size),
                        plan.url
                    )
                });
            }
        }
        FetchEvent::Started { total } => {
            bar.set_length(total);
            bar.set_position(0);
            bar.reset_eta();
            bar.set_message(plan.name.clone());
        }
        FetchEvent::Progress { done } => bar.set_position(done),
        FetchEvent::Finished => bar.finish_and_clear(),
    };
    let outcome = m::fetch(&plan, &mut on_event);
    bar.finish_and_clear();
    let verified = if plan.sha1.is_some() {
        "size and SHA-1 verified"
    } else {
        "size verified; no published checksum"
    };
    match outcome? {
        FetchOutcome::AlreadyPresent(p) => {
            outln!(
                "{} is already installed ({verified}): {}",
                plan.name,
                p.display()
            )?;
        }
        FetchOutcome::Downloaded(p) => {
            outln!("Saved {} ({verified}): {}", plan.name, p.display())?;
        }
        FetchOutcome::Replaced(p) => {
            outln!(
                "Replaced an incomplete or different {} ({verified}): {}",
                plan.name,
                p.display()
            )?;
        }
    }
    if !g.quiet {
        if let Ok(used) = m::resolve(g.model.as_deref(), &dir) {
            if used != plan.dest {
                eprintln!(
                    "Note: rehearse will still use {} (see `rehearse model path`); pass --model {} to use {}.",
                    used.display(),
                    plan.dest.display(),
                    plan.name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `model list`: known models with size and where each is installed, other
/// model files found, and the one in use.
fn list(g: &Globals) -> anyhow::Result<ExitCode> {
    let user = g.data.models_dir();
    let dirs = m::search_dirs(&user);
    let in_use = m::resolve(g.model.as_deref(), &user);
    let used_path: Option<PathBuf> = in_use.as_ref().ok().cloned();
    let mark = |p: &Path| {
        if used_path.as_deref() == Some(p) {
            "  (in use)"
        } else {
            ""
        }
    };

    let mut out = String::new();
    out += "Known models (install with `rehearse model fetch NAME`):\n";
    let width = KNOWN_MODELS.iter().map(|k| k.name.len()).max().unwrap_or(8);
    for k in KNOWN_MODELS {
        let installed: Vec<PathBuf> = dirs
            .iter()
            .map(|d| d.join(k.file_name()))
            .filter(|p| p.is_file())
            .collect();
        let default = if k.name == m::DEFAULT_MODEL {
            " *"
        } else {
            "  "
        };
        out += &format!(
            "  {:<width$}{default} {:>9}  {}\n",
            k.name,
            human_size(k.size),
            k.note
        );
        for p in &installed {
            out += &format!(
                "  {:<width$}    installed: {}{}\n",
                "",
                p.display(),
                mark(p)
            );
        }
    }
    out += &format!(
        "  (* = recommended; `fetch` saves to {})\n",
        g.data.models_dir().display()
    );

    let known_files: Vec<String> = KNOWN_MODELS.iter().map(|k| k.file_name()).collect();
    let mut others: Vec<PathBuf> = Vec::new();
    for d in &dirs {
        let mut names: Vec<String> = m::list_files(d)
            .into_iter()
            .filter(|n| m::is_model_file_name(n) && !known_files.contains(n))
            .collect();
        names.sort();
        others.extend(names.into_iter().map(|n| d.join(n)));
    }
    if let Some(p) = &used_path {
        if !others.contains(p) && !dirs.iter().any(|d| p.parent() == Some(d.as_path())) {
            others.push(p.clone());
        }
    }
    if !others.is_empty() {
        out += "Other model files:\n";
        for p in &others {
            let size = std::fs::metadata(p)
                .map(|md| human_size(md.len()))
                .unwrap_or_default();
            out += &format!("  {} {size}{}\n", p.display(), mark(p));
        }
    }
    match &in_use {
        Ok(p) => out += &format!("In use: {}\n", p.display()),
        Err(e) => out += &format!("In use: none: {e}\n"),
    }
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}

/// Bytes as decimal megabytes or gigabytes: "77.7 MB", "1.53 GB".
fn human_size(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 1000.0 {
        format!("{:.2} GB", mb / 1000.0)
    } else {
        format!("{mb:.1} MB")
    }
}
