//! Word times from the audio: whisper.cpp's DTW token timestamps.
//!
//! Whisper's own token timestamps are interpolated between its segment
//! timestamps, so a word next to a sound the model does not write (a dropped
//! "um", a breath) is often stretched over it. whisper.cpp can instead align
//! the decoded tokens to the audio frames by dynamic time warping over the
//! cross-attention of a model's alignment heads (as OpenAI's
//! `word_timestamps` does), which places each token's start where the model
//! attends to it.
//!
//! The alignment heads are specific to each released model, so the preset is
//! chosen from the loaded file's header ([`preset_for`]): its vocabulary
//! (English-only or multilingual), widths, layer counts and mel bands. A
//! large model of the first two releases has the same dimensions either way,
//! so there the file name decides ([`preset_for_name`]). Any other model
//! (a distilled or reshaped one) gets no DTW and keeps Whisper's own times.

use super::model::layout::Hparams;
use std::io::Read;
use std::path::Path;
use whisper_rs::DtwModelPreset;

/// Vocabulary of the English-only models.
const EN_VOCAB: i32 = 51864;

/// The alignment-head preset for a model with header `h` (and file name
/// `name`, consulted only for large models of the first two releases), or
/// `None` when the dimensions are not those of a released Whisper model.
pub fn preset_for(h: &Hparams, name: &str) -> Option<DtwModelPreset> {
    use DtwModelPreset as P;
    let en = h.n_vocab == EN_VOCAB;
    // (width, heads, encoder layers, decoder layers) of the released sizes.
    let dims = (
        h.n_audio_state,
        h.n_audio_head,
        h.n_audio_layer,
        h.n_text_layer,
    );
    let same_widths = h.n_text_state == h.n_audio_state && h.n_text_head == h.n_audio_head;
    if !same_widths {
        return None;
    }
    match (dims, h.n_mels, en) {
        ((384, 6, 4, 4), 80, true) => Some(P::TinyEn),
        ((384, 6, 4, 4), 80, false) => Some(P::Tiny),
        ((512, 8, 6, 6), 80, true) => Some(P::BaseEn),
        ((512, 8, 6, 6), 80, false) => Some(P::Base),
        ((768, 12, 12, 12), 80, true) => Some(P::SmallEn),
        ((768, 12, 12, 12), 80, false) => Some(P::Small),
        ((1024, 16, 24, 24), 80, true) => Some(P::MediumEn),
        ((1024, 16, 24, 24), 80, false) => Some(P::Medium),
        ((1280, 20, 32, 32), 128, false) => Some(P::LargeV3),
        ((1280, 20, 32, 4), 128, false) => Some(P::LargeV3Turbo),
        ((1280, 20, 32, 32), 80, false) => preset_for_name(name),
        _ => None,
    }
}

/// The preset a large model's file name names ("large-v1", "large-v2"),
/// if any: the two releases share their dimensions.
pub fn preset_for_name(name: &str) -> Option<DtwModelPreset> {
    let n = name.to_ascii_lowercase();
    if n.contains("large-v1") {
        Some(DtwModelPreset::LargeV1)
    } else if n.contains("large-v2") {
        Some(DtwModelPreset::LargeV2)
    } else {
        None
    }
}

/// One decoded text token with its times (s).
pub(super) struct RawToken {
    /// The token's text, with its leading space.
    pub(super) text: String,
    /// Start and end from Whisper's token timestamps, replaced by
    /// [`align`] when DTW ran.
    pub(super) t0: f64,
    pub(super) t1: f64,
    /// What whisper.cpp's DTW gives the token (s), when it ran: the time its
    /// alignment moves on to the next token.
    pub(super) t_dtw: Option<f64>,
    pub(super) p: f32,
}

/// How late DTW's token boundaries fall after the sound (s). On the
/// audiobook clips with a forced alignment (`tests/cli/real_audio.rs`), the
/// boundaries whisper.cpp gives tiny.en lag the aligned word starts by a
/// median 0.11 s (63 words); with 0.1 s taken off they land nearer than
/// Whisper's own token times (mean error 0.070 s against 0.077 s).
pub const DTW_LAG_S: f64 = 0.1;

/// Tokens (in time order, across segments) re-timed by DTW: each token runs
/// from where the alignment left the token before to where it leaves this
/// one ([`RawToken::t_dtw`], whisper.cpp's value, is the *end*: the
/// cross-attention that places a token is the one predicting it, one
/// position earlier), less [`DTW_LAG_S`]. The first token has no token
/// before it, so it keeps Whisper's length, ending where DTW ends it.
/// Punctuation gets no time of its own, so a word's end is not stretched
/// over the pause a comma stands for. Tokens without a DTW time keep
/// Whisper's times, and the next token starts afresh.
pub(super) fn align<'a>(tokens: impl Iterator<Item = &'a mut RawToken>) {
    let mut prev_end: Option<f64> = None;
    for t in tokens {
        let Some(d) = t.t_dtw else {
            prev_end = None;
            continue;
        };
        let end = (d - DTW_LAG_S).max(prev_end.unwrap_or(0.0));
        let start = match prev_end {
            Some(p) => p,
            None => (end - (t.t1 - t.t0).max(0.0)).max(t.t0).min(end),
        };
        let punct = !t.text.chars().any(char::is_alphanumeric);
        t.t0 = start;
        t.t1 = if punct { start } else { end };
        prev_end = Some(end);
    }
}

