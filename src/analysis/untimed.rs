//! Words Whisper wrote with no time for them. Now and then Whisper writes a
//! run of words all at one instant: in a cafe, "increased this time by
//! setting time by setting the same thing. I am by six percent." (8 words at
//! 50.96 s, for "increased listening time by six percent"); in an echoey
//! room, 24 words at 51.32 s. Sometimes such a run is real words whose times
//! Whisper lost, and then the audio around it has room for them (unworded
//! speech that [`super::relisten`] and [`super::retime`] give them back);
//! when the audio between the words before and after the run could not hold
//! them even at the fastest speech ([`super::relisten::MAX_WORDS_PER_S`]),
//! nobody said them, and they are dropped, as words in silence are.

use super::relisten::MAX_WORDS_PER_S;
use super::Transcript;

/// Words in a run written with no time of their own: this many ...
pub const RUN_WORDS: usize = 6;

/// ... within this long (s): 24 words a second, four times the fastest
/// speech.
pub const RUN_S: f64 = 0.25;

/// Each run of at least [`RUN_WORDS`] words of `t` where every [`RUN_WORDS`]
/// in a row lie within [`RUN_S`], as the indexes of its first and last word.
fn runs(t: &Transcript) -> Vec<(usize, usize)> {
    let (w, n) = (&t.words, RUN_WORDS);
    let fits = |a: usize| w[a + n - 1].end_s - w[a].start_s <= RUN_S;
    let mut out = Vec::new();
    let mut i = 0;
    while i + n <= w.len() {
        if !fits(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + n < w.len() && fits(j + 1) {
            j += 1;
        }
        out.push((i, j + n - 1));
        i = j + n;
    }
    out
}

/// Drop the runs of words with no time (see [`RUN_WORDS`]) that the time
/// between the word before and the word after could not hold at
/// [`MAX_WORDS_PER_S`] (the recording of `audio_s` seconds bounds the first
/// and last run). The segments that held them keep the text of their
/// remaining words. Returns how many words were dropped.
pub fn drop_invented(t: &mut Transcript, audio_s: f64) -> usize {
    let invented: Vec<(usize, usize)> = runs(t)
        .into_iter()
        .filter(|&(a, b)| {
            let before = a.checked_sub(1).map_or(0.0, |p| t.words[p].end_s);
            let after = t.words.get(b + 1).map_or(audio_s, |n| n.start_s);
            (b - a + 1) as f64 > (after - before).max(0.0) * MAX_WORDS_PER_S
        })
        .collect();
    if invented.is_empty() {
        return 0;
    }
    let at: Vec<f64> = invented.iter().map(|&(a, _)| t.words[a].start_s).collect();
    let mut dropped = 0;
    // Later runs first, so the earlier runs' indexes stay valid.
    for &(a, b) in invented.iter().rev() {
        t.words.drain(a..=b);
        dropped += b - a + 1;
    }
    for s in &mut t.segments {
        if at.iter().any(|&x| x >= s.start_s && x <= s.end_s) {
            s.text = t
                .words
                .iter()
                .filter(|w| {
                    let m = (w.start_s + w.end_s) / 2.0;
                    m >= s.start_s && m < s.end_s
                })
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    t.segments.retain(|s| !s.text.trim().is_empty());
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Segment, Word};

    /// Words of `text` one after another from `start`, `step` s each.
    fn words(text: &str, start: f64, step: f64) -> Vec<Word> {
        text.split_whitespace()
            .enumerate()
            .map(|(i, w)| Word::at(w, start + i as f64 * step, start + (i + 1) as f64 * step))
            .collect()
    }

    fn transcript(parts: &[(&str, f64, f64)]) -> Transcript {
        let words: Vec<Word> = parts
            .iter()
            .flat_map(|&(t, at, step)| words(t, at, step))
            .collect();
        let end = words.last().map_or(0.0, |w| w.end_s);
        Transcript {
            segments: vec![Segment {
                start_s: 0.0,
                end_s: end + 0.1,
                text: parts.iter().map(|p| p.0).collect::<Vec<_>>().join(" "),
            }],
            words,
            aligned: true,
            cleaned: false,
        }
    }

    #[test]
    fn words_with_no_room_are_dropped_and_words_with_room_kept() {
        // (parts (text, start s, s per word), audio s, words left)
        type Case = (&'static [(&'static str, f64, f64)], f64, &'static str);
        let cases: &[Case] = &[
            // A cafe: 8 words at one instant, 0.1 s before the next word.
            (
                &[
                    ("and the final version increased this time", 47.0, 0.5),
                    ("by setting time by setting the same thing.", 50.5, 0.0),
                    ("I am by six percent.", 50.6, 0.3),
                ],
                60.0,
                "and the final version increased this time I am by six percent.",
            ),
            // Real words whose times Whisper lost, with 8 s of speech after
            // them and nothing written there: kept (relisten's business).
            (
                &[
                    ("it bumped the score.", 15.0, 0.3),
                    ("Something felt off. People hadn't really agreed to that.", 17.8, 0.0),
                    ("So I ran the numbers.", 26.0, 0.3),
                ],
                40.0,
                "it bumped the score. Something felt off. People hadn't really agreed to that. So I ran the numbers.",
            ),
            // Fast speech (6 words a second) is no run.
            (
                &[("we shipped it to every customer on Friday", 1.0, 0.17)],
                3.0,
                "we shipped it to every customer on Friday",
            ),
            // A run at the very end with no time left in the recording.
            (
                &[("we shipped it.", 1.0, 0.3), ("I was able to do that.", 2.5, 0.0)],
                2.6,
                "we shipped it.",
            ),
        ];
        for (parts, audio_s, want) in cases {
            let mut t = transcript(parts);
            let before = t.words.len();
            let n = drop_invented(&mut t, *audio_s);
            let got: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(got.join(" "), *want, "{parts:?}");
            assert_eq!(n, before - t.words.len());
            assert_eq!(t.text(), *want, "segment text follows the words");
        }
    }
}
