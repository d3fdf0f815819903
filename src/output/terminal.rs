//! The coloured terminal report (plain when piped or with `NO_COLOR`),
//! wrapped to the terminal's width: figures, delivery, key points,
//! transcript and the closing tips. Question and transcript text goes
//! through [`super::sanitize`] first.

use super::coach::{delivery_lines, field, field_tokens, tips_section};
use super::format::{clock, pace_words};
use super::sanitize;
use super::style::Style;
use super::wrap::indented as wrap;
use crate::analysis::{LengthVerdict, PaceVerdict, Question, Report};
use std::fmt::Write;

/// Render a report for the terminal at the default width.
pub fn render(r: &Report, q: &Question, st: Style) -> String {
    render_at(r, q, st, super::width::DEFAULT)
}

/// Render a report for the terminal, wrapped to `width` columns.
pub fn render_at(r: &Report, q: &Question, st: Style, width: usize) -> String {
    let width = super::width::clamp(width);
    let (r, q) = (&sanitize::report(r), &sanitize::question(q));
    let mut o = String::new();
    let _ = writeln!(o, "{}", st.bold(&format!("Question [{}]", q.id)));
    o.push_str(&wrap(&q.question, width - 2, "  "));
    o.push('\n');
    if r.no_speech {
        let _ = writeln!(
            o,
            "{}",
            st.bad(
                wrap(
                    "no speech detected: nothing was scored. Check the microphone level and try again.",
                    width,
                    ""
                )
                .trim_end()
            )
        );
        return o;
    }
    // Length.
    let len = match r.length_verdict {
        LengthVerdict::Short => st.warn("short"),
        LengthVerdict::OnTarget => st.good("on target"),
        LengthVerdict::Long => st.warn("long"),
        LengthVerdict::None => "-".into(),
    };
    let line = format!(
        "{} spoken of {} target ({len}); recording {}",
        clock(r.speech_s),
        clock(r.target_s as f64),
        clock(r.audio_s)
    );
    o.push_str(&field("Length", &line, width, st));
    // Pace.
    let verdict = match r.pace_verdict {
        PaceVerdict::Comfortable => st.good(pace_words(r.pace_verdict)),
        PaceVerdict::Slow | PaceVerdict::Fast => st.warn(pace_words(r.pace_verdict)),
        _ => st.bad(pace_words(r.pace_verdict)),
    };
    let line = format!(
        "{:.0} wpm overall ({verdict}; comfortable is 120-160), {:.0} wpm while speaking, {} words",
        r.wpm, r.articulation_wpm, r.words
    );
    o.push_str(&field("Pace", &line, width, st));
    if r.pace_windows.len() > 1 {
        let n = r.pace_windows.len();
        let mut toks = vec![st.dim("over time")];
        toks.extend(r.pace_windows.iter().enumerate().map(|(i, w)| {
            let sep = if i + 1 < n { "," } else { "" };
            st.dim(&format!("{} {:.0}{sep}", clock(w.start_s), w.wpm))
        }));
        o.push_str(&field_tokens("", &toks, width, st));
    }
    // Pauses.
    if r.pauses.is_empty() {
        o.push_str(&field("Pauses", "none of 1 s or more", width, st));
    } else {
        let list = r
            .pauses
            .iter()
            .map(|p| {
                let s = format!("{} ({:.1} s)", clock(p.start_s), p.duration_s);
                if p.dead_air {
                    st.bad(&format!("{s} dead air"))
                } else {
                    s
                }
            })
            .collect::<Vec<_>>();
        let n = list.len();
        let mut toks = vec![format!("{n} —")];
        toks.extend(list.iter().enumerate().map(|(i, s)| match i + 1 < n {
            true => format!("{s},"),
            false => s.clone(),
        }));
        o.push_str(&field_tokens("Pauses", &toks, width, st));
    }
    // Fillers.
    if r.filler_count == 0 {
        o.push_str(&field("Fillers", &st.good("none heard"), width, st));
    } else {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for f in &r.fillers {
            match counts.iter_mut().find(|(w, _)| *w == f.word) {
                Some((_, n)) => *n += 1,
                None => counts.push((f.word.clone(), 1)),
            }
        }
        let list = counts
            .iter()
            .map(|(w, n)| format!("\"{w}\" ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rate = format!("{:.1}/min", r.fillers_per_min);
        let rate = if r.fillers_per_min > 4.8 {
            st.bad(&rate)
        } else if r.fillers_per_min > 1.2 {
            st.warn(&rate)
        } else {
            st.good(&rate)
        };
        let line = format!("{} ({rate}) — {list}", r.filler_count);
        o.push_str(&field("Fillers", &line, width, st));
    }
    o.push_str(&super::voice::terminal(r, width, st));
    // STAR.
    let mark = |b: bool, n: &str| {
        if b {
            st.good(&format!("✓{n}"))
        } else {
            st.dim(&format!("·{n}"))
        }
    };
    let line = format!(
        "{} {} {} {}",
        mark(r.star.situation, "Situation"),
        mark(r.star.task, "Task"),
        mark(r.star.action, "Action"),
        mark(r.star.result, "Result")
    );
    o.push_str(&field("STAR", &line, width, st));
    o.push_str(&delivery_lines(r, width, st));
    // Key points.
    let covered = r.key_points.iter().filter(|k| k.covered).count();
    let _ = writeln!(
        o,
        "\n{} {covered} of {} covered ({:.0}%)",
        st.bold("Key points"),
        r.key_points.len(),
        r.coverage * 100.0
    );
    let point = |o: &mut String, mark: String, text: &str| {
        let body = wrap(text, width - 4, "    ");
        let _ = write!(o, "  {mark} {}", body.trim_start());
    };
    for k in &r.key_points {
        if k.covered {
            point(&mut o, st.good("✓"), &k.text);
            if let Some(e) = &k.evidence {
                let at = k.evidence_start_s.map(clock).unwrap_or_default();
                o.push_str(&st.dim(&wrap(&format!("{at} “{e}”"), width - 6, "      ")));
            }
        } else if k.negated {
            point(&mut o, st.bad("✗"), &k.text);
            // The reason stays whole on a line of its own.
            let _ = writeln!(o, "    {}", st.warn(&format!("({})", k.denial_text())));
            if let Some(e) = &k.evidence {
                o.push_str(&st.dim(&wrap(&format!("“{e}”"), width - 6, "      ")));
            }
        } else {
            point(&mut o, st.bad("✗"), &k.text);
        }
    }
    let _ = writeln!(o, "\n{}", st.bold("Transcript"));
    o.push_str(&wrap(&r.transcript.text, width - 2, "  "));
    o.push_str(&tips_section(&r.tips, width, st));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_padded_outside_the_colour_codes() {
        let q = Question {
            id: "q".into(),
            category: "c".into(),
            question: "Why?".into(),
            target_seconds: 60,
            reference: "r".into(),
            key_points: vec![],
            key_points_derived: false,
            audio: None,
        };
        let t = crate::analysis::Transcript {
            aligned: false,
            cleaned: false,
            segments: vec![crate::analysis::Segment {
                start_s: 0.0,
                end_s: 2.0,
                text: "Hello there.".into(),
            }],
            words: vec![crate::analysis::Word {
                text: "Hello".into(),
                start_s: 0.0,
                end_s: 1.0,
                prob: 1.0,
            }],
        };
        let a = crate::analysis::SpeechActivity {
            audio_s: 2.0,
            regions: vec![(0.0, 1.0)],
        };
        let r = crate::analysis::analyse(&t, &a, &q, &crate::analysis::Settings::default());
        let plain = render(&r, &q, Style { color: false });
        assert!(plain.contains("Length      0:01"), "{plain}");
        let coloured = render(&r, &q, Style { color: true });
        assert!(
            coloured.contains("\x1b[1mLength      \x1b[0m0:01"),
            "{coloured}"
        );
    }

    #[test]
    fn a_denied_point_says_why_and_quotes_the_sentence() {
        let q = Question {
            id: "q".into(),
            category: "c".into(),
            question: "Tell me about a time.".into(),
            target_seconds: 60,
            reference: "r".into(),
            key_points: vec!["ran a pilot on one ward for three weeks".into()],
            key_points_derived: false,
            audio: None,
        };
        let said = "We planned to run a pilot on one ward for three weeks, but it was cancelled.";
        let r = crate::analysis::typed::analyse_text(said, &q);
        let k = &r.key_points[0];
        assert!(k.negated && !k.covered, "{k:?}");
        let text = render(&r, &q, Style { color: false });
        assert!(text.contains(&format!("({})", k.denial_text())), "{text}");
        assert_ne!(k.denial_text(), "mentioned but denied", "{k:?}");
        assert!(text.contains("but it was cancelled"), "{text}");
    }
}
