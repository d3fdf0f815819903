//! Text from outside (question files, transcripts, attempt records) made
//! safe to show on a terminal: no control character reaches the terminal
//! raw, so a question file cannot clear the screen (`ESC[2J`), hide a link
//! (OSC 8), retitle the window (OSC 0) or move the cursor.
//!
//! C0 controls and DEL are shown as their Unicode control pictures (ESC as
//! `␛`, BEL as `␇`), C1 controls as `\u{9b}`-style text. Tabs become a space;
//! line breaks become a space in [`line()`] and stay in [`text()`].
//!
//! Every terminal renderer passes outside text through here; [`report`],
//! [`question`] and [`comparison`] clean a whole value at once, so a new
//! field cannot be forgotten. HTML and Markdown use [`markup`].

use crate::analysis::compare::Comparison;
use crate::analysis::trends::HistoryRow;
use crate::analysis::{Question, Report};
use std::borrow::Cow;

/// How line breaks are treated.
#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    /// `\n` stays; `\r\n` becomes `\n`; a lone `\r` and `\t` become spaces.
    Keep,
    /// `\n`, `\r\n`, a lone `\r` and `\t` become spaces.
    Space,
    /// `\n`, `\r` and `\t` stay as they are (the format handles them).
    Verbatim,
}

/// True for characters a terminal may act on: C0, DEL and C1.
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// True when `clean` would change `c`.
fn changes(c: char, breaks: Breaks) -> bool {
    match (c, breaks) {
        ('\n' | '\r' | '\t', Breaks::Verbatim) | ('\n', Breaks::Keep) => false,
        _ => is_control(c),
    }
}

fn clean(s: &str, breaks: Breaks) -> Cow<'_, str> {
    if !s.chars().any(|c| changes(c, breaks)) {
        return Cow::Borrowed(s);
    }
    let mut o = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, breaks) {
            ('\n' | '\r' | '\t', Breaks::Verbatim) => o.push(c),
            ('\n', Breaks::Keep) => o.push('\n'),
            ('\r', _) if chars.peek() == Some(&'\n') => {}
            ('\n' | '\r' | '\t', _) => o.push(' '),
            (c @ ('\u{0}'..='\u{1f}'), _) => {
                o.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            ('\u{7f}', _) => o.push('\u{2421}'),
            (c, _) if is_control(c) => o.push_str(&format!("\\u{{{:x}}}", c as u32)),
            (c, _) => o.push(c),
        }
    }
    Cow::Owned(o)
}

/// One line of terminal text: every control character made visible, line
/// breaks and tabs turned into spaces.
pub fn line(s: &str) -> Cow<'_, str> {
    clean(s, Breaks::Space)
}

/// Terminal text that may span lines: `\n` kept (`\r\n` becomes `\n`), tabs
/// turned into spaces, every other control character made visible.
pub fn text(s: &str) -> Cow<'_, str> {
    clean(s, Breaks::Keep)
}

/// Text for a file format that escapes its own syntax (HTML, Markdown):
/// `\n`, `\r` and `\t` kept, every other control character made visible.
pub fn markup(s: &str) -> Cow<'_, str> {
    clean(s, Breaks::Verbatim)
}

/// Clean a string field in place with `f`.
fn fix(s: &mut String, f: fn(&str) -> Cow<'_, str>) {
    if let Cow::Owned(o) = f(s) {
        *s = o;
    }
}

/// A copy of `r` with every piece of text in it safe for a terminal.
pub fn report(r: &Report) -> Report {
    let mut r = r.clone();
    fix(&mut r.question_id, line);
    fix(&mut r.transcript.text, line);
    for s in &mut r.transcript.segments {
        fix(&mut s.text, line);
    }
    for w in &mut r.transcript.words {
        fix(&mut w.text, line);
    }
    for f in &mut r.fillers {
        fix(&mut f.word, line);
    }
    for k in &mut r.key_points {
        fix(&mut k.text, line);
        if let Some(e) = &mut k.evidence {
            fix(e, line);
        }
    }
    for t in &mut r.tips {
        fix(&mut t.text, line);
        if let Some(q) = &mut t.quote {
            fix(q, line);
        }
    }
    if let Some(d) = &mut r.delivery {
        for m in d.hedges.iter_mut().chain(d.repeats.iter_mut()) {
            fix(&mut m.text, line);
        }
        for o in &mut d.openers {
            fix(&mut o.word, line);
        }
    }
    r
}

