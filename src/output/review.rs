//! `rehearse review` in the terminal: one saved attempt with its timed
//! transcript (pauses in place, fillers marked), key points with the sentence
//! that covered them, the reference answer and pace over time.
//!
//! Also the pieces the other attempt renderers share: [`AttemptView`] (an
//! attempt as the renderers see it), [`transcript_lines`] (words, pauses and
//! fillers laid out in time order) and small formatting helpers.

use crate::analysis::{KeyPointResult, LengthVerdict, PaceVerdict, Report, Settings};
use std::fmt::Write;

/// A saved attempt as the renderers see it; `app` builds it from the store.
#[derive(Debug, Clone, Copy)]
pub struct AttemptView<'a> {
    /// Attempt id (folder name).
    pub id: &'a str,
    /// When it was saved, RFC 3339 UTC.
    pub created: &'a str,
    /// Which command saved it ("practice", "score").
    pub source: &'a str,
    /// Question id.
    pub question_id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// The reference answer.
    pub reference: &'a str,
    /// The analysis.
    pub report: &'a Report,
}

/// ANSI styling shared with the score report (see [`super::terminal::Style`]).
pub(crate) type Paint = super::terminal::Style;

pub use super::terminal::clock;

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

/// Number of key points covered.
pub fn covered_count(r: &Report) -> usize {
    r.key_points.iter().filter(|k| k.covered).count()
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

/// `[pause 2.8 s]`.
pub fn pause_label(duration_s: f64) -> String {
    format!("[pause {duration_s:.1} s]")
}

/// Greedy word wrap of pre-styled tokens; `lens` are their visible widths.
fn wrap_tokens(tokens: &[(String, usize)], width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut used = 0usize;
    for (tok, len) in tokens {
        if used > 0 && used + 1 + len > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(tok);
        used += len;
    }
    if used > 0 {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Wrap plain text to `width` columns with an indent.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let toks: Vec<(String, usize)> = text
        .split_whitespace()
        .map(|w| (w.to_string(), w.chars().count()))
        .collect();
    wrap_tokens(&toks, width, indent, indent)
}

/// Text width used for wrapping.
const WIDTH: usize = 72;

/// Render the review of one attempt for the terminal.
pub fn render(v: &AttemptView, color: bool) -> String {
    let p = Paint { color };
    let r = v.report;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {}  {}",
        p.bold("Attempt"),
        p.cyan(v.id),
        p.dim(&format!("({}, {})", short_date(v.created), v.source))
    );
    let _ = write!(o, "{}", wrap(v.question, WIDTH, "  "));
    let _ = writeln!(o, "  {}", p.dim(&format!("[{}]", v.question_id)));
    o.push('\n');
    o.push_str(&summary_lines(r, p));
    if r.no_speech {
        let _ = writeln!(
            o,
            "\n{}",
            p.warn("No speech detected in this recording: nothing to review.")
        );
        return o;
    }

    let _ = writeln!(
        o,
        "\n{}  {}",
        p.bold("Transcript"),
        p.dim("({um} = filler, [pause] = silence of 1 s or more)")
    );
    for line in transcript_lines(r) {
        let toks: Vec<(String, usize)> = line
            .items
            .iter()
            .map(|it| match it {
                Item::Word { text, filler, .. } => {
                    if *filler {
                        let t = format!("{{{text}}}");
                        let n = t.chars().count();
                        (p.warn(&t), n)
                    } else {
                        (text.clone(), text.chars().count())
                    }
                }
                Item::Pause {
                    duration_s,
                    dead_air,
                    ..
                } => {
                    let t = pause_label(*duration_s);
                    let n = t.chars().count();
                    (if *dead_air { p.bad(&t) } else { p.dim(&t) }, n)
                }
            })
            .collect();
        let stamp = format!("{:>6}  ", clock(line.start_s));
        o.push_str(&wrap_tokens(
            &toks,
            WIDTH - 8,
            &p.dim(&stamp),
            &" ".repeat(stamp.len()),
        ));
    }

    let _ = writeln!(
        o,
        "\n{}  {}",
        p.bold("Key points"),
        p.dim(&format!(
            "({}/{} covered)",
            covered_count(r),
            r.key_points.len()
        ))
    );
    if r.key_points.is_empty() {
        let _ = writeln!(o, "  {}", p.dim("this question has no key points"));
    }
    for k in &r.key_points {
        o.push_str(&key_point_lines(k, p));
    }

    if !v.reference.trim().is_empty() {
        let _ = writeln!(o, "\n{}", p.bold("Reference answer"));
        o.push_str(&wrap(v.reference, WIDTH, "  "));
    }

    if !r.pace_windows.is_empty() {
        let band = Settings::default().comfort_wpm;
        let _ = writeln!(
            o,
            "\n{}  {}",
            p.bold("Pace over time"),
            p.dim(&format!(
                "(words per minute; comfortable {:.0}-{:.0})",
                band.0, band.1
            ))
        );
        o.push_str(&pace_bars(r, p));
    }
    o
}

/// The headline figures of one report, two lines.
fn summary_lines(r: &Report, p: Paint) -> String {
    let mut o = String::new();
    let target = if r.target_s > 0 {
        format!(" of {} target", clock(r.target_s as f64))
    } else {
        String::new()
    };
    let len_note = length_words(r.length_verdict);
    let len = match r.length_verdict {
        LengthVerdict::OnTarget => p.good(len_note),
        LengthVerdict::None => p.dim(len_note),
        _ => p.warn(len_note),
    };
    let pace_note = pace_words(r.pace_verdict);
    let pace = match r.pace_verdict {
        PaceVerdict::Comfortable => p.good(pace_note),
        PaceVerdict::Slow | PaceVerdict::Fast => p.warn(pace_note),
        PaceVerdict::None => p.dim(pace_note),
        _ => p.bad(pace_note),
    };
    let _ = writeln!(
        o,
        "  Length   {}{target} ({len})      Pace  {:.0} wpm ({pace}; articulation {:.0} wpm)",
        clock(r.speech_s),
        r.wpm,
        r.articulation_wpm
    );
    let _ = writeln!(
        o,
        "  Pauses   {} ({} dead air)      Fillers  {} ({:.1}/min)      Coverage  {}/{} ({:.0}%)      STAR  {}",
        r.pauses.len(),
        r.dead_air_count,
        r.filler_count,
        r.fillers_per_min,
        covered_count(r),
        r.key_points.len(),
        r.coverage * 100.0,
        star_letters(r)
    );
    o
}

fn key_point_lines(k: &KeyPointResult, p: Paint) -> String {
    let mut o = String::new();
    let (mark, state) = if k.covered {
        (p.good("✓"), p.good("covered"))
    } else if k.negated {
        (p.bad("✗"), p.bad("denied"))
    } else {
        (p.bad("✗"), p.bad("missed"))
    };
    let head = wrap(&k.text, WIDTH - 4, "    ");
    let head = head.trim_start();
    let _ = write!(o, "  {mark} {head}");
    let when = k
        .evidence_start_s
        .map(|t| format!("{} ", clock(t)))
        .unwrap_or_default();
    match (&k.evidence, k.covered) {
        (Some(e), true) => {
            let _ = write!(
                o,
                "{}",
                p.dim(&wrap(
                    &format!("{state} at {when}\"{e}\""),
                    WIDTH - 4,
                    "    "
                ))
            );
        }
        (Some(e), false) => {
            let _ = write!(
                o,
                "{}",
                p.dim(&wrap(
                    &format!("{state}; closest: {when}\"{e}\""),
                    WIDTH - 4,
                    "    "
                ))
            );
        }
        (None, _) => {
            let _ = writeln!(o, "    {state}");
        }
    }
    o
}

/// One bar per pace window, 0-220 wpm over 30 columns.
fn pace_bars(r: &Report, p: Paint) -> String {
    let s = Settings::default();
    let mut o = String::new();
    let max = 220.0;
    let cols = 30.0;
    for w in &r.pace_windows {
        let n = ((w.wpm / max).clamp(0.0, 1.0) * cols).round() as usize;
        let bar = "█".repeat(n);
        let note = if w.words == 0 {
            "silent"
        } else if w.wpm < s.comfort_wpm.0 {
            "slow"
        } else if w.wpm > s.comfort_wpm.1 {
            "fast"
        } else {
            ""
        };
        let bar = match note {
            "" => p.good(&bar),
            "silent" => bar,
            _ => p.warn(&bar),
        };
        let pad = " ".repeat(cols as usize - n);
        let line = format!(
            "  {:>5}-{:<5} {bar}{pad} {:>3.0} {note}",
            clock(w.start_s),
            clock(w.end_s),
            w.wpm
        );
        let _ = writeln!(o, "{}", line.trim_end());
    }
    o
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
                        Item::Pause { duration_s, .. } => pause_label(*duration_s),
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

    #[test]
    fn clocks_parse_and_print() {
        assert_eq!(clock(0.0), "0:00");
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
}
