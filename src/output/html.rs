//! Self-contained HTML reports: no network, no external files. Charts are
//! inline SVG drawn here; a little inline JavaScript links the transcript and
//! the pace chart to the embedded recording (a base64 `data:` URI).
//!
//! [`attempt`] renders one attempt; [`progress`] a question's attempts over
//! time followed by the newest attempt. Both return the page as a string; the
//! caller writes the file.

use super::format::{clock, length_words, pace_words, pause_label, short_date, star_letters};
use super::layout::{transcript_lines, Item};
use super::view::AttemptView;
use crate::analysis::trends::Trend;
use crate::analysis::trends::{trends, HistoryRow};
use crate::analysis::{Report, Settings};
use std::fmt::Write;

/// Escape text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        o.push(T[(n >> 18) as usize & 63] as char);
        o.push(T[(n >> 12) as usize & 63] as char);
        o.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        o.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    o
}

/// `1.5` style numbers for SVG coordinates.
fn f(x: f64) -> String {
    let v = (x * 10.0).round() / 10.0;
    if v == v.trunc() {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

const STYLE: &str = r#"
:root { color-scheme: light; --ink:#1d2430; --muted:#5b6678; --line:#d9dee7; --bg:#f6f7f9;
  --good:#1f8a4c; --warn:#b7791f; --bad:#c0392b; --accent:#2b6cb0; --band:#d8f3e3; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 8px; color: var(--muted); }
.question { font-size: 17px; margin: 6px 0; }
.meta { color: var(--muted); font-size: 13px; }
code { font-size: 12px; background: #eef1f5; padding: 1px 4px; border-radius: 3px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 22px; font-weight: 600; }
.card .n { font-size: 13px; }
.good { color: var(--good); } .warn { color: var(--warn); } .bad { color: var(--bad); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
audio { width: 100%; margin: 6px 0 0; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--muted); }
svg .title { font-size: 13px; fill: var(--ink); font-weight: 600; }
.cols { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; align-items: start; }
@media (max-width: 860px) { .cols { grid-template-columns: 1fr; } }
.transcript p { margin: 0 0 8px; }
.ts { font: 12px ui-monospace, monospace; color: var(--accent); background: none; border: 0; padding: 0 6px 0 0; cursor: pointer; }
.w { cursor: pointer; border-radius: 3px; }
.w:hover { background: #e6eefb; }
.w.now { background: #fde68a; }
.filler { background: #fff1d6; color: #8a4b00; font-style: italic; padding: 0 2px; }
.pause { display: inline-block; font-size: 12px; color: var(--muted); background: #eef1f5; border-radius: 10px; padding: 0 7px; cursor: pointer; }
.pause.dead { color: #fff; background: var(--bad); }
.reference { color: #2d3748; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.state { white-space: nowrap; font-weight: 600; }
.evidence { color: #2d3748; }
.evidence .when { font: 12px ui-monospace, monospace; color: var(--accent); cursor: pointer; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 860px) { .grid2 { grid-template-columns: 1fr; } }
.legend { font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend span { margin-right: 14px; }
.sw { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print { .ts, .w { cursor: auto; } audio { display: none; } }
"#;

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var audio = document.getElementById("answer-audio");
  var words = Array.prototype.slice.call(document.querySelectorAll(".transcript .w[data-t]"));
  var chart = document.getElementById("pace-chart");
  var playhead = document.getElementById("playhead");
  function seek(t) {
    if (!audio || !isFinite(t)) { return; }
    audio.currentTime = Math.max(0, t);
    var p = audio.play();
    if (p && p.catch) { p.catch(function () {}); }
  }
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-t]") : null;
    if (el) { seek(parseFloat(el.getAttribute("data-t"))); }
  });
  if (chart && audio) {
    chart.addEventListener("click", function (e) {
      var box = chart.getBoundingClientRect();
      var vb = chart.viewBox.baseVal;
      var x = (e.clientX - box.left) / box.width * vb.width;
      var x0 = parseFloat(chart.getAttribute("data-x0"));
      var x1 = parseFloat(chart.getAttribute("data-x1"));
      var dur = parseFloat(chart.getAttribute("data-duration"));
      if (x >= x0 && x <= x1) { seek((x - x0) / (x1 - x0) * dur); }
    });
  }
  var current = null;
  function follow() {
    var t = audio.currentTime;
    var hit = null;
    for (var i = 0; i < words.length; i++) {
      if (parseFloat(words[i].getAttribute("data-t")) <= t + 0.05) { hit = words[i]; } else { break; }
    }
    if (hit !== current) {
      if (current) { current.classList.remove("now"); }
      if (hit) { hit.classList.add("now"); }
      current = hit;
    }
    if (playhead && chart) {
      var x0 = parseFloat(chart.getAttribute("data-x0"));
      var x1 = parseFloat(chart.getAttribute("data-x1"));
      var dur = parseFloat(chart.getAttribute("data-duration"));
      var x = x0 + Math.min(1, t / dur) * (x1 - x0);
      playhead.setAttribute("x1", x);
      playhead.setAttribute("x2", x);
      playhead.style.display = "";
    }
  }
  if (audio) {
    audio.addEventListener("timeupdate", follow);
    audio.addEventListener("seeked", follow);
  }
  document.body.setAttribute("data-ready", "1");
})();
"#;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Made by rehearse {} — everything in this file stays on your machine.</footer>\n\
         </main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
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
        b.push_str(&progress_charts(t, &dates, target));
        b.push_str("</div>\n");
    }
    b.push_str("<h2>Attempts</h2>\n");
    b.push_str(&attempts_table(&rows));
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
    b.push_str(&cards(r));

    b.push_str("<h2>Pace over time</h2>\n<div class=\"panel\">\n");
    b.push_str(&pace_chart(r));
    b.push_str(
        "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#d8f3e3\"></i>comfortable 120–160 wpm</span>\
         <span><i class=\"sw\" style=\"background:#2b6cb0\"></i>pace per window</span>\
         <span><i class=\"sw\" style=\"background:#cbd2dc\"></i>pause</span>\
         <span><i class=\"sw\" style=\"background:#f3b7b0\"></i>dead air</span>\
         <span><i class=\"sw\" style=\"background:#dd8a1a\"></i>filler</span>\
         <span>Click the chart or a word to play from there.</span></div>\n</div>\n",
    );

    let _ = writeln!(
        b,
        "<h2>Key points <span class=\"meta\">({} of {} covered)</span></h2>",
        r.covered_count(),
        r.key_points.len()
    );
    b.push_str(&coverage_table(r));

    b.push_str("<h2>Transcript and reference answer</h2>\n<div class=\"cols\">\n");
    b.push_str("<div class=\"panel transcript\" id=\"transcript\">\n<h3>Your answer</h3>\n");
    b.push_str(&transcript_html(r));
    b.push_str("</div>\n<div class=\"panel\">\n<h3>Reference answer</h3>\n");
    let _ = writeln!(
        b,
        "<div class=\"reference\">{}</div>\n</div>\n</div>",
        esc(v.reference.trim())
    );
    b
}

fn cards(r: &Report) -> String {
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

/// Round `x` up to a multiple of `step`.
fn ceil_to(x: f64, step: f64) -> f64 {
    (x / step).ceil() * step
}

/// A tick step giving at most ~10 ticks over `span` seconds.
fn time_step(span: f64) -> f64 {
    for s in [5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0] {
        if span / s <= 10.0 {
            return s;
        }
    }
    1200.0
}

/// The pace-over-time chart: comfort band, pace per window, pauses shaded
/// and fillers marked on the time axis.
pub fn pace_chart(r: &Report) -> String {
    let band = Settings::default().comfort_wpm;
    let (w, h) = (960.0, 300.0);
    let (x0, x1, y0, y1) = (56.0, w - 20.0, 20.0, h - 58.0); // plot box; y1 is the time axis
    let dur = r
        .audio_s
        .max(r.pace_windows.last().map(|p| p.end_s).unwrap_or(0.0))
        .max(1.0);
    let top = ceil_to(
        r.pace_windows
            .iter()
            .map(|p| p.wpm)
            .fold(220.0f64, f64::max)
            * 1.05,
        40.0,
    );
    let x = |t: f64| x0 + (t / dur).clamp(0.0, 1.0) * (x1 - x0);
    let y = |v: f64| y1 - (v / top).clamp(0.0, 1.0) * (y1 - y0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg id=\"pace-chart\" class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Pace over time\" \
         data-x0=\"{x0}\" data-x1=\"{x1}\" data-duration=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        f(dur)
    );
    // Comfort band.
    let _ = writeln!(
        s,
        "<rect class=\"band\" x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#d8f3e3\"><title>comfortable {:.0}–{:.0} wpm</title></rect>",
        f(y(band.1)),
        f(x1 - x0),
        f(y(band.0) - y(band.1)),
        band.0,
        band.1
    );
    // Grid and y labels.
    let mut v = 0.0;
    while v <= top + 0.1 {
        let _ = writeln!(
            s,
            "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{yy}\" y2=\"{yy}\" stroke=\"#e3e7ee\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{v:.0}</text>",
            f(x0 - 6.0),
            f(y(v) + 4.0),
            yy = f(y(v))
        );
        v += 40.0;
    }
    // Pauses: shaded spans over the plot, and a bar on the time axis.
    for p in &r.pauses {
        let (fill, bar) = if p.dead_air {
            ("#f3b7b0", "#c0392b")
        } else {
            ("#cbd2dc", "#8391a7")
        };
        let _ = writeln!(
            s,
            "<g class=\"pause-mark\" data-t=\"{}\"><title>{} at {}</title>\
             <rect x=\"{}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" opacity=\"0.55\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" fill=\"{bar}\"/></g>",
            f(p.start_s),
            esc(&pause_label(p.duration_s)),
            clock(p.start_s),
            f(x(p.start_s)),
            f((x(p.start_s + p.duration_s) - x(p.start_s)).max(1.5)),
            f(y1 - y0),
            f(x(p.start_s)),
            f(y1 + 2.0),
            f((x(p.start_s + p.duration_s) - x(p.start_s)).max(1.5)),
        );
    }
    // Axes.
    let _ = writeln!(
        s,
        "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"#5b6678\"/>\
         <line x1=\"{x0}\" x2=\"{x0}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"#5b6678\"/>"
    );
    let step = time_step(dur);
    let mut t = 0.0;
    while t <= dur + 0.01 {
        let _ = writeln!(
            s,
            "<line x1=\"{xx}\" x2=\"{xx}\" y1=\"{y1}\" y2=\"{}\" stroke=\"#5b6678\"/><text x=\"{xx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f(y1 + 4.0),
            f(y1 + 30.0),
            clock(t),
            xx = f(x(t))
        );
        t += step;
    }
    // Fillers: triangles just below the time axis.
    for fl in &r.fillers {
        let cx = x(fl.start_s);
        let ty = y1 + 10.0;
        let _ = writeln!(
            s,
            "<path class=\"filler-mark\" data-t=\"{}\" d=\"M{} {} L{} {} L{} {} Z\" fill=\"#dd8a1a\"><title>“{}” at {}</title></path>",
            f(fl.start_s),
            f(cx - 5.0),
            f(ty + 9.0),
            f(cx + 5.0),
            f(ty + 9.0),
            f(cx),
            f(ty),
            esc(&fl.word),
            clock(fl.start_s)
        );
    }
    // Overall pace.
    if r.wpm > 0.0 {
        let _ = writeln!(
            s,
            "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{yy}\" y2=\"{yy}\" stroke=\"#2b6cb0\" stroke-dasharray=\"5 4\" opacity=\"0.6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" style=\"fill:#2b6cb0\">overall {:.0} wpm</text>",
            f(x1 - 4.0),
            f(y(r.wpm) - 5.0),
            r.wpm,
            yy = f(y(r.wpm))
        );
    }
    // Pace per window.
    let pts: Vec<(f64, f64, &crate::analysis::PaceWindow)> = r
        .pace_windows
        .iter()
        .map(|p| (x((p.start_s + p.end_s) / 2.0), y(p.wpm), p))
        .collect();
    if pts.len() > 1 {
        let d: Vec<String> = pts
            .iter()
            .map(|(a, b, _)| format!("{},{}", f(*a), f(*b)))
            .collect();
        let _ = writeln!(
            s,
            "<polyline class=\"pace-line\" points=\"{}\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
            d.join(" ")
        );
    }
    for (a, b, p) in &pts {
        let _ = writeln!(
            s,
            "<circle class=\"pace-point\" data-t=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"#2b6cb0\"><title>{}–{}: {:.0} wpm ({} words)</title></circle>",
            f(p.start_s),
            f(*a),
            f(*b),
            clock(p.start_s),
            clock(p.end_s),
            p.wpm,
            p.words
        );
    }
    let _ = writeln!(
        s,
        "<line id=\"playhead\" x1=\"{x0}\" x2=\"{x0}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"#c0392b\" stroke-width=\"1.5\" style=\"display:none\"/>"
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">time (m:ss)</text>\
         <text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">words per minute</text>",
        f((x0 + x1) / 2.0),
        f(h - 6.0),
        f((y0 + y1) / 2.0),
        f((y0 + y1) / 2.0)
    );
    s.push_str("</svg>\n");
    s
}

fn coverage_table(r: &Report) -> String {
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

fn transcript_html(r: &Report) -> String {
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

fn attempts_table(rows: &[HistoryRow]) -> String {
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

/// One small line chart of a measure across attempts.
struct Series<'a> {
    id: &'a str,
    title: &'a str,
    values: &'a [f64],
    /// Fixed y range, or None to fit the values.
    range: Option<(f64, f64)>,
    /// Shaded good band.
    band: Option<(f64, f64)>,
    /// Dashed reference line with a label.
    reference: Option<(f64, &'a str)>,
    fmt: &'a dyn Fn(f64) -> String,
    /// Values are seconds: ticks at 15 s, 30 s, 1 min...
    time_axis: bool,
}

/// A round tick step near `raw`: 1, 2, 2.5, 5 × 10^k, or clock-friendly
/// seconds for time axes.
fn nice_step(raw: f64, time_axis: bool) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    if time_axis {
        for s in [5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0] {
            if s >= raw {
                return s;
            }
        }
        return 1200.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|m| *m >= norm - 1e-9)
        .unwrap_or(10.0)
        * mag
}

fn progress_charts(t: &Trend, dates: &[String], target_s: f64) -> String {
    let band = Settings::default().comfort_wpm;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let wpm = |x: f64| format!("{x:.0}");
    let per_min = |x: f64| format!("{x:.1}");
    let target_label = format!("target {}", clock(target_s));
    let charts = [
        Series {
            id: "progress-length",
            title: "Length (m:ss)",
            values: &t.length_s,
            range: None,
            band: None,
            reference: (target_s > 0.0).then_some((target_s, target_label.as_str())),
            fmt: &clock,
            time_axis: true,
        },
        Series {
            id: "progress-pace",
            title: "Pace (words per minute)",
            values: &t.wpm,
            range: None,
            band: Some(band),
            reference: None,
            fmt: &wpm,
            time_axis: false,
        },
        Series {
            id: "progress-coverage",
            title: "Key-point coverage",
            values: &t.coverage,
            range: Some((0.0, 1.0)),
            band: None,
            reference: None,
            fmt: &pct,
            time_axis: false,
        },
        Series {
            id: "progress-fillers",
            title: "Fillers per minute",
            values: &t.fillers_per_min,
            range: None,
            band: Some((0.0, 1.2)),
            reference: None,
            fmt: &per_min,
            time_axis: false,
        },
    ];
    charts
        .iter()
        .map(|c| format!("<div class=\"panel\">{}</div>\n", small_chart(c, dates)))
        .collect()
}

fn small_chart(c: &Series, dates: &[String]) -> String {
    let (w, h) = (460.0, 210.0);
    let (x0, x1, y0, y1) = (52.0, w - 16.0, 30.0, h - 34.0);
    let n = c.values.len();
    let (lo, hi) = match c.range {
        Some(r) => r,
        None => {
            let mut lo = c.values.iter().copied().fold(f64::INFINITY, f64::min);
            let mut hi = c.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            for extra in [
                c.band.map(|b| b.0),
                c.band.map(|b| b.1),
                c.reference.map(|r| r.0),
            ]
            .into_iter()
            .flatten()
            {
                lo = lo.min(extra);
                hi = hi.max(extra);
            }
            if !lo.is_finite() || !hi.is_finite() {
                (0.0, 1.0)
            } else {
                let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.05).max(0.5);
                ((lo - pad).max(0.0), hi + pad)
            }
        }
    };
    let step = nice_step((hi - lo) / 4.0, c.time_axis);
    let (lo, hi) = if c.range.is_some() {
        (lo, hi)
    } else {
        ((lo / step).floor() * step, (hi / step).ceil() * step)
    };
    let x = |i: usize| {
        if n <= 1 {
            (x0 + x1) / 2.0
        } else {
            x0 + i as f64 / (n - 1) as f64 * (x1 - x0)
        }
    };
    let y = |v: f64| y1 - ((v - lo) / (hi - lo).max(1e-9)).clamp(0.0, 1.0) * (y1 - y0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg id=\"{}\" class=\"chart small\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <text class=\"title\" x=\"{x0}\" y=\"16\">{}</text>",
        c.id,
        esc(c.title),
        esc(c.title)
    );
    if let Some((a, b)) = c.band {
        let _ = writeln!(
            s,
            "<rect x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#d8f3e3\"/>",
            f(y(b)),
            f(x1 - x0),
            f((y(a) - y(b)).max(0.0))
        );
    }
    let ticks = ((hi - lo) / step).round().max(1.0) as usize;
    for i in 0..=ticks {
        let v = lo + (hi - lo) * i as f64 / ticks as f64;
        let _ = writeln!(
            s,
            "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{yy}\" y2=\"{yy}\" stroke=\"#e3e7ee\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f(x0 - 6.0),
            f(y(v) + 4.0),
            esc(&(c.fmt)(v)),
            yy = f(y(v))
        );
    }
    if let Some((v, label)) = c.reference {
        let _ = writeln!(
            s,
            "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{yy}\" y2=\"{yy}\" stroke=\"#b7791f\" stroke-dasharray=\"5 4\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" style=\"fill:#b7791f\">{}</text>",
            f(x1),
            f(y(v) - 5.0),
            esc(label),
            yy = f(y(v))
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"#5b6678\"/>"
    );
    let every = n.div_ceil(8).max(1);
    for i in (0..n).step_by(every) {
        let label = dates.get(i).map(String::as_str).unwrap_or("");
        let anchor = match i {
            _ if n == 1 => "middle",
            0 => "start",
            _ if i == n - 1 => "end",
            _ => "middle",
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">#{} {}</text>",
            f(x(i)),
            f(y1 + 18.0),
            i + 1,
            esc(label)
        );
    }
    if n > 1 {
        let d: Vec<String> = c
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", f(x(i)), f(y(*v))))
            .collect();
        let _ = writeln!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
            d.join(" ")
        );
    }
    for (i, v) in c.values.iter().enumerate() {
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"#2b6cb0\"><title>attempt {}: {}</title></circle>",
            f(x(i)),
            f(y(*v)),
            i + 1,
            esc(&(c.fmt)(*v))
        );
    }
    if let Some(last) = c.values.last() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"16\" text-anchor=\"end\" class=\"title\">latest {}</text>",
            f(x1),
            esc(&(c.fmt)(*last))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(f(12.0), "12");
        assert_eq!(f(12.345), "12.3");
        assert_eq!(time_step(50.0), 5.0);
        assert_eq!(time_step(120.0), 15.0);
        assert_eq!(nice_step(17.3, false), 20.0);
        assert_eq!(nice_step(0.3, false), 0.5);
        assert_eq!(nice_step(2.1, false), 2.5);
        assert_eq!(nice_step(20.0, true), 30.0);
    }
}
