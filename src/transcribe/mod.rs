//! Speech to text. The [`Transcriber`] trait takes 16 kHz mono samples and
//! returns a timed transcript; [`whisper`] implements it with whisper.cpp.

use crate::analysis::Transcript;

/// Anything that turns 16 kHz mono audio into timed words.
pub trait Transcriber {
    /// Transcribe `samples` (16 kHz mono, -1..1). Times are relative to the
    /// first sample.
    fn transcribe(&mut self, samples: &[f32]) -> anyhow::Result<Transcript>;

    /// Recording has stopped and someone is waiting for what is left: spend
    /// every free core on it. Nothing changes by default.
    fn hurry(&mut self) {}

    /// A maker of a second transcriber for the same model, with its own
    /// decoding state, to work beside this one on another thread (`None`
    /// by default: cannot).
    fn sibling(&self) -> Option<Sibling> {
        None
    }

    /// From now on, a transcription in progress may stop early, with an
    /// error, once `abort` returns true (its result is no longer wanted).
    /// Ignored by default: the transcription then runs to its end.
    fn abort_when(&mut self, abort: AbortCheck) {
        let _ = abort;
    }
}

/// Asked while transcribing: true when the result is no longer wanted (see
/// [`Transcriber::abort_when`]).
pub type AbortCheck = std::sync::Arc<dyn Fn() -> bool + Send + Sync>;

/// Makes a second [`Transcriber`] (see [`Transcriber::sibling`]); it may be
/// called on any thread.
pub type Sibling = Box<dyn FnOnce() -> anyhow::Result<Box<dyn Transcriber>> + Send>;
pub mod guard;
pub mod model;
pub mod stream;
pub mod threads;
pub mod whisper;
