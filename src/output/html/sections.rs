//! The report's HTML sections: headline cards, key-point table, timed
//! transcript and the table of attempts.

use super::markup::{esc, f};
use crate::analysis::trends::HistoryRow;
use crate::analysis::{Report, Settings};
use crate::output::format::{
    clock, length_words, pace_words, pause_label, short_date, star_letters,
};
use crate::output::layout::{transcript_lines, Item};
use std::fmt::Write;

pub(super) fn cards(r: &Report) -> String {
    let band = Settings::default().comfort_wpm;
    let cls_len = match r.length_verdict {
        crate::analysis::LengthVerdict::OnTarget => "good",
        _ => "warn",
    };
    let cls_pace = if r.wpm >= band.0 && r.wpm <= band.1 {
        "good"
    } else {
        "warn"
    };
    let cls_cov = if r.coverage >= 0.8 {
        "good"
    } else if r.coverage >= 0.5 {
        "warn"
    } else {
        "bad"
    };
    let cls_fill = if r.fillers_per_min <= 1.2 {
        "good"
    } else if r.fillers_per_min <= 4.8 {
        "warn"
    } else {
        "bad"
    };
    let card = |k: &str, v: String, cls: &str, n: String| {
        format!(
            "<div class=\"card\"><div class=\"k\">{k}</div><div class=\"v {cls}\">{v}</div><div class=\"n\">{n}</div></div>\n"
        )
    };
    let mut o = String::from("<div class=\"cards\">\n");
    o.push_str(&card(
        "Length",
        clock(r.speech_s),
        cls_len,
        format!(
            "target {} · {}",
            clock(r.target_s as f64),
            length_words(r.length_verdict)
        ),
    ));
    o.push_str(&card(
        "Pace",
        format!("{:.0} wpm", r.wpm),
        cls_pace,
        format!(
            "{} · articulation {:.0} wpm",
            pace_words(r.pace_verdict),
            r.articulation_wpm
        ),
    ));
    o.push_str(&card(
        "Pauses",
        r.pauses.len().to_string(),
        if r.dead_air_count > 0 { "warn" } else { "good" },
        format!("{} dead air", r.dead_air_count),
    ));
    o.push_str(&card(
        "Fillers",
        r.filler_count.to_string(),
        cls_fill,
        format!("{:.1} per minute", r.fillers_per_min),
    ));
    o.push_str(&card(
        "Coverage",
        format!("{:.0}%", r.coverage * 100.0),
        cls_cov,
        format!("{} of {} key points", r.covered_count(), r.key_points.len()),
    ));
    o.push_str(&card(
        "STAR",
        star_letters(r),
        "",
        "situation · task · action · result".into(),
    ));
    o.push_str("</div>\n");
    o
}

pub(super) fn coverage_table(r: &Report) -> String {
    if r.key_points.is_empty() {
        return "<p class=\"meta\">This question has no key points.</p>\n".into();
    }
    let mut o = String::from(
        "<table id=\"coverage\">\n<thead><tr><th></th><th>Key point</th><th>Evidence from your answer</th><th>Match</th></tr></thead>\n<tbody>\n",
    );
    for k in &r.key_points {
        let (cls, state) = if k.covered {
            ("good", "✓ covered")
        } else if k.negated {
            ("bad", "✗ denied")
        } else {
            ("bad", "✗ missed")
        };
        let when = match k.evidence_start_s {
            Some(t) => format!(
                "<span class=\"when\" data-t=\"{}\">{}</span> ",
                f(t),
                clock(t)
            ),
            None => String::new(),
        };
        let ev = match (&k.evidence, k.covered) {
            (Some(e), true) => format!("{when}“{}”", esc(e)),
            (Some(e), false) if k.negated => format!(
                "<span class=\"meta\">{}:</span> {when}“{}”",
                k.denial_text(),
                esc(e)
            ),
            (Some(e), false) => format!("<span class=\"meta\">closest:</span> {when}“{}”", esc(e)),
            (None, _) => "<span class=\"meta\">—</span>".into(),
        };
        let _ = writeln!(
            o,
            "<tr><td class=\"state {cls}\">{state}</td><td>{}</td><td class=\"evidence\">{ev}</td><td>{:.0}%</td></tr>",
            esc(&k.text),
            k.score * 100.0
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

pub(super) fn transcript_html(r: &Report) -> String {
    let mut o = String::new();
    let lines = transcript_lines(r);
    if lines.is_empty() {
        o.push_str("<p class=\"meta\">No words were recognised.</p>\n");
    }
    for line in lines {
        let _ = write!(
            o,
            "<p class=\"line\"><button class=\"ts\" data-t=\"{}\">{}</button>",
            f(line.start_s),
            clock(line.start_s)
        );
        for it in &line.items {
            match it {
                Item::Word {
                    text,
                    start_s,
                    filler,
                } => {
                    let cls = if *filler { "w filler" } else { "w" };
                    let _ = write!(
                        o,
                        " <span class=\"{cls}\" data-t=\"{}\">{}</span>",
                        f(*start_s),
                        esc(text)
                    );
                }
                Item::Pause {
                    start_s,
                    duration_s,
                    dead_air,
                } => {
                    let cls = if *dead_air { "pause dead" } else { "pause" };
                    let _ = write!(
                        o,
                        " <span class=\"{cls}\" data-t=\"{}\">{}</span>",
                        f(*start_s),
                        esc(&pause_label(*duration_s))
                    );
                }
            }
        }
        o.push_str("</p>\n");
    }
    o
}

pub(super) fn attempts_table(rows: &[HistoryRow]) -> String {
    let mut o = String::from(
        "<table id=\"attempts\">\n<thead><tr><th>Date (UTC)</th><th>Length / target</th><th>Pace</th><th>Pauses</th><th>Fillers</th><th>Coverage</th><th>Attempt</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let date = esc(short_date(&r.created).trim_end_matches(" UTC"));
        if r.no_speech {
            let _ = writeln!(
                o,
                "<tr><td>{date}</td><td colspan=\"5\" class=\"meta\">no speech detected</td><td><code>{}</code></td></tr>",
                esc(&r.id)
            );
            continue;
        }
        let _ = writeln!(
            o,
            "<tr><td>{date}</td><td>{} / {}</td><td>{:.0} wpm</td><td>{} ({} dead air)</td><td>{} ({:.1}/min)</td><td>{}/{} ({:.0}%)</td><td><code>{}</code></td></tr>",
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
            esc(&r.id)
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o
}
