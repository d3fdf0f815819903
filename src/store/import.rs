//! Reading a document of prepared answers (plain text or Markdown) into
//! questions: the pure parser behind `rehearse questions import FILE`.
//!
//! [`parse_document`] understands the layouts people keep their answers in:
//!
//! - labelled questions: `Q:` / `Question:` / `Q1.` (bold or not, on a line or
//!   in a heading), with the answer after an optional `A:` / `Answer:` label;
//! - Markdown headings per question (`### Why ...?`, `## Tell me about ...`);
//! - numbered questions (`1. ...?`, `2) Tell me about ...`);
//! - a line of its own ending in `?`, with the answer below it.
//!
//! The first of these that occurs in the document decides which lines start
//! a question, so a numbered list or a heading inside an answer stays part of
//! the answer. Headings above the question level (`## 1. Communication`,
//! `# Collaboration`), `Category: ...` lines, underlined titles and short
//! ALL-CAPS lines name the category of the questions below them. Text before
//! the first question is ignored.
//!
//! Answers keep their words: emphasis markers, emoji and list bullets go,
//! numbered items become `1) ...`, a list item without closing punctuation
//! gets a full stop, Situation/Task/Action/Result labels start a paragraph,
//! and paragraphs stay separated by a blank line. Nothing here touches files.

use std::collections::{BTreeMap, BTreeSet};

mod ids;
mod inline;
mod labels;

pub use ids::question_id;
use ids::{category_id, unique_id};
use inline::{clean_inline, is_emoji};
use labels::{answer_label, asks, question_label, star_heading, star_label, strip_label};

/// One question read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedQuestion {
    /// Kebab-case id from the question's first content words, unique within the document.
    pub id: String,
    /// Kebab-case category from the enclosing section, if the document has sections.
    pub category: Option<String>,
    /// The question as asked.
    pub question: String,
    /// The answer, cleaned of markup; paragraphs separated by a blank line.
    pub reference: String,
    /// Line (from 1) where the question starts in the document.
    pub line: usize,
}

/// Why a document could not be read as questions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// No line looks like a question.
    #[error("found no questions in the document; write each question as `Q: ...` (or `Question: ...`) with its answer after `A:`, as a numbered line `1. ...?`, as a Markdown heading `### ...?`, or as a line of its own ending in `?` with the answer below it")]
    NoQuestions,
    /// A question is followed by no answer text.
    #[error("line {line}: the question \"{question}\" has no answer; write the answer below it (or remove the question) and import again")]
    NoAnswer {
        /// Line (from 1) of the question.
        line: usize,
        /// The question.
        question: String,
    },
}

/// Comfortable speaking pace used for target lengths (words per minute).
pub const COMFORTABLE_WPM: u32 = 140;
/// Shortest target length (s).
pub const MIN_TARGET_SECONDS: u32 = 60;
/// Longest target length (s).
pub const MAX_TARGET_SECONDS: u32 = 180;

/// Seconds it takes to say `reference` at [`COMFORTABLE_WPM`], rounded and
/// kept within [`MIN_TARGET_SECONDS`]..=[`MAX_TARGET_SECONDS`].
pub fn target_seconds(reference: &str) -> u32 {
    let words = reference
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u64;
    let wpm = u64::from(COMFORTABLE_WPM);
    let secs = (words * 60 + wpm / 2) / wpm;
    u32::try_from(secs)
        .unwrap_or(u32::MAX)
        .clamp(MIN_TARGET_SECONDS, MAX_TARGET_SECONDS)
}

