//! Acronyms and the words they abbreviate. A key point written tersely says
//! "PM", "KPIs" or "AUC" where the speaker says "product manager", "key
//! performance indicators" or "area under the curve", and the reverse. English
//! forms an acronym from the initials of a phrase's content words; small
//! function words ("of", "on", "the", "under") may give their letter or not
//! ("ROI" for "return on investment", "AUC" for "area under the curve").
//!
//! Only words written in capitals are read as acronyms: the recogniser and
//! the point's author both capitalise them, while "pm" in lower case is not
//! an abbreviation of anything.

use super::Token;
use crate::lexicon::stop::is_stop;
use std::collections::HashMap;

/// Longest acronym read (letters).
const MAX_LETTERS: usize = 5;

/// Most function words inside a phrase that give the acronym no letter
/// ("area under the curve" for "AC").
const SILENT_WORDS: usize = 2;

/// Most words a phrase behind an acronym spans: a word per letter and the
/// function words that give none.
pub const LONGEST_RUN: usize = MAX_LETTERS + SILENT_WORDS;

/// Words written as acronyms in `text`, by their lower-case form: "PM" ->
/// "pm", "KPIs" -> ("kpis", "kpi"). A word is an acronym when it is two to
/// five capital letters, optionally followed by a plural "s", and the text is
/// not written in capitals throughout (then every word would qualify).
pub fn written(text: &str) -> HashMap<String, String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_lowercase()))
        .count();
    let mut out = HashMap::new();
    if lower == 0 {
        return out;
    }
    for w in words {
        let caps = w.strip_suffix('s').unwrap_or(w);
        let n = caps.chars().count();
        if (2..=MAX_LETTERS).contains(&n) && caps.chars().all(|c| c.is_ascii_uppercase()) {
            out.insert(w.to_lowercase(), caps.to_lowercase());
        }
    }
    out
}

/// Every acronym a run of words can form: the run starts and ends with a
/// content word, each content word gives its first letter, each function
/// word between may give its letter or not, and no clause ends inside it.
/// "area under the curve" -> "auc", "autc", "ac", "atc".
pub fn formed_by(run: &[Token]) -> Vec<String> {
    let content = |t: &Token| !t.number && !is_stop(&t.norm) && t.norm.len() >= 2;
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return Vec::new();
    };
    if run.len() < 2 || !content(first) || !content(last) {
        return Vec::new();
    }
    if run[..run.len() - 1]
        .iter()
        .any(|t| t.clause_end || t.number)
    {
        return Vec::new();
    }
    let mut out = vec![String::new()];
    for t in run {
        let Some(c) = t.norm.chars().next().filter(|c| c.is_alphabetic()) else {
            return Vec::new();
        };
        if content(t) {
            out.iter_mut().for_each(|s| s.push(c));
        } else {
            let with: Vec<String> = out.iter().map(|s| format!("{s}{c}")).collect();
            out.extend(with);
        }
        out.retain(|s| s.len() <= MAX_LETTERS);
        if out.is_empty() {
            return out;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where in `words` a phrase starts whose initials spell `letters`: "product
/// manager" for "pm".
pub fn spelled_at(letters: &str, words: &[Token]) -> Option<usize> {
    let n = letters.chars().count();
    (0..words.len()).find(|&j| {
        (n..=n + SILENT_WORDS)
            .filter(|len| j + len <= words.len())
            .any(|len| formed_by(&words[j..j + len]).iter().any(|s| s == letters))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tokens;
    use super::*;

    /// Purpose: only capitalised words are acronyms, a plural "s" is not a
    /// letter, and a text in capitals throughout has none.
    #[test]
    fn acronyms_are_the_words_written_in_capitals() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "The PM wanted a higher AUC",
                &[("pm", "pm"), ("auc", "auc")],
            ),
            ("we tracked three KPIs weekly", &[("kpis", "kpi")]),
            ("our SLA's wording", &[("sla", "sla")]),
            ("I met the pm at 9", &[]),
            ("A short answer. I did it", &[]),
            ("WE SHIPPED IT ON TIME", &[]),
            ("a MULTIPLEX label", &[]),
        ];
        for (text, want) in cases {
            let got = written(text);
            assert_eq!(got.len(), want.len(), "{text}: {got:?}");
            for (w, l) in *want {
                assert_eq!(got.get(*w).map(String::as_str), Some(*l), "{text}");
            }
        }
    }

    /// Purpose: the initials of content words spell the acronym; function
    /// words inside may or may not give a letter; a run never starts or ends
    /// on one, nor crosses a clause boundary.
    #[test]
    fn runs_of_words_form_acronyms_from_their_initials() {
        let cases: &[(&str, &str, bool)] = &[
            ("product manager", "pm", true),
            ("area under the curve", "auc", true),
            ("return on investment", "roi", true),
            ("return on investment", "ri", true),
            ("key performance indicators", "kpi", true),
            ("click-through rate", "ctr", true),
            ("the product", "tp", false),
            ("product manager.", "pm", true),
            ("product, manager", "pm", false),
            ("3 months", "m", false),
        ];
        for (text, letters, want) in cases {
            let run = tokens(text);
            let got = formed_by(&run).iter().any(|s| s == letters);
            assert_eq!(got, *want, "{text} -> {letters}: {:?}", formed_by(&run));
        }
    }

    /// Purpose: the phrase an acronym abbreviates is found anywhere in a
    /// sentence, and not where the initials only happen to occur apart.
    #[test]
    fn an_acronym_is_found_spelled_out_in_a_sentence() {
        let cases: &[(&str, &str, Option<usize>)] = &[
            ("our product manager wanted clicks", "pm", Some(1)),
            ("it raised the area under the curve by 0.03", "auc", Some(3)),
            ("the product team moved users", "pm", None),
            ("the product team, many users", "pm", None),
        ];
        for (text, letters, want) in cases {
            assert_eq!(spelled_at(letters, &tokens(text)), *want, "{text}");
        }
    }
}
