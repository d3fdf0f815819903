//! Saved attempts: one folder per answer under the store's root, holding the
//! recording (`answer.wav`) and a versioned record (`attempt.json`, the
//! [`Attempt`] type of the analysis core).
//!
//! Folder names sort by time and are unique:
//! `20261128-101530-model-rollback-3f2a` (UTC time, question id, random tag).
//! [`AttemptStore::save`] writes the WAV first and the JSON last, each
//! atomically, so a folder without a readable `attempt.json` is an attempt
//! written halfway (crash, full disk). [`AttemptStore::list`] skips such
//! folders with a [`Warning`]; it never fails because of one broken attempt.
//!
//! A recording is never deleted on the store's own advice: a folder whose
//! record is damaged but whose `answer.wav` is intact gets a [`Warning`] with
//! [`Warning::recording`] set and a message that says how to re-score it.
//! Every failed save removes the folder it created.
//!
//! The store knows nothing of audio: callers pass the recording as encoded
//! WAV bytes. It never reads the environment: the app layer says where the
//! root is.

pub use crate::analysis::attempt::{
    Attempt, QuestionSnapshot, Source, ATTEMPT_VERSION, AUDIO_FILE,
};
use crate::analysis::{Question, Report};
use crate::util::fs::write_atomic;
use anyhow::{bail, Context};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// File name of the record inside an attempt folder.
pub const RECORD_FILE: &str = "attempt.json";

/// An attempt folder that was skipped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The folder.
    pub dir: PathBuf,
    /// Folder name (the would-be id).
    pub id: String,
    /// What is wrong, with the next step.
    pub message: String,
    /// The folder's intact recording, when it has one: the folder must not
    /// be pruned (re-score the recording instead).
    pub recording: Option<PathBuf>,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skipped attempt {}: {}", self.id, self.message)
    }
}

/// The saved attempts in one folder (`<data dir>/attempts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStore {
    root: PathBuf,
}

