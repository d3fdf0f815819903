//! Factuality: does the speaker assert that something happened, or only
//! mention it?
//!
//! [`assess`] marks every token of a sentence (or of two adjacent sentences)
//! that sits in a stretch the speaker mentions without asserting, with the
//! reason. The rules follow how English grammar marks non-occurrence, not any
//! particular answer:
//! - a negation cue denies the rest of its clause ("we never ran the test");
//!   a passive clause ("the test was never run") is denied from its start;
//! - a plan, suggestion or attempt denied by a later clause ("I meant to …,
//!   but I never finished it"; "someone proposed …, but the customer
//!   refused"; "we tried to …, but couldn't") denies the clauses from the cue
//!   up to that later clause, which itself is not denied;
//! - a modal with "have" speaks of what did not happen ("I should have …");
//!   so does "would" after an "if … again" or "next time" condition;
//! - "instead of X" and "rather than X" deny X and state the rest;
//! - "not until …" and "only … later" contradict the timing of their clause;
//! - a negated stretch holding a number contradicts a stated result.
//!
//! A negation never reaches past its clause: a clause boundary (punctuation,
//! a contrast or a coordinated past-tense verb) ends it, so "we didn't wait
//! for the audit; I rolled back within two hours" asserts the rollback.

use super::text::Token;
use crate::lexicon::cues::{
    ATTEMPT, COMPLETION, CONJUNCTIONS, CONTRAST, FAILURE, HINDSIGHT_MODALS, NEGATION,
    NEGATION_IDIOMS, PLAN, PROPOSAL, REFERRING, REJECTION, REPLACED, STOPPED, SUBJECT_PRONOUNS,
};
use crate::lexicon::morphology::irregular_base;
use serde::{Deserialize, Serialize};

/// Why a mentioned point is not counted as stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenialReason {
    /// Plain negation: "we never ran the test".
    Negated,
    /// A plan or intention that was not carried out.
    PlanNotCarriedOut,
    /// Someone's suggestion or request that was refused or rejected.
    Rejected,
    /// Hindsight or a counterfactual: "I should have …", "next time I'd …".
    Hindsight,
    /// The alternative not taken: "instead of X we did Y" (X).
    Replaced,
    /// An attempt that failed: "we tried to …, but it didn't work".
    FailedAttempt,
    /// A result that contradicts the point's number or direction.
    ContradictingResult,
    /// Timing that contradicts the point: "not until months later".
    ContradictingTiming,
}

impl DenialReason {
    /// The text shown to the user for a point mentioned but not counted.
    pub fn explain(&self) -> &'static str {
        match self {
            DenialReason::Negated => "mentioned, but you said you didn't",
            DenialReason::PlanNotCarriedOut => "mentioned as a plan that didn't happen",
            DenialReason::Rejected => "mentioned as a suggestion or request that was turned down",
            DenialReason::Hindsight => {
                "mentioned in hindsight, as what you would or should have done"
            }
            DenialReason::Replaced => "mentioned as the alternative you did not take",
            DenialReason::FailedAttempt => "mentioned as an attempt that didn't work",
            DenialReason::ContradictingResult => {
                "mentioned, but the result you gave contradicts it"
            }
            DenialReason::ContradictingTiming => {
                "mentioned, but the timing you gave contradicts it"
            }
        }
    }
}

impl DenialReason {
    /// True for reasons that a later clause gives about an earlier plan,
    /// request or attempt (rather than a negation inside the clause).
    pub fn is_cross_clause(&self) -> bool {
        matches!(
            self,
            DenialReason::PlanNotCarriedOut | DenialReason::Rejected | DenialReason::FailedAttempt
        )
    }
}

/// True for a word that presents what follows as a plan, a request or an
/// attempt ("planned", "asked", "tried").
pub fn is_cue(t: &Token) -> bool {
    has(PLAN, t) || has(PROPOSAL, t) || has(ATTEMPT, t)
}

fn has(list: &[&str], t: &Token) -> bool {
    list.iter()
        .any(|c| t.norm == *c || t.stem == *c || (c.len() >= 4 && t.norm.starts_with(c)))
}

