//! Sound in and out: WAV files, conversion to 16 kHz mono, voice activity,
//! microphone capture and playback through cpal.

/// The sample rate Whisper and the analysis work at.
pub const WHISPER_RATE: u32 = 16_000;
pub mod capture;
pub mod devices;
pub mod growing_wav;
pub mod playback;
pub mod resampler;
pub mod segment;
pub mod tts;
pub mod vad;
pub mod wav;
