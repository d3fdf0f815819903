//! Splitting a reference answer into the units key points are made of:
//! sentences (lines, list items and sentence ends, not abbreviations),
//! without STAR labels and list markers, and long sentences into the clauses
//! a speaker chains.

use crate::lexicon::derive::{
    ABBREVIATIONS, ACTION_VERBS, AUXILIARIES, CLAUSE_PRONOUNS, STAR_LABELS, SUBORDINATE_OPENERS,
};
use crate::lexicon::morphology::irregular_base;

/// Fewest words on either side of a clause split.
const MIN_CLAUSE_WORDS: usize = 4;

/// Split a sentence into the clauses a speaker chains: after "; ", before
/// "then" ("..., then connected", "and then"), and before a coordinator
/// ("and", "but", "yet") that follows a comma and opens a new clause —
/// its own subject ("..., and we shipped") or a verb sharing the sentence's
/// subject ("..., and was able to", "..., and worked with", "..., and
/// onboarding"). A bare "and" splits only before a subject pronoun other
/// than "I" ("my manager and I" is one subject). A list of nouns ("milk,
/// eggs, and sugar") is never split, and neither is "if ..., then ..." nor
/// "..., so I understand ...": a "so" clause states the purpose or
/// consequence of the one before and says little alone.
/// Every part keeps at least [`MIN_CLAUSE_WORDS`] words.
pub(super) fn split_clauses(sentence: &str) -> Vec<String> {
    let toks: Vec<(usize, &str)> = sentence
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    if toks.is_empty() {
        return Vec::new();
    }
    let mut starts: Vec<usize> = vec![0];
    for i in 1..toks.len() {
        let prev = toks[i - 1].1;
        let word = bare(toks[i].1);
        let after_comma = prev.ends_with(',');
        let boundary = if prev.ends_with(';') {
            true
        } else if word == "then" {
            let opens_if = bare(toks[*starts.last().unwrap_or(&0)].1) == "if";
            (after_comma || bare(prev) == "and") && !opens_if
        } else if matches!(word.as_str(), "and" | "but" | "yet") {
            let mut next = toks.get(i + 1).map(|t| bare(t.1)).unwrap_or_default();
            if next.len() > 4 && next.ends_with("ly") {
                next = toks.get(i + 2).map(|t| bare(t.1)).unwrap_or_default();
            }
            let pronoun = CLAUSE_PRONOUNS.contains(&next.as_str());
            if after_comma {
                pronoun || next == "then" || opens_predicate(&next, word == "and")
            } else {
                word == "and" && (pronoun && next != "i")
            }
        } else {
            false
        };
        // Inside a subordinate stretch ("since many users clicked and then
        // skipped") a bare coordinator joins within it.
        let boundary = boundary
            && (after_comma || prev.ends_with(';') || {
                let from = (0..i)
                    .rev()
                    .find(|&j| j == 0 || toks[j - 1].1.ends_with([',', ';']))
                    .unwrap_or(0);
                !SUBORDINATE_OPENERS.contains(&bare(toks[from].1).as_str())
            });
        // "and then": one boundary, before "and".
        let at = if word == "then" && bare(prev) == "and" {
            i - 1
        } else {
            i
        };
        let last = *starts.last().unwrap_or(&0);
        if boundary && at - last >= MIN_CLAUSE_WORDS && toks.len() - at >= MIN_CLAUSE_WORDS {
            starts.push(at);
        }
    }
    starts.dedup();
    let mut out = Vec::new();
    for (k, &from) in starts.iter().enumerate() {
        let begin = toks[from].0;
        let end = starts
            .get(k + 1)
            .map_or(sentence.len(), |&next| toks[next].0);
        out.push(sentence[begin..end].trim().to_string());
    }
    if out.is_empty() {
        out.push(sentence.trim().to_string());
    }
    out
}

/// True when `word` is a verb that opens a predicate: an auxiliary, a past
/// form ("worked", "built") or, after "and", a gerund continuing a list of
/// actions ("..., and onboarding a data engineer").
fn opens_predicate(word: &str, after_and: bool) -> bool {
    AUXILIARIES.contains(&word)
        || ACTION_VERBS.contains(&word)
        || irregular_base(word).is_some()
        || (word.len() >= 5 && word.ends_with("ed"))
        || (after_and && word.len() >= 6 && word.ends_with("ing"))
}

