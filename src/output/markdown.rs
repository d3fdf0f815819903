//! Markdown reports: one attempt (summary, key points with evidence,
//! transcript with pauses and fillers, reference answer, pace over time), and
//! a question's progress across attempts. Returns text; the caller writes it.

use super::format::{
    clock, length_words, pace_words, pause_label, short_date, sparkline, sparkline_auto,
    star_letters,
};
use super::layout::{transcript_lines, Item};
use super::view::AttemptView;
use crate::analysis::trends::{trends, HistoryRow};
use crate::analysis::Settings;
use std::fmt::Write;

/// Escape text for Markdown prose and table cells; control characters
/// other than line breaks and tabs are made visible.
pub fn escape(s: &str) -> String {
    let s = super::sanitize::markup(s);
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            _ => o.push(c),
        }
    }
    o
}

/// Markdown for one attempt.
pub fn attempt(v: &AttemptView) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Rehearsal report: {}\n", escape(v.question_id));
    o.push_str(&attempt_body(v, "##"));
    o
}

/// The sections of one attempt, with headings at level `h` (`"##"`).
fn attempt_body(v: &AttemptView, h: &str) -> String {
    let r = v.report;
    let mut o = String::new();
    let _ = writeln!(o, "**Question:** {}\n", escape(v.question));
    let _ = writeln!(
        o,
        "Attempt `{}` · {} · {}\n",
        v.id,
        short_date(v.created),
        v.source
    );
    if r.no_speech {
        let _ = writeln!(
            o,
            "**No speech detected in this recording:** nothing was scored.\n"
        );
        return o;
    }
    let _ = writeln!(
        o,
        "| Length | Pace | Pauses | Fillers | Coverage | STAR |\n|---|---|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| {} of {} ({}) | {:.0} wpm ({}; articulation {:.0} wpm) | {} ({} dead air) | {} ({:.1}/min) | {}/{} ({:.0}%) | {} |\n",
        clock(r.speech_s),
        clock(r.target_s as f64),
        length_words(r.length_verdict),
        r.wpm,
        pace_words(r.pace_verdict),
        r.articulation_wpm,
        r.pauses.len(),
        r.dead_air_count,
        r.filler_count,
        r.fillers_per_min,
        r.covered_count(),
        r.key_points.len(),
        r.coverage * 100.0,
        star_letters(r),
    );

    let _ = writeln!(o, "{h} Key points\n");
    if r.key_points.is_empty() {
        let _ = writeln!(o, "This question has no key points.\n");
    } else {
        let _ = writeln!(o, "| | Key point | Evidence |\n|---|---|---|");
        for k in &r.key_points {
            let mark = if k.covered {
                "✅ covered"
            } else if k.negated {
                "❌ denied"
            } else {
                "❌ missed"
            };
            let when = k
                .evidence_start_s
                .map(|t| format!("{} ", clock(t)))
                .unwrap_or_default();
            let ev = match (&k.evidence, k.covered) {
                (Some(e), true) => format!("{when}“{}”", escape(e)),
                (Some(e), false) if k.negated => {
                    format!("{}: {when}“{}”", k.denial_text(), escape(e))
                }
                (Some(e), false) => format!("closest: {when}“{}”", escape(e)),
                (None, _) => "—".into(),
            };
            let _ = writeln!(o, "| {mark} | {} | {ev} |", escape(&k.text));
        }
        o.push('\n');
    }

    let _ = writeln!(o, "{h} Transcript\n");
    let _ = writeln!(
        o,
        "Fillers in *italics*; silences of 1 s or more as `[pause]`.\n"
    );
    for line in transcript_lines(r) {
        let mut parts = Vec::new();
        for it in &line.items {
            match it {
                Item::Word { text, filler, .. } => {
                    if *filler {
                        parts.push(format!("*{}*", escape(text)));
                    } else {
                        parts.push(escape(text));
                    }
                }
                Item::Pause {
                    duration_s,
                    dead_air,
                    ..
                } => {
                    let l = pause_label(*duration_s);
                    parts.push(if *dead_air {
                        format!("**`{l}`**")
                    } else {
                        format!("`{l}`")
                    });
                }
            }
        }
        let _ = writeln!(o, "**{}** {}  ", clock(line.start_s), parts.join(" "));
    }
    o.push('\n');

    if !v.reference.trim().is_empty() {
        let _ = writeln!(o, "{h} Reference answer\n");
        let _ = writeln!(o, "> {}\n", escape(v.reference.trim()));
    }

    if !r.pace_windows.is_empty() {
        let band = Settings::default().comfort_wpm;
        let _ = writeln!(o, "{h} Pace over time\n");
        let _ = writeln!(
            o,
            "Comfortable: {:.0}–{:.0} words per minute.\n",
            band.0, band.1
        );
        let _ = writeln!(o, "| Time | Words | wpm | |\n|---|---|---|---|");
        for w in &r.pace_windows {
            let note = if w.words == 0 {
                "silent"
            } else if w.wpm < band.0 {
                "slow"
            } else if w.wpm > band.1 {
                "fast"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "| {}–{} | {} | {:.0} {} | {note} |",
                clock(w.start_s),
                clock(w.end_s),
                w.words,
                w.wpm,
                sparkline(&[w.wpm], 0.0, 220.0),
            );
        }
        o.push('\n');
    }
    o
}

