//! The report's coaching sections: delivery (hedging, repetition, "I"
//! against "we", STAR shares) and the closing tips. Times are links that
//! play the recording from there, as elsewhere in the page.

use super::markup::{esc, f};
use crate::analysis::delivery::{Marked, OwnershipScope, OwnershipVerdict};
use crate::analysis::Report;
use crate::output::coach::ownership_words;
use crate::output::format::clock;
use std::fmt::Write;

/// A time that plays the recording from there.
fn when(t: f64) -> String {
    format!(
        "<span class=\"when\" data-t=\"{}\">{}</span>",
        f(t),
        clock(t)
    )
}

fn marked(list: &[Marked]) -> String {
    list.iter()
        .map(|m| match m.start_s {
            Some(t) => format!("“{}” {}", esc(&m.text), when(t)),
            None => format!("“{}”", esc(&m.text)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The delivery table; nothing when the report has no delivery measures.
pub(super) fn delivery_html(r: &Report) -> String {
    let Some(d) = &r.delivery else {
        return String::new();
    };
    let mut o = String::from("<h2>Delivery</h2>\n<table id=\"delivery\">\n<tbody>\n");
    let row = |o: &mut String, k: &str, cls: &str, v: String| {
        let _ = writeln!(
            o,
            "<tr><th>{k}</th><td class=\"state {cls}\">{}</td><td class=\"evidence\">{}</td></tr>",
            if cls == "good" { "✓" } else { "!" },
            v
        );
    };
    let hedges = match d.hedges.is_empty() {
        true => "none".to_string(),
        false => format!(
            "{} ({:.1} per 100 words): {}",
            d.hedges.len(),
            d.hedges_per_100_words,
            marked(&d.hedges)
        ),
    };
    let cls = if d.hedges_per_100_words >= 1.0 {
        "warn"
    } else {
        "good"
    };
    row(&mut o, "Hedging", cls, hedges);
    let mut rep = marked(&d.repeats);
    for run in &d.openers {
        if !rep.is_empty() {
            rep.push_str("; ");
        }
        let _ = write!(
            rep,
            "{} sentences open with “{}”{}",
            run.sentences,
            esc(&run.word),
            run.start_s
                .map(|t| format!(" from {}", when(t)))
                .unwrap_or_default()
        );
    }
    let cls = if rep.is_empty() { "good" } else { "warn" };
    row(
        &mut o,
        "Repeats",
        cls,
        if rep.is_empty() { "none".into() } else { rep },
    );
    let own = &d.ownership;
    let scope = match own.scope {
        OwnershipScope::Action => "in the Action part",
        OwnershipScope::WholeAnswer => "in the answer (no Action part found)",
    };
    let we_at = own
        .we_at
        .iter()
        .map(|t| when(*t))
        .collect::<Vec<_>>()
        .join(" ");
    let we_at = match we_at.is_empty() {
        true => String::new(),
        false => format!(" <span class=\"meta\">“we” at</span> {we_at}"),
    };
    let cls = match own.verdict {
        OwnershipVerdict::Mine => "good",
        _ => "warn",
    };
    row(
        &mut o,
        "I vs we",
        cls,
        format!(
            "{} “I”, {} “we” {scope}: {}{we_at}",
            own.i_count,
            own.we_count,
            esc(ownership_words(own.verdict))
        ),
    );
    if d.parts.len() > 1 {
        let parts = d
            .parts
            .iter()
            .map(|p| {
                let at = p
                    .start_s
                    .map(|t| format!(" {}", when(t)))
                    .unwrap_or_default();
                format!("{} {:.0}%{at}", p.part.name(), p.share * 100.0)
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = writeln!(
            o,
            "<tr><th>STAR share</th><td class=\"state\"></td><td class=\"evidence\">{parts} <span class=\"meta\">of the words</span></td></tr>"
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

/// The closing tips, numbered; nothing when there are none.
pub(super) fn tips_html(r: &Report) -> String {
    if r.tips.is_empty() {
        return String::new();
    }
    let mut o = String::from("<h2>Tips</h2>\n<ol id=\"tips\" class=\"panel tips\">\n");
    for t in &r.tips {
        let at = t
            .start_s
            .map(|s| format!(" {}", when(s)))
            .unwrap_or_default();
        let quote = t
            .quote
            .as_ref()
            .map(|q| format!("<div class=\"meta\">reference: “{}”</div>", esc(q)))
            .unwrap_or_default();
        let _ = writeln!(o, "<li>{}{at}{quote}</li>", esc(&t.text));
    }
    o.push_str("</ol>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::typed::analyse_text;
    use crate::analysis::Question;

    #[test]
    fn delivery_and_tips_are_escaped_and_timed() {
        let q = Question {
            id: "q".into(),
            category: "c".into(),
            question: "Why?".into(),
            target_seconds: 60,
            reference: "I rolled back <the> model.".into(),
            key_points: vec!["rolled back <the> model".into()],
            key_points_derived: false,
            audio: None,
        };
        let r = analyse_text("Maybe we talked. We agreed <b>. I guess we shipped.", &q);
        let d = delivery_html(&r);
        assert!(d.contains("“maybe”") && d.contains("“i guess”"), "{d}");
        assert!(
            d.contains("mostly “we”") || d.contains("mostly &quot;we&quot;"),
            "{d}"
        );
        assert!(!d.contains("data-t"), "typed answers have no times: {d}");
        let t = tips_html(&r);
        assert!(t.contains("<ol id=\"tips\""), "{t}");
        assert!(t.contains("&lt;the&gt;") && !t.contains("<the>"), "{t}");
        let mut timed = r.clone();
        if let Some(d) = timed.delivery.as_mut() {
            d.hedges[0].start_s = Some(1.5);
        }
        assert!(delivery_html(&timed).contains("data-t=\"1.5\""));
    }
}
