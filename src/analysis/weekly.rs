//! Progress across all questions by ISO week (UTC): the figures of
//! `rehearse history --summary`. Pure: rows in, weeks out.
//!
//! Each week counts the attempts with speech (an attempt that heard nothing
//! says nothing about the answer), the distinct questions practised, and
//! the means of key-point coverage, pace (wpm) and fillers per minute over
//! those attempts. The trend is each mean's change from the previous week
//! that has attempts (`None` for the first).

use super::trends::HistoryRow;
use serde::Serialize;
use std::collections::BTreeMap;

/// One ISO week's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// ISO week, e.g. `2026-W48`.
    pub week: String,
    /// Its Monday, e.g. `2026-11-23`.
    pub starts: String,
    /// Attempts with speech.
    pub attempts: usize,
    /// Distinct questions practised.
    pub questions: usize,
    /// Mean key-point coverage (0..1).
    pub coverage: f64,
    /// Mean pace (wpm).
    pub wpm: f64,
    /// Mean fillers per minute.
    pub fillers_per_min: f64,
    /// Change from the previous week with attempts.
    pub change: Option<WeekChange>,
}

/// A week's means minus the previous week's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekChange {
    /// Coverage change (fraction; +0.1 is ten points better).
    pub coverage: f64,
    /// Pace change (wpm).
    pub wpm: f64,
    /// Fillers-per-minute change (negative is better).
    pub fillers_per_min: f64,
}

/// The weeks with attempts, oldest first. Rows may come in any order; a row
/// whose time cannot be read is left out.
pub fn weekly(rows: &[HistoryRow]) -> Vec<Week> {
    // (ISO year, week) → (Monday, rows).
    let mut by_week: BTreeMap<(i16, i8), (jiff::civil::Date, Vec<&HistoryRow>)> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.no_speech) {
        let Ok(ts) = r.created.parse::<jiff::Timestamp>() else {
            continue;
        };
        let date = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let iso = date.iso_week_date();
        let monday = iso.first_of_week().map_or(date, |d| d.date());
        by_week
            .entry((iso.year(), iso.week()))
            .or_insert_with(|| (monday, Vec::new()))
            .1
            .push(r);
    }
    let mut out: Vec<Week> = Vec::new();
    for ((year, week), (monday, rs)) in by_week {
        let n = rs.len() as f64;
        let mean = |f: fn(&HistoryRow) -> f64| rs.iter().map(|r| f(r)).sum::<f64>() / n;
        let mut questions: Vec<&str> = rs.iter().map(|r| r.question_id.as_str()).collect();
        questions.sort_unstable();
        questions.dedup();
        let (coverage, wpm, fillers_per_min) = (
            mean(|r| r.coverage),
            mean(|r| r.wpm),
            mean(|r| r.fillers_per_min),
        );
        let change = out.last().map(|p| WeekChange {
            coverage: coverage - p.coverage,
            wpm: wpm - p.wpm,
            fillers_per_min: fillers_per_min - p.fillers_per_min,
        });
        out.push(Week {
            week: format!("{year}-W{week:02}"),
            starts: monday.to_string(),
            attempts: rs.len(),
            questions: questions.len(),
            coverage,
            wpm,
            fillers_per_min,
            change,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{LengthVerdict, PaceVerdict};

    fn row(q: &str, created: &str, coverage: f64, wpm: f64, fpm: f64) -> HistoryRow {
        HistoryRow {
            id: String::new(),
            created: created.into(),
            source: "practice".into(),
            question_id: q.into(),
            no_speech: false,
            length_s: 60.0,
            target_s: 60,
            length_verdict: LengthVerdict::OnTarget,
            wpm,
            pace_verdict: PaceVerdict::Comfortable,
            pauses: 0,
            dead_air: 0,
            fillers: 0,
            fillers_per_min: fpm,
            covered: 0,
            key_points: 0,
            coverage,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn groups_by_iso_week_with_means_and_change() {
        let mut silent = row("a", "2026-11-24T09:00:00Z", 0.0, 0.0, 0.0);
        silent.no_speech = true;
        let rows = vec![
            // 2026-W48 (Mon 23 Nov – Sun 29 Nov); Sunday late still counts.
            row("a", "2026-11-23T00:00:00Z", 0.2, 120.0, 6.0),
            row("b", "2026-11-29T23:59:59Z", 0.4, 140.0, 2.0),
            row("a", "2026-11-25T12:00:00Z", 0.6, 130.0, 4.0),
            silent,
            // 2026-W50: a week with nothing in between.
            row("a", "2026-12-08T10:00:00Z", 0.9, 150.0, 1.0),
            row("x", "not a time", 1.0, 1.0, 1.0),
        ];
        let w = weekly(&rows);
        assert_eq!(w.len(), 2, "{w:#?}");
        assert_eq!(
            (w[0].week.as_str(), w[0].starts.as_str()),
            ("2026-W48", "2026-11-23")
        );
        assert_eq!((w[0].attempts, w[0].questions), (3, 2));
        assert!(close(w[0].coverage, 0.4));
        assert!(close(w[0].wpm, 130.0));
        assert!(close(w[0].fillers_per_min, 4.0));
        assert_eq!(w[0].change, None);
        assert_eq!(
            (w[1].week.as_str(), w[1].starts.as_str()),
            ("2026-W50", "2026-12-07")
        );
        assert_eq!((w[1].attempts, w[1].questions), (1, 1));
        let c = w[1].change.expect("a previous week");
        assert!(close(c.coverage, 0.5) && close(c.wpm, 20.0) && close(c.fillers_per_min, -3.0));
    }

    #[test]
    fn iso_weeks_cross_the_year() {
        let cases = [
            ("2026-12-31T12:00:00Z", "2026-W53", "2026-12-28"),
            ("2027-01-03T12:00:00Z", "2026-W53", "2026-12-28"),
            ("2027-01-04T12:00:00Z", "2027-W01", "2027-01-04"),
            ("2025-12-29T12:00:00Z", "2026-W01", "2025-12-29"),
        ];
        for (at, week, starts) in cases {
            let w = weekly(&[row("a", at, 0.5, 140.0, 1.0)]);
            assert_eq!(
                (w[0].week.as_str(), w[0].starts.as_str()),
                (week, starts),
                "{at}"
            );
        }
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(weekly(&[]).is_empty());
    }
}