impl AttemptStore {
    /// The store whose attempt folders live in `root` (created on first save).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        AttemptStore { root: root.into() }
    }

    /// The folder holding the attempt folders.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Save an answer: `wav` is the recording as encoded WAV bytes, `now` the
    /// time it is saved at. Returns the new attempt folder. When saving
    /// fails, the folder made for it is removed (no half-written folders).
    pub fn save(
        &self,
        report: &Report,
        question: &Question,
        wav: &[u8],
        source: Source,
        now: SystemTime,
    ) -> anyhow::Result<PathBuf> {
        self.save_with(report, question, wav, source, now, &write_atomic)
    }

    /// [`Self::save`] for one answer of a mock interview: the record carries
    /// the interview's `session` id.
    pub fn save_in_session(
        &self,
        report: &Report,
        question: &Question,
        wav: &[u8],
        source: Source,
        now: SystemTime,
        session: &str,
    ) -> anyhow::Result<PathBuf> {
        self.save_full(
            report,
            question,
            wav,
            source,
            now,
            Some(session),
            &write_atomic,
        )
    }

    /// [`Self::save`] with the file writer given (tests inject failures).
    fn save_with(
        &self,
        report: &Report,
        question: &Question,
        wav: &[u8],
        source: Source,
        now: SystemTime,
        write: &dyn Fn(&Path, &[u8]) -> std::io::Result<()>,
    ) -> anyhow::Result<PathBuf> {
        self.save_full(report, question, wav, source, now, None, write)
    }

    /// Save with everything given.
    #[allow(clippy::too_many_arguments)] // the record's parts, the writer
    fn save_full(
        &self,
        report: &Report,
        question: &Question,
        wav: &[u8],
        source: Source,
        now: SystemTime,
        session: Option<&str>,
        write: &dyn Fn(&Path, &[u8]) -> std::io::Result<()>,
    ) -> anyhow::Result<PathBuf> {
        let root = &self.root;
        std::fs::create_dir_all(root).with_context(|| {
            format!(
                "cannot create the attempts folder {}; check permissions or set REHEARSE_HOME to a writable folder",
                root.display()
            )
        })?;
        let (id, dir) = make_folder(root, now, &question.id)?;
        let attempt = Attempt {
            version: ATTEMPT_VERSION,
            id,
            created: rfc3339(now),
            question: question.into(),
            report: report.clone(),
            audio_file: AUDIO_FILE.into(),
            source,
            session: session.map(str::to_owned),
            dir: dir.clone(),
        };
        if let Err(e) = fill(&attempt, wav, write) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        sync_dir(root);
        Ok(dir)
    }

    /// All readable attempts, newest first, plus a warning per skipped folder.
    pub fn list(&self) -> anyhow::Result<(Vec<Attempt>, Vec<Warning>)> {
        let folders = folders(&self.root)?;
        // Parsing dominates (tens of KB of JSON per attempt): spread it over the cores.
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let chunk = folders.len().div_ceil(threads).max(64);
        let results: Vec<Result<Attempt, Warning>> = std::thread::scope(|s| {
            let handles: Vec<_> = folders
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|(id, dir)| {
                                read_record(dir, id).map_err(|(message, recording)| Warning {
                                    dir: dir.clone(),
                                    id: id.clone(),
                                    message,
                                    recording,
                                })
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("attempt reader thread does not panic"))
                .collect()
        });
        let mut attempts = Vec::new();
        let mut warnings = Vec::new();
        for r in results {
            match r {
                Ok(a) => attempts.push(a),
                Err(w) => warnings.push(w),
            }
        }
        sort_newest_first(&mut attempts);
        warnings.sort_by(|a, b| a.id.cmp(&b.id));
        Ok((attempts, warnings))
    }

    /// Load one attempt by full id or unique id prefix.
    pub fn load(&self, id_or_prefix: &str) -> anyhow::Result<Attempt> {
        let (id, dir) = self.resolve(id_or_prefix)?;
        read_record(&dir, &id).map_err(|(m, _)| anyhow::anyhow!("attempt {id}: {m}"))
    }

    /// The folder name and path for a full id or unique id prefix, whether or
    /// not its record is readable.
    pub fn resolve(&self, id_or_prefix: &str) -> anyhow::Result<(String, PathBuf)> {
        let root = &self.root;
        let want = id_or_prefix.trim().trim_end_matches('/');
        if want.is_empty() {
            bail!("empty attempt id; run `rehearse history` to see the ids");
        }
        if want.contains('/') || want.contains('\\') || want.starts_with('.') {
            bail!("`{want}` is not an attempt id; run `rehearse history` to see the ids");
        }
        let all = folders(root)?;
        if let Some(hit) = all.iter().find(|(n, _)| n == want) {
            return Ok(hit.clone());
        }
        let mut hits: Vec<_> = all
            .into_iter()
            .filter(|(n, _)| n.starts_with(want))
            .collect();
        match hits.len() {
            0 => bail!(
                "no attempt `{want}` in {}; run `rehearse history` to see the ids",
                root.display()
            ),
            1 => Ok(hits.remove(0)),
            n => {
                hits.sort();
                let names: Vec<_> = hits.iter().take(5).map(|(n, _)| n.as_str()).collect();
                bail!(
                    "`{want}` matches {n} attempts ({}{}); type more of the id",
                    names.join(", "),
                    if n > 5 { ", ..." } else { "" }
                )
            }
        }
    }

    /// The newest readable attempt.
    pub fn latest(&self) -> anyhow::Result<Attempt> {
        let (attempts, _) = self.list()?;
        attempts.into_iter().next().ok_or_else(|| {
            anyhow::anyhow!(
                "no saved attempts in {}; answer a question with `rehearse practice` \
                 or save one with `rehearse score --save`",
                self.root.display()
            )
        })
    }

    /// Delete an attempt folder (full id or unique prefix; works on halfway
    /// folders too). Returns the folder removed. Does not ask: callers confirm.
    pub fn delete(&self, id: &str) -> anyhow::Result<PathBuf> {
        let (_, dir) = self.resolve(id)?;
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("cannot delete {}; check its permissions", dir.display()))?;
        Ok(dir)
    }
}

