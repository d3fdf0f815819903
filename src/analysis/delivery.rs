//! Delivery measured from the words: hedges and weak words, repetitions
//! (a word said twice in a row, the same opener sentence after sentence),
//! how the STAR parts share the answer, and "I" against "we" in the Action
//! part. Pure functions of the timed words; typed answers have no times.
//!
//! Rules (word lists in [`crate::lexicon::delivery`]):
//! - **Hedges.** "maybe", "probably", "perhaps" … always; "I guess",
//!   "I suppose", "I feel like", "a little bit" … always; "kind of" /
//!   "sort of" unless a determiner makes them a noun phrase ("a kind of
//!   model") or the filler finder already counted them; "I think" /
//!   "I believe" only when a clause follows (not "I think about …", not
//!   at a sentence end, not "what I think …"); "just" only before a verb of
//!   wishing, trying or thinking ("I just wanted to"), where it softens, never
//!   as "only" or "recently" ("just two days", "we just shipped it").
//! - **Repeats.** The same word twice in a row with nothing between
//!   ("the the"), except words doubled on purpose ("had had") and filler
//!   sounds (counted as fillers).
//! - **Openers.** Three or more sentences in a row that start with the same
//!   word (filler sounds skipped).
//! - **I against we.** Subject forms only ("I", "I'm", "we'd" …) in the
//!   sentences [`super::star::segment`] puts in Action, else in the whole
//!   answer. At least 60 % "I" is the speaker's own action; at most 40 %
//!   is mostly the team's.

use super::pace::round2;
use super::star::{segment, StarPart};
use super::{Filler, Word};
use crate::lexicon::delivery as lx;
use crate::lexicon::fillers::HESITATIONS;
use serde::{Deserialize, Serialize};

/// A word or phrase found in the answer, with its time when known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marked {
    /// The words, lower case ("i think", "the the").
    pub text: String,
    /// Start (s); absent for typed answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
}

/// Sentences in a row that open with the same word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenerRun {
    /// The opening word, lower case.
    pub word: String,
    /// How many sentences in a row start with it.
    pub sentences: usize,
    /// Start of the first of them (s); absent for typed answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
}

/// How much of the answer one STAR part takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartShare {
    /// The part.
    pub part: StarPart,
    /// Sentences in it.
    pub sentences: usize,
    /// Words in it.
    pub words: usize,
    /// Share of the answer's words (0..1).
    pub share: f64,
    /// Seconds spoken in it (sum of its sentences); absent for typed answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// Start of its first sentence (s); absent for typed answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
}

/// Where "I" and "we" were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnershipScope {
    /// The sentences of the Action part.
    Action,
    /// No Action part was found: the whole answer.
    WholeAnswer,
}

/// Who the answer says acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnershipVerdict {
    /// At least 60 % "I": the speaker's own action is clear.
    Mine,
    /// Between 40 % and 60 % "I".
    Mixed,
    /// At most 40 % "I": mostly "we", the speaker's part is unclear.
    Team,
    /// Neither "I" nor "we" as a subject.
    Unclear,
}

/// "I" against "we" in the Action part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ownership {
    /// Where they were counted.
    pub scope: OwnershipScope,
    /// "I" as a subject.
    pub i_count: usize,
    /// "We" as a subject.
    pub we_count: usize,
    /// The judgement.
    pub verdict: OwnershipVerdict,
    /// When each "we" was said (s); empty for typed answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub we_at: Vec<f64>,
}

/// Delivery measured from the words of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Hedges and weak words, in order.
    pub hedges: Vec<Marked>,
    /// Hedges per 100 words.
    pub hedges_per_100_words: f64,
    /// Words said twice in a row ("the the").
    pub repeats: Vec<Marked>,
    /// Runs of sentences opening with the same word.
    pub openers: Vec<OpenerRun>,
    /// How the STAR parts share the answer, in S, T, A, R order (parts
    /// with no sentence left out).
    pub parts: Vec<PartShare>,
    /// "I" against "we" in the Action part.
    pub ownership: Ownership,
}

/// A word of the answer, normalised.
struct W {
    /// Lower case, punctuation stripped, curly apostrophes straightened.
    bare: String,
    /// The word ends a sentence.
    ends_sentence: bool,
    /// The word is followed by punctuation (a clause break).
    ends_clause: bool,
    start_s: f64,
    end_s: f64,
}

