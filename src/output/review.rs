//! `rehearse review` in the terminal: one saved attempt with its timed
//! transcript (pauses in place, fillers marked), key points with the sentence
//! that covered them, the reference answer and pace over time. Text from the
//! attempt record goes through [`super::sanitize`] first.

use super::coach::{delivery_lines, tips_section};
use super::format::{clock, length_words, pace_words, pause_label, short_date, star_letters};
use super::layout::{transcript_lines, Item};
use super::sanitize;
use super::style::Style;
use super::view::AttemptView;
use super::wrap::{self, indented as wrap, tokens as wrap_tokens};
use crate::analysis::{KeyPointResult, LengthVerdict, PaceVerdict, Report, Settings};
use std::fmt::Write;

/// Width used by [`render`].
const WIDTH: usize = 72;

/// Render the review of one attempt for the terminal, 72 columns wide.
pub fn render(v: &AttemptView, style: impl Into<Style>) -> String {
    render_at(v, style, WIDTH)
}

/// Render the review of one attempt for the terminal, wrapped to `width`.
pub fn render_at(v: &AttemptView, style: impl Into<Style>, width: usize) -> String {
    let p: Style = style.into();
    let width = super::width::clamp(width);
    // Everything from the attempt record, made safe for a terminal.
    let report = sanitize::report(v.report);
    let (id, created, source) = (
        sanitize::line(v.id),
        sanitize::line(v.created),
        sanitize::line(v.source),
    );
    let (question_id, question, reference) = (
        sanitize::line(v.question_id),
        sanitize::line(v.question),
        sanitize::text(v.reference),
    );
    let v = &AttemptView {
        id: &id,
        created: &created,
        source: &source,
        question_id: &question_id,
        question: &question,
        reference: &reference,
        report: &report,
    };
    let r = v.report;
    let mut o = String::new();
    let head = [
        format!("{} {}", p.bold("Attempt"), p.cyan(v.id)),
        p.dim(&format!("({}, {})", short_date(v.created), v.source)),
    ];
    o.push_str(&wrap::cells(&head, width, "", 2));
    let _ = write!(o, "{}", wrap(v.question, width - 2, "  "));
    let _ = writeln!(o, "  {}", p.dim(&format!("[{}]", v.question_id)));
    o.push('\n');
    o.push_str(&summary_lines(r, p, width));
    if r.no_speech {
        let _ = writeln!(
            o,
            "\n{}",
            p.warn("No speech detected in this recording: nothing to review.")
        );
        return o;
    }

    let head = [
        p.bold("Transcript"),
        p.dim("({um} = filler, [pause] = silence of 1 s or more)"),
    ];
    o.push('\n');
    o.push_str(&wrap::cells(&head, width, "", 2));
    for line in transcript_lines(r) {
        let toks: Vec<String> = line
            .items
            .iter()
            .map(|it| match it {
                Item::Word { text, filler, .. } => {
                    if *filler {
                        p.warn(&format!("{{{text}}}"))
                    } else {
                        text.clone()
                    }
                }
                Item::Pause {
                    duration_s,
                    dead_air,
                    ..
                } => {
                    let t = pause_label(*duration_s);
                    if *dead_air {
                        p.bad(&t)
                    } else {
                        p.dim(&t)
                    }
                }
            })
            .collect();
        let stamp = format!("{:>6}  ", clock(line.start_s));
        o.push_str(&wrap_tokens(
            &toks,
            width - 8,
            &p.dim(&stamp),
            &" ".repeat(stamp.len()),
        ));
    }

    let _ = writeln!(
        o,
        "\n{}  {}",
        p.bold("Key points"),
        p.dim(&format!(
            "({}/{} covered)",
            r.covered_count(),
            r.key_points.len()
        ))
    );
    if r.key_points.is_empty() {
        let _ = writeln!(o, "  {}", p.dim("this question has no key points"));
    }
    for k in &r.key_points {
        o.push_str(&key_point_lines(k, p, width));
    }

    if !v.reference.trim().is_empty() {
        let _ = writeln!(o, "\n{}", p.bold("Reference answer"));
        o.push_str(&wrap(v.reference, width - 2, "  "));
    }

    if !r.pace_windows.is_empty() {
        let band = Settings::default().comfort_wpm;
        let _ = writeln!(
            o,
            "\n{}  {}",
            p.bold("Pace over time"),
            p.dim(&format!(
                "(words per minute; comfortable {:.0}-{:.0})",
                band.0, band.1
            ))
        );
        o.push_str(&pace_bars(r, p, width));
    }
    if r.delivery.is_some() {
        let _ = writeln!(o, "\n{}", p.bold("Delivery"));
        o.push_str(&delivery_lines(r, width, p));
    }
    o.push_str(&tips_section(&r.tips, width, p));
    o
}

