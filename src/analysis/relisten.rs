//! Speech the recogniser skipped. Whisper sometimes jumps over a sentence
//! and stretches one or two words across it ("… held with high- hours." for
//! two sentences, the word "with" lasting 3.5 s over steady speech), so the
//! answer loses words, pace and key points. A word that lasts far longer
//! than any spoken word while the sound under it is speech marks such a
//! skip; the caller transcribes that stretch again on its own and
//! [`splice`]s the result in when it holds more words.

use super::{SpeechActivity, Transcript};

/// A word longer than this (s) may hide skipped speech: spoken English
/// words last well under a second even at a slow pace. Whisper's word times
/// are loose (a word often takes in the next one or the silence after it),
/// so only a span that could hold several words counts.
pub const MAX_WORD_S: f64 = 2.5;

/// ... and only when the sound under it is voiced this long (s): about five
/// words at a conversational pace.
pub const MIN_VOICED_S: f64 = 2.0;

/// Words shorter than this (s) right after a stretched word are squeezed:
/// Whisper wrote them but timed them all at the end of the stretch.
pub const SQUEEZED_WORD_S: f64 = 0.1;

/// A stretch holding at least this many words per second of voiced sound
/// (90 words a minute, a slow pace) lost none, however Whisper timed them.
pub const MIN_WORDS_PER_VOICED_S: f64 = 1.5;

/// More words per second than this (300 a minute, far beyond even fast
/// conversational speech) in a stretch transcribed again is a
/// hallucination, not speech Whisper had skipped.
pub const MAX_WORDS_PER_S: f64 = 5.0;

/// How many times the caller looks for skipped speech: a stretch heard
/// again can itself hold a skip, found on the next look.
pub const ROUNDS: usize = 3;

/// Whether two stretches are the same one (their ends within 50 ms), so a
/// stretch already heard again is not heard a second time.
pub fn same_span(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05
}

/// Voiced time of `a` between `from` and `to` (s).
pub fn voiced_between(a: &SpeechActivity, from: f64, to: f64) -> f64 {
    a.regions
        .iter()
        .map(|&(s, e)| (e.min(to) - s.max(from)).max(0.0))
        .sum()
}

