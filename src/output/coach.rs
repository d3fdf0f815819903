//! The coaching part of a terminal report, shared by `score`, `practice`
//! and `review`: the delivery lines (hedging, repetition, "I" against
//! "we", how the STAR parts share the answer) and the closing tips, wrapped
//! to the terminal's width. A leaf: it imports no renderer.

use super::format::clock;
use super::style::Style;
use super::wrap;
use crate::analysis::delivery::{Delivery, OwnershipScope, OwnershipVerdict};
use crate::analysis::{Report, Tip};
use std::fmt::Write;

/// Width of the label column ("Hedging     ").
pub const LABEL: usize = 12;

/// `label` in bold, padded to [`LABEL`] columns, then `content` wrapped to
/// `width` with the continuation lines under the content.
pub fn field(label: &str, content: &str, width: usize, st: Style) -> String {
    let body = width.saturating_sub(LABEL).max(20);
    let mut o = String::new();
    for (i, line) in wrap::lines(content, body).iter().enumerate() {
        let head = match i {
            0 => st.bold(&format!("{label:<LABEL$}")),
            _ => " ".repeat(LABEL),
        };
        let _ = writeln!(o, "{head}{line}");
    }
    o
}

/// Like [`field`], for pre-styled `tokens` that must stay whole (a time
/// and its figure), joined by spaces.
pub fn field_tokens<S: AsRef<str>>(label: &str, tokens: &[S], width: usize, st: Style) -> String {
    let body = width.saturating_sub(LABEL).max(20);
    wrap::tokens(
        tokens,
        body,
        &st.bold(&format!("{label:<LABEL$}")),
        &" ".repeat(LABEL),
    )
}

/// `"word" 0:12` (or just `"word"` without a time).
fn at(text: &str, start_s: Option<f64>) -> String {
    match start_s {
        Some(t) => format!("\"{text}\" {}", clock(t)),
        None => format!("\"{text}\""),
    }
}

/// One line of judgement on "I" against "we".
pub fn ownership_words(v: OwnershipVerdict) -> &'static str {
    match v {
        OwnershipVerdict::Mine => "your own part is clear",
        OwnershipVerdict::Mixed => "mixed: make your own part clearer",
        OwnershipVerdict::Team => "mostly \"we\": say what you did",
        OwnershipVerdict::Unclear => "neither \"I\" nor \"we\": say who acted",
    }
}

/// The delivery fields as (label, content) pairs, content styled.
pub fn delivery_fields(d: &Delivery, st: Style) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let hedges = if d.hedges.is_empty() {
        st.good("none")
    } else {
        let list = d
            .hedges
            .iter()
            .map(|h| at(&h.text, h.start_s))
            .collect::<Vec<_>>()
            .join(", ");
        let rate = format!("{:.1} per 100 words", d.hedges_per_100_words);
        let rate = if d.hedges_per_100_words >= 1.0 {
            st.warn(&rate)
        } else {
            rate
        };
        format!("{} ({rate}): {list}", d.hedges.len())
    };
    out.push(("Hedging", hedges));
    let mut rep: Vec<String> = d.repeats.iter().map(|r| at(&r.text, r.start_s)).collect();
    rep.extend(d.openers.iter().map(|o| {
        let when = o
            .start_s
            .map(|t| format!(" from {}", clock(t)))
            .unwrap_or_default();
        format!("{} sentences open with \"{}\"{when}", o.sentences, o.word)
    }));
    out.push((
        "Repeats",
        if rep.is_empty() {
            st.good("none")
        } else {
            st.warn(&rep.join("; "))
        },
    ));
    let o = &d.ownership;
    let scope = match o.scope {
        OwnershipScope::Action => "in the Action part",
        OwnershipScope::WholeAnswer => "in the answer (no Action part found)",
    };
    let verdict = ownership_words(o.verdict);
    let verdict = match o.verdict {
        OwnershipVerdict::Mine => st.good(verdict),
        OwnershipVerdict::Mixed => verdict.to_string(),
        _ => st.warn(verdict),
    };
    out.push((
        "I vs we",
        format!(
            "{} \"I\", {} \"we\" {scope}: {verdict}",
            o.i_count, o.we_count
        ),
    ));
    if d.parts.len() > 1 {
        let parts = d
            .parts
            .iter()
            .map(|p| format!("{} {:.0}%", p.part.name(), p.share * 100.0))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(("STAR share", format!("{parts} of the words")));
    }
    out
}

/// The delivery lines of a report, wrapped to `width`.
pub fn delivery_lines(r: &Report, width: usize, st: Style) -> String {
    let Some(d) = &r.delivery else {
        return String::new();
    };
    delivery_fields(d, st)
        .iter()
        .map(|(l, c)| field(l, c, width, st))
        .collect()
}

/// One tip as shown: its text, then the quote (the reference sentence).
fn tip_text(t: &Tip) -> String {
    match t.start_s {
        Some(s) if !t.text.contains(&clock(s)) => format!("{} (at {})", t.text, clock(s)),
        _ => t.text.clone(),
    }
}

/// The closing "Tips" section, numbered, wrapped to `width`; nothing when
/// there are no tips.
pub fn tips_section(tips: &[Tip], width: usize, st: Style) -> String {
    if tips.is_empty() {
        return String::new();
    }
    let mut o = String::new();
    let _ = writeln!(o, "\n{}", st.bold("Tips"));
    let body = width.saturating_sub(5).max(20);
    for (i, t) in tips.iter().enumerate() {
        for (k, line) in wrap::lines(&tip_text(t), body).iter().enumerate() {
            let head = match k {
                0 => format!("  {}. ", i + 1),
                _ => "     ".into(),
            };
            let _ = writeln!(o, "{head}{line}");
        }
        if let Some(q) = &t.quote {
            let quoted = format!("reference: “{q}”");
            o.push_str(&st.dim(&wrap::indented(&quoted, body, "     ")));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_wrap_under_their_content() {
        let text = field("Hedging", "one two three four five six", 32, Style::PLAIN);
        assert_eq!(
            text,
            "Hedging     one two three four\n            five six\n"
        );
    }

    #[test]
    fn tips_are_numbered_and_wrapped() {
        let tips = [Tip {
            kind: crate::analysis::TipKind::KeyPoint,
            text: "Add: rolled back within two hours.".into(),
            quote: Some("I rolled back within two hours.".into()),
            start_s: None,
            tier: 1,
        }];
        let text = tips_section(&tips, 30, Style::PLAIN);
        assert_eq!(
            text,
            "\nTips\n  1. Add: rolled back within\n     two hours.\n     reference: “I rolled back\n     within two hours.”\n"
        );
        assert_eq!(tips_section(&[], 30, Style::PLAIN), "");
    }
}
