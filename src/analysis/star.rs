//! STAR structure (Situation, Task, Action, Result): which parts an answer
//! contains, from explicit labels or typical phrasing, and which sentence
//! belongs to which part ([`segment`]).

use super::StarParts;
use crate::lexicon::star as cues;
use serde::{Deserialize, Serialize};

/// One of the four STAR parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StarPart {
    /// The context.
    Situation,
    /// The goal or responsibility.
    Task,
    /// What the speaker did.
    Action,
    /// The outcome.
    Result,
}

impl StarPart {
    /// The part's name, capitalised.
    pub fn name(self) -> &'static str {
        match self {
            StarPart::Situation => "Situation",
            StarPart::Task => "Task",
            StarPart::Action => "Action",
            StarPart::Result => "Result",
        }
    }
}

fn padded(text: &str) -> String {
    format!(
        " {} ",
        text.to_lowercase()
            .replace([',', '.', ';', ':', '!', '?'], " ")
    )
}

/// Where the first cue of `list` starts in padded text `t`.
fn first_cue(t: &str, list: &[&str]) -> Option<usize> {
    list.iter().filter_map(|c| t.find(c)).min()
}

/// True when `t` (padded, lower case) narrates the speaker's own past step:
/// it opens (after at most one word such as "then" or "so") with "I" or
/// "we" directly followed by a regular past-tense verb ("We proposed …",
/// "Then I scoped …"); a subordinate "after I launched" does not count.
fn narrates_a_step(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().take(3).collect();
    words
        .windows(2)
        .take(2)
        .any(|w| (w[0] == "i" || w[0] == "we") && w[1].len() > 4 && w[1].ends_with("ed"))
}

/// The STAR part of each sentence, in order. A sentence belongs to the part
/// whose cue comes first in it (explicit labels such as "Action:" are cues
/// too); a sentence without a cue continues the part before it, except that
/// one narrating the speaker's own past step ("we proposed …") moves a
/// Situation or Task on to Action; sentences before the first cue set the
/// scene, so they count as Situation.
pub fn segment<S: AsRef<str>>(sentences: &[S]) -> Vec<StarPart> {
    let mut cur = StarPart::Situation;
    sentences
        .iter()
        .map(|s| {
            let t = padded(s.as_ref());
            let found = [
                (StarPart::Situation, cues::SITUATION),
                (StarPart::Task, cues::TASK),
                (StarPart::Action, cues::ACTION),
                (StarPart::Result, cues::RESULT),
            ]
            .into_iter()
            .filter_map(|(part, list)| first_cue(&t, list).map(|at| (at, part)))
            .min_by_key(|(at, _)| *at);
            match found {
                Some((_, part)) => cur = part,
                None if matches!(cur, StarPart::Situation | StarPart::Task)
                    && narrates_a_step(&t) =>
                {
                    cur = StarPart::Action
                }
                None => {}
            }
            cur
        })
        .collect()
}

fn has_any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| text.contains(c))
}

/// Find the STAR parts in an answer's text.
pub fn star_parts(text: &str) -> StarParts {
    let t = padded(text);
    StarParts {
        situation: has_any(&t, cues::SITUATION),
        task: has_any(&t, cues::TASK),
        action: has_any(&t, cues::ACTION),
        result: has_any(&t, cues::RESULT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let full = star_parts(
            "At an online grocery company I owned the forecast. I had to stop the damage. I rolled back the model. Our error stayed below 8 percent.",
        );
        assert_eq!(
            full,
            StarParts {
                situation: true,
                task: true,
                action: true,
                result: true
            }
        );
        let labels = star_parts("Situation: x. Task: y. Action: z. Result: w.");
        assert!(labels.situation && labels.task && labels.action && labels.result);
        let weak = star_parts("Models fail sometimes and testing really matters.");
        assert_eq!(weak, StarParts::default());
    }

    #[test]
    fn segments_follow_the_first_cue_and_carry_on() {
        use StarPart::*;
        let cases: &[(&[&str], &[StarPart])] = &[
            (&[], &[]),
            (&["Models fail."], &[Situation]),
            (
                &[
                    "It was a busy quarter.",
                    "At a bank I owned the forecast.",
                    "I had to stop the damage.",
                    "I rolled back the model.",
                    "Then we checked every feature.",
                    "Our error stayed below 8 percent.",
                ],
                &[Situation, Situation, Task, Action, Action, Result],
            ),
            // Only a sentence that opens with the step narrates it.
            (
                &[
                    "It was late.",
                    "Then we shipped it.",
                    "Two weeks after we shipped it, it broke.",
                ],
                &[Situation, Action, Action],
            ),
            (&["Two weeks after we shipped it, it broke."], &[Situation]),
            // The first cue in the sentence decides ("I had to" before "result").
            (&["I had to explain the result."], &[Task]),
            (
                &["Action: we rolled back.", "Result: it held."],
                &[Action, Result],
            ),
            // Narrating one's own past step moves the set-up on to Action,
            // but not the Result back.
            (
                &[
                    "At a shop I led the team.",
                    "It was slow.",
                    "We proposed a cache.",
                    "Sales rose 5 percent.",
                    "We celebrated.",
                ],
                &[Situation, Situation, Action, Result, Result],
            ),
        ];
        for (sents, want) in cases {
            assert_eq!(segment(sents), *want, "{sents:?}");
        }
    }
}