/// Write the recording, then the record, into the attempt's (new) folder.
fn fill(
    attempt: &Attempt,
    wav: &[u8],
    write: &dyn Fn(&Path, &[u8]) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = &attempt.dir;
    write(&dir.join(AUDIO_FILE), wav).with_context(|| {
        format!(
            "cannot write the recording to {}; is the disk full?",
            dir.display()
        )
    })?;
    let json = serde_json::to_vec_pretty(attempt).context("encoding the attempt record")?;
    write(&dir.join(RECORD_FILE), &json).with_context(|| {
        format!(
            "cannot write the attempt record to {}; is the disk full?",
            dir.display()
        )
    })
}

/// Read the attempt's recording: the folder's own [`AUDIO_FILE`], and only
/// when it is a regular file (a symbolic link, FIFO or device is refused, so
/// an edited folder cannot make rehearse read some other file). Checking that
/// the bytes are a WAV file is the caller's job.
pub fn read_recording(a: &Attempt) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let path = a.audio_path();
    let refuse = |what: &str| {
        anyhow::anyhow!(
            "the recording of attempt {} ({}) is {what}; rehearse only reads the attempt folder's own regular file",
            a.id,
            path.display()
        )
    };
    let meta = std::fs::symlink_metadata(&path).with_context(|| {
        format!(
            "the recording of attempt {} is missing ({})",
            a.id,
            path.display()
        )
    })?;
    if meta.file_type().is_symlink() {
        return Err(refuse("a symbolic link"));
    }
    if let Some(kind) = crate::util::fs::describe(meta.file_type()) {
        return Err(refuse(kind));
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Refuse a link swapped in since the check, and never block on a FIFO.
        open.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut f = open
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if !f.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err(refuse("not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(1 << 30) as usize);
    f.read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(bytes)
}

/// The folder's recording when it looks intact (a regular [`AUDIO_FILE`]
/// with a RIFF/WAVE header and some data): such a folder is never pruned.
pub fn intact_recording(dir: &Path) -> Option<PathBuf> {
    use std::io::Read;
    let path = dir.join(AUDIO_FILE);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() || meta.len() <= 44 {
        return None;
    }
    let mut head = [0u8; 12];
    std::fs::File::open(&path)
        .ok()?
        .read_exact(&mut head)
        .ok()?;
    (&head[..4] == b"RIFF" && &head[8..] == b"WAVE").then_some(path)
}

/// The question id in a folder name `20261128-101530-<question>-3f2a`, for
/// hints about folders whose record is unreadable.
fn question_in_folder_name(id: &str) -> &str {
    let rest = match id.get(..16) {
        Some(stamp) if stamp.as_bytes()[8] == b'-' && stamp.ends_with('-') => &id[16..],
        _ => id,
    };
    match rest.rsplit_once('-') {
        Some((q, tag)) if tag.len() == 4 && tag.bytes().all(|b| b.is_ascii_hexdigit()) => q,
        _ => rest,
    }
}

/// Why a folder's record cannot be read, and the next step: re-score an
/// intact recording, else prune the folder.
fn unreadable(dir: &Path, id: &str, what: String) -> (String, Option<PathBuf>) {
    let sep = if what.ends_with('?') { " " } else { "; " };
    match intact_recording(dir) {
        Some(wav) => (
            format!(
                "{what}{sep}its recording is intact: rebuild the record with \
                 `rehearse score --question {} --audio {} --save`, \
                 then remove this folder with `rehearse delete {id}`",
                question_in_folder_name(id),
                wav.display()
            ),
            Some(wav),
        ),
        None => (
            format!("{what}{sep}remove it with `rehearse history --prune`"),
            None,
        ),
    }
}

/// Create a fresh, uniquely named folder; returns its id and path.
fn make_folder(
    root: &Path,
    now: SystemTime,
    question_id: &str,
) -> anyhow::Result<(String, PathBuf)> {
    let stamp = folder_stamp(now);
    let slug = slug(question_id);
    for _ in 0..64 {
        let id = format!("{stamp}-{slug}-{:04x}", fastrand::u16(..));
        let dir = root.join(&id);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok((id, dir)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot create the attempt folder {}", dir.display()))
            }
        }
    }
    bail!(
        "cannot find a free attempt folder name in {}; too many attempts in one second?",
        root.display()
    )
}

/// The question id reduced to a short, file-name-safe slug.
fn slug(id: &str) -> String {
    let mut s = String::new();
    for c in id.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "answer".into()
    } else {
        s
    }
}

