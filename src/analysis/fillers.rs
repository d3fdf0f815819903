//! Filler words: um, uh, er, ah, hmm, "you know", "I mean", "like" used as a
//! filler (not the verb or preposition), "basically", "kind of", "sort of" …
//!
//! Single-word hesitations are always fillers. Discourse fillers count only in
//! a filler position: set off by commas, or at the start of a sentence.

use super::{Filler, Word};

use crate::lexicon::fillers::{
    hesitation_norm, APPROXIMATORS, HESITATIONS, LIKE_AFTER_PREPOSITION, LIKE_VERB_CONTEXT,
    YOU_KNOW_AFTER,
};

fn bare(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\'')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// True when the recogniser's word `w` (punctuation and case as written,
/// "Uh,") is a hesitation sound ([`HESITATIONS`]).
pub fn is_hesitation(w: &str) -> bool {
    HESITATIONS.contains(&bare(w).as_str())
}

fn ends_clause(w: &str) -> bool {
    w.trim_end()
        .ends_with([',', '.', '?', '!', ';', ':', '—', '-', '…'])
}

fn ends_sentence(w: &str) -> bool {
    w.trim_end().ends_with(['.', '?', '!', '…'])
}

fn starts_sentence(words: &[Word], i: usize) -> bool {
    i == 0 || ends_sentence(&words[i - 1].text)
}

fn after_break(words: &[Word], i: usize) -> bool {
    i == 0 || ends_clause(&words[i - 1].text)
}

