//! `rehearse questions edit ID` and `rehearse questions rm ID`.
//!
//! `edit` opens the question's file in `$VISUAL`, else `$EDITOR`, else `vi`
//! (run through `sh -c`, so `EDITOR="code --wait"` works). A bundled question
//! is first copied into the user's question folder, where it then overrides
//! the bundled one. After the editor exits the file is checked like every
//! question file, together with the rest of the bank; an invalid edit stays
//! in the file (nothing is lost) and the command fails with the problem's
//! line and column and how to get back to it. Because a broken file stops the
//! bank from loading, both commands find `DATA/questions/ID.toml` directly
//! before they load anything.
//!
//! `rm` deletes a file of the user's folder only; a bundled question cannot
//! be removed (one line says so).

use super::Globals;
use crate::app::out::errln;
use crate::store::questions::{bundled_source, find, load_file, load_merged, Source};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Run `questions edit ID`.
pub fn edit(g: &Globals, id: &str) -> anyhow::Result<ExitCode> {
    let dir = g.data.questions_dir();
    let path = match own_file(g, id)? {
        Some(p) => p,
        None => {
            let src = bundled_source(id).ok_or_else(|| not_found(g, id))?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            let path = dir.join(format!("{id}.toml"));
            crate::util::fs::write_atomic(&path, src.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            errln!(
                "Copied the bundled question `{id}` to {}; your copy replaces it.",
                path.display()
            );
            path
        }
    };
    run_editor(&path)?;

    // The file alone, then with the rest of the bank (a changed id may clash).
    let checked = load_file(&path)
        .map_err(anyhow::Error::from)
        .and_then(|_| match &g.questions {
            Some(_) => Ok(()),
            None => load_merged(&dir).map(|_| ()).map_err(anyhow::Error::from),
        });
    if let Err(e) = checked {
        anyhow::bail!(
            "{e}. Your edit is kept in {}; fix it with `rehearse questions edit {id}` (other commands report this file until it is fixed, or delete it with `rehearse questions rm {id}`)",
            path.display()
        );
    }
    let q = load_file(&path)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Saved `{}` ({}); it checks out.", q.id, path.display())?;
    if q.key_points_derived {
        writeln!(
            out,
            "It lists no key points, so they are derived from the reference: `rehearse questions show {}` prints them.",
            q.id
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Run `questions rm ID`.
pub fn rm(g: &Globals, id: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let Some(path) = own_file(g, id)? else {
        if bundled_source(id).is_some() {
            anyhow::bail!(
                "`{id}` is a bundled question and cannot be removed; only your own questions (in {}) can",
                g.data.questions_dir().display()
            );
        }
        return Err(not_found(g, id));
    };
    if !crate::app::history::confirm(&format!("Delete {}?", path.display()), yes)? {
        errln!("Nothing deleted.");
        return Ok(ExitCode::FAILURE);
    }
    std::fs::remove_file(&path)
        .map_err(|e| anyhow::anyhow!("cannot delete {}: {e}", path.display()))?;
    let mut out = std::io::stdout().lock();
    write!(out, "Deleted {}", path.display())?;
    if bundled_source(id).is_some() {
        write!(out, "; the bundled `{id}` is back")?;
    }
    writeln!(out, ".")?;
    Ok(ExitCode::SUCCESS)
}

/// The user's own file for `id`: `ID.toml` in the question folder (found
/// without loading anything, so a broken file can still be fixed or
/// removed), else the file of that id in the loaded bank. `None` when the
/// id is bundled or unknown.
fn own_file(g: &Globals, id: &str) -> anyhow::Result<Option<PathBuf>> {
    // An id is a file name in the folder, never a path out of it.
    let plain = !id.is_empty() && !id.starts_with('.') && !id.contains(['/', '\\']);
    if g.questions.is_none() && plain {
        let direct = g.data.questions_dir().join(format!("{id}.toml"));
        if direct.is_file() {
            return Ok(Some(direct));
        }
    }
    let bank = g.bank_sourced()?;
    Ok(bank.into_iter().find_map(|(q, s)| match s {
        Source::File(p) if q.id == id => Some(p),
        _ => None,
    }))
}

/// The bank's "no question with id" error for `id`.
fn not_found(g: &Globals, id: &str) -> anyhow::Error {
    match g.bank() {
        Ok(bank) => match find(&bank, id) {
            Err(e) => e.into(),
            Ok(_) => anyhow::anyhow!("no question file for `{id}`"),
        },
        Err(e) => e,
    }
}

/// Open `path` in the user's editor and wait for it.
fn run_editor(path: &Path) -> anyhow::Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("editor")
        .arg(path)
        .status()
        .map_err(|e| {
            anyhow::anyhow!("cannot start the editor `{editor}`: {e}; set EDITOR to your editor")
        })?;
    if !status.success() {
        anyhow::bail!(
            "the editor `{editor}` failed ({status}); the file is kept as it was saved in {}; set EDITOR to a working editor and run the edit again",
            path.display()
        );
    }
    Ok(())
}
