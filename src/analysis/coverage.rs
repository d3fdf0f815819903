//! Key-point coverage: which points of the reference answer the speaker
//! stated, with the transcript sentence that shows it.
//!
//! Each key point becomes weighted content tokens (numbers weigh more; words
//! the question itself uses weigh less). Every sentence, and every pair of
//! adjacent sentences, of the answer is scored by the weighted share of those
//! tokens it contains, where tokens match by stem, near-miss spelling
//! (recogniser errors) or general-English synonym, and numbers match whether
//! spoken or written as digits. A span that mentions the point but denies it
//! ("we never ran the test", "we planned to …, but it was stopped") does not
//! count.

use super::text::{stems_match, tokens, Token};
use super::{KeyPointResult, Word};
use crate::lexicon::cues::{
    COMPLETION, CONTRAST, INTENT, NEGATION, NEGATION_IDIOMS, REFERRING, STOPPED,
};
use crate::lexicon::stop::is_stop;

/// A point counts as covered at or above this score. On the development set
/// points that were stated scored 0.48–1.0 and points that were not scored at
/// most 0.28 (tiny.en transcripts); the threshold sits between the two.
pub const COVERED_AT: f64 = 0.45;

/// A sentence of the answer with its timing.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The sentence text as transcribed.
    pub text: String,
    /// Start time (s).
    pub start_s: f64,
    /// End time (s).
    pub end_s: f64,
}

/// Split timed words into sentences at . ? ! (and at very long run-ons).
pub fn sentences(words: &[Word]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur: Vec<&Word> = Vec::new();
    for w in words {
        cur.push(w);
        let ends = w.text.trim_end().ends_with(['.', '?', '!']);
        let too_long = cur.len() >= 45 && w.text.trim_end().ends_with(',');
        if ends || too_long {
            out.push(make(&cur));
            cur.clear();
        }
    }
    if !cur.is_empty() {
        out.push(make(&cur));
    }
    out
}

fn make(ws: &[&Word]) -> Sentence {
    Sentence {
        text: ws
            .iter()
            .map(|w| w.text.trim())
            .collect::<Vec<_>>()
            .join(" "),
        start_s: ws.first().map(|w| w.start_s).unwrap_or(0.0),
        end_s: ws.last().map(|w| w.end_s).unwrap_or(0.0),
    }
}

/// Does this contrast clause deny what came before it?
fn contrast_denies(clause: &[Token]) -> bool {
    let referring = clause
        .iter()
        .take(3)
        .any(|t| REFERRING.contains(&t.norm.as_str()));
    let stopped = clause
        .iter()
        .any(|t| STOPPED.contains(&t.norm.as_str()) || STOPPED.contains(&t.stem.as_str()));
    let not_done = clause.iter().enumerate().any(|(k, t)| {
        is_neg(t)
            && clause[k + 1..]
                .iter()
                .take(3)
                .any(|u| COMPLETION.iter().any(|c| u.stem.starts_with(c)))
    });
    referring && (stopped || not_done)
}

fn is_neg(t: &Token) -> bool {
    NEGATION.contains(&t.norm.as_str())
}

/// Per-token flag: is this token inside a denied stretch?
pub fn denied_mask(toks: &[Token]) -> Vec<bool> {
    let mut mask = vec![false; toks.len()];
    // Rule 1: a negation cue denies what follows it in the same clause.
    for i in 0..toks.len() {
        if !is_neg(&toks[i]) {
            continue;
        }
        let next = toks.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
        if NEGATION_IDIOMS
            .iter()
            .any(|(a, b)| *a == toks[i].norm && *b == next)
        {
            continue;
        }
        if toks[i].clause_end {
            continue;
        }
        for j in i + 1..toks.len().min(i + 13) {
            mask[j] = true;
            if toks[j].clause_end {
                break;
            }
        }
    }
    // Rule 2: an intention followed by a contrast clause whose subject points
    // back to it and which says it did not happen or was stopped ("we planned
    // to run it for four weeks, but it was stopped after one"; "I wanted to
    // pull the data, but that analysis never happened"). A contrast about
    // something else ("but a lot of people skipped") denies nothing.
    for i in 1..toks.len() {
        if !CONTRAST.contains(&toks[i].norm.as_str()) {
            continue;
        }
        let end = (i + 1..toks.len())
            .find(|&j| toks[j].clause_end)
            .map_or(toks.len(), |j| j + 1);
        let intended = toks[..i]
            .iter()
            .any(|t| INTENT.contains(&t.norm.as_str()) || INTENT.contains(&t.stem.as_str()));
        if intended && contrast_denies(&toks[i + 1..end]) {
            for m in mask.iter_mut().take(i) {
                *m = true;
            }
        }
    }
    mask
}

/// A key point prepared for matching.
#[derive(Debug, Clone)]
struct Point {
    toks: Vec<(Token, f64)>,
    has_neg: bool,
}

