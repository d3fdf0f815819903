//! Views across attempts: the `rehearse history` table with per-question
//! trend sparklines, its JSON, and the side-by-side `rehearse compare`.
//!
//! Everything here is computed from [`AttemptView`]s (pure), then rendered.

use super::format::{clock, short_date, sparkline, sparkline_auto};
use super::style::Style;
use super::view::AttemptView;
use crate::analysis::{LengthVerdict, PaceVerdict, Report, Settings};
use serde::Serialize;
use std::fmt::Write;

/// Version of the `history --json` and `compare --json` layouts.
pub const HISTORY_VERSION: u32 = 1;

/// One attempt's headline figures (a row of the history table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    /// Attempt id.
    pub id: String,
    /// When it was saved, RFC 3339 UTC.
    pub created: String,
    /// Which command saved it.
    pub source: String,
    /// Question id.
    pub question_id: String,
    /// True when the recording held no speech.
    pub no_speech: bool,
    /// Speaking span (s).
    pub length_s: f64,
    /// Target length (s).
    pub target_s: u32,
    /// Length verdict.
    pub length_verdict: LengthVerdict,
    /// Overall pace (wpm).
    pub wpm: f64,
    /// Pace verdict.
    pub pace_verdict: PaceVerdict,
    /// Pauses of 1 s or more.
    pub pauses: usize,
    /// Pauses that count as dead air.
    pub dead_air: usize,
    /// Fillers.
    pub fillers: usize,
    /// Fillers per minute.
    pub fillers_per_min: f64,
    /// Key points covered.
    pub covered: usize,
    /// Key points in the question.
    pub key_points: usize,
    /// Fraction covered (0..1).
    pub coverage: f64,
}

impl HistoryRow {
    /// The row for one attempt.
    pub fn of(v: &AttemptView) -> HistoryRow {
        let r: &Report = v.report;
        HistoryRow {
            id: v.id.to_string(),
            created: v.created.to_string(),
            source: v.source.to_string(),
            question_id: v.question_id.to_string(),
            no_speech: r.no_speech,
            length_s: r.speech_s,
            target_s: r.target_s,
            length_verdict: r.length_verdict,
            wpm: r.wpm,
            pace_verdict: r.pace_verdict,
            pauses: r.pauses.len(),
            dead_air: r.dead_air_count,
            fillers: r.filler_count,
            fillers_per_min: r.fillers_per_min,
            covered: r.covered_count(),
            key_points: r.key_points.len(),
            coverage: r.coverage,
        }
    }
}

/// One question's figures across its attempts, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Question id.
    pub question_id: String,
    /// Number of attempts (with speech).
    pub attempts: usize,
    /// Coverage per attempt (0..1).
    pub coverage: Vec<f64>,
    /// Pace per attempt (wpm).
    pub wpm: Vec<f64>,
    /// Speaking span per attempt (s).
    pub length_s: Vec<f64>,
    /// Fillers per minute per attempt.
    pub fillers_per_min: Vec<f64>,
}

/// Per-question trends from rows given newest first; questions in order of
/// their newest attempt. Attempts without speech are left out of the trend.
pub fn trends(rows: &[HistoryRow]) -> Vec<Trend> {
    let mut out: Vec<Trend> = Vec::new();
    for row in rows.iter().rev().filter(|r| !r.no_speech) {
        let t = match out
            .iter_mut()
            .position(|t| t.question_id == row.question_id)
        {
            Some(i) => &mut out[i],
            None => {
                out.push(Trend {
                    question_id: row.question_id.clone(),
                    attempts: 0,
                    coverage: vec![],
                    wpm: vec![],
                    length_s: vec![],
                    fillers_per_min: vec![],
                });
                out.last_mut().expect("just pushed")
            }
        };
        t.attempts += 1;
        t.coverage.push(row.coverage);
        t.wpm.push(row.wpm);
        t.length_s.push(row.length_s);
        t.fillers_per_min.push(row.fillers_per_min);
    }
    // Newest question first, matching the table.
    let order: Vec<&str> = rows.iter().map(|r| r.question_id.as_str()).collect();
    out.sort_by_key(|t| {
        order
            .iter()
            .position(|q| *q == t.question_id)
            .unwrap_or(usize::MAX)
    });
    out
}

