//! The score pipeline, in one place: read a WAV → voice activity →
//! transcribe → analyse.
//!
//! `rehearse score`, `rehearse transcribe`, `rehearse practice` and the
//! `rehearse-eval` tool all call these steps, with plain settings
//! ([`ModelOptions`], [`ScoreSettings`]) rather than command-line types, so
//! what the eval tool measures is exactly what the commands do.
//!
//! Voice activity runs first: a recording without speech is never given to
//! Whisper (which invents words in silence), and words Whisper places in
//! silence are dropped ([`crate::analysis::keep_voiced`]).

use crate::analysis::voice::frames::Frames;
use crate::analysis::{self, Question, Report, Settings, SpeechActivity, Transcript};
use crate::transcribe::model::{self, ModelError};
use crate::transcribe::threads::Threads;
use crate::transcribe::whisper::{WhisperOptions, WhisperTranscriber};
use crate::transcribe::Transcriber;
use std::path::{Path, PathBuf};

/// Which Whisper model to use and how to run it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelOptions {
    /// A model file named explicitly (`--model` / `REHEARSE_MODEL`); it must
    /// exist. `None` searches the usual folders
    /// ([`crate::transcribe::model::discovery`]).
    pub model: Option<PathBuf>,
    /// The user models folder, searched last; where `rehearse model fetch`
    /// saves. Chosen by the caller (the `app` layer knows the data folder).
    pub user_models_dir: PathBuf,
    /// Whisper threads; `None` takes the cores that are free
    /// ([`crate::transcribe::threads::Threads::Auto`]).
    pub threads: Option<usize>,
}

impl ModelOptions {
    /// The model file these options select, checked to be a whole ggml model.
    pub fn resolve(&self) -> Result<PathBuf, ModelError> {
        model::resolve(self.model.as_deref(), &self.user_models_dir)
    }
}

/// Everything the score pipeline needs: which model, and the analysis
/// thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSettings {
    /// The model to transcribe with.
    pub model: ModelOptions,
    /// Analysis thresholds (pauses, pace, coverage).
    pub analysis: Settings,
}

/// One recording, scored.
#[derive(Debug, Clone)]
pub struct Scored {
    /// What was said, with words in silence dropped.
    pub transcript: Transcript,
    /// Where the speech is.
    pub activity: SpeechActivity,
    /// The analysis.
    pub report: Report,
}

/// A recording read for scoring: 16 kHz mono samples, and a warning to show
/// when the file held samples that had to be cleaned (NaN, infinities, values
/// outside -1..1).
#[derive(Debug, Clone)]
pub struct AudioIn {
    /// 16 kHz mono samples.
    pub samples: Vec<f32>,
    /// One line for the user, when samples were cleaned.
    pub warning: Option<String>,
    /// One line for the user when the input level is very low or clipped
    /// ([`crate::audio::level`]); the recording is scored all the same.
    pub level_warning: Option<String>,
}

/// Read a WAV file as 16 kHz mono (any rate and channel count hound reads).
pub fn read_audio(path: &Path) -> anyhow::Result<AudioIn> {
    let pcm = crate::audio::wav::read_pcm(path)?;
    let samples = crate::audio::wav::to_whisper_rate(&pcm);
    Ok(AudioIn {
        warning: pcm.cleaned_warning(&path.display().to_string()),
        level_warning: crate::audio::level::warning(&samples),
        samples,
    })
}

/// Find the model `opts` selects (see `rehearse model path`) and load it.
pub fn load_transcriber(opts: &ModelOptions) -> anyhow::Result<Box<dyn Transcriber>> {
    load_with_threads(opts, Threads::Auto)
}

/// [`load_transcriber`] for transcribing while recording: unless `--threads`
/// says otherwise, a machine of three or more cores leaves one to the
/// recording until it stops ([`Threads::Recording`]), then every free core
/// works on what is left.
pub fn load_recording_transcriber(opts: &ModelOptions) -> anyhow::Result<Box<dyn Transcriber>> {
    load_with_threads(opts, Threads::Recording)
}

