//! Saved attempts: one folder per answer under [`attempts_dir`], holding the
//! recording (`answer.wav`) and a versioned record (`attempt.json`).
//!
//! Folder names sort by time and are unique:
//! `20261128-101530-model-rollback-3f2a` (UTC time, question id, random tag).
//! `save` writes the WAV first and the JSON last, each atomically, so a folder
//! without a readable `attempt.json` is an attempt written halfway (crash, full
//! disk). [`list`] skips such folders with a [`Warning`]; it never fails
//! because of one broken attempt.

use crate::analysis::{Question, Report};
use crate::store::paths::{attempts_dir, write_atomic};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Version of the `attempt.json` layout. Bump on breaking changes.
pub const ATTEMPT_VERSION: u32 = 1;
/// File name of the record inside an attempt folder.
pub const RECORD_FILE: &str = "attempt.json";
/// File name of the recording inside an attempt folder.
pub const AUDIO_FILE: &str = "answer.wav";

/// Which command made the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `rehearse practice` (live microphone).
    Practice,
    /// `rehearse score --save` (a recorded WAV).
    Score,
}

/// The question as it was when the attempt was made (question files change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSnapshot {
    /// Question id.
    pub id: String,
    /// The question as asked.
    pub question: String,
    /// Category such as "communication".
    pub category: String,
    /// Target answer length (s).
    pub target_seconds: u32,
    /// Key points, in question order.
    pub key_points: Vec<String>,
    /// Reference answer.
    pub reference: String,
}

impl From<&Question> for QuestionSnapshot {
    fn from(q: &Question) -> Self {
        QuestionSnapshot {
            id: q.id.clone(),
            question: q.question.clone(),
            category: q.category.clone(),
            target_seconds: q.target_seconds,
            key_points: q.key_points.clone(),
            reference: q.reference.clone(),
        }
    }
}

/// One saved attempt: the `attempt.json` record plus the folder it lives in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Layout version ([`ATTEMPT_VERSION`]).
    pub version: u32,
    /// Folder name; unique and sortable by time.
    pub id: String,
    /// When it was saved, RFC 3339 UTC (`2026-11-28T10:15:30.123Z`).
    pub created: String,
    /// The question answered.
    pub question: QuestionSnapshot,
    /// The analysis of the answer.
    pub report: Report,
    /// Recording file name, relative to the folder.
    pub audio_file: String,
    /// Which command saved it.
    pub source: Source,
    /// The attempt folder (not stored; filled in when loading).
    #[serde(skip)]
    pub dir: PathBuf,
}

impl Attempt {
    /// Path of the recording.
    pub fn audio_path(&self) -> PathBuf {
        self.dir.join(&self.audio_file)
    }
}

/// An attempt folder that was skipped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The folder.
    pub dir: PathBuf,
    /// Folder name (the would-be id).
    pub id: String,
    /// What is wrong, with the next step.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skipped attempt {}: {}", self.id, self.message)
    }
}

/// Save an answer made with `rehearse practice`; returns the new folder.
pub fn save(
    report: &Report,
    question: &Question,
    samples: &[f32],
    sample_rate: u32,
) -> anyhow::Result<PathBuf> {
    save_as(report, question, samples, sample_rate, Source::Practice)
}

/// Save an answer, saying which command made it; returns the new folder.
pub fn save_as(
    report: &Report,
    question: &Question,
    samples: &[f32],
    sample_rate: u32,
    source: Source,
) -> anyhow::Result<PathBuf> {
    save_in(
        &attempts_dir(),
        report,
        question,
        samples,
        sample_rate,
        source,
        SystemTime::now(),
    )
}

/// Save into `root` with an explicit clock (tests, benchmarks).
pub fn save_in(
    root: &Path,
    report: &Report,
    question: &Question,
    samples: &[f32],
    sample_rate: u32,
    source: Source,
    now: SystemTime,
) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(root).with_context(|| {
        format!(
            "cannot create the attempts folder {}; check permissions or set {} to a writable folder",
            root.display(),
            crate::store::paths::HOME_ENV
        )
    })?;
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let (id, dir) = make_folder(root, since, &question.id)?;
    let wav = crate::audio::wav::encode_wav(samples, sample_rate);
    write_atomic(&dir.join(AUDIO_FILE), &wav).with_context(|| {
        format!(
            "cannot write the recording to {}; is the disk full?",
            dir.display()
        )
    })?;
    let attempt = Attempt {
        version: ATTEMPT_VERSION,
        id,
        created: rfc3339(since),
        question: question.into(),
        report: report.clone(),
        audio_file: AUDIO_FILE.into(),
        source,
        dir: dir.clone(),
    };
    let json = serde_json::to_vec_pretty(&attempt).context("encoding the attempt record")?;
    write_atomic(&dir.join(RECORD_FILE), &json).with_context(|| {
        format!(
            "cannot write the attempt record to {}; is the disk full?",
            dir.display()
        )
    })?;
    sync_dir(root);
    Ok(dir)
}