/// The noun "failure" reports that something failed only as the outcome
/// ("it was a failure", "ended in failure"), not as a name ("heart failure
/// patients", "failure modes").
fn failure_is_the_outcome(body: &[&Token], k: usize) -> bool {
    let before = k.checked_sub(1).map(|j| body[j].norm.as_str());
    let last_word = body[k].clause_end || k + 1 == body.len();
    matches!(
        before,
        Some("a") | Some("in") | Some("complete") | Some("total")
    ) || last_word
}

fn is_neg(t: &Token) -> bool {
    NEGATION.contains(&t.norm.as_str())
}

fn is_contrast(t: &Token) -> bool {
    CONTRAST.contains(&t.norm.as_str())
}

/// A past-tense verb form ("rolled", "wrote"): after do-support negation
/// ("didn't wait") the verb is a base form, so a coordinated past form opens
/// a new, asserted predicate.
fn is_past(t: &Token) -> bool {
    !t.number
        && ((t.norm.len() > 4 && t.norm.ends_with("ed"))
            || irregular_base(&t.norm).is_some_and(|b| b != t.norm))
}

/// Clauses as half-open token ranges: split after punctuation and before a
/// contrast word, "so", "because", "instead" (not "instead of"), and "and"
/// followed by a subject pronoun.
pub fn clauses(toks: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let t = &toks[i];
        let next = toks.get(i + 1);
        let opens = i > start
            && (is_contrast(t)
                || matches!(t.norm.as_str(), "so" | "because" | "whereas")
                || (t.norm == "instead" && next.is_none_or(|n| n.norm != "of"))
                || (t.norm == "and"
                    && next.is_some_and(|n| {
                        SUBJECT_PRONOUNS.contains(&n.norm.as_str()) || is_past(n)
                    })));
        if opens {
            out.push((start, i));
            start = i;
        }
        if t.clause_end {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push((start, toks.len()));
    }
    out
}

/// The kind of non-occurrence a clause reports about what came before, if any.
fn reports_non_occurrence(c: &[Token]) -> bool {
    // A clause about a new, indefinite subject ("but a lot of people
    // skipped") is about something else.
    let body: Vec<&Token> = c
        .iter()
        .skip_while(|t| is_contrast(t) || matches!(t.norm.as_str(), "and" | "so" | "then"))
        .collect();
    if body.first().is_some_and(|t| {
        matches!(
            t.norm.as_str(),
            "a" | "an" | "some" | "many" | "lot" | "few" | "most" | "several"
        )
    }) {
        return false;
    }
    if body.first().is_some_and(|t| t.norm == "instead") {
        return true;
    }
    // The clause must speak of what came before: opened by a contrast or a
    // coordinator, or by a subject pronoun or a definite noun phrase.
    let linked = c.first().is_some_and(|t| {
        is_contrast(t)
            || matches!(t.norm.as_str(), "and" | "so" | "then")
            || REFERRING.contains(&t.norm.as_str())
            || SUBJECT_PRONOUNS.contains(&t.norm.as_str())
    });
    if !linked {
        return false;
    }
    // Words inside an embedded question or condition ("to check whether
    // applicants were rejected") report nothing about the clause itself.
    let body: Vec<&Token> = body
        .iter()
        .take_while(|t| !matches!(t.norm.as_str(), "whether" | "if"))
        .copied()
        .collect();
    // A stopping or refusing verb denies what came before when it is
    // intransitive, passive, or takes an object that points back ("dropped
    // that", "turned it down", "skipped the pilot"); "it cut overtime by a
    // third" is a result, not a denial.
    let refers_back = |k: usize| {
        let passive = k > 0
            && matches!(
                body[k - 1].norm.as_str(),
                "was" | "were" | "got" | "been" | "be"
            );
        let object = body.get(k + 1).is_none_or(|o| {
            body[k].clause_end
                || matches!(
                    o.norm.as_str(),
                    "it" | "that"
                        | "this"
                        | "them"
                        | "those"
                        | "these"
                        | "the"
                        | "our"
                        | "my"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "down"
                        | "out"
                        | "off"
                        | "the idea"
                )
        });
        passive || object || body[k].clause_end
    };
    let stopped = body.iter().enumerate().any(|(k, t)| {
        (STOPPED.contains(&t.norm.as_str()) || STOPPED.contains(&t.stem.as_str())) && refers_back(k)
    });
    let rejected = body
        .iter()
        .enumerate()
        .any(|(k, t)| has(REJECTION, t) && refers_back(k))
        || body.windows(2).any(|w| {
            (w[0].stem == "say" || w[0].norm == "said")
                && matches!(w[1].norm.as_str(), "no" | "not")
        })
        || body.iter().enumerate().any(|(k, t)| {
            t.norm == "down"
                && body[k.saturating_sub(3)..k].iter().any(|u| {
                    matches!(
                        u.stem.as_str(),
                        "turn" | "shot" | "shoot" | "vot" | "vote" | "knock"
                    )
                })
        });
    let failed = body.iter().enumerate().any(|(k, t)| {
        has(FAILURE, t) && (!t.norm.starts_with("failure") || failure_is_the_outcome(&body, k))
    });
    let not_done = body.iter().enumerate().any(|(k, t)| {
        is_neg(t)
            && (body[k + 1..]
                .iter()
                .take(3)
                .any(|u| COMPLETION.iter().any(|c| u.stem.starts_with(c)))
                // Ellipsis: "but I didn't", "but we never did".
                || body.len() - k <= 3)
    });
    let referring = body.iter().take(3).any(|t| {
        REFERRING.contains(&t.norm.as_str()) || SUBJECT_PRONOUNS.contains(&t.norm.as_str())
    });
    stopped || rejected || failed || (not_done && referring)
}

