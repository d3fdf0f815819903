//! Cue words that mark whether a speaker asserts something happened:
//! negation, contrast, intention, stopping, reference back, completion.
//!
//! Coverage and the factuality layer read these to tell "we ran the test"
//! from "we never ran the test" and "we planned to run it, but it was
//! stopped". Entries are matched against a token's surface form or, where
//! noted, its stem (see `analysis::text::stem`).

/// Words that negate what follows them in their clause.
pub const NEGATION: &[&str] = &[
    "cannot", "neither", "never", "no", "nobody", "none", "nor", "not", "nothing", "without",
];

/// Negative contractions as a recogniser sometimes writes them, without the
/// apostrophe ("wasnt", "didnt"), with the positive word each stands for
/// (sorted). "wont" and "cant" are left out: they are also words.
pub const BARE_NEGATIVE_CONTRACTIONS: &[(&str, &str)] = &[
    ("arent", "are"),
    ("couldnt", "could"),
    ("didnt", "did"),
    ("doesnt", "does"),
    ("dont", "do"),
    ("hadnt", "had"),
    ("hasnt", "has"),
    ("havent", "have"),
    ("isnt", "is"),
    ("mustnt", "must"),
    ("neednt", "need"),
    ("shouldnt", "should"),
    ("wasnt", "was"),
    ("werent", "were"),
    ("wouldnt", "would"),
];

/// A negation cue followed by this word is an idiom that negates nothing
/// ("not long after", "no doubt", "not only … but").
pub const NEGATION_IDIOMS: &[(&str, &str)] = &[
    ("never", "mind"),
    ("no", "doubt"),
    ("not", "just"),
    ("not", "long"),
    ("not", "mention"),
    ("not", "only"),
];

/// Words that open a clause contrasting with what came before.
pub const CONTRAST: &[&str] = &[
    "although",
    "but",
    "however",
    "though",
    "unfortunately",
    "yet",
];

/// Coordinating words that can join two sentences run together into one
/// ("I reported it within the hour and access wasn't restricted until May").
pub const CONJUNCTIONS: &[&str] = &["and", "but", "so", "whereas", "while"];

/// Verbs saying that something was stopped before it happened (surface forms
/// and stems).
#[rustfmt::skip]
pub const STOPPED: &[&str] = &[
    "abandon", "abandoned", "cancel", "canceled", "cancelled", "cut", "drop", "dropped", "fell",
    "halt", "halted", "kill", "killed", "postpon", "postponed", "scrap", "scrapped", "shelv",
    "shelved", "stop", "stopped",
];

/// Subjects that point back to what was just said ("…, but it was stopped").
pub const REFERRING: &[&str] = &[
    "it", "that", "the", "these", "they", "this", "those", "we", "which",
];

/// Stem prefixes of verbs of something taking place, negated in a denial
/// ("never happened", "didn't get done").
#[rustfmt::skip]
pub const COMPLETION: &[&str] = &[
    "abl", "build", "complet", "do", "finish", "get", "go", "happen", "launch", "mak", "manag",
    "materializ", "pull", "run", "ship", "start", "succe", "take", "work",
];

/// Stems of words that present what follows as the speaker's (or the team's)
/// plan, intention or expectation ("I meant to", "we planned", "people
/// assumed I would").
#[rustfmt::skip]
pub const PLAN: &[&str] = &[
    "aim", "aimed", "assum", "expect", "going", "hope", "idea", "intend", "meant", "plan", "suppos",
    "want",
];

/// Stems of words that present what follows as someone's suggestion or
/// request ("someone proposed", "they asked me to", "there was talk of").
#[rustfmt::skip]
pub const PROPOSAL: &[&str] = &[
    "ask", "asked", "asking", "offer", "propos", "push", "recommend", "request", "suggest",
    "talk", "urg",
];

/// Stems of words that present what follows as an attempt ("we tried to").
pub const ATTEMPT: &[&str] = &["attempt", "tried", "tries", "try", "trying"];

