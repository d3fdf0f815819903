//! Every word list rehearse uses, in one place, general English only.
//!
//! The analysis core reads these tables; nothing here depends on any other
//! module of the crate. Each list has a unit test that states what it is for
//! and checks an invariant (lower case, no duplicates, sorted where order does
//! not matter, no overlap with a list where overlap would be a bug).
//! No word may come from the wording of an evaluation clip: the lists describe
//! how English marks meaning (negation, plans, hindsight, number words …).

pub mod cues;
pub mod delivery;
pub mod derive;
pub mod fillers;
pub mod morphology;
pub mod star;
pub mod stop;
pub mod synonyms;
pub mod units;

/// True when `list` is strictly increasing (sorted, no duplicates).
pub fn sorted_unique(list: &[&str]) -> bool {
    list.windows(2).all(|w| w[0] < w[1])
}

/// True when every entry is lower case (ASCII letters, digits, spaces and
/// a few punctuation marks used in phrases).
pub fn lower_case(list: &[&str]) -> bool {
    list.iter()
        .all(|w| !w.is_empty() && !w.chars().any(|c| c.is_uppercase()))
}

#[cfg(test)]
pub(crate) mod check {
    //! Shared assertions for the list tests.

    /// Panic with the offending entries unless `list` is lower case, sorted and unique.
    pub fn sorted_lower_unique(name: &str, list: &[&str]) {
        assert!(super::lower_case(list), "{name}: not lower case");
        for w in list.windows(2) {
            assert!(
                w[0] < w[1],
                "{name}: {:?} before {:?} (sort, no duplicates)",
                w[0],
                w[1]
            );
        }
    }

    /// Panic unless `list` is lower case and has no duplicates (order kept).
    pub fn lower_unique(name: &str, list: &[&str]) {
        assert!(super::lower_case(list), "{name}: not lower case");
        let mut seen = std::collections::BTreeSet::new();
        for w in list {
            assert!(seen.insert(*w), "{name}: duplicate {w:?}");
        }
    }

    /// Panic when a word is in both lists.
    pub fn disjoint(a_name: &str, a: &[&str], b_name: &str, b: &[&str]) {
        for w in a {
            assert!(!b.contains(w), "{w:?} is in both {a_name} and {b_name}");
        }
    }
}
