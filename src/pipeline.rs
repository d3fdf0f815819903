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
mod tests;