/// The headline figures of one report, as many to a line as fit.
fn summary_lines(r: &Report, p: Style, width: usize) -> String {
    let target = if r.target_s > 0 {
        format!(" of {} target", clock(r.target_s as f64))
    } else {
        String::new()
    };
    let len_note = length_words(r.length_verdict);
    let len = match r.length_verdict {
        LengthVerdict::OnTarget => p.good(len_note),
        LengthVerdict::None => p.dim(len_note),
        _ => p.warn(len_note),
    };
    let pace_note = pace_words(r.pace_verdict);
    let pace = match r.pace_verdict {
        PaceVerdict::Comfortable => p.good(pace_note),
        PaceVerdict::Slow | PaceVerdict::Fast => p.warn(pace_note),
        PaceVerdict::None => p.dim(pace_note),
        _ => p.bad(pace_note),
    };
    let cells = [
        format!("Length   {}{target} ({len})", clock(r.speech_s)),
        format!(
            "Pace  {:.0} wpm ({pace}; articulation {:.0} wpm)",
            r.wpm, r.articulation_wpm
        ),
        format!(
            "Pauses   {} ({} dead air)",
            r.pauses.len(),
            r.dead_air_count
        ),
        format!("Fillers  {} ({:.1}/min)", r.filler_count, r.fillers_per_min),
        format!(
            "Coverage  {}/{} ({:.0}%)",
            r.covered_count(),
            r.key_points.len(),
            r.coverage * 100.0
        ),
        format!("STAR  {}", star_letters(r)),
    ];
    wrap::cells(&cells, width - 2, "  ", 6)
}

fn key_point_lines(k: &KeyPointResult, p: Style, width: usize) -> String {
    let mut o = String::new();
    let (mark, state) = if k.covered {
        (p.good("✓"), p.good("covered"))
    } else if k.negated {
        (p.bad("✗"), p.bad("denied"))
    } else {
        (p.bad("✗"), p.bad("missed"))
    };
    let head = wrap(&k.text, width - 4, "    ");
    let head = head.trim_start();
    let _ = write!(o, "  {mark} {head}");
    let when = k
        .evidence_start_s
        .map(|t| format!("{} ", clock(t)))
        .unwrap_or_default();
    match (&k.evidence, k.covered) {
        (Some(e), true) => {
            let _ = write!(
                o,
                "{}",
                p.dim(&wrap(
                    &format!("{state} at {when}\"{e}\""),
                    width - 4,
                    "    "
                ))
            );
        }
        (Some(e), false) => {
            let _ = write!(
                o,
                "{}",
                p.dim(&wrap(
                    &match k.negated {
                        true => format!("{state}: {}: {when}\"{e}\"", k.denial_text()),
                        false => format!("{state}; closest: {when}\"{e}\""),
                    },
                    width - 4,
                    "    "
                ))
            );
        }
        (None, _) => {
            let _ = writeln!(o, "    {state}");
        }
    }
    o
}

/// One bar per pace window, 0-220 wpm over up to 30 columns (fewer when
/// the terminal is narrow: the rest of the line takes 28).
fn pace_bars(r: &Report, p: Style, width: usize) -> String {
    let s = Settings::default();
    let mut o = String::new();
    let max = 220.0;
    let cols = width.saturating_sub(28).clamp(10, 30) as f64;
    for w in &r.pace_windows {
        let n = ((w.wpm / max).clamp(0.0, 1.0) * cols).round() as usize;
        let bar = "█".repeat(n);
        let note = if w.words == 0 {
            "silent"
        } else if w.wpm < s.comfort_wpm.0 {
            "slow"
        } else if w.wpm > s.comfort_wpm.1 {
            "fast"
        } else {
            ""
        };
        let bar = match note {
            "" => p.good(&bar),
            "silent" => bar,
            _ => p.warn(&bar),
        };
        let pad = " ".repeat(cols as usize - n);
        let line = format!(
            "  {:>5}-{:<5} {bar}{pad} {:>3.0} {note}",
            clock(w.start_s),
            clock(w.end_s),
            w.wpm
        );
        let _ = writeln!(o, "{}", line.trim_end());
    }
    o
}
