//! `rehearse practice --next`: the question most in need of practice, by the
//! schedule in [`crate::analysis::schedule`] over the saved attempts.

use super::view;
use crate::analysis::schedule::{schedule, Due};
use crate::analysis::trends::HistoryRow;
use crate::analysis::Question;
use crate::app::out::errln;
use crate::app::Globals;

/// The next question to practise (of `category` when given), after saying
/// on stderr why it was chosen.
pub(crate) fn next_question(g: &Globals, category: Option<&str>) -> anyhow::Result<Question> {
    let bank: Vec<Question> = g
        .bank()?
        .into_iter()
        .filter(|q| category.is_none_or(|c| q.category.eq_ignore_ascii_case(c.trim())))
        .collect();
    if bank.is_empty() {
        anyhow::bail!(
            "no question in category `{}`; `rehearse questions` lists the categories",
            category.unwrap_or_default()
        );
    }
    // Unreadable attempt folders are listed by `rehearse history`; here they
    // simply do not count.
    let (list, _warnings) = g.data.attempts().list()?;
    let rows: Vec<HistoryRow> = list.iter().map(|a| view(a).row()).collect();
    let ids: Vec<&str> = bank.iter().map(|q| q.id.as_str()).collect();
    let order = schedule(&ids, &rows, jiff::Timestamp::now());
    let due = order
        .first()
        .expect("one entry per question of a non-empty bank");
    errln!("Next: {}", why(due));
    let q = bank
        .into_iter()
        .find(|q| q.id == due.question_id)
        .expect("the schedule names questions of the bank");
    Ok(q)
}

/// Why `due` was chosen, in one line.
fn why(due: &Due) -> String {
    let id = crate::output::sanitize::line(&due.question_id);
    match (due.recent_coverage, due.days_since, due.interval_days) {
        (Some(cov), Some(days), Some(every)) => format!(
            "{id}: practised {} ago, recent coverage {:.0} % (due every {} day{})",
            ago(days),
            cov * 100.0,
            every,
            if every == 1.0 { "" } else { "s" }
        ),
        _ => format!("{id}: never practised"),
    }
}

/// "3 days", "5 hours", "10 minutes".
fn ago(days: f64) -> String {
    let plural = |n: f64, unit: &str| {
        let n = n.floor() as u64;
        format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
    };
    if days >= 1.0 {
        plural(days, "day")
    } else if days * 24.0 >= 1.0 {
        plural(days * 24.0, "hour")
    } else {
        plural((days * 24.0 * 60.0).max(0.0), "minute")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why() {
        let due = |cov: Option<f64>, days: Option<f64>, every: Option<f64>| Due {
            question_id: "q".into(),
            attempts: 1,
            recent_coverage: cov,
            days_since: days,
            interval_days: every,
        };
        let cases = [
            (due(None, None, None), "q: never practised"),
            (
                due(Some(0.4), Some(2.5), Some(1.0)),
                "q: practised 2 days ago, recent coverage 40 % (due every 1 day)",
            ),
            (
                due(Some(0.9), Some(0.25), Some(7.0)),
                "q: practised 6 hours ago, recent coverage 90 % (due every 7 days)",
            ),
        ];
        for (d, want) in cases {
            assert_eq!(why(&d), want);
        }
    }
}
