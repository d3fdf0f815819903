//! The labels and phrases that mark questions, answers and STAR parts in a
//! document: `Q:`, `Answer:`, `Situation:`, "Tell me about ...".

/// `name: rest`, `name 3: rest`, `name3. rest` or a bare `name`/`name 3`
/// (rest empty) at the start of `s`, any case; returns the rest.
pub(super) fn strip_label<'a>(s: &'a str, names: &[&str]) -> Option<&'a str> {
    for name in names {
        let Some(head) = s.get(..name.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(name) {
            continue;
        }
        let r = s[name.len()..].trim_start();
        let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let r2 = r[digits..].trim_start();
        if let Some(rest) = r2.strip_prefix([':', '：']) {
            return Some(rest.trim());
        }
        if digits > 0 {
            if let Some(rest) = r2.strip_prefix(['.', ')', '-', '–', '—']) {
                return Some(rest.trim());
            }
        }
        if r2.is_empty() && (digits > 0 || name.len() > 1) {
            return Some("");
        }
    }
    None
}

pub(super) fn question_label(s: &str) -> Option<&str> {
    strip_label(s, &["question", "q"])
}

pub(super) fn answer_label(s: &str) -> Option<&str> {
    strip_label(s, &["my answer", "answer", "response", "a"])
}

#[rustfmt::skip]
const STAR_LABELS: &[&str] = &[
    "situation", "task", "actions", "action", "results", "result", "outcome", "context",
    "approach", "impact", "learnings", "learning", "lessons learned", "lesson", "reflection",
];

/// A STAR label opening a line with a colon (`Situation: ...`).
pub(super) fn star_label(s: &str) -> bool {
    STAR_LABELS.iter().any(|name| {
        s.get(..name.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(name))
            && s[name.len()..].trim_start().starts_with(':')
    })
}

/// A heading that is only a STAR label (`### Situation:` or `#### Result`).
pub(super) fn star_heading(s: &str) -> bool {
    let t = s.trim_end_matches(':').trim();
    STAR_LABELS.iter().any(|name| t.eq_ignore_ascii_case(name))
}

#[rustfmt::skip]
const PROMPTS: &[&str] = &[
    "tell me about", "tell us about", "describe a ", "describe an ", "describe your",
    "walk me through", "walk us through", "talk me through", "talk about a time",
    "give an example", "give me an example", "give us an example", "share an example",
    "share a time", "provide an example", "explain a time",
];

/// Reads as a question: ends in `?` or opens with an interview prompt.
pub(super) fn asks(s: &str, anywhere: bool) -> bool {
    let end = s.trim_end_matches(['"', '”', '\'', '’', ')', ']', ' ']);
    let lower = s.to_lowercase();
    (if anywhere {
        s.contains('?')
    } else {
        end.ends_with('?')
    }) || PROMPTS.iter().any(|p| lower.starts_with(p))
}
