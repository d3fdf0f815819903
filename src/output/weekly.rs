//! `rehearse history --summary`: progress by ISO week as a table or JSON,
//! from [`crate::analysis::weekly::Week`]s.

use crate::analysis::weekly::Week;
use serde::Serialize;

/// Version of the `history --summary --json` document (bumped only when a
/// field changes meaning; new fields may appear without a bump).
pub const SUMMARY_VERSION: u32 = 1;

#[derive(Serialize)]
struct SummaryJson<'a> {
    summary_version: u32,
    /// Weeks are ISO weeks in UTC.
    time_zone: &'static str,
    weeks: &'a [Week],
}

/// The JSON document: version, time zone and the weeks, oldest first.
pub fn summary_json(weeks: &[Week]) -> String {
    let doc = SummaryJson {
        summary_version: SUMMARY_VERSION,
        time_zone: "UTC",
        weeks,
    };
    super::json::pretty(&doc).expect("weeks always serialise")
}

/// The table: one line per week, oldest first, each with its change from
/// the week before.
pub fn summary_table(weeks: &[Week]) -> String {
    let mut s = String::from("Progress by week (ISO weeks, UTC)\n\n");
    s.push_str(&format!(
        "{:<9} {:<10} {:>8} {:>9} {:>8} {:>8} {:>11}  {}\n",
        "week", "from", "attempts", "questions", "coverage", "pace", "fillers/min", "trend"
    ));
    for w in weeks {
        let trend = match &w.change {
            None => "-".to_string(),
            Some(c) => format!(
                "coverage {:+.0} pts, pace {:+.0} wpm, fillers {:+.1}/min",
                c.coverage * 100.0,
                c.wpm,
                c.fillers_per_min
            ),
        };
        s.push_str(&format!(
            "{:<9} {:<10} {:>8} {:>9} {:>6.0} % {:>4.0} wpm {:>11.1}  {}\n",
            w.week,
            w.starts,
            w.attempts,
            w.questions,
            w.coverage * 100.0,
            w.wpm,
            w.fillers_per_min,
            trend
        ));
    }
    s
}
