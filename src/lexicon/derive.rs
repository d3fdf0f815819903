//! Word lists for deriving key points from a reference answer: STAR labels,
//! lead-ins, abbreviations, action and result words, clause boundaries.
//!
//! `analysis::derive` ranks sentences by what they say and trims them to
//! their essential clause with these lists.

/// Labels that open a STAR section; stripped before scoring.
#[rustfmt::skip]
pub const STAR_LABELS: &[&str] = &[
    "action", "actions", "approach", "background", "context", "impact", "outcome", "outcomes",
    "result", "results", "situation", "task", "tasks",
];

/// Openers that add nothing to a key point ("So, ...", "Then ..."). Order
/// matters: a phrase comes before any shorter phrase that starts it.
#[rustfmt::skip]
pub const LEAD_INS: &[&str] = &[
    "so", "then", "and then", "and", "but", "also", "additionally", "in addition", "however",
    "finally", "first", "firstly", "second", "secondly", "third", "next", "after that",
    "afterwards", "as a result", "to achieve this", "to illustrate", "for instance",
    "for example", "in contrast", "more importantly", "importantly", "soon after",
    "specifically", "overall", "basically", "well", "now", "initially", "eventually",
    "ultimately", "in the end", "in short", "at first", "meanwhile", "instead", "digging in",
    "to drive this forward", "to do this", "to do that",
];

/// Lead-ins dropped even without a comma ("Then we shipped it").
#[rustfmt::skip]
pub const BARE_LEAD_INS: &[&str] = &[
    "also", "and", "and then", "but", "so", "then",
];

/// Abbreviations whose final dot does not end a sentence.
#[rustfmt::skip]
pub const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "cf", "co", "dr", "e.g", "etc", "fig", "i.e", "inc", "jr", "ltd", "mr",
    "mrs", "ms", "no", "prof", "sr", "st", "vs",
];

/// Verbs that describe something the speaker did.
#[rustfmt::skip]
pub const ACTION_VERBS: &[&str] = &[
    "added", "aligned", "analysed", "analyzed", "automated", "built", "changed", "collaborated",
    "conducted", "coordinated", "created", "defined", "delivered", "deployed", "designed",
    "developed", "documented", "engaged", "explained", "fixed", "framed", "identified",
    "illustrate", "implemented", "integrated", "introduced", "launched", "led", "managed",
    "measured", "mentored", "migrated", "modified", "monitored", "negotiated", "normalised",
    "normalized", "onboarded", "optimised", "optimized", "organised", "organized", "presented",
    "prioritised", "prioritized", "proposed", "prototyped", "pulled", "rebuilt", "redesigned",
    "refactored", "rehearsed", "replaced", "reviewed", "rolled", "scheduled", "scoped", "set",
    "shipped", "showed", "simplified", "tested", "tracked", "trained", "used", "validated",
    "wrote",
];

/// Words that signal an outcome.
#[rustfmt::skip]
pub const RESULT_WORDS: &[&str] = &[
    "accuracy", "achieved", "adopted", "became", "chose", "conversion", "cut", "deadline",
    "decided", "engagement", "faster", "gain", "gains", "grew", "growth", "impact", "improve",
    "improved", "improvement", "increase", "increased", "latency", "learned", "lift", "outcome",
    "percent", "raised", "recovered", "reduced", "reduction", "result", "resulted", "retention",
    "revenue", "saved", "savings", "stayed", "successfully", "won",
];

/// Spelled-out numbers and number-like words that count as numbers.
#[rustfmt::skip]
pub const NUMBER_WORDS: &[&str] = &[
    "billion", "double", "dozen", "eight", "eleven", "fifty", "five", "forty", "four", "half",
    "hundred", "million", "nine", "seven", "six", "ten", "thirty", "thousand", "three",
    "twelve", "twenty", "twice", "two",
];

/// Places where a long sentence may be cut, keeping the part before.
#[rustfmt::skip]
pub const CUT_POINTS: &[&str] = &[
    " - ", " – ", " — ", ", allowing ", ", and ", ", as ", ", because ",
    ", demonstrating ", ", ensuring ", ", instead of ", ", leading to ", ", making ",
    ", providing ", ", rather than ", ", resulting in ", ", shifting ", ", so ", ", which ",
    ", while ", "; ",
];

/// Words that start a main clause after an opening one ("..., we shipped").
#[rustfmt::skip]
pub const CLAUSE_SUBJECTS: &[&str] = &[
    "a", "an", "he", "her", "his", "i", "it", "its", "my", "our", "she", "that", "the", "their",
    "there", "these", "they", "this", "those", "we",
];

/// Subject pronouns that open a new clause after a coordinator ("..., and we
/// shipped it"). "I" is left out after a bare "and", where it is usually part
/// of a compound subject ("my manager and I"); see `analysis::derive`.
#[rustfmt::skip]
pub const CLAUSE_PRONOUNS: &[&str] = &[
    "he", "i", "it", "she", "there", "they", "we",
];

/// Auxiliaries and modals: a coordinator followed by one of them starts a new
/// predicate whose subject is the sentence's ("I wrote it, and was able to ...").
#[rustfmt::skip]
pub const AUXILIARIES: &[&str] = &[
    "am", "are", "can", "could", "did", "does", "had", "has", "have", "is", "may", "might",
    "must", "should", "was", "were", "will", "would",
];

/// Words that open a subordinate clause ("While working on X, ...").
#[rustfmt::skip]
pub const SUBORDINATE_OPENERS: &[&str] = &[
    "after", "although", "as", "at", "because", "before", "by", "during", "for", "if", "in",
    "once", "since", "though", "to", "until", "when", "whenever", "while", "with",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: the ranking and trimming vocabulary of key-point derivation.
    /// Every list whose order does not matter is sorted, lower case, unique.
    #[test]
    fn derive_lists_are_clean() {
        for (name, list) in [
            ("STAR_LABELS", STAR_LABELS),
            ("BARE_LEAD_INS", BARE_LEAD_INS),
            ("ABBREVIATIONS", ABBREVIATIONS),
            ("ACTION_VERBS", ACTION_VERBS),
            ("RESULT_WORDS", RESULT_WORDS),
            ("NUMBER_WORDS", NUMBER_WORDS),
            ("CLAUSE_SUBJECTS", CLAUSE_SUBJECTS),
            ("CLAUSE_PRONOUNS", CLAUSE_PRONOUNS),
            ("AUXILIARIES", AUXILIARIES),
            ("SUBORDINATE_OPENERS", SUBORDINATE_OPENERS),
        ] {
            check::sorted_lower_unique(name, list);
        }
        // Cut points are matched as substrings; sorted after matching.
        check::sorted_lower_unique("CUT_POINTS", CUT_POINTS);
        // A bare lead-in is a lead-in; an action verb is content, not a stop word.
        check::disjoint(
            "ACTION_VERBS",
            ACTION_VERBS,
            "STOP_WORDS",
            crate::lexicon::stop::STOP_WORDS,
        );
        for b in BARE_LEAD_INS {
            assert!(LEAD_INS.contains(b), "{b} is not in LEAD_INS");
        }
    }

    /// Purpose: lead-ins are tried in order, so a longer phrase must come
    /// before a shorter one that it starts with ("and then" before "and").
    #[test]
    fn longer_lead_ins_come_first() {
        check::lower_unique("LEAD_INS", LEAD_INS);
        for (i, a) in LEAD_INS.iter().enumerate() {
            for b in &LEAD_INS[i + 1..] {
                assert!(
                    !b.starts_with(&format!("{a} ")),
                    "{b:?} must come before {a:?}"
                );
            }
        }
    }
}
