//! Tips: the two to four changes that would help an answer most, computed
//! from its measurements.
//!
//! Every measure proposes candidate tips; [`tips`] ranks them by a fixed
//! priority and keeps at most [`MAX_TIPS`]. The priority, highest first:
//!
//! 1. **Content**: a missed key point (at most [`MAX_KEY_POINT_TIPS`], in
//!    question order), with the reference answer's sentence that holds it.
//!    What an answer says matters before how it sounds.
//! 2. **Large delivery problems**: pace outside the warning band
//!    (below 100 or above 170 wpm overall), fillers above 4.8 a minute,
//!    an answer clearly shorter than its target, one longer than its target (naming the STAR part that ran
//!    longest against its share), no Action part at all.
//! 3. **Local problems**: a stretch of the answer that ran too fast or slow,
//!    fillers bunched in one stretch, monotone stretches, set-up (Situation
//!    and Task) over 40 % of the answer, mostly "we" in the Action part,
//!    hedging at one in a hundred words or more, no Result part.
//! 4. **Polish**: pace a little outside the comfortable band, a few hedges,
//!    repeated words and the same sentence opener.
//!
//! Within a tier a larger deviation comes first. The STAR share guide
//! (Situation about 15 %, Task 10 %, Action 55 %, Result 20 %) follows the
//! usual coaching advice to spend most of a behavioural answer on what the
//! speaker did.

use super::delivery::{Delivery, OwnershipVerdict};
use super::star::StarPart;
use super::{coverage, LengthVerdict, PaceVerdict, Question, Report, Settings, Word};
use serde::{Deserialize, Serialize};

/// Most tips in a report.
pub const MAX_TIPS: usize = 4;
/// Most of them about missed key points, so delivery gets a say.
pub const MAX_KEY_POINT_TIPS: usize = 2;
/// Fillers at least this many within [`BUNCH_WINDOW_S`] count as bunched.
const BUNCH_MIN: usize = 3;
/// Width of the window that finds bunched fillers (s).
const BUNCH_WINDOW_S: f64 = 15.0;

/// What a tip is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipKind {
    /// A missed key point.
    KeyPoint,
    /// Speaking rate.
    Pace,
    /// Fillers.
    Fillers,
    /// STAR structure and balance.
    Star,
    /// Answer length.
    Length,
    /// A flat voice (from the voice measures).
    Monotone,
    /// "I" against "we".
    Ownership,
    /// Hedges and weak words.
    Hedging,
    /// Repeated words and openers.
    Repetition,
}

/// One suggested change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tip {
    /// What it is about.
    pub kind: TipKind,
    /// The change, in one sentence.
    pub text: String,
    /// Supporting text: for a missed key point, the reference sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where in the answer it applies (s), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    /// Priority tier (1 = most important; see the module docs).
    pub tier: u8,
}

/// A tip with its rank inside the tier.
struct Candidate {
    tip: Tip,
    severity: f64,
}

fn tip(kind: TipKind, tier: u8, severity: f64, text: String, start_s: Option<f64>) -> Candidate {
    Candidate {
        tip: Tip {
            kind,
            text,
            quote: None,
            start_s,
            tier,
        },
        severity,
    }
}

