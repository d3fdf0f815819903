//! The Voice panel of the HTML attempt page: the same sentences as the
//! terminal's Voice and Volume lines ([`crate::output::voice`]).

use super::markup::esc;
use crate::analysis::Report;
use crate::output::voice::{heard_text, pitch_text, volume_text};
use std::fmt::Write;

/// An HTML panel with the same sentences.
pub(super) fn panel(r: &Report) -> String {
    let Some(v) = &r.voice else {
        return String::new();
    };
    let mut o = String::from("<h2>Voice</h2>\n<div class=\"panel\">\n");
    let item = |o: &mut String, label: &str, text: &str, warn: bool| {
        let _ = writeln!(
            o,
            "<p class=\"{}\"><strong>{label}:</strong> {}</p>",
            if warn { "warn" } else { "good" },
            esc(text)
        );
    };
    if let Some((p, flat)) = pitch_text(v) {
        item(&mut o, "Pitch", &p, flat);
    }
    let (s, warn) = volume_text(v);
    item(&mut o, "Volume", &s, warn);
    if let Some(h) = heard_text(r) {
        item(&mut o, "Fillers", &h, false);
    }
    o.push_str("</div>\n");
    o
}