/// A copy of `q` with every piece of text in it safe for a terminal (the
/// reference keeps its paragraph breaks).
pub fn question(q: &Question) -> Question {
    let mut q = q.clone();
    fix(&mut q.id, line);
    fix(&mut q.category, line);
    fix(&mut q.question, line);
    fix(&mut q.reference, text);
    for k in &mut q.key_points {
        fix(k, line);
    }
    q
}

/// A copy of a history row with its text safe for a terminal.
pub fn row(r: &HistoryRow) -> HistoryRow {
    let mut r = r.clone();
    for s in [&mut r.id, &mut r.created, &mut r.source, &mut r.question_id] {
        fix(s, line);
    }
    r
}

/// A copy of a comparison with its text safe for a terminal.
pub fn comparison(c: &Comparison) -> Comparison {
    let mut c = c.clone();
    fix(&mut c.question_id, line);
    c.a = row(&c.a);
    c.b = row(&c.b);
    for list in [
        &mut c.gained,
        &mut c.lost,
        &mut c.kept,
        &mut c.still_missing,
    ] {
        for k in list.iter_mut() {
            fix(k, line);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_families_are_made_visible() {
        let cases = [
            ("CSI clear screen", "a\x1b[2Jb", "a␛[2Jb"),
            ("CSI colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
            (
                "OSC 8 hidden link (ST)",
                "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
                "␛]8;;http://evil␛\\click␛]8;;␛\\",
            ),
            ("OSC 0 window title (BEL)", "\x1b]0;pwned\x07", "␛]0;pwned␇"),
            ("8-bit CSI (C1)", "a\u{9b}2Jb", "a\\u{9b}2Jb"),
            (
                "8-bit OSC and ST (C1)",
                "\u{9d}0;t\u{9c}",
                "\\u{9d}0;t\\u{9c}",
            ),
            ("NUL, backspace, DEL", "a\0b\x08c\x7f", "a␀b␈c␡"),
            ("form feed and vertical tab", "a\x0cb\x0bc", "a␌b␋c"),
            (
                "plain text untouched",
                "café — 250,000 “ok”",
                "café — 250,000 “ok”",
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(line(input), want, "{name}");
            assert_eq!(text(input), want, "{name}");
            assert_eq!(markup(input), want, "{name}");
            for out in [line(input), text(input), markup(input)] {
                assert!(!out.chars().any(is_control), "{name}: {out:?}");
            }
        }
    }

    #[test]
    fn tabs_and_line_breaks() {
        assert_eq!(line("a\tb\nc\r\nd\re"), "a b c d e");
        assert_eq!(text("a\tb\nc\r\nd\re"), "a b\nc\nd e");
        assert_eq!(markup("a\tb\nc\r\nd"), "a\tb\nc\r\nd");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(line("no controls here"), Cow::Borrowed(_)));
        assert!(matches!(text("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn whole_values_are_cleaned() {
        let q = Question {
            id: "q\x1b[2J".into(),
            category: "c\x1b]0;t\x07".into(),
            question: "Why\x1b[2J?".into(),
            target_seconds: 60,
            reference: "one\x1b[2J\n\ntwo".into(),
            key_points: vec!["k\x1b]8;;x\x1b\\".into()],
            key_points_derived: false,
            audio: None,
        };
        let c = question(&q);
        assert_eq!(c.reference, "one␛[2J\n\ntwo");
        for s in [
            &c.id,
            &c.category,
            &c.question,
            &c.reference,
            &c.key_points[0],
        ] {
            assert!(!s.contains('\x1b'), "{s:?}");
        }
    }

    #[test]
    fn tips_and_delivery_are_cleaned() {
        let q = Question {
            id: "q".into(),
            category: "c".into(),
            question: "Why?".into(),
            target_seconds: 60,
            reference: "We rolled\x1b[2J back.".into(),
            key_points: vec!["rolled\x1b]0;t\x07 back".into()],
            key_points_derived: false,
            audio: None,
        };
        let mut r = crate::analysis::typed::analyse_text("Maybe we shipped it.", &q);
        assert!(!r.tips.is_empty());
        r.tips[0].quote = Some("ref\x1b[2J".into());
        if let Some(d) = r.delivery.as_mut() {
            d.hedges[0].text = "maybe\x07".into();
        }
        let c = report(&r);
        let t = &c.tips[0];
        for s in [&t.text, t.quote.as_ref().unwrap()] {
            assert!(!s.chars().any(is_control), "{s:?}");
        }
        let d = c.delivery.as_ref().unwrap();
        assert!(!d.hedges[0].text.chars().any(is_control));
    }
}
