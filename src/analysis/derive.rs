//! Key points derived from a reference answer, for question files that list none.
//!
//! [`derive_key_points`] splits the reference into sentences, drops STAR labels
//! ("Situation:", "Result:", ...) and list markers, scores each sentence by how
//! much it says (numbers, actions taken, results, concrete words, a sane length),
//! keeps the best few in their original order and trims each to its essential
//! clause. It is a pure, deterministic function of its input.

use std::collections::BTreeSet;

pub mod agreement;
mod split;

use split::{split_clauses, split_sentences, starts_with_list_marker, strip_labels};

use crate::lexicon::cues::NEGATION;
use crate::lexicon::derive::{
    ACTION_VERBS, BARE_LEAD_INS, CLAUSE_SUBJECTS, CUT_POINTS, LEAD_INS, NUMBER_WORDS, RESULT_WORDS,
    SUBORDINATE_OPENERS,
};
use crate::lexicon::stop::is_stop;

/// Sentences with more words than this are cut at a clause boundary.
const LONG_WORDS: usize = 24;

/// A kept opening part longer than this gives way to the clauses with numbers.
const VERY_LONG_WORDS: usize = 36;

/// How strongly a sentence's share of new content weighs in its pick.
const NOVELTY: f64 = 1.0;

/// Pick up to `max` key points from `reference`: its most informative
/// sentences (long ones split into their clauses), in their original order,
/// each trimmed to its essential clause.
///
/// Picks one point per informative sentence or clause (one that scores above
/// zero: not a bare lead-in, question or list announcement), at least 5 and
/// at most 7 for a full answer, fewer when the reference has fewer usable
/// sentences, never more than `max`. The result is deterministic and every
/// point is made of the reference's own words.
pub fn derive_key_points(reference: &str, max: usize) -> Vec<String> {
    if max == 0 {
        return Vec::new();
    }
    let units = units(reference);
    if units.is_empty() {
        return Vec::new();
    }
    let texts: Vec<String> = units.iter().map(|u| u.text.clone()).collect();
    let base = base_scores(&units);
    let informative = base.iter().filter(|&&b| b > 0.0).count();
    let want = informative.clamp(5, 7).min(max).min(units.len());

    // Greedy coverage (as extractive summarisers do): each pick is the
    // unit that says the most, weighed by the share of its content words
    // the points chosen so far do not hold yet; earlier unit on ties.
    let content: Vec<Vec<String>> = texts.iter().map(|s| content_words(s)).collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while chosen.len() < want {
        let pick = (0..units.len())
            .filter(|i| !chosen.contains(i))
            .filter(|&i| {
                chosen
                    .iter()
                    .all(|&j| overlap(&content[i], &content[j]) < 0.6)
            })
            .map(|i| {
                let new = content[i].iter().filter(|w| !seen.contains(*w)).count();
                let total = content[i].len().max(1);
                (
                    base[i].max(0.1) * (new as f64 / total as f64).powf(NOVELTY),
                    i,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, i)) = pick else { break };
        seen.extend(content[i].iter().cloned());
        chosen.push(i);
    }
    chosen.sort_unstable();
    let proper = proper_nouns(&texts);
    chosen
        .into_iter()
        .map(|i| shorten(&texts[i], &proper))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Score taken from a sentence that announces a list ("... for two reasons."
/// before "1) ..."), as from one ending in a colon: what it announces is in
/// the items.
const ANNOUNCES_LIST: f64 = 1.5;

/// How much each unit says ([`score`]), less [`ANNOUNCES_LIST`] for a
/// sentence that announces a list.
fn base_scores(units: &[Unit]) -> Vec<f64> {
    let last = units.len().saturating_sub(1);
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let announces = if u.introduces_list {
                ANNOUNCES_LIST
            } else {
                0.0
            };
            score(&u.text, i, last) - announces
        })
        .collect()
}

/// One candidate point: a sentence, or a clause of a long one.
struct Unit {
    /// The text, labels and list markers removed.
    text: String,
    /// The unit ends a sentence that the next, a list item, continues.
    introduces_list: bool,
}

/// The candidate points of a reference: its sentences without labels, those
/// longer than [`LONG_WORDS`] split into their clauses ([`split_clauses`]) so
/// that a second action is a candidate of its own instead of being cut off;
/// units of at least four words.
fn units(reference: &str) -> Vec<Unit> {
    let sentences = split_sentences(reference);
    let mut out = Vec::new();
    for (k, sentence) in sentences.iter().enumerate() {
        let before_list = !starts_with_list_marker(sentence)
            && sentences
                .get(k + 1)
                .is_some_and(|next| starts_with_list_marker(next));
        let bare = strip_labels(sentence);
        let clauses = if word_count(&bare) > LONG_WORDS {
            split_clauses(&bare)
        } else {
            vec![bare]
        };
        let n = clauses.len();
        for (c, clause) in clauses.into_iter().enumerate() {
            if word_count(&clause) >= 4 {
                out.push(Unit {
                    text: clause,
                    introduces_list: before_list && c + 1 == n,
                });
            }
        }
    }
    out
}

/// Lower-cased words with surrounding punctuation removed.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '%' | '$' | '€' | '£'))
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Content words (not stop words, at least three letters or holding a digit).
fn content_words(s: &str) -> Vec<String> {
    let mut w: Vec<String> = words(s)
        .into_iter()
        .filter(|w| {
            !is_stop(w)
                && !NEGATION.contains(&w.as_str())
                && (w.len() >= 3 || w.chars().any(|c| c.is_ascii_digit()))
        })
        .collect();
    w.sort();
    w.dedup();
    w
}

/// Share of the smaller word set found in the other (0..1).
fn overlap(a: &[String], b: &[String]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f64 / small as f64
}

/// How much a sentence says; higher is better.
fn score(sentence: &str, index: usize, last: usize) -> f64 {
    let ws = words(sentence);
    let n = ws.len();
    let mut score = 0.0;

    score += match n {
        0..=5 => -1.0,
        6..=7 => 0.0,
        8..=30 => 1.0,
        31..=40 => 0.0,
        _ => -1.0,
    };

    let numbers = ws
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w.as_str()))
        .count();
    score += 1.5 * numbers.min(3) as f64;

    if ws.iter().any(|w| ACTION_VERBS.contains(&w.as_str())) {
        score += 1.5;
    }
    if ws.iter().any(|w| matches!(w.as_str(), "i" | "we")) {
        score += 0.5;
    }
    let results = ws
        .iter()
        .filter(|w| {
            // Percentages and amounts of money state an outcome.
            RESULT_WORDS.contains(&w.as_str())
                || w.contains('%')
                || (w.starts_with(['$', '€', '£']) && has_digit(w))
        })
        .count();
    score += match results {
        0 => 0.0,
        1 => 1.5,
        _ => 2.0,
    };

    let content = content_words(sentence).len();
    if n > 0 && (content as f64) / (n as f64) < 0.35 {
        score -= 1.0;
    }
    score += (content as f64 * 0.08).min(1.0);

    if ws
        .first()
        .is_some_and(|w| matches!(w.as_str(), "this" | "that" | "these" | "it" | "they"))
    {
        score -= 0.5;
    }
    let trimmed = sentence.trim_end();
    if trimmed.ends_with('?') {
        score -= 2.0;
    }
    if trimmed.ends_with(':') {
        score -= 1.5;
    }
    if index == 0 {
        score += 1.0;
    } else if index == last {
        score += 0.5;
    }
    score
}

