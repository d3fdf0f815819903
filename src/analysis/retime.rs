//! Words re-timed by the audio, so each pause falls between the right words.
//!
//! Whisper's word timestamps drift around silences: the words just before a
//! pause are often stretched into it, several words get one timestamp, and
//! the words after a pause may start inside it. Pauses themselves come from
//! voice activity (the audio), so a drifting word would put a pause between
//! the wrong words in `review`, the transcript view and click-to-seek.
//!
//! [`retime`] decides, for every pause, after which word it falls, then moves
//! the words that sit inside the silence to its edges, spread over the time
//! next to it in proportion to their length. Whisper writes punctuation where
//! the speaker paused, so among the words that end near the silence the
//! split goes after a sentence end (". ? !") first, then after a clause end
//! (", ; :"), and only without either by the timestamps alone. Words that
//! already lie outside every silence keep their times.

use super::{SpeechActivity, Word};

/// How far outside a silence a word's end may lie and still be the word
/// before it (s): Whisper's drift is rarely larger.
const REACH_S: f64 = 0.6;
/// Shortest time given to a re-timed word (s).
const MIN_WORD_S: f64 = 0.12;

/// How strongly the text marks a break after `w`: 2 sentence end, 1 clause
/// end, 0 none.
fn break_strength(w: &Word) -> u8 {
    let t = w.text.trim_end_matches(['"', '\'', ')', '”', '’']);
    match t.chars().last() {
        Some('.' | '?' | '!' | '…') => 2,
        Some(',' | ';' | ':' | '—' | '-') => 1,
        _ => 0,
    }
}

/// Distance from `x` to the interval `lo..hi` (0 inside).
fn outside(x: f64, lo: f64, hi: f64) -> f64 {
    (lo - x).max(x - hi).max(0.0)
}

/// The number of words that come before the silence `g0..g1`.
fn split_at(words: &[Word], from: usize, g0: f64, g1: f64) -> usize {
    let mid = (g0 + g1) / 2.0;
    // By timestamps alone: the first word whose middle is past the silence's middle.
    let by_time = (from..words.len())
        .find(|&i| (words[i].start_s + words[i].end_s) / 2.0 > mid)
        .unwrap_or(words.len());
    let best = (from..words.len())
        .filter(|&i| words[i].end_s >= g0 - REACH_S && words[i].end_s <= g1 + REACH_S)
        .filter(|&i| break_strength(&words[i]) > 0)
        .max_by(|&a, &b| {
            let cost = |i: usize| {
                let next = words.get(i + 1).map_or(0.0, |n| outside(n.start_s, g0, g1));
                outside(words[i].end_s, g0, g1) + next
            };
            break_strength(&words[a])
                .cmp(&break_strength(&words[b]))
                .then(cost(b).total_cmp(&cost(a)))
        });
    best.map_or(by_time, |i| i + 1).max(from)
}

/// Spread `words` over `lo..hi` in proportion to their length.
fn spread(words: &mut [Word], lo: f64, hi: f64) {
    let weight = |w: &Word| {
        w.text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .count()
            .max(1) as f64
    };
    let total: f64 = words.iter().map(weight).sum();
    let mut t = lo;
    for w in words.iter_mut() {
        let d = (hi - lo) * weight(w) / total;
        w.start_s = t;
        w.end_s = t + d;
        t += d;
    }
}

