//! The HTML page of a mock interview (`rehearse interview`): the summary
//! table, then each answer in full as in the one-attempt report (same
//! style sheet, same sections).

use super::markup::esc;
use super::{attempt_body, page};
use crate::output::format::{clock, short_date};
use crate::output::view::AttemptView;
use std::fmt::Write;

/// One question of the interview: its saved attempt, or the question asked
/// when nothing was heard.
#[derive(Debug, Clone, Copy)]
pub enum SessionItem<'a> {
    /// A saved attempt.
    Answered(AttemptView<'a>),
    /// No speech detected: nothing saved (question id, question).
    Silent(&'a str, &'a str),
}

/// HTML page for the interview `session_id`.
pub fn session(session_id: &str, items: &[SessionItem]) -> String {
    let mut b = String::new();
    let when = items
        .iter()
        .find_map(|i| match i {
            SessionItem::Answered(v) => Some(short_date(v.created)),
            SessionItem::Silent(..) => None,
        })
        .unwrap_or_default();
    let _ = writeln!(
        b,
        "<h1>Mock interview</h1>\n<p class=\"meta\">Session <code>{}</code> · {} · {} question{}</p>",
        esc(session_id),
        esc(&when),
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    b.push_str(
        "<h2>Summary</h2>\n<div class=\"panel\">\n<table id=\"session-summary\">\n<thead><tr>\
         <th>#</th><th>Question</th><th>Length</th><th>Pace (wpm)</th><th>Fillers</th><th>Key points</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (i, item) in items.iter().enumerate() {
        match item {
            SessionItem::Answered(v) if !v.report.no_speech => {
                let r = v.report;
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td><a href=\"#q{}\">{}</a></td><td>{}</td><td>{:.0}</td><td>{}</td><td>{}/{}</td></tr>",
                    i + 1,
                    i + 1,
                    esc(v.question),
                    clock(r.speech_s),
                    r.wpm,
                    r.filler_count,
                    r.covered_count(),
                    r.key_points.len()
                );
            }
            SessionItem::Answered(AttemptView { question, .. })
            | SessionItem::Silent(_, question) => {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td colspan=\"4\">no speech detected</td></tr>",
                    i + 1,
                    esc(question)
                );
            }
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n");
    for (i, item) in items.iter().enumerate() {
        if let SessionItem::Answered(v) = item {
            let _ = writeln!(
                b,
                "<section id=\"q{}\">\n<h2>Question {}: {}</h2>",
                i + 1,
                i + 1,
                esc(v.question)
            );
            b.push_str(&attempt_body(v, None));
            b.push_str("</section>\n");
        }
    }
    page(&format!("rehearse — interview {session_id}"), &b)
}
