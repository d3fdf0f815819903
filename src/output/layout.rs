//! The transcript laid out for reading: words in time order, a line per
//! sentence, pauses placed between the words they fall between and fillers
//! flagged. The terminal, Markdown and HTML renderers all draw from it.

use crate::analysis::Report;

/// One piece of the laid-out transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A recognised word (or a whole segment when word timing is missing).
    Word {
        /// The text as recognised.
        text: String,
        /// Start time (s).
        start_s: f64,
        /// True when this word is (part of) a filler.
        filler: bool,
    },
    /// A silence inside the answer.
    Pause {
        /// Start time (s).
        start_s: f64,
        /// Length (s).
        duration_s: f64,
        /// Long enough to be dead air.
        dead_air: bool,
    },
}

/// One line of the laid-out transcript (about a sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Time of the first item (s).
    pub start_s: f64,
    /// Words and pauses in time order.
    pub items: Vec<Item>,
}

/// Longest line, in words, before a break is forced (whisper can run on
/// without punctuation).
const MAX_LINE_WORDS: usize = 28;

/// Lay the transcript out in time order: a line per sentence, pauses placed
/// between the words they fall between, fillers flagged. Falls back to the
/// segments when the report has no word timing.
pub fn transcript_lines(r: &Report) -> Vec<Line> {
    let mut pauses = r.pauses.clone();
    pauses.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    let words: Vec<(String, f64, bool)> = if r.transcript.words.is_empty() {
        r.transcript
            .segments
            .iter()
            .map(|s| (s.text.trim().to_string(), s.start_s, false))
            .filter(|w| !w.0.is_empty())
            .collect()
    } else {
        // One item per filler occurrence, even when it spans words ("you know").
        let flags = filler_flags(r);
        let mut out: Vec<(String, f64, bool)> = Vec::new();
        let mut prev: Option<usize> = None;
        for (w, f) in r.transcript.words.iter().zip(flags) {
            let text = w.text.trim();
            if text.is_empty() {
                continue;
            }
            match (f, prev, out.last_mut()) {
                (Some(i), Some(j), Some(last)) if i == j => {
                    last.0.push(' ');
                    last.0.push_str(text);
                }
                _ => out.push((text.to_string(), w.start_s, f.is_some())),
            }
            prev = f;
        }
        out
    };
    let mut lines = Vec::new();
    let mut cur: Vec<Item> = Vec::new();
    let mut cur_words = 0;
    let mut next_pause = 0;
    let push_pause = |cur: &mut Vec<Item>, p: &crate::analysis::Pause| {
        cur.push(Item::Pause {
            start_s: p.start_s,
            duration_s: p.duration_s,
            dead_air: p.dead_air,
        })
    };
    let flush = |lines: &mut Vec<Line>, cur: &mut Vec<Item>| {
        if let Some(first) = cur.first() {
            let start_s = match first {
                Item::Word { start_s, .. } | Item::Pause { start_s, .. } => *start_s,
            };
            lines.push(Line {
                start_s,
                items: std::mem::take(cur),
            });
        }
    };
    for (text, start_s, filler) in words {
        while next_pause < pauses.len() && pauses[next_pause].start_s <= start_s + 0.01 {
            push_pause(&mut cur, &pauses[next_pause]);
            next_pause += 1;
        }
        let ends_sentence = text.ends_with(['.', '?', '!']);
        cur.push(Item::Word {
            text,
            start_s,
            filler,
        });
        cur_words += 1;
        if ends_sentence || cur_words >= MAX_LINE_WORDS {
            flush(&mut lines, &mut cur);
            cur_words = 0;
        }
    }
    for p in &pauses[next_pause..] {
        push_pause(&mut cur, p);
    }
    flush(&mut lines, &mut cur);
    lines
}