fn load_with_threads(opts: &ModelOptions, unset: Threads) -> anyhow::Result<Box<dyn Transcriber>> {
    let path = opts.resolve()?;
    // Build the matcher's word indexes while the model loads, so the first
    // report after recording does not wait for them.
    std::thread::spawn(analysis::text::warm_up);
    let whisper = WhisperOptions {
        threads: opts.threads.map_or(unset, |t| Threads::Fixed(t.max(1))),
        ..WhisperOptions::default()
    };
    Ok(Box::new(WhisperTranscriber::load(&path, whisper)?))
}

/// Speech activity of 16 kHz mono samples: the energy detector with its
/// default parameters (relative to the recording's own noise floor and
/// speech level), then the speaking span made to begin and end with voiced
/// speech rather than a click, a breath or a cough
/// ([`crate::audio::voicing::trim_edges`]).
pub fn voice_activity(samples: &[f32]) -> SpeechActivity {
    let rate = crate::audio::WHISPER_RATE;
    let mut a = crate::audio::vad::detect(samples, rate, &crate::audio::vad::VadParams::default());
    a.regions = crate::audio::voicing::trim_edges(samples, rate, &a.regions);
    a
}

/// Silences at least this long get no words inside them when words are
/// re-timed ([`clean_transcript`]), s.
pub const RETIME_MIN_GAP_S: f64 = 0.5;

/// Whisper's transcript made to agree with the audio: runs of words written
/// with no time for them where the audio has no room for them dropped
/// ([`analysis::untimed`]), segments in silence dropped
/// ([`analysis::keep_voiced`]), then words re-timed so that none sits inside
/// a silence and every pause falls between the right words
/// ([`analysis::retime::retime`]).
pub fn clean_transcript(mut t: Transcript, activity: &SpeechActivity) -> Transcript {
    analysis::untimed::drop_invented(&mut t, activity.audio_s);
    let mut t = analysis::keep_voiced(t, activity);
    analysis::retime::retime(&mut t.words, activity, RETIME_MIN_GAP_S);
    t
}

/// Voice activity first, then Whisper on recordings that hold speech. Words
/// that fall in silence (whisper's hallucinations) are dropped.
pub fn transcribe_samples(
    tr: &mut dyn Transcriber,
    samples: &[f32],
) -> anyhow::Result<(Transcript, SpeechActivity)> {
    transcribe_with(samples, |s| tr.transcribe(s))
}

/// [`transcribe_samples`] with the raw transcription step supplied by the
/// caller: `raw` is called only when the samples hold speech, and its
/// transcript is then cleaned exactly as Whisper's own is (the eval tool
/// uses this to cache raw transcripts).
///
/// Where Whisper fell into a repetition loop ([`analysis::loops`]), that
/// stretch is transcribed again in short pieces and put in its place when
/// the new text does not loop. Where Whisper skipped speech and stretched a
/// word over it ([`analysis::relisten`]), that stretch is transcribed again
/// on its own and spliced in when it holds more words; what comes back is
/// looked at again, up to [`analysis::relisten::ROUNDS`] times (Whisper can
/// skip inside the stretch too).
pub fn transcribe_with(
    samples: &[f32],
    mut raw: impl FnMut(&[f32]) -> anyhow::Result<Transcript>,
) -> anyhow::Result<(Transcript, SpeechActivity)> {
    let activity = voice_activity(samples);
    if activity.is_silent() {
        return Ok((Transcript::default(), activity));
    }
    let mut t = raw(samples)?;
    let rate = crate::audio::WHISPER_RATE as f64;
    let slice = |span: (f64, f64)| {
        let from = ((span.0 * rate) as usize).min(samples.len());
        let to = ((span.1 * rate) as usize).clamp(from, samples.len());
        (from, to)
    };
    for span in analysis::loops::looped_spans(&t, activity.audio_s) {
        let pieces = analysis::loops::pieces(span, &activity);
        let mut parts = Vec::with_capacity(pieces.len());
        for &p in &pieces {
            let (from, to) = slice(p);
            parts.push(raw(&samples[from..to])?);
        }
        analysis::loops::replace(&mut t, span, analysis::loops::join(&pieces, parts));
    }
    // A stretch heard again can itself hold a skip (Whisper jumped again
    // inside it): look once more, over the stretches not yet tried.
    let mut tried: Vec<(f64, f64)> = Vec::new();
    for _ in 0..analysis::relisten::ROUNDS {
        let spans: Vec<(f64, f64)> = analysis::relisten::skipped_spans(&t, &activity)
            .into_iter()
            .filter(|s| !tried.iter().any(|x| analysis::relisten::same_span(*x, *s)))
            .collect();
        if spans.is_empty() {
            break;
        }
        for span in spans {
            tried.push(span);
            let (from, to) = slice(span);
            let again = raw(&samples[from..to])?;
            analysis::relisten::splice(&mut t, (from as f64 / rate, to as f64 / rate), again);
        }
    }
    Ok((clean_transcript(t, &activity), activity))
}

