//! The summary of a mock interview (`rehearse interview`) for the terminal:
//! one row per question with its length, pace, fillers and key points.

use super::format::clock;
use super::sanitize;
use crate::analysis::Report;
use std::fmt::Write;

/// One answered question of an interview.
#[derive(Debug, Clone, Copy)]
pub struct SessionRow<'a> {
    /// Question id.
    pub question_id: &'a str,
    /// The analysis; `None` when nothing was heard (nothing was scored).
    pub report: Option<&'a Report>,
}

/// Widest question id shown; longer ones end in "…".
const ID_WIDTH: usize = 24;

/// The summary table (fits 60 columns), then a line of totals.
pub fn summary_table(rows: &[SessionRow]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>2}  {:<ID_WIDTH$}  {:>6}  {:>4}  {:>7}  {:>6}",
        "#", "question", "length", "wpm", "fillers", "points"
    );
    for (i, row) in rows.iter().enumerate() {
        let id = short(&sanitize::line(row.question_id), ID_WIDTH);
        match row.report.filter(|r| !r.no_speech) {
            Some(r) => {
                let _ = writeln!(
                    s,
                    "{:>2}  {id:<ID_WIDTH$}  {:>6}  {:>4.0}  {:>7}  {:>6}",
                    i + 1,
                    clock(r.speech_s),
                    r.wpm,
                    r.filler_count,
                    format!("{}/{}", r.covered_count(), r.key_points.len()),
                );
            }
            None => {
                let _ = writeln!(s, "{:>2}  {id:<ID_WIDTH$}  no speech detected", i + 1);
            }
        }
    }
    let scored: Vec<&Report> = rows
        .iter()
        .filter_map(|r| r.report)
        .filter(|r| !r.no_speech)
        .collect();
    if !scored.is_empty() {
        let speech: f64 = scored.iter().map(|r| r.speech_s).sum();
        let words: usize = scored.iter().map(|r| r.words).sum();
        let fillers: usize = scored.iter().map(|r| r.filler_count).sum();
        let (hit, all) = scored.iter().fold((0, 0), |(h, a), r| {
            (h + r.covered_count(), a + r.key_points.len())
        });
        let wpm = if speech > 0.0 {
            words as f64 / speech * 60.0
        } else {
            0.0
        };
        let _ = writeln!(
            s,
            "{:>2}  {:<ID_WIDTH$}  {:>6}  {wpm:>4.0}  {fillers:>7}  {:>6}",
            "",
            "all answers",
            clock(speech),
            format!("{hit}/{all}"),
        );
    }
    s
}

/// `s` cut to `width` characters, ending in "…" when cut.
fn short(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(
        speech_s: f64,
        words: usize,
        fillers: usize,
        covered: usize,
        points: usize,
    ) -> Report {
        let mut r = crate::analysis::typed::analyse_text(
            "",
            &crate::analysis::Question {
                id: "q".into(),
                category: "c".into(),
                question: "Q?".into(),
                target_seconds: 60,
                reference: "r".into(),
                key_points: vec![],
                key_points_derived: false,
                audio: None,
            },
        );
        r.no_speech = false;
        r.speech_s = speech_s;
        r.words = words;
        r.wpm = words as f64 / speech_s * 60.0;
        r.filler_count = fillers;
        r.key_points = (0..points)
            .map(|i| crate::analysis::KeyPointResult {
                text: format!("p{i}"),
                covered: i < covered,
                score: 0.0,
                evidence: None,
                evidence_start_s: None,
                negated: false,
                denial: None,
            })
            .collect();
        r
    }

    #[test]
    fn table_rows_and_totals() {
        let a = report(60.0, 140, 3, 4, 6);
        let b = report(30.0, 60, 1, 2, 5);
        let rows = [
            SessionRow {
                question_id: "disagreement-with-teammate",
                report: Some(&a),
            },
            SessionRow {
                question_id: "a-very-long-question-id-that-does-not-fit",
                report: None,
            },
            SessionRow {
                question_id: "explain",
                report: Some(&b),
            },
        ];
        let t = summary_table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines,
            [
                " #  question                  length   wpm  fillers  points",
                " 1  disagreement-with-teamm…    1:00   140        3     4/6",
                " 2  a-very-long-question-id…  no speech detected",
                " 3  explain                     0:30   120        1     2/5",
                "    all answers                 1:30   133        4    6/11",
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{t}");
    }
}
