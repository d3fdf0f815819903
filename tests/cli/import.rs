//! `rehearse questions import FILE` and the merged bank: the bundled
//! questions plus the user's folder (`REHEARSE_HOME/questions`), where a
//! user file with a bundled id overrides it, and `--questions DIR` still
//! meaning "only this folder".

use crate::need_shared;
use crate::support::{rehearse, stdout, succeeded};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The seed document, relative to `../shared`.
const SEED: &str = "seed/000_f7f50f59e4d91f6e.txt";

/// A fixture document of the parser's tests.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/store/import/fixtures")
        .join(name)
}

/// `questions --json` in the data folder `home`.
fn bank(home: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = extra.to_vec();
    args.extend(["questions", "--json"]);
    let out = stdout(rehearse(home).args(&args));
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    v.as_array().expect("a JSON array").clone()
}

/// Every file in `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn importing_the_seed_overrides_the_bundled_bank_and_needs_force_again() {
    let seed = need_shared!(SEED);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("questions");
    let bundled = bank(home.path(), &[]);
    assert_eq!(bundled.len(), 10);
    assert!(bundled.iter().all(|q| q["source"] == "bundled"));

    let out = succeeded(
        rehearse(home.path())
            .args(["questions", "import"])
            .arg(&seed),
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains(&dir.display().to_string()), "{printed}");
    assert!(printed.contains("key points:"), "{printed}");

    let files = snapshot(&dir);
    assert_eq!(files.len(), 10, "{:?}", files.keys());
    for (path, text) in &files {
        let q: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        for key in [
            "id",
            "category",
            "question",
            "target_seconds",
            "reference",
            "key_points",
        ] {
            assert!(q.contains_key(key), "{path:?} lacks {key}");
        }
        let t = q["target_seconds"].as_integer().unwrap();
        assert!((60..=180).contains(&t), "{path:?}: {t}");
        assert!(text.contains("reference = \"\"\"\n"), "{path:?}");
    }

    // Same ten questions (same ids, by their text), now all the user's.
    let merged = bank(home.path(), &[]);
    assert_eq!(merged.len(), 10);
    let ids = |b: &[Value]| -> Vec<String> {
        b.iter()
            .map(|q| q["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&merged), ids(&bundled));
    for q in &merged {
        let source = q["source"].as_str().unwrap();
        let expected = dir.join(format!("{}.toml", q["id"].as_str().unwrap()));
        assert_eq!(Path::new(source), expected);
        assert!(!q["key_points"].as_array().unwrap().is_empty());
    }
    let table = stdout(rehearse(home.path()).arg("questions"));
    assert!(table.lines().next().unwrap().contains("FROM"), "{table}");
    assert_eq!(table.matches("yours").count(), 10, "{table}");
    assert!(!table.contains("bundled"), "{table}");

    // Again without --force: refused, nothing changes.
    let before = snapshot(&dir);
    let edited = dir.join("explain-complex-concept.toml");
    let text = format!("# my note\n{}", before[&edited]);
    std::fs::write(&edited, text).unwrap();
    let changed = snapshot(&dir);
    let out = rehearse(home.path())
        .args(["questions", "import"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("already exist") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(snapshot(&dir), changed);

    // With --force: rewritten as imported.
    succeeded(
        rehearse(home.path())
            .args(["questions", "import", "--force"])
            .arg(&seed),
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_user_file_overrides_a_bundled_id_and_questions_dir_stays_alone() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("questions");
    std::fs::create_dir_all(&dir).unwrap();
    let mine = dir.join("mine.toml");
    std::fs::write(
        &mine,
        "id = \"explain-complex-concept\"\ncategory = \"mine\"\nquestion = \"My own version?\"\ntarget_seconds = 60\nreference = \"I explained it with a map of 3 cities.\"\n",
    )
    .unwrap();
    let merged = bank(home.path(), &[]);
    assert_eq!(merged.len(), 10);
    let q = merged
        .iter()
        .find(|q| q["id"] == "explain-complex-concept")
        .unwrap();
    assert_eq!(q["question"], "My own version?");
    assert_eq!(Path::new(q["source"].as_str().unwrap()), mine);
    assert_eq!(
        merged.iter().filter(|q| q["source"] == "bundled").count(),
        9
    );
    let shown =
        stdout(rehearse(home.path()).args(["questions", "show", "explain-complex-concept"]));
    assert!(shown.contains("My own version?"), "{shown}");

    // --questions DIR: only that folder, not the bundled bank nor the user's.
    let other = tempfile::tempdir().unwrap();
    let only = other.path().join("only.toml");
    std::fs::write(
        &only,
        "id = \"only-one\"\ncategory = \"x\"\nquestion = \"Only?\"\ntarget_seconds = 60\nreference = \"Just this one answer here.\"\n",
    )
    .unwrap();
    let alone = bank(
        home.path(),
        &["--questions", other.path().to_str().unwrap()],
    );
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["id"], "only-one");
    assert_eq!(Path::new(alone[0]["source"].as_str().unwrap()), only);
}

#[test]
fn a_fixture_document_adds_new_questions_beside_the_bundled_ones() {
    let home = tempfile::tempdir().unwrap();
    let doc = fixture("qa_plain.txt");
    let out = succeeded(
        rehearse(home.path())
            .args(["questions", "import"])
            .arg(&doc),
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let files = snapshot(&home.path().join("questions"));
    assert!(!files.is_empty());
    let merged = bank(home.path(), &[]);
    assert_eq!(merged.len(), 10 + files.len(), "{printed}");
    assert_eq!(
        merged.iter().filter(|q| q["source"] == "bundled").count(),
        10
    );
    for path in files.keys() {
        let id = path.file_stem().unwrap().to_str().unwrap();
        assert!(printed.contains(id), "{id} not printed: {printed}");
        let q = merged.iter().find(|q| q["id"] == id).expect("listed");
        assert_eq!(Path::new(q["source"].as_str().unwrap()), path.as_path());
        assert_eq!(q["key_points_derived"], Value::Bool(false));
    }
    assert!(files
        .values()
        .any(|t| t.contains("category = \"leadership\"")));
}

#[test]
fn bad_documents_are_one_line_errors_and_write_nothing() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let latin1 = tmp.path().join("latin1.txt");
    std::fs::write(
        &latin1,
        b"Q: Caf\xe9?\nA: An answer with enough words in it.\n",
    )
    .unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (latin1, "UTF-8"),
        (tmp.path().to_path_buf(), "not a regular file"),
        (tmp.path().join("missing.txt"), "cannot read"),
    ];
    for (path, needle) in cases {
        let out = rehearse(home.path())
            .args(["questions", "import"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(needle), "{path:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert!(!home.path().join("questions").exists());
}
