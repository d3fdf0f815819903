//! `rehearse report`: write a self-contained HTML page and/or a Markdown file
//! for one attempt (default: the newest) or, with `--question`, for a
//! question's progress across its attempts.
//!
//! Destinations: `-` (or no file at all, for the Markdown) is standard
//! output; a regular file is written to a temp file beside it and renamed
//! over it (through symlinks, which stay links); a device or FIFO is written
//! in place; a folder is refused.

use super::history::{print_warnings, view};
use super::Globals;
use crate::app::out::{errln, outln};
use crate::cli::ReportArgs;
use crate::output::view::AttemptView;
use crate::store::attempts::Attempt;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Run `rehearse report`.
pub fn run(g: &Globals, args: ReportArgs) -> anyhow::Result<ExitCode> {
    // Without a file, the Markdown goes to the terminal.
    let html_to = args.html.as_deref().map(destination).transpose()?;
    let md_to = match (&args.md, &args.html) {
        (Some(p), _) => Some(destination(p)?),
        (None, None) => Some(Destination::Stdout),
        (None, Some(_)) => None,
    };
    if html_to == Some(Destination::Stdout) && md_to == Some(Destination::Stdout) {
        anyhow::bail!(
            "--html and --md cannot both go to standard output; write one of them to a file"
        );
    }
    let (html, md) = match &args.question {
        Some(q) => question_pages(g, q, html_to.is_some())?,
        None => {
            let a = match &args.attempt {
                Some(id) => g.data.attempts().load(id)?,
                None => g.data.attempts().latest()?,
            };
            let v = view(&a);
            let html = match html_to.is_some() {
                true => Some(crate::output::html::attempt(&v, read_wav(&a).as_deref())),
                false => None,
            };
            (html, crate::output::markdown::attempt(&v))
        }
    };
    // "Wrote …" goes to stderr when stdout carries a report.
    let quiet_stdout = [&html_to, &md_to].contains(&&Some(Destination::Stdout));
    let outputs = [(html_to, html.unwrap_or_default()), (md_to, md)];
    for (to, text) in outputs {
        let Some(to) = to else { continue };
        write(&to, text.as_bytes())?;
        if let Destination::Direct(path) | Destination::Replace(path) = &to {
            match quiet_stdout {
                true => errln!("Wrote {}", path.display()),
                false => outln!("Wrote {}", path.display())?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq)]
enum Destination {
    /// Standard output (`-`, or a path that is the file stdout already writes to).
    Stdout,
    /// A device, FIFO or socket (or a link to one): opened and written in
    /// place, never replaced.
    Direct(PathBuf),
    /// A regular file, new or existing (through any symlinks): written to a
    /// temp file beside it and renamed over it, so a reader never sees half
    /// a report and a symlink pointing at it stays a symlink.
    Replace(PathBuf),
}

/// Classify `path` as a report destination.
fn destination(path: &Path) -> anyhow::Result<Destination> {
    if path.as_os_str() == "-" {
        return Ok(Destination::Stdout);
    }
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(m) if is_stdout(&m) => Ok(Destination::Stdout),
        Ok(m) if m.is_dir() => anyhow::bail!(
            "{shown} is a folder; give a file name, such as {}",
            path.join("report.html").display()
        ),
        Ok(m) if m.is_file() => {
            // Through symlinks to the file itself, so the links stay.
            let real =
                std::fs::canonicalize(path).with_context(|| format!("cannot resolve {shown}"))?;
            Ok(Destination::Replace(real))
        }
        Ok(_) => Ok(Destination::Direct(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
            Ok(match link {
                // A dangling link: create its target through it.
                true => Destination::Direct(path.to_path_buf()),
                false => Destination::Replace(path.to_path_buf()),
            })
        }
        Err(e) => Err(e).with_context(|| format!("cannot write {shown}")),
    }
}

/// True when `m` describes the very file standard output writes to (as
/// `/dev/stdout` or `/proc/self/fd/1` do).
fn is_stdout(m: &std::fs::Metadata) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let out = std::io::stdout();
    let Ok(fd) = out.as_fd().try_clone_to_owned() else {
        return false;
    };
    std::fs::File::from(fd)
        .metadata()
        .is_ok_and(|o| o.dev() == m.dev() && o.ino() == m.ino())
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
            errln!("warning: recording of {} not embedded ({e:#})", a.id);
            None
        }
    }
}

/// Write `bytes` to `to` (see [`Destination`]).
fn write(to: &Destination, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match to {
        Destination::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .context("cannot write the report to standard output")
        }
        Destination::Direct(path) => std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(|| format!("cannot write {}", path.display())),
        Destination::Replace(path) => {
            crate::util::fs::write_atomic(path, bytes).with_context(|| {
                format!(
                    "cannot write {}; check the folder exists and is writable",
                    path.display()
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temp folder holding `a.md` ("old") and `link.md`, a symlink to it.
    fn file_and_link() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        (dir, file, link)
    }

    #[test]
    fn destinations_by_kind() {
        let (dir, file, link) = file_and_link();
        let d = dir.path();
        let dangling = d.join("dangling.md");
        std::os::unix::fs::symlink(d.join("new.md"), &dangling).unwrap();
        let real = std::fs::canonicalize(&file).unwrap();
        let fifo = d.join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        let cases: Vec<(&str, PathBuf, Destination)> = vec![
            ("dash", "-".into(), Destination::Stdout),
            (
                "new file",
                d.join("n.md"),
                Destination::Replace(d.join("n.md")),
            ),
            (
                "existing file",
                file.clone(),
                Destination::Replace(real.clone()),
            ),
            (
                "symlink to a file",
                link.clone(),
                Destination::Replace(real),
            ),
            (
                "dangling symlink",
                dangling.clone(),
                Destination::Direct(dangling),
            ),
            ("fifo", fifo.clone(), Destination::Direct(fifo)),
        ];
        for (name, path, want) in cases {
            assert_eq!(destination(&path).unwrap(), want, "{name}");
        }
        let err = destination(d).unwrap_err().to_string();
        assert!(
            err.contains("is a folder") && err.contains("report.html"),
            "{err}"
        );
    }

    #[test]
    fn writes_through_links_and_into_devices() {
        let (dir, file, link) = file_and_link();
        let d = dir.path();
        write(&destination(&link).unwrap(), b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        let dangling = d.join("dangling.md");
        std::os::unix::fs::symlink(d.join("made.md"), &dangling).unwrap();
        write(&destination(&dangling).unwrap(), b"made").unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
        assert_eq!(std::fs::read(d.join("made.md")).unwrap(), b"made");
        write(&destination(Path::new("/dev/null")).unwrap(), b"x").unwrap();
        assert!(!std::fs::symlink_metadata("/dev/null").unwrap().is_file());
        let mut names: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["a.md", "dangling.md", "link.md", "made.md"],
            "no temp files"
        );
    }
}