fn norm(words: &[Word]) -> Vec<W> {
    words
        .iter()
        .map(|w| {
            let t = w.text.trim();
            W {
                bare: t
                    .replace('’', "'")
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '\'')
                    .flat_map(char::to_lowercase)
                    .collect(),
                ends_sentence: t.ends_with(['.', '?', '!', '…']),
                ends_clause: t.ends_with([',', '.', '?', '!', ';', ':', '—', '-', '…']),
                start_s: w.start_s,
                end_s: w.end_s,
            }
        })
        .filter(|w| !w.bare.is_empty())
        .collect()
}

fn is(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Hedges, in order (see the module docs for the rules).
fn hedges(ws: &[W], fillers: &[Filler]) -> Vec<(String, usize)> {
    let word = |i: usize| ws.get(i).map_or("", |w| w.bare.as_str());
    let is_filler_at = |i: usize| {
        fillers
            .iter()
            .any(|f| (f.start_s - ws[i].start_s).abs() < 0.01 && f.word.contains(' '))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = word(i);
        let prev = if i > 0 { word(i - 1) } else { "" };
        // Multi-word phrases first.
        let phrase = lx::HEDGE_PHRASES.iter().find(|p| {
            let parts: Vec<&str> = p.split(' ').collect();
            parts
                .iter()
                .enumerate()
                .all(|(k, part)| word(i + k) == *part)
                && !ws[i..i + parts.len() - 1].iter().any(|x| x.ends_sentence)
        });
        if let Some(p) = phrase {
            out.push((p.to_string(), i));
            i += p.split(' ').count();
            continue;
        }
        if (w == "kind" || w == "sort") && word(i + 1) == "of" && !ws[i].ends_clause {
            if !is(lx::KIND_OF_DETERMINERS, prev) && !is_filler_at(i) {
                out.push((format!("{w} of"), i));
            }
            i += 2;
            continue;
        }
        if w == "i"
            && is(lx::OPINION_VERBS, word(i + 1))
            && !ws[i + 1].ends_sentence
            && i + 2 < ws.len()
            && !is(lx::OPINION_NOT_CLAUSE, word(i + 2))
            && !is(lx::OPINION_NOT_AFTER, prev)
        {
            out.push((format!("i {}", word(i + 1)), i));
            i += 2;
            continue;
        }
        let next = word(i + 1);
        // "just like" softens only after "would" ("I'd just like to say");
        // elsewhere it compares ("it was just like before").
        let softening_just = w == "just"
            && !ws[i].ends_clause
            && is(lx::JUST_SOFTENS, next)
            && (next != "like" || prev.ends_with("'d") || prev == "would");
        if is(lx::HEDGE_WORDS, w) || softening_just {
            out.push((w.to_string(), i));
        }
        i += 1;
    }
    out
}

/// Words said twice in a row, as (pair, index of the first).
fn repeats(ws: &[W]) -> Vec<(String, usize)> {
    (1..ws.len())
        .filter(|&i| {
            let (a, b) = (&ws[i - 1], &ws[i]);
            a.bare == b.bare
                && !a.ends_clause
                && !is(lx::DOUBLED_ON_PURPOSE, &a.bare)
                && !is(HESITATIONS, &a.bare)
        })
        .map(|i| (format!("{0} {0}", ws[i].bare), i - 1))
        .collect()
}

/// Sentences as index ranges into `ws`.
fn sentence_ranges(ws: &[W]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, w) in ws.iter().enumerate() {
        if w.ends_sentence {
            out.push(from..i + 1);
            from = i + 1;
        }
    }
    if from < ws.len() {
        out.push(from..ws.len());
    }
    out
}

/// Shortest run of same-opener sentences that is reported.
const OPENER_RUN: usize = 3;

/// Runs of sentences opening with the same word, as (word, count, index of
/// the first sentence's first word).
fn openers(ws: &[W], sents: &[std::ops::Range<usize>]) -> Vec<(String, usize, usize)> {
    let first: Vec<Option<usize>> = sents
        .iter()
        .map(|r| r.clone().find(|&i| !is(HESITATIONS, &ws[i].bare)))
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < first.len() {
        let Some(a) = first[k] else {
            k += 1;
            continue;
        };
        let mut n = 1;
        while k + n < first.len() && first[k + n].is_some_and(|b| ws[b].bare == ws[a].bare) {
            n += 1;
        }
        if n >= OPENER_RUN {
            out.push((ws[a].bare.clone(), n, a));
        }
        k += n;
    }
    out
}