/// The header of the ggml model at `path` (the 11 fields after the magic),
/// or `None` when it cannot be read or is not ggml.
pub fn read_hparams(path: &Path) -> Option<Hparams> {
    let mut b = [0u8; 48];
    std::fs::File::open(path).ok()?.read_exact(&mut b).ok()?;
    let word = |i: usize| i32::from_le_bytes(b[4 * i..4 * i + 4].try_into().expect("4 bytes"));
    if word(0) as u32 != super::model::GGML_MAGIC {
        return None;
    }
    let mut h = [0i32; 11];
    for (i, v) in h.iter_mut().enumerate() {
        *v = word(i + 1);
    }
    Some(Hparams::from_array(h))
}

/// The preset for the model file at `path` ([`read_hparams`], then
/// [`preset_for`]).
pub fn preset_for_file(path: &Path) -> Option<DtwModelPreset> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    preset_for(&read_hparams(path)?, name.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Header of a released size: (vocab, width, heads, enc, dec layers, mels).
    fn h(vocab: i32, width: i32, heads: i32, enc: i32, dec: i32, mels: i32) -> Hparams {
        Hparams::from_array([
            vocab, 1500, width, heads, enc, 448, width, heads, dec, mels, 1,
        ])
    }

    #[test]
    fn preset_follows_the_model() {
        use DtwModelPreset as P;
        let multi = 51865;
        let cases: Vec<(&str, Hparams, &str, Option<P>)> = vec![
            ("tiny.en", h(51864, 384, 6, 4, 4, 80), "", Some(P::TinyEn)),
            ("tiny", h(multi, 384, 6, 4, 4, 80), "", Some(P::Tiny)),
            ("base.en", h(51864, 512, 8, 6, 6, 80), "", Some(P::BaseEn)),
            ("base q8", h(multi, 512, 8, 6, 6, 80), "", Some(P::Base)),
            (
                "small.en",
                h(51864, 768, 12, 12, 12, 80),
                "",
                Some(P::SmallEn),
            ),
            ("small", h(multi, 768, 12, 12, 12, 80), "", Some(P::Small)),
            (
                "medium.en",
                h(51864, 1024, 16, 24, 24, 80),
                "",
                Some(P::MediumEn),
            ),
            (
                "medium",
                h(multi, 1024, 16, 24, 24, 80),
                "",
                Some(P::Medium),
            ),
            (
                "large-v3",
                h(51866, 1280, 20, 32, 32, 128),
                "",
                Some(P::LargeV3),
            ),
            (
                "turbo",
                h(51866, 1280, 20, 32, 4, 128),
                "",
                Some(P::LargeV3Turbo),
            ),
            (
                "large-v1 by name",
                h(multi, 1280, 20, 32, 32, 80),
                "ggml-large-v1.bin",
                Some(P::LargeV1),
            ),
            (
                "large-v2 by name",
                h(multi, 1280, 20, 32, 32, 80),
                "ggml-large-v2-q5_0.bin",
                Some(P::LargeV2),
            ),
            (
                "large, release unknown",
                h(multi, 1280, 20, 32, 32, 80),
                "ggml-large.bin",
                None,
            ),
            ("distilled large", h(51866, 1280, 20, 32, 2, 128), "", None),
            ("reshaped small", h(51864, 8, 2, 1, 1, 80), "", None),
            (
                "name does not override dims",
                h(51864, 8, 2, 1, 1, 80),
                "ggml-large-v2.bin",
                None,
            ),
        ];
        for (what, hp, name, want) in cases {
            let got = preset_for(&hp, name);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{what}");
        }
    }

    fn tok(text: &str, t0: f64, t1: f64, t_dtw: Option<f64>) -> RawToken {
        RawToken {
            text: text.into(),
            t0,
            t1,
            t_dtw,
            p: 0.9,
        }
    }

    /// A dropped "um" at 1.0–1.3 s before "The situation": Whisper times
    /// "situation" from 1.0 s, DTW from where "The" ends.
    #[test]
    fn align_takes_starts_from_the_token_before() {
        let mut toks = [
            tok(" The", 0.0, 0.31, Some(1.62)),
            tok(" situ", 1.0, 1.1, Some(1.9)),
            tok("ation", 1.1, 1.25, Some(2.3)),
            tok(",", 1.25, 1.3, Some(2.6)),
            tok(" was", 1.3, 1.5, Some(2.8)),
            tok(" then", 1.5, 1.7, None),
            tok(" it", 1.7, 1.8, Some(3.3)),
            tok(" went", 1.8, 2.0, Some(3.0)),
        ];
        align(toks.iter_mut());
        let got: Vec<(f64, f64)> = toks
            .iter()
            .map(|t| {
                (
                    (t.t0 * 100.0).round() / 100.0,
                    (t.t1 * 100.0).round() / 100.0,
                )
            })
            .collect();
        let want = vec![
            // First token: Whisper's length, ending where DTW ends it.
            (1.21, 1.52),
            (1.52, 1.8),
            (1.8, 2.2),
            // Punctuation takes no time, so "situation," ends at 2.2 s.
            (2.2, 2.2),
            // The comma's time (the pause) goes before "was".
            (2.5, 2.7),
            // No DTW time: Whisper's own, and the next token starts afresh.
            (1.5, 1.7),
            (3.1, 3.2),
            // A DTW time going backwards: no earlier than the token before.
            (3.2, 3.2),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn reads_the_header_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ggml-x.bin");
        let mut b = super::super::model::GGML_MAGIC.to_le_bytes().to_vec();
        for v in [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1] {
            b.extend_from_slice(&i32::to_le_bytes(v));
        }
        std::fs::write(&p, &b).unwrap();
        assert!(matches!(preset_for_file(&p), Some(DtwModelPreset::TinyEn)));
        std::fs::write(&p, b"RIFF....WAVEfmt ").unwrap();
        assert!(preset_for_file(&p).is_none());
        assert!(preset_for_file(&dir.path().join("missing.bin")).is_none());
    }
}
