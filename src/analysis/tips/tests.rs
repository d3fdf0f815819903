//! Table tests of the tip ranking.

use super::*;
use crate::analysis::{analyse, delivery, SpeechActivity, Transcript};

fn question(points: &[&str], target_s: u32) -> Question {
    Question {
        id: "q".into(),
        category: "c".into(),
        question: "Tell me about a time a launch went wrong.".into(),
        target_seconds: target_s,
        reference: "Situation: At a bank I owned the forecast. Action: I rolled back the model within two hours. Result: Error fell to eight percent the next season.".into(),
        key_points: points.iter().map(|p| p.to_string()).collect(),
        key_points_derived: false,
        audio: None,
    }
}

/// `text` spoken at `wpm`, evenly, with no pause.
fn spoken(text: &str, wpm: f64, q: &Question) -> Report {
    let words = Word::evenly_spaced(text, 60.0 / wpm);
    let end = words.last().map_or(0.0, |w| w.end_s);
    let t = Transcript {
        aligned: false,
        cleaned: false,
        segments: vec![crate::analysis::Segment {
            start_s: 0.0,
            end_s: end,
            text: text.into(),
        }],
        words,
    };
    let a = SpeechActivity {
        audio_s: end + 0.5,
        regions: vec![(0.0, end)],
    };
    analyse(&t, &a, q, &Settings::default())
}

const GOOD: &str = "At a bank I owned the forecast. I had to stop the damage. I rolled back the model within two hours and I wrote a schema check. Error fell to eight percent the next season.";

fn kinds(t: &[Tip]) -> Vec<TipKind> {
    t.iter().map(|t| t.kind).collect()
}

#[test]
fn a_good_answer_gets_few_or_no_tips() {
    // 35 words at 140 wpm: 15 s, on a 15 s target.
    let q = question(&["rolled back the model within two hours"], 15);
    let r = spoken(GOOD, 140.0, &q);
    assert!(r.key_points[0].covered);
    assert_eq!(kinds(&r.tips), [], "{:?}", r.tips);
}

#[test]
fn missed_points_come_first_with_the_reference_sentence() {
    let q = question(
        &[
            "rolled back the model within two hours",
            "owned the forecast at a bank",
            "error fell to eight percent the next season",
        ],
        30,
    );
    let r = spoken(
        "Um, so maybe we kind of, uh, fixed it. Uh, we talked. We agreed. We shipped, um, a change.",
        200.0,
        &q,
    );
    let t = &r.tips;
    assert!(t.len() >= 2 && t.len() <= MAX_TIPS, "{t:?}");
    assert_eq!(t[0].kind, TipKind::KeyPoint);
    assert_eq!(t[1].kind, TipKind::KeyPoint);
    assert!(t[0].text.starts_with("Add: rolled back"), "{:?}", t[0]);
    assert_eq!(
        t[0].quote.as_deref(),
        Some("I rolled back the model within two hours."),
        "the label is dropped"
    );
    assert_eq!(
        t.iter().filter(|t| t.kind == TipKind::KeyPoint).count(),
        MAX_KEY_POINT_TIPS
    );
    // Tiers never go down the list.
    assert!(t.windows(2).all(|w| w[0].tier <= w[1].tier), "{t:?}");
}

#[test]
fn each_measure_proposes_its_tip() {
    let q = question(&[], 30);
    type Case = (&'static str, &'static str, f64, TipKind, u8);
    let cases: &[Case] = &[
        ("too fast", GOOD, 200.0, TipKind::Pace, 2),
        ("too slow", GOOD, 80.0, TipKind::Pace, 2),
        ("a little fast", GOOD, 165.0, TipKind::Pace, 4),
        (
            "fillers bunched",
            "At a bank I owned the forecast. Um, I had to, uh, stop the damage, um, fast. I rolled back the model within two hours and I wrote a schema check and I tested it with the team and I shipped it later that week. Error fell to eight percent the next season and the team kept the check.",
            140.0,
            TipKind::Fillers,
            2,
        ),
        (
            "mostly we",
            "At a bank I owned the forecast. We made a plan. We rolled back the model. We built a check. Error fell to eight percent.",
            140.0,
            TipKind::Ownership,
            3,
        ),
        (
            "hedging",
            "At a bank I owned the forecast. I think I had to stop the damage. I rolled back the model, probably within two hours. Error fell to eight percent.",
            140.0,
            TipKind::Hedging,
            3,
        ),
        (
            "no action",
            "At a bank I owned the forecast. The forecast was wrong for a week. Error fell to eight percent.",
            140.0,
            TipKind::Star,
            2,
        ),
        (
            "same opener",
            "At a bank I owned the forecast. I had to stop it. I rolled back the model. I wrote a check. Error fell to eight percent.",
            140.0,
            TipKind::Repetition,
            4,
        ),
    ];
    for (name, text, wpm, kind, tier) in cases {
        let r = spoken(text, *wpm, &q);
        let hit = r.tips.iter().find(|t| t.kind == *kind);
        assert!(hit.is_some(), "{name}: {:?}", r.tips);
        assert_eq!(hit.map(|t| t.tier), Some(*tier), "{name}: {:?}", r.tips);
    }
}

