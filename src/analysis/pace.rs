//! Timing: speaking span, pauses (from voice activity), words spoken, pace
//! overall and over time, and the verdicts against the comfort band and the
//! target length.

use super::{LengthVerdict, PaceVerdict, PaceWindow, Pause, Settings, SpeechActivity, Word};

/// Pauses inside the answer: gaps between voiced regions at least
/// `pause_min_s` long (leading and trailing silence is not a pause).
pub fn pauses(a: &SpeechActivity, s: &Settings) -> Vec<Pause> {
    a.regions
        .windows(2)
        .filter_map(|w| {
            let gap = w[1].0 - w[0].1;
            (gap >= s.pause_min_s).then(|| Pause {
                start_s: round2(w[0].1),
                duration_s: round2(gap),
                dead_air: gap >= s.dead_air_s,
            })
        })
        .collect()
}

/// How many words a written token stands for when spoken: "250,000" is "two
/// hundred fifty thousand" (4), "8%" is "eight percent" (2), "$1.4" is "one
/// point four dollars" (4); plain words count 1, hyphenated compounds count 1.
pub fn spoken_words(token: &str) -> usize {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return usize::from(t.chars().any(|c| c.is_alphanumeric()));
    }
    if t.contains('-') && t.chars().any(|c| c.is_alphabetic()) {
        // "30-day" -> "thirty-day": one token.
        return 1;
    }
    let mut n = 0;
    if t.contains('$') || t.contains('€') || t.contains('£') {
        n += 1;
    }
    if t.contains('%') {
        n += 1;
    }
    let num: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let num = num.trim_end_matches('.');
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let v: u64 = int.parse().unwrap_or(0);
    n += integer_words(v);
    if !frac.is_empty() {
        n += 1 + frac.len();
    }
    // A trailing unit glued on ("10s", "2x") is one more word.
    if t.chars().last().is_some_and(|c| c.is_alphabetic()) {
        n += 1;
    }
    n
}

fn integer_words(v: u64) -> usize {
    if v == 0 {
        return 1;
    }
    let mut n = 0;
    let mut rest = v;
    let scales = [1_000_000_000_000u64, 1_000_000_000, 1_000_000, 1_000];
    for s in scales {
        if rest >= s {
            n += under_thousand(rest / s) + 1;
            rest %= s;
        }
    }
    n + under_thousand(rest)
}

fn under_thousand(v: u64) -> usize {
    let mut n = 0;
    if v >= 100 {
        n += 2;
    }
    if !v.is_multiple_of(100) {
        n += 1;
    }
    n
}

/// Words as spoken in a transcript.
pub fn count_words(words: &[Word]) -> usize {
    words.iter().map(|w| spoken_words(&w.text)).sum()
}

/// Pace in windows of `window_s` over the speaking span; a short last piece
/// joins the window before it.
pub fn windows(words: &[Word], from: f64, to: f64, window_s: f64) -> Vec<PaceWindow> {
    let span = to - from;
    if span <= 0.0 || words.is_empty() {
        return vec![];
    }
    let n = ((span / window_s).floor() as usize).max(1);
    let mut edges: Vec<f64> = (0..n).map(|i| from + i as f64 * window_s).collect();
    edges.push(to);
    edges
        .windows(2)
        .map(|e| {
            let (a, b) = (e[0], e[1]);
            let last = (b - to).abs() < 1e-9;
            let k: usize = words
                .iter()
                .filter(|w| {
                    let m = (w.start_s + w.end_s) / 2.0;
                    m >= a && (m < b || last)
                })
                .map(|w| spoken_words(&w.text))
                .sum();
            PaceWindow {
                start_s: round2(a),
                end_s: round2(b),
                words: k,
                wpm: round1(k as f64 / (b - a) * 60.0),
            }
        })
        .collect()
}

/// Verdict on a pace.
pub fn pace_verdict(wpm: f64, words: usize, s: &Settings) -> PaceVerdict {
    if words == 0 {
        PaceVerdict::None
    } else if wpm < s.warn_wpm.0 {
        PaceVerdict::TooSlow
    } else if wpm < s.comfort_wpm.0 {
        PaceVerdict::Slow
    } else if wpm <= s.comfort_wpm.1 {
        PaceVerdict::Comfortable
    } else if wpm <= s.warn_wpm.1 {
        PaceVerdict::Fast
    } else {
        PaceVerdict::TooFast
    }
}

/// Verdict on length against the target.
pub fn length_verdict(speech_s: f64, target_s: u32, s: &Settings) -> LengthVerdict {
    let t = target_s as f64;
    if speech_s <= 0.0 {
        LengthVerdict::None
    } else if speech_s < t * (1.0 - s.length_tolerance) {
        LengthVerdict::Short
    } else if speech_s > t * (1.0 + s.length_tolerance) {
        LengthVerdict::Long
    } else {
        LengthVerdict::OnTarget
    }
}

/// Round to 2 decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Round to 1 decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_word_table() {
        let cases = [
            ("hello", 1),
            ("forecast,", 1),
            ("250,000", 4),
            ("$250,000", 5),
            ("8%", 2),
            ("1.4", 3),
            ("$1.4", 4),
            ("40", 1),
            ("35", 1),
            ("100", 2),
            ("120,000", 4),
            ("30-day", 1),
            ("4.", 1),
            ("2019", 3),
            ("-", 0),
        ];
        for (t, n) in cases {
            assert_eq!(spoken_words(t), n, "{t}");
        }
    }

    #[test]
    fn pauses_inside_only() {
        let a = SpeechActivity {
            audio_s: 20.0,
            regions: vec![(1.0, 3.0), (3.5, 6.0), (7.2, 9.0), (12.0, 15.0)],
        };
        let p = pauses(&a, &Settings::default());
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].start_s, p[0].duration_s, p[0].dead_air),
            (6.0, 1.2, false)
        );
        assert_eq!(
            (p[1].start_s, p[1].duration_s, p[1].dead_air),
            (9.0, 3.0, true)
        );
    }

    #[test]
    fn verdicts() {
        let s = Settings::default();
        assert_eq!(pace_verdict(90.0, 10, &s), PaceVerdict::TooSlow);
        assert_eq!(pace_verdict(110.0, 10, &s), PaceVerdict::Slow);
        assert_eq!(pace_verdict(140.0, 10, &s), PaceVerdict::Comfortable);
        assert_eq!(pace_verdict(165.0, 10, &s), PaceVerdict::Fast);
        assert_eq!(pace_verdict(190.0, 10, &s), PaceVerdict::TooFast);
        assert_eq!(pace_verdict(0.0, 0, &s), PaceVerdict::None);
        assert_eq!(length_verdict(50.0, 120, &s), LengthVerdict::Short);
        assert_eq!(length_verdict(110.0, 120, &s), LengthVerdict::OnTarget);
        assert_eq!(length_verdict(200.0, 120, &s), LengthVerdict::Long);
    }

    #[test]
    fn windows_cover_span() {
        let words: Vec<Word> = (0..60)
            .map(|i| Word {
                text: "w".into(),
                start_s: i as f64 * 0.5,
                end_s: i as f64 * 0.5 + 0.3,
                prob: 1.0,
            })
            .collect();
        let w = windows(&words, 0.0, 30.0, 15.0);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].words + w[1].words, 60);
        assert_eq!(w[0].wpm, 120.0);
        // A short tail joins the previous window.
        let w = windows(&words, 0.0, 32.0, 15.0);
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].end_s, 32.0);
    }
}
