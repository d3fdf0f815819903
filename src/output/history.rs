//! Views across attempts: the `rehearse history` table with per-question
//! trend sparklines, its JSON, and the side-by-side `rehearse compare`.
//!
//! The figures come from the analysis core ([`crate::analysis::trends`],
//! [`crate::analysis::compare`]); this module only formats them.

use super::format::{clock, short_date, sparkline, sparkline_auto};
use super::sanitize;
use super::style::Style;
use crate::analysis::compare::{Comparison, Direction, Measure};
use crate::analysis::trends::{trends, HistoryRow, Trend};
use crate::analysis::{LengthVerdict, Settings};
use serde::Serialize;
use std::fmt::Write;

/// Version of the `history --json` layout.
pub const HISTORY_VERSION: u32 = 1;

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
    super::json::pretty(&doc).expect("history rows always serialise")
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
    let rows: &[HistoryRow] = &rows.iter().map(sanitize::row).collect::<Vec<_>>();
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

/// The label of a compared measure.
pub fn measure_label(m: Measure) -> &'static str {
    match m {
        Measure::Length => "length",
        Measure::Pace => "pace",
        Measure::DeadAir => "dead air",
        Measure::Fillers => "fillers",
        Measure::Coverage => "coverage",
        Measure::StarParts => "STAR parts",
    }
}

/// One value of a compared measure, as shown.
fn measure_value(m: Measure, v: f64) -> String {
    match m {
        Measure::Length => clock(v),
        Measure::Pace => format!("{v:.0} wpm"),
        Measure::DeadAir => format!("{v:.0}"),
        Measure::Fillers => format!("{v:.1}/min"),
        Measure::Coverage => format!("{:.0}%", v * 100.0),
        Measure::StarParts => format!("{v:.0}/4"),
    }
}

/// What a measure is judged against, or the counts behind it.
fn measure_note(c: &Comparison, m: Measure) -> String {
    let (a, b) = (&c.a, &c.b);
    match m {
        Measure::Length => format!("target {}", clock(c.target_s as f64)),
        Measure::Pace => format!("comfortable {:.0}-{:.0}", c.comfort_wpm.0, c.comfort_wpm.1),
        Measure::DeadAir => format!("pauses {} → {}", a.pauses, b.pauses),
        Measure::Fillers => format!("{} → {} fillers", a.fillers, b.fillers),
        Measure::Coverage => format!(
            "{}/{} → {}/{} key points",
            a.covered, a.key_points, b.covered, b.key_points
        ),
        Measure::StarParts => String::new(),
    }
}

/// One measure of a comparison as shown.
struct Shown {
    label: &'static str,
    a: String,
    b: String,
    direction: Direction,
    note: String,
}

/// Render a comparison (older attempt A, newer B) for the terminal.
pub fn render_comparison(c: &Comparison, style: impl Into<Style>) -> String {
    let p: Style = style.into();
    let c = &sanitize::comparison(c);
    let mut o = String::new();
    let _ = writeln!(o, "{} {}", p.bold("Compare"), c.question_id);
    for (name, row) in [("A", &c.a), ("B", &c.b)] {
        let _ = writeln!(
            o,
            "  {name}  {}  {}",
            p.cyan(&row.id),
            p.dim(&short_date(&row.created))
        );
    }
    o.push('\n');
    let rows: Vec<Shown> = c
        .changes
        .iter()
        .map(|ch| Shown {
            label: measure_label(ch.measure),
            a: measure_value(ch.measure, ch.a),
            b: measure_value(ch.measure, ch.b),
            direction: ch.direction,
            note: measure_note(c, ch.measure),
        })
        .collect();
    let width = |f: &dyn Fn(&Shown) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let mw = width(&|r| r.label.len()).max(7);
    let aw = width(&|r| r.a.chars().count()).max(1);
    let bw = width(&|r| r.b.chars().count()).max(1);
    let _ = writeln!(
        o,
        "  {}  {}  {}  {}",
        p.bold(&format!("{:<mw$}", "measure")),
        p.bold(&format!("{:>aw$}", "A")),
        p.bold(&format!("{:>bw$}", "B")),
        p.bold("change")
    );
    for r in &rows {
        let verdict = match r.direction {
            Direction::Better => p.good("better"),
            Direction::Worse => p.bad("worse"),
            Direction::Same => p.dim("same"),
        };
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!("  {}", p.dim(&format!("({})", r.note)))
        };
        let _ = writeln!(
            o,
            "  {:<mw$}  {:>aw$}  {:>bw$}  {verdict}{note}",
            r.label, r.a, r.b
        );
    }
    let better: Vec<&str> = c
        .changes
        .iter()
        .filter(|x| x.direction == Direction::Better)
        .map(|x| measure_label(x.measure))
        .collect();
    let worse: Vec<&str> = c
        .changes
        .iter()
        .filter(|x| x.direction == Direction::Worse)
        .map(|x| measure_label(x.measure))
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
            let body = super::wrap::indented(k, 68, "    ");
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
}
