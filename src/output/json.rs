//! Stable JSON for machine consumers; every document carries `version`.
//!
//! All JSON rehearse prints goes through [`pretty`], which also escapes the
//! characters serde_json leaves raw but a terminal may obey: DEL and the C1
//! controls U+0080–U+009F (U+009B is an 8-bit CSI). They can only occur
//! inside strings, where `\u00XX` is the same JSON value.

use crate::analysis::{Report, Transcript};
use serde::Serialize;

/// Pretty JSON of any value, with DEL and C1 controls escaped.
pub fn pretty<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let raw = serde_json::to_string_pretty(v)?;
    if !raw.chars().any(is_c1_or_del) {
        return Ok(raw);
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        if is_c1_or_del(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn is_c1_or_del(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}')
}

/// Pretty JSON of a report.
pub fn report_json(r: &Report) -> String {
    pretty(r).expect("a Report always serialises")
}

/// JSON of a bare transcript: `{version, audio_s, text, segments, words}`.
pub fn transcript_json(t: &Transcript, audio_s: f64) -> String {
    let v = serde_json::json!({
        "version": 1,
        "audio_s": audio_s,
        "no_speech": t.is_empty(),
        "text": t.text(),
        "segments": t.segments,
        "words": t.words,
    });
    pretty(&v).expect("JSON values always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_and_del_are_escaped_and_the_value_is_unchanged() {
        let v = serde_json::json!({"text": "a\u{9b}2Jb\u{7f}c\u{85}", "plain": "é–✓"});
        let s = pretty(&v).unwrap();
        assert!(!s.chars().any(is_c1_or_del), "{s}");
        assert!(s.contains("a\\u009b2Jb\\u007fc\\u0085"), "{s}");
        assert!(s.contains("é–✓"));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