/// Stretches (start, end in s) to transcribe again: every stretch without
/// words that holds at least [`MIN_VOICED_S`] of voiced sound, and each run
/// of words that last longer than [`MAX_WORD_S`] over at least
/// [`MIN_VOICED_S`] of voiced sound, from the end of the word before the run
/// to the start of the word after it — unless the words Whisper did write
/// there (with the squeezed ones after the run) are enough for the voiced
/// time ([`MIN_WORDS_PER_VOICED_S`]): then only their times are wrong.
pub fn skipped_spans(t: &Transcript, a: &SpeechActivity) -> Vec<(f64, f64)> {
    let w = &t.words;
    let stretched = |i: usize| {
        let (s, e) = (w[i].start_s, w[i].end_s);
        e - s > MAX_WORD_S && voiced_between(a, s, e) >= MIN_VOICED_S
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !stretched(i) {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < w.len() && stretched(i + 1) {
            i += 1;
        }
        let from = first
            .checked_sub(1)
            .map_or(w[first].start_s, |p| w[p].end_s.min(w[first].start_s));
        let to = w
            .get(i + 1)
            .map_or(w[i].end_s, |n| n.start_s.max(w[i].end_s));
        let mut last = i;
        while last + 1 < w.len() && w[last + 1].end_s - w[last + 1].start_s <= SQUEEZED_WORD_S {
            last += 1;
        }
        let written = (last + 1 - first) as f64;
        let voiced = voiced_between(a, from, to.max(w[last].end_s));
        if written < voiced * MIN_WORDS_PER_VOICED_S {
            out.push((from, to));
        }
        i += 1;
    }
    // Speech with no word at all: between two words, before the first or
    // after the last (Whisper jumped ahead to a later window).
    let mut edges: Vec<f64> = vec![0.0];
    for x in w {
        edges.push(x.start_s);
        edges.push(x.end_s);
    }
    edges.push(a.audio_s);
    for pair in edges.chunks(2) {
        let (from, to) = (pair[0], pair[1]);
        if to - from >= MIN_VOICED_S
            && voiced_between(a, from, to) >= MIN_VOICED_S
            && !out.iter().any(|&(s, e)| s < to && from < e)
        {
            out.push((from, to));
        }
    }
    out.sort_by(|x, y| x.0.total_cmp(&y.0));
    out
}

/// Words either side of a stretch that its new transcript is compared
/// with: at least this many, and twice the new transcript's length (words
/// Whisper timed wrongly can sit far from their sound).
const NEIGHBOURS: usize = 20;

/// A word as compared across transcripts: lower-case letters and digits,
/// and only when at least four long (so "the", "and", "I" never count).
fn content(w: &str) -> Option<String> {
    let n: String = w
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    (n.chars().count() >= 4).then_some(n)
}

/// Put `again` (a transcript of the stretch `span`, its times relative to
/// `span.0`) in place of the words and segments of `t` that lie in `span`,
/// when it holds more words than they do and is not mostly the words
/// before or after the stretch (then Whisper had written them, only timed
/// them wrongly), and is not a hallucination (a repetition loop, or more
/// than [`MAX_WORDS_PER_S`]). Returns whether it did.
pub fn splice(t: &mut Transcript, span: (f64, f64), again: Transcript) -> bool {
    let mid = |s: f64, e: f64| (s + e) / 2.0;
    let inside = |s: f64, e: f64| (span.0..=span.1).contains(&mid(s, e));
    let old = t
        .words
        .iter()
        .filter(|w| inside(w.start_s, w.end_s))
        .count();
    if again.words.len() <= old {
        return false;
    }
    // Whisper given a short stretch on its own can hallucinate: the same
    // sentence over and over, or more words than anyone says in that time.
    let secs = (span.1 - span.0).max(0.0);
    if super::loops::has_loop(&again.words) || again.words.len() as f64 > secs * MAX_WORDS_PER_S {
        return false;
    }
    let before = t.words.iter().filter(|w| mid(w.start_s, w.end_s) < span.0);
    let after = t.words.iter().filter(|w| mid(w.start_s, w.end_s) > span.1);
    let reach = NEIGHBOURS.max(2 * again.words.len());
    let near: std::collections::HashSet<String> = before
        .rev()
        .take(reach)
        .chain(after.take(reach))
        .filter_map(|w| content(&w.text))
        .collect();
    let new: Vec<String> = again
        .words
        .iter()
        .filter_map(|w| content(&w.text))
        .collect();
    let repeated = new.iter().filter(|w| near.contains(*w)).count();
    if new.is_empty() || repeated * 2 >= new.len() {
        return false;
    }
    t.replace_span(span, again);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Segment, Word};

    fn activity(regions: &[(f64, f64)]) -> SpeechActivity {
        SpeechActivity {
            audio_s: 60.0,
            regions: regions.to_vec(),
        }
    }

    #[test]
    fn finds_words_stretched_over_speech() {
        // (words, voiced regions, spans expected)
        type Case = (Vec<Word>, Vec<(f64, f64)>, Vec<(f64, f64)>);
        let cases: Vec<Case> = vec![
            // Two words stretched over 8 s of continuous speech: one span.
            (
                vec![
                    Word::at("held", 9.0, 9.5),
                    Word::at("with", 9.55, 13.1),
                    Word::at("high-", 13.1, 17.6),
                    Word::at("Access", 17.7, 18.1),
                ],
                vec![(8.9, 20.0)],
                vec![(9.5, 17.7)],
            ),
            // A long word over a silence is Whisper's usual loose timing.
            (
                vec![Word::at("so", 1.0, 4.0), Word::at("then", 4.1, 4.4)],
                vec![(0.9, 1.3), (3.5, 4.4)],
                vec![],
            ),
            // Ordinary words, even a slow long one: nothing.
            (
                vec![
                    Word::at("unencrypted", 1.0, 2.2),
                    Word::at("data", 2.3, 2.6),
                ],
                vec![(1.0, 2.6)],
                vec![],
            ),
            // The words are all there, squeezed after the stretched one:
            // only their times are wrong, nothing to transcribe again.
            (
                std::iter::once(Word::at("unusually", 30.4, 39.4))
                    .chain((0..20).map(|k| {
                        let t = 39.4 + 0.05 * k as f64;
                        Word::at("w", t, t + 0.05)
                    }))
                    .chain(std::iter::once(Word::at("And", 40.8, 41.1)))
                    .collect(),
                vec![(29.0, 41.5)],
                vec![],
            ),
            // Speech with no words: Whisper jumped from 23 s to 37 s.
            (
                vec![Word::at("it.", 22.5, 23.0), Word::at("Then", 37.0, 37.3)],
                vec![(22.0, 30.0), (31.0, 37.5)],
                vec![(23.0, 37.0)],
            ),
            // A short breath between words is no hole.
            (
                vec![Word::at("so", 1.0, 1.3), Word::at("then", 2.5, 2.8)],
                vec![(1.0, 1.4), (2.4, 2.8)],
                vec![],
            ),
            // The first word of the answer stretched: from its own start.
            (
                vec![Word::at("well", 0.5, 4.0), Word::at("yes", 4.1, 4.4)],
                vec![(0.5, 4.4)],
                vec![(0.5, 4.1)],
            ),
        ];
        for (words, regions, want) in cases {
            let t = Transcript {
                segments: vec![],
                words,
                ..Default::default()
            };
            assert_eq!(skipped_spans(&t, &activity(&regions)), want);
        }
    }

    #[test]
    fn splices_a_fuller_transcript_in_place() {
        let seg = |text: &str, s, e| Segment {
            text: text.into(),
            start_s: s,
            end_s: e,
        };
        let mut t = Transcript {
            segments: vec![seg("We shipped it", 0.0, 1.0), seg("with hours.", 2.0, 9.0)],
            words: vec![
                Word::at("We", 0.0, 0.3),
                Word::at("shipped", 0.4, 0.8),
                Word::at("it", 0.9, 1.0),
                Word::at("with", 2.0, 5.5),
                Word::at("hours.", 5.5, 9.0),
            ],
            ..Default::default()
        };
        let again = Transcript {
            segments: vec![seg("that held traces. I reported it.", 0.1, 6.9)],
            words: ["that", "held", "traces.", "I", "reported", "it."]
                .iter()
                .enumerate()
                .map(|(i, w)| Word::at(w, 0.1 + i as f64, 0.9 + i as f64))
                .collect(),
            ..Default::default()
        };
        // Fewer or as many words: kept as it was.
        let mut same = t.clone();
        let two = Transcript {
            segments: vec![],
            words: vec![Word::at("with", 0.0, 3.0), Word::at("ours.", 3.0, 7.0)],
            ..Default::default()
        };
        assert!(!splice(&mut same, (1.0, 9.0), two));
        assert_eq!(same, t);
        // Mostly the words just before the stretch: Whisper had them.
        let mut kept = t.clone();
        let repeat = Transcript {
            segments: vec![],
            words: ["we", "shipped", "it", "and", "then", "shipped", "it"]
                .iter()
                .enumerate()
                .map(|(i, w)| Word::at(w, 0.1 + i as f64, 0.9 + i as f64))
                .collect(),
            ..Default::default()
        };
        assert!(!splice(&mut kept, (1.0, 9.0), repeat));
        assert_eq!(kept, t);
        // A hallucination: one sentence written over and over, all at one time.
        let looped = Transcript {
            segments: vec![],
            words: "I think it's a good time to get started. "
                .repeat(3)
                .split_whitespace()
                .map(|w| Word::at(w, 2.6, 2.6))
                .collect(),
            ..Default::default()
        };
        assert!(!splice(&mut kept, (1.0, 9.0), looped));
        // Or more words than 8 s could hold.
        let rushed = Transcript {
            segments: vec![],
            words: (0..41)
                .map(|i| Word::at(&format!("w{i}"), i as f64 * 0.19, i as f64 * 0.19 + 0.1))
                .collect(),
            ..Default::default()
        };
        assert!(!splice(&mut kept, (1.0, 9.0), rushed));
        assert_eq!(kept, t);
        // More words: they replace the stretched ones, in time order.
        assert!(splice(&mut t, (1.0, 9.0), again));
        let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            words,
            ["We", "shipped", "it", "that", "held", "traces.", "I", "reported", "it."]
        );
        assert!((t.words[3].start_s - 1.1).abs() < 1e-9);
        assert!(t.words.iter().all(|w| w.end_s <= 9.0));
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[1].text, "that held traces. I reported it.");
    }
}