/// For each transcript word, the reported filler it belongs to (if any).
fn filler_flags(r: &Report) -> Vec<Option<usize>> {
    let words = &r.transcript.words;
    let mut flags = vec![None; words.len()];
    for (k, f) in r.fillers.iter().enumerate() {
        let best = words
            .iter()
            .enumerate()
            .map(|(i, w)| (i, (w.start_s - f.start_s).abs()))
            .filter(|(_, d)| *d < 0.3)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            // "you know" may be one recognised word or two.
            let n = f.word.split_whitespace().count().max(1);
            let (mut seen, mut j) = (0, i);
            while seen < n && j < words.len() {
                flags[j] = Some(k);
                seen += words[j].text.split_whitespace().count().max(1);
                j += 1;
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(words: &[(&str, f64)], fillers: &[(&str, f64)], pauses: &[(f64, f64)]) -> Report {
        use crate::analysis::*;
        Report {
            version: REPORT_VERSION,
            question_id: "q".into(),
            audio_s: 10.0,
            speech_s: 9.0,
            speaking_s: 8.0,
            no_speech: false,
            words: words.len(),
            wpm: 140.0,
            articulation_wpm: 150.0,
            pace_verdict: PaceVerdict::Comfortable,
            pace_windows: vec![],
            pauses: pauses
                .iter()
                .map(|&(start_s, duration_s)| Pause {
                    start_s,
                    duration_s,
                    dead_air: duration_s >= 2.5,
                })
                .collect(),
            dead_air_count: 0,
            fillers: fillers
                .iter()
                .map(|&(w, start_s)| Filler {
                    word: w.into(),
                    start_s,
                    heard: false,
                })
                .collect(),
            filler_count: fillers.len(),
            fillers_per_min: 0.0,
            key_points: vec![],
            coverage: 0.0,
            star: StarParts::default(),
            target_s: 60,
            length_verdict: LengthVerdict::Short,
            transcript: TranscriptOut {
                cleaned: false,
                text: String::new(),
                segments: vec![],
                words: words
                    .iter()
                    .map(|&(t, s)| Word {
                        text: t.into(),
                        start_s: s,
                        end_s: s + 0.3,
                        prob: 0.9,
                    })
                    .collect(),
            },
            voice: None,
            delivery: None,
            tips: vec![],
        }
    }

    fn texts(lines: &[Line]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| {
                l.items
                    .iter()
                    .map(|i| match i {
                        Item::Word { text, filler, .. } if *filler => format!("{{{text}}}"),
                        Item::Word { text, .. } => text.clone(),
                        Item::Pause { duration_s, .. } => {
                            crate::output::format::pause_label(*duration_s)
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn transcript_lines_place_pauses_and_group_fillers() {
        let r = report(
            &[
                ("So,", 0.5),
                ("you", 0.9),
                ("know,", 1.1),
                ("we", 4.0),
                ("shipped.", 4.3),
                ("Um,", 5.0),
                ("then", 5.4),
                ("um", 5.8),
                ("fixed", 6.1),
                ("it.", 6.5),
            ],
            &[("you know", 0.9), ("um", 5.0), ("um", 5.8)],
            &[(1.4, 2.6), (9.0, 1.0)],
        );
        let lines = transcript_lines(&r);
        assert_eq!(
            texts(&lines),
            vec![
                vec!["So,", "{you know,}", "[pause 2.6 s]", "we", "shipped."],
                vec!["{Um,}", "then", "{um}", "fixed", "it."],
                vec!["[pause 1.0 s]"],
            ]
        );
        assert_eq!(lines[0].start_s, 0.5);
        assert_eq!(lines[1].start_s, 5.0);
        // A filler a few frames off the word start still finds its word.
        let r = report(&[("uh", 2.0), ("yes.", 2.4)], &[("uh", 2.12)], &[]);
        assert_eq!(texts(&transcript_lines(&r)), vec![vec!["{uh}", "yes."]]);
    }

    #[test]
    fn transcript_falls_back_to_segments() {
        let mut r = report(&[], &[], &[(3.0, 1.5)]);
        r.transcript.segments = vec![
            crate::analysis::TranscriptSegment {
                start_s: 0.0,
                end_s: 3.0,
                text: "First part.".into(),
            },
            crate::analysis::TranscriptSegment {
                start_s: 4.5,
                end_s: 6.0,
                text: " Second part.".into(),
            },
        ];
        assert_eq!(
            texts(&transcript_lines(&r)),
            vec![vec!["First part."], vec!["[pause 1.5 s]", "Second part."]]
        );
    }
}
