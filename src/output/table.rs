//! The `rehearse history` table and trends, fitted to the terminal's width.
//!
//! The full table has eight columns (about 106 columns wide). When it does
//! not fit, it gives up detail in a fixed order, least useful first, until
//! it does: the filler rate (the count stays), the date column (the id
//! starts with the date and time), the target after the length, the "wpm"
//! unit, the pauses column, the covered/total counts (the percentage
//! stays), then the question id is shortened with "…" (never below 8
//! characters). The id column always stays whole: commands take it.
//! Trend lines that do not fit break after the question id.

use super::format::{clock, short_date, sparkline, sparkline_auto};
use super::sanitize;
use super::style::Style;
use super::wrap;
use crate::analysis::trends::{trends, HistoryRow};
use crate::analysis::{LengthVerdict, Settings};
use std::fmt::Write;

/// Most attempts shown in a sparkline (the newest).
const SPARK_MAX: usize = 24;
/// Shortest a question id is cut to.
const QUESTION_MIN: usize = 8;

fn tail(v: &[f64]) -> &[f64] {
    &v[v.len().saturating_sub(SPARK_MAX)..]
}

/// Pad `s` to `w` visible columns (ANSI codes excluded by the caller).
fn pad(s: &str, visible: usize, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(visible)))
}

/// How much detail the table shows.
#[derive(Debug, Clone, Copy)]
struct Detail {
    filler_rate: bool,
    date: bool,
    target: bool,
    wpm_unit: bool,
    pauses: bool,
    cov_counts: bool,
    question_max: usize,
}

impl Detail {
    const FULL: Detail = Detail {
        filler_rate: true,
        date: true,
        target: true,
        wpm_unit: true,
        pauses: true,
        cov_counts: true,
        question_max: usize::MAX,
    };

    /// The next step down in detail, or `None` when nothing is left to give.
    fn less(self, question_len: usize) -> Option<Detail> {
        let mut d = self;
        if d.filler_rate {
            d.filler_rate = false;
        } else if d.date {
            d.date = false;
        } else if d.target {
            d.target = false;
        } else if d.wpm_unit {
            d.wpm_unit = false;
        } else if d.pauses {
            d.pauses = false;
        } else if d.cov_counts {
            d.cov_counts = false;
        } else if d.question_max.min(question_len) > QUESTION_MIN {
            d.question_max = d.question_max.min(question_len) - 1;
        } else {
            return None;
        }
        Some(d)
    }
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

/// A cell: styled text and its visible width.
type Cell = (String, usize);

fn plain(s: String) -> Cell {
    let n = s.chars().count();
    (s, n)
}

/// `s` cut to `max` characters with "…".
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// The table's columns at a level of detail: headers and rows of cells.
fn columns(rows: &[HistoryRow], p: Style, d: Detail) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let band = Settings::default().comfort_wpm;
    let all_ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut headers = vec![];
    if d.date {
        headers.push("date (UTC)");
    }
    headers.push("question");
    headers.push(if d.target { "length/target" } else { "length" });
    headers.push(if d.wpm_unit { "pace" } else { "wpm" });
    if d.pauses {
        headers.push("pauses");
    }
    headers.extend(["fillers", "coverage", "id"]);
    let cells = rows
        .iter()
        .map(|r| {
            let mut row: Vec<Cell> = vec![];
            if d.date {
                row.push(plain(
                    short_date(&r.created).trim_end_matches(" UTC").to_string(),
                ));
            }
            row.push(plain(cut(&r.question_id, d.question_max)));
            let id = short_id(&r.id, &all_ids);
            let id = (p.dim(id), id.chars().count());
            if r.no_speech {
                let s = "no speech";
                row.push((p.dim(s), s.len()));
                let dashes = 3 + usize::from(d.pauses);
                row.extend((0..dashes).map(|_| plain("-".into())));
                row.push(id);
                return row;
            }
            let len = match d.target {
                true => format!("{}/{}", clock(r.length_s), clock(r.target_s as f64)),
                false => clock(r.length_s),
            };
            let len_n = len.chars().count();
            row.push(match r.length_verdict {
                LengthVerdict::OnTarget => (p.good(&len), len_n),
                _ => (p.warn(&len), len_n),
            });
            let pace = match d.wpm_unit {
                true => format!("{:.0} wpm", r.wpm),
                false => format!("{:.0}", r.wpm),
            };
            let pace_n = pace.len();
            row.push(match r.wpm >= band.0 && r.wpm <= band.1 {
                true => (p.good(&pace), pace_n),
                false => (p.warn(&pace), pace_n),
            });
            if d.pauses {
                row.push(plain(match r.dead_air > 0 {
                    true => format!("{} ({} dead)", r.pauses, r.dead_air),
                    false => r.pauses.to_string(),
                }));
            }
            row.push(plain(match d.filler_rate {
                true => format!("{} ({:.1}/min)", r.fillers, r.fillers_per_min),
                false => r.fillers.to_string(),
            }));
            let cov = match d.cov_counts {
                true => format!(
                    "{}/{} {:>3.0}%",
                    r.covered,
                    r.key_points,
                    r.coverage * 100.0
                ),
                false => format!("{:>3.0}%", r.coverage * 100.0),
            };
            let cov_n = cov.chars().count();
            row.push(if r.coverage >= 0.8 {
                (p.good(&cov), cov_n)
            } else if r.coverage >= 0.5 {
                (cov, cov_n)
            } else {
                (p.bad(&cov), cov_n)
            });
            row.push(id);
            row
        })
        .collect();
    (headers, cells)
}