/// Create a fresh, uniquely named folder; returns its id and path.
fn make_folder(
    root: &Path,
    since: std::time::Duration,
    question_id: &str,
) -> anyhow::Result<(String, PathBuf)> {
    let stamp = folder_stamp(since.as_secs());
    let slug = slug(question_id);
    let mut seed = since.as_nanos() as u64 ^ ((std::process::id() as u64) << 32);
    for _ in 0..64 {
        seed = splitmix(seed);
        let id = format!("{stamp}-{slug}-{:04x}", seed & 0xffff);
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

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
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

/// Civil date (year, month, day) from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn split_time(secs: u64) -> (i64, u32, u32, u64, u64, u64) {
    let (y, mo, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    (y, mo, d, s / 3600, s % 3600 / 60, s % 60)
}

/// `20261128-101530` (UTC).
fn folder_stamp(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = split_time(secs);
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

/// RFC 3339 UTC with milliseconds: `2026-11-28T10:15:30.123Z`.
pub fn rfc3339(since_epoch: std::time::Duration) -> String {
    let (y, mo, d, h, mi, s) = split_time(since_epoch.as_secs());
    let ms = since_epoch.subsec_millis();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// All readable attempts, newest first, plus a warning per skipped folder.
pub fn list() -> anyhow::Result<(Vec<Attempt>, Vec<Warning>)> {
    list_in(&attempts_dir())
}

/// [`list`] for an explicit attempts folder.
pub fn list_in(root: &Path) -> anyhow::Result<(Vec<Attempt>, Vec<Warning>)> {
    let folders = folders(root)?;
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
                            read_record(dir, id).map_err(|message| Warning {
                                dir: dir.clone(),
                                id: id.clone(),
                                message,
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

/// Read and check one folder's record; the error is a user-facing reason.
fn read_record(dir: &Path, id: &str) -> Result<Attempt, String> {
    let path = dir.join(RECORD_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "no {RECORD_FILE} (written halfway, e.g. a crash or a full disk); \
                 remove it with `rehearse history --prune`"
            ))
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    #[derive(Deserialize)]
    struct Head {
        version: Option<u32>,
    }
    let head: Head = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{RECORD_FILE} is not valid JSON ({e}); written halfway? \
             remove it with `rehearse history --prune`"
        )
    })?;
    match head.version {
        Some(v) if v > ATTEMPT_VERSION => {
            return Err(format!(
                "saved by a newer rehearse (record version {v}, this one reads {ATTEMPT_VERSION}); upgrade rehearse"
            ))
        }
        Some(_) => {}
        None => {
            return Err(format!(
                "{RECORD_FILE} has no version field; not a rehearse attempt? \
                 remove it with `rehearse history --prune`"
            ))
        }
    }
    let mut a: Attempt = serde_json::from_slice(&bytes).map_err(|e| {
        format!("{RECORD_FILE} is damaged ({e}); remove it with `rehearse history --prune`")
    })?;
    if a.id != id {
        // The folder was renamed or copied: the folder name wins.
        a.id = id.to_string();
    }
    a.dir = dir.to_path_buf();
    Ok(a)
}

/// Load one attempt by full id or unique id prefix.
pub fn load(id_or_prefix: &str) -> anyhow::Result<Attempt> {
    load_in(&attempts_dir(), id_or_prefix)
}

/// [`load`] for an explicit attempts folder.
pub fn load_in(root: &Path, id_or_prefix: &str) -> anyhow::Result<Attempt> {
    let (id, dir) = resolve_in(root, id_or_prefix)?;
    read_record(&dir, &id).map_err(|m| anyhow::anyhow!("attempt {id}: {m}"))
}

/// The folder name and path for a full id or unique id prefix, whether or
/// not its record is readable.
pub fn resolve(id_or_prefix: &str) -> anyhow::Result<(String, PathBuf)> {
    resolve_in(&attempts_dir(), id_or_prefix)
}

/// [`resolve`] for an explicit attempts folder.
pub fn resolve_in(root: &Path, id_or_prefix: &str) -> anyhow::Result<(String, PathBuf)> {
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
pub fn latest() -> anyhow::Result<Attempt> {
    latest_in(&attempts_dir())
}

/// [`latest`] for an explicit attempts folder.
pub fn latest_in(root: &Path) -> anyhow::Result<Attempt> {
    let (attempts, _) = list_in(root)?;
    attempts.into_iter().next().ok_or_else(|| {
        anyhow::anyhow!(
            "no saved attempts in {}; answer a question with `rehearse practice` \
             or save one with `rehearse score --save`",
            root.display()
        )
    })
}

/// Delete an attempt folder (full id or unique prefix; works on halfway
/// folders too). Returns the folder removed. Does not ask: callers confirm.
pub fn delete(id: &str) -> anyhow::Result<PathBuf> {
    delete_in(&attempts_dir(), id)
}

/// [`delete`] for an explicit attempts folder.
pub fn delete_in(root: &Path, id: &str) -> anyhow::Result<PathBuf> {
    let (_, dir) = resolve_in(root, id)?;
    std::fs::remove_dir_all(&dir)
        .with_context(|| format!("cannot delete {}; check its permissions", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{
        KeyPointResult, LengthVerdict, PaceVerdict, StarParts, TranscriptOut, REPORT_VERSION,
    };
    use std::time::Duration;

    fn question() -> Question {
        Question {
            id: "model-rollback".into(),
            category: "technical".into(),
            question: "Tell me about a rollback.".into(),
            target_seconds: 90,
            reference: "We rolled back.".into(),
            key_points: vec!["rolled back".into()],
            key_points_derived: false,
            audio: None,
        }
    }

    fn report() -> Report {
        Report {
            version: REPORT_VERSION,
            question_id: "model-rollback".into(),
            audio_s: 2.0,
            speech_s: 1.5,
            speaking_s: 1.5,
            no_speech: false,
            words: 3,
            wpm: 120.0,
            articulation_wpm: 120.0,
            pace_verdict: PaceVerdict::Comfortable,
            pace_windows: vec![],
            pauses: vec![],
            dead_air_count: 0,
            fillers: vec![],
            filler_count: 0,
            fillers_per_min: 0.0,
            key_points: vec![KeyPointResult {
                text: "rolled back".into(),
                covered: true,
                score: 0.9,
                evidence: Some("We rolled back.".into()),
                evidence_start_s: Some(0.2),
                negated: false,
                denial: None,
            }],
            coverage: 1.0,
            star: StarParts::default(),
            target_s: 90,
            length_verdict: LengthVerdict::Short,
            transcript: TranscriptOut::default(),
        }
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(secs * 1000 + 123)
    }

    #[test]
    fn time_formats() {
        assert_eq!(
            rfc3339(Duration::from_millis(0)),
            "1970-01-01T00:00:00.000Z"
        );
        // 2026-11-28T10:15:30Z
        let t = 1_795_860_930;
        assert_eq!(
            rfc3339(Duration::from_millis(t * 1000 + 7)),
            "2026-11-28T10:15:30.007Z"
        );
        assert_eq!(folder_stamp(t), "20261128-101530");
        assert_eq!(folder_stamp(951_782_400), "20000229-000000");
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("model-rollback"), "model-rollback");
        assert_eq!(slug("../My Question.toml"), "my-question-toml");
        assert_eq!(slug("///"), "answer");
        assert!(slug(&"x".repeat(200)).len() <= 40);
    }

    #[test]
    fn save_writes_wav_and_versioned_json() {
        let tmp = tempfile::tempdir().unwrap();
        let samples = vec![0.25f32; 1600];
        let dir = save_in(
            tmp.path(),
            &report(),
            &question(),
            &samples,
            16_000,
            Source::Score,
            at(1_795_860_930),
        )
        .unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("20261128-101530-model-rollback-"),
            "{name}"
        );
        let pcm = crate::audio::wav::read_pcm(&dir.join(AUDIO_FILE)).unwrap();
        assert_eq!(
            (pcm.channels, pcm.sample_rate, pcm.samples.len()),
            (1, 16_000, 1600)
        );
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(RECORD_FILE)).unwrap()).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["id"], name.as_str());
        assert_eq!(v["created"], "2026-11-28T10:15:30.123Z");
        assert_eq!(v["source"], "score");
        assert_eq!(v["audio_file"], "answer.wav");
        assert_eq!(v["question"]["id"], "model-rollback");
        assert_eq!(v["question"]["key_points"][0], "rolled back");
        assert_eq!(v["report"]["coverage"], 1.0);
        // No temp files left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let a = load_in(tmp.path(), &name).unwrap();
        assert_eq!(a.report, report());
        assert_eq!(a.audio_path(), dir.join(AUDIO_FILE));
    }

    #[test]
    fn same_second_gives_unique_sorted_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let mut ids = std::collections::HashSet::new();
        for _ in 0..20 {
            let d = save_in(
                tmp.path(),
                &report(),
                &question(),
                &[],
                16_000,
                Source::Practice,
                at(1_795_860_930),
            )
            .unwrap();
            assert!(ids.insert(d));
        }
        let later = save_in(
            tmp.path(),
            &report(),
            &question(),
            &[],
            16_000,
            Source::Practice,
            at(1_795_860_931),
        )
        .unwrap();
        let (all, warns) = list_in(tmp.path()).unwrap();
        assert!(warns.is_empty());
        assert_eq!(all.len(), 21);
        assert_eq!(all[0].dir, later);
    }

    #[test]
    fn broken_folders_are_warnings_not_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let good = |s| {
            save_in(
                root,
                &report(),
                &question(),
                &[0.0; 10],
                16_000,
                Source::Practice,
                at(s),
            )
            .unwrap()
        };
        let old = good(1_700_000_000);
        let new = good(1_800_000_000);
        // Halfway: WAV only.
        std::fs::create_dir(root.join("20260101-000000-x-0001")).unwrap();
        std::fs::write(root.join("20260101-000000-x-0001/answer.wav"), b"RIFF").unwrap();
        // Truncated JSON.
        let cut = root.join("20260101-000000-x-0002");
        std::fs::create_dir(&cut).unwrap();
        let full = std::fs::read(old.join(RECORD_FILE)).unwrap();
        std::fs::write(cut.join(RECORD_FILE), &full[..full.len() / 2]).unwrap();
        // From the future.
        let fut = root.join("20260101-000000-x-0003");
        std::fs::create_dir(&fut).unwrap();
        std::fs::write(fut.join(RECORD_FILE), br#"{"version": 99}"#).unwrap();
        // Stray file and temp folder are ignored silently.
        std::fs::write(root.join("notes.txt"), b"hi").unwrap();
        std::fs::create_dir(root.join(".tmp")).unwrap();

        let (all, warns) = list_in(root).unwrap();
        assert_eq!(
            all.iter().map(|a| a.dir.clone()).collect::<Vec<_>>(),
            vec![new.clone(), old]
        );
        assert_eq!(warns.len(), 3, "{warns:?}");
        assert!(warns[0..].iter().any(|w| w.message.contains("halfway")));
        assert!(warns.iter().any(|w| w.message.contains("newer rehearse")));
        assert_eq!(latest_in(root).unwrap().dir, new);
        // A broken attempt can still be deleted; load says what is wrong.
        let err = load_in(root, "20260101-000000-x-0002")
            .unwrap_err()
            .to_string();
        assert!(err.contains("prune"), "{err}");
        delete_in(root, "20260101-000000-x-0002").unwrap();
        assert!(!cut.exists());
    }

    #[test]
    fn prefixes_resolve_or_explain() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        assert!(latest_in(root)
            .unwrap_err()
            .to_string()
            .contains("rehearse practice"));
        let a = save_in(
            root,
            &report(),
            &question(),
            &[],
            16_000,
            Source::Practice,
            at(1_700_000_000),
        )
        .unwrap();
        let _b = save_in(
            root,
            &report(),
            &question(),
            &[],
            16_000,
            Source::Practice,
            at(1_700_000_000),
        )
        .unwrap();
        let a_id = a.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(load_in(root, &a_id).unwrap().id, a_id);
        let err = load_in(root, "2023").unwrap_err().to_string();
        assert!(err.contains("matches 2 attempts"), "{err}");
        let err = load_in(root, "1999").unwrap_err().to_string();
        assert!(err.contains("rehearse history"), "{err}");
        assert!(load_in(root, "../etc").is_err());
        assert!(delete_in(root, "").is_err());
        delete_in(root, &a_id).unwrap();
        assert!(!a.exists());
    }
}