/// The `history --json` document.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryJson {
    /// Layout version ([`HISTORY_VERSION`]).
    pub version: u32,
    /// Attempts, newest first.
    pub attempts: Vec<HistoryRow>,
    /// Per-question trends (values oldest first).
    pub trends: Vec<Trend>,
    /// Folders skipped: `{id, message}`.
    pub skipped: Vec<Skipped>,
}

/// An attempt folder that could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Folder name.
    pub id: String,
    /// Why, with the next step.
    pub message: String,
}

/// Pretty JSON for `history --json`.
pub fn history_json(rows: Vec<HistoryRow>, skipped: Vec<Skipped>) -> String {
    let doc = HistoryJson {
        version: HISTORY_VERSION,
        trends: trends(&rows),
        attempts: rows,
        skipped,
    };
    serde_json::to_string_pretty(&doc).expect("history rows always serialise")
}

/// Most attempts shown in a sparkline (the newest).
const SPARK_MAX: usize = 24;

fn tail(v: &[f64]) -> &[f64] {
    &v[v.len().saturating_sub(SPARK_MAX)..]
}

/// Shortest prefix of `id` that no other id in `all` shares, at least the
/// `20261128-101530` time stamp: commands accept any unique prefix.
pub fn short_id<'a>(id: &'a str, all: &[&str]) -> &'a str {
    const STAMP: usize = 15;
    let mut n = STAMP.min(id.len());
    while n < id.len() {
        let prefix = &id[..n];
        if !all.iter().any(|o| *o != id && o.starts_with(prefix)) {
            break;
        }
        n += 1;
    }
    // Do not cut inside a multi-byte character.
    while !id.is_char_boundary(n) {
        n += 1;
    }
    &id[..n]
}

/// Pad `s` to `w` visible columns (ANSI codes excluded by the caller).
fn pad(s: &str, visible: usize, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(visible)))
}

