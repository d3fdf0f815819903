//! The pure analysis core: a function of data, no files, clock, audio or printing.
//!
//! `analyse(&Transcript, &SpeechActivity, &Question, &Settings) -> Report`.

mod report;
mod types;

pub use report::*;
pub use types::*;
