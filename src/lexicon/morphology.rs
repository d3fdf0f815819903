//! Word forms: irregular past tenses, number words and multipliers, and
//! the number-like words used when ranking sentences.
//!
//! The tokenizer turns "two hundred fifty thousand" into "250000" with
//! [`small_number`] and [`multiplier`]; the stemmer maps "ran" to "run" with
//! [`IRREGULAR_VERBS`].

/// Irregular past forms and participles mapped to their base form (sorted
/// by the inflected form).
pub const IRREGULAR_VERBS: &[(&str, &str)] = &[
    ("began", "begin"),
    ("begun", "begin"),
    ("bought", "buy"),
    ("brought", "bring"),
    ("built", "build"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("fed", "feed"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("found", "find"),
    ("gave", "give"),
    ("given", "give"),
    ("gone", "go"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("held", "hold"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("left", "leave"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("paid", "pay"),
    ("ran", "run"),
    ("rose", "rise"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shown", "show"),
    ("sold", "sell"),
    ("spent", "spend"),
    ("stood", "stand"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("told", "tell"),
    ("took", "take"),
    ("understood", "understand"),
    ("went", "go"),
    ("won", "win"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The base form of an irregular inflected verb ("ran" -> "run").
pub fn irregular_base(w: &str) -> Option<&'static str> {
    IRREGULAR_VERBS
        .binary_search_by(|(past, _)| (*past).cmp(w))
        .ok()
        .map(|i| IRREGULAR_VERBS[i].1)
}

/// Number words below a hundred with their values (sorted by word).
pub const SMALL_NUMBERS: &[(&str, u64)] = &[
    ("eight", 8),
    ("eighteen", 18),
    ("eighty", 80),
    ("eleven", 11),
    ("fifteen", 15),
    ("fifty", 50),
    ("five", 5),
    ("forty", 40),
    ("four", 4),
    ("fourteen", 14),
    ("nine", 9),
    ("nineteen", 19),
    ("ninety", 90),
    ("one", 1),
    ("seven", 7),
    ("seventeen", 17),
    ("seventy", 70),
    ("six", 6),
    ("sixteen", 16),
    ("sixty", 60),
    ("ten", 10),
    ("thirteen", 13),
    ("thirty", 30),
    ("three", 3),
    ("twelve", 12),
    ("twenty", 20),
    ("two", 2),
    ("zero", 0),
];

/// The value of a number word below a hundred ("twelve" -> 12).
pub fn small_number(w: &str) -> Option<u64> {
    SMALL_NUMBERS
        .binary_search_by(|(n, _)| (*n).cmp(w))
        .ok()
        .map(|i| SMALL_NUMBERS[i].1)
}

/// Multiplier words and abbreviations (sorted by word).
pub const MULTIPLIERS: &[(&str, f64)] = &[
    ("billion", 1e9),
    ("bn", 1e9),
    ("dozen", 12.0),
    ("hundred", 100.0),
    ("k", 1e3),
    ("m", 1e6),
    ("million", 1e6),
    ("thousand", 1e3),
];

/// The value of a multiplier word ("thousand" -> 1000).
pub fn multiplier(w: &str) -> Option<f64> {
    MULTIPLIERS
        .binary_search_by(|(n, _)| (*n).cmp(w))
        .ok()
        .map(|i| MULTIPLIERS[i].1)
}

/// Fraction words with their denominators ("a third" is 1/3); singular and
/// plural forms (sorted by word).
pub const FRACTIONS: &[(&str, u32)] = &[
    ("fifth", 5),
    ("fifths", 5),
    ("half", 2),
    ("quarter", 4),
    ("quarters", 4),
    ("tenth", 10),
    ("tenths", 10),
    ("third", 3),
    ("thirds", 3),
];

/// The denominator of a fraction word ("third" -> 3).
pub fn fraction(w: &str) -> Option<u32> {
    FRACTIONS
        .binary_search_by(|(n, _)| (*n).cmp(w))
        .ok()
        .map(|i| FRACTIONS[i].1)
}

/// Words naming a day of the week: "every Friday" happens weekly.
pub const WEEKDAYS: &[&str] = &[
    "friday",
    "monday",
    "saturday",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Periods with the adverb of frequency "every `<period>`" means (sorted).
pub const PERIODS: &[(&str, &str)] = &[
    ("afternoon", "daily"),
    ("day", "daily"),
    ("evening", "daily"),
    ("month", "monthly"),
    ("morning", "daily"),
    ("night", "nightly"),
    ("quarter", "quarterly"),
    ("week", "weekly"),
    ("year", "yearly"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: map irregular verb forms to their base so "ran" matches "run".
    /// Sorted by the inflected form (binary-searched), lower case, unique; a
    /// form never maps to itself.
    #[test]
    fn irregular_verbs_are_sorted() {
        let forms: Vec<&str> = IRREGULAR_VERBS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("IRREGULAR_VERBS", &forms);
        assert!(IRREGULAR_VERBS.iter().all(|(a, b)| a != b));
        assert_eq!(irregular_base("ran"), Some("run"));
        assert_eq!(irregular_base("run"), None);
    }

    /// Purpose: spoken numbers become digits. Sorted by word, unique, and the
    /// values are the numbers the words name.
    #[test]
    fn number_words_are_sorted() {
        let w: Vec<&str> = SMALL_NUMBERS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("SMALL_NUMBERS", &w);
        let m: Vec<&str> = MULTIPLIERS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("MULTIPLIERS", &m);
        assert_eq!(small_number("twelve"), Some(12));
        assert_eq!(small_number("ninety"), Some(90));
        assert_eq!(multiplier("million"), Some(1e6));
        check::disjoint("SMALL_NUMBERS", &w, "MULTIPLIERS", &m);
    }

    /// Purpose: fractions and frequencies said in words ("a third", "every
    /// Friday") match figures and adverbs ("33%", "weekly"). Sorted, unique,
    /// lower case; no fraction word is also a cardinal number word.
    #[test]
    fn fractions_and_periods_are_sorted() {
        let f: Vec<&str> = FRACTIONS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("FRACTIONS", &f);
        check::sorted_lower_unique("WEEKDAYS", WEEKDAYS);
        let p: Vec<&str> = PERIODS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("PERIODS", &p);
        let w: Vec<&str> = SMALL_NUMBERS.iter().map(|p| p.0).collect();
        check::disjoint("FRACTIONS", &f, "SMALL_NUMBERS", &w);
        assert_eq!(fraction("thirds"), Some(3));
    }
}
