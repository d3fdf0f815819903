//! The bundled questions' recordings, built into the binary by `build.rs`
//! (rendered once with a neural voice by `scripts/render-questions.py`).
//! A bundled question's `audio` stays the relative name written in its file
//! (`audio/ID.wav`); [`get`] finds its bytes.

use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/bundled_audio.rs"));

/// The WAV bytes of a bundled recording named as in a bundled question file
/// (`audio/ID.wav`), or `None` when no bundled recording has that name.
pub fn get(name: &Path) -> Option<&'static [u8]> {
    let name = name.to_str()?;
    BUNDLED_AUDIO
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

/// Names of every bundled recording (`audio/ID.wav`).
pub fn names() -> impl Iterator<Item = &'static str> {
    BUNDLED_AUDIO.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bundled question names a bundled recording, and every recording
    /// is a question's.
    #[test]
    fn every_bundled_question_has_its_recording() {
        let bank = crate::store::questions::load_bank(None).unwrap();
        assert!(!bank.is_empty());
        for q in &bank {
            let audio = q
                .audio
                .as_deref()
                .unwrap_or_else(|| panic!("{} has no audio", q.id));
            assert!(
                get(audio).is_some(),
                "{}: no bundled {}",
                q.id,
                audio.display()
            );
        }
        assert_eq!(names().count(), bank.len());
        assert_eq!(get(Path::new("audio/nope.wav")), None);
    }
}