/// Best effort: make the new folder entry durable.
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// `now` as a UTC timestamp (the epoch when out of range).
fn timestamp(now: SystemTime) -> jiff::Timestamp {
    jiff::Timestamp::try_from(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The UTC time stamp that starts folder names: `20261128-101530`.
pub fn folder_stamp(now: SystemTime) -> String {
    timestamp(now).strftime("%Y%m%d-%H%M%S").to_string()
}

/// RFC 3339 UTC with milliseconds, as in `created`: `2026-11-28T10:15:30.123Z`.
pub fn rfc3339(now: SystemTime) -> String {
    let t = timestamp(now);
    // Milliseconds truncated, always three digits.
    let ms = t.subsec_millisecond();
    format!("{}.{ms:03}Z", t.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// Sort attempts newest first (by creation time, then id).
pub fn sort_newest_first(attempts: &mut [Attempt]) {
    attempts.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
}

/// Attempt folders in `root`: (name, path). A missing root is simply empty.
fn folders(root: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let rd = match std::fs::read_dir(root) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "cannot read the attempts folder {}; check its permissions",
                    root.display()
                )
            })
        }
    };
    let mut out = Vec::new();
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            out.push((name, entry.path()));
        }
    }
    Ok(out)
}

/// Read and check one folder's record; the error is a user-facing reason
/// and the folder's intact recording, if any.
fn read_record(dir: &Path, id: &str) -> Result<Attempt, (String, Option<PathBuf>)> {
    let path = dir.join(RECORD_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(unreadable(
                dir,
                id,
                format!("no {RECORD_FILE} (written halfway, e.g. a crash or a full disk)"),
            ))
        }
        Err(e) => return Err((format!("cannot read {}: {e}", path.display()), None)),
    };
    #[derive(Deserialize)]
    struct Head {
        version: Option<u32>,
    }
    let head: Head = serde_json::from_slice(&bytes).map_err(|e| {
        unreadable(
            dir,
            id,
            format!("{RECORD_FILE} is not valid JSON ({e}); written halfway?"),
        )
    })?;
    match head.version {
        Some(v) if v > ATTEMPT_VERSION => {
            return Err((
                format!(
                    "saved by a newer rehearse (record version {v}, this one reads {ATTEMPT_VERSION}); upgrade rehearse"
                ),
                None,
            ))
        }
        Some(_) => {}
        None => {
            return Err(unreadable(
                dir,
                id,
                format!("{RECORD_FILE} has no version field; not a rehearse attempt?"),
            ))
        }
    }
    let mut a: Attempt = serde_json::from_slice(&bytes)
        .map_err(|e| unreadable(dir, id, format!("{RECORD_FILE} is damaged ({e})")))?;
    if a.id != id {
        // The folder was renamed or copied: the folder name wins.
        a.id = id.to_string();
    }
    a.dir = dir.to_path_buf();
    Ok(a)
}

#[cfg(test)]
mod tests;