/// `m:ss`.
fn mss(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The ranked tips for a report of an answer to `q`. `timed` is false for a
/// typed answer (no pace, no times).
pub fn tips(r: &Report, q: &Question, s: &Settings, timed: bool) -> Vec<Tip> {
    if r.no_speech {
        return vec![];
    }
    let mut c = key_point_tips(r, q);
    if timed {
        c.extend(pace_tips(r, s));
        c.extend(short_tip(r));
    }
    c.extend(filler_tips(r, timed));
    if let Some(d) = &r.delivery {
        c.extend(star_tips(r, d));
        c.extend(delivery_tips(d, r.words));
    }
    c.extend(voice_tips(r));
    rank(c)
}

/// Order by tier, then severity; keep [`MAX_TIPS`].
fn rank(mut c: Vec<Candidate>) -> Vec<Tip> {
    c.sort_by(|a, b| {
        a.tip
            .tier
            .cmp(&b.tip.tier)
            .then(b.severity.total_cmp(&a.severity))
    });
    c.into_iter().take(MAX_TIPS).map(|c| c.tip).collect()
}

/// The sentences of plain text (untimed words).
fn sentences_of(text: &str) -> Vec<coverage::Sentence> {
    let words: Vec<Word> = text
        .split_whitespace()
        .map(|w| Word {
            text: w.to_string(),
            start_s: 0.0,
            end_s: 0.0,
            prob: 1.0,
        })
        .collect();
    coverage::sentences(&words)
}

/// Longest quote in a tip, in words; longer ones are cut with "…".
const QUOTE_WORDS: usize = 40;

/// The reference sentence that holds `point`, its STAR label dropped: the
/// best match of the coverage matcher, narrowed to its best single
/// sentence when the matcher chose two, and cut to [`QUOTE_WORDS`].
fn reference_sentence(point: &str, q: &Question) -> Option<String> {
    let points = [point.to_string()];
    let best_of = |sents: &[coverage::Sentence]| {
        coverage::cover(&points, &q.question, sents)
            .pop()
            .and_then(|k| k.evidence.map(|e| (e, k.score)))
    };
    let (best, _) = best_of(&sentences_of(&q.reference))?;
    let inner = sentences_of(&best);
    let best = match inner.len() {
        0 | 1 => best,
        _ => inner
            .iter()
            .filter_map(|s| best_of(std::slice::from_ref(s)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(best, |(e, _)| e),
    };
    let trimmed = ["Situation:", "Task:", "Action:", "Result:"]
        .iter()
        .fold(best.trim(), |s, l| s.strip_prefix(l).unwrap_or(s).trim());
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    Some(match words.len() > QUOTE_WORDS {
        true => format!("{} …", words[..QUOTE_WORDS].join(" ")),
        false => trimmed.to_string(),
    })
}

fn key_point_tips(r: &Report, q: &Question) -> Vec<Candidate> {
    r.key_points
        .iter()
        .filter(|k| !k.covered && !k.negated)
        .take(MAX_KEY_POINT_TIPS)
        .enumerate()
        .map(|(i, k)| {
            let mut c = tip(
                TipKind::KeyPoint,
                1,
                -(i as f64),
                format!("Add: {}.", k.text.trim_end_matches('.')),
                None,
            );
            c.tip.quote = reference_sentence(&k.text, q);
            c
        })
        .collect()
}

/// Merged runs of pace windows above `hi` or below `lo` (words > 0), as
/// (start, end, most extreme wpm).
fn off_windows(r: &Report, lo: f64, hi: f64) -> Vec<(f64, f64, f64)> {
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    let mut prev_fast: Option<bool> = None;
    for w in r.pace_windows.iter().filter(|w| w.words > 0) {
        let fast = w.wpm > hi;
        if !(fast || w.wpm < lo) {
            prev_fast = None;
            continue;
        }
        match (prev_fast, out.last_mut()) {
            (Some(p), Some(last)) if p == fast => {
                last.1 = w.end_s;
                last.2 = if fast {
                    last.2.max(w.wpm)
                } else {
                    last.2.min(w.wpm)
                };
            }
            _ => out.push((w.start_s, w.end_s, w.wpm)),
        }
        prev_fast = Some(fast);
    }
    out
}

fn pace_tips(r: &Report, s: &Settings) -> Vec<Candidate> {
    let (lo, hi) = s.comfort_wpm;
    let (warn_lo, warn_hi) = s.warn_wpm;
    let mut out = Vec::new();
    let off = (r.wpm - r.wpm.clamp(lo, hi)).abs();
    let band = format!("aim for {lo:.0}-{hi:.0} wpm");
    match r.pace_verdict {
        PaceVerdict::TooFast | PaceVerdict::Fast => out.push(tip(
            TipKind::Pace,
            if r.pace_verdict == PaceVerdict::TooFast {
                2
            } else {
                4
            },
            off,
            format!(
                "Slow down: {:.0} wpm overall; {band}, with a breath between sentences.",
                r.wpm
            ),
            None,
        )),
        PaceVerdict::TooSlow | PaceVerdict::Slow => out.push(tip(
            TipKind::Pace,
            if r.pace_verdict == PaceVerdict::TooSlow {
                2
            } else {
                4
            },
            off,
            format!(
                "Pick up the pace: {:.0} wpm overall; {band}, with fewer long gaps.",
                r.wpm
            ),
            None,
        )),
        _ => {}
    }
    // A stretch beyond the warning band while the whole is fine.
    if matches!(r.pace_verdict, PaceVerdict::Comfortable) && r.pace_windows.len() > 1 {
        for (from, to, wpm) in off_windows(r, warn_lo, warn_hi).into_iter().take(1) {
            let verb = if wpm > warn_hi { "sped up" } else { "slowed" };
            out.push(tip(
                TipKind::Pace,
                3,
                (wpm - wpm.clamp(warn_lo, warn_hi)).abs(),
                format!(
                    "At {}-{} you {verb} to {wpm:.0} wpm; keep that stretch near the rest ({band}).",
                    mss(from),
                    mss(to)
                ),
                Some(from),
            ));
        }
    }
    out
}

/// A clearly short answer: say more (the long case names a STAR part, in
/// [`star_tips`]).
fn short_tip(r: &Report) -> Option<Candidate> {
    (r.length_verdict == LengthVerdict::Short && r.target_s > 0).then(|| {
        tip(
            TipKind::Length,
            2,
            1.0 - r.speech_s / r.target_s as f64,
            format!(
                "Say more: {} spoken of a {} target; add the missing steps and the result.",
                mss(r.speech_s),
                mss(r.target_s as f64)
            ),
            None,
        )
    })
}

/// The densest [`BUNCH_WINDOW_S`] stretch of fillers: (start, count).
fn densest(times: &[f64]) -> Option<(f64, usize)> {
    let mut t: Vec<f64> = times.to_vec();
    t.sort_by(f64::total_cmp);
    (0..t.len())
        .map(|i| {
            let n = t[i..]
                .iter()
                .take_while(|x| **x < t[i] + BUNCH_WINDOW_S)
                .count();
            (t[i], n)
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.total_cmp(&a.0)))
}

fn filler_tips(r: &Report, timed: bool) -> Vec<Candidate> {
    let n = r.filler_count;
    if n == 0 {
        return vec![];
    }
    let mut out = Vec::new();
    if timed && r.fillers_per_min > 4.8 {
        out.push(tip(
            TipKind::Fillers,
            2,
            r.fillers_per_min,
            format!(
                "Cut the fillers: {n} ({:.1} a minute); pause silently instead.",
                r.fillers_per_min
            ),
            None,
        ));
    } else if !timed && n >= BUNCH_MIN {
        out.push(tip(
            TipKind::Fillers,
            3,
            n as f64,
            format!("Cut the fillers: {n} in {} words.", r.words),
            None,
        ));
    }
    if timed {
        let times: Vec<f64> = r.fillers.iter().map(|f| f.start_s).collect();
        if let Some((at, k)) = densest(&times).filter(|(_, k)| *k >= BUNCH_MIN) {
            out.push(tip(
                TipKind::Fillers,
                3,
                k as f64,
                format!(
                    "Fillers bunched at {}-{} ({k} of {n}); slow down there and let a pause do the work.",
                    mss(at),
                    mss(at + BUNCH_WINDOW_S)
                ),
                Some(at),
            ));
        }
    }
    out
}

/// The usual share of each STAR part in a behavioural answer.
fn guide(p: StarPart) -> f64 {
    match p {
        StarPart::Situation => 0.15,
        StarPart::Task => 0.10,
        StarPart::Action => 0.55,
        StarPart::Result => 0.20,
    }
}

fn star_tips(r: &Report, d: &Delivery) -> Vec<Candidate> {
    let mut out = Vec::new();
    let sentences: usize = d.parts.iter().map(|p| p.sentences).sum();
    if sentences < 3 {
        return out;
    }
    // An Action part found by the cue phrases or by the sentence segmentation.
    let has_action = r.star.action || d.parts.iter().any(|p| p.part == StarPart::Action);
    if !has_action {
        out.push(tip(
            TipKind::Star,
            2,
            1.0,
            "Say what you did: no Action part was found (\"I decided\", \"I built\").".into(),
            None,
        ));
    }
    let setup: f64 = d
        .parts
        .iter()
        .filter(|p| matches!(p.part, StarPart::Situation | StarPart::Task))
        .map(|p| p.share)
        .sum();
    let over = d
        .parts
        .iter()
        .map(|p| (p, p.share - guide(p.part)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if r.length_verdict == LengthVerdict::Long {
        if let Some((p, by)) = over.filter(|(_, by)| *by > 0.0) {
            out.push(tip(
                TipKind::Length,
                2,
                by,
                format!(
                    "Trim the {}: the answer ran {} against a {} target and the {} took {:.0}% of it (about {:.0}% is usual).",
                    p.part.name(),
                    mss(r.speech_s),
                    mss(r.target_s as f64),
                    p.part.name(),
                    p.share * 100.0,
                    guide(p.part) * 100.0
                ),
                p.start_s,
            ));
            return out;
        }
    }
    if has_action && d.parts.len() >= 2 && setup > 0.4 {
        out.push(tip(
            TipKind::Star,
            3,
            setup - 0.4,
            format!(
                "Shorten the set-up: Situation and Task took {:.0}% of the answer; keep them to about a quarter and spend the time on what you did.",
                setup * 100.0
            ),
            d.parts.first().and_then(|p| p.start_s),
        ));
    }
    if has_action && !r.star.result {
        out.push(tip(
            TipKind::Star,
            3,
            0.5,
            "End with the result, ideally with a number (\"error fell to 8%\").".into(),
            None,
        ));
    }
    out
}

fn delivery_tips(d: &Delivery, words: usize) -> Vec<Candidate> {
    let mut out = Vec::new();
    let o = &d.ownership;
    if o.verdict == OwnershipVerdict::Team && o.we_count >= 2 {
        let part = match o.scope {
            super::delivery::OwnershipScope::Action => "the Action part",
            super::delivery::OwnershipScope::WholeAnswer => "the answer",
        };
        out.push(tip(
            TipKind::Ownership,
            3,
            o.we_count as f64 - o.i_count as f64,
            format!(
                "Say what you did: {part} has {} \"we\" and {} \"I\"; name your own steps with \"I\".",
                o.we_count, o.i_count
            ),
            o.we_at.first().copied(),
        ));
    }
    let h = d.hedges.len();
    if h >= 2 {
        let mut seen: Vec<&str> = Vec::new();
        for m in &d.hedges {
            if !seen.contains(&m.text.as_str()) {
                seen.push(&m.text);
            }
        }
        let list = seen
            .iter()
            .take(3)
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let tier = if d.hedges_per_100_words >= 1.0 { 3 } else { 4 };
        out.push(tip(
            TipKind::Hedging,
            tier,
            d.hedges_per_100_words,
            format!("Drop the hedges ({h}: {list}); state what you know plainly."),
            d.hedges.first().and_then(|m| m.start_s),
        ));
    }
    if let Some(run) = d.openers.first() {
        out.push(tip(
            TipKind::Repetition,
            4,
            run.sentences as f64,
            format!(
                "Vary your openers: {} sentences in a row start with \"{}\".",
                run.sentences, run.word
            ),
            run.start_s,
        ));
    }
    if d.repeats.len() >= 2 && words > 0 {
        out.push(tip(
            TipKind::Repetition,
            4,
            d.repeats.len() as f64,
            format!(
                "Finish each word once: {} words were said twice in a row (\"{}\").",
                d.repeats.len(),
                d.repeats[0].text
            ),
            d.repeats[0].start_s,
        ));
    }
    out
}

/// Tips from the voice measures (pitch, volume).
///
/// HOOK(w3): when `Report` carries the monotone stretches, propose one
/// tier-3 [`TipKind::Monotone`] candidate here for the longest stretch
/// ("Vary your pitch at 0:40-0:55: …"), severity its length in seconds.
fn voice_tips(_r: &Report) -> Vec<Candidate> {
    vec![]
}

#[cfg(test)]
mod tests;
