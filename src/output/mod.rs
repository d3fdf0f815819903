//! Rendering: reports as terminal text, JSON, Markdown and HTML; progress bars.
//!
//! Inside `output`, dependencies run one way: the renderers (`terminal`,
//! `review`, `history`, `markdown`, `html`, `json`, `srt`) draw on the shared
//! leaves (`style` for colour, `format` for clocks and verdict words,
//! `layout` for the timed transcript, `view` for [`view::AttemptView`],
//! `wrap` for word wrapping, `width` for the terminal's width, `coach` for
//! the delivery lines and tips, `sanitize` for text from outside),
//! and the leaves import no renderer. Nothing here reads the attempt store:
//! everything is rendered from analysis types. Text from outside (question
//! files, transcripts, attempt records) reaches a terminal only through
//! `sanitize`.

pub mod coach;
pub mod format;
pub mod history;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod progress;
pub mod questions;
pub mod review;
pub mod sanitize;
pub mod session;
pub mod srt;
pub mod style;
pub mod table;
pub mod terminal;
pub mod view;
pub mod voice;
pub mod weekly;
pub mod width;
pub mod wrap;