/// Stems of verbs saying a suggestion, request or plan was refused or
/// skipped ("the customer refused", "I declined", "we skipped the pilot").
#[rustfmt::skip]
pub const REJECTION: &[&str] = &[
    "declin", "deni", "dismiss", "overrul", "refus", "reject", "skip", "veto",
];

/// Stems of verbs saying an attempt did not succeed ("it failed", "we were
/// unable to").
pub const FAILURE: &[&str] = &["fail", "unabl", "unsuccessful"];

/// Modal verbs that with "have" and a participle speak of what did not
/// happen ("I should have", "we could have", "it would have").
pub const HINDSIGHT_MODALS: &[&str] = &["could", "might", "must", "ought", "should", "would"];

/// Words that open a replaced alternative: "instead of X", "rather than X".
pub const REPLACED: &[(&str, &str)] = &[("instead", "of"), ("rather", "than")];

/// Personal pronouns that open a clause as its subject.
pub const SUBJECT_PRONOUNS: &[&str] = &[
    "he", "i", "it", "nobody", "she", "someone", "that", "they", "this", "we", "you",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::check;

    /// Purpose: the cue lists that decide negation and denial. Each is sorted,
    /// lower case and unique; a negation cue is never a stop word (see
    /// `stop.rs`), and no word both starts a contrast and negates.
    #[test]
    fn cue_lists_are_clean() {
        check::sorted_lower_unique("NEGATION", NEGATION);
        let bare: Vec<&str> = BARE_NEGATIVE_CONTRACTIONS.iter().map(|p| p.0).collect();
        check::sorted_lower_unique("BARE_NEGATIVE_CONTRACTIONS", &bare);
        for (bare, base) in BARE_NEGATIVE_CONTRACTIONS {
            assert_eq!(*bare, format!("{base}nt"), "{bare} is {base} + n't");
        }
        check::sorted_lower_unique("CONTRAST", CONTRAST);
        check::sorted_lower_unique("CONJUNCTIONS", CONJUNCTIONS);
        check::sorted_lower_unique("STOPPED", STOPPED);
        check::sorted_lower_unique("REFERRING", REFERRING);
        check::sorted_lower_unique("COMPLETION", COMPLETION);
        // Entries are prefixes: one that starts another makes it redundant.
        for a in COMPLETION {
            for b in COMPLETION {
                assert!(a == b || !b.starts_with(a), "{b} is redundant after {a}");
            }
        }
        check::disjoint("NEGATION", NEGATION, "CONTRAST", CONTRAST);
        check::disjoint("PLAN", PLAN, "STOPPED", STOPPED);
        for (name, list) in [
            ("PLAN", PLAN),
            ("PROPOSAL", PROPOSAL),
            ("ATTEMPT", ATTEMPT),
            ("REJECTION", REJECTION),
            ("FAILURE", FAILURE),
            ("HINDSIGHT_MODALS", HINDSIGHT_MODALS),
            ("SUBJECT_PRONOUNS", SUBJECT_PRONOUNS),
        ] {
            check::sorted_lower_unique(name, list);
        }
        // A word cannot both introduce a plan and report its refusal.
        check::disjoint("PLAN", PLAN, "REJECTION", REJECTION);
        check::disjoint("PROPOSAL", PROPOSAL, "REJECTION", REJECTION);
        check::disjoint("ATTEMPT", ATTEMPT, "FAILURE", FAILURE);
        // Hindsight modals are read from the full token list; none negates.
        check::disjoint("HINDSIGHT_MODALS", HINDSIGHT_MODALS, "NEGATION", NEGATION);
    }

    /// Purpose: idioms that start with a negation cue but deny nothing. The
    /// first word must be a negation cue (or the idiom is never consulted).
    #[test]
    fn negation_idioms_start_with_a_cue() {
        for w in NEGATION_IDIOMS.windows(2) {
            assert!(w[0] < w[1], "NEGATION_IDIOMS: sort, no duplicates: {w:?}");
        }
        for (a, _) in NEGATION_IDIOMS {
            assert!(NEGATION.contains(a), "{a} is not a negation cue");
        }
    }
}
