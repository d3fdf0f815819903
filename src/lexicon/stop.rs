//! Stop words: function words and discourse words that carry no content.
//!
//! Coverage ignores them when it weighs a key point's words; key-point
//! derivation ignores them when it measures how much a sentence says.
//! Negation cues are deliberately absent: they carry the meaning that
//! factuality needs and are handled by [`super::cues::NEGATION`].

/// Function words and discourse words (sorted, lower case).
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "actually", "after", "ah", "all", "almost", "also", "an", "and", "any",
    "approximately", "are", "around", "as", "at", "basically", "be", "been", "before", "being",
    "but", "by", "can", "could", "did", "do", "does", "during", "each", "er", "even", "every",
    "for", "from", "get", "got", "had", "has", "have", "he", "her", "him", "his", "hmm", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "kind", "know", "like", "lot", "lots",
    "may", "me", "mean", "might", "more", "most", "much", "my", "nearly", "of", "ok", "okay",
    "on", "once", "one's", "only", "or", "other", "our", "out", "over", "own", "really",
    "roughly", "she", "should", "so", "some", "something", "somewhere", "sort", "still", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things",
    "this", "those", "through", "to", "too", "uh", "um", "up", "us", "very", "was", "way", "we",
    "well", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why",
    "will", "with", "would", "yeah", "you", "your",
];

/// True for words that carry no content.
pub fn is_stop(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: one list of content-free words for every user. Sorted (it is
    /// binary-searched), lower case, unique; no negation cue in it, because
    /// a dropped "not" would hide a denial.
    #[test]
    fn stop_words_are_sorted_and_keep_negation() {
        check::sorted_lower_unique("STOP_WORDS", STOP_WORDS);
        check::disjoint(
            "STOP_WORDS",
            STOP_WORDS,
            "NEGATION",
            crate::lexicon::cues::NEGATION,
        );
        assert!(is_stop("the") && is_stop("would") && !is_stop("not") && !is_stop("never"));
        assert!(!is_stop("model"));
    }
}
