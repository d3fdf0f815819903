//! Names for imported questions: kebab-case ids from the question's words
//! and categories from section titles.

use super::labels::strip_label;
use std::collections::BTreeSet;

/// Kebab-case category from a section title (`1. Project Delivery` → `project-delivery`).
pub(super) fn category_id(title: &str) -> Option<String> {
    let t = strip_label(title, &["part", "section", "category", "topic", "theme"]).unwrap_or(title);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let t = if digits > 0 {
        t[digits..].trim_start_matches(['.', ')', ':', '-', ' '])
    } else {
        t
    };
    let lower = t.to_lowercase();
    let lower = lower
        .trim_end_matches(" questions")
        .trim_end_matches(" question");
    let id = kebab_words(lower.split(|c: char| !c.is_ascii_alphanumeric()));
    (!id.is_empty()).then_some(id)
}

/// Words that frame a question rather than name it.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "dealt", "describe", "did", "do", "does", "e", "eg", "encountered", "etc",
    "ever", "example", "faced", "for", "from", "g", "give", "had", "handle", "handled", "has",
    "have", "how", "i", "ie", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "one",
    "or", "our", "please", "s", "share", "situation", "so", "some", "tell", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "time", "to",
    "us", "walk", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
    "with", "would", "you", "your",
];

/// Kebab-case id from a question's first five content words.
pub fn question_id(question: &str) -> String {
    // Asides in brackets ("(e.g., engineers, ...)") do not name the question.
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in question.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.extend(c.to_lowercase().map(fold_accent)),
            _ => {}
        }
    }
    let words = plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .map(|w| {
            let w = w.trim_matches('-');
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.replace(['\'', '’'], "")
        })
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .take(5)
        .collect::<Vec<_>>();
    let id = kebab_words(words.iter().map(String::as_str));
    if id.is_empty() {
        "question".to_string()
    } else {
        id
    }
}

/// The plain Latin letter under a common accented one (`é` → `e`).
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// Words joined by single hyphens, lowercase ASCII letters and digits only.
fn kebab_words<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        for c in w.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `base`, or `base-2`, `base-3`, ... whichever is not taken yet.
pub(super) fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}
