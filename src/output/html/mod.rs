//! Self-contained HTML reports: no network, no external files. Charts are
//! inline SVG (`charts`); the page's CSS and JavaScript live in
//! `src/output/assets/` and are built in with `include_str!`; the script links
//! the transcript and the pace chart to the embedded recording (a base64
//! `data:` URI).
//!
//! [`attempt`] renders one attempt; [`progress`] a question's attempts over
//! time followed by the newest attempt; [`session`] a mock interview. All
//! return the page as a string; the caller writes the file.

mod charts;
mod coach;
mod markup;
mod sections;
mod session;
mod voice;

pub use charts::pace_chart;
pub use markup::esc;
pub use session::{session, SessionItem};

use super::format::short_date;
use super::view::AttemptView;
use crate::analysis::trends::{trends, HistoryRow};
use base64::Engine as _;
use std::fmt::Write;

/// The page's style sheet.
const STYLE: &str = include_str!("../assets/report.css");
/// The page's script: click to seek, follow playback.
const SCRIPT: &str = include_str!("../assets/report.js");

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:; img-src data:\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Made by rehearse {} — everything in this file stays on your machine.</footer>\n\
         </main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        esc(title),
        env!("CARGO_PKG_VERSION"),
    )
}

/// HTML page for one attempt; `wav` is the recording to embed (if any).
pub fn attempt(v: &AttemptView, wav: Option<&[u8]>) -> String {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h1>Rehearsal report</h1>\n<p class=\"question\">{}</p>",
        esc(v.question)
    );
    b.push_str(&attempt_body(v, wav));
    page(&format!("rehearse — {}", v.question_id), &b)
}

/// HTML page for a question's progress: charts and a table across
/// `attempts` (newest first), then the newest attempt in full.
pub fn progress(
    question_id: &str,
    question: &str,
    attempts: &[AttemptView],
    newest_wav: Option<&[u8]>,
) -> String {
    let rows: Vec<HistoryRow> = attempts.iter().map(AttemptView::row).collect();
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h1>Progress: {}</h1>\n<p class=\"question\">{}</p>\n<p class=\"meta\">{} attempt{}</p>",
        esc(question_id),
        esc(question),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    let trends = trends(&rows);
    if let Some(t) = trends.first() {
        let dates: Vec<String> = rows
            .iter()
            .rev()
            .filter(|r| !r.no_speech)
            .map(|r| r.created.get(5..10).unwrap_or("").to_string())
            .collect();
        let target = rows.first().map(|r| r.target_s as f64).unwrap_or(0.0);
        b.push_str(
            "<h2>Progress across attempts</h2>\n<div class=\"grid2\" id=\"progress-charts\">\n",
        );
        b.push_str(&charts::progress_charts(t, &dates, target));
        b.push_str("</div>\n");
    }
    b.push_str("<h2>Attempts</h2>\n");
    b.push_str(&sections::attempts_table(&rows));
    if let Some(newest) = attempts.first() {
        b.push_str("<h2>Latest attempt</h2>\n");
        b.push_str(&attempt_body(newest, newest_wav));
    }
    page(&format!("rehearse — progress — {question_id}"), &b)
}

fn attempt_body(v: &AttemptView, wav: Option<&[u8]>) -> String {
    let r = v.report;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p class=\"meta\">Attempt <code>{}</code> · {} · {} · question <code>{}</code></p>",
        esc(v.id),
        esc(&short_date(v.created)),
        esc(v.source),
        esc(v.question_id)
    );
    if let Some(wav) = wav {
        let _ = writeln!(
            b,
            "<audio id=\"answer-audio\" controls preload=\"metadata\" src=\"data:audio/wav;base64,{}\"></audio>",
            base64(wav)
        );
    }
    if r.no_speech {
        b.push_str("<p class=\"panel bad\"><strong>No speech detected in this recording:</strong> nothing was scored.</p>\n");
        return b;
    }
    b.push_str(&sections::cards(r));

    b.push_str("<h2>Pace over time</h2>\n<div class=\"panel\">\n");
    b.push_str(&charts::pace_chart(r));
    b.push_str(
        "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#d8f3e3\"></i>comfortable 120–160 wpm</span>\
         <span><i class=\"sw\" style=\"background:#2b6cb0\"></i>pace per window</span>\
         <span><i class=\"sw\" style=\"background:#cbd2dc\"></i>pause</span>\
         <span><i class=\"sw\" style=\"background:#f3b7b0\"></i>dead air</span>\
         <span><i class=\"sw\" style=\"background:#dd8a1a\"></i>filler</span>\
         <span>Click the chart or a word to play from there.</span></div>\n</div>\n",
    );

    b.push_str(&voice::panel(r));

    let _ = writeln!(
        b,
        "<h2>Key points <span class=\"meta\">({} of {} covered)</span></h2>",
        r.covered_count(),
        r.key_points.len()
    );
    b.push_str(&sections::coverage_table(r));
    b.push_str(&coach::delivery_html(r));

    b.push_str("<h2>Transcript and reference answer</h2>\n<div class=\"cols\">\n");
    b.push_str("<div class=\"panel transcript\" id=\"transcript\">\n<h3>Your answer</h3>\n");
    b.push_str(&sections::transcript_html(r));
    b.push_str("</div>\n<div class=\"panel\">\n<h3>Reference answer</h3>\n");
    let _ = writeln!(
        b,
        "<div class=\"reference\">{}</div>\n</div>\n</div>",
        esc(v.reference.trim())
    );
    b.push_str(&coach::tips_html(r));
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn assets_are_built_in() {
        assert!(STYLE.starts_with(":root") && STYLE.ends_with("}\n"));
        assert!(SCRIPT.contains("data-ready") && SCRIPT.ends_with("})();\n"));
    }
}
