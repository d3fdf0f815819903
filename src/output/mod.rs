//! Rendering: reports as terminal text, JSON, Markdown and HTML; progress bars.

pub mod json;
pub mod srt;
pub mod terminal;
pub mod progress;
pub mod history;
pub mod html;
pub mod markdown;
pub mod review;
