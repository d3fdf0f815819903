//! What whisper.cpp assumes of a model file, written down so that
//! [`super::check_model_file`] can refuse a file before whisper.cpp is given
//! it.
//!
//! whisper.cpp (`whisper_model_load` in the vendored `src/whisper.cpp`) reads
//! eleven header fields and trusts them: it sizes every weight tensor, the
//! key/value caches and the compute graphs from them, divides the model
//! width by the head counts, derives the special-token ids from the
//! vocabulary size, and maps the weight type code with an assertion. A
//! single wrong field therefore ends in a division by zero (SIGFPE), a
//! failed `GGML_ASSERT` (abort) or a huge allocation. [`Hparams::validate`]
//! checks each field against what every published Whisper model has, and
//! [`Hparams::tensors`] lists the tensors (name, shape, type) whisper.cpp
//! will look for, so the tensor table of the file can be checked against the
//! header exactly as whisper.cpp does, and before it does.

use std::collections::HashMap;

/// `GGML_QNT_VERSION_FACTOR`: the header's `ftype` is
/// `quantization version * 1000 + weight type`.
const QNT_VERSION_FACTOR: i32 = 1000;
/// `GGML_QNT_VERSION`, the newest quantization format.
const QNT_VERSION: i32 = 2;
/// Mel filter bins: `1 + WHISPER_N_FFT / 2` (whisper.cpp asserts it).
pub const N_FFT_BINS: i32 = 201;

/// ggml tensor type codes used by Whisper model files.
pub mod ggml_type {
    /// 32-bit float.
    pub const F32: i32 = 0;
    /// 16-bit float.
    pub const F16: i32 = 1;
}

/// Bytes per block and elements per block of a ggml tensor type whisper.cpp
/// model files use (`ggml_type_size`, `ggml_blck_size`). `None` for others.
pub fn type_layout(ttype: i32) -> Option<(u64, u64)> {
    Some(match ttype {
        0 => (4, 1),      // f32
        1 => (2, 1),      // f16
        2 => (18, 32),    // q4_0
        3 => (20, 32),    // q4_1
        6 => (22, 32),    // q5_0
        7 => (24, 32),    // q5_1
        8 => (34, 32),    // q8_0
        10 => (84, 256),  // q2_K
        11 => (110, 256), // q3_K
        12 => (144, 256), // q4_K
        13 => (176, 256), // q5_K
        14 => (210, 256), // q6_K
        _ => return None,
    })
}

/// The tensor type of the big weight matrices for a header `ftype` (without
/// the quantization version), as `ggml_ftype_to_ggml_type` maps it, for the
/// types whisper.cpp's converter and `quantize` tool produce.
fn weight_type(ftype: i32) -> Option<i32> {
    Some(match ftype {
        0 => 0,   // all f32
        1 => 1,   // mostly f16
        2 => 2,   // q4_0
        3 => 3,   // q4_1
        7 => 8,   // q8_0
        8 => 6,   // q5_0
        9 => 7,   // q5_1
        10 => 10, // q2_K
        11 => 11, // q3_K
        12 => 12, // q4_K
        13 => 13, // q5_K
        14 => 14, // q6_K
        _ => return None,
    })
}

/// Why a header cannot be handed to whisper.cpp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value no Whisper model has: the file is damaged or not a model.
    Corrupt(String),
    /// A real ggml weight type that rehearse does not check, so it does not
    /// hand the file to whisper.cpp.
    Unsupported(String),
}

/// The eleven header fields, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hparams {
    /// Vocabulary size.
    pub n_vocab: i32,
    /// Encoder positions (audio frames).
    pub n_audio_ctx: i32,
    /// Encoder width.
    pub n_audio_state: i32,
    /// Encoder attention heads.
    pub n_audio_head: i32,
    /// Encoder layers.
    pub n_audio_layer: i32,
    /// Decoder positions (tokens).
    pub n_text_ctx: i32,
    /// Decoder width.
    pub n_text_state: i32,
    /// Decoder attention heads.
    pub n_text_head: i32,
    /// Decoder layers.
    pub n_text_layer: i32,
    /// Mel bands.
    pub n_mels: i32,
    /// Weight type code (plus 1000 x quantization version).
    pub ftype: i32,
}

/// Tensor types a checked header implies: the big matrices and the
/// convolution weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types {
    /// Type of the 2-D weight matrices and the token embedding.
    pub weights: i32,
    /// Type of the convolution weights (f32 for an f32 model, else f16).
    pub conv: i32,
}

