//! Checking that a file is a whole ggml Whisper model: the magic, the
//! header, and every tensor's data inside the file, by reading headers only
//! (a few hundred small reads, no weights). A file that is not ggml, or that
//! ends before its last tensor (an interrupted download), is an error that
//! says so.

use super::layout::{Hparams, Problem, N_FFT_BINS};
use super::{io_err, ModelError};
use std::fs::File;
use std::io::{BufReader, Read, Seek};
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

/// Check that `path` is a whole ggml Whisper model that whisper.cpp can load
/// without crashing: the magic, every header field
/// ([`Hparams::validate`]), the mel filters and vocabulary, and every tensor
/// (name, shape and type as whisper.cpp expects them from the header, data
/// inside the file, none missing or repeated). Reads only headers (cheap).
pub fn check_model_file(path: &Path) -> Result<ModelInfo, ModelError> {
    let meta = std::fs::metadata(path).map_err(io_err("read", path))?;
    if meta.is_dir() {
        return Err(ModelError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let file = File::open(path).map_err(io_err("read", path))?;
    check_reader(file, meta.len(), path)
}

/// [`check_model_file`] on any seekable source of `len` bytes; `path` names
/// it in messages.
pub fn check_reader<R: Read + Seek>(
    source: R,
    len: u64,
    path: &Path,
) -> Result<ModelInfo, ModelError> {
    let mut r = HeaderReader {
        inner: BufReader::with_capacity(64 * 1024, source),
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
    let h = Hparams::from_array(hp);
    let corrupt = |what: String| ModelError::Corrupt {
        path: path.to_path_buf(),
        what,
    };
    let types = h.validate().map_err(|p| match p {
        Problem::Corrupt(what) => corrupt(what),
        Problem::Unsupported(what) => ModelError::Unsupported {
            path: path.to_path_buf(),
            what,
        },
    })?;
    // Mel filter bank: n_mel, n_fft, then n_mel * n_fft f32. whisper.cpp
    // computes n_mels bands from it with 201 frequency bins.
    let n_mel = r.i32()?;
    let n_fft = r.i32()?;
    if n_mel != h.n_mels || n_fft != N_FFT_BINS {
        return Err(corrupt(format!(
            "mel filters are {n_mel}x{n_fft}, but the header calls for {}x{N_FFT_BINS}",
            h.n_mels
        )));
    }
    r.skip(4 * n_mel as u64 * n_fft as u64)?;
    // Vocabulary: count, then (u32 length, bytes) per token.
    let n_words = r.i32()?;
    if !(0..=h.n_vocab).contains(&n_words) {
        return Err(corrupt(format!(
            "{n_words} vocabulary entries for a vocabulary of {}",
            h.n_vocab
        )));
    }
    for _ in 0..n_words {
        let l = r.u32()?;
        if l > 1 << 16 {
            return Err(corrupt(format!("implausible token length {l}")));
        }
        r.skip(u64::from(l))?;
    }
    // Tensors until end of file: n_dims, name length, type, dims, name, data.
    let mut expected = h.tensors(types);
    let mut tensors = 0u32;
    while r.pos < len {
        let start = r.pos;
        let n_dims = r.i32()?;
        let name_len = r.i32()?;
        let ttype = r.i32()?;
        if !(1..=4).contains(&n_dims) || !(1..=4096).contains(&name_len) {
            return Err(corrupt(format!(
                "bad tensor header at byte {start} ({n_dims} dims, name of {name_len} bytes)"
            )));
        }
        let mut ne = [1u64; 4];
        for d in ne.iter_mut().take(n_dims as usize) {
            let v = r.i32()?;
            if v <= 0 {
                return Err(corrupt(format!("tensor dimension {v} at byte {start}")));
            }
            *d = v as u64;
        }
        let name = r.string(name_len as u64)?;
        let Some(spec) = expected.remove(&name) else {
            return Err(corrupt(format!(
                "tensor `{}` at byte {start} is unknown or repeated for this header",
                name.escape_debug()
            )));
        };
        if ne != spec.ne || ttype != spec.ttype {
            return Err(corrupt(format!(
                "tensor `{name}` is {} of type {ttype}, but the header calls for {} of type {}",
                dims(&ne),
                dims(&spec.ne),
                spec.ttype
            )));
        }
        r.skip(spec.bytes())?;
        tensors += 1;
    }
    if tensors == 0 {
        return Err(ModelError::Truncated {
            path: path.to_path_buf(),
            len,
            needed: r.pos + 1,
        });
    }
    // A file cut exactly between two tensors is caught here.
    if !expected.is_empty() {
        return Err(ModelError::MissingTensors {
            path: path.to_path_buf(),
            found: tensors,
            expected: h.tensor_count(),
        });
    }
    Ok(ModelInfo {
        n_vocab: h.n_vocab,
        n_audio_layer: h.n_audio_layer,
        n_text_layer: h.n_text_layer,
        n_mels: h.n_mels,
        ftype: h.ftype,
        tensors,
    })
}

/// Dimensions as `384x1500` (trailing 1s dropped).
fn dims(ne: &[u64; 4]) -> String {
    let n = ne.iter().rposition(|&d| d != 1).map_or(1, |i| i + 1);
    ne[..n]
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("x")
}

/// Little-endian reader that tracks its position and turns a short file into
/// [`ModelError::Truncated`].
struct HeaderReader<'a, R> {
    inner: BufReader<R>,
    pos: u64,
    len: u64,
    path: &'a Path,
}

impl<R: Read + Seek> HeaderReader<'_, R> {
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

    fn string(&mut self, n: u64) -> Result<String, ModelError> {
        let end = self.pos.saturating_add(n);
        if end > self.len {
            return Err(self.truncated(end));
        }
        let mut b = vec![0u8; n as usize];
        self.inner
            .read_exact(&mut b)
            .map_err(io_err("read", self.path))?;
        self.pos = end;
        Ok(String::from_utf8_lossy(&b).into_owned())
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
    use crate::transcribe::model::layout::Hparams;
    use std::io::Cursor;

    /// Byte offsets of the header fields (after the 4-byte magic), as the
    /// corpus edits name them.
    const OFF_AUDIO_STATE: usize = 12;
    const OFF_AUDIO_HEAD: usize = 16;
    const OFF_TEXT_CTX: usize = 24;
    const OFF_TEXT_STATE: usize = 28;
    const OFF_TEXT_HEAD: usize = 32;
    const OFF_TEXT_LAYER: usize = 36;
    const OFF_FTYPE: usize = 44;

    /// The eight one-field edits of issue 12 that crashed whisper.cpp:
    /// (name, offset, value, text the error must contain).
    const CRAFTED: [(&str, usize, i32, &str); 8] = [
        ("audio heads 0", OFF_AUDIO_HEAD, 0, "n_audio_head is 0"),
        ("text heads 0", OFF_TEXT_HEAD, 0, "n_text_head is 0"),
        ("audio heads 7", OFF_AUDIO_HEAD, 7, "n_audio_head is 7"),
        (
            "audio state 2^30",
            OFF_AUDIO_STATE,
            1 << 30,
            "n_audio_state is 1073741824",
        ),
        (
            "text state 2^30",
            OFF_TEXT_STATE,
            1 << 30,
            "n_text_state is 1073741824",
        ),
        (
            "text ctx 2^30",
            OFF_TEXT_CTX,
            1 << 30,
            "n_text_ctx is 1073741824",
        ),
        ("text layers -5", OFF_TEXT_LAYER, -5, "n_text_layer is -5"),
        ("ftype 999", OFF_FTYPE, 999, "ftype 999"),
    ];

    /// A whole, valid ggml Whisper file for header `h` (weights all zero),
    /// and the byte offset where each tensor starts. Tensors are in name order.
    fn build(h: [i32; 11]) -> (Vec<u8>, Vec<usize>) {
        fn i(v: &mut Vec<u8>, x: i32) {
            v.extend_from_slice(&x.to_le_bytes());
        }
        let hp = Hparams::from_array(h);
        let types = hp.validate().unwrap();
        let mut v = Vec::new();
        i(&mut v, GGML_MAGIC as i32);
        for x in h {
            i(&mut v, x);
        }
        i(&mut v, hp.n_mels);
        i(&mut v, 201);
        v.resize(v.len() + 4 * 201 * hp.n_mels as usize, 0);
        i(&mut v, 1); // n_words
        i(&mut v, 2); // token length
        v.extend_from_slice(b"hi");
        let mut specs: Vec<_> = hp.tensors(types).into_iter().collect();
        specs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut starts = Vec::new();
        for (name, spec) in specs {
            starts.push(v.len());
            let n_dims = spec.ne.iter().rposition(|&d| d != 1).map_or(1, |i| i + 1);
            i(&mut v, n_dims as i32);
            i(&mut v, name.len() as i32);
            i(&mut v, spec.ttype);
            for d in &spec.ne[..n_dims] {
                i(&mut v, *d as i32);
            }
            v.extend_from_slice(name.as_bytes());
            v.resize(v.len() + spec.bytes() as usize, 0);
        }
        (v, starts)
    }

    /// A small model: width 8, 2 heads, 1+1 layers, f16.
    const SMALL: [i32; 11] = [51864, 1500, 8, 2, 1, 448, 8, 2, 1, 80, 1];

    fn check(bytes: &[u8]) -> Result<ModelInfo, ModelError> {
        check_reader(
            Cursor::new(bytes),
            bytes.len() as u64,
            Path::new("m/ggml-tiny.en.bin"),
        )
    }

    fn set(bytes: &mut [u8], off: usize, value: i32) {
        bytes[off..off + 4].copy_from_slice(&value.to_le_bytes());
    }

    #[test]
    fn accepts_whole_and_rejects_truncated() {
        let (whole, starts) = build(SMALL);
        let info = check(&whole).unwrap();
        assert_eq!(info.tensors, 11 + 15 + 24);
        assert_eq!(info.size_class(), "unknown");
        assert!(info.english_only());

        // Cut inside the header, the filters, a tensor header, tensor data.
        let last = *starts.last().unwrap();
        for cut in [5, 30, 60, 3000, starts[1] + 5, last + 20, whole.len() - 1] {
            let e = check(&whole[..cut]).unwrap_err();
            assert!(matches!(e, ModelError::Truncated { .. }), "cut {cut}: {e}");
            assert!(
                e.to_string().contains("rehearse model fetch tiny.en"),
                "{e}"
            );
            assert!(e.to_string().contains("incomplete"), "{e}");
        }
        // Cut exactly between two tensors.
        let e = check(&whole[..last]).unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::MissingTensors {
                    found: 49,
                    expected: 50,
                    ..
                }
            ),
            "{e}"
        );
        assert!(matches!(
            check(b"RIFF....WAVEfmt ").unwrap_err(),
            ModelError::NotGgml { .. }
        ));
        assert!(matches!(
            check(b"").unwrap_err(),
            ModelError::NotGgml { .. }
        ));
    }

    #[test]
    fn file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_model_file(dir.path()).unwrap_err();
        assert!(matches!(e, ModelError::NotAFile { .. }), "{e}");
        let p = dir.path().join("ggml-x.bin");
        std::fs::write(&p, build(SMALL).0).unwrap();
        assert!(check_model_file(&p).is_ok());
    }

    /// The crafted one-field edits of issue 12, on a small in-memory model:
    /// each is a one-line error naming the file, the field and the fix.
    #[test]
    fn crafted_header_fields_are_refused_before_whisper() {
        let (whole, _) = build(SMALL);
        for (what, off, value, want) in CRAFTED {
            let mut b = whole.clone();
            set(&mut b, off, value);
            let e = check(&b).unwrap_err();
            let msg = e.to_string();
            assert!(matches!(e, ModelError::Corrupt { .. }), "{what}: {msg}");
            assert!(msg.contains(want), "{what}: {msg}");
            assert!(
                msg.starts_with("m/ggml-tiny.en.bin is a damaged Whisper model"),
                "{msg}"
            );
            assert!(msg.contains("rehearse model fetch tiny.en"), "{msg}");
            assert!(!msg.contains('\n'), "{msg}");
        }
    }

    /// Header and tensor table must agree, as whisper.cpp requires.
    #[test]
    fn tensor_table_must_match_the_header() {
        let (whole, starts) = build(SMALL);
        let first = starts[0];
        // A consistent header but heads that still divide: accepted.
        let mut b = whole.clone();
        set(&mut b, OFF_AUDIO_HEAD, 4);
        assert!(check(&b).is_ok());
        // Width 16 in the header, 8 in the tensors.
        let mut b = whole.clone();
        set(&mut b, OFF_AUDIO_STATE, 16);
        set(&mut b, OFF_TEXT_STATE, 16);
        let e = check(&b).unwrap_err().to_string();
        assert!(e.contains("but the header calls for"), "{e}");
        // More decoder layers than the file holds.
        let mut b = whole.clone();
        set(&mut b, OFF_TEXT_LAYER, 2);
        let e = check(&b).unwrap_err();
        assert!(matches!(e, ModelError::MissingTensors { .. }), "{e}");
        // Fewer decoder layers than the file holds: an unknown tensor.
        let (three, _) = build([51864, 1500, 8, 2, 1, 448, 8, 2, 3, 80, 1]);
        let mut b = three;
        set(&mut b, OFF_TEXT_LAYER, 1);
        let e = check(&b).unwrap_err().to_string();
        assert!(e.contains("unknown or repeated"), "{e}");
        // A tensor's type changed (f32 bias read as f16).
        let bias = starts
            .iter()
            .copied()
            .find(|&s| {
                let n = i32::from_le_bytes(whole[s + 4..s + 8].try_into().unwrap()) as usize;
                let nd = i32::from_le_bytes(whole[s..s + 4].try_into().unwrap()) as usize;
                whole[s + 12 + 4 * nd..s + 12 + 4 * nd + n].ends_with(b".bias")
            })
            .unwrap();
        let mut b = whole.clone();
        set(&mut b, bias + 8, 1);
        let e = check(&b).unwrap_err().to_string();
        assert!(e.contains("of type 1, but the header calls for"), "{e}");
        // A tensor name's first byte changed.
        let mut b = whole.clone();
        let nd = i32::from_le_bytes(b[first..first + 4].try_into().unwrap()) as usize;
        b[first + 12 + 4 * nd] ^= 0x20;
        let e = check(&b).unwrap_err().to_string();
        assert!(e.contains("unknown or repeated"), "{e}");
        // A dimension of 0 or a bad dims count.
        let mut b = whole.clone();
        set(&mut b, first + 12, 0);
        assert!(check(&b).unwrap_err().to_string().contains("dimension 0"));
        let mut b = whole.clone();
        set(&mut b, first, 9);
        assert!(check(&b)
            .unwrap_err()
            .to_string()
            .contains("bad tensor header"));
        // Mel filters that disagree with the header.
        let mut b = whole.clone();
        set(&mut b, 48, 128);
        assert!(check(&b).unwrap_err().to_string().contains("mel filters"));
        // Vocabulary longer than the header's.
        let mut b = whole;
        set(&mut b, 56 + 4 * 201 * 80, 60_000);
        assert!(check(&b)
            .unwrap_err()
            .to_string()
            .contains("vocabulary entries"));
    }

    #[test]
    fn accepts_shared_models_and_refuses_their_crafted_edits_when_present() {
        for f in ["ggml-tiny.en.bin", "ggml-base-q8_0.bin"] {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/models")
                .join(f);
            if !p.exists() {
                continue;
            }
            let info = check_model_file(&p).unwrap_or_else(|e| panic!("{e}"));
            let want = 11 + 15 * info.n_audio_layer + 24 * info.n_text_layer;
            assert_eq!(info.tensors as i32, want, "{f}: {info:?}");
            if f != "ggml-tiny.en.bin" {
                continue;
            }
            let whole = std::fs::read(&p).unwrap();
            for (what, off, value, want) in CRAFTED {
                let mut b = whole.clone();
                set(&mut b, off, value);
                let e = check(&b).unwrap_err().to_string();
                assert!(e.contains(want), "{what}: {e}");
            }
        }
    }
}
