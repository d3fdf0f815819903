//! Amounts said in other words. "A" before a unit is one ("a kilometer",
//! "under a day"), and a length of time in any unit becomes one figure in
//! seconds, so "90 days", "three months" and "a quarter of a year" agree
//! (within [`FIGURE_TOLERANCE`]) and "24 hours" is "a day".
//!
//! Rates stay rates: "once a week", "twice a day", "38,000 a month" and
//! "two meetings a week" keep their "a" (the frequency reading in
//! `text::meaning_phrases` handles the first two).

use crate::lexicon::morphology::{multiplier, small_number};
use crate::lexicon::units::{
    time_unit, unit_abbreviation, DURATION_ADJECTIVES, ONE_OF, RATE_WORDS,
};

/// Relative difference under which two lengths of time are the same figure:
/// a month is 30.4 days, four weeks 28 (8 %).
pub const FIGURE_TOLERANCE: f64 = 0.09;

/// Suffix that marks a figure as a length of time in seconds.
const SECONDS: char = 's';

/// Words that end in "s" without being plural nouns (a plural noun before
/// "a week" makes a rate: "two meetings a week").
const NOT_PLURAL: &[&str] = &[
    "across", "always", "as", "has", "his", "is", "its", "less", "perhaps", "plus", "thus", "this",
    "unless", "us", "was", "yes",
];

/// Read "a"/"an" as "one" before a unit of measure or a counting word
/// ("a dozen", "a hundred", "within a week"), unless it makes a rate.
pub fn articles_as_one(words: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let (w, end) = &words[i];
        let next = words.get(i + 1).map(|x| x.0.as_str());
        let article = (w == "a" || w == "an") && !end;
        let unit = next.is_some_and(|n| ONE_OF.binary_search(&n).is_ok());
        if article && unit && !makes_rate(out.last().map(|x| x.0.as_str())) {
            out.push(("one".into(), false));
        } else {
            out.push(words[i].clone());
        }
    }
    out
}

