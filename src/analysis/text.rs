//! Text normalisation for matching: tokens, number words to digits, a light
//! stemmer and fuzzy equality for recogniser misspellings and synonyms. The
//! word lists live in [`crate::lexicon`].

pub mod acronym;
pub mod quantity;

/// A normalised token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lowercase surface form ("rolled", "250000", "percent").
    pub norm: String,
    /// Stem used for matching ("roll").
    pub stem: String,
    /// True for numbers (after number-word conversion).
    pub number: bool,
    /// True when this token ends a clause (it carried , ; : . ? ! or a dash).
    pub clause_end: bool,
    /// The letters of an acronym written in capitals ("KPIs" -> "kpi"); see
    /// [`acronym`].
    pub acronym: Option<String>,
}

use crate::lexicon::cues::BARE_NEGATIVE_CONTRACTIONS;
use crate::lexicon::morphology::{
    fraction, irregular_base, multiplier, small_number, PERIODS, WEEKDAYS,
};
use crate::lexicon::synonyms::{wordnet_groups, SYNONYM_GROUPS};
use crate::lexicon::units::time_unit;
use quantity::{articles_as_one, durations, spoken_decimals, unit_abbreviations};
use std::collections::HashMap;
use std::sync::OnceLock;

fn fmt_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Split raw text into lowercase word pieces, keeping numbers like "1.4" and
/// "250,000" whole and turning "%" and "$" into words. Each piece carries
/// whether a clause boundary follows it.
pub fn raw_words(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut cur = String::new();
    let mut pending_dollar = false;
    let flush = |cur: &mut String, out: &mut Vec<(String, bool)>, end: bool| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), end));
        } else if end {
            if let Some(last) = out.last_mut() {
                last.1 = true;
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if (c == '.' || c == ',')
            && !cur.is_empty()
            && cur.chars().all(|d| d.is_ascii_digit() || d == '.')
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            if c == '.' {
                cur.push('.');
            }
        } else if c == '\'' || c == '’' {
            // Keep contractions together: didn't, we'd, company's.
            if !cur.is_empty() && next.is_some_and(|n| n.is_alphabetic()) {
                cur.push('\'');
            } else {
                flush(&mut cur, &mut out, false);
            }
        } else {
            let end = matches!(c, ',' | ';' | ':' | '.' | '?' | '!' | '—' | '–' | '(' | ')');
            let end = end || (c == '-' && next == Some(' '));
            if pending_dollar && !cur.is_empty() {
                // "$250,000." at the end of a sentence.
                money_suffix(&mut cur);
                flush(&mut cur, &mut out, false);
                out.push(("dollars".into(), end));
                pending_dollar = false;
            } else {
                flush(&mut cur, &mut out, end);
            }
            if c == '%' {
                out.push(("percent".into(), false));
            }
            if c == '$' || c == '€' || c == '£' {
                pending_dollar = true;
            }
        }
        if pending_dollar
            && !cur.is_empty()
            && !next.is_some_and(|n| n.is_alphanumeric() || n == '.' || n == ',')
        {
            // "$250,000" -> "250000 dollars"; "$1.4 million" -> "1.4 million dollars".
            money_suffix(&mut cur);
            flush(&mut cur, &mut out, false);
            let mut j = i + 1;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let rest: String = chars[j..].iter().take(9).collect::<String>().to_lowercase();
            let mult = ["million", "billion", "thousand", "hundred"]
                .into_iter()
                .find(|m| rest.starts_with(m));
            if let Some(m) = mult {
                out.push((m.to_string(), false));
                i = j + m.len();
                out.push(("dollars".into(), false));
                pending_dollar = false;
                continue;
            }
            out.push(("dollars".into(), false));
            pending_dollar = false;
        }
        i += 1;
    }
    flush(&mut cur, &mut out, false);
    // Hyphenated compounds arrive split already ('-' is a separator).
    out
}

/// An amount of money written with a thousands or millions letter: "400k"
/// -> "400000", "1.4m" -> "1400000", "2bn" -> "2000000000".
fn money_suffix(cur: &mut String) {
    let (digits, mult) = if let Some(d) = cur.strip_suffix("bn") {
        (d, 1e9)
    } else if let Some(d) = cur.strip_suffix('b') {
        (d, 1e9)
    } else if let Some(d) = cur.strip_suffix('m') {
        (d, 1e6)
    } else if let Some(d) = cur.strip_suffix('k') {
        (d, 1e3)
    } else {
        return;
    };
    if let Ok(v) = digits.parse::<f64>() {
        *cur = fmt_number(v * mult);
    }
}