#[test]
fn bunched_fillers_say_where() {
    let times = [1.0, 40.0, 41.0, 45.0, 52.0, 90.0];
    assert_eq!(densest(&times), Some((40.0, 4)));
    assert_eq!(densest(&[]), None);
}

#[test]
fn a_long_answer_names_the_part_that_ran_long() {
    let q = question(&[], 10);
    let text = "At a bank I owned the forecast for every branch in the north of the country and the south. The team was small and the data was old and the rules were strict. I had to stop the damage. I rolled back the model. Error fell to eight percent.";
    let r = spoken(text, 140.0, &q);
    assert_eq!(r.length_verdict, LengthVerdict::Long);
    let t = r.tips.iter().find(|t| t.kind == TipKind::Length);
    let t = t.unwrap_or_else(|| panic!("{:?}", r.tips));
    assert!(t.text.starts_with("Trim the Situation"), "{t:?}");
    assert_eq!(t.start_s, Some(0.0));
}

#[test]
fn a_short_answer_is_told_to_say_more() {
    let q = question(&[], 120);
    let r = spoken(GOOD, 140.0, &q);
    assert_eq!(r.length_verdict, LengthVerdict::Short);
    let t = r.tips.iter().find(|t| t.kind == TipKind::Length);
    assert!(
        t.is_some_and(|t| t.text.starts_with("Say more") && t.tier == 2),
        "{:?}",
        r.tips
    );
}

#[test]
fn untimed_answers_get_tips_without_pace_or_times() {
    let q = question(&["rolled back the model within two hours"], 30);
    let text = "Um, we talked. Uh, we agreed. Um, we shipped a change. We maybe kind of fixed it.";
    let mut r = spoken(text, 200.0, &q);
    let words = r.transcript.words.clone();
    r.delivery = Some(delivery::measure(&words, &r.fillers, false));
    let t = tips(&r, &q, &Settings::default(), false);
    assert!(!t.is_empty());
    assert!(t.iter().all(|t| t.kind != TipKind::Pace), "{t:?}");
    assert!(t.iter().all(|t| t.start_s.is_none()), "{t:?}");
    assert_eq!(t[0].kind, TipKind::KeyPoint);
}

#[test]
fn no_speech_no_tips() {
    let q = question(&["a point"], 30);
    let mut r = spoken("Hello there.", 140.0, &q);
    r.no_speech = true;
    assert!(tips(&r, &q, &Settings::default(), true).is_empty());
}

#[test]
fn json_carries_tips_and_delivery_and_old_reports_still_read() {
    let q = question(&["rolled back the model within two hours"], 30);
    let r = spoken("Maybe we fixed it. I guess we shipped.", 140.0, &q);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["tips"][0]["kind"], "key_point");
    assert_eq!(v["tips"][0]["tier"], 1);
    assert_eq!(v["delivery"]["hedges"][0]["text"], "maybe");
    assert_eq!(v["delivery"]["ownership"]["verdict"], "team");
    // A report saved before delivery and tips existed still reads.
    let mut old = v.clone();
    let obj = old.as_object_mut().unwrap();
    obj.remove("delivery");
    obj.remove("tips");
    let back: Report = serde_json::from_value(old).unwrap();
    assert!(back.delivery.is_none() && back.tips.is_empty());
}

#[test]
fn an_action_found_by_segmentation_is_not_reported_missing() {
    let q = question(&[], 10);
    // No Action cue phrase, but "We proposed …" narrates a step.
    let r = spoken(
        "At a bank I owned the forecast. We proposed a cache for the branches. Error fell to eight percent.",
        140.0,
        &q,
    );
    assert!(!r.star.action);
    assert!(
        r.tips.iter().all(|t| !t.text.contains("no Action part")),
        "{:?}",
        r.tips
    );
}
