//! The catalogue of models `rehearse model fetch` knows: names, exact sizes
//! and SHA-1 checksums of the files published with whisper.cpp.

use std::fmt;

/// The model `rehearse model fetch` suggests: English-only, good balance.
pub const DEFAULT_MODEL: &str = "base.en";

/// One model that `rehearse model fetch` can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownModel {
    /// Name as typed on the command line, e.g. `base.en`.
    pub name: &'static str,
    /// Exact size of the published file, in bytes.
    pub size: u64,
    /// SHA-1 of the published file (lower-case hex), when known.
    pub sha1: Option<&'static str>,
    /// One-line description for `rehearse model list`.
    pub note: &'static str,
}

impl KnownModel {
    /// File name: `ggml-<name>.bin`.
    pub fn file_name(&self) -> String {
        format!("ggml-{}.bin", self.name)
    }
}

/// Models rehearse can fetch from the standard whisper.cpp location.
///
/// SHA-1 values of the full-precision models are those listed in
/// whisper.cpp's `models/README.md`; those of the quantized models are the
/// ones published on the Hugging Face model page (the same table many
/// projects copy). Sizes are the exact byte counts of the published files.
pub const KNOWN_MODELS: &[KnownModel] = &[
    KnownModel {
        name: "tiny.en",
        size: 77_704_715,
        sha1: Some("c78c86eb1a8faa21b369bcd33207cc90d64ae9df"),
        note: "English, fastest, least accurate",
    },
    KnownModel {
        name: "tiny",
        size: 77_691_713,
        sha1: Some("bd577a113a864445d4c299885e0cb97d4ba92b5f"),
        note: "multilingual, fastest",
    },
    KnownModel {
        name: "base.en",
        size: 147_964_211,
        sha1: Some("137c40403d78fd54d454da0f9bd998f78703390c"),
        note: "English, good balance (recommended)",
    },
    KnownModel {
        name: "base",
        size: 147_951_465,
        sha1: Some("465707469ff3a37a2b9b8d8f89f2f99de7299dac"),
        note: "multilingual, good balance",
    },
    KnownModel {
        name: "small.en",
        size: 487_614_201,
        sha1: Some("db8a495a91d927739e50b3fc1cc4c6b8f6c2d022"),
        note: "English, more accurate, ~3x slower than base",
    },
    KnownModel {
        name: "small",
        size: 487_601_967,
        sha1: Some("55356645c2b361a969dfd0ef2c5a50d530afd8d5"),
        note: "multilingual, more accurate",
    },
    KnownModel {
        name: "medium.en",
        size: 1_533_774_781,
        sha1: Some("8c30f0e44ce9560643ebd10bbe50cd20eafd3723"),
        note: "English, most accurate here, slow on a laptop CPU",
    },
    KnownModel {
        name: "medium",
        size: 1_533_763_059,
        sha1: Some("fd9727b6e1217c2f614f9b698455c4ffd82463b4"),
        note: "multilingual, slow",
    },
    KnownModel {
        name: "tiny.en-q5_1",
        size: 32_166_155,
        sha1: Some("3fb92ec865cbbc769f08137f22470d6b66e071b6"),
        note: "tiny.en quantized 5-bit, smallest download",
    },
    KnownModel {
        name: "tiny.en-q8_0",
        size: 43_550_795,
        sha1: Some("802d6668e7d411123e672abe4cb6c18f12306abb"),
        note: "tiny.en quantized 8-bit",
    },
    KnownModel {
        name: "base.en-q5_1",
        size: 59_721_011,
        sha1: Some("d26d7ce5a1b6e57bea5d0431b9c20ae49423c94a"),
        note: "base.en quantized 5-bit",
    },
    KnownModel {
        name: "base.en-q8_0",
        size: 81_781_811,
        sha1: Some("bb1574182e9b924452bf0cd1510ac034d323e948"),
        note: "base.en quantized 8-bit",
    },
    KnownModel {
        name: "base-q8_0",
        size: 81_768_585,
        sha1: Some("7bb89bb49ed6955013b166f1b6a6c04584a20fbe"),
        note: "base quantized 8-bit (multilingual)",
    },
    KnownModel {
        name: "small.en-q5_1",
        size: 190_098_681,
        sha1: Some("20f54878d608f94e4a8ee3ae56016571d47cba34"),
        note: "small.en quantized 5-bit",
    },
    KnownModel {
        name: "small.en-q8_0",
        size: 264_477_561,
        sha1: Some("9d75ff4ccfa0a8217870d7405cf8cef0a5579852"),
        note: "small.en quantized 8-bit",
    },
];

/// The known model called `name` (exact match, or with the `ggml-`/`.bin`
/// decoration a user may paste).
pub fn find_known(name: &str) -> Option<&'static KnownModel> {
    let name = name.trim();
    let name = name.strip_prefix("ggml-").unwrap_or(name);
    let name = name.strip_suffix(".bin").unwrap_or(name);
    KNOWN_MODELS.iter().find(|m| m.name == name)
}

/// Names of all known models, comma-separated (for error messages).
pub fn known_names() -> String {
    KNOWN_MODELS
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for KnownModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::model::is_model_file_name;

    #[test]
    fn known_table_is_consistent() {
        for m in KNOWN_MODELS {
            assert!(m.size > 10_000_000, "{}", m.name);
            if let Some(s) = m.sha1 {
                assert_eq!(s.len(), 40, "{}", m.name);
                assert!(s
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            }
            assert!(is_model_file_name(&m.file_name()));
            assert_eq!(find_known(m.name), Some(m));
        }
        let mut names: Vec<_> = KNOWN_MODELS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KNOWN_MODELS.len());
        assert_eq!(find_known("ggml-base.en.bin").unwrap().name, "base.en");
        assert!(find_known(DEFAULT_MODEL).is_some());
        assert!(find_known("large-v9").is_none());
    }

    /// `models/README.md` lists every known model with its exact size and
    /// checksum, so a hand download can be checked against it.
    #[test]
    fn models_readme_lists_the_catalogue() {
        let readme = include_str!("../../../models/README.md");
        for m in KNOWN_MODELS {
            let size = m.size.to_string();
            let mut grouped = String::new();
            for (i, c) in size.chars().enumerate() {
                if i > 0 && (size.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let row = readme
                .lines()
                .find(|l| l.starts_with(&format!("| `{}`", m.name)))
                .unwrap_or_else(|| panic!("models/README.md has no row for {}", m.name));
            assert!(row.contains(&m.file_name()), "{row}");
            assert!(row.contains(&grouped), "{row} lacks {grouped}");
            assert!(row.contains(m.sha1.unwrap_or("none")), "{row}");
        }
    }
}
