//! Tests of document import: the seed document against the bundled bank,
//! three documents in other layouts, errors, and arbitrary input.

use super::*;

const QA_PLAIN: &str = include_str!("fixtures/qa_plain.txt");
const STAR_HEADINGS: &str = include_str!("fixtures/star_headings.md");
const NUMBERED_EMOJI: &str = include_str!("fixtures/numbered_emoji.md");

/// The ids of the questions `parse_document` finds in `doc`, in order.
fn ids_of(doc: &str) -> Vec<String> {
    parse_document(doc)
        .unwrap()
        .into_iter()
        .map(|q| q.id)
        .collect()
}

/// What one imported question must be: id, category, question, reference.
struct Expect {
    id: &'static str,
    category: Option<&'static str>,
    question: &'static str,
    reference: &'static str,
}

fn check(doc: &str, expected: &[Expect]) {
    let got = parse_document(doc).unwrap_or_else(|e| panic!("{e}"));
    let got_questions: Vec<&str> = got.iter().map(|q| q.question.as_str()).collect();
    let want_questions: Vec<&str> = expected.iter().map(|e| e.question).collect();
    assert_eq!(got_questions, want_questions);
    for (g, e) in got.iter().zip(expected) {
        assert_eq!(g.id, e.id, "id of {:?}", e.question);
        assert_eq!(
            g.category.as_deref(),
            e.category,
            "category of {:?}",
            e.question
        );
        assert_eq!(g.reference, e.reference, "reference of {:?}", e.question);
    }
}

#[test]
fn plain_text_with_q_and_a_labels_and_capital_sections() {
    check(
        QA_PLAIN,
        &[
            Expect {
                id: "led-team-difficult-change",
                category: Some("leadership"),
                question: "Tell me about a time you led a team through a difficult change.",
                reference: "In 2022 our support team of 9 people moved from email to a ticketing system. Half the team had used the old process for over five years and were worried about being measured.\n\n\
                            I ran two workshops to show the new queue, paired each sceptic with an early adopter, and kept the old inbox read-only for 30 days. After three months the median reply time fell from 26 hours to 7 hours, and nobody left the team.",
            },
            Expect {
                id: "underperforming-colleague",
                category: Some("leadership"),
                question: "How do you handle an underperforming colleague?",
                reference: "I start with a private conversation about what I have observed, with examples rather than labels. Then we agree on one or two concrete goals for the next month and meet every week to check them. If nothing changes, I involve our manager, but in most cases the weekly check-ins are enough.",
            },
            Expect {
                id: "disagreement-colleague-priorities-resolved",
                category: Some("teamwork"),
                question: "Describe a disagreement with a colleague about priorities. How was it resolved?",
                reference: "My colleague wanted to rebuild the reporting dashboard first; I wanted to fix the data export that customers had complained about. We listed both tasks with their cost and the number of customers affected: the export touched 140 accounts, the dashboard 12. We agreed to fix the export first and to share the dashboard work the week after.",
            },
        ],
    );
}

#[test]
fn markdown_headings_with_star_labels_bullets_and_links() {
    check(
        STAR_HEADINGS,
        &[
            Expect {
                id: "led-team-difficult-change",
                category: Some("leadership"),
                question: "Tell me about a time you led a team through a difficult change",
                reference: "Situation: Our mobile team of six engineers had to move from quarterly releases to releasing every two weeks.\n\n\
                            Task: I was asked to make the switch without lowering quality.\n\n\
                            Action: Set up a release checklist in our wiki and automated the smoke tests. Rotated the release captain role so everyone learned the process. Held a 15-minute retrospective after every release.\n\n\
                            Result: Within four months we shipped 8 releases on time, and crash reports fell by 35%.",
            },
            Expect {
                id: "want-lead-team",
                category: Some("leadership"),
                question: "Why do you want to lead this team?",
                reference: "I enjoy helping people grow, and this team is at the stage where a lead can make a real difference. I have done it before: two of the engineers I mentored became team leads themselves.",
            },
            Expect {
                id: "solved-problem-data",
                category: Some("problem-solving"),
                question: "Describe a time you solved a problem with data",
                reference: "Situation: Customer churn rose from 3% to 5% in one quarter and nobody knew why.\n\n\
                            Action: I joined the billing and support data, found that 70% of the customers who left had hit a failed payment, and showed the analysis to the payments team.\n\n\
                            Result: After the retry logic was fixed, churn went back to 3.2% within two months.",
            },
        ],
    );
}

