//! Table tests of `coverage`.

use super::*;

fn sents(text: &str) -> Vec<Sentence> {
    sentences(&Word::evenly_spaced(text, 1.0))
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

/// Assert, for each (key point, answer, covered), whether the answer covers
/// the point.
fn check_covered(cases: &[(&str, &str, bool)]) {
    for (point, answer, covered) in cases {
        let r = judge(point, answer);
        assert_eq!(r.covered, *covered, "covered? {point} <- {answer}: {r:?}");
    }
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
        (
            "chose a simple gradient-boosted model on existing features instead of deep learning",
            "We had planned a deep learning model, but I dropped that and trained a gradient-boosted model on six features we already had.",
            true,
            false,
        ),
        (
            "required delivery estimates within five weeks to renew",
            "The customer said they would only renew if we could show delivery estimates within five weeks.",
            true,
            false,
        ),
        (
            "wrote a checklist for the night shift",
            "I meant to write a checklist for the night shift, but I never finished it.",
            false,
            true,
        ),
        (
            "limited the first version to the top 20 cities",
            "Someone suggested limiting the first version to the top 20 cities, but the customer refused.",
            false,
            true,
        ),
        (
            "rolled back within two hours",
            "We didn't wait for the full audit; I rolled back within two hours.",
            true,
            false,
        ),
        (
            "was asked to add a second night nurse to the ward",
            "The director asked me to add a second night nurse to the ward, and I said no.",
            true,
            false,
        ),
        (
            "met weekly with the site foreman",
            "Every Friday I met with the site foreman.",
            true,
            false,
        ),
        // Compounds written as one word or as two.
        (
            "merged the data sets",
            "I merged every dataset.",
            true,
            false,
        ),
        (
            "merged the datasets",
            "I merged every data set.",
            true,
            false,
        ),
        (
            "framed the choice as a trade-off",
            "I framed the choice as a tradeoff.",
            true,
            false,
        ),
        (
            "merged the data sets",
            "I merged every database.",
            false,
            false,
        ),
        // A final "s" heard on the next word.
        (
            "audited the customer table",
            "We went through the customer stable.",
            true,
            false,
        ),
        (
            "audited the customer table",
            "We shipped a stable customer release.",
            false,
            false,
        ),
        // A fragment the recogniser cut off between the plan and its denial.
        (
            "pulled data on 120,000 users to check clicks against retention",
            "I wanted to pull data on 120,000 users to check whether clicks related to thirty days. Retention. But that analysis never happened.",
            false,
            true,
        ),
        (
            "pulled data on 120,000 users to check clicks against retention",
            "I wanted to pull data on 120,000 users to check whether clicks related to thirty days. Retention. Then I saw it. But the dashboard never happened.",
            true,
            false,
        ),
    ];
    for (point, answer, covered, negated) in cases {
        let r = judge(point, answer);
        assert_eq!(r.covered, *covered, "covered? {point} <- {answer}: {r:?}");
        assert_eq!(r.negated, *negated, "negated? {point} <- {answer}: {r:?}");
        assert_eq!(
            r.denial.is_some(),
            *negated,
            "reason? {point} <- {answer}: {r:?}"
        );
        if r.covered {
            assert!(r.evidence.is_some());
        }
    }
}

/// Purpose: a point said with a phrase or another part of speech is still
/// covered (WordNet phrases and derivational forms), while words that merely
/// sit side by side across a clause boundary are no phrase.
#[test]
fn phrases_and_other_parts_of_speech_cover_the_point() {
    // (key point, answer, covered)
    let cases: &[(&str, &str, bool)] = &[
        (
            "rehearsed the pitch with a colleague",
            "I did a dry run of the pitch with a colleague.",
            true,
        ),
        (
            "established a weekly review with the vendor",
            "We set up a review with the vendor every week.",
            true,
        ),
        (
            "decided to rebuild the billing service",
            "The decision was to rebuild the billing service.",
            true,
        ),
        (
            "rehearsed the keynote thoroughly",
            "I did a dry run of the keynote.",
            true,
        ),
        (
            "rehearsed the keynote thoroughly",
            "The keynote hall stayed dry, run by volunteers.",
            false,
        ),
    ];
    check_covered(cases);
}

/// Purpose: a point written with acronyms is covered by an answer that says
/// the words in full, and the reverse; initials that only happen to occur
/// apart, or the acronym's words without the rest of the point, are not.
#[test]
fn acronyms_and_the_words_they_stand_for_cover_each_other() {
    // (key point, answer, covered)
    let cases: &[(&str, &str, bool)] = &[
        (
            "sent the KPIs to the CTO",
            "I sent our key performance indicators to the chief technology officer.",
            true,
        ),
        (
            "improved the area under the curve",
            "The new features raised the AUC.",
            true,
        ),
        (
            "convinced the PM with a dashboard",
            "I convinced our product manager with a dashboard.",
            true,
        ),
        (
            "sent the KPIs to the CTO",
            "I sent a key report to the chief of staff.",
            false,
        ),
        (
            "convinced the PM with a dashboard",
            "The product was ready, and the manager liked it.",
            false,
        ),
    ];
    check_covered(cases);
}

/// Purpose: an "-able"/"-ible" adjective in a point is covered by its verb
/// in the answer ("readable by 200 employees" = "200 employees could read
/// it"), and the reverse.
#[test]
fn able_adjectives_and_their_verbs_cover_each_other() {
    let cases: &[(&str, &str, bool)] = &[
        (
            "kept the logs readable",
            "I made sure anyone could read the logs.",
            true,
        ),
        (
            "made every report searchable",
            "Now you can search every report.",
            true,
        ),
        (
            "made every report searchable",
            "Now the reports are stable.",
            false,
        ),
    ];
    check_covered(cases);
}

#[test]
fn amounts_said_in_other_units_cover_the_point() {
    // (key point, answer, covered)
    let cases: &[(&str, &str, bool)] = &[
        (
            "shipped the fix within 48 hours",
            "We shipped the fix in two days.",
            true,
        ),
        (
            "archived accounts idle for 180 days",
            "I archived every account that had sat idle for six months.",
            true,
        ),
        (
            "trained the new hires for a fortnight",
            "The new hires trained with me for two full weeks.",
            true,
        ),
        (
            "cut the wait to about one mile",
            "The walk is now roughly a mile.",
            true,
        ),
        (
            "ordered a dozen spare parts",
            "I ordered twelve spare parts.",
            true,
        ),
        // A different amount is a different fact.
        (
            "shipped the fix within 48 hours",
            "We shipped the fix in two weeks.",
            false,
        ),
        (
            "archived accounts idle for 180 days",
            "I archived every account that had sat idle for six weeks.",
            false,
        ),
    ];
    check_covered(cases);
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
