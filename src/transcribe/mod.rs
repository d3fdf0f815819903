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
}

/// Makes a second [`Transcriber`] (see [`Transcriber::sibling`]); it may be
/// called on any thread.
pub type Sibling = Box<dyn FnOnce() -> anyhow::Result<Box<dyn Transcriber>> + Send>;
pub mod dtw;
pub mod gain;
pub mod guard;
pub mod heard;
pub mod model;
pub mod stream;
pub mod threads;
pub mod whisper;
