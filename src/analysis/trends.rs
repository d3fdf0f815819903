//! Figures across attempts: one [`HistoryRow`] of headline numbers per
//! attempt, and per-question [`Trend`]s (oldest → newest). Pure: the caller
//! says which attempts; nothing here reads files or formats text.

use super::{LengthVerdict, PaceVerdict, Report};
use serde::Serialize;

/// One scored attempt as the cross-attempt measures need it: who it is and
/// its report, borrowed from wherever the attempt is kept.
#[derive(Debug, Clone, Copy)]
pub struct AttemptRef<'a> {
    /// Attempt id (folder name; starts with its time stamp).
    pub id: &'a str,
    /// When it was saved, RFC 3339 UTC.
    pub created: &'a str,
    /// Which command saved it ("practice", "score").
    pub source: &'a str,
    /// Question id.
    pub question_id: &'a str,
    /// The analysis.
    pub report: &'a Report,
}

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
    pub fn of(a: &AttemptRef) -> HistoryRow {
        let r = a.report;
        HistoryRow {
            id: a.id.to_string(),
            created: a.created.to_string(),
            source: a.source.to_string(),
            question_id: a.question_id.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A row with only the fields trends read.
    fn row(q: &str, no_speech: bool, coverage: f64, wpm: f64) -> HistoryRow {
        HistoryRow {
            id: String::new(),
            created: String::new(),
            source: "practice".into(),
            question_id: q.into(),
            no_speech,
            length_s: wpm / 2.0,
            target_s: 60,
            length_verdict: LengthVerdict::OnTarget,
            wpm,
            pace_verdict: PaceVerdict::Comfortable,
            pauses: 0,
            dead_air: 0,
            fillers: 0,
            fillers_per_min: coverage * 10.0,
            covered: 0,
            key_points: 0,
            coverage,
        }
    }

    #[test]
    fn trends_table() {
        struct Case {
            name: &'static str,
            /// Rows newest first.
            rows: Vec<HistoryRow>,
            /// (question, attempts, coverage oldest → newest, wpm oldest → newest)
            want: Vec<(&'static str, usize, Vec<f64>, Vec<f64>)>,
        }
        let cases = [
            Case {
                name: "no rows",
                rows: vec![],
                want: vec![],
            },
            Case {
                name: "one question, values oldest first",
                rows: vec![
                    row("a", false, 1.0, 150.0),
                    row("a", false, 0.5, 140.0),
                    row("a", false, 0.2, 110.0),
                ],
                want: vec![("a", 3, vec![0.2, 0.5, 1.0], vec![110.0, 140.0, 150.0])],
            },
            Case {
                name: "questions ordered by their newest attempt",
                rows: vec![
                    row("b", false, 0.4, 130.0),
                    row("a", false, 0.9, 150.0),
                    row("b", false, 0.1, 120.0),
                    row("a", false, 0.3, 100.0),
                ],
                want: vec![
                    ("b", 2, vec![0.1, 0.4], vec![120.0, 130.0]),
                    ("a", 2, vec![0.3, 0.9], vec![100.0, 150.0]),
                ],
            },
            Case {
                name: "attempts without speech are left out",
                rows: vec![
                    row("a", true, 0.0, 0.0),
                    row("a", false, 0.5, 140.0),
                    row("c", true, 0.0, 0.0),
                ],
                want: vec![("a", 1, vec![0.5], vec![140.0])],
            },
        ];
        for c in cases {
            let got: Vec<_> = trends(&c.rows)
                .into_iter()
                .map(|t| {
                    assert_eq!(t.length_s.len(), t.attempts, "{}", c.name);
                    assert_eq!(t.fillers_per_min.len(), t.attempts, "{}", c.name);
                    (t.question_id, t.attempts, t.coverage, t.wpm)
                })
                .collect();
            let want: Vec<_> = c
                .want
                .into_iter()
                .map(|(q, n, cov, wpm)| (q.to_string(), n, cov, wpm))
                .collect();
            assert_eq!(got, want, "{}", c.name);
        }
    }
}
