//! Filler words: hesitation sounds, and the words after which "like" is a
//! verb or a comparison rather than a filler.
//!
//! `analysis::fillers` counts every hesitation sound; discourse fillers
//! ("like", "you know", "basically") only in a filler position.

/// Hesitation sounds, after lower-casing and stripping punctuation.
#[rustfmt::skip]
pub const HESITATIONS: &[&str] = &[
    "ah", "ahh", "eh", "er", "erm", "hm", "hmm", "mm", "mmm", "uh", "uhh", "uhm", "um", "umm",
    "ummm",
];

/// Spelling variants of a hesitation mapped to the one reported ("umm" -> "um").
/// The two filled pauses of English transcription conventions are "uh" and
/// "um" (Switchboard's UH and UM); "er", "ah" and "erm" are other spellings
/// of the same sounds (British "er"/"erm" for "uh"/"um"), and the recogniser
/// picks among them freely, so each is reported as the one it spells.
pub const HESITATION_SPELLINGS: &[(&str, &str)] = &[
    ("ah", "uh"),
    ("ahh", "uh"),
    ("er", "uh"),
    ("erm", "um"),
    ("hm", "hmm"),
    ("mm", "hmm"),
    ("mmm", "hmm"),
    ("uhh", "uh"),
    ("uhm", "um"),
    ("umm", "um"),
    ("ummm", "um"),
];

/// The reported form of a hesitation sound.
pub fn hesitation_norm(w: &str) -> &str {
    HESITATION_SPELLINGS
        .iter()
        .find(|(v, _)| *v == w)
        .map_or(w, |(_, n)| n)
}

/// Words of approximation: "like" right before one is the approximating
/// filler ("we lost, like roughly 250,000"), never the verb or a comparison.
#[rustfmt::skip]
pub const APPROXIMATORS: &[&str] = &[
    "about", "almost", "approximately", "around", "nearly", "roughly",
];

/// Prepositions that cannot take "like" as their object: "like" right
/// after one is a filler ("for like two shifts", "in like a week").
#[rustfmt::skip]
pub const LIKE_AFTER_PREPOSITION: &[&str] = &[
    "after", "at", "by", "during", "for", "from", "in", "into", "over", "with", "within",
];

/// Coordinators after which "you know," (closed by a comma) is the
/// discourse filler even when the recogniser wrote no comma before it ("and
/// you know, I changed it"). Not "so" ("so you know, it's due Friday" tells
/// the listener something) and not "as" ("as you know, ...").
pub const YOU_KNOW_AFTER: &[&str] = &["and", "but", "or"];

/// Words after which "like" is the verb or a comparison, not a filler
/// ("we like", "it looked like", "nothing like").
#[rustfmt::skip]
pub const LIKE_VERB_CONTEXT: &[&str] = &[
    "did", "didn't", "do", "does", "don't", "feel", "felt", "i", "i'd", "just", "look",
    "looked", "looks", "nothing", "people", "really", "seem", "seemed", "seems", "something",
    "sound", "sounded", "sounds", "they", "they'd", "to", "we", "we'd", "would", "you",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: sounds that are always fillers. Sorted, lower case, unique;
    /// every spelling variant is itself a hesitation and maps to one; no
    /// hesitation is a content word (none may be a number word or a negation cue).
    #[test]
    fn hesitations_are_clean() {
        check::sorted_lower_unique("HESITATIONS", HESITATIONS);
        for (v, n) in HESITATION_SPELLINGS {
            assert!(
                HESITATIONS.contains(v) && HESITATIONS.contains(n),
                "{v} -> {n}"
            );
        }
        check::disjoint(
            "HESITATIONS",
            HESITATIONS,
            "NEGATION",
            crate::lexicon::cues::NEGATION,
        );
        for h in HESITATIONS {
            assert!(crate::lexicon::morphology::small_number(h).is_none(), "{h}");
        }
    }

    /// Purpose: contexts where "like" is not a filler. Sorted, lower case,
    /// unique; a hesitation is never such a context.
    #[test]
    fn like_contexts_are_clean() {
        check::sorted_lower_unique("LIKE_VERB_CONTEXT", LIKE_VERB_CONTEXT);
        check::disjoint(
            "LIKE_VERB_CONTEXT",
            LIKE_VERB_CONTEXT,
            "HESITATIONS",
            HESITATIONS,
        );
    }

    /// Purpose: words that make the next or previous "like" a filler. Sorted,
    /// lower case, unique; none is a word after which "like" is a verb.
    #[test]
    fn like_filler_contexts_are_clean() {
        check::sorted_lower_unique("APPROXIMATORS", APPROXIMATORS);
        check::sorted_lower_unique("LIKE_AFTER_PREPOSITION", LIKE_AFTER_PREPOSITION);
        for (name, list) in [
            ("APPROXIMATORS", APPROXIMATORS),
            ("LIKE_AFTER_PREPOSITION", LIKE_AFTER_PREPOSITION),
        ] {
            check::disjoint(name, list, "LIKE_VERB_CONTEXT", LIKE_VERB_CONTEXT);
        }
    }

    /// Purpose: coordinators after which a comma-closed "you know," is the
    /// filler. Sorted, lower case, unique; never "so" or "as", after which
    /// "you know" tells the listener something.
    #[test]
    fn you_know_contexts_are_clean() {
        check::sorted_lower_unique("YOU_KNOW_AFTER", YOU_KNOW_AFTER);
        check::disjoint("YOU_KNOW_AFTER", YOU_KNOW_AFTER, "informing", &["as", "so"]);
    }
}
