//! STAR structure (Situation, Task, Action, Result): which parts an answer
//! contains, from explicit labels or typical phrasing.

use super::StarParts;
use crate::lexicon::star as cues;

fn has_any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| text.contains(c))
}

/// Find the STAR parts in an answer's text.
pub fn star_parts(text: &str) -> StarParts {
    let t = format!(
        " {} ",
        text.to_lowercase()
            .replace([',', '.', ';', ':', '!', '?'], " ")
    );
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
}
