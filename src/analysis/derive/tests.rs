//! Table tests of key-point derivation.

use super::*;

const ROLLBACK: &str = "Situation: At an online grocery company I owned the demand forecasting model that set next-day orders for 40 warehouses. Two weeks after I shipped a new gradient-boosted version, a holiday weekend arrived and the model under-forecast fresh produce by about 30%. Several warehouses ran out of stock and we lost roughly $250,000 in sales. Task: I had to stop the damage quickly, find the root cause, and make sure a silent failure like this could not happen again. Action: Within two hours I rolled back to the previous model, which had handled holidays correctly. Digging in, I found that a renamed column in an upstream table had silently dropped the holiday calendar feature from training, and my offline validation set happened to contain no holidays. I wrote a blameless postmortem, added a schema check that fails the pipeline whenever an expected feature is missing, and changed our backtests so they always include the three most recent holiday periods. I also set up a daily alert comparing forecasts with actual orders. Result: The next holiday season the forecast error stayed under 8%, the alert caught two data issues before they reached the warehouses, and the schema check became a standard step for the other forecasting teams. I learned to validate on the cases that matter most, not only on average accuracy.";

#[test]
fn splits_sentences() {
    let cases: &[(&str, &[&str])] = &[
        ("One two. Three four.", &["One two.", "Three four."]),
        (
            "We saved $1.4 million. Then we left.",
            &["We saved $1.4 million.", "Then we left."],
        ),
        (
            "Use tools, e.g. Grafana. Done now.",
            &["Use tools, e.g. Grafana.", "Done now."],
        ),
        (
            "Edit vela.yml today. Next step.",
            &["Edit vela.yml today.", "Next step."],
        ),
        (
            "It took 3 sprints (~1.5 months). It worked.",
            &["It took 3 sprints (~1.5 months).", "It worked."],
        ),
        ("Was it? Yes! Good.", &["Was it?", "Yes!", "Good."]),
        (
            "for 2 reasons. 1) One thing. 2) Other.",
            &["for 2 reasons.", "1) One thing.", "2) Other."],
        ),
        (
            "Line one\nstill one.\n\nPara two",
            &["Line one still one.", "Para two"],
        ),
        (
            "Intro:\n- first item\n- second item",
            &["Intro:", "- first item", "- second item"],
        ),
        (
            "Met J. Smith there. Fine.",
            &["Met J. Smith there.", "Fine."],
        ),
        ("lower. case stays", &["lower. case stays"]),
        (
            "So I: 1) aligned; 2) used tools.",
            &["So I:", "1) aligned;", "2) used tools."],
        ),
        (
            "I 1) keep notes; and 2) revisit.",
            &["I 1) keep notes; and 2) revisit."],
        ),
        ("Time: 10:30; done.", &["Time: 10:30; done."]),
        ("", &[]),
    ];
    for (input, want) in cases {
        assert_eq!(split_sentences(input), *want, "input: {input:?}");
    }
}

#[test]
fn strips_labels_and_markers() {
    let cases = [
        ("Situation: At a bank I led it.", "At a bank I led it."),
        ("Result: Sales rose 5%.", "Sales rose 5%."),
        ("1) There was reluctance.", "There was reluctance."),
        ("(2) choose items.", "choose items."),
        ("- Code reviews: I review PRs.", "I review PRs."),
        (
            "Task: The key objectives were to: assess it.",
            "The key objectives were to: assess it.",
        ),
        ("To manage it, I: 1) aligned", "To manage it, I: 1) aligned"),
        ("At 10:30 we met.", "At 10:30 we met."),
    ];
    for (input, want) in cases {
        assert_eq!(strip_labels(input), want, "input: {input:?}");
    }
}