/// Re-time `words` (in spoken order) so that none lies inside a silence of
/// `a` at least `min_gap_s` long, nor before the first or after the last
/// voiced region. Words are only moved, never dropped or reordered.
pub fn retime(words: &mut [Word], a: &SpeechActivity, min_gap_s: f64) {
    let (Some(first), Some(last)) = (a.regions.first(), a.regions.last()) else {
        return;
    };
    if words.is_empty() {
        return;
    }
    // Silences to respect: before the speech, the pauses, after the speech.
    let mut gaps: Vec<(f64, f64)> = vec![(f64::NEG_INFINITY, first.0)];
    gaps.extend(
        a.regions
            .windows(2)
            .filter(|w| w[1].0 - w[0].1 >= min_gap_s)
            .map(|w| (w[0].1, w[1].0)),
    );
    gaps.push((last.1, f64::INFINITY));
    let n = words.len();
    let mut from = 0;
    let mut prev_end = f64::NEG_INFINITY;
    for (k, &(g0, g1)) in gaps.iter().enumerate() {
        let split = match k {
            0 => 0,
            _ if k == gaps.len() - 1 => n,
            _ => split_at(words, from, g0, g1),
        };
        // Words before the silence that run into it: end them at its start,
        // taking in earlier words until there is room for all.
        if let Some(mut j) = (from..split).find(|&i| words[i].end_s > g0) {
            loop {
                let floor = if j > from {
                    words[j - 1].end_s
                } else {
                    prev_end
                };
                let need = MIN_WORD_S * (split - j) as f64;
                let lo = words[j].start_s.min(g0 - need).max(floor).min(g0);
                if g0 - lo >= need - 1e-9 || j == from {
                    spread(&mut words[j..split], lo, g0);
                    break;
                }
                j -= 1;
            }
        }
        // Words after it that start inside it: start them at its end, taking
        // in later words until there is room (never past the next silence).
        let next_silence = gaps.get(k + 1).map_or(f64::INFINITY, |g| g.0);
        if let Some(mut m) = (split..n).rev().find(|&i| words[i].start_s < g1) {
            loop {
                let ceil = words
                    .get(m + 1)
                    .map_or(f64::INFINITY, |w| w.start_s)
                    .min(next_silence);
                let need = MIN_WORD_S * (m + 1 - split) as f64;
                let hi = words[m].end_s.max(g1 + need).min(ceil).max(g1);
                if hi - g1 >= need - 1e-9 || m + 1 >= n {
                    spread(&mut words[split..=m], g1, hi);
                    break;
                }
                m += 1;
            }
        }
        from = split;
        prev_end = g1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(spec: &[(&str, f64, f64)]) -> Vec<Word> {
        spec.iter()
            .map(|&(t, s, e)| Word {
                text: t.into(),
                start_s: s,
                end_s: e,
                prob: 0.9,
            })
            .collect()
    }

    fn activity(regions: &[(f64, f64)]) -> SpeechActivity {
        SpeechActivity {
            audio_s: 100.0,
            regions: regions.to_vec(),
        }
    }

    /// The words before each pause, after re-timing.
    fn before_pauses(w: &[Word], a: &SpeechActivity) -> Vec<String> {
        a.regions
            .windows(2)
            .filter(|r| r[1].0 - r[0].1 >= 1.0)
            .map(|r| {
                w.iter()
                    .rev()
                    .find(|x| x.end_s <= r[0].1 + 1e-9)
                    .map_or(String::new(), |x| x.text.clone())
            })
            .collect()
    }

    #[test]
    fn pause_goes_after_the_sentence_whisper_stretched_into_it() {
        // Whisper stretched "a streaming app." over a 4.8–7.3 s silence.
        let a = activity(&[(0.5, 4.8), (7.3, 9.0)]);
        let mut w = words(&[
            ("manager", 3.65, 4.54),
            ("and", 4.54, 4.73),
            ("a", 4.73, 5.04),
            ("streaming", 5.04, 6.18),
            ("app.", 6.18, 7.0),
            ("She", 7.0, 7.25),
            ("wanted", 7.59, 7.72),
        ]);
        retime(&mut w, &a, 1.0);
        assert_eq!(before_pauses(&w, &a), ["app."]);
        assert!(
            w[5].start_s >= 7.3 && w[5].end_s <= 7.59 + 1e-9,
            "{:?}",
            w[5]
        );
        for x in &w {
            assert!(
                outside((x.start_s + x.end_s) / 2.0, 4.8, 7.3) > 0.0,
                "{x:?}"
            );
        }
    }

    #[test]
    fn words_after_a_pause_pulled_into_it_move_out() {
        // "back." ends the sentence; "I warned the owners" were given times inside the pause.
        let a = activity(&[(30.0, 42.93), (46.33, 50.0)]);
        let mut w = words(&[
            ("taken", 42.69, 43.36),
            ("back.", 43.36, 44.31),
            ("I", 44.32, 44.46),
            ("warned", 44.46, 45.3),
            ("the", 45.36, 45.72),
            ("owners", 45.73, 46.58),
            ("of", 46.58, 46.86),
        ]);
        retime(&mut w, &a, 1.0);
        assert_eq!(before_pauses(&w, &a), ["back."]);
        assert!(w[1].end_s <= 42.93 + 1e-9);
        assert!(w[2].start_s >= 46.33 - 1e-9);
        // Order and monotonic times kept.
        for p in w.windows(2) {
            assert!(p[0].end_s <= p[1].start_s + 1e-9, "{p:?}");
        }
    }

    #[test]
    fn a_sentence_end_beats_a_comma_and_time_alone_decides_without_either() {
        // Both "tried," and "it." end near the silence: the sentence end wins.
        let a = activity(&[(20.0, 29.38), (31.48, 35.0)]);
        let mut w = words(&[
            ("tried,", 28.59, 29.64),
            ("so", 29.65, 29.95),
            ("I", 29.95, 30.03),
            ("made", 30.1, 30.7),
            ("it.", 30.71, 31.51),
            ("In", 31.53, 31.61),
        ]);
        retime(&mut w, &a, 1.0);
        assert_eq!(before_pauses(&w, &a), ["it."]);
        // No punctuation: split by the timestamps.
        let mut w = words(&[("one", 1.0, 1.4), ("two", 2.0, 2.7), ("three", 3.4, 3.8)]);
        let a = activity(&[(0.9, 1.5), (3.0, 4.0)]);
        retime(&mut w, &a, 1.0);
        assert_eq!(before_pauses(&w, &a), ["one"]);
        assert!(
            w[1].start_s >= 3.0 - 1e-9 && w[1].end_s <= 3.4 + 1e-9,
            "{:?}",
            w[1]
        );
    }

    #[test]
    fn leading_and_trailing_silence_hold_no_words() {
        // The telephone chat: whisper starts "Hello?" at 0.02 s; speech starts at 6.76 s.
        let a = activity(&[(6.76, 7.1), (7.62, 8.32), (8.4, 12.0)]);
        let mut w = words(&[
            ("Hello?", 0.02, 4.19),
            ("Hello?", 4.2, 8.4),
            ("Hello.", 8.4, 8.56),
            ("end.", 11.5, 13.0),
        ]);
        retime(&mut w, &a, 1.0);
        assert!(w[0].start_s >= 6.76 - 1e-9, "{:?}", w[0]);
        assert!(w[1].end_s <= 8.4 + 1e-9 && w[1].start_s > w[0].start_s);
        assert!(w[3].end_s <= 12.0 + 1e-9, "{:?}", w[3]);
        assert!(w.iter().all(|x| x.end_s > x.start_s));
    }

    #[test]
    fn well_timed_words_do_not_move() {
        let a = activity(&[(0.5, 2.0), (3.5, 5.0)]);
        let spec = [
            ("We", 0.5, 0.8),
            ("shipped.", 0.8, 1.9),
            ("Then", 3.6, 4.0),
            ("we", 4.0, 4.9),
        ];
        let mut w = words(&spec);
        retime(&mut w, &a, 1.0);
        assert_eq!(w, words(&spec));
        // No regions (no speech): nothing to do.
        retime(&mut w, &activity(&[]), 1.0);
        assert_eq!(w, words(&spec));
    }
}
