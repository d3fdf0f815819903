//! STAR cue phrases (Situation, Task, Action, Result): the phrasing that
//! typically opens each part of a behavioural answer.
//!
//! `analysis::star` looks for them in the lower-cased answer with
//! punctuation turned to spaces; each phrase is padded with spaces so that
//! it matches whole words only ("%" is the one bare symbol).

/// Phrases that mark the Situation part.
#[rustfmt::skip]
pub const SITUATION: &[&str] = &[
    " at a ", " at an ", " at my ", " context ", " i owned ", " i was in charge ",
    " i was the ", " i was working ", " i worked ", " in my last ", " in my previous ",
    " last year ", " our team ", " situation ", " we had a ", " when i was ",
];

/// Phrases that mark the Task part.
#[rustfmt::skip]
pub const TASK: &[&str] = &[
    " challenge was ", " goal was ", " had to decide ", " i had to ", " i needed to ",
    " i wanted to ", " i was asked ", " my goal ", " my job was ", " my role ", " needed to ",
    " responsible for ", " task ", " the problem was ",
];

/// Phrases that mark the Action part.
#[rustfmt::skip]
pub const ACTION: &[&str] = &[
    " action ", " i added ", " i asked ", " i built ", " i changed ", " i created ",
    " i decided ", " i described ", " i designed ", " i did ", " i explained ",
    " i implemented ", " i introduced ", " i led ", " i made ", " i organised ",
    " i organized ", " i practiced ", " i proposed ", " i pulled ", " i put ", " i ran ",
    " i reached ", " i rehearsed ", " i restored ", " i reworked ", " i rolled ",
    " i scheduled ", " i set up ", " i showed ", " i spoke ", " i started ", " i talked ",
    " i traced ", " i used ", " i wrote ", " we added ", " we built ", " we changed ",
    " we made ",
];

/// Phrases that mark the Result part.
#[rustfmt::skip]
pub const RESULT: &[&str] = &[
    " achieved ", " as a result ", " became ", " chose ", " dropped ", " ended up ", " grew ",
    " i learned ", " i learnt ", " improved ", " in the end ", " increased ", " led to ",
    " outcome ", " percent ", " picked ", " raised ", " recovered ", " reduced ", " result ",
    " saved ", " stayed ", " went well ", "%",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: phrases that show a STAR part is present. Each list is sorted,
    /// lower case and unique, and every phrase is space-padded so it matches
    /// whole words (except the "%" sign).
    #[test]
    fn star_cues_are_clean() {
        for (name, list) in [
            ("SITUATION", SITUATION),
            ("TASK", TASK),
            ("ACTION", ACTION),
            ("RESULT", RESULT),
        ] {
            check::sorted_lower_unique(name, list);
            for p in list {
                assert!(
                    *p == "%" || (p.starts_with(' ') && p.ends_with(' ')),
                    "{name}: {p:?}"
                );
            }
        }
        check::disjoint("SITUATION", SITUATION, "ACTION", ACTION);
        check::disjoint("TASK", TASK, "RESULT", RESULT);
    }
}