#[test]
fn numbered_questions_with_emoji_and_no_sections() {
    check(
        NUMBERED_EMOJI,
        &[
            Expect {
                id: "yourself",
                category: None,
                question: "Tell me about yourself.",
                reference: "I'm a backend developer with 6 years of experience, mostly in payments. At my current company I own the service that handles 2 million card transactions a day.\n\n\
                            Outside work I mentor two junior developers.",
            },
            Expect {
                id: "greatest-strength",
                category: None,
                question: "What is your greatest strength?",
                reference: "I stay calm when production breaks. Last year I led the response to a 3-hour outage and wrote the post-mortem the same day.\n\n\
                            Result: the fixes from that post-mortem cut similar incidents by half.",
            },
            Expect {
                id: "failed",
                category: None,
                question: "Describe a time you failed.",
                reference: "I promised a migration in 2 weeks and it took 5. What I changed afterwards: 1) I split estimates into tasks of at most 2 days. 2) I share a risk list with every estimate.",
            },
            Expect {
                id: "failed-2",
                category: None,
                question: "Tell me about a time when you failed.",
                reference: "I underestimated the testing for a tax rule change by a week. I told my manager as soon as I knew, and we moved the release instead of cutting the tests.",
            },
        ],
    );
}

fn seed_document() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_f7f50f59e4d91f6e.txt"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the seed document {path}: {e}"))
}

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn seed_document_gives_the_bundled_questions_and_categories() {
    let imported = parse_document(&seed_document()).unwrap_or_else(|e| panic!("{e}"));
    let bank = crate::store::questions::load_bank(None).unwrap();
    assert_eq!(imported.len(), 10);
    assert_eq!(bank.len(), 10);

    let got: BTreeMap<&str, Option<&str>> = imported
        .iter()
        .map(|q| (q.question.as_str(), q.category.as_deref()))
        .collect();
    let want: BTreeMap<&str, Option<&str>> = bank
        .iter()
        .map(|q| (q.question.as_str(), Some(q.category.as_str())))
        .collect();
    assert_eq!(got, want);

    let ids: BTreeSet<&str> = imported.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 10, "ids must be unique: {ids:?}");
    for q in &imported {
        assert!(is_kebab(&q.id), "{}", q.id);
        assert!(!q.reference.contains('*'), "markup left in {}", q.reference);
        assert!(!q.reference.contains("Answer:"), "{}", q.reference);
        assert!((60..=180).contains(&target_seconds(&q.reference)));
    }

    // The bundled references were tidied by hand (typos, bullets into
    // sentences), so compare words: nearly every word of each bundled
    // reference is in the imported one, and the import adds little.
    for b in &bank {
        let q = imported.iter().find(|q| q.question == b.question).unwrap();
        let (mine, theirs) = (words(&q.reference), words(&b.reference));
        let kept = theirs.intersection(&mine).count() as f64 / theirs.len() as f64;
        let extra = mine.difference(&theirs).count() as f64 / mine.len() as f64;
        assert!(
            kept >= 0.93,
            "{}: only {kept:.2} of the bundled words",
            b.id
        );
        assert!(extra <= 0.12, "{}: {extra:.2} of the words are new", b.id);
    }
}

