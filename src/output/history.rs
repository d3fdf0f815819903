//! Views across attempts: the `rehearse history` table with per-question
//! trend sparklines, its JSON, and the side-by-side `rehearse compare`.
//!
//! The figures come from the analysis core ([`crate::analysis::trends`],
//! [`crate::analysis::compare`]); this module only formats them.

use super::format::{clock, short_date};
use super::sanitize;
use super::style::Style;
use crate::analysis::compare::{Comparison, Direction, Measure};
use crate::analysis::trends::{trends, HistoryRow, Trend};
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

pub use super::table::short_id;

/// Render the history table and trends for the terminal, at full detail
/// (no width limit).
pub fn render_table(rows: &[HistoryRow], style: impl Into<Style>) -> String {
    super::table::history(rows, style.into(), usize::MAX)
}

/// Render the history table and trends within `width` columns, giving up
/// detail in a fixed order when the full table does not fit (see
/// [`super::table`]).
pub fn render_table_at(rows: &[HistoryRow], style: impl Into<Style>, width: usize) -> String {
    super::table::history(rows, style.into(), width)
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
    render_comparison_at(c, style, 72)
}

/// Render a comparison wrapped to `width` columns.
pub fn render_comparison_at(c: &Comparison, style: impl Into<Style>, cols: usize) -> String {
    let p: Style = style.into();
    let cols = super::width::clamp(cols);
    let c = &sanitize::comparison(c);
    let mut o = String::new();
    let _ = writeln!(o, "{} {}", p.bold("Compare"), c.question_id);
    for (name, row) in [("A", &c.a), ("B", &c.b)] {
        let date = short_date(&row.created);
        let sep = match 7 + row.id.chars().count() + date.len() <= cols {
            true => "  ".to_string(),
            false => "\n     ".to_string(),
        };
        let _ = writeln!(o, "  {name}  {}{sep}{}", p.cyan(&row.id), p.dim(&date));
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
    for (label, items) in [
        (p.good("Improved:"), &better),
        (p.bad("Got worse:"), &worse),
    ] {
        let text = format!("{label} {}", list(items));
        let body = super::wrap::indented(&text, cols - 4, "    ");
        let _ = write!(o, "  {}", body.trim_start());
    }

    let section = |o: &mut String, title: String, items: &[String], mark: String| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(o, "\n{title}");
        for k in items {
            let body = super::wrap::indented(k, cols - 4, "    ");
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