fn ownership(ws: &[W], sents: &[std::ops::Range<usize>], parts: &[StarPart]) -> Ownership {
    let action: Vec<&std::ops::Range<usize>> = sents
        .iter()
        .zip(parts)
        .filter(|(_, p)| **p == StarPart::Action)
        .map(|(r, _)| r)
        .collect();
    let (scope, ranges) = if action.is_empty() {
        (OwnershipScope::WholeAnswer, sents.iter().collect())
    } else {
        (OwnershipScope::Action, action)
    };
    let idx = || ranges.iter().flat_map(|r| (*r).clone());
    let i_count = idx().filter(|&i| is(lx::I_SUBJECT, &ws[i].bare)).count();
    let we: Vec<f64> = idx()
        .filter(|&i| is(lx::WE_SUBJECT, &ws[i].bare))
        .map(|i| ws[i].start_s)
        .collect();
    let total = i_count + we.len();
    let verdict = match total {
        0 => OwnershipVerdict::Unclear,
        _ => {
            let share = i_count as f64 / total as f64;
            if share >= 0.6 {
                OwnershipVerdict::Mine
            } else if share <= 0.4 {
                OwnershipVerdict::Team
            } else {
                OwnershipVerdict::Mixed
            }
        }
    };
    Ownership {
        scope,
        i_count,
        we_count: we.len(),
        verdict,
        we_at: we,
    }
}

/// Measure delivery in `words`. `timed` is false for a typed answer: then
/// no time is reported. `fillers` are the answer's fillers, so that a
/// "kind of" already counted as a filler is not counted again as a hedge.
pub fn measure(words: &[Word], fillers: &[Filler], timed: bool) -> Delivery {
    let ws = norm(words);
    let at = |i: usize| timed.then(|| round2(ws[i].start_s));
    let sents = sentence_ranges(&ws);
    let texts: Vec<String> = sents
        .iter()
        .map(|r| {
            ws[r.clone()]
                .iter()
                .map(|w| w.bare.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let parts = segment(&texts);
    let hedges: Vec<Marked> = hedges(&ws, fillers)
        .into_iter()
        .map(|(text, i)| Marked {
            text,
            start_s: at(i),
        })
        .collect();
    let mut shares = Vec::new();
    for part in [
        StarPart::Situation,
        StarPart::Task,
        StarPart::Action,
        StarPart::Result,
    ] {
        let mine: Vec<&std::ops::Range<usize>> = sents
            .iter()
            .zip(&parts)
            .filter(|(_, p)| **p == part)
            .map(|(r, _)| r)
            .collect();
        let Some(first) = mine.first() else { continue };
        let n: usize = mine.iter().map(|r| r.len()).sum();
        let secs: f64 = mine
            .iter()
            .map(|r| ws[r.end - 1].end_s - ws[r.start].start_s)
            .sum();
        shares.push(PartShare {
            part,
            sentences: mine.len(),
            words: n,
            share: round2(n as f64 / ws.len().max(1) as f64),
            seconds: timed.then(|| round2(secs)),
            start_s: at(first.start),
        });
    }
    let mut own = ownership(&ws, &sents, &parts);
    if !timed {
        own.we_at.clear();
    } else {
        own.we_at = own.we_at.iter().map(|t| round2(*t)).collect();
    }
    Delivery {
        hedges_per_100_words: round2(hedges.len() as f64 * 100.0 / ws.len().max(1) as f64),
        hedges,
        repeats: repeats(&ws)
            .into_iter()
            .map(|(text, i)| Marked {
                text,
                start_s: at(i),
            })
            .collect(),
        openers: openers(&ws, &sents)
            .into_iter()
            .map(|(word, sentences, i)| OpenerRun {
                word,
                sentences,
                start_s: at(i),
            })
            .collect(),
        parts: shares,
        ownership: own,
    }
}

#[cfg(test)]
mod tests;