#[test]
fn seed_star_answer_keeps_labels_lists_and_numbers() {
    let imported = parse_document(&seed_document()).unwrap();
    let q = imported
        .iter()
        .find(|q| {
            q.question
                .starts_with("Describe a time when you worked with cross-functional")
        })
        .unwrap();
    let paragraphs: Vec<&str> = q.reference.split("\n\n").collect();
    assert!(
        paragraphs[0].starts_with("Situation: As a Lead Data Scientist"),
        "{}",
        q.reference
    );
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Task: The key objectives were to: Assess TAC")));
    assert!(paragraphs.iter().any(|p| p.starts_with(
        "Action: 1) Use Case 1: TAC vs. Top Sellers (A/B Testing). Conducted an A/B test"
    )));
    assert!(q
        .reference
        .contains("1) Comparing TAC-based recommendations"));
    assert!(q.reference.contains("within the 70ms SLA."));
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Result: TAC achieved a 7.12% improvement in conversion rate")));
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Outcome: The Deals team decided not to productionize")));

    // Quotation marks wrapped around a whole answer go; the words stay.
    let q = imported
        .iter()
        .find(|q| {
            q.question
                .starts_with("Tell me about a situation where you had to coordinate")
        })
        .unwrap();
    assert!(
        q.reference.starts_with("At Target, I led an initiative"),
        "{}",
        q.reference
    );
    assert!(q
        .reference
        .contains("for 2 reasons: 1) There was a clear reluctance"));
    assert!(q
        .reference
        .ends_with("further investment in session-based recommendations."));

    // The closing offer after the last rule ("Would you like to refine ...?")
    // is not part of the last answer.
    let last = imported.last().unwrap();
    assert!(last
        .question
        .starts_with("Have you ever had to balance multiple projects"));
    assert!(
        last.reference
            .ends_with("without derailing our main project."),
        "{}",
        last.reference
    );
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[test]
fn target_length_follows_a_comfortable_pace_within_limits() {
    assert_eq!(target_seconds(""), 60);
    assert_eq!(target_seconds(&"word ".repeat(140)), 60);
    assert_eq!(target_seconds(&"word ".repeat(280)), 120);
    assert_eq!(target_seconds(&"word ".repeat(245)), 105);
    assert_eq!(target_seconds(&"word ".repeat(1000)), 180);
    // Punctuation alone is not a word.
    assert_eq!(target_seconds(&"word - ".repeat(280)), 120);
}

#[test]
fn ids_are_short_kebab_case_and_unique() {
    let doc = "Q: Can you describe a time when you had to explain a complex technical concept to a non-technical audience?\nA: Yes.\n\n\
               Q: Describe a situation where you had to coordinate with multiple stakeholders (e.g., product, legal) to drive a project forward.\nA: Yes.\n\n\
               Q: Why?\nA: Because.\n\nQ: Why?\nA: Again.\n\nQ: ¿Qué es «éxito»?\nA: Sí.";
    let ids = ids_of(doc);
    assert_eq!(
        ids,
        [
            "explain-complex-technical-concept-non-technical",
            "coordinate-multiple-stakeholders-drive-project",
            "question",
            "question-2",
            "que-es-exito",
        ]
    );
}

#[test]
fn category_names_come_from_section_titles() {
    for (title, want) in [
        ("1. Communication", Some("communication")),
        ("3) Project Delivery", Some("project-delivery")),
        (
            "Part 2: Teamwork & Collaboration",
            Some("teamwork-collaboration"),
        ),
        ("Leadership questions", Some("leadership")),
        ("🤝", None),
    ] {
        assert_eq!(
            category_id(&clean_inline(title)).as_deref(),
            want,
            "{title}"
        );
    }
    let doc = "# Collaboration\n\n1. Why do you like pairing?\nIt spreads knowledge.\n\nCategory: Growth\n\n2. What did you learn last year?\nRust.\n";
    let got = parse_document(doc).unwrap();
    let cats: Vec<Option<&str>> = got.iter().map(|q| q.category.as_deref()).collect();
    assert_eq!(cats, [Some("collaboration"), Some("growth")]);
}

#[test]
fn a_lone_title_above_the_questions_is_not_a_category() {
    let doc = "# My prep\n\n## What is your biggest weakness?\nI say yes too often.\n";
    let got = parse_document(doc).unwrap();
    assert_eq!(got[0].category, None);
    assert_eq!(got[0].reference, "I say yes too often.");
}

#[test]
fn question_label_on_its_own_line_and_underlined_sections() {
    let doc = "Teamwork\n========\n\n**Question 1**\n*How do you onboard a new colleague?*\n\n**Answer**\nI pair with them for the first week.\r\n\nGrowth\n---\nQuestion 2: What are you learning?\nAnswer: Rust.\n";
    let got = parse_document(doc).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].category.as_deref(), Some("growth"));
    assert_eq!(got[1].reference, "Rust.");
    assert_eq!(got[0].question, "How do you onboard a new colleague?");
    assert_eq!(got[0].category.as_deref(), Some("teamwork"));
    assert_eq!(got[0].reference, "I pair with them for the first week.");
    assert_eq!(got[0].line, 4);
}

