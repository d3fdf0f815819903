//! Delivery measured from the sound itself: pitch variation (monotone
//! stretches), volume (level over time, fading sentence ends, too quiet,
//! clipping) and heard fillers (filled pauses no transcript word covers).
//!
//! Pure signal analysis on mono `f32` samples and their rate, with the timed
//! words and speech regions the pipeline already has: no files, no devices.
//! [`frames`] measures every 10 ms once; [`pitch`], [`volume`] and [`heard`]
//! read those frames.

pub mod frames;
pub mod heard;
pub mod pitch;
pub mod volume;

use super::{pace, Filler, Report, SpeechActivity, Transcript};
use serde::{Deserialize, Serialize};

pub use pitch::{PitchReport, PitchWindow};
pub use volume::{Fade, LevelWindow, VolumeReport};

/// A stretch of the recording (s).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// Start (s).
    pub start_s: f64,
    /// End (s).
    pub end_s: f64,
}

/// The voice measures of one answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VoiceReport {
    /// Pitch variation and monotone stretches.
    pub pitch: PitchReport,
    /// Level over time, fading sentence ends, too quiet, clipping.
    pub volume: VolumeReport,
    /// Fillers heard in the sound that the transcript lacks (they are also
    /// in the report's `fillers`, marked `heard`).
    pub heard_fillers: usize,
}

/// Measure the voice of `samples` (mono, `rate` Hz): the report and the
/// heard fillers, in time order.
pub fn analyse(
    samples: &[f32],
    rate: u32,
    t: &Transcript,
    a: &SpeechActivity,
) -> (VoiceReport, Vec<Filler>) {
    analyse_frames(&frames::Frames::measure(samples, rate), samples, rate, t, a)
}

/// [`analyse`] with the frames of `samples` already measured (`f`, as
/// [`frames::Frames::measure`] or a [`frames::FrameMeter`] gives them).
pub fn analyse_frames(
    f: &frames::Frames,
    samples: &[f32],
    rate: u32,
    t: &Transcript,
    a: &SpeechActivity,
) -> (VoiceReport, Vec<Filler>) {
    let (pitch, volume) = pitch_and_volume(f, samples, rate, t, a);
    let heard = heard_in(f, volume.speech_dbfs as f32, t, a);
    (
        VoiceReport {
            pitch,
            volume,
            heard_fillers: heard.len(),
        },
        heard,
    )
}

/// Pitch variation and volume of `samples`, read from their frames `f`.
fn pitch_and_volume(
    f: &frames::Frames,
    samples: &[f32],
    rate: u32,
    t: &Transcript,
    a: &SpeechActivity,
) -> (PitchReport, VolumeReport) {
    let span = (
        a.first_voice().unwrap_or(0.0),
        a.last_voice().unwrap_or(a.audio_s),
    );
    let pitch = pitch::variation(f, span);
    let volume = volume::volume(samples, rate, f, &a.regions, &t.words);
    (pitch, volume)
}

/// The heard fillers in frames `f` of a recording whose speech stands at
/// `speech_dbfs`, as report fillers.
fn heard_in(
    f: &frames::Frames,
    speech_dbfs: f32,
    t: &Transcript,
    a: &SpeechActivity,
) -> Vec<Filler> {
    if a.is_silent() {
        return vec![];
    }
    heard::heard_fillers(f, speech_dbfs, &t.words, t.aligned)
        .into_iter()
        .map(|(w, s, _)| Filler {
            word: w.to_string(),
            start_s: pace::round2(s),
            heard: true,
        })
        .collect()
}

/// Add the voice measures to a report scored from `samples`: sets
/// `report.voice` and merges the heard fillers into `report.fillers` (and
/// their count and rate). A report without speech is left as it is.
///
/// `cleaned` is the same recording with a steady room noise suppressed, when
/// the pipeline made one: heard fillers are looked for there, since a filler
/// is told by the silence around it, which the noise fills (fan noise at
/// 20 dB SNR: none heard in the raw sound of the 37 dev answers). Pitch and
/// volume read the recording as made.
pub fn add_to(
    report: &mut Report,
    samples: &[f32],
    cleaned: Option<&[f32]>,
    rate: u32,
    t: &Transcript,
    a: &SpeechActivity,
) {
    if report.no_speech {
        return;
    }
    let f = frames::Frames::measure(samples, rate);
    let Some(c) = cleaned.filter(|c| c.len() == samples.len()) else {
        return add_measured(report, &f, samples, rate, t, a);
    };
    let (pitch, volume) = pitch_and_volume(&f, samples, rate, t, a);
    let fc = frames::Frames::measure(c, rate);
    let heard = heard_in(&fc, volume::speech_dbfs(&fc, &a.regions) as f32, t, a);
    let voice = VoiceReport {
        pitch,
        volume,
        heard_fillers: heard.len(),
    };
    merge(report, voice, heard);
}

/// [`add_to`] with the frames of `samples` already measured (`f`).
pub fn add_measured(
    report: &mut Report,
    f: &frames::Frames,
    samples: &[f32],
    rate: u32,
    t: &Transcript,
    a: &SpeechActivity,
) {
    if report.no_speech {
        return;
    }
    let (voice, heard) = analyse_frames(f, samples, rate, t, a);
    merge(report, voice, heard);
}

/// Put the voice measures and heard fillers into `report`.
fn merge(report: &mut Report, voice: VoiceReport, heard: Vec<Filler>) {
    report.fillers.extend(heard);
    report
        .fillers
        .sort_by(|x, y| x.start_s.total_cmp(&y.start_s));
    report.filler_count = report.fillers.len();
    report.fillers_per_min = if report.speech_s > 0.0 {
        pace::round1(report.filler_count as f64 / report.speech_s * 60.0)
    } else {
        0.0
    };
    report.voice = Some(voice);
}
