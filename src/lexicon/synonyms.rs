//! General-English synonym groups for matching a key point stated in other
//! words.
//!
//! Entries are stems (see `analysis::text::stem`); an entry of five or more
//! letters also matches any stem it starts ("demonstrat" matches
//! "demonstrate"). Only groups a general thesaurus gives for any answer
//! belong here, never words picked from an evaluation question.

/// Groups of stems general English uses for the same thing.
pub const SYNONYM_GROUPS: &[&[&str]] = &[
    &["earli", "former", "last", "old", "previou", "prior"],
    &["below", "beneath", "less", "lower", "under"],
    &[
        "central",
        "chief",
        "core",
        "key",
        "main",
        "primary",
        "principal",
    ],
    &[
        "boost", "grew", "grow", "increas", "jump", "lift", "rais", "rise", "rose", "up",
    ],
    &[
        "cut", "declin", "decreas", "down", "drop", "fall", "fell", "lower", "reduc",
    ],
    &["demonstrat", "prov", "show", "shown"],
    &["client", "customer"],
    &["cash", "dollar", "fund", "money"],
    &["example", "illustration", "instance"],
    &[
        "choic", "choos", "chose", "decid", "opt", "opted", "pick", "picked", "select",
    ],
    &["department", "group", "team"],
    &[
        "boss",
        "director",
        "executive",
        "leader",
        "leadership",
        "management",
        "manager",
    ],
    &["recoup", "recover", "regain"],
    &["delet", "eliminat", "remov"],
    &["replac", "substitut", "swap"],
    &["deploy", "launch", "releas", "roll", "ship", "shipp"],
    &["describ", "explain"],
    &["alternativ", "choic", "option"],
    &["meeting", "session"],
    &["error", "mistake"],
    &["big", "biggest", "larg", "largest", "major"],
    &["small", "smallest", "little", "minor"],
    &["fast", "faster", "quick", "quicker", "rapid"],
    &["begin", "start"],
    &["end", "finish", "complet"],
    &["ask", "request"],
    &["help", "assist", "support"],
    &["hour", "hr"],
    &["minute", "min"],
    &["percent", "pct"],
    &["week", "weekly", "wk"],
    &["month", "monthly"],
    &["day", "daily"],
    &["year", "annual", "yearly"],
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Purpose: stems a general thesaurus treats as one meaning. Every entry
    /// is lower case; no group repeats an entry; no group holds a stop word
    /// that could make unrelated points match (except "up", which point
    /// words never are but spoken increases often use); every group has two or more.
    #[test]
    fn synonym_groups_are_clean() {
        for g in SYNONYM_GROUPS {
            assert!(g.len() >= 2, "{g:?}");
            crate::lexicon::check::lower_unique("SYNONYM_GROUPS", g);
            for w in *g {
                assert!(
                    !crate::lexicon::stop::is_stop(w) || *w == "up",
                    "{w:?} is a stop word"
                );
            }
        }
    }
}
