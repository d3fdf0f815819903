//! Tests of the pipeline with fake recognisers and synthetic sound.

use super::*;
use crate::analysis::{Segment, Word};

/// A transcriber that returns a fixed transcript and counts its calls.
struct Fixed(Transcript, usize);

impl Transcriber for Fixed {
    fn transcribe(&mut self, _samples: &[f32]) -> anyhow::Result<Transcript> {
        self.1 += 1;
        Ok(self.0.clone())
    }
}

/// `secs` of 16 kHz audio: faint noise, with a loud 200 Hz tone between
/// `tone.0` and `tone.1` s.
fn audio(secs: f64, tone: (f64, f64)) -> Vec<f32> {
    let mut x: u32 = 12345;
    (0..(secs * 16_000.0) as usize)
        .map(|i| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let noise = ((x >> 8) as f64 / f64::from(1u32 << 24) - 0.5) * 0.0014;
            let t = i as f64 / 16_000.0;
            let voice = if t >= tone.0 && t < tone.1 {
                0.3 * (2.0 * std::f64::consts::PI * 200.0 * t).sin()
            } else {
                0.0
            };
            (noise + voice) as f32
        })
        .collect()
}

fn segment(text: &str, start_s: f64, end_s: f64) -> Segment {
    Segment {
        start_s,
        end_s,
        text: text.into(),
    }
}

#[test]
fn silence_never_reaches_whisper() {
    let mut tr = Fixed(
        Transcript {
            words: vec![Word::at("Thank", 0.5, 0.8), Word::at("you.", 0.8, 1.0)],
            ..Default::default()
        },
        0,
    );
    let (t, a) = transcribe_samples(&mut tr, &vec![0.0; 48_000]).unwrap();
    assert!(a.is_silent());
    assert!(t.is_empty());
    assert_eq!(tr.1, 0, "whisper was called on silence");
}

#[test]
fn words_in_silence_are_dropped_and_speech_kept() {
    // Speech from 1 s to 3 s of 6 s; whisper "hears" a word at 5.5 s too.
    let samples = audio(6.0, (1.0, 3.0));
    let mut tr = Fixed(
        Transcript {
            aligned: false,
            cleaned: false,
            segments: vec![segment("hello", 1.1, 1.8), segment("ghost", 5.4, 5.9)],
            words: vec![Word::at("hello", 1.2, 1.6), Word::at("ghost", 5.5, 5.9)],
        },
        0,
    );
    let (t, a) = transcribe_samples(&mut tr, &samples).unwrap();
    assert!(!a.is_silent());
    assert_eq!(tr.1, 1);
    let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(words, ["hello"]);
}

/// A question with one key point, for tests that look at delivery.
fn hello_question() -> Question {
    Question {
        id: "q".into(),
        category: "c".into(),
        question: "Say hello.".into(),
        target_seconds: 60,
        reference: "Hello.".into(),
        key_points: vec!["say hello".into()],
        key_points_derived: false,
        audio: None,
    }
}

/// A buzz following `f0(t)` (Hz) with 12 harmonics, `secs` long, RMS
/// about 0.1.
fn buzz(secs: f64, f0: impl Fn(f64) -> f64) -> Vec<f32> {
    let mut phase = 0.0f64;
    (0..(secs * 16_000.0) as usize)
        .map(|i| {
            phase += 2.0 * std::f64::consts::PI * f0(i as f64 / 16_000.0) / 16_000.0;
            let s: f64 = (1..=12).map(|k| (k as f64 * phase).sin() / k as f64).sum();
            (s * 0.1) as f32
        })
        .collect()
}

