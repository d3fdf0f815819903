//! Table tests of the delivery measures.

use super::*;
use crate::analysis::fillers::tests::words;

fn hedges_in(s: &str) -> Vec<String> {
    let ws = words(s);
    let fillers = crate::analysis::fillers::find_fillers(&ws);
    measure(&ws, &fillers, true)
        .hedges
        .into_iter()
        .map(|h| h.text)
        .collect()
}

#[test]
fn hedges_table() {
    let cases: &[(&str, &[&str])] = &[
        ("Maybe we could ship it.", &["maybe"]),
        ("It was probably the cache.", &["probably"]),
        ("I guess it worked.", &["i guess"]),
        ("I think we should roll back.", &["i think"]),
        ("I think the model was wrong.", &["i think"]),
        // The act of thinking, not a hedge.
        ("I think about failure a lot.", &[]),
        ("I think of it as a test.", &[]),
        ("What I think matters is speed.", &[]),
        ("Yes, I think.", &[]),
        ("I thought the model was fine.", &[]),
        // "kind of" as a hedge and as a noun phrase.
        ("It was kind of slow.", &["kind of"]),
        ("It was a kind of model.", &[]),
        ("What sort of team was it?", &[]),
        // Already a filler ("It was, kind of, a mess"): not counted twice.
        ("It was, kind of, a mess.", &[]),
        // "just" softens only before wishing, trying, thinking.
        ("I just wanted to say thanks.", &["just"]),
        ("We just tried to help.", &["just"]),
        ("It took just two days.", &[]),
        ("We just shipped it.", &[]),
        ("It was just like before.", &[]),
        ("I'd just like to add one thing.", &["just"]),
        (
            "It was a little bit late, more or less.",
            &["a little bit", "more or less"],
        ),
        (
            "I feel like it failed or something.",
            &["i feel like", "or something"],
        ),
        ("We rolled back within two hours.", &[]),
        ("", &[]),
    ];
    for (s, want) in cases {
        assert_eq!(hedges_in(s), *want, "{s}");
    }
}

#[test]
fn hedges_keep_their_times_and_rate() {
    // Eight words, two hedges.
    let d = measure(&words("So maybe we can, probably, fix it now."), &[], true);
    let at: Vec<Option<f64>> = d.hedges.iter().map(|h| h.start_s).collect();
    assert_eq!(at, [Some(1.0), Some(4.0)]);
    assert_eq!(d.hedges_per_100_words, 25.0);
    let typed = measure(&words("So maybe we can fix it."), &[], false);
    assert_eq!(typed.hedges[0].start_s, None);
}

#[test]
fn repeats_table() {
    let cases: &[(&str, &[&str])] = &[
        ("We fixed the the model.", &["the the"]),
        ("I I rolled it back.", &["i i"]),
        ("He had had enough.", &[]),
        ("No, no, it held.", &[]),
        ("Um um, we shipped.", &[]),
        ("It ended. Ended well.", &[]),
        ("We shipped it.", &[]),
    ];
    for (s, want) in cases {
        let got: Vec<String> = measure(&words(s), &[], true)
            .repeats
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(got, *want, "{s}");
    }
    let r = measure(&words("We fixed the the model."), &[], true);
    assert_eq!(r.repeats[0].start_s, Some(2.0));
}

#[test]
fn openers_table() {
    let cases: &[(&str, &[(&str, usize)])] = &[
        ("So we began. So we tested. So we shipped.", &[("so", 3)]),
        ("So we began. So we tested. Then we shipped.", &[]),
        (
            "I began. Um, I tested. I shipped. I left. We won.",
            &[("i", 4)],
        ),
        (
            "And a. And b. And c. But d. But e. But f.",
            &[("and", 3), ("but", 3)],
        ),
        ("", &[]),
    ];
    for (s, want) in cases {
        let got: Vec<(String, usize)> = measure(&words(s), &[], true)
            .openers
            .into_iter()
            .map(|o| (o.word, o.sentences))
            .collect();
        let want: Vec<(String, usize)> = want.iter().map(|(w, n)| (w.to_string(), *n)).collect();
        assert_eq!(got, want, "{s}");
    }
}

#[test]
fn ownership_table() {
    use OwnershipScope::*;
    use OwnershipVerdict::*;
    let cases: &[(&str, OwnershipScope, usize, usize, OwnershipVerdict)] = &[
        (
            "Our team owned the forecast. I rolled back the model. I wrote a check. We shipped it.",
            Action,
            2,
            1,
            Mine,
        ),
        (
            // "we" in the Situation does not count; the Action is all "we".
            "At a bank I owned the forecast. We made a plan. We rolled back. We've fixed it. The error dropped.",
            Action,
            0,
            3,
            Team,
        ),
        (
            "At a bank we had a problem. We made a fix and I did the tests.",
            Action,
            1,
            1,
            Mixed,
        ),
        ("The model failed. It was fixed.", WholeAnswer, 0, 0, Unclear),
        ("We talked. We agreed.", Action, 0, 2, Team),
        ("We were a small team. We are still friends.", WholeAnswer, 0, 2, Team),
    ];
    for (s, scope, i, we, verdict) in cases {
        let o = measure(&words(s), &[], true).ownership;
        assert_eq!(
            (o.scope, o.i_count, o.we_count, o.verdict),
            (*scope, *i, *we, *verdict),
            "{s}"
        );
        assert_eq!(o.we_at.len(), *we, "{s}");
    }
    let typed = measure(&words("We talked. We agreed."), &[], false).ownership;
    assert!(typed.we_at.is_empty() && typed.we_count == 2);
}

#[test]
fn parts_share_the_answer() {
    let d = measure(
        &words("At a bank I owned it. I had to fix it. I rolled back the model fast. It improved."),
        &[],
        true,
    );
    let got: Vec<(StarPart, usize, f64)> =
        d.parts.iter().map(|p| (p.part, p.words, p.share)).collect();
    assert_eq!(
        got,
        [
            (StarPart::Situation, 6, 0.32),
            (StarPart::Task, 5, 0.26),
            (StarPart::Action, 6, 0.32),
            (StarPart::Result, 2, 0.11),
        ]
    );
    assert_eq!(d.parts[2].start_s, Some(11.0));
    assert_eq!(d.parts[2].seconds, Some(5.5));
}