fn prepare(point: &str, qtoks: &[Token], all_points: &[Vec<Token>]) -> Point {
    let raw = tokens(point);
    let has_neg = raw.iter().any(is_neg);
    let mut toks: Vec<(Token, f64)> = Vec::new();
    for t in raw {
        if is_stop(&t.norm) || is_neg(&t) || t.norm.len() < 2 && !t.number {
            continue;
        }
        if toks.iter().any(|(u, _)| u.stem == t.stem) {
            continue;
        }
        let mut w = if t.number { 2.0 } else { 1.0 };
        if !t.number && qtoks.iter().any(|q| stems_match(&q.stem, &t.stem)) {
            w *= 0.5;
        }
        // Words shared by many points of the same question tell them apart poorly.
        let df = all_points
            .iter()
            .filter(|p| p.iter().any(|u| u.stem == t.stem))
            .count();
        if df >= 3 && !t.number {
            w *= 0.6;
        }
        toks.push((t, w));
    }
    Point { toks, has_neg }
}

/// Score of one span against one point, and whether the span denies it.
fn score_span(p: &Point, span: &[Token], denied: &[bool]) -> (f64, bool) {
    let total: f64 = p.toks.iter().map(|(_, w)| w).sum();
    if total == 0.0 {
        return (0.0, false);
    }
    let mut got = 0.0;
    let mut neg = 0.0;
    for (t, w) in &p.toks {
        let hit = span.iter().enumerate().find(|(_, s)| {
            if t.number || s.number {
                t.number && s.number && t.norm == s.norm
            } else {
                stems_match(&t.stem, &s.stem)
            }
        });
        // The recogniser sometimes splits a word in two ("back ground").
        let hit = hit.map(|(j, _)| j).or_else(|| {
            (!t.number && t.norm.len() >= 6)
                .then(|| {
                    span.windows(2).position(|p| {
                        !p[0].number && !p[1].number && {
                            let joined = format!("{}{}", p[0].norm, p[1].norm);
                            stems_match(&t.stem, &super::text::stem(&joined))
                        }
                    })
                })
                .flatten()
        });
        if let Some(j) = hit {
            got += w;
            if denied[j] {
                neg += w;
            }
        }
    }
    let denied_span = !p.has_neg && got > 0.0 && neg / got >= 0.5;
    let mut score = got / total;
    // A point with a figure needs that figure: a different figure in its place
    // is a wrong fact ("80 percent" for "8%"); no figure at all is a vaguer one.
    let nums: Vec<&Token> = p.toks.iter().map(|(t, _)| t).filter(|t| t.number).collect();
    if !nums.is_empty() {
        let said = |t: &Token| span.iter().any(|s| s.number && s.norm == t.norm);
        if !nums.iter().any(|t| said(t)) {
            let other = span
                .iter()
                .any(|s| s.number && !nums.iter().any(|t| t.norm == s.norm));
            score *= if other { 0.5 } else { 0.8 };
        }
    }
    (score, denied_span)
}

