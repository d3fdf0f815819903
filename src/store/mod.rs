//! Files on disk: the question bank and saved attempts. Paths come from the
//! caller (the app layer resolves the data directory); the store never reads
//! the environment and knows nothing of audio.
pub mod attempts;
pub mod bundled_audio;
pub mod import;
pub mod questions;

pub use attempts::AttemptStore;