/// Read spoken decimals as figures: "zero point zero two five" -> "0.025",
/// "two point five times" -> "2.5 times" (not the idiom "at one point").
pub fn spoken_decimals(words: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let digit = |w: &str| match w {
        "oh" => Some(0),
        w if w.len() == 1 && w.as_bytes()[0].is_ascii_digit() => {
            Some(u64::from(w.as_bytes()[0] - b'0'))
        }
        w => small_number(w).filter(|v| *v < 10),
    };
    let whole = |w: &str| {
        w.parse::<u64>()
            .ok()
            .or_else(|| small_number(w))
            .filter(|_| w != "oh")
    };
    let mut out: Vec<(String, bool)> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (w, end) = &words[i];
        let idiom = out.last().is_some_and(|p| p.0 == "at");
        let point = words.get(i + 1).filter(|p| p.0 == "point" && !end && !p.1);
        if let (Some(n), Some(_), false) = (whole(w), point, idiom) {
            let mut k = i + 2;
            let mut frac = String::new();
            while let Some(d) = words.get(k).and_then(|x| digit(&x.0)) {
                frac.push(char::from(b'0' + d as u8));
                k += 1;
                if words[k - 1].1 {
                    break;
                }
            }
            if !frac.is_empty() {
                out.push((format!("{n}.{frac}"), words[k - 1].1));
                i = k;
                continue;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// Read a unit's abbreviation after a figure as the unit: "1 km" is "1
/// kilometer" (input and output as in [`durations`]).
pub fn unit_abbreviations(words: Vec<(String, bool, bool)>) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::with_capacity(words.len());
    for (w, end, number) in words {
        let after_figure = out.last().is_some_and(|p| p.2);
        match unit_abbreviation(&w).filter(|_| after_figure && !number) {
            Some(unit) => out.push((unit.to_string(), end, false)),
            None => out.push((w, end, number)),
        }
    }
    out
}

/// True when "a <unit>" after `prev` is a rate ("twice a week", "$5 a
/// gallon", "ten hours a week"), not an amount.
fn makes_rate(prev: Option<&str>) -> bool {
    let Some(p) = prev else { return false };
    let number = p.parse::<f64>().is_ok() || small_number(p).is_some() || multiplier(p).is_some();
    if RATE_WORDS.binary_search(&p).is_ok() || number {
        return true;
    }
    p.len() > 3 && p.ends_with('s') && !p.ends_with("ss") && !NOT_PLURAL.contains(&p)
}

/// Turn lengths of time into one figure in seconds: `<n> [full] <unit>`,
/// `<n> <unit> and a half`, `half a|an <unit>`, and `(over|in|…) the
/// (past|last|previous) <unit>` (one unit). Input and output are
/// `(word, clause_end, is_number)` as in the tokenizer.
pub fn durations(words: Vec<(String, bool, bool)>) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::with_capacity(words.len());
    let at = |k: usize| words.get(k).map(|x| x.0.as_str());
    let mut i = 0;
    while i < words.len() {
        let (w, end, number) = &words[i];
        let mut found: Option<(f64, usize)> = None;
        if *number && !end {
            // "<n> <unit>", "<n> full <unit>" ("two and a half" arrives as
            // 2.5 from `text::meaning_phrases`).
            if let Ok(n) = w.parse::<f64>() {
                let mut k = i + 1;
                if at(k).is_some_and(|a| DURATION_ADJECTIVES.binary_search(&a).is_ok())
                    && !words[k].1
                {
                    k += 1;
                }
                if let Some(u) = at(k).and_then(time_unit) {
                    // "<n> <unit> and a half".
                    let half = !words[k].1
                        && (at(k + 1), at(k + 2), at(k + 3))
                            == (Some("and"), Some("a"), Some("half"));
                    found = Some(if half {
                        ((n + 0.5) * u, k + 3)
                    } else {
                        (n * u, k)
                    });
                }
            }
        } else if w == "half" && !end && matches!(at(i + 1), Some("a") | Some("an")) {
            if let Some(u) = at(i + 2).and_then(time_unit) {
                found = Some((0.5 * u, i + 2));
            }
        } else if w == "the" && !end {
            let recent = matches!(at(i + 1), Some("past") | Some("last") | Some("previous"));
            let during = out.last().is_some_and(|p| {
                matches!(p.0.as_str(), "over" | "in" | "during" | "within" | "for")
            });
            let singular = at(i + 2).is_some_and(|u| !u.ends_with('s'));
            if recent && during && singular && !words[i + 1].1 {
                if let Some(u) = at(i + 2).and_then(time_unit) {
                    found = Some((u, i + 2));
                }
            }
        }
        match found {
            Some((secs, last)) => {
                out.push((figure(secs), words[last].1, true));
                i = last + 1;
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// The token for a length of time: seconds with a unit mark ("86400s").
fn figure(secs: f64) -> String {
    let v = if secs >= 10.0 {
        format!("{}", secs.round() as i64)
    } else {
        let s = format!("{secs:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{v}{SECONDS}")
}

/// True when two figure tokens say the same amount: equal, or two lengths of
/// time within [`FIGURE_TOLERANCE`] of each other ("28 days" ~ "a month").
pub fn same_figure(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let secs = |s: &str| s.strip_suffix(SECONDS).and_then(|v| v.parse::<f64>().ok());
    match (secs(a), secs(b)) {
        (Some(x), Some(y)) if x > 0.0 && y > 0.0 => (x - y).abs() / x.max(y) <= FIGURE_TOLERANCE,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::tokens;

    fn norms(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.norm).collect()
    }

    fn figure_of(s: &str) -> String {
        let t: Vec<_> = tokens(s).into_iter().filter(|t| t.number).collect();
        assert_eq!(t.len(), 1, "{s}: {t:?}");
        t[0].norm.clone()
    }

    #[test]
    fn lengths_of_time_agree_across_units() {
        let same = [
            ("90 days", "three months"),
            ("24 hours", "a day"),
            ("within 24 hours", "in under a day"),
            ("two weeks", "a fortnight"),
            ("14 days", "two full weeks"),
            ("30 minutes", "half an hour"),
            ("18 months", "a year and a half"),
            ("2.5 weeks", "two and a half weeks"),
            ("four weeks", "a month"),
            ("a year", "twelve months"),
            ("in 30 days", "over the previous month"),
            ("a decade", "ten years"),
        ];
        for (a, b) in same {
            let (x, y) = (figure_of(a), figure_of(b));
            assert!(same_figure(&x, &y), "{a} ({x}) ~ {b} ({y})");
        }
        let differ = [
            ("two weeks", "two months"),
            ("three days", "three weeks"),
            ("an hour", "a day"),
            ("five weeks", "a month"),
            ("90 days", "90"),
        ];
        for (a, b) in differ {
            let x = figure_of(a);
            let y = tokens(b).into_iter().find(|t| t.number).unwrap().norm;
            assert!(!same_figure(&x, &y), "{a} ({x}) !~ {b} ({y})");
        }
    }

    #[test]
    fn a_before_a_unit_is_one_but_rates_stay_rates() {
        let cases: &[(&str, &[&str])] = &[
            ("roughly a kilometer", &["roughly", "1", "kilometer"]),
            ("a dozen tables", &["12", "tables"]),
            ("two dozen tables", &["24", "tables"]),
            ("a hundred users", &["100", "users"]),
            ("once a week", &["weekly"]),
            ("twice a day", &["2", "times", "a", "day"]),
            ("38,000 a month", &["38000", "a", "month"]),
            ("thirty-eight thousand a month", &["38000", "a", "month"]),
            ("five dollars a gallon", &["5", "dollars", "a", "gallon"]),
            ("two meetings a week", &["2", "meetings", "a", "week"]),
            ("it was a week late", &["it", "was", "604800s", "late"]),
            ("a second opinion", &["a", "second", "opinion"]),
            ("the second week", &["the", "second", "week"]),
            ("a week.", &["604800s"]),
            ("in the last month", &["in", "2628000s"]),
            (
                "the last months were hard",
                &["the", "last", "months", "were", "hard"],
            ),
            ("at the last minute", &["at", "the", "last", "minute"]),
            (
                "a gain of zero point zero two five",
                &["a", "gain", "of", "0.025"],
            ),
            (
                "two point five times as often",
                &["2.5", "times", "as", "often"],
            ),
            (
                "it rose to 3 point 4 percent",
                &["it", "rose", "to", "3.4", "percent"],
            ),
            (
                "at one point two people left",
                &["at", "1", "point", "2", "people", "left"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(norms(input), *want, "input: {input}");
        }
    }
}
