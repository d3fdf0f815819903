//! Which question needs practice most: the rule behind `rehearse practice
//! --next`, a small Leitner-style spaced-repetition schedule.
//!
//! 1. A question never practised (no attempt with speech) comes first, in
//!    bank order.
//! 2. Otherwise each question gets a review interval from its *recent
//!    coverage*, the mean key-point coverage of its last
//!    [`RECENT_ATTEMPTS`] attempts with speech: 1 day below 50 %, 3 days
//!    below 80 %, 7 days at 80 % or more ([`interval_days`]).
//! 3. The question most overdue, days since its last attempt ÷ its interval,
//!    is next; on a tie the lower recent coverage, then the longer since
//!    practised, then bank order.
//!
//! So a weak answer comes back the next day, a good one after a week, and a
//! question left alone long enough always returns. Pure: the caller passes
//! the time now and the attempts' rows.

use super::trends::HistoryRow;
use serde::Serialize;

/// Recent coverage is the mean of this many newest attempts with speech.
pub const RECENT_ATTEMPTS: usize = 3;

/// One question's place in the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    /// Question id.
    pub question_id: String,
    /// Attempts with speech.
    pub attempts: usize,
    /// Mean coverage of the newest [`RECENT_ATTEMPTS`] (0..1); `None` when never practised.
    pub recent_coverage: Option<f64>,
    /// Days since the newest attempt; `None` when never practised.
    pub days_since: Option<f64>,
    /// Review interval in days ([`interval_days`]); `None` when never practised.
    pub interval_days: Option<f64>,
}

impl Due {
    /// Days since practised ÷ interval (infinite when never practised).
    pub fn overdue(&self) -> f64 {
        match (self.days_since, self.interval_days) {
            (Some(d), Some(i)) => d / i,
            _ => f64::INFINITY,
        }
    }
}

/// Review interval (days) for a recent coverage (0..1).
pub fn interval_days(recent_coverage: f64) -> f64 {
    if recent_coverage < 0.5 {
        1.0
    } else if recent_coverage < 0.8 {
        3.0
    } else {
        7.0
    }
}

