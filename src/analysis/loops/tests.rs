use super::*;
use crate::analysis::Segment;

/// Words of `text` one after another from `start`, `step` s each.
fn words(text: &str, start: f64, step: f64) -> Vec<Word> {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| Word::at(w, start + i as f64 * step, start + (i + 1) as f64 * step))
        .collect()
}

/// Whisper's loop: one sentence written three times, 5 s apart from `at`,
/// all its words at one instant.
fn looped_from(at: f64) -> Vec<Word> {
    (0..3)
        .flat_map(|k| words("I'm a little bit scared of it.", at + 5.0 * k as f64, 0.0))
        .collect()
}

fn transcript(text: &str, step: f64) -> Transcript {
    Transcript {
        words: words(text, 0.0, step),
        ..Default::default()
    }
}

#[test]
fn finds_loops_and_not_ordinary_repetition() {
    // (transcript text, seconds per word, loop expected)
    let cases: &[(&str, f64, bool)] = &[
        // Whisper's loop: one sentence written again and again.
        (
            "I joined a hospital network. I was like, oh, I'm a little bit scared of it. \
             Um, I was like, oh, I'm a little bit scared of it. I'm a little bit scared of it.",
            0.3,
            true,
        ),
        // The phrase with hesitations between its words still loops.
        (
            "we shipped the model. um we shipped the uh model. we shipped the model today.",
            0.3,
            true,
        ),
        // Said twice is ordinary emphasis, not a loop.
        (
            "we shipped the model on Friday, and yes, we shipped the model on Friday.",
            0.3,
            false,
        ),
        // Short words repeated (three words) are ordinary speech.
        (
            "I think that works. I think that helps. I think that matters.",
            0.3,
            false,
        ),
        // The same phrase three times but minutes apart: a refrain, not a loop.
        (
            "at the end of the first quarter we grew. at the end of the second quarter \
             we grew. at the end of the third quarter we grew.",
            5.0,
            false,
        ),
        // A plain answer.
        (
            "I owned the demand forecast at an online grocery company and rolled back \
             within two hours when the holiday feature vanished.",
            0.3,
            false,
        ),
    ];
    for (text, step, want) in cases {
        let t = transcript(text, *step);
        assert_eq!(has_loop(&t.words), *want, "{text}");
        assert_eq!(!looped_spans(&t, 100.0).is_empty(), *want, "{text}");
    }
}

#[test]
fn a_loop_spans_from_its_first_repeat_to_the_next_real_word() {
    let mut w = words("I joined a hospital network", 0.0, 0.5);
    w.extend(looped_from(10.0));
    w.extend(words("Then we shipped it.", 40.0, 0.5));
    let t = Transcript {
        words: w,
        ..Default::default()
    };
    assert_eq!(looped_spans(&t, 60.0), vec![(10.0, 40.0)]);
    // With nothing after the loop, it runs to the end of the recording.
    let mut t2 = t.clone();
    t2.words.truncate(t.words.len() - 4);
    assert_eq!(looped_spans(&t2, 60.0), vec![(10.0, 60.0)]);
}

#[test]
fn pieces_cut_in_silences_and_stay_short() {
    let a = |regions: &[(f64, f64)]| SpeechActivity {
        audio_s: 100.0,
        regions: regions.to_vec(),
    };
    // (span, voiced regions, pieces expected)
    type Case = ((f64, f64), Vec<(f64, f64)>, Vec<(f64, f64)>);
    let cases: Vec<Case> = vec![
        // Short enough already: one piece.
        ((0.0, 8.0), vec![(0.0, 3.0), (4.0, 8.0)], vec![(0.0, 8.0)]),
        // Sentences of 4–5 s with 1 s pauses: each piece ends at the last pause
        // before it would pass 10 s.
        (
            (0.0, 26.0),
            vec![
                (0.0, 4.0),
                (5.0, 9.0),
                (10.0, 15.0),
                (16.0, 20.0),
                (21.0, 26.0),
            ],
            vec![(0.0, 9.5), (9.5, 15.5), (15.5, 20.5), (20.5, 26.0)],
        ),
        // One voiced stretch longer than a piece stays whole.
        (
            (0.0, 30.0),
            vec![(0.0, 2.0), (3.0, 25.0), (26.0, 30.0)],
            vec![(0.0, 2.5), (2.5, 25.5), (25.5, 30.0)],
        ),
    ];
    for (span, regions, want) in cases {
        assert_eq!(pieces(span, &a(&regions)), want, "{regions:?}");
    }
}

#[test]
fn replaces_a_loop_with_a_new_transcript_that_does_not_loop() {
    let seg = |text: &str, s, e| Segment {
        text: text.into(),
        start_s: s,
        end_s: e,
    };
    let mut w = words("I joined a network.", 0.0, 0.5);
    w.extend(looped_from(10.0));
    let t = Transcript {
        words: w,
        segments: vec![
            seg("I joined a network.", 0.0, 2.0),
            seg("I'm a little bit scared of it.", 10.0, 10.0),
        ],
        aligned: true,
        cleaned: false,
    };
    let span = (10.0, 30.0);
    // A new transcript that loops too is not taken.
    let mut same = t.clone();
    let looping = transcript(
        "scared of it right now. scared of it right now. scared of it right now.",
        0.5,
    );
    assert!(!replace(&mut same, span, looping));
    assert_eq!(same, t);
    // An empty one is not taken either.
    assert!(!replace(&mut same, span, Transcript::default()));
    // Pieces transcribed apart are joined in time, then replace the loop.
    let parts = vec![
        transcript("They asked me to predict readmissions.", 1.0),
        transcript("I shadowed a nurse.", 1.0),
    ];
    let again = join(&[(10.0, 19.5), (19.5, 30.0)], parts);
    assert!((again.words[6].start_s - 9.5).abs() < 1e-9);
    let mut t = t;
    assert!(replace(&mut t, span, again));
    let text: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        text,
        [
            "I",
            "joined",
            "a",
            "network.",
            "They",
            "asked",
            "me",
            "to",
            "predict",
            "readmissions.",
            "I",
            "shadowed",
            "a",
            "nurse."
        ]
    );
    assert!((t.words[4].start_s - 10.0).abs() < 1e-9);
    assert!((t.words[10].start_s - 19.5).abs() < 1e-9);
    assert_eq!(t.segments.len(), 1);
    assert!(!t.aligned, "the parts' word times were not aligned");
}