/// Markdown for a question's progress: a table of attempts (newest first),
/// trend sparklines, then the newest attempt in full.
pub fn progress(question_id: &str, question: &str, attempts: &[AttemptView]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Progress: {}\n", escape(question_id));
    let _ = writeln!(o, "**Question:** {}\n", escape(question));
    let rows: Vec<HistoryRow> = attempts.iter().map(AttemptView::row).collect();
    let _ = writeln!(
        o,
        "{} attempt{}.\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        o,
        "| Date (UTC) | Length / target | Pace | Pauses (dead air) | Fillers | Coverage | Attempt |\n|---|---|---|---|---|---|---|"
    );
    for r in &rows {
        if r.no_speech {
            let _ = writeln!(
                o,
                "| {} | no speech | — | — | — | — | `{}` |",
                short_date(&r.created).trim_end_matches(" UTC"),
                r.id
            );
            continue;
        }
        let _ = writeln!(
            o,
            "| {} | {} / {} | {:.0} wpm | {} ({}) | {} ({:.1}/min) | {}/{} ({:.0}%) | `{}` |",
            short_date(&r.created).trim_end_matches(" UTC"),
            clock(r.length_s),
            clock(r.target_s as f64),
            r.wpm,
            r.pauses,
            r.dead_air,
            r.fillers,
            r.fillers_per_min,
            r.covered,
            r.key_points,
            r.coverage * 100.0,
            r.id
        );
    }
    o.push('\n');
    let trends = trends(&rows);
    if let Some(t) = trends.first() {
        let _ = writeln!(o, "## Trend (oldest → newest)\n");
        let _ = writeln!(o, "| Measure | Trend | First | Latest |\n|---|---|---|---|");
        let line =
            |o: &mut String, name: &str, spark: String, v: &[f64], f: &dyn Fn(f64) -> String| {
                if let (Some(a), Some(b)) = (v.first(), v.last()) {
                    let _ = writeln!(o, "| {name} | {spark} | {} | {} |", f(*a), f(*b));
                }
            };
        line(
            &mut o,
            "Coverage",
            sparkline(&t.coverage, 0.0, 1.0),
            &t.coverage,
            &|x| format!("{:.0}%", x * 100.0),
        );
        line(&mut o, "Pace", sparkline_auto(&t.wpm), &t.wpm, &|x| {
            format!("{x:.0} wpm")
        });
        line(
            &mut o,
            "Length",
            sparkline_auto(&t.length_s),
            &t.length_s,
            &clock,
        );
        line(
            &mut o,
            "Fillers",
            sparkline_auto(&t.fillers_per_min),
            &t.fillers_per_min,
            &|x| format!("{x:.1}/min"),
        );
        o.push('\n');
    }
    if let Some(newest) = attempts.first() {
        let _ = writeln!(o, "## Latest attempt\n");
        o.push_str(&attempt_body(newest, "###"));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape("a|b *c* [d]"), "a\\|b \\*c\\* \\[d\\]");
        assert_eq!(escape("line\nbreak"), "line break");
    }
}