/// Render the history table and trends for the terminal.
pub fn render_table(rows: &[HistoryRow], style: impl Into<Style>) -> String {
    let p: Style = style.into();
    let band = Settings::default().comfort_wpm;
    let mut o = String::new();
    let headers = [
        "date (UTC)",
        "question",
        "length/target",
        "pace",
        "pauses",
        "fillers",
        "coverage",
        "id",
    ];
    let all_ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    // Cells as (styled, visible width).
    let cells: Vec<Vec<(String, usize)>> = rows
        .iter()
        .map(|r| {
            let date = short_date(&r.created).trim_end_matches(" UTC").to_string();
            let plain = |s: String| {
                let n = s.chars().count();
                (s, n)
            };
            if r.no_speech {
                return vec![
                    plain(date),
                    plain(r.question_id.clone()),
                    {
                        let s = "no speech".to_string();
                        (p.dim(&s), s.len())
                    },
                    plain("-".into()),
                    plain("-".into()),
                    plain("-".into()),
                    plain("-".into()),
                    {
                        let id = short_id(&r.id, &all_ids);
                        (p.dim(id), id.len())
                    },
                ];
            }
            let len = format!("{}/{}", clock(r.length_s), clock(r.target_s as f64));
            let len_n = len.chars().count();
            let len = match r.length_verdict {
                LengthVerdict::OnTarget => p.good(&len),
                _ => p.warn(&len),
            };
            let pace = format!("{:.0} wpm", r.wpm);
            let pace_n = pace.len();
            let pace = if r.wpm >= band.0 && r.wpm <= band.1 {
                p.good(&pace)
            } else {
                p.warn(&pace)
            };
            let pauses = if r.dead_air > 0 {
                format!("{} ({} dead)", r.pauses, r.dead_air)
            } else {
                r.pauses.to_string()
            };
            let fillers = format!("{} ({:.1}/min)", r.fillers, r.fillers_per_min);
            let cov = format!(
                "{}/{} {:>3.0}%",
                r.covered,
                r.key_points,
                r.coverage * 100.0
            );
            let cov_n = cov.chars().count();
            let cov = if r.coverage >= 0.8 {
                p.good(&cov)
            } else if r.coverage >= 0.5 {
                cov
            } else {
                p.bad(&cov)
            };
            vec![
                plain(date),
                plain(r.question_id.clone()),
                (len, len_n),
                (pace, pace_n),
                plain(pauses),
                plain(fillers),
                (cov, cov_n),
                {
                    let id = short_id(&r.id, &all_ids);
                    (p.dim(id), id.len())
                },
            ]
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in &cells {
        for (i, (_, n)) in row.iter().enumerate() {
            widths[i] = widths[i].max(*n);
        }
    }
    let last = headers.len() - 1;
    let head: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == last {
                p.bold(h)
            } else {
                pad(&p.bold(h), h.len(), widths[i])
            }
        })
        .collect();
    let _ = writeln!(o, "{}", head.join("  "));
    for row in &cells {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, (s, n))| {
                if i == last {
                    s.clone()
                } else {
                    pad(s, *n, widths[i])
                }
            })
            .collect();
        let _ = writeln!(o, "{}", line.join("  "));
    }

    let _ = writeln!(
        o,
        "{}",
        p.dim("next: rehearse review ID | rehearse compare A B | rehearse report ID --html FILE")
    );

    let ts = trends(rows);
    if !ts.is_empty() {
        let _ = writeln!(
            o,
            "\n{}  {}",
            p.bold("Trends"),
            p.dim("(oldest → newest; coverage 0-100%, pace scaled to its range)")
        );
        let qw = ts.iter().map(|t| t.question_id.len()).max().unwrap_or(0);
        for t in &ts {
            let cov = tail(&t.coverage);
            let wpm = tail(&t.wpm);
            let first_last = |v: &[f64], f: &dyn Fn(f64) -> String| match v {
                [] => String::new(),
                [x] => f(*x),
                [a, .., b] => format!("{} → {}", f(*a), f(*b)),
            };
            let n = if t.attempts == 1 {
                "1 attempt ".to_string()
            } else {
                format!("{} attempts", t.attempts)
            };
            let _ = writeln!(
                o,
                "  {:<qw$}  {:>11}  coverage {} {:<11}  pace {} {}",
                t.question_id,
                n,
                p.cyan(&pad(&sparkline(cov, 0.0, 1.0), cov.len(), 8)),
                first_last(cov, &|x| format!("{:.0}%", x * 100.0)),
                p.cyan(&pad(&sparkline_auto(wpm), wpm.len(), 8)),
                first_last(wpm, &|x| format!("{x:.0}")) + " wpm",
            );
        }
    }
    o
}

/// Which way a change went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The newer attempt is better on this measure.
    Better,
    /// The newer attempt is worse.
    Worse,
    /// No meaningful change.
    Same,
}

/// One measure in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Measure name.
    pub measure: String,
    /// Value in A, formatted.
    pub a: String,
    /// Value in B, formatted.
    pub b: String,
    /// Direction of the change from A to B.
    pub direction: Direction,
    /// Why it counts as better or worse.
    pub note: String,
}

/// Two attempts of one question side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Layout version ([`HISTORY_VERSION`]).
    pub version: u32,
    /// Question id.
    pub question_id: String,
    /// Attempt A id (older).
    pub a: String,
    /// Attempt B id (newer).
    pub b: String,
    /// Measures.
    pub changes: Vec<Change>,
    /// Key points covered in B but not in A.
    pub gained: Vec<String>,
    /// Key points covered in A but not in B.
    pub lost: Vec<String>,
    /// Key points covered in both.
    pub kept: Vec<String>,
    /// Key points covered in neither.
    pub still_missing: Vec<String>,
}

fn direction(better: bool, worse: bool) -> Direction {
    match (better, worse) {
        (true, false) => Direction::Better,
        (false, true) => Direction::Worse,
        _ => Direction::Same,
    }
}