#[test]
fn standalone_question_lines_and_inline_markup() {
    let doc = "What motivates you?\nShipping things __people__ use, like `rehearse` and [my blog](https://x.y/z).\nI keep 2 * 3 = 6 and snake_case names as written.\n\n**Tell me about a mistake you made.**\nI deleted a \\*staging\\* table once.\n";
    let got = parse_document(doc).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].reference,
        "Shipping things people use, like rehearse and my blog. I keep 2 * 3 = 6 and snake_case names as written."
    );
    assert_eq!(got[1].question, "Tell me about a mistake you made.");
    assert_eq!(got[1].reference, "I deleted a *staging* table once.");
}

#[test]
fn documents_without_questions_say_what_is_understood() {
    for doc in [
        "",
        "\u{feff}",
        "   \n\n",
        "Just some notes.\nNothing to ask here.",
        "# Title\n\n## Part\n",
        "---\n***\n",
    ] {
        let err = parse_document(doc).unwrap_err();
        assert_eq!(err, ImportError::NoQuestions);
        let msg = err.to_string();
        for layout in ["Q:", "numbered", "heading", "?"] {
            assert!(msg.contains(layout), "{msg}");
        }
        assert!(!msg.contains('\n'));
    }
}

#[test]
fn a_question_without_an_answer_is_reported_with_its_line() {
    let doc = "Q: Why this company?\nA: The product.\n\nQ: Where do you see yourself in 5 years?\nA:\n\nQ: Any questions for us?\nA: Yes.";
    let err = parse_document(doc).unwrap_err();
    assert_eq!(
        err,
        ImportError::NoAnswer {
            line: 4,
            question: "Where do you see yourself in 5 years?".into()
        }
    );
    assert!(err
        .to_string()
        .starts_with("line 4: the question \"Where do you see"));
}

#[test]
fn an_answer_label_deep_in_an_answer_stays_in_the_answer() {
    let doc = "### Why me?\nOne.\nTwo.\n\nThree.\n\nFour.\n\nA: five.\n";
    let got = parse_document(doc).unwrap();
    assert_eq!(got[0].question, "Why me?");
    assert!(got[0].reference.starts_with("One. Two."));
    assert!(got[0].reference.ends_with("A: five."));
}

