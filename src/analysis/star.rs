//! STAR structure (Situation, Task, Action, Result): which parts an answer
//! contains, from explicit labels or typical phrasing.

use super::StarParts;

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
        situation: has_any(
            &t,
            &[
                " situation ",
                " at a ",
                " at an ",
                " at my ",
                " in my last ",
                " in my previous ",
                " when i was ",
                " i was the ",
                " i was working ",
                " i worked ",
                " i owned ",
                " i was in charge ",
                " our team ",
                " last year ",
                " we had a ",
                " context ",
            ],
        ),
        task: has_any(
            &t,
            &[
                " task ",
                " my goal ",
                " goal was ",
                " i had to ",
                " i needed to ",
                " needed to ",
                " my job was ",
                " responsible for ",
                " i was asked ",
                " challenge was ",
                " i wanted to ",
                " had to decide ",
                " my role ",
                " the problem was ",
            ],
        ),
        action: has_any(
            &t,
            &[
                " action ",
                " i built ",
                " i added ",
                " i set up ",
                " i created ",
                " i wrote ",
                " i asked ",
                " i proposed ",
                " i explained ",
                " i rolled ",
                " i traced ",
                " i changed ",
                " i used ",
                " i put ",
                " i ran ",
                " i led ",
                " i designed ",
                " i organized ",
                " i organised ",
                " i spoke ",
                " i talked ",
                " i described ",
                " i showed ",
                " i decided ",
                " i started ",
                " i restored ",
                " i reached ",
                " i scheduled ",
                " i rehearsed ",
                " i practiced ",
                " i did ",
                " i pulled ",
                " i reworked ",
                " i implemented ",
                " i introduced ",
                " i made ",
                " we made ",
                " we built ",
                " we added ",
                " we changed ",
            ],
        ),
        result: has_any(
            &t,
            &[
                " result ",
                " as a result ",
                " in the end ",
                " outcome ",
                " percent ",
                "%",
                " increased ",
                " reduced ",
                " improved ",
                " saved ",
                " raised ",
                " recovered ",
                " stayed ",
                " led to ",
                " ended up ",
                " i learned ",
                " i learnt ",
                " went well ",
                " chose ",
                " picked ",
                " became ",
                " achieved ",
                " grew ",
                " dropped ",
            ],
        ),
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
