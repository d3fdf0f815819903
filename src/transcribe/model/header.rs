//! Checking that a file is a whole ggml Whisper model: the magic, the
//! header, and every tensor's data inside the file, by reading headers only
//! (a few hundred small reads, no weights). A file that is not ggml, or that
//! ends before its last tensor (an interrupted download), is an error that
//! says so.

use super::{io_err, ModelError};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// First four bytes of a ggml Whisper file: `0x67676d6c` little-endian ("lmgg").
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// What the header of a ggml Whisper file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelInfo {
    /// Vocabulary size (51864 for `.en` models, 51865+ for multilingual).
    pub n_vocab: i32,
    /// Encoder layers: 4 tiny, 6 base, 12 small, 24 medium, 32 large.
    pub n_audio_layer: i32,
    /// Decoder layers.
    pub n_text_layer: i32,
    /// Mel bands (80, or 128 for large-v3).
    pub n_mels: i32,
    /// Weight type code (0 f32, 1 f16, higher: quantized).
    pub ftype: i32,
    /// Number of tensors in the file.
    pub tensors: u32,
}

impl ModelInfo {
    /// Size class from the encoder depth: "tiny", "base", ...
    pub fn size_class(&self) -> &'static str {
        match self.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 => "large",
            _ => "unknown",
        }
    }

    /// Whether the vocabulary is the English-only one.
    pub fn english_only(&self) -> bool {
        self.n_vocab < 51865
    }
}

/// Bytes per block and elements per block of a ggml tensor type, for the
/// types whisper.cpp model files use. `None` for others.
fn ggml_type_layout(ttype: i32) -> Option<(u64, u64)> {
    Some(match ttype {
        0 => (4, 1),   // f32
        1 => (2, 1),   // f16
        2 => (18, 32), // q4_0
        3 => (20, 32), // q4_1
        6 => (22, 32), // q5_0
        7 => (24, 32), // q5_1
        8 => (34, 32), // q8_0
        _ => return None,
    })
}