/// Split text into sentences. Blank lines and list items always break; a dot
/// ends a sentence only before whitespace and a capital, digit or bracket, and
/// not after an abbreviation ("e.g.") or an initial.
pub(super) fn split_sentences(text: &str) -> Vec<String> {
    let text = text.replace("**", "").replace(['*', '#'], "");
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || starts_with_list_marker(line) {
            if !current.trim().is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            current.clear();
        }
        if !line.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        blocks.push(current);
    }

    let mut out = Vec::new();
    for block in blocks {
        let chars: Vec<char> = block.chars().collect();
        let mut start = 0;
        for i in 0..chars.len() {
            if matches!(chars[i], ';' | ':') && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
            {
                // "...; 2) used Agile" and "I: 1) aligned": each list item apart.
                let rest: String = chars[i + 1..].iter().take(8).collect();
                if list_marker_len(rest.trim_start()) > 0 {
                    push_sentence(&mut out, &chars[start..=i]);
                    start = i + 1;
                }
                continue;
            }
            if !matches!(chars[i], '.' | '!' | '?') {
                continue;
            }
            let next = chars.get(i + 1);
            if !next.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ')')) {
                continue;
            }
            let after = chars[i + 1..]
                .iter()
                .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ')'));
            let opens = after.is_none_or(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '(' | '"' | '\'' | '$')
            });
            if !opens || (chars[i] == '.' && is_abbreviation(&chars[start..i])) {
                continue;
            }
            let end = (i + 1..chars.len())
                .find(|&j| !matches!(chars[j], '"' | '\'' | ')'))
                .unwrap_or(chars.len());
            push_sentence(&mut out, &chars[start..end]);
            start = end;
        }
        push_sentence(&mut out, &chars[start..]);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, chars: &[char]) {
    let s: String = chars.iter().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        out.push(s);
    }
}

/// True when the word before a dot is an abbreviation or a single-letter initial.
fn is_abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace() && **c != '(')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(['"', '\'', '(']);
    ABBREVIATIONS.contains(&bare)
        || (bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic))
}

/// "- ", "* ", "• ", "1. ", "1) ", "(1) " at the start of a line.
pub(super) fn starts_with_list_marker(line: &str) -> bool {
    list_marker_len(line) > 0
}

/// Byte length of a leading list marker (with its trailing space), or 0.
pub(super) fn list_marker_len(s: &str) -> usize {
    for bullet in ["- ", "* ", "• ", "– "] {
        if s.starts_with(bullet) {
            return bullet.len();
        }
    }
    let (open, rest) = match s.strip_prefix('(') {
        Some(r) => (1, r),
        None => (0, s),
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return 0;
    }
    let after = &rest[digits..];
    let close = if open == 1 {
        &[')'][..]
    } else {
        &['.', ')'][..]
    };
    match after.chars().next() {
        Some(c) if close.contains(&c) && after[1..].starts_with(' ') => open + digits + 2,
        _ => 0,
    }
}

/// Remove list markers and leading labels ("Situation:", "Code reviews:").
pub(super) fn strip_labels(sentence: &str) -> String {
    let mut s = sentence.trim();
    loop {
        let before = s;
        let m = list_marker_len(s);
        s = s[m..].trim_start();
        if let Some(colon) = s.find(": ") {
            let label = &s[..colon];
            let words: Vec<&str> = label.split_whitespace().collect();
            let is_star =
                words.len() == 1 && STAR_LABELS.contains(&words[0].to_lowercase().as_str());
            let is_heading = !words.is_empty()
                && words.len() <= 3
                && words[0].chars().next().is_some_and(char::is_uppercase)
                && words[0] != "I"
                && !label
                    .chars()
                    .any(|c| c.is_ascii_digit() || matches!(c, ',' | '(' | '.'));
            if is_star || is_heading {
                s = s[colon + 2..].trim_start();
            }
        }
        if s == before {
            return s.to_string();
        }
    }
}
