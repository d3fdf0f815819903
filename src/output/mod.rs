//! Rendering: reports as terminal text, JSON, Markdown and HTML; progress bars.

pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod review;
pub mod srt;
pub mod terminal;