/// Judge every key point against the answer's sentences.
pub fn cover(points: &[String], question: &str, sents: &[Sentence]) -> Vec<KeyPointResult> {
    let toks: Vec<Vec<Token>> = sents.iter().map(|s| tokens(&s.text)).collect();
    // Tokenise the question and the points once, not once per point and token.
    let qtoks = tokens(question);
    let point_toks: Vec<Vec<Token>> = points.iter().map(|p| tokens(p)).collect();
    // A sentence's intention can be denied by the next one ("I wanted to pull
    // the data. But that analysis never happened."): judge each sentence
    // together with the one after it.
    let masks: Vec<Vec<bool>> = (0..toks.len())
        .map(|i| {
            let mut m = denied_mask(&toks[i]);
            if let Some(next) = toks.get(i + 1) {
                let joined: Vec<Token> = toks[i].iter().chain(next).cloned().collect();
                for (a, b) in m.iter_mut().zip(denied_mask(&joined)) {
                    *a |= b;
                }
            }
            m
        })
        .collect();
    // Spans: each sentence, and each pair of neighbours (a point may straddle two).
    let mut spans: Vec<(usize, usize)> = (0..sents.len()).map(|i| (i, i)).collect();
    spans.extend((1..sents.len()).map(|i| (i - 1, i)));
    points
        .iter()
        .map(|pt| {
            let p = prepare(pt, &qtoks, &point_toks);
            let mut best_ok: Option<(f64, usize, usize)> = None;
            let mut best_neg: Option<(f64, usize, usize)> = None;
            for &(a, b) in &spans {
                let span: Vec<Token> = (a..=b).flat_map(|i| toks[i].clone()).collect();
                let mask: Vec<bool> = (a..=b).flat_map(|i| masks[i].clone()).collect();
                let (mut s, neg) = score_span(&p, &span, &mask);
                if a != b {
                    // Prefer one sentence as evidence: a pair must add real content.
                    s *= 0.92;
                }
                let slot = if neg { &mut best_neg } else { &mut best_ok };
                if slot.is_none_or(|(bs, _, _)| s > bs) {
                    *slot = Some((s, a, b));
                }
            }
            let text_of = |a: usize, b: usize| {
                (a..=b)
                    .map(|i| sents[i].text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let ok = best_ok.unwrap_or((0.0, 0, 0));
            let neg = best_neg.unwrap_or((0.0, 0, 0));
            if ok.0 >= COVERED_AT && !sents.is_empty() {
                KeyPointResult {
                    text: pt.clone(),
                    covered: true,
                    score: round3(ok.0),
                    evidence: Some(text_of(ok.1, ok.2)),
                    evidence_start_s: Some(sents[ok.1].start_s),
                    negated: false,
                }
            } else if neg.0 >= COVERED_AT {
                KeyPointResult {
                    text: pt.clone(),
                    covered: false,
                    score: round3(ok.0),
                    evidence: Some(text_of(neg.1, neg.2)),
                    evidence_start_s: Some(sents[neg.1].start_s),
                    negated: true,
                }
            } else {
                KeyPointResult {
                    text: pt.clone(),
                    covered: false,
                    score: round3(ok.0),
                    evidence: None,
                    evidence_start_s: None,
                    negated: false,
                }
            }
        })
        .collect()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<Sentence> {
        let words: Vec<Word> = text
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                text: w.into(),
                start_s: i as f64,
                end_s: i as f64 + 0.4,
                prob: 1.0,
            })
            .collect();
        sentences(&words)
    }

    fn judge(point: &str, answer: &str) -> KeyPointResult {
        cover(
            &[point.to_string()],
            "Tell me about a time.",
            &sents(answer),
        )
        .pop()
        .unwrap()
    }

    #[test]
    fn splits_sentences() {
        let s = sents("One two. Three four? Five");
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].text, "Three four?");
        assert_eq!(s[1].start_s, 2.0);
    }

    #[test]
    fn coverage_table() {
        // (key point, answer, covered, negated)
        let cases: &[(&str, &str, bool, bool)] = &[
            (
                "rolled back to the previous model within two hours",
                "My first move was to put the old model back, which took under two hours.",
                true,
                false,
            ),
            (
                "about $250,000 in lost sales",
                "we lost roughly two hundred fifty thousand dollars in sales.",
                true,
                false,
            ),
            (
                "about $250,000 in lost sales",
                "we lost roughly 250,000 dollars in sales.",
                true,
                false,
            ),
            (
                "ran an A/B test to confirm the change",
                "We never got to run the A/B test to confirm the change.",
                false,
                true,
            ),
            (
                "ran the experiment for four weeks instead of one",
                "We planned to run the experiment for four weeks instead of one, but it was stopped after the first week.",
                false,
                true,
            ),
            (
                "ran the experiment for four weeks instead of one",
                "We ran the experiment for four weeks rather than one.",
                true,
                false,
            ),
            (
                "showed with data on 120,000 users that clicks barely related to retention",
                "I wanted to pull data on 120,000 users to check whether clicks related to retention, but that analysis never happened.",
                false,
                true,
            ),
            (
                "the audience had no statistics background",
                "None of them had a statistics background.",
                true,
                false,
            ),
            (
                "added a schema check that fails the pipeline when a feature is missing",
                "Not long after, I added a check that makes the pipelnie fail whenever an expected feature is missing.",
                true,
                false,
            ),
            (
                "showed with data on 120,000 users that clicks barely related to retention",
                "I wanted to pull data on 120,000 users to check whether clicks related to retention. They were attentive, but that analysis never happened.",
                false,
                true,
            ),
            (
                "the PM wanted click-through rate as the success metric after an 18% jump",
                "Our product manager wanted to call the feature a success based on click-through rate, since clicks were up 18% in week one. But a lot of people clicked and then skipped, and the clicks were not telling us much.",
                true,
                false,
            ),
            (
                "we launched the redesigned feature to all users",
                "We hoped to launch the redesigned feature to all users, but we never got to do it.",
                false,
                true,
            ),
            (
                "the audience had no statistics background",
                "They had no statistics back ground.",
                true,
                false,
            ),
            (
                "the next holiday season the forecast error stayed under 8%",
                "We looked at the data, made some changes, and things got better over time.",
                false,
                false,
            ),
            (
                "the next holiday season the forecast error stayed under 8%",
                "The next holiday season, our error stayed below 80 percent.",
                false,
                false,
            ),
        ];
        for (point, answer, covered, negated) in cases {
            let r = judge(point, answer);
            assert_eq!(r.covered, *covered, "covered? {point} <- {answer}: {r:?}");
            assert_eq!(r.negated, *negated, "negated? {point} <- {answer}: {r:?}");
            if r.covered {
                assert!(r.evidence.is_some());
            }
        }
    }

    #[test]
    fn evidence_is_the_covering_sentence() {
        let r = judge(
            "rolled back to the previous model within two hours",
            "Shelves went empty. I rolled back to the previous model within two hours. Then I traced the cause.",
        );
        assert_eq!(
            r.evidence.as_deref(),
            Some("I rolled back to the previous model within two hours.")
        );
        assert_eq!(r.evidence_start_s, Some(3.0));
    }

    #[test]
    fn empty_answer_covers_nothing() {
        let r = cover(&["a point".into()], "q", &[]);
        assert!(!r[0].covered && r[0].evidence.is_none());
    }
}