/// One tensor whisper.cpp expects: its dimensions (`ne`, padded with 1) and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TensorSpec {
    /// Dimensions, innermost first, padded with 1 to four.
    pub ne: [u64; 4],
    /// ggml type code.
    pub ttype: i32,
}

impl TensorSpec {
    /// Bytes of data (`ggml_nbytes`).
    pub fn bytes(&self) -> u64 {
        let (block_bytes, block_len) = type_layout(self.ttype).expect("only known types");
        let row = self.ne[0] / block_len * block_bytes;
        row * self.ne[1] * self.ne[2] * self.ne[3]
    }
}

impl Hparams {
    /// The fields in file order.
    pub fn from_array(v: [i32; 11]) -> Self {
        let [n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype] =
            v;
        Hparams {
            n_vocab,
            n_audio_ctx,
            n_audio_state,
            n_audio_head,
            n_audio_layer,
            n_text_ctx,
            n_text_state,
            n_text_head,
            n_text_layer,
            n_mels,
            ftype,
        }
    }

    /// Check every field against what whisper.cpp relies on; the tensor
    /// types they imply.
    ///
    /// - `n_vocab` 51864 (English), 51865 (multilingual) or 51866 (large-v3):
    ///   whisper.cpp places the special tokens by the vocabulary size, and
    ///   other sizes index past its tables;
    /// - `n_audio_ctx` 1500 and `n_text_ctx` 448: the 30 s window and the
    ///   decoder length of every Whisper model; whisper.cpp's input and
    ///   prompt buffers are built for them;
    /// - `n_mels` 80 or 128 (large-v3);
    /// - widths equal (whisper.cpp's cross-attention needs it) and in
    ///   1..=4096; heads at least 1 and dividing the width (each head gets
    ///   `width / heads` columns: 0 heads is a division by zero, 7 heads on
    ///   384 columns fails an assertion);
    /// - layers in 1..=64;
    /// - `ftype` a weight type whisper.cpp's tools write, with quantization
    ///   version 0..=2.
    pub fn validate(&self) -> Result<Types, Problem> {
        let bad = |what: String| Err(Problem::Corrupt(what));
        let h = self;
        if !(51864..=51866).contains(&h.n_vocab) {
            return bad(format!(
                "vocabulary size n_vocab is {}, but Whisper models have 51864 to 51866",
                h.n_vocab
            ));
        }
        if h.n_audio_ctx != 1500 {
            return bad(format!(
                "audio context n_audio_ctx is {}, but every Whisper model has 1500",
                h.n_audio_ctx
            ));
        }
        if h.n_text_ctx != 448 {
            return bad(format!(
                "text context n_text_ctx is {}, but every Whisper model has 448",
                h.n_text_ctx
            ));
        }
        if h.n_mels != 80 && h.n_mels != 128 {
            return bad(format!(
                "mel bands n_mels is {}, but Whisper models have 80 or 128",
                h.n_mels
            ));
        }
        for (name, state) in [
            ("n_audio_state", h.n_audio_state),
            ("n_text_state", h.n_text_state),
        ] {
            if !(1..=4096).contains(&state) {
                return bad(format!(
                    "width {name} is {state}, outside 1..=4096 (Whisper models have 384 to 1280)"
                ));
            }
        }
        if h.n_audio_state != h.n_text_state {
            return bad(format!(
                "encoder width n_audio_state {} differs from decoder width n_text_state {}",
                h.n_audio_state, h.n_text_state
            ));
        }
        for (name, heads, state) in [
            ("n_audio_head", h.n_audio_head, h.n_audio_state),
            ("n_text_head", h.n_text_head, h.n_text_state),
        ] {
            if heads < 1 || state % heads != 0 {
                return bad(format!(
                    "attention heads {name} is {heads}, which does not divide the width {state}"
                ));
            }
        }
        for (name, layers) in [
            ("n_audio_layer", h.n_audio_layer),
            ("n_text_layer", h.n_text_layer),
        ] {
            if !(1..=64).contains(&layers) {
                return bad(format!(
                    "layer count {name} is {layers}, outside 1..=64 (Whisper models have 2 to 32)"
                ));
            }
        }
        let (version, code) = (
            h.ftype.div_euclid(QNT_VERSION_FACTOR),
            h.ftype.rem_euclid(QNT_VERSION_FACTOR),
        );
        if h.ftype < 0 || version > QNT_VERSION {
            return bad(format!("weight type code ftype {} is not valid", h.ftype));
        }
        let Some(weights) = weight_type(code) else {
            return if (4..=25).contains(&code) {
                Err(Problem::Unsupported(format!(
                    "it uses ggml weight type {code}, which rehearse does not support"
                )))
            } else {
                bad(format!("weight type code ftype {} is not valid", h.ftype))
            };
        };
        let (_, block) = type_layout(weights).expect("weight types have a layout");
        if !(h.n_audio_state as u64).is_multiple_of(block) {
            return Err(Problem::Unsupported(format!(
                "its weight type {code} packs rows of {block} values, which does not divide the width {}",
                h.n_audio_state
            )));
        }
        let conv = if weights == ggml_type::F32 {
            ggml_type::F32
        } else {
            ggml_type::F16
        };
        Ok(Types { weights, conv })
    }

