//! The live status line shown while recording (stderr, terminals only):
//! elapsed time against the target, a level meter, and the pace once words
//! are known. Pure formatting plus a tiny drawer.

use crate::analysis::Word;
use std::io::Write;

/// The one live status line on stderr (a terminal only).
pub struct LiveLine {
    on: bool,
    drawn: bool,
}

impl LiveLine {
    /// A line that draws only when `on`.
    pub fn new(on: bool) -> Self {
        LiveLine { on, drawn: false }
    }
    /// Replace the line with `s`.
    pub fn draw(&mut self, s: &str) {
        if !self.on {
            return;
        }
        let mut e = std::io::stderr().lock();
        let _ = write!(e, "\r{s}\x1b[K");
        let _ = e.flush();
        self.drawn = true;
    }
    /// Erase the line.
    pub fn clear(&mut self) {
        if self.on && self.drawn {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[K");
            let _ = e.flush();
        }
    }
}

/// `m:ss`, rounded down (a clock that ticks, not a duration to report).
pub fn clock(secs: f64) -> String {
    let s = secs.max(0.0).floor() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A level meter of `width` cells for a level in dBFS (-60 dB empty, 0 dB full).
pub fn meter(db: f32, width: usize) -> String {
    let frac = ((db + 60.0) / 60.0).clamp(0.0, 1.0);
    let full = (frac * width as f32).round() as usize;
    let mut s = String::with_capacity(width * 3);
    for i in 0..width {
        s.push(if i < full { '█' } else { '·' });
    }
    s
}

/// The live line: elapsed against the target, the level, the pace once
/// known, and the countdown when silence is about to end the answer.
pub fn live_line(
    elapsed_s: f64,
    target_s: f64,
    level_db: f32,
    wpm: Option<f64>,
    stopping_in: Option<u32>,
) -> String {
    let pace = wpm.map(|w| format!("  {w:.0} wpm")).unwrap_or_default();
    let hint = match stopping_in {
        Some(n) => format!("stopping in {n}… (speak to go on)"),
        None => "(Enter to stop)".into(),
    };
    format!(
        "● {} / {}  {}{pace}  {hint}",
        clock(elapsed_s),
        clock(target_s),
        meter(level_db, 12)
    )
}

/// The thinking-time line: seconds left, and how to start early.
pub fn prep_line(left_s: u32) -> String {
    format!("Thinking time: {left_s} s — press Enter to start answering now")
}

/// Words per minute over the words recognised so far, once there are enough
/// to say (at least 8 words over at least 5 s).
pub fn live_wpm(words: &[Word]) -> Option<f64> {
    let (first, last) = (words.first()?, words.last()?);
    let span = last.end_s - first.start_s;
    (words.len() >= 8 && span >= 5.0).then(|| words.len() as f64 / span * 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: f64) -> Word {
        Word {
            text: "x".into(),
            start_s: t,
            end_s: t + 0.3,
            prob: 1.0,
        }
    }

    #[test]
    fn clock_table() {
        for (s, want) in [
            (0.0, "0:00"),
            (59.9, "0:59"),
            (60.0, "1:00"),
            (72.4, "1:12"),
            (600.0, "10:00"),
            (-3.0, "0:00"),
        ] {
            assert_eq!(clock(s), want, "{s}");
        }
    }

    #[test]
    fn meter_table() {
        for (db, want) in [
            (-120.0, "··········"),
            (-60.0, "··········"),
            (-30.0, "█████·····"),
            (-6.0, "█████████·"),
            (0.0, "██████████"),
            (6.0, "██████████"),
        ] {
            assert_eq!(meter(db, 10), want, "{db}");
        }
    }

    #[test]
    fn live_line_shows_pace_once_known() {
        assert_eq!(
            live_line(72.0, 120.0, -30.0, None, None),
            "● 1:12 / 2:00  ██████······  (Enter to stop)"
        );
        assert!(live_line(72.0, 120.0, -30.0, Some(141.6), None).contains("  142 wpm"));
        assert_eq!(
            live_line(72.0, 120.0, -30.0, None, Some(3)),
            "● 1:12 / 2:00  ██████······  stopping in 3… (speak to go on)"
        );
        assert_eq!(
            prep_line(25),
            "Thinking time: 25 s — press Enter to start answering now"
        );
    }

    #[test]
    fn live_wpm_needs_enough_words() {
        assert_eq!(live_wpm(&[]), None);
        let few: Vec<Word> = (0..5).map(|i| w(i as f64)).collect();
        assert_eq!(live_wpm(&few), None);
        // 20 words from 0.0 to 9.8 s: 20 / 9.8 * 60.
        let many: Vec<Word> = (0..20).map(|i| w(i as f64 * 0.5)).collect();
        let got = live_wpm(&many).unwrap();
        assert!((got - 20.0 / 9.8 * 60.0).abs() < 1e-9, "{got}");
    }
}