/// Column widths and the table's total width.
fn widths(headers: &[&str], cells: &[Vec<Cell>]) -> (Vec<usize>, usize) {
    let mut w: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in cells {
        for (i, (_, n)) in row.iter().enumerate() {
            w[i] = w[i].max(*n);
        }
    }
    let total = w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    (w, total)
}

/// Render the history table and trends for the terminal within `width`
/// columns (`usize::MAX` for no limit).
pub fn history(rows: &[HistoryRow], p: Style, width: usize) -> String {
    let rows: &[HistoryRow] = &rows.iter().map(sanitize::row).collect::<Vec<_>>();
    let longest_question = rows
        .iter()
        .map(|r| r.question_id.chars().count())
        .max()
        .unwrap_or(0);
    let mut detail = Detail::FULL;
    let (mut headers, mut cells) = columns(rows, p, detail);
    while widths(&headers, &cells).1 > width {
        let Some(d) = detail.less(longest_question) else {
            break;
        };
        detail = d;
        (headers, cells) = columns(rows, p, detail);
    }
    let (w, _) = widths(&headers, &cells);
    let last = headers.len() - 1;
    let mut o = String::new();
    let line = |cells: Vec<Cell>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, (s, n))| match i == last {
                true => s.clone(),
                false => pad(s, *n, w[i]),
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let head = headers.iter().map(|h| (p.bold(h), h.len())).collect();
    let _ = writeln!(o, "{}", line(head));
    for row in cells {
        let _ = writeln!(o, "{}", line(row));
    }
    let next = "next: rehearse review ID | rehearse compare A B | rehearse report ID --html FILE";
    for l in wrap::lines(next, width.min(1000)) {
        let _ = writeln!(o, "{}", p.dim(&l));
    }
    o.push_str(&trend_lines(rows, p, width));
    o
}

/// The per-question trend lines.
fn trend_lines(rows: &[HistoryRow], p: Style, width: usize) -> String {
    let ts = trends(rows);
    let mut o = String::new();
    if ts.is_empty() {
        return o;
    }
    let title = p.bold("Trends");
    let note = "(oldest → newest; coverage 0-100%, pace scaled to its range)";
    if 8 + note.chars().count() <= width {
        let _ = writeln!(o, "\n{title}  {}", p.dim(note));
    } else {
        let _ = writeln!(o, "\n{title}");
        o.push_str(&p.dim(&wrap::indented(note, width.saturating_sub(2), "  ")));
    }
    let qw = ts
        .iter()
        .map(|t| t.question_id.chars().count())
        .max()
        .unwrap_or(0);
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
        let cov_text = first_last(cov, &|x| format!("{:.0}%", x * 100.0));
        let wpm_text = first_last(wpm, &|x| format!("{x:.0}")) + " wpm";
        let figures = |gap: &str| {
            format!(
                "coverage {} {cov_text:<11}{gap}pace {} {wpm_text}",
                p.cyan(&pad(&sparkline(cov, 0.0, 1.0), cov.len(), 8)),
                p.cyan(&pad(&sparkline_auto(wpm), wpm.len(), 8)),
            )
        };
        // "coverage " 9 + 8 + 1 + 11 + 2 + "pace " 5 + 8 + 1 + wpm text.
        let figures_n = 45 + wpm_text.chars().count();
        let qid_n = t.question_id.chars().count();
        if 2 + qw + 2 + 11 + 2 + figures_n <= width {
            let _ = writeln!(
                o,
                "  {}{}  {n:>11}  {}",
                t.question_id,
                " ".repeat(qw - qid_n),
                figures("  ")
            );
        } else {
            let _ = writeln!(o, "  {}  {}", t.question_id, n.trim_end());
            if 4 + figures_n <= width {
                let _ = writeln!(o, "    {}", figures("  "));
            } else {
                let _ = writeln!(
                    o,
                    "    coverage {} {cov_text}",
                    p.cyan(&sparkline(cov, 0.0, 1.0))
                );
                let _ = writeln!(o, "    pace {} {wpm_text}", p.cyan(&sparkline_auto(wpm)));
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_goes_down_in_order_and_stops() {
        let mut d = Detail::FULL;
        let mut steps = 0;
        while let Some(next) = d.less(12) {
            d = next;
            steps += 1;
        }
        // Six columns of detail, then the question from 12 down to 8.
        assert_eq!(steps, 6 + 4);
        assert_eq!(d.question_max, QUESTION_MIN);
        assert!(!d.date && !d.pauses && !d.filler_rate);
    }

    #[test]
    fn cut_marks_the_cut() {
        assert_eq!(cut("model-rollback", 8), "model-r…");
        assert_eq!(cut("short", 8), "short");
    }
}
