//! Delivery words: hedges and weak words that soften a claim, the contexts
//! that tell a softening "just" / "I think" / "kind of" from the plain word,
//! the words that may be said twice on purpose, and the subject pronouns
//! that say who acted ("I" against "we").
//!
//! `analysis::delivery` applies them to the lower-cased words of an answer
//! with punctuation stripped. The lists describe how English hedges (the
//! "hedges" and "downtoners" of descriptive grammars), never the wording of
//! an evaluation clip.

/// Single words that hedge wherever they occur ("maybe we could …").
#[rustfmt::skip]
pub const HEDGE_WORDS: &[&str] = &[
    "hopefully", "kinda", "maybe", "perhaps", "possibly", "presumably", "probably", "somewhat",
    "sorta",
];

/// Phrases that hedge wherever they occur (matched word by word).
#[rustfmt::skip]
pub const HEDGE_PHRASES: &[&str] = &[
    "a little bit", "i feel like", "i guess", "i suppose", "more or less", "or something",
];

/// Verbs of opinion that hedge after "I" when a clause follows
/// ("I think we should …"), but not when they name the act of thinking
/// ("I think about …"): see [`OPINION_NOT_CLAUSE`].
pub const OPINION_VERBS: &[&str] = &["believe", "think"];

/// Words after "I think" / "I believe" that show the verb is the act of
/// thinking or a belief in something, not a hedge on the clause after it.
#[rustfmt::skip]
pub const OPINION_NOT_CLAUSE: &[&str] = &[
    "about", "ahead", "aloud", "back", "carefully", "deeply", "differently", "hard", "in",
    "of", "over", "through", "twice",
];

/// Words before "I think" / "I believe" that make the phrase the subject
/// of a sentence ("what I think matters is …"), not a hedge.
pub const OPINION_NOT_AFTER: &[&str] = &["how", "what", "when", "where", "why"];

/// Words that, before "kind of" / "sort of", make it a noun phrase ("a kind
/// of model", "what sort of team") rather than a hedge.
#[rustfmt::skip]
pub const KIND_OF_DETERMINERS: &[&str] = &[
    "a", "any", "each", "every", "her", "his", "its", "my", "no", "one", "our", "same", "some",
    "that", "the", "their", "these", "this", "those", "what", "which", "your",
];

/// Verbs (and diminishers) before which "just" softens ("I just wanted to
/// say", "just kind of"); elsewhere "just" means "only", "exactly" or
/// "recently" ("just two days", "we just shipped it") and is not counted.
#[rustfmt::skip]
pub const JUST_SOFTENS: &[&str] = &[
    "feel", "felt", "hope", "hoped", "kind", "kinda", "like", "need", "needed", "sort",
    "think", "thought", "tried", "try", "trying", "wanna", "want", "wanted", "wanting",
    "wonder", "wondered",
];

/// Words said twice in a row on purpose ("had had", "that that").
pub const DOUBLED_ON_PURPOSE: &[&str] = &["had", "that"];

/// "I" as the subject of a clause, in its contracted forms too.
pub const I_SUBJECT: &[&str] = &["i", "i'd", "i'll", "i'm", "i've"];

/// "We" as the subject of a clause, in its contracted forms too.
pub const WE_SUBJECT: &[&str] = &["we", "we'd", "we'll", "we're", "we've"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: words and phrases that soften a claim ("maybe", "I guess").
    /// Sorted, lower case, unique; no hedge is a filler sound, and a
    /// hedge phrase never starts with a word that is a hedge on its own
    /// (it would be counted twice).
    #[test]
    fn hedges_are_clean() {
        check::sorted_lower_unique("HEDGE_WORDS", HEDGE_WORDS);
        check::sorted_lower_unique("HEDGE_PHRASES", HEDGE_PHRASES);
        check::disjoint(
            "HEDGE_WORDS",
            HEDGE_WORDS,
            "HESITATIONS",
            crate::lexicon::fillers::HESITATIONS,
        );
        for p in HEDGE_PHRASES {
            assert!(p.contains(' '), "{p}: a phrase has two words or more");
            let first = p.split(' ').next().unwrap_or_default();
            assert!(!HEDGE_WORDS.contains(&first), "{p}");
        }
    }

    /// Purpose: the contexts that separate a hedge from the plain word.
    /// Sorted, lower case, unique; a word that makes "kind of" a noun
    /// phrase is never itself a hedge, and "just" never softens a number.
    #[test]
    fn hedge_contexts_are_clean() {
        check::sorted_lower_unique("OPINION_VERBS", OPINION_VERBS);
        check::sorted_lower_unique("OPINION_NOT_CLAUSE", OPINION_NOT_CLAUSE);
        check::sorted_lower_unique("OPINION_NOT_AFTER", OPINION_NOT_AFTER);
        check::sorted_lower_unique("KIND_OF_DETERMINERS", KIND_OF_DETERMINERS);
        check::sorted_lower_unique("JUST_SOFTENS", JUST_SOFTENS);
        check::disjoint(
            "KIND_OF_DETERMINERS",
            KIND_OF_DETERMINERS,
            "HEDGE_WORDS",
            HEDGE_WORDS,
        );
        for w in JUST_SOFTENS {
            assert!(crate::lexicon::morphology::small_number(w).is_none(), "{w}");
        }
    }

    /// Purpose: who acted. Subject forms of "I" and "we", sorted, lower
    /// case, unique and apart; the doubled-on-purpose words are clean too.
    #[test]
    fn pronouns_are_clean() {
        check::sorted_lower_unique("I_SUBJECT", I_SUBJECT);
        check::sorted_lower_unique("WE_SUBJECT", WE_SUBJECT);
        check::disjoint("I_SUBJECT", I_SUBJECT, "WE_SUBJECT", WE_SUBJECT);
        check::sorted_lower_unique("DOUBLED_ON_PURPOSE", DOUBLED_ON_PURPOSE);
    }
}