/// Read every question and its answer from a plain-text or Markdown document.
/// Never panics; see the module docs for the layouts understood.
pub fn parse_document(text: &str) -> Result<Vec<ImportedQuestion>, ImportError> {
    let lines = classify(text.strip_prefix('\u{feff}').unwrap_or(text));
    let starts = question_starts(&lines);
    if starts.is_empty() {
        return Err(ImportError::NoQuestions);
    }
    let min_q_heading = starts
        .iter()
        .filter_map(|&i| match lines[i].kind {
            Kind::Heading(level) => Some(level),
            _ => None,
        })
        .min();

    let first = starts.first().copied().unwrap_or(0);
    let mut sections: BTreeMap<usize, String> = (0..lines.len())
        .filter(|i| !starts.contains(i))
        .filter_map(|i| section_title(&lines, i, min_q_heading).map(|t| (i, t)))
        .collect();
    // A lone title above everything names the document, not a category.
    if sections.len() == 1 && sections.keys().all(|&at| at < first) {
        sections.clear();
    }

    let mut drafts: Vec<Draft> = Vec::new();
    let mut category: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let section = sections.get(&i);
        if starts.contains(&i) {
            let labelled = question_label(&line.clean);
            let (mut question, inline) = match labelled {
                Some(q) => split_inline_answer(q),
                None => (line.clean.clone(), None),
            };
            if question.is_empty() {
                // `### Question 1` with the question on the next line(s).
                let mut j = i + 1;
                while j < lines.len() && lines[j].kind == Kind::Blank {
                    j += 1;
                }
                let mut parts = Vec::new();
                while j < lines.len()
                    && lines[j].kind == Kind::Text
                    && answer_label(&lines[j].clean).is_none()
                {
                    parts.push(lines[j].clean.as_str());
                    j += 1;
                }
                question = parts.join(" ");
                i = j - 1;
            }
            drafts.push(Draft {
                line: line.no,
                category: category.clone(),
                question,
                inline,
                body: Vec::new(),
            });
        } else if let Some(title) = section {
            if let Some(c) = category_id(title) {
                category = Some(c);
            }
            drafts.push(Draft::closed());
        } else if let Some(d) = drafts.last_mut().filter(|d| d.line > 0) {
            d.body.push(i);
        }
        i += 1;
    }

    // A closing remark after the last rule, asked of the reader ("Would you
    // like me to ...?"), is not part of the last answer.
    if let Some(last) = drafts.last_mut().filter(|d| d.line > 0) {
        if let Some(rule) = last.body.iter().rposition(|&i| lines[i].kind == Kind::Rule) {
            let tail: Vec<&Line> = last.body[rule..]
                .iter()
                .map(|&i| &lines[i])
                .filter(|l| l.kind != Kind::Blank && l.kind != Kind::Rule)
                .collect();
            if tail.len() == 1 && tail[0].kind == Kind::Text && tail[0].clean.ends_with('?') {
                last.body.truncate(rule);
            }
        }
    }

    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for d in drafts.into_iter().filter(|d| d.line > 0) {
        let (extra, answer) = match d.inline {
            // `Q: ...? A: ...` on one line: everything below is answer too.
            Some(text) => {
                let mut first = classify_line(&text, d.line);
                first.kind = Kind::Text;
                let rest = d.body.iter().map(|&i| lines[i].clone());
                (Vec::new(), std::iter::once(first).chain(rest).collect())
            }
            None => split_answer(&lines, &d.body),
        };
        let mut question = d.question;
        for part in extra {
            question.push(' ');
            question.push_str(part);
        }
        let question = unquote(question.trim()).to_string();
        if question.is_empty() {
            continue;
        }
        let reference = build_reference(&answer);
        if reference.is_empty() {
            return Err(ImportError::NoAnswer {
                line: d.line,
                question,
            });
        }
        let id = unique_id(&question_id(&question), &mut ids);
        out.push(ImportedQuestion {
            id,
            category: d.category,
            question,
            reference,
            line: d.line,
        });
    }
    if out.is_empty() {
        return Err(ImportError::NoQuestions);
    }
    Ok(out)
}

/// A question being collected; `line == 0` marks a closed slot (after a section title).
struct Draft {
    line: usize,
    category: Option<String>,
    question: String,
    /// Answer text given on the question's own line (`Q: ...? A: ...`).
    inline: Option<String>,
    body: Vec<usize>,
}