/// Trim a sentence to its essential clause: no lead-in or inline list
/// markers; when long, no digit-free aside in brackets or opening clause, and
/// a cut at a clause boundary that keeps every number; no final dot.
/// `proper` holds words that are capitalised mid-sentence (names).
fn shorten(sentence: &str, proper: &BTreeSet<String>) -> String {
    let mut s = drop_inline_markers(sentence.trim());

    // Lead-ins, possibly several ("So, then ...").
    loop {
        let lower = s.to_lowercase();
        let hit = LEAD_INS.iter().find(|l| {
            let next = lower.strip_prefix(*l).and_then(|r| r.chars().next());
            next == Some(',')
                || (next.is_some_and(char::is_whitespace) && BARE_LEAD_INS.contains(l))
        });
        let Some(lead) = hit else { break };
        let rest = s[lead.len()..].trim_start_matches([',', ' ']).to_string();
        if word_count(&rest) < 3 {
            break;
        }
        s = rest;
    }

    if word_count(&s) > LONG_WORDS {
        s = drop_asides(&s);
    }
    if word_count(&s) > LONG_WORDS {
        s = drop_intro(&s);
    }
    if word_count(&s) > LONG_WORDS {
        s = cut_clauses(&s);
    }

    let s = s
        .trim()
        .trim_end_matches(['.', ',', ';', ':', '!'])
        .trim()
        .to_string();
    lower_first(&s, proper)
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// "I 1) keep notes, and 2) revisit" → "I keep notes, and revisit";
/// "including: (1) random items" → "including random items".
fn drop_inline_markers(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, tok) in s.split_whitespace().enumerate() {
        let inner = tok.strip_prefix('(').unwrap_or(tok);
        let marker = i > 0
            && inner.strip_suffix(')').is_some_and(|d| {
                (1..=2).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit())
            });
        if marker {
            if let Some(prev) = out.last_mut() {
                if prev.ends_with(':') {
                    prev.pop();
                }
            }
            continue;
        }
        out.push(tok.to_string());
    }
    out.join(" ")
}

