//! rehearse — a local, private, voice-timed speaking coach.
//!
//! The library is split by concern: [`analysis`] is the pure scoring core,
//! [`audio`] reads, writes, captures and plays sound, [`transcribe`] runs
//! Whisper locally, [`store`] loads questions and keeps attempts, [`output`]
//! renders reports, [`pipeline`] is the score pipeline (read → voice activity
//! → transcribe → analyse) the commands and the eval tool share, [`util`]
//! holds small helpers, [`lexicon`] holds every word list, and [`app`] wires
//! them into the commands of [`cli`].
#![warn(missing_docs)]
// Standard output goes through `app::out` (a closed pipe is an error, not a panic).
#![deny(clippy::print_stdout)]

pub mod analysis;
pub mod app;
pub mod audio;
pub mod cli;
pub mod lexicon;
pub mod output;
pub mod pipeline;
pub mod store;
pub mod transcribe;
pub mod util;
