//! Whisper's repetition loops. In a noisy or echoey room Whisper can fall
//! into writing one phrase over and over ("I'm a little bit scared of it."
//! six times) while the speaker says something else, so the answer loses
//! its words and gains false ones. A phrase of several words written three
//! times within seconds of each other marks such a loop; the caller
//! transcribes that stretch again in short pieces (cut at the pauses, see
//! [`pieces`]) and puts the result in its place ([`replace`]) when the new
//! text does not loop.

use super::fillers::is_hesitation;
use super::{SpeechActivity, Transcript, Word};

/// Words in the repeated phrase: long enough that a speaker does not say it
/// three times by chance ("at the end of" once, "I think that" maybe twice).
pub const PHRASE_WORDS: usize = 4;

/// How many times the phrase must be written to count as a loop.
pub const MIN_REPEATS: usize = 3;

/// ... each time starting at most this long (s) after the previous one.
pub const MAX_REPEAT_GAP_S: f64 = 20.0;

/// Longest piece (s) a looped stretch is transcribed again in: short enough
/// that Whisper does not carry the loop from one sentence to the next.
pub const MAX_PIECE_S: f64 = 10.0;

/// A word as compared for repeats: lower-case letters and digits only.
fn key(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Each loop in `words` as the indexes of its first and last word: a phrase
/// of [`PHRASE_WORDS`] words (hesitations left out) written at least
/// [`MIN_REPEATS`] times, each within [`MAX_REPEAT_GAP_S`] of the one before.
fn loops(words: &[Word]) -> Vec<(usize, usize)> {
    let kept: Vec<(usize, String)> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| !is_hesitation(&w.text))
        .map(|(i, w)| (i, key(&w.text)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    if kept.len() < PHRASE_WORDS * MIN_REPEATS {
        return Vec::new();
    }
    let mut at: std::collections::HashMap<Vec<&str>, Vec<usize>> = Default::default();
    for j in 0..=kept.len() - PHRASE_WORDS {
        let phrase: Vec<&str> = kept[j..j + PHRASE_WORDS]
            .iter()
            .map(|(_, k)| k.as_str())
            .collect();
        at.entry(phrase).or_default().push(j);
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for starts in at.values() {
        // Runs of non-overlapping repeats close together in time.
        let mut run: Vec<usize> = Vec::new();
        let mut flush = |run: &mut Vec<usize>| {
            if run.len() >= MIN_REPEATS {
                let first = kept[run[0]].0;
                let last = kept[run[run.len() - 1] + PHRASE_WORDS - 1].0;
                found.push((first, last));
            }
            run.clear();
        };
        for &j in starts {
            match run.last() {
                Some(&p)
                    if j >= p + PHRASE_WORDS
                        && words[kept[j].0].start_s - words[kept[p].0].start_s
                            <= MAX_REPEAT_GAP_S =>
                {
                    run.push(j)
                }
                Some(&p) if j < p + PHRASE_WORDS => {}
                _ => {
                    flush(&mut run);
                    run.push(j);
                }
            }
        }
        flush(&mut run);
    }
    // Overlapping loops (every phrase of a looped sentence repeats) are one.
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in found {
        match merged.last_mut() {
            Some(m) if a <= m.1 + 1 => m.1 = m.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// True when Whisper looped somewhere in `words`.
pub fn has_loop(words: &[Word]) -> bool {
    !loops(words).is_empty()
}

/// Stretches (start, end in s) of `t` that Whisper filled with a loop: from
/// the first word of the first repeat to the start of the word after the
/// last repeat (the end of the recording, `audio_s`, when none follows).
pub fn looped_spans(t: &Transcript, audio_s: f64) -> Vec<(f64, f64)> {
    let w = &t.words;
    loops(w)
        .into_iter()
        .map(|(a, b)| {
            let to = w.get(b + 1).map_or(audio_s, |n| n.start_s);
            (w[a].start_s, to.max(w[b].end_s))
        })
        .collect()
}

/// `span` cut into pieces of at most [`MAX_PIECE_S`] where it can be: each
/// cut falls in the middle of a silence between voiced regions of `a` (a
/// voiced stretch longer than that stays whole).
pub fn pieces(span: (f64, f64), a: &SpeechActivity) -> Vec<(f64, f64)> {
    let gaps = a
        .regions
        .windows(2)
        .map(|r| (r[0].1 + r[1].0) / 2.0)
        .filter(|&m| m > span.0 && m < span.1);
    let mut out = Vec::new();
    let mut from = span.0;
    let mut cut: Option<f64> = None;
    for m in gaps.chain(std::iter::once(span.1)) {
        if m - from > MAX_PIECE_S {
            if let Some(c) = cut.take() {
                out.push((from, c));
                from = c;
            }
        }
        cut = Some(m);
    }
    out.push((from, span.1));
    out
}

/// Put `again` (a new transcript of the looped stretch `span`, its times
/// relative to `span.0`) in place of the words and segments of `t` whose
/// middles lie in `span`, unless it is empty or loops itself. Returns
/// whether it did.
pub fn replace(t: &mut Transcript, span: (f64, f64), again: Transcript) -> bool {
    if again.words.is_empty() || has_loop(&again.words) {
        return false;
    }
    t.replace_span(span, again);
    true
}

/// Join the transcripts of consecutive pieces (each timed from its own
/// start, `pieces[i].0`) into one timed from `pieces[0].0`.
pub fn join(pieces: &[(f64, f64)], parts: Vec<Transcript>) -> Transcript {
    let origin = pieces.first().map_or(0.0, |p| p.0);
    let mut out = Transcript {
        aligned: true,
        ..Default::default()
    };
    for (p, mut part) in pieces.iter().zip(parts) {
        let shift = p.0 - origin;
        for w in &mut part.words {
            w.start_s += shift;
            w.end_s += shift;
        }
        for s in &mut part.segments {
            s.start_s += shift;
            s.end_s += shift;
        }
        out.aligned &= part.aligned;
        out.cleaned |= part.cleaned;
        out.words.extend(part.words);
        out.segments.extend(part.segments);
    }
    out
}

#[cfg(test)]
mod tests;