#[test]
fn shortens_to_the_essential_clause() {
    let proper: BTreeSet<String> = ["target".to_string()].into();
    let cases = [
        ("So, I rebuilt the pipeline in 3 days.", "I rebuilt the pipeline in 3 days"),
        ("Then we shipped it to all users.", "we shipped it to all users"),
        ("So then, I wrote the plan.", "I wrote the plan"),
        ("The team chose option B.", "the team chose option B"),
        ("Target launched it.", "Target launched it"),
        ("TAC improved by 7%.", "TAC improved by 7%"),
        ("Instead of arguing, we met.", "instead of arguing, we met"),
        ("I 1) keep notes, and 2) revisit tickets.", "I keep notes, and revisit tickets"),
        ("We tried: (1) random items and (2) hard ones.", "we tried random items and hard ones"),
        (
            "Within two hours I rolled back to the previous model and the old one, which had handled holidays correctly in every season of the year before that.",
            "within two hours I rolled back to the previous model and the old one",
        ),
        (
            "I added a check that fails the pipeline whenever an expected feature is missing from the table, which means we catch it, and it saved 20 hours.",
            "I added a check that fails the pipeline whenever an expected feature is missing from the table, which means we catch it, and it saved 20 hours",
        ),
        (
            "I presented the design (an approach that our platform team had never used before in production) to the architecture board and two directors in one week.",
            "I presented the design to the architecture board and two directors in one week",
        ),
        (
            "If a customer adds milk, eggs, and sugar to their cart in that order, traditional recommendation algorithms would primarily focus on the last-added item.",
            "if a customer adds milk, eggs, and sugar to their cart in that order, traditional recommendation algorithms would primarily focus on the last-added item",
        ),
        (
            "While working on improving the performance of the ranking model, I had a disagreement with a fellow data scientist about the loss function for contrastive learning.",
            "I had a disagreement with a fellow data scientist about the loss function for contrastive learning",
        ),
        (
            "I scheduled discussions with product owners, scientists and managers from the partner team to identify their pain points, proactively involving people from my team, and was able to develop a pilot model that demonstrated a 12% increase in engagement, leading to further investment.",
            "was able to develop a pilot model that demonstrated a 12% increase in engagement",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(shorten(input, &proper), want, "input: {input:?}");
    }
}

#[test]
fn finds_names() {
    let sentences = vec![
        "At Target we use TAC.".to_string(),
        "Then I left.".to_string(),
    ];
    let names: Vec<String> = proper_nouns(&sentences).into_iter().collect();
    assert_eq!(names, ["tac", "target"]);
}

#[test]
fn derives_five_to_seven_points_in_order() {
    let points = derive_key_points(ROLLBACK, 7);
    assert!((5..=7).contains(&points.len()), "{points:#?}");
    let mut last = 0;
    for p in &points {
        let at = ROLLBACK.find(p.as_str()).or_else(|| {
            // A point may start with a lower-cased first letter.
            let mut c = p.chars();
            let first: String = c
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(c)
                .collect();
            ROLLBACK.find(first.as_str())
        });
        let at = at.unwrap_or_else(|| panic!("point not taken from the reference: {p:?}"));
        assert!(at >= last, "points out of order: {points:#?}");
        last = at;
    }
    for label in ["Situation:", "Task:", "Action:", "Result:"] {
        assert!(points.iter().all(|p| !p.contains(label)), "{points:#?}");
    }
    assert!(points.iter().any(|p| p.contains("$250,000")), "{points:#?}");
    assert!(points.iter().any(|p| p.contains("8%")), "{points:#?}");
}

#[test]
fn respects_max_and_short_references() {
    let cases: &[(&str, usize, usize)] = &[
        ("", 7, 0),
        ("   \n\n ", 7, 0),
        (ROLLBACK, 0, 0),
        (ROLLBACK, 3, 3),
        ("I cut the build time from 20 minutes to 4 minutes.", 7, 1),
        (
            "I cut the build time from 20 to 4 minutes. The team adopted it for 12 services.",
            7,
            2,
        ),
        ("Yes. No. Maybe.", 7, 0),
    ];
    for (text, max, want) in cases {
        assert_eq!(
            derive_key_points(text, *max).len(),
            *want,
            "text: {text:?} max {max}"
        );
    }
}

#[test]
fn is_deterministic() {
    assert_eq!(
        derive_key_points(ROLLBACK, 7),
        derive_key_points(ROLLBACK, 7)
    );
}

#[test]
fn list_markers() {
    let cases = [
        ("- a", 2),
        ("1. a", 3),
        ("12) a", 4),
        ("(3) a", 4),
        ("1.5 months", 0),
        ("2023 was", 0),
        ("a- b", 0),
    ];
    for (input, want) in cases {
        assert_eq!(list_marker_len(input), want, "input: {input:?}");
    }
}