/// How far a pace is from the comfort band (0 inside it).
fn band_distance(wpm: f64, band: (f64, f64)) -> f64 {
    if wpm < band.0 {
        band.0 - wpm
    } else if wpm > band.1 {
        wpm - band.1
    } else {
        0.0
    }
}

/// Compare attempt `a` (older) with `b` (newer).
pub fn compare(a: &AttemptView, b: &AttemptView) -> Comparison {
    let (ra, rb) = (a.report, b.report);
    let band = Settings::default().comfort_wpm;
    let mut changes = Vec::new();

    let target = rb.target_s.max(ra.target_s) as f64;
    let (da, db) = ((ra.speech_s - target).abs(), (rb.speech_s - target).abs());
    changes.push(Change {
        measure: "length".into(),
        a: clock(ra.speech_s),
        b: clock(rb.speech_s),
        direction: direction(db + 5.0 < da, db > da + 5.0),
        note: format!("target {}", clock(target)),
    });
    let (pa, pb) = (band_distance(ra.wpm, band), band_distance(rb.wpm, band));
    changes.push(Change {
        measure: "pace".into(),
        a: format!("{:.0} wpm", ra.wpm),
        b: format!("{:.0} wpm", rb.wpm),
        direction: direction(pb + 3.0 < pa, pb > pa + 3.0),
        note: format!("comfortable {:.0}-{:.0}", band.0, band.1),
    });
    changes.push(Change {
        measure: "dead air".into(),
        a: ra.dead_air_count.to_string(),
        b: rb.dead_air_count.to_string(),
        direction: direction(
            rb.dead_air_count < ra.dead_air_count,
            rb.dead_air_count > ra.dead_air_count,
        ),
        note: format!("pauses {} → {}", ra.pauses.len(), rb.pauses.len()),
    });
    changes.push(Change {
        measure: "fillers".into(),
        a: format!("{:.1}/min", ra.fillers_per_min),
        b: format!("{:.1}/min", rb.fillers_per_min),
        direction: direction(
            rb.fillers_per_min + 0.3 < ra.fillers_per_min,
            rb.fillers_per_min > ra.fillers_per_min + 0.3,
        ),
        note: format!("{} → {} fillers", ra.filler_count, rb.filler_count),
    });
    changes.push(Change {
        measure: "coverage".into(),
        a: format!("{:.0}%", ra.coverage * 100.0),
        b: format!("{:.0}%", rb.coverage * 100.0),
        direction: direction(
            rb.coverage > ra.coverage + 1e-9,
            rb.coverage + 1e-9 < ra.coverage,
        ),
        note: format!(
            "{}/{} → {}/{} key points",
            ra.covered_count(),
            ra.key_points.len(),
            rb.covered_count(),
            rb.key_points.len()
        ),
    });
    let star = |r: &Report| {
        [r.star.situation, r.star.task, r.star.action, r.star.result]
            .iter()
            .filter(|x| **x)
            .count()
    };
    changes.push(Change {
        measure: "STAR parts".into(),
        a: format!("{}/4", star(ra)),
        b: format!("{}/4", star(rb)),
        direction: direction(star(rb) > star(ra), star(rb) < star(ra)),
        note: String::new(),
    });

    let covered_in = |r: &Report, text: &str| {
        r.key_points
            .iter()
            .any(|k| k.covered && k.text.trim() == text.trim())
    };
    // Key points in B's order, then any only A knew (the question changed).
    let mut points: Vec<&str> = rb.key_points.iter().map(|k| k.text.as_str()).collect();
    for k in &ra.key_points {
        if !points.iter().any(|p| p.trim() == k.text.trim()) {
            points.push(&k.text);
        }
    }
    let (mut gained, mut lost, mut kept, mut still_missing) = (vec![], vec![], vec![], vec![]);
    for k in points {
        let v = k.to_string();
        match (covered_in(ra, k), covered_in(rb, k)) {
            (false, true) => gained.push(v),
            (true, false) => lost.push(v),
            (true, true) => kept.push(v),
            (false, false) => still_missing.push(v),
        }
    }
    Comparison {
        version: HISTORY_VERSION,
        question_id: b.question_id.to_string(),
        a: a.id.to_string(),
        b: b.id.to_string(),
        changes,
        gained,
        lost,
        kept,
        still_missing,
    }
}