    /// Number of tensors whisper.cpp loads: 7 + 15 per encoder layer, 4 + 24
    /// per decoder layer.
    pub fn tensor_count(&self) -> u64 {
        11 + 15 * self.n_audio_layer.max(0) as u64 + 24 * self.n_text_layer.max(0) as u64
    }

    /// Every tensor whisper.cpp expects for this (validated) header, by name
    /// (`whisper_model_load`; names from `whisper-arch.h`).
    pub fn tensors(&self, types: Types) -> HashMap<String, TensorSpec> {
        let s = self.n_audio_state as u64;
        let (w, v, f) = (types.weights, types.conv, ggml_type::F32);
        let spec = |ne: &[u64], ttype: i32| {
            let mut full = [1u64; 4];
            full[..ne.len()].copy_from_slice(ne);
            TensorSpec { ne: full, ttype }
        };
        let mut m = HashMap::new();
        let mut add = |name: String, ne: &[u64], ttype: i32| {
            m.insert(name, spec(ne, ttype));
        };
        let n_mels = self.n_mels as u64;
        add("encoder.positional_embedding".into(), &[s, 1500], f);
        add("encoder.conv1.weight".into(), &[3, n_mels, s], v);
        add("encoder.conv1.bias".into(), &[1, s], f);
        add("encoder.conv2.weight".into(), &[3, s, s], v);
        add("encoder.conv2.bias".into(), &[1, s], f);
        add("encoder.ln_post.weight".into(), &[s], f);
        add("encoder.ln_post.bias".into(), &[s], f);
        // The 15 tensors of an encoder layer; a decoder layer has them too.
        let block: [(&str, &[u64], bool); 15] = [
            ("mlp_ln.weight", &[s], false),
            ("mlp_ln.bias", &[s], false),
            ("mlp.0.weight", &[s, 4 * s], true),
            ("mlp.0.bias", &[4 * s], false),
            ("mlp.2.weight", &[4 * s, s], true),
            ("mlp.2.bias", &[s], false),
            ("attn_ln.weight", &[s], false),
            ("attn_ln.bias", &[s], false),
            ("attn.query.weight", &[s, s], true),
            ("attn.query.bias", &[s], false),
            ("attn.key.weight", &[s, s], true),
            ("attn.value.weight", &[s, s], true),
            ("attn.value.bias", &[s], false),
            ("attn.out.weight", &[s, s], true),
            ("attn.out.bias", &[s], false),
        ];
        let cross: [(&str, &[u64], bool); 9] = [
            ("cross_attn_ln.weight", &[s], false),
            ("cross_attn_ln.bias", &[s], false),
            ("cross_attn.query.weight", &[s, s], true),
            ("cross_attn.query.bias", &[s], false),
            ("cross_attn.key.weight", &[s, s], true),
            ("cross_attn.value.weight", &[s, s], true),
            ("cross_attn.value.bias", &[s], false),
            ("cross_attn.out.weight", &[s, s], true),
            ("cross_attn.out.bias", &[s], false),
        ];
        let ty = |matrix: bool| if matrix { w } else { f };
        for i in 0..self.n_audio_layer {
            for (name, ne, matrix) in &block {
                add(format!("encoder.blocks.{i}.{name}"), ne, ty(*matrix));
            }
        }
        add("decoder.positional_embedding".into(), &[s, 448], f);
        add(
            "decoder.token_embedding.weight".into(),
            &[s, self.n_vocab as u64],
            w,
        );
        add("decoder.ln.weight".into(), &[s], f);
        add("decoder.ln.bias".into(), &[s], f);
        for i in 0..self.n_text_layer {
            for (name, ne, matrix) in block.iter().chain(cross.iter()) {
                add(format!("decoder.blocks.{i}.{name}"), ne, ty(*matrix));
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tiny.en's header.
    fn tiny_en() -> Hparams {
        Hparams::from_array([51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1])
    }

    #[test]
    fn real_headers_pass_and_count_their_tensors() {
        let t = tiny_en();
        let types = t.validate().unwrap();
        assert_eq!(
            types,
            Types {
                weights: 1,
                conv: 1
            }
        );
        assert_eq!(t.tensors(types).len() as u64, t.tensor_count());
        assert_eq!(t.tensor_count(), 11 + 15 * 4 + 24 * 4);
        // base q8_0 (quantization version 2), large-v3 (128 mels, 51866).
        let q8 = Hparams::from_array([51865, 1500, 512, 8, 6, 448, 512, 8, 6, 80, 2007]);
        assert_eq!(
            q8.validate().unwrap(),
            Types {
                weights: 8,
                conv: 1
            }
        );
        let large = Hparams::from_array([51866, 1500, 1280, 20, 32, 448, 1280, 20, 32, 128, 1]);
        assert!(large.validate().is_ok());
        let f32 = Hparams { ftype: 0, ..t };
        assert_eq!(
            f32.validate().unwrap(),
            Types {
                weights: 0,
                conv: 0
            }
        );
    }

    /// Each one-field edit that crashed whisper.cpp (issue 12), and its neighbours.
    #[test]
    fn crafted_fields_are_refused_with_the_field_named() {
        let t = tiny_en();
        let cases: &[(Hparams, &str)] = &[
            (
                Hparams {
                    n_audio_head: 0,
                    ..t
                },
                "n_audio_head is 0",
            ),
            (
                Hparams {
                    n_text_head: 0,
                    ..t
                },
                "n_text_head is 0",
            ),
            (
                Hparams {
                    n_audio_head: 7,
                    ..t
                },
                "n_audio_head is 7",
            ),
            (
                Hparams {
                    n_text_head: -6,
                    ..t
                },
                "n_text_head is -6",
            ),
            (
                Hparams {
                    n_audio_state: 1 << 30,
                    ..t
                },
                "n_audio_state is 1073741824",
            ),
            (
                Hparams {
                    n_text_state: 1 << 30,
                    ..t
                },
                "n_text_state is 1073741824",
            ),
            (
                Hparams {
                    n_text_state: 512,
                    ..t
                },
                "differs",
            ),
            (
                Hparams {
                    n_text_ctx: 1 << 30,
                    ..t
                },
                "n_text_ctx is 1073741824",
            ),
            (
                Hparams {
                    n_audio_ctx: 0,
                    ..t
                },
                "n_audio_ctx is 0",
            ),
            (
                Hparams {
                    n_text_layer: -5,
                    ..t
                },
                "n_text_layer is -5",
            ),
            (
                Hparams {
                    n_audio_layer: 0,
                    ..t
                },
                "n_audio_layer is 0",
            ),
            (
                Hparams {
                    n_audio_layer: 65,
                    ..t
                },
                "n_audio_layer is 65",
            ),
            (Hparams { ftype: 999, ..t }, "ftype 999"),
            (Hparams { ftype: -1, ..t }, "ftype -1"),
            (Hparams { ftype: 3007, ..t }, "ftype 3007"),
            (Hparams { n_vocab: 100, ..t }, "n_vocab is 100"),
            (Hparams { n_mels: 0, ..t }, "n_mels is 0"),
        ];
        for (h, want) in cases {
            match h.validate() {
                Err(Problem::Corrupt(what)) => assert!(what.contains(want), "{what} / {want}"),
                other => panic!("{h:?}: {other:?}"),
            }
        }
        assert!(matches!(
            Hparams { ftype: 24, ..t }.validate(),
            Err(Problem::Unsupported(_))
        ));
    }

    #[test]
    fn tensor_table_matches_whisper_cpp() {
        let t = tiny_en();
        let m = t.tensors(t.validate().unwrap());
        let get = |n: &str| *m.get(n).unwrap_or_else(|| panic!("{n}"));
        assert_eq!(get("encoder.conv1.weight").ne, [3, 80, 384, 1]);
        assert_eq!(get("encoder.conv1.bias").ttype, ggml_type::F32);
        assert_eq!(get("decoder.token_embedding.weight").ne, [384, 51864, 1, 1]);
        assert_eq!(get("decoder.blocks.3.cross_attn.out.weight").ttype, 1);
        assert_eq!(get("encoder.blocks.0.mlp.0.weight").ne, [384, 1536, 1, 1]);
        assert!(!m.contains_key("encoder.blocks.4.mlp_ln.weight"));
        assert_eq!(get("encoder.blocks.0.mlp_ln.bias").bytes(), 384 * 4);
        let q8 = TensorSpec {
            ne: [384, 384, 1, 1],
            ttype: 8,
        };
        assert_eq!(q8.bytes(), 384 / 32 * 34 * 384);
    }
}
