//! The report's inline SVG charts: pace over time for one attempt, and one
//! small chart per measure across a question's attempts.

use super::markup::{esc, f};
use crate::analysis::trends::Trend;
use crate::analysis::{Report, Settings};
use crate::output::format::{clock, pause_label};
use std::fmt::Write;

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

pub(super) fn progress_charts(t: &Trend, dates: &[String], target_s: f64) -> String {
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
    fn tick_steps_are_round() {
        assert_eq!(time_step(50.0), 5.0);
        assert_eq!(time_step(120.0), 15.0);
        assert_eq!(nice_step(17.3, false), 20.0);
        assert_eq!(nice_step(0.3, false), 0.5);
        assert_eq!(nice_step(2.1, false), 2.5);
        assert_eq!(nice_step(20.0, true), 30.0);
    }
}