/// Where the conjunct holding token `i` starts inside the clause that starts
/// at `a`: after the last "and", "but", "so", "while" or "whereas" before
/// `i`, else `a`. Two sentences run together ("I reported it within the
/// hour and access wasn't restricted until May") are two conjuncts; a
/// negation in the second says nothing of the first.
fn conjunct_start(toks: &[Token], a: usize, i: usize) -> usize {
    (a..i)
        .rev()
        .find(|&k| CONJUNCTIONS.contains(&toks[k].norm.as_str()))
        .map_or(a, |k| k + 1)
}

/// Mark `reason` on `mask[from..to]` where nothing is marked yet.
fn mark(mask: &mut [Option<DenialReason>], from: usize, to: usize, reason: DenialReason) {
    for m in mask.iter_mut().take(to).skip(from) {
        if m.is_none() {
            *m = Some(reason);
        }
    }
}

/// For every token: `Some(reason)` when it lies in a stretch the speaker
/// mentions without asserting it happened.
pub fn assess(toks: &[Token]) -> Vec<Option<DenialReason>> {
    let n = toks.len();
    let mut mask: Vec<Option<DenialReason>> = vec![None; n];
    let cl = clauses(toks);
    let clause_of = |i: usize| cl.iter().position(|&(a, b)| i >= a && i < b).unwrap_or(0);

    for (ci, &(a, b)) in cl.iter().enumerate() {
        let c = &toks[a..b];
        // Hindsight: a modal with "have" ("should have", "I'd have").
        if c.windows(2)
            .any(|w| HINDSIGHT_MODALS.contains(&w[0].norm.as_str()) && w[1].norm == "have")
            || c.iter().any(|t| t.norm == "wish")
        {
            mark(&mut mask, a, b, DenialReason::Hindsight);
        }
        // "would" after a condition about another time ("if I did it again",
        // "next time").
        if c.iter().any(|t| t.norm == "would") {
            let sentence_before = &toks[..a];
            let conditional = sentence_before.iter().any(|t| t.norm == "if")
                && sentence_before
                    .iter()
                    .any(|t| matches!(t.norm.as_str(), "again" | "over"));
            let next_time = toks[..b]
                .windows(2)
                .any(|w| w[0].norm == "next" && w[1].norm == "time");
            if conditional || next_time {
                mark(&mut mask, a, b, DenialReason::Hindsight);
            }
        }
        // Replaced alternative: "instead of X", "rather than X" deny X up to
        // the clause end or the next subject pronoun.
        for k in a..b.saturating_sub(1) {
            if REPLACED
                .iter()
                .any(|(x, y)| toks[k].norm == *x && toks[k + 1].norm == *y)
            {
                let mut j = k + 2;
                while j < b && !SUBJECT_PRONOUNS.contains(&toks[j].norm.as_str()) {
                    mask[j].get_or_insert(DenialReason::Replaced);
                    j += 1;
                }
            }
        }
        // Timing: "not until …" and "only … later".
        let not_until = c
            .windows(2)
            .position(|w| is_neg(&w[0]) && w[1].norm == "until");
        let only_later = c.iter().any(|t| t.norm == "only")
            && c.iter()
                .any(|t| matches!(t.norm.as_str(), "later" | "late"));
        if not_until.is_some()
            || only_later
            || c.windows(2)
                .any(|w| w[0].norm == "too" && w[1].norm == "late")
        {
            let from = not_until.map_or(a, |p| conjunct_start(toks, a, a + p));
            mark(&mut mask, from, b, DenialReason::ContradictingTiming);
            // "It was not until May that we told them": the that-clause too.
            if let Some(&(na, nb)) = cl.get(ci + 1) {
                if toks[na].norm == "that" {
                    mark(&mut mask, na, nb, DenialReason::ContradictingTiming);
                }
            }
        }
        // "failed to X", "refused to X", "declined to X": X did not happen.
        for k in a..b.saturating_sub(1) {
            if toks[k + 1].norm == "to" && (has(FAILURE, &toks[k]) || has(REJECTION, &toks[k])) {
                let r = if has(FAILURE, &toks[k]) {
                    DenialReason::FailedAttempt
                } else {
                    DenialReason::Rejected
                };
                mark(&mut mask, k + 2, b, r);
            }
        }
        // Plain negation, to the end of its clause.
        for i in a..b {
            if !is_neg(&toks[i]) || toks[i].clause_end {
                continue;
            }
            let next = toks.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
            if NEGATION_IDIOMS
                .iter()
                .any(|(x, y)| *x == toks[i].norm && *y == next)
            {
                continue;
            }
            // Passive or copular clause: "the test was never run" denies its subject too.
            let passive = i > a
                && matches!(
                    toks[i - 1].norm.as_str(),
                    "was" | "were" | "is" | "are" | "been" | "got"
                );
            let from = if passive {
                conjunct_start(toks, a, i)
            } else {
                i + 1
            };
            let mut to = from;
            for j in i + 1..b.min(i + 13) {
                // "didn't wait and rolled back": a coordinated past form is asserted.
                if matches!(toks[j].norm.as_str(), "and" | "or")
                    && toks.get(j + 1).is_some_and(is_past)
                {
                    break;
                }
                to = j + 1;
            }
            let to = to.max(from);
            let scope = &toks[i + 1..to.max(i + 1)];
            // "no one" is a pronoun, not a figure.
            let figure = scope
                .iter()
                .enumerate()
                .any(|(k, t)| t.number && !(k == 0 && t.norm == "1"));
            let reason = if scope.iter().any(|t| t.norm == "until") {
                DenialReason::ContradictingTiming
            } else if figure {
                DenialReason::ContradictingResult
            } else {
                DenialReason::Negated
            };
            mark(&mut mask, from, to, reason);
        }
    }

    // A plan, suggestion or attempt, denied by a later clause.
    for (ci, &(ca, cb)) in cl.iter().enumerate().skip(1) {
        if !reports_non_occurrence(&toks[ca..cb]) {
            continue;
        }
        // The nearest cue in the 30 tokens before this clause (a list of
        // items may sit between the proposal and its refusal).
        let window = ca.saturating_sub(30);
        let cue = (window..ca).rev().find_map(|k| {
            let t = &toks[k];
            if has(ATTEMPT, t) {
                Some((k, DenialReason::FailedAttempt))
            } else if has(PROPOSAL, t) {
                Some((k, DenialReason::Rejected))
            } else if has(PLAN, t) {
                Some((k, DenialReason::PlanNotCarriedOut))
            } else {
                None
            }
        });
        let Some((k, reason)) = cue else { continue };
        let from = cl[clause_of(k)].0;
        if clause_of(k) >= ci {
            continue;
        }
        // A refusal words its own clause: "the customer refused" reads as a
        // rejection even after a plan; "instead" as a replacement.
        let first = toks[ca..cb]
            .iter()
            .find(|t| !is_contrast(t) && !matches!(t.norm.as_str(), "and" | "so" | "then"));
        let reason = if first.is_some_and(|t| t.norm == "instead") {
            DenialReason::Replaced
        } else {
            reason
        };
        for m in mask.iter_mut().take(ca).skip(from) {
            *m = Some(reason);
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::tokens;
    use DenialReason::*;

    /// The reason marked on the first token that starts `word` in `text`
    /// (None when the word is asserted).
    fn reason_at(text: &str, word: &str) -> Option<DenialReason> {
        let t = tokens(text);
        let m = assess(&t);
        let i = t
            .iter()
            .position(|x| x.norm.starts_with(word))
            .unwrap_or_else(|| panic!("{word} not in {text}"));
        m[i]
    }

    #[test]
    fn denials_by_pattern() {
        // (sentence, a word of the mentioned point, expected reason)
        let cases: &[(&str, &str, Option<DenialReason>)] = &[
            // Plain negation, several subjects and domains.
            ("We never ran the A/B test.", "test", Some(Negated)),
            ("I didn't call the families that week.", "families", Some(Negated)),
            ("No one checked the scaffolding before the inspection.", "scaffolding", Some(Negated)),
            ("The parents were never told about the change.", "parents", Some(Negated)),
            // Plans and intentions not carried out.
            ("I meant to write a checklist for the night shift, but I never finished it.", "checklist", Some(PlanNotCarriedOut)),
            ("People assumed I would write the validation checks myself, but I didn't.", "validation", Some(PlanNotCarriedOut)),
            ("We planned a second pour of the slab, but it got cancelled.", "slab", Some(PlanNotCarriedOut)),
            ("There was talk of piloting it on one ward for three weeks, but we skipped the pilot.", "ward", Some(Rejected)),
            ("I wanted to pull the sales data. But that analysis never happened.", "sales", Some(PlanNotCarriedOut)),
            ("The idea was to repaint every classroom over the summer, but the budget was cut.", "classroom", Some(PlanNotCarriedOut)),
            // Suggestions or requests refused.
            ("Someone suggested limiting the first version to the top 20 cities, but the customer refused.", "cities", Some(Rejected)),
            ("They asked whether someone from my team could share on-call, and I said no.", "call", Some(Rejected)),
            ("A parent proposed weekly progress emails, but the principal turned it down.", "progress", Some(Rejected)),
            ("The charge nurse recommended a second handover, and management rejected it.", "handover", Some(Rejected)),
            ("I declined to sign off on the drawings.", "drawings", Some(Rejected)),
            // Hindsight and counterfactuals.
            ("In hindsight I should have told the store manager sooner.", "store", Some(Hindsight)),
            ("If I did it again, I'd order the steel two weeks earlier.", "steel", Some(Hindsight)),
            ("Next time I would involve the pharmacist from the start.", "pharmacist", Some(Hindsight)),
            ("I wish I had asked the students for feedback.", "feedback", Some(Hindsight)),
            // Replaced alternatives.
            ("Instead of hiring a contractor, we trained two of our own staff.", "contractor", Some(Replaced)),
            ("Instead of hiring a contractor, we trained two of our own staff.", "staff", None),
            ("We kept the paper charts rather than moving to tablets.", "tablets", Some(Replaced)),
            ("We kept the paper charts rather than moving to tablets.", "paper", None),
            // Failed attempts.
            ("We tried to get spot instances working, but we couldn't make them reliable.", "spot", Some(FailedAttempt)),
            ("I tried to reach the supplier, but it didn't work.", "supplier", Some(FailedAttempt)),
            ("We tried to automate the audit, but it ended in failure.", "automate", Some(FailedAttempt)),
            ("We tried to automate the audit, but the pilot was a failure.", "automate", Some(FailedAttempt)),
            ("We attempted a weekend delivery and failed.", "weekend", Some(FailedAttempt)),
            ("I failed to get the permit in time.", "permit", Some(FailedAttempt)),
            // Results and timing that contradict.
            ("The error never got below 10 percent.", "below", Some(ContradictingResult)),
            ("We didn't tell the customers until three weeks later.", "customers", Some(ContradictingTiming)),
            ("It was not until the sixth month that I shadowed a nurse.", "shadowed", Some(ContradictingTiming)),
            ("Access was restricted only two months later.", "restricted", Some(ContradictingTiming)),
            ("I reported it within the hour and access wasn't restricted until two months later.", "access", Some(ContradictingTiming)),
            ("I reported it within the hour and the table was never locked.", "table", Some(Negated)),
        ];
        for (text, word, want) in cases {
            assert_eq!(reason_at(text, word), *want, "{word} in {text:?}");
        }
    }

    #[test]
    fn negations_that_must_not_fire() {
        // (sentence, a word of an asserted point)
        let cases: &[(&str, &str)] = &[
            ("We didn't wait for the full audit; I rolled back within two hours.", "rolled"),
            ("We didn't wait for the full audit and rolled back within two hours.", "rolled"),
            // Two sentences run together (as a recogniser often writes them):
            // the timing and the passive negation belong to the second subject.
            ("I reported it to security within the hour and access wasn't restricted until two months later.", "reported"),
            ("I reported it to security within the hour and the table was never locked.", "security"),
            ("I didn't hide any of this. At our monthly review I walked the team through it.", "review"),
            ("Not long after, I added a check to the pipeline.", "check"),
            ("Our manager wanted to call it a success, but a lot of people skipped the survey.", "success"),
            ("No one was hurt, and we finished the roof on schedule.", "roof"),
            ("They said they would only renew if we could show delivery estimates within five weeks.", "delivery"),
            ("We had planned a deep learning model, but I dropped that and trained a gradient-boosted model.", "gradient"),
            ("The nurses were not only faster but also more accurate.", "faster"),
            // "two extra hours" is one figure token, 7200 seconds.
            ("I asked the head teacher for two extra hours, and she agreed.", "7200s"),
            ("We tried a new rota and it cut overtime by a third.", "rota"),
            ("They asked me to predict which heart failure patients would return.", "predict"),
            ("Because the old supplier was late, we switched to a local one.", "local"),
            ("The board wanted a new gym, because enrolment grew. I tried to check whether any bids were rejected, so I read every file.", "gym"),
        ];
        for (text, word) in cases {
            assert_eq!(reason_at(text, word), None, "{word} in {text:?}");
        }
    }

    #[test]
    fn plan_before_a_refusal_is_denied_but_what_follows_is_stated() {
        let t = tokens("We had planned a deep learning model, but I dropped that and trained a gradient-boosted model.");
        let m = assess(&t);
        let at = |w: &str| m[t.iter().position(|x| x.norm == w).unwrap()];
        assert_eq!(at("deep"), Some(PlanNotCarriedOut));
        assert_eq!(at("trained"), None);
    }

    #[test]
    fn every_reason_has_its_own_text() {
        let all = [
            Negated,
            PlanNotCarriedOut,
            Rejected,
            Hindsight,
            Replaced,
            FailedAttempt,
            ContradictingResult,
            ContradictingTiming,
        ];
        let texts: std::collections::BTreeSet<_> = all.iter().map(|r| r.explain()).collect();
        assert_eq!(texts.len(), all.len());
        assert_eq!(
            serde_json::to_string(&PlanNotCarriedOut).unwrap(),
            "\"plan_not_carried_out\""
        );
    }
}