/// Convert number words to digits in a word list: "two hundred fifty thousand"
/// -> "250000", "1.4 million" -> "1400000", "eight" -> "8".
pub fn numbers_to_digits(words: Vec<(String, bool)>) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (w, _) = &words[i];
        let digit = w.parse::<f64>().ok();
        if small_number(w).is_none() && digit.is_none() {
            out.push((w.clone(), words[i].1, false));
            i += 1;
            continue;
        }
        // Accumulate a number phrase.
        let mut total = 0.0f64;
        let mut current = 0.0f64;
        let mut j = i;
        let mut end_flag = false;
        let mut took_any = false;
        while j < words.len() {
            let (t, e) = &words[j];
            if let Some(v) = t
                .parse::<f64>()
                .ok()
                .filter(|_| !took_any || current == 0.0)
            {
                current += v;
            } else if let Some(v) = small_number(t) {
                // "fifty" after "two hundred" adds; "four weeks instead of one" stops at "weeks".
                if took_any && current > 0.0 && current < 10.0 && v < 10 {
                    break;
                }
                if took_any && current % 100.0 != 0.0 && current >= 10.0 && v >= 10 {
                    break;
                }
                current += v as f64;
            } else if let Some(m) = multiplier(t).filter(|_| took_any) {
                if m == 100.0 {
                    current = current.max(1.0) * 100.0;
                } else {
                    total += current.max(1.0) * m;
                    current = 0.0;
                }
            } else if t == "and"
                && took_any
                && j + 1 < words.len()
                && small_number(&words[j + 1].0).is_some()
                && current >= 100.0
            {
                // "two hundred and fifty"
            } else {
                break;
            }
            took_any = true;
            end_flag = *e;
            j += 1;
            if end_flag {
                break;
            }
        }
        let v = total + current;
        out.push((fmt_number(v), end_flag, true));
        i = j.max(i + 1);
    }
    out
}

/// A light suffix-stripping stemmer (enough to match "forecasting" with
/// "forecast" and "holidays" with "holiday").
pub fn stem(w: &str) -> String {
    let w = w.trim_end_matches("'s").trim_end_matches('\'');
    if let Some(base) = irregular_base(w) {
        return base.to_string();
    }
    let n = w.chars().count();
    if n <= 3 || w.chars().any(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    let strip = |s: &str, suf: &str| s[..s.len() - suf.len()].to_string();
    let mut s = if w.ends_with("ies") && n > 4 {
        format!("{}y", strip(w, "ies"))
    } else if w.ends_with("sses") {
        strip(w, "es")
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.to_string()
    } else if w.ends_with('s') {
        strip(w, "s")
    } else {
        w.to_string()
    };
    for suf in ["ingly", "edly", "ing", "ed", "ly", "ment", "ation", "er"] {
        if s.ends_with(suf) && s.len() - suf.len() >= 4 {
            s = strip(&s, suf);
            // "rolled" -> "roll", "stopped" -> "stop".
            let b = s.as_bytes();
            if b.len() >= 2
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
            {
                s.pop();
            }
            break;
        }
    }
    if s.ends_with('e') && s.len() > 4 {
        s.pop();
    }
    american_stem(w, s)
}

/// A stem in American spelling, which the recogniser writes: "organis"
/// (organise, organisation) -> "organiz", "analys" -> "analyz", "practis"
/// -> "practic", "licenc" -> "licens". Stems of every form of a word pass
/// through it alike ("precise", "precisely"), and a word that itself ends in
/// "-is" ("analysis", "basis") keeps its stem.
fn american_stem(word: &str, stem: String) -> String {
    if let Some(rest) = stem.strip_prefix("practis") {
        return format!("practic{rest}");
    }
    if let Some(rest) = stem.strip_prefix("licenc") {
        return format!("licens{rest}");
    }
    if word.ends_with("is") || stem.chars().count() < 5 {
        return stem;
    }
    match stem.strip_suffix("is").or_else(|| stem.strip_suffix("ys")) {
        Some(base) => format!("{base}{}z", &stem[base.len()..base.len() + 1]),
        None => stem,
    }
}

/// Edit distance with adjacent transpositions (optimal string alignment):
/// "pipelnie" is one edit from "pipeline".
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// True when two stems name the same thing for matching purposes: equal,
/// synonyms, one a long prefix of the other, or a near-miss spelling.
pub fn stems_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let digits = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    if digits(a) || digits(b) {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    if short.chars().count() >= 5 && long.starts_with(short) {
        return true;
    }
    if la.min(lb) >= 6 {
        let d = edit_distance(a, b);
        if d as f64 <= (la.max(lb) as f64 * 0.2).floor().max(1.0) {
            return true;
        }
    }
    able_of(a, b) || able_of(b, a) || synonyms(a, b)
}

/// True when `adjective` is the "-able"/"-ible" adjective of the verb with
/// stem `verb`: "readable" (stem "readabl") of "read", "searchable" of
/// "search", "scalable" of "scale", "accessible" of "access". The verb keeps four
/// letters at least, so "notable" is no form of "not" and "stable" of nothing.
fn able_of(adjective: &str, verb: &str) -> bool {
    let base = adjective
        .strip_suffix("abl")
        .or_else(|| adjective.strip_suffix("ibl"));
    base.is_some_and(|base| {
        base.chars().count() >= 3
            && verb.chars().count() >= 4
            && (verb == base || verb.strip_suffix('e') == Some(base))
    })
}

fn in_group(g: &[&str], w: &str) -> bool {
    g.iter()
        .any(|s| *s == w || (s.len() >= 5 && w.starts_with(s)))
}

fn synonyms(a: &str, b: &str) -> bool {
    SYNONYM_GROUPS
        .iter()
        .any(|g| in_group(g, a) && in_group(g, b))
        || wordnet_synonyms(a, b)
}

/// WordNet's groups by stem (built once).
fn wordnet_index() -> &'static HashMap<String, Vec<u32>> {
    static INDEX: OnceLock<HashMap<String, Vec<u32>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, g) in wordnet_groups().enumerate() {
            for w in g {
                m.entry(phrase_key(w)).or_default().push(i as u32);
            }
        }
        m
    })
}