/// Render a comparison for the terminal.
pub fn render_comparison(
    c: &Comparison,
    a: &AttemptView,
    b: &AttemptView,
    style: impl Into<Style>,
) -> String {
    let p: Style = style.into();
    let mut o = String::new();
    let _ = writeln!(o, "{} {}", p.bold("Compare"), c.question_id);
    let _ = writeln!(
        o,
        "  A  {}  {}",
        p.cyan(&c.a),
        p.dim(&short_date(a.created))
    );
    let _ = writeln!(
        o,
        "  B  {}  {}",
        p.cyan(&c.b),
        p.dim(&short_date(b.created))
    );
    o.push('\n');
    let mw = c
        .changes
        .iter()
        .map(|x| x.measure.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let aw = c
        .changes
        .iter()
        .map(|x| x.a.chars().count())
        .max()
        .unwrap_or(0)
        .max(1);
    let bw = c
        .changes
        .iter()
        .map(|x| x.b.chars().count())
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(
        o,
        "  {}  {}  {}  {}",
        p.bold(&format!("{:<mw$}", "measure")),
        p.bold(&format!("{:>aw$}", "A")),
        p.bold(&format!("{:>bw$}", "B")),
        p.bold("change")
    );
    for ch in &c.changes {
        let verdict = match ch.direction {
            Direction::Better => p.good("better"),
            Direction::Worse => p.bad("worse"),
            Direction::Same => p.dim("same"),
        };
        let note = if ch.note.is_empty() {
            String::new()
        } else {
            format!("  {}", p.dim(&format!("({})", ch.note)))
        };
        let _ = writeln!(
            o,
            "  {:<mw$}  {:>aw$}  {:>bw$}  {verdict}{note}",
            ch.measure, ch.a, ch.b
        );
    }
    let better: Vec<&str> = c
        .changes
        .iter()
        .filter(|x| x.direction == Direction::Better)
        .map(|x| x.measure.as_str())
        .collect();
    let worse: Vec<&str> = c
        .changes
        .iter()
        .filter(|x| x.direction == Direction::Worse)
        .map(|x| x.measure.as_str())
        .collect();
    o.push('\n');
    let list = |v: &[&str]| {
        if v.is_empty() {
            "nothing".to_string()
        } else {
            v.join(", ")
        }
    };
    let _ = writeln!(o, "  {} {}", p.good("Improved:"), list(&better));
    let _ = writeln!(o, "  {} {}", p.bad("Got worse:"), list(&worse));

    let section = |o: &mut String, title: String, items: &[String], mark: String| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(o, "\n{title}");
        for k in items {
            let body = super::review::wrap(k, 68, "    ");
            let _ = write!(o, "  {mark} {}", body.trim_start());
        }
    };
    section(&mut o, p.bold("Key points gained"), &c.gained, p.good("+"));
    section(&mut o, p.bold("Key points lost"), &c.lost, p.bad("-"));
    section(&mut o, p.bold("Still covered"), &c.kept, p.dim("="));
    section(
        &mut o,
        p.bold("Still missing"),
        &c.still_missing,
        p.warn("?"),
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_stay_unique() {
        let all = [
            "20261128-101530-model-rollback-0a1b",
            "20261128-101530-model-rollback-0a2c",
            "20261128-101530-explain-0001",
            "20261129-090000-model-rollback-ffff",
        ];
        assert_eq!(short_id(all[3], &all), "20261129-090000");
        assert_eq!(short_id(all[2], &all), "20261128-101530-e");
        assert_eq!(short_id(all[0], &all), "20261128-101530-model-rollback-0a1");
        assert_eq!(short_id("abc", &["abc"]), "abc");
    }

    #[test]
    fn band_distance_is_zero_inside() {
        assert_eq!(band_distance(140.0, (120.0, 160.0)), 0.0);
        assert_eq!(band_distance(100.0, (120.0, 160.0)), 20.0);
        assert_eq!(band_distance(190.0, (120.0, 160.0)), 30.0);
    }
}