/// Check that `path` is a whole ggml Whisper model: magic, plausible header,
/// and every tensor's data inside the file. Reads only headers (cheap).
pub fn check_model_file(path: &Path) -> Result<ModelInfo, ModelError> {
    let meta = std::fs::metadata(path).map_err(io_err("read", path))?;
    if meta.is_dir() {
        return Err(ModelError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let len = meta.len();
    let file = File::open(path).map_err(io_err("read", path))?;
    let mut r = HeaderReader {
        inner: BufReader::with_capacity(64 * 1024, file),
        pos: 0,
        len,
        path,
    };
    let magic = r.u32_or_not_ggml()?;
    if magic != GGML_MAGIC {
        return Err(ModelError::NotGgml {
            path: path.to_path_buf(),
        });
    }
    let mut hp = [0i32; 11];
    for v in &mut hp {
        *v = r.i32()?;
    }
    let [n_vocab, _a_ctx, a_state, _a_head, n_audio_layer, _t_ctx, t_state, _t_head, n_text_layer, n_mels, ftype] =
        hp;
    let corrupt = |what: String| ModelError::Corrupt {
        path: path.to_path_buf(),
        what,
    };
    if !(1..=1_000_000).contains(&n_vocab)
        || !(1..=256).contains(&n_audio_layer)
        || !(1..=1024).contains(&n_mels)
        || a_state <= 0
        || t_state <= 0
    {
        return Err(corrupt(format!(
            "implausible header: n_vocab {n_vocab}, layers {n_audio_layer}, mels {n_mels}"
        )));
    }
    // Mel filter bank: n_mel, n_fft, then n_mel * n_fft f32.
    let n_mel = r.i32()?;
    let n_fft = r.i32()?;
    if !(0..=4096).contains(&n_mel) || !(0..=65536).contains(&n_fft) {
        return Err(corrupt(format!("implausible mel filters {n_mel}x{n_fft}")));
    }
    r.skip(4 * n_mel as u64 * n_fft as u64)?;
    // Vocabulary: count, then (u32 length, bytes) per token.
    let n_words = r.i32()?;
    if !(0..=1_000_000).contains(&n_words) {
        return Err(corrupt(format!("implausible vocabulary size {n_words}")));
    }
    for _ in 0..n_words {
        let l = r.u32()?;
        if l > 1 << 16 {
            return Err(corrupt(format!("implausible token length {l}")));
        }
        r.skip(u64::from(l))?;
    }
    // Tensors until end of file: n_dims, name length, type, dims, name, data.
    let mut tensors = 0u32;
    let mut walked_all = true;
    while r.pos < len {
        let n_dims = r.i32()?;
        let name_len = r.i32()?;
        let ttype = r.i32()?;
        if !(1..=4).contains(&n_dims) || !(1..=4096).contains(&name_len) {
            return Err(corrupt(format!(
                "bad tensor header at byte {} ({n_dims} dims, name of {name_len} bytes)",
                r.pos - 12
            )));
        }
        let mut elements: u64 = 1;
        for _ in 0..n_dims {
            let d = r.i32()?;
            if d <= 0 {
                return Err(corrupt(format!("tensor dimension {d}")));
            }
            elements = elements.saturating_mul(d as u64);
        }
        r.skip(name_len as u64)?;
        let Some((block_bytes, block_len)) = ggml_type_layout(ttype) else {
            // A type this check does not know: whisper.cpp will judge the rest.
            tensors += 1;
            walked_all = false;
            break;
        };
        r.skip(elements.div_ceil(block_len).saturating_mul(block_bytes))?;
        tensors += 1;
    }
    if tensors == 0 {
        return Err(ModelError::Truncated {
            path: path.to_path_buf(),
            len,
            needed: r.pos + 1,
        });
    }
    // whisper.cpp's layout: 11 fixed tensors, 15 per encoder layer, 24 per
    // decoder layer; it refuses a file with fewer. A file cut exactly between
    // two tensors is caught here.
    let expected = 11 + 15 * n_audio_layer as u64 + 24 * n_text_layer.max(0) as u64;
    if walked_all && u64::from(tensors) < expected {
        return Err(ModelError::MissingTensors {
            path: path.to_path_buf(),
            found: tensors,
            expected,
        });
    }
    Ok(ModelInfo {
        n_vocab,
        n_audio_layer,
        n_text_layer,
        n_mels,
        ftype,
        tensors,
    })
}

/// Little-endian reader that tracks its position and turns a short file into
/// [`ModelError::Truncated`].
struct HeaderReader<'a> {
    inner: BufReader<File>,
    pos: u64,
    len: u64,
    path: &'a Path,
}

impl HeaderReader<'_> {
    fn truncated(&self, needed: u64) -> ModelError {
        ModelError::Truncated {
            path: self.path.to_path_buf(),
            len: self.len,
            needed,
        }
    }

    fn bytes4(&mut self) -> Result<[u8; 4], ModelError> {
        if self.pos + 4 > self.len {
            return Err(self.truncated(self.pos + 4));
        }
        let mut b = [0u8; 4];
        self.inner
            .read_exact(&mut b)
            .map_err(io_err("read", self.path))?;
        self.pos += 4;
        Ok(b)
    }

    /// The magic: a file too short to hold it is "not ggml", not "truncated".
    fn u32_or_not_ggml(&mut self) -> Result<u32, ModelError> {
        if self.len < 4 {
            return Err(ModelError::NotGgml {
                path: self.path.to_path_buf(),
            });
        }
        self.u32()
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.bytes4().map(u32::from_le_bytes)
    }

    fn i32(&mut self) -> Result<i32, ModelError> {
        self.bytes4().map(i32::from_le_bytes)
    }

    fn skip(&mut self, n: u64) -> Result<(), ModelError> {
        let end = self.pos.saturating_add(n);
        if end > self.len {
            return Err(self.truncated(end));
        }
        let off = i64::try_from(n).map_err(|_| self.truncated(end))?;
        self.inner
            .seek_relative(off)
            .map_err(io_err("read", self.path))?;
        self.pos = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structurally whole ggml file for a 4+4-layer model: header, 1x1 mel
    /// filters, one token, and `tensors` small f32 tensors (167 make it whole).
    fn tiny_ggml(tensors: usize) -> Vec<u8> {
        fn i(v: &mut Vec<u8>, x: i32) {
            v.extend_from_slice(&x.to_le_bytes());
        }
        let mut v = Vec::new();
        i(&mut v, GGML_MAGIC as i32);
        for x in [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1] {
            i(&mut v, x);
        }
        i(&mut v, 1); // n_mel
        i(&mut v, 1); // n_fft
        i(&mut v, 0); // one f32 filter value
        i(&mut v, 1); // n_words
        i(&mut v, 2); // token length
        v.extend_from_slice(b"hi");
        for _ in 0..tensors {
            i(&mut v, 1); // n_dims
            i(&mut v, 3); // name length
            i(&mut v, 0); // f32
            i(&mut v, 2); // ne0
            v.extend_from_slice(b"abc");
            v.extend_from_slice(&[0u8; 8]);
        }
        v
    }

    #[test]
    fn check_accepts_whole_and_rejects_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ggml-tiny.en.bin");
        let whole = tiny_ggml(167);
        std::fs::write(&p, &whole).unwrap();
        let info = check_model_file(&p).unwrap();
        assert_eq!(info.tensors, 167);
        assert_eq!(info.size_class(), "tiny");
        assert!(info.english_only());

        // Cut inside the header, the vocabulary, a tensor header, tensor data.
        for cut in [5, 30, 60, 90, 100, whole.len() - 1] {
            std::fs::write(&p, &whole[..cut]).unwrap();
            let e = check_model_file(&p).unwrap_err();
            assert!(matches!(e, ModelError::Truncated { .. }), "cut {cut}: {e}");
            assert!(
                e.to_string().contains("rehearse model fetch tiny.en"),
                "{e}"
            );
            assert!(e.to_string().contains("incomplete"), "{e}");
        }
        // Cut exactly between two tensors.
        std::fs::write(&p, tiny_ggml(166)).unwrap();
        let e = check_model_file(&p).unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::MissingTensors {
                    found: 166,
                    expected: 167,
                    ..
                }
            ),
            "{e}"
        );
        std::fs::write(&p, b"RIFF....WAVEfmt ").unwrap();
        assert!(matches!(
            check_model_file(&p).unwrap_err(),
            ModelError::NotGgml { .. }
        ));
        std::fs::write(&p, b"").unwrap();
        assert!(matches!(
            check_model_file(&p).unwrap_err(),
            ModelError::NotGgml { .. }
        ));
        let e = check_model_file(dir.path()).unwrap_err();
        assert!(matches!(e, ModelError::NotAFile { .. }), "{e}");
    }

    #[test]
    fn check_accepts_shared_models_when_present() {
        for f in ["ggml-tiny.en.bin", "ggml-base-q8_0.bin"] {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/models")
                .join(f);
            if p.exists() {
                let info = check_model_file(&p).unwrap_or_else(|e| panic!("{e}"));
                let want = 11 + 15 * info.n_audio_layer + 24 * info.n_text_layer;
                assert_eq!(info.tensors as i32, want, "{f}: {info:?}");
            }
        }
    }
}
