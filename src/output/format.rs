//! Small text formatters every renderer shares: `m:ss` clocks, dates, the
//! plain words for verdicts, pause labels and sparklines.

use crate::analysis::{LengthVerdict, PaceVerdict, Report};

/// `m:ss` for seconds.
pub fn clock(secs: f64) -> String {
    let s = if secs.is_finite() { secs.max(0.0) } else { 0.0 }.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Parse a replay start time: `45`, `45.5`, `0:45`, `1:02:03`.
pub fn parse_clock(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        let v: f64 = part.parse().ok()?;
        if !v.is_finite() || v < 0.0 || (i > 0 && v >= 60.0) {
            return None;
        }
        total = total * 60.0 + v;
    }
    Some(total)
}

/// `2026-11-28 10:15 UTC` from an RFC 3339 UTC stamp (as stored).
pub fn short_date(created: &str) -> String {
    match (created.get(0..10), created.get(11..16)) {
        (Some(d), Some(t)) if created.ends_with('Z') => format!("{d} {t} UTC"),
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => created.to_string(),
    }
}

/// Plain words for a pace verdict.
pub fn pace_words(v: PaceVerdict) -> &'static str {
    match v {
        PaceVerdict::TooSlow => "too slow",
        PaceVerdict::Slow => "a little slow",
        PaceVerdict::Comfortable => "comfortable",
        PaceVerdict::Fast => "a little fast",
        PaceVerdict::TooFast => "too fast",
        PaceVerdict::None => "no speech",
    }
}

/// Plain words for a length verdict.
pub fn length_words(v: LengthVerdict) -> &'static str {
    match v {
        LengthVerdict::Short => "short",
        LengthVerdict::OnTarget => "on target",
        LengthVerdict::Long => "long",
        LengthVerdict::None => "no speech",
    }
}

/// `S T A R` with missing parts as `-`.
pub fn star_letters(r: &Report) -> String {
    let s = &r.star;
    [
        (s.situation, "S"),
        (s.task, "T"),
        (s.action, "A"),
        (s.result, "R"),
    ]
    .iter()
    .map(|(on, l)| if *on { *l } else { "-" })
    .collect::<Vec<_>>()
    .join(" ")
}

/// `[pause 2.8 s]`.
pub fn pause_label(duration_s: f64) -> String {
    format!("[pause {duration_s:.1} s]")
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of `values` on a fixed scale `lo..hi` (values are clamped).
pub fn sparkline(values: &[f64], lo: f64, hi: f64) -> String {
    let span = (hi - lo).max(f64::EPSILON);
    values
        .iter()
        .map(|v| {
            let x = ((v - lo) / span).clamp(0.0, 1.0);
            BARS[(x * 7.0).round() as usize]
        })
        .collect()
}

/// A sparkline scaled to the values' own range (flat mid bars when equal).
pub fn sparkline_auto(values: &[f64]) -> String {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return String::new();
    }
    if hi - lo < 1e-9 {
        return BARS[3].to_string().repeat(values.len());
    }
    sparkline(values, lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_parse_and_print() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(72.4), "1:12");
        assert_eq!(clock(600.0), "10:00");
        assert_eq!(clock(59.6), "1:00");
        assert_eq!(clock(125.0), "2:05");
        assert_eq!(clock(f64::NAN), "0:00");
        assert_eq!(parse_clock("0:45"), Some(45.0));
        assert_eq!(parse_clock("45"), Some(45.0));
        assert_eq!(parse_clock("1:02:03"), Some(3723.0));
        assert_eq!(parse_clock("2.5"), Some(2.5));
        assert_eq!(parse_clock("1:75"), None);
        assert_eq!(parse_clock("abc"), None);
        assert_eq!(parse_clock("-3"), None);
        assert_eq!(parse_clock(":3"), None);
        assert_eq!(
            short_date("2026-11-28T10:15:30.123Z"),
            "2026-11-28 10:15 UTC"
        );
    }

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[0.0, 0.5, 1.0], 0.0, 1.0), "▁▅█");
        assert_eq!(sparkline(&[-1.0, 2.0], 0.0, 1.0), "▁█");
        assert_eq!(sparkline_auto(&[120.0, 160.0, 140.0]), "▁█▅");
        assert_eq!(sparkline_auto(&[150.0, 150.0]), "▄▄");
        assert_eq!(sparkline_auto(&[]), "");
    }
}