/// Transcribe and analyse one recording against `question`.
pub fn score_samples(
    tr: &mut dyn Transcriber,
    samples: &[f32],
    question: &Question,
    settings: &Settings,
) -> anyhow::Result<Scored> {
    score_with(samples, question, settings, |s| tr.transcribe(s))
}

/// [`score_samples`] with the raw transcription step supplied by the caller
/// (see [`transcribe_with`]).
pub fn score_with(
    samples: &[f32],
    question: &Question,
    settings: &Settings,
    raw: impl FnMut(&[f32]) -> anyhow::Result<Transcript>,
) -> anyhow::Result<Scored> {
    let (transcript, activity) = transcribe_with(samples, raw)?;
    let report = analyse_recording(samples, &transcript, &activity, question, settings);
    Ok(Scored {
        transcript,
        activity,
        report,
    })
}

/// Analyse a transcribed recording (16 kHz mono `samples`): the transcript
/// measures ([`analysis::analyse`]) and the voice measures from the sound
/// (pitch variation, volume, heard fillers; [`analysis::voice`]).
pub fn analyse_recording(
    samples: &[f32],
    transcript: &Transcript,
    activity: &SpeechActivity,
    question: &Question,
    settings: &Settings,
) -> Report {
    let mut report = analysis::analyse(transcript, activity, question, settings);
    // Whisper heard a steady noisy room cleaned: heard fillers are looked
    // for in the cleaned sound too.
    let cleaned = (!report.no_speech && transcript.cleaned)
        .then(|| crate::audio::denoise::denoise_shared(samples));
    analysis::voice::add_to(
        &mut report,
        samples,
        cleaned.as_deref().map(|c| &c[..]),
        crate::audio::WHISPER_RATE,
        transcript,
        activity,
    );
    with_voice_tips(report, question, settings)
}

/// [`analyse_recording`] with the sound's frames already measured while
/// recording (`frames`, from a [`analysis::voice::frames::FrameMeter`]), so
/// that after the transcript only the cheap steps are left (issue 13).
pub fn analyse_measured(
    samples: &[f32],
    frames: &Frames,
    transcript: &Transcript,
    activity: &SpeechActivity,
    question: &Question,
    settings: &Settings,
) -> Report {
    let mut report = analysis::analyse(transcript, activity, question, settings);
    analysis::voice::add_measured(
        &mut report,
        frames,
        samples,
        crate::audio::WHISPER_RATE,
        transcript,
        activity,
    );
    with_voice_tips(report, question, settings)
}

/// Heard fillers changed the filler count and times: the tips follow them.
fn with_voice_tips(mut report: Report, question: &Question, settings: &Settings) -> Report {
    if report.voice.as_ref().is_some_and(|v| v.heard_fillers > 0) {
        report.tips = analysis::tips::tips(&report, question, settings, true);
    }
    report
}

#[cfg(test)]
mod tests {
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
}