impl Draft {
    fn closed() -> Self {
        Draft {
            line: 0,
            category: None,
            question: String::new(),
            inline: None,
            body: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Rule,
    Heading(u8),
    Text,
}

/// One line of the document, classified and cleaned.
#[derive(Debug, Clone)]
struct Line {
    kind: Kind,
    /// 1-based line number.
    no: usize,
    /// Text without markup and without a list marker.
    clean: String,
    /// `clean` with a numbered marker written as `1) `.
    display: String,
    /// A list item (bullet, number or emoji marker).
    item: bool,
    /// The whole line was bold (`**...**`).
    bold: bool,
}

fn classify(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(n, raw)| classify_line(raw, n + 1))
        .collect();
    // Setext headings: a title underlined with === (or --- under a short title).
    let raw: Vec<&str> = text.lines().collect();
    for i in 1..lines.len() {
        let under = raw[i].trim();
        let prev = &lines[i - 1];
        if prev.kind != Kind::Text || prev.item || under.len() < 3 {
            continue;
        }
        let level = if under.chars().all(|c| c == '=') {
            1
        } else if under.chars().all(|c| c == '-')
            && prev.clean.split_whitespace().count() <= 6
            && !prev.clean.ends_with(['.', '?', '!', ':', ';'])
        {
            2
        } else {
            continue;
        };
        lines[i - 1].kind = Kind::Heading(level);
        lines[i].kind = Kind::Blank;
    }
    lines
}

fn classify_line(raw: &str, no: usize) -> Line {
    let mut t = raw.trim();
    let mut line = Line {
        kind: Kind::Text,
        no,
        clean: String::new(),
        display: String::new(),
        item: false,
        bold: false,
    };
    if t.len() >= 3 {
        let first = t.chars().next().unwrap_or(' ');
        if matches!(first, '-' | '*' | '_' | '=')
            && t.chars().all(|c| c == first || c == ' ')
            && t.chars().filter(|&c| c == first).count() >= 3
        {
            line.kind = Kind::Rule;
            return line;
        }
    }
    let hashes = t.len() - t.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(char::is_whitespace) {
        line.kind = Kind::Heading(hashes as u8);
        t = t[hashes..].trim().trim_end_matches('#').trim();
    }
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    line.bold = t.len() > 4 && t.starts_with("**") && t.ends_with("**");
    line.item = t.chars().next().is_some_and(is_emoji);
    let mut number = None;
    let mut clean = clean_inline(t);
    loop {
        let before = clean.len();
        for bullet in ["- ", "* ", "+ ", "• ", "◦ ", "▪ ", "‣ ", "➤ ", "– "] {
            if let Some(rest) = clean.strip_prefix(bullet) {
                clean = rest.trim_start().to_string();
                line.item = true;
            }
        }
        if clean == "-" || clean == "*" || clean == "•" {
            clean.clear();
        }
        if number.is_none() {
            let digits = clean.len() - clean.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = &clean[digits..];
            if (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
                number = Some(clean[..digits].to_string());
                clean = rest[2..].trim_start().to_string();
            }
        }
        if clean.len() == before {
            break;
        }
    }
    line.item |= number.is_some();
    line.display = match &number {
        Some(n) if !clean.is_empty() => format!("{n}) {clean}"),
        _ => clean.clone(),
    };
    line.clean = clean;
    if line.clean.is_empty() {
        line.kind = Kind::Blank;
    }
    line
}

/// Indexes of the lines that start questions, by the first layout present.
fn question_starts(lines: &[Line]) -> BTreeSet<usize> {
    let pick = |f: &dyn Fn(usize, &Line) -> bool| -> BTreeSet<usize> {
        lines
            .iter()
            .enumerate()
            .filter(|(i, l)| f(*i, l))
            .map(|(i, _)| i)
            .collect()
    };
    let boundary = |i: usize| {
        i == 0
            || matches!(
                lines[i - 1].kind,
                Kind::Blank | Kind::Rule | Kind::Heading(_)
            )
    };
    type Layout<'a> = &'a dyn Fn(usize, &Line) -> bool;
    let layouts: [Layout; 4] = [
        &|i, l| {
            matches!(l.kind, Kind::Text | Kind::Heading(_))
                && question_label(&l.clean)
                    .is_some_and(|q| !q.is_empty() || has_text_after(lines, i))
        },
        &|_, l| {
            matches!(l.kind, Kind::Heading(_)) && !star_heading(&l.clean) && asks(&l.clean, true)
        },
        &|_, l| l.kind == Kind::Text && l.display != l.clean && asks(&l.clean, false),
        &|i, l| {
            l.kind == Kind::Text
                && !l.item
                && boundary(i)
                && (asks(&l.clean, false) && (l.clean.ends_with('?') || l.bold))
        },
    ];
    layouts
        .iter()
        .map(|f| pick(f))
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

fn has_text_after(lines: &[Line], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .find(|l| l.kind != Kind::Blank)
        .is_some_and(|l| l.kind == Kind::Text)
}

/// The title when line `i` opens a section (a category), not a question.
fn section_title(lines: &[Line], i: usize, min_q_heading: Option<u8>) -> Option<String> {
    let l = &lines[i];
    match l.kind {
        Kind::Heading(level) if !star_heading(&l.clean) => {
            let top = min_q_heading.map_or(level <= 2, |m| level < m);
            top.then(|| l.clean.clone())
        }
        Kind::Text => {
            if let Some(t) = strip_label(&l.clean, &["category", "section", "topic", "theme"]) {
                return (!t.is_empty()).then(|| t.to_string());
            }
            let alone =
                |j: Option<&Line>| j.is_none_or(|x| matches!(x.kind, Kind::Blank | Kind::Rule));
            let letters = l.clean.chars().filter(|c| c.is_alphabetic()).count();
            let caps = letters >= 3
                && !l.clean.chars().any(char::is_lowercase)
                && l.clean.split_whitespace().count() <= 5
                && !star_heading(&l.clean)
                && !l.clean.ends_with(['.', '?', '!']);
            (caps && alone(i.checked_sub(1).map(|j| &lines[j])) && alone(lines.get(i + 1)))
                .then(|| l.clean.clone())
        }
        _ => None,
    }
}

/// `Why? A: Because.` → (`Why?`, `Because.`); the question alone otherwise.
fn split_inline_answer(q: &str) -> (String, Option<String>) {
    for label in [" A:", " Answer:"] {
        let found = q.match_indices(label).find(|(at, _)| {
            q[at + label.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
        });
        if let Some((at, _)) = found {
            let answer = q[at + label.len()..].trim().to_string();
            return (q[..at].trim().to_string(), Some(answer));
        }
    }
    (q.to_string(), None)
}

/// Split a question's body at its answer label: (lines that continue the
/// question, answer lines).
fn split_answer<'a>(lines: &'a [Line], body: &[usize]) -> (Vec<&'a str>, Vec<Line>) {
    // The label comes right after the question (which may run on for a
    // line or two); an `A:` deep inside an answer is part of the answer.
    let label = body
        .iter()
        .take_while(|&&i| lines[i].kind != Kind::Rule)
        .filter(|&&i| lines[i].kind != Kind::Blank)
        .take(4)
        .find(|&&i| answer_label(&lines[i].clean).is_some())
        .and_then(|found| body.iter().position(|i| i == found));
    let Some(at) = label else {
        return (Vec::new(), body.iter().map(|&i| lines[i].clone()).collect());
    };
    let extra = body[..at]
        .iter()
        .filter(|&&i| lines[i].kind == Kind::Text)
        .map(|&i| lines[i].clean.as_str())
        .collect();
    let mut answer = Vec::new();
    let first = &lines[body[at]];
    let rest = answer_label(&first.clean).unwrap_or_default();
    if !rest.is_empty() {
        let mut l = classify_line(rest, first.no);
        l.kind = Kind::Text;
        answer.push(l);
    }
    answer.extend(body[at + 1..].iter().map(|&i| lines[i].clone()));
    (extra, answer)
}

/// `s` with a full stop added unless it already ends a sentence or clause.
fn with_stop(mut s: String) -> String {
    let core = s.trim_end_matches(['"', '”', '\'', '’', ')', ']']);
    if !core.is_empty() && !core.ends_with(['.', '!', '?', ':', ';', '…']) {
        s.push('.');
    }
    s
}

/// The answer as paragraphs of plain text.
fn build_reference(answer: &[Line]) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut label: Option<String> = None;
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        if !cur.is_empty() {
            paras.push(std::mem::take(cur));
        }
    };
    for l in answer {
        let mut t = match l.kind {
            Kind::Blank | Kind::Rule => {
                flush(&mut cur, &mut paras);
                continue;
            }
            Kind::Heading(_) if star_heading(&l.clean) => {
                flush(&mut cur, &mut paras);
                label = Some(format!("{}:", l.clean.trim_end_matches(':').trim()));
                continue;
            }
            Kind::Heading(_) => {
                flush(&mut cur, &mut paras);
                with_stop(l.display.clone())
            }
            Kind::Text if l.item => with_stop(l.display.clone()),
            Kind::Text => l.display.clone(),
        };
        if star_label(&l.clean) {
            flush(&mut cur, &mut paras);
        }
        if let Some(prefix) = label.take() {
            t = format!("{prefix} {t}");
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(&t);
    }
    flush(&mut cur, &mut paras);
    paras.extend(label);
    unquote(&paras.join("\n\n")).to_string()
}

/// `s` without one pair of quotation marks wrapped around all of it.
fn unquote(s: &str) -> &str {
    let quotes = s.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
    if quotes == 2 {
        if let Some(inner) = s
            .strip_prefix(['"', '“'])
            .and_then(|r| r.strip_suffix(['"', '”']))
        {
            return inner.trim();
        }
    }
    s
}

#[cfg(test)]
mod tests;