/// Build the word indexes matching uses (once per process; about 50 ms), so
/// a caller can do it ahead of the first analysis.
pub fn warm_up() {
    wordnet_index();
}

/// A WordNet entry as the stems it is matched by: "dry_run" -> "dri run".
fn phrase_key(entry: &str) -> String {
    entry.split('_').map(stem).collect::<Vec<_>>().join(" ")
}

/// True when two words said one after the other (their stems, `first` then
/// `second`) are a WordNet phrase for the word with stem `word`: "did a dry
/// run" for "rehearsed", "set up" for "established".
pub fn phrase_synonym(word: &str, first: &str, second: &str) -> bool {
    wordnet_synonyms(word, &format!("{first} {second}"))
}

/// True when two stems share a WordNet group (dominant senses only).
fn wordnet_synonyms(a: &str, b: &str) -> bool {
    let idx = wordnet_index();
    match (idx.get(a), idx.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|g| y.contains(g)),
        _ => false,
    }
}

/// Say fractions and frequencies the way figures and adverbs say them:
/// "a third" -> "33 percent", "half" -> "50 percent", "two thirds" -> "67
/// percent"; "every Friday" / "each week" / "once a week" -> "weekly".
fn meaning_phrases(words: Vec<(String, bool, bool)>) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (w, end, _) = &words[i];
        let next = words.get(i + 1).map(|x| x.0.as_str());
        // Fractions: "<a|one|n> <fraction>", or a bare "half" (not "half an
        // hour", not the ordinal "the third week").
        if let Some(d) = fraction(w) {
            let prev = out.last().map(|x| x.0.clone());
            let numerator = match prev.as_deref() {
                Some("a") | Some("an") => Some(1.0),
                Some(p) if out.last().is_some_and(|x| x.2) => p.parse::<f64>().ok(),
                _ if d == 2 && !matches!(next, Some("a") | Some("an")) => Some(1.0),
                _ => None,
            };
            // "two and a half weeks" is a mixed number, not a share.
            let before_a = out.len().checked_sub(2).map(|k| out[k].0.as_str());
            let mixed_number = prev.as_deref() == Some("and")
                || (matches!(prev.as_deref(), Some("a") | Some("an")) && before_a == Some("and"));
            // "two and a half" is 2.5: fold it into the whole number.
            let whole = out.len().checked_sub(3).filter(|&k| out[k].2);
            if let (true, Some(k), Some("a")) = (mixed_number, whole, prev.as_deref()) {
                if let Ok(n) = out[k].0.parse::<f64>() {
                    out.truncate(k);
                    let mut v = n + 1.0 / d as f64;
                    let mut end = *end;
                    // "two and a half million".
                    if let Some(m) = next.and_then(multiplier).filter(|_| !end) {
                        v *= m;
                        end = words[i + 1].1;
                        i += 1;
                    }
                    out.push((fmt_number(v), end, true));
                    i += 1;
                    continue;
                }
            }
            if let (Some(n), false) = (numerator, mixed_number) {
                if prev.is_some_and(|p| p == "a" || p == "an" || out.last().is_some_and(|x| x.2)) {
                    out.pop();
                }
                let pct = (n / d as f64 * 100.0).round();
                out.push((format!("{pct}"), false, true));
                out.push(("percent".into(), *end, false));
                i += 1;
                continue;
            }
        }
        // Proportions: "<n> out of (every) <m>", "<n> of every <m>", "<n> in
        // every <m>" -> "<n/m> percent <m>" ("two out of every five" = 40 %).
        if words[i].2 {
            let at = |k: usize| words.get(k).map(|x| x.0.as_str());
            let skip = match (at(i + 1), at(i + 2), at(i + 3)) {
                (Some("out"), Some("of"), Some("every")) => Some(4),
                (Some("out"), Some("of"), _) => Some(3),
                (Some("of") | Some("in"), Some("every"), _) => Some(3),
                // "one in three (of the cases)", not "two in three days".
                (Some("in"), _, after)
                    if !words[i].1
                        && !words[i + 1].1
                        && !after.is_some_and(|a| time_unit(a).is_some() || a == "percent") =>
                {
                    Some(2)
                }
                _ => None,
            };
            let whole = skip.and_then(|k| words.get(i + k)).filter(|x| x.2);
            if let (Some(k), Some(m)) = (skip, whole) {
                let (n, m) = (w.parse::<f64>().ok(), m.0.parse::<f64>().ok());
                // A share is a part of the whole: "3 in 2" is no proportion.
                let m = m.filter(|m| *m > 0.0 && (k != 2 || n.is_some_and(|n| n < *m)));
                if let (Some(n), Some(m)) = (n, m) {
                    out.push((fmt_number((n / m * 100.0).round()), false, true));
                    out.push(("percent".into(), false, false));
                    // Keep the whole: "35 of every 100" still says 100.
                    out.push(words[i + k].clone());
                    i += k + 1;
                    continue;
                }
            }
        }
        // Multiples: "twice", "double(d)", "triple(d)" -> "2 times", "3 times".
        let times = match w.as_str() {
            "twice" | "double" | "doubled" => Some("2"),
            "triple" | "tripled" => Some("3"),
            "quadruple" | "quadrupled" => Some("4"),
            _ => None,
        };
        if let Some(n) = times {
            out.push((n.to_string(), false, true));
            out.push(("times".into(), *end, false));
            i += 1;
            continue;
        }
        // Frequency: "every|each <weekday|period>", "once a|per <period>".
        if matches!(w.as_str(), "every" | "each" | "once" | "per") {
            let (k, period) = if w == "once" && matches!(next, Some("a") | Some("per")) {
                (i + 2, words.get(i + 2).map(|x| x.0.as_str()))
            } else {
                (i + 1, next)
            };
            let period = period.map(|p| p.trim_end_matches('s'));
            let adverb = period.and_then(|p| {
                if WEEKDAYS.contains(&p) {
                    Some("weekly")
                } else {
                    PERIODS.iter().find(|(w, _)| *w == p).map(|(_, a)| *a)
                }
            });
            if let Some(a) = adverb {
                out.push((a.to_string(), words[k].1, false));
                i = k + 1;
                continue;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// Tokenise text for matching: lowercase, numbers to digits, stems.
pub fn tokens(text: &str) -> Vec<Token> {
    let caps = acronym::written(text);
    let caps = &caps;
    let words = spoken_decimals(articles_as_one(raw_words(text)));
    durations(meaning_phrases(unit_abbreviations(numbers_to_digits(
        words,
    ))))
    .into_iter()
    .flat_map(|(w, end, number)| {
        // Split contractions: "didn't" -> "did", "n't"; "we'd" -> "we".
        let mut v = Vec::new();
        let bare = BARE_NEGATIVE_CONTRACTIONS
            .binary_search_by(|(b, _)| (*b).cmp(w.as_str()))
            .ok()
            .map(|i| BARE_NEGATIVE_CONTRACTIONS[i].1);
        if let Some(base) = bare {
            // A recogniser's "wasnt" is "wasn't".
            v.push((base.to_string(), false));
            v.push(("not".to_string(), end));
        } else if let Some(base) = w.strip_suffix("n't") {
            v.push((base.to_string(), false));
            v.push(("not".to_string(), end));
        } else if let Some((base, tail)) = w.split_once('\'') {
            // Keep the auxiliary a contraction stands for: "I'd" -> "i would",
            // "should've" -> "should have" (hindsight is read from them).
            let aux = match tail {
                "d" => Some("would"),
                "ve" => Some("have"),
                "ll" => Some("will"),
                _ => None,
            };
            match aux {
                Some(a) => {
                    v.push((base.to_string(), false));
                    v.push((a.to_string(), end));
                }
                None => v.push((base.to_string(), end)),
            }
        } else {
            v.push((w, end));
        }
        v.into_iter().map(move |(w, end)| Token {
            acronym: caps.get(&w).cloned(),
            stem: if number { w.clone() } else { stem(&w) },
            norm: w,
            number,
            clause_end: end,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests;