#[test]
fn heard_fillers_are_found_in_the_cleaned_sound_of_a_steady_noisy_room() {
    // "So" (a gliding voice), 0.25 s of pause, a held "uh" no word covers,
    // 0.25 s of pause, "then"; twice, after half a second of room. A
    // steady noise about 22 dB under the voice fills the pauses.
    let word = || buzz(0.4, |t| 130.0 + 175.0 * t);
    let pause = || vec![0.0f32; 4_000];
    let mut one = word();
    one.extend(pause());
    one.extend(buzz(0.4, |_| 120.0));
    one.extend(pause());
    one.extend(word());
    let mut clean = vec![0.0f32; 8_000];
    for _ in 0..2 {
        clean.extend(&one);
        clean.extend(vec![0.0f32; 8_000]);
    }
    let mut x: u32 = 99;
    let noisy: Vec<f32> = clean
        .iter()
        .map(|v| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            v + ((x >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * 0.02
        })
        .collect();
    assert!(crate::transcribe::heard::is_noisy(&noisy));
    let mut words = Vec::new();
    for start in [0.5, 2.6] {
        words.push(Word::at("So", start, start + 0.4));
        words.push(Word::at("then", start + 1.3, start + 1.7));
    }
    let mut t = Transcript {
        aligned: true,
        segments: vec![segment("So then So then", 0.5, 4.3)],
        words,
        cleaned: false,
    };
    let a = voice_activity(&noisy);
    // In the sound as recorded the noise fills the pauses: no filler.
    let (_, raw) = analysis::voice::analyse(&noisy, crate::audio::WHISPER_RATE, &t, &a);
    assert!(raw.is_empty(), "{raw:?}");
    let q = hello_question();
    // Whisper heard it as recorded: neither does the filler finder.
    let r = analyse_recording(&noisy, &t, &a, &q, &Settings::default());
    assert!(!r.fillers.iter().any(|f| f.heard), "{:?}", r.fillers);
    // Whisper heard it cleaned: so does the filler finder.
    t.cleaned = true;
    let r = analyse_recording(&noisy, &t, &a, &q, &Settings::default());
    let heard: Vec<(&str, f64)> = r
        .fillers
        .iter()
        .filter(|f| f.heard)
        .map(|f| (f.word.as_str(), f.start_s))
        .collect();
    assert_eq!(heard.len(), 2, "{heard:?}");
    for ((w, at), want) in heard.iter().zip([1.15, 3.25]) {
        assert_eq!(*w, "uh");
        assert!((at - want).abs() < 0.1, "{at} s, want {want}");
    }
}

#[test]
fn words_with_no_time_and_no_room_are_dropped() {
    // Speech from 1 s to 3 s; Whisper writes seven words at 2.0 s with
    // 0.1 s before the next word.
    let samples = audio(6.0, (1.0, 3.0));
    let mut words = vec![Word::at("We", 1.1, 1.5), Word::at("shipped", 1.5, 2.0)];
    words.extend(
        "a little bit of a lot of"
            .split(' ')
            .map(|w| Word::at(w, 2.0, 2.0)),
    );
    words.push(Word::at("it.", 2.1, 2.9));
    let mut tr = Fixed(
        Transcript {
            aligned: true,
            cleaned: false,
            segments: vec![segment("We shipped a little bit of a lot of it.", 1.0, 3.0)],
            words,
        },
        0,
    );
    let (t, _) = transcribe_samples(&mut tr, &samples).unwrap();
    let got: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(got, ["We", "shipped", "it."]);
    assert_eq!(t.text(), "We shipped it.");
}

#[test]
fn a_repetition_loop_is_transcribed_again_in_pieces() {
    // Six 3 s sentences with 1 s pauses (24 s); Whisper writes the first
    // and then loops on a phrase over the rest.
    let samples: Vec<f32> = (0..6).flat_map(|_| audio(4.0, (0.5, 3.5))).collect();
    let looped = |text: &str, at: f64| -> Vec<Word> {
        text.split_whitespace()
            .map(|w| Word::at(w, at, at))
            .collect()
    };
    let mut first = vec![Word::at("We", 0.5, 1.0), Word::at("shipped.", 1.0, 3.4)];
    for k in 0..4 {
        first.extend(looped(
            "I'm a little bit scared of it.",
            4.5 + 4.0 * k as f64,
        ));
    }
    let mut calls: Vec<usize> = Vec::new();
    let (t, _) = transcribe_with(&samples, |s| {
        calls.push(s.len());
        Ok(if s.len() == samples.len() {
            Transcript {
                words: first.clone(),
                ..Default::default()
            }
        } else {
            // One sentence every 4 s of the piece, as it was said.
            let n = (s.len() as f64 / 64_000.0).ceil() as usize;
            Transcript {
                words: (0..n)
                    .map(|k| {
                        let at = 0.6 + 4.0 * k as f64;
                        Word::at(&format!("said{}_{k}.", calls.len()), at, at + 2.4)
                    })
                    .collect(),
                ..Default::default()
            }
        })
    })
    .unwrap();
    let text: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert!(!analysis::loops::has_loop(&t.words), "{text:?}");
    assert_eq!(&text[..2], ["We", "shipped."]);
    // 19.5 s of looped audio (4.5 s to the end) in pieces of at most
    // 10 s cut in the pauses: 4.5–12, 12–20 and 20–24 s (each cut within
    // a 10 ms frame of the pause's middle: the voice band's filter rings
    // for a frame after the tone's abrupt start and stop).
    assert_eq!(calls.len(), 4, "{calls:?}");
    for (got, want) in calls[1..].iter().zip([120_000, 128_000, 64_000]) {
        assert!(got.abs_diff(want) <= 160, "{calls:?}");
    }
    assert_eq!(
        text[2..],
        ["said2_0.", "said2_1.", "said3_0.", "said3_1.", "said4_0."]
    );
    assert!(t.words.windows(2).all(|w| w[0].start_s <= w[1].start_s));
}

#[test]
fn a_skip_inside_a_stretch_heard_again_is_heard_again_too() {
    // 30 s of speech. Whisper writes a word at each end and skips the
    // 29 s between; heard again, that stretch comes back with words but
    // one of them stretched over 17 s (a second skip); heard again, the
    // 17 s come back as words.
    let samples = audio(34.0, (2.0, 32.0));
    // `n` words called `name0`, `name1`, … every 0.5 s from `from` s.
    let run = |name: &str, n: usize, from: f64| -> Vec<Word> {
        (0..n)
            .map(|k| {
                let at = from + 0.5 * k as f64;
                Word::at(&format!("{name}{k}"), at, at + 0.4)
            })
            .collect()
    };
    let mut calls: Vec<f64> = Vec::new();
    let (t, _) = transcribe_with(&samples, |s| {
        let secs = s.len() as f64 / 16_000.0;
        calls.push(secs);
        let words = match calls.len() {
            1 => vec![
                Word::at("Start.", 2.0, 2.5),
                Word::at("Finish.", 31.5, 32.0),
            ],
            // Five words, "delta" over 2.5–19.5 s, then words to the end.
            2 => [run("alpha", 5, 0.0), vec![Word::at("delta", 2.5, 19.5)]]
                .concat()
                .into_iter()
                .chain(run("echo", 19, 19.5))
                .collect(),
            _ => run("foxtrot", (secs * 2.0) as usize, 0.0),
        };
        Ok(Transcript {
            words,
            ..Default::default()
        })
    })
    .unwrap();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!((calls[1] - 29.0).abs() < 0.05, "{calls:?}");
    // The second skip: from the end of "alpha4" (2.5 + 2.4 s) to the
    // start of "echo0" (2.5 + 19.5 s).
    assert!((calls[2] - 17.1).abs() < 0.05, "{calls:?}");
    let text: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert!(!text.contains(&"delta"), "{text:?}");
    let count = |name: &str| text.iter().filter(|w| w.starts_with(name)).count();
    assert_eq!(count("alpha"), 5, "{text:?}");
    assert_eq!(count("foxtrot"), 34, "{text:?}");
    assert_eq!(count("echo"), 19, "{text:?}");
    assert_eq!(text.first(), Some(&"Start."));
    assert_eq!(text.last(), Some(&"Finish."));
    assert!(t.words.windows(2).all(|w| w[0].start_s <= w[1].start_s));
}

#[test]
fn looking_for_skips_again_stops() {
    // Whisper skips every stretch it is given, however often it is
    // given it: the stretches are heard again a bounded number of times.
    let samples = audio(34.0, (2.0, 32.0));
    let mut calls = 0;
    let (t, _) = transcribe_with(&samples, |s| {
        calls += 1;
        let secs = s.len() as f64 / 16_000.0;
        Ok(Transcript {
            words: vec![
                Word::at(&format!("first{calls}"), 0.0, 0.5),
                Word::at(&format!("second{calls}"), 0.5, 1.0),
                Word::at(&format!("third{calls}"), secs - 0.5, secs),
            ],
            ..Default::default()
        })
    })
    .unwrap();
    // The whole answer, then one new stretch a round (the middle of the
    // one before), and no more after the last round.
    assert_eq!(calls, 1 + analysis::relisten::ROUNDS);
    assert!(!t.words.is_empty());
}

#[test]
fn frames_measured_while_recording_give_the_same_report() {
    // A 200 Hz "voice" from 1 to 4 s with words on it, fed 50 ms at a time.
    let samples = audio(6.0, (1.0, 4.0));
    let mut tr = Fixed(
        Transcript {
            segments: vec![segment("so um hello", 1.0, 3.9)],
            words: vec![
                Word::at("So", 1.0, 1.4),
                Word::at("um", 1.5, 2.2),
                Word::at("hello.", 2.4, 3.9),
            ],
            aligned: false,
            cleaned: false,
        },
        0,
    );
    let (t, a) = transcribe_samples(&mut tr, &samples).unwrap();
    let q = hello_question();
    let mut meter = analysis::voice::frames::FrameMeter::new(crate::audio::WHISPER_RATE);
    for n in (800..samples.len()).step_by(800) {
        meter.advance(&samples[..n]);
    }
    let frames = meter.finish(&samples);
    let s = Settings::default();
    let measured = analyse_measured(&samples, &frames, &t, &a, &q, &s);
    assert!(measured.voice.is_some());
    assert_eq!(measured, analyse_recording(&samples, &t, &a, &q, &s));
}
