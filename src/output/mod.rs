//! Rendering: reports as terminal text, JSON, Markdown and HTML; progress bars.
