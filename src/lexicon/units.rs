//! Units of measure, for reading amounts the way people say them.
//!
//! "Three months", "90 days" and "a quarter of a year" name one length of
//! time; "a kilometer" is one kilometer. The tokenizer reads a number (or
//! "a"/"an") before a unit from these tables, so that a key point's figure
//! matches the same amount said in another unit.

/// Units of time with their length in seconds (calendar months and years
/// at their average length; sorted by word, singular and plural forms).
pub const TIME_UNITS: &[(&str, f64)] = &[
    ("day", 86_400.0),
    ("days", 86_400.0),
    ("decade", 315_360_000.0),
    ("decades", 315_360_000.0),
    ("fortnight", 1_209_600.0),
    ("fortnights", 1_209_600.0),
    ("hour", 3_600.0),
    ("hours", 3_600.0),
    ("hr", 3_600.0),
    ("hrs", 3_600.0),
    ("min", 60.0),
    ("mins", 60.0),
    ("minute", 60.0),
    ("minutes", 60.0),
    ("month", 2_628_000.0),
    ("months", 2_628_000.0),
    ("second", 1.0),
    ("seconds", 1.0),
    ("secs", 1.0),
    ("week", 604_800.0),
    ("weeks", 604_800.0),
    ("year", 31_536_000.0),
    ("years", 31_536_000.0),
];

/// The length of one time unit in seconds ("weeks" -> 604800).
pub fn time_unit(w: &str) -> Option<f64> {
    TIME_UNITS
        .binary_search_by(|(n, _)| (*n).cmp(w))
        .ok()
        .map(|i| TIME_UNITS[i].1)
}

/// Singular units of measure and counting words after which "a" or "an"
/// means one ("a kilometer", "a dozen", "an hour"). Sorted.
pub const ONE_OF: &[&str] = &[
    "billion",
    "cent",
    "day",
    "decade",
    "dollar",
    "dozen",
    "euro",
    "foot",
    "fortnight",
    "gallon",
    "gigabyte",
    "gram",
    "hour",
    "hundred",
    "inch",
    "kilogram",
    "kilometer",
    "kilometre",
    "liter",
    "litre",
    "megabyte",
    "meter",
    "metre",
    "mile",
    "million",
    "minute",
    "month",
    "pound",
    "terabyte",
    "thousand",
    "ton",
    "week",
    "year",
];

/// Abbreviations of units, read as the unit ("1 km" is one kilometer). Sorted.
pub const UNIT_ABBREVIATIONS: &[(&str, &str)] = &[
    ("cm", "centimeter"),
    ("ft", "foot"),
    ("gb", "gigabyte"),
    ("kg", "kilogram"),
    ("km", "kilometer"),
    ("lb", "pound"),
    ("lbs", "pound"),
    ("mb", "megabyte"),
    ("mm", "millimeter"),
    ("tb", "terabyte"),
];

/// The unit an abbreviation stands for ("km" -> "kilometer").
pub fn unit_abbreviation(w: &str) -> Option<&'static str> {
    UNIT_ABBREVIATIONS
        .binary_search_by(|(n, _)| (*n).cmp(w))
        .ok()
        .map(|i| UNIT_ABBREVIATIONS[i].1)
}

/// Adjectives that may stand between a number and its unit of time without
/// changing the amount ("two full years", "three straight weeks"). Sorted.
pub const DURATION_ADJECTIVES: &[&str] = &[
    "additional",
    "consecutive",
    "entire",
    "extra",
    "full",
    "long",
    "more",
    "solid",
    "straight",
    "whole",
];

/// Words before "a"/"an" that make it a rate, not a count: "once a week",
/// "three times a day", "half an hour" (read separately). Sorted.
pub const RATE_WORDS: &[&str] = &["half", "once", "per", "thrice", "times", "twice"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// The tables are sorted word lists that the lookups binary-search.
    #[test]
    fn unit_tables_are_sorted_and_consistent() {
        let t: Vec<&str> = TIME_UNITS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("TIME_UNITS", &t);
        check::sorted_lower_unique("ONE_OF", ONE_OF);
        check::sorted_lower_unique("DURATION_ADJECTIVES", DURATION_ADJECTIVES);
        check::sorted_lower_unique("RATE_WORDS", RATE_WORDS);
        let abbr: Vec<&str> = UNIT_ABBREVIATIONS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("UNIT_ABBREVIATIONS", &abbr);
        assert_eq!(unit_abbreviation("km"), Some("kilometer"));
        assert_eq!(time_unit("weeks"), Some(7.0 * 86_400.0));
        assert_eq!(time_unit("week"), time_unit("weeks"));
        // A year is twelve months; a month about four and a third weeks.
        assert_eq!(time_unit("year"), time_unit("month").map(|m| m * 12.0));
        // Every singular time unit can take "a": "a week", "an hour" (not
        // "a second", which is mostly the ordinal: "a second opinion").
        for (w, _) in TIME_UNITS {
            if !w.ends_with('s') && !["hr", "min", "second"].contains(w) {
                assert!(ONE_OF.contains(w), "{w} missing from ONE_OF");
            }
        }
    }
}