/// Every question of `bank` (ids in bank order) in schedule order, most in
/// need first. `rows` are the saved attempts in any order; attempts of
/// questions not in the bank and attempts without speech are ignored. An
/// attempt whose time cannot be read counts as long ago.
pub fn schedule(bank: &[&str], rows: &[HistoryRow], now: jiff::Timestamp) -> Vec<Due> {
    let mut dues: Vec<(usize, Due)> = bank
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut mine: Vec<(jiff::Timestamp, f64)> = rows
                .iter()
                .filter(|r| r.question_id == *id && !r.no_speech)
                .map(|r| {
                    let at = r
                        .created
                        .parse::<jiff::Timestamp>()
                        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                    (at, r.coverage)
                })
                .collect();
            mine.sort_by_key(|m| std::cmp::Reverse(m.0));
            let due = match mine.first() {
                None => Due {
                    question_id: id.to_string(),
                    attempts: 0,
                    recent_coverage: None,
                    days_since: None,
                    interval_days: None,
                },
                Some(&(last, _)) => {
                    let recent: Vec<f64> = mine.iter().take(RECENT_ATTEMPTS).map(|m| m.1).collect();
                    let cov = recent.iter().sum::<f64>() / recent.len() as f64;
                    let secs = now.duration_since(last).as_secs_f64().max(0.0);
                    Due {
                        question_id: id.to_string(),
                        attempts: mine.len(),
                        recent_coverage: Some(cov),
                        days_since: Some(secs / 86_400.0),
                        interval_days: Some(interval_days(cov)),
                    }
                }
            };
            (i, due)
        })
        .collect();
    dues.sort_by(|(ia, a), (ib, b)| {
        b.overdue()
            .total_cmp(&a.overdue())
            .then(
                a.recent_coverage
                    .unwrap_or(0.0)
                    .total_cmp(&b.recent_coverage.unwrap_or(0.0)),
            )
            .then(
                b.days_since
                    .unwrap_or(0.0)
                    .total_cmp(&a.days_since.unwrap_or(0.0)),
            )
            .then(ia.cmp(ib))
    });
    dues.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{LengthVerdict, PaceVerdict};

    /// A row of question `q` saved at `created` with `coverage`.
    fn row(q: &str, created: &str, coverage: f64, no_speech: bool) -> HistoryRow {
        HistoryRow {
            id: String::new(),
            created: created.into(),
            source: "practice".into(),
            question_id: q.into(),
            no_speech,
            length_s: 60.0,
            target_s: 60,
            length_verdict: LengthVerdict::OnTarget,
            wpm: 140.0,
            pace_verdict: PaceVerdict::Comfortable,
            pauses: 0,
            dead_air: 0,
            fillers: 0,
            fillers_per_min: 0.0,
            covered: 0,
            key_points: 0,
            coverage,
        }
    }

    #[test]
    fn intervals_grow_with_coverage() {
        let cases = [
            (0.0, 1.0),
            (0.49, 1.0),
            (0.5, 3.0),
            (0.79, 3.0),
            (0.8, 7.0),
            (1.0, 7.0),
        ];
        for (cov, want) in cases {
            assert_eq!(interval_days(cov), want, "{cov}");
        }
    }

    #[test]
    fn schedule_table() {
        let now: jiff::Timestamp = "2026-12-10T12:00:00Z".parse().unwrap();
        struct Case {
            name: &'static str,
            bank: &'static [&'static str],
            rows: Vec<HistoryRow>,
            want: &'static [&'static str],
        }
        let cases = [
            Case {
                name: "nothing practised: bank order",
                bank: &["a", "b", "c"],
                rows: vec![],
                want: &["a", "b", "c"],
            },
            Case {
                name: "never practised before practised, however overdue",
                bank: &["a", "b"],
                rows: vec![row("a", "2026-01-01T00:00:00Z", 0.0, false)],
                want: &["b", "a"],
            },
            Case {
                name: "attempts without speech do not count as practice",
                bank: &["a", "b"],
                rows: vec![
                    row("a", "2026-12-10T11:00:00Z", 0.0, true),
                    row("b", "2026-12-09T12:00:00Z", 0.9, false),
                ],
                want: &["a", "b"],
            },
            Case {
                // a: 2 days / 1 day = 2; b: 2 days / 7 days.
                name: "same age: the weaker answer is more overdue",
                bank: &["b", "a"],
                rows: vec![
                    row("a", "2026-12-08T12:00:00Z", 0.3, false),
                    row("b", "2026-12-08T12:00:00Z", 0.9, false),
                ],
                want: &["a", "b"],
            },
            Case {
                // a: 1 day / 1 = 1; b: 14 days / 7 = 2.
                name: "a good answer left alone long enough comes back",
                bank: &["a", "b"],
                rows: vec![
                    row("a", "2026-12-09T12:00:00Z", 0.2, false),
                    row("b", "2026-11-26T12:00:00Z", 1.0, false),
                ],
                want: &["b", "a"],
            },
            Case {
                // a: mean of the newest three = (0.9 + 0.9 + 0.9) / 3 → 7 days;
                // the old 0.0 no longer counts. b: 0.6 → 3 days.
                name: "recent coverage is the newest three attempts",
                bank: &["a", "b"],
                rows: vec![
                    row("a", "2026-12-01T12:00:00Z", 0.0, false),
                    row("a", "2026-12-02T12:00:00Z", 0.9, false),
                    row("a", "2026-12-03T12:00:00Z", 0.9, false),
                    row("a", "2026-12-07T12:00:00Z", 0.9, false),
                    row("b", "2026-12-08T12:00:00Z", 0.6, false),
                ],
                want: &["b", "a"],
            },
            Case {
                // Both 1 day / 1 day: lower coverage first.
                name: "tie: lower coverage first",
                bank: &["a", "b"],
                rows: vec![
                    row("a", "2026-12-09T12:00:00Z", 0.4, false),
                    row("b", "2026-12-09T12:00:00Z", 0.1, false),
                ],
                want: &["b", "a"],
            },
            Case {
                name: "attempts of questions not in the bank are ignored",
                bank: &["a"],
                rows: vec![row("gone", "2026-12-01T12:00:00Z", 0.0, false)],
                want: &["a"],
            },
        ];
        for c in cases {
            let got: Vec<String> = schedule(c.bank, &c.rows, now)
                .into_iter()
                .map(|d| d.question_id)
                .collect();
            assert_eq!(got, c.want, "{}", c.name);
        }
    }

    #[test]
    fn figures_of_a_practised_question() {
        let now: jiff::Timestamp = "2026-12-10T12:00:00Z".parse().unwrap();
        let rows = vec![
            row("a", "2026-12-07T12:00:00Z", 0.5, false),
            row("a", "2026-12-08T00:00:00Z", 0.7, false),
        ];
        let d = &schedule(&["a"], &rows, now)[0];
        assert_eq!(d.attempts, 2);
        assert!((d.recent_coverage.unwrap() - 0.6).abs() < 1e-9);
        assert!((d.days_since.unwrap() - 2.5).abs() < 1e-9);
        assert_eq!(d.interval_days, Some(3.0));
    }
}
