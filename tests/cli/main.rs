//! rehearse's integration tests, as one test binary so that whisper.cpp is
//! linked once (each file under `tests/` would be a binary of its own).
//!
//! One module per topic; add a new topic as `tests/cli/<topic>.rs` and one
//! `mod` line here. Shared helpers (the model finder, the virtual sound
//! server, the binary runner) are in [`support`]. Tests that need the Whisper
//! model or the shared data fail when `REHEARSE_REQUIRE_MODEL=1` (set by
//! `.ci/run`) and it is missing; otherwise they skip, printing why.

mod support;

mod bad_input;
mod bad_models;
mod download;
mod escapes;
mod flags;
mod fuzz;
mod history;
mod import;
mod interview;
mod layers;
mod model;
mod pipes;
mod practice;
mod progress;
mod question_files;
mod questions;
mod readme;
mod real_audio;
mod report;
mod rooms;
mod score;
mod score_text;
mod store_safety;
mod voice;
mod width;
mod word_times;