/// Arbitrary documents built from markup fragments and random characters
/// never panic, and whatever is imported is well formed.
#[test]
fn arbitrary_documents_never_panic() {
    const FRAGMENTS: &[&str] = &[
        "Q:",
        "A:",
        "Question 1",
        "**Answer:**",
        "# ",
        "### ",
        "## 1. ",
        "1. ",
        "2) ",
        "- ",
        "* ",
        "**",
        "*",
        "_",
        "__",
        "~~",
        "`",
        "[",
        "](",
        ")",
        "\\",
        "?",
        ".",
        ":",
        "\n",
        "\n\n",
        "\r\n",
        "---",
        "===",
        "1\u{fe0f}\u{20e3}",
        "✅",
        "🚀",
        "\u{200d}",
        "\u{feff}",
        "é",
        "Situation:",
        "#### Result",
        "Category: ",
        "TEAMWORK",
        "Tell me about",
        "why",
        "\"",
        "“",
        "”",
        " ",
        "\t",
        "\u{0}",
        "\u{1b}[31m",
        "(",
        "'s",
        "-",
        "ß",
        "\u{301}",
    ];
    let mut rng = fastrand::Rng::with_seed(10);
    for _ in 0..3000 {
        let mut doc = String::new();
        for _ in 0..rng.usize(0..40) {
            if rng.u8(..) < 40 {
                doc.push(rng.char(..));
            } else {
                doc.push_str(FRAGMENTS[rng.usize(..FRAGMENTS.len())]);
            }
        }
        match parse_document(&doc) {
            Ok(qs) => {
                assert!(!qs.is_empty());
                let ids: BTreeSet<&str> = qs.iter().map(|q| q.id.as_str()).collect();
                assert_eq!(ids.len(), qs.len(), "{doc:?}");
                for q in &qs {
                    assert!(is_kebab(&q.id), "{doc:?} → {}", q.id);
                    assert!(q.category.as_deref().is_none_or(is_kebab), "{doc:?}");
                    assert!(!q.question.trim().is_empty(), "{doc:?}");
                    assert!(!q.reference.trim().is_empty(), "{doc:?}");
                    assert!(
                        !q.reference.chars().any(|c| c.is_control() && c != '\n'),
                        "{doc:?}"
                    );
                    assert!(
                        q.line >= 1 && q.line <= doc.lines().count().max(1),
                        "{doc:?}"
                    );
                }
            }
            Err(e) => assert!(!e.to_string().contains('\n'), "{doc:?}"),
        }
    }
}

#[test]
fn byte_order_mark_and_crlf_line_ends_read_the_same() {
    for doc in [QA_PLAIN, STAR_HEADINGS, NUMBERED_EMOJI] {
        let windows = format!("\u{feff}{}", doc.replace('\n', "\r\n"));
        assert_eq!(parse_document(&windows), parse_document(doc));
    }
}

#[test]
fn repeated_questions_get_numbered_ids() {
    let doc = format!("{STAR_HEADINGS}\n{STAR_HEADINGS}");
    let ids = ids_of(&doc);
    assert_eq!(
        ids,
        [
            "led-team-difficult-change",
            "want-lead-team",
            "solved-problem-data",
            "led-team-difficult-change-2",
            "want-lead-team-2",
            "solved-problem-data-2",
        ]
    );
}

#[test]
fn long_and_bracket_heavy_lines_are_read_quickly() {
    let start = std::time::Instant::now();
    let doc = format!(
        "Q: Why?\nA: {}\n{}",
        "[".repeat(200_000),
        "*_`~ ".repeat(50_000)
    );
    let got = parse_document(&doc).unwrap();
    assert_eq!(got.len(), 1);
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

#[test]
fn question_and_answer_on_one_line_and_labels_after_bullets() {
    let doc = "- **Q:** Why this role? **A:** It joins my two interests, data and teaching.\n  I have done both for 4 years.\n\n- Q: What is 2 + 2? A:\n  Four.\n";
    let got = parse_document(doc).unwrap();
    let pairs: Vec<(&str, &str)> = got
        .iter()
        .map(|q| (q.question.as_str(), q.reference.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "Why this role?",
                "It joins my two interests, data and teaching. I have done both for 4 years."
            ),
            ("What is 2 + 2?", "Four."),
        ]
    );
}