/// Drop a digit-free opening clause ("While working on X, I ...") when the
/// main clause after it is substantial.
fn drop_intro(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
    if !SUBORDINATE_OPENERS.contains(&first.as_str()) {
        return s.to_string();
    }
    for (comma, _) in s.match_indices(", ") {
        let intro = &s[..comma];
        let rest = &s[comma + 2..];
        if has_digit(intro) || word_count(intro) > 12 {
            break;
        }
        // The main clause starts with its subject ("..., I had"), not in a list ("milk, eggs").
        let subject = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        if CLAUSE_SUBJECTS.contains(&subject.as_str()) && word_count(rest) >= 8 {
            return rest.to_string();
        }
    }
    s.to_string()
}

/// Cut a long sentence at a clause boundary without losing a number: keep the
/// opening clauses when that is short enough, else the clauses holding the
/// numbers.
fn cut_clauses(s: &str) -> String {
    let mut cuts: Vec<(usize, usize)> = CUT_POINTS
        .iter()
        .flat_map(|cut| s.match_indices(cut).map(|(at, m)| (at, at + m.len())))
        .filter(|&(at, _)| !ends_serial_list(&s[..at], &s[at..]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup_by_key(|c| c.0);

    let prefix = cuts
        .iter()
        .map(|&(at, _)| &s[..at])
        .find(|kept| word_count(kept) >= 8 && !has_digit(&s[kept.len()..]));
    if let Some(kept) = prefix {
        if word_count(kept) <= VERY_LONG_WORDS || !has_digit(s) {
            return kept.to_string();
        }
    }

    // The clauses holding the numbers: from the boundary before the first
    // number to the first boundary after which no number follows.
    let numbers = s.find(|c: char| c.is_ascii_digit()).and_then(|first| {
        let start = cuts
            .iter()
            .filter(|c| c.1 <= first)
            .map(|c| c.1)
            .next_back()?;
        let rest = &s[start..];
        let end = cuts
            .iter()
            .filter(|c| c.0 > start)
            .map(|c| c.0 - start)
            .find(|&at| word_count(&rest[..at]) >= 6 && !has_digit(&rest[at..]))
            .unwrap_or(rest.len());
        let kept = &rest[..end];
        (word_count(kept) >= 6).then_some(kept)
    });
    numbers.or(prefix).unwrap_or(s).to_string()
}

/// True when the ", and " at the start of `after` closes a serial list
/// ("milk, eggs, and sugar"): the item before it, since the previous comma,
/// is a few words long. Cutting there would drop the list's last item.
fn ends_serial_list(before: &str, after: &str) -> bool {
    after.starts_with(", and ")
        && before.contains(", ")
        && before
            .rsplit(", ")
            .next()
            .is_some_and(|item| word_count(item) <= 3)
}

/// Lower-case the first letter unless the first word is "I", an acronym or
/// a name (capitalised elsewhere in the text).
fn lower_first(s: &str, proper: &BTreeSet<String>) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    let bare = first.trim_matches(|c: char| !c.is_alphanumeric());
    let keep = bare == "I"
        || first.starts_with("I'")
        || bare
            .chars()
            .skip(1)
            .any(|c| c.is_uppercase() || c.is_ascii_digit())
        || proper.contains(&bare.to_lowercase());
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !keep => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// Words written with a capital in the middle of a sentence: names.
fn proper_nouns(sentences: &[String]) -> BTreeSet<String> {
    sentences
        .iter()
        .flat_map(|s| s.split_whitespace().skip(1))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && *w != "I")
        .map(str::to_lowercase)
        .collect()
}

/// Remove bracketed asides that hold no number.
fn drop_asides(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if inner.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

#[cfg(test)]
mod tests;