/// Find fillers in timed words.
pub fn find_fillers(words: &[Word]) -> Vec<Filler> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = bare(&words[i].text);
        let next = words.get(i + 1).map(|n| bare(&n.text));
        let here = |word: &str| Filler {
            word: word.to_string(),
            start_s: words[i].start_s,
            heard: false,
        };
        if HESITATIONS.contains(&w.as_str()) {
            let norm = hesitation_norm(&w);
            out.push(here(norm));
            i += 1;
            continue;
        }
        // Two-word fillers set off as a phrase.
        let pair = next.as_deref().map(|n| format!("{w} {n}"));
        if let Some(p) = pair.as_deref() {
            let second_ends = ends_clause(&words[i + 1].text);
            let phrase_filler = match p {
                "you know" => {
                    second_ends
                        && (after_break(words, i)
                            || starts_sentence(words, i)
                            || YOU_KNOW_AFTER.contains(&bare(&words[i - 1].text).as_str()))
                }
                "i mean" => second_ends,
                "kind of" | "sort of" => after_break(words, i) && second_ends,
                _ => false,
            };
            if phrase_filler {
                out.push(here(p));
                i += 2;
                continue;
            }
            // "So, basically," counts once (the recogniser may drop the first comma).
            if w == "so"
                && next.as_deref() == Some("basically")
                && (ends_clause(&words[i].text) || starts_sentence(words, i))
            {
                out.push(here("so, basically"));
                i += 2;
                continue;
            }
        }
        let set_off = after_break(words, i) && ends_clause(&words[i].text);
        // Unpunctuated "like" before a past-tense verb is a filler ("a vendor
        // who like drowned them"); after a subject or a verb of seeming it is
        // the verb or the preposition ("they liked", "it looked like").
        let prev = if i > 0 {
            bare(&words[i - 1].text)
        } else {
            String::new()
        };
        let like_before_verb = w == "like"
            && !ends_clause(&words[i].text)
            && next
                .as_deref()
                .is_some_and(|n| n.len() > 4 && n.ends_with("ed"))
            && !LIKE_VERB_CONTEXT.contains(&prev.as_str());
        // "like" approximating a figure ("needed like, roughly triple") or
        // right after a preposition ("for like two shifts") is a filler
        // whatever the commas; after a verb of liking or seeming it is not.
        let like_approximating = w == "like"
            && !LIKE_VERB_CONTEXT.contains(&prev.as_str())
            && (next.as_deref().is_some_and(|n| APPROXIMATORS.contains(&n))
                || (i > 0
                    && !ends_clause(&words[i - 1].text)
                    && LIKE_AFTER_PREPOSITION.contains(&prev.as_str())));
        match w.as_str() {
            // "like" is a filler when set off by commas ("we lost, like, ...")
            // or opening a sentence with a comma ("Like, it was ...").
            "like" if set_off || like_before_verb || like_approximating => out.push(here("like")),
            // A sentence-final "…, actually." is an afterthought adverb that
            // qualifies the whole sentence, not a filler: fillers open or
            // interrupt a clause, they do not close one.
            "basically" | "literally" | "actually" if set_off && !ends_sentence(&words[i].text) => {
                out.push(here(&w))
            }
            "basically" if starts_sentence(words, i) => out.push(here("basically")),
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `s` as words one second apart, each half a second long (shared
    /// with the delivery tests).
    pub(crate) fn words(s: &str) -> Vec<Word> {
        s.split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                text: w.into(),
                start_s: i as f64,
                end_s: i as f64 + 0.5,
                prob: 1.0,
            })
            .collect()
    }

    fn found(s: &str) -> Vec<String> {
        find_fillers(&words(s))
            .into_iter()
            .map(|f| f.word)
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Um, I owned the forecast.", &["um"]),
            ("a weekend hit and, uh, the model", &["uh"]),
            ("we lost, like, roughly 250,000 dollars", &["like"]),
            ("it was nothing like what I expected.", &[]),
            ("a vendor who like drowned them in terms", &["like"]),
            ("the clients we like worked with", &[]),
            ("it looked like finished work", &[]),
            ("something, like $1.4 million", &[]),
            ("I like this approach.", &[]),
            ("something like 1.4 million dollars", &[]),
            (
                "So, basically, someone upstream renamed it.",
                &["so, basically"],
            ),
            (
                "rewrote it. So basically, it went well.",
                &["so, basically"],
            ),
            ("it was so basically wrong", &[]),
            ("and, you know, I changed our backtests", &["you know"]),
            ("is missing and you know, I changed it", &["you know"]),
            ("it was late but you know, it worked", &["you know"]),
            ("and so you know, the deadline is Friday", &[]),
            ("the plan as you know, was different", &[]),
            ("and you know I changed it", &[]),
            ("you know the answer already", &[]),
            ("Do you know what happened?", &[]),
            ("I mean, it went well.", &["i mean"]),
            ("I mean the second one", &[]),
            ("Hmm. Uhm, well", &["hmm", "um"]),
            // Other spellings of the two filled pauses.
            (
                "Erm, we shipped it, er, late. Ah, and then",
                &["um", "uh", "uh"],
            ),
            // Approximating "like", and "like" after a preposition.
            ("the test needed like, roughly triple the users", &["like"]),
            ("it took like about two weeks", &["like"]),
            ("I followed a nurse around for like two shifts", &["like"]),
            ("it was done in like a week", &["like"]),
            ("it looks like about ten percent", &[]),
            ("I'd like about ten minutes", &[]),
            ("tools like Airflow and dbt", &[]),
            ("for a team like ours", &[]),
            ("so they always cover the latest holidays.", &[]),
            ("It was, kind of, a mess.", &["kind of"]),
            ("a kind of model", &[]),
            ("Actually, we shipped it.", &["actually"]),
            ("we actually shipped it", &[]),
            ("It was, actually, a mess.", &["actually"]),
            ("I still use it for my own runs, actually.", &[]),
            ("That was the point, basically.", &[]),
        ];
        for (s, want) in cases {
            assert_eq!(found(s), *want, "{s}");
        }
    }

    #[test]
    fn times_are_kept() {
        let f = find_fillers(&words("well and, uh, then"));
        assert_eq!(f[0].start_s, 2.0);
    }
}
