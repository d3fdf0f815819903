//! The shape of the source, checked on the source itself (issue 11):
//!
//! - dependencies run one way: every `crate::…`, `super::…` (and, in the
//!   binaries, `rehearse::…`) path in `src/**/*.rs` is checked against the
//!   layer table [`LAYERS`] — a module may use modules of lower layers, and
//!   modules of its own layer only when no cycle results and the pair is not
//!   in [`FORBIDDEN`];
//! - no cycles between top-level modules, nor between the files of one
//!   module (`output/review.rs` ↔ `output/terminal.rs`);
//! - only `app` (and the binaries) read `REHEARSE_HOME`;
//! - no source file is over [`MAX_LINES`] lines, except the declarative
//!   tables in [`TABLES`].
//!
//! Every violation is listed, with file and line, not only the first one.
//! The scanner is a small tokenizer (comments and string literals removed,
//! `use` groups expanded, inline `mod x { … }` followed for `super::`); the
//! `scanner_*` tests pin what it sees.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules and their layer: a module may use any module of a lower
/// layer. `main` is `src/main.rs`, `bin` any `src/bin/*.rs`.
const LAYERS: &[(&str, u8)] = &[
    ("util", 0),
    ("lexicon", 0),
    ("analysis", 1),
    ("audio", 2),
    ("output", 2),
    ("store", 2),
    ("transcribe", 2),
    ("pipeline", 3),
    ("cli", 4),
    ("app", 5),
    ("main", 6),
    ("bin", 6),
];

/// Uses that are wrong even though the layers would allow them.
const FORBIDDEN: &[(&str, &str, &str)] = &[
    ("audio", "store", "audio must not use store (pass paths in)"),
    (
        "store",
        "audio",
        "store must not use audio (it keeps files, not sound)",
    ),
    (
        "transcribe",
        "store",
        "transcribe must not use store (the model folder is passed in)",
    ),
    (
        "output",
        "store",
        "output must not use store (render from analysis types)",
    ),
    (
        "bin",
        "app",
        "tools in src/bin call the pipeline and the library, not the commands",
    ),
    (
        "bin",
        "cli",
        "tools in src/bin call the pipeline and the library, not the CLI types",
    ),
];

/// Uses that FORBIDDEN would catch but that are right: (from, path prefix,
/// why).
const ALLOWED: &[(&str, &[&str], &str)] = &[(
    "bin",
    &["app", "paths"],
    "tools resolve the data folder the one way the app does",
)];

/// Longest source file, in lines.
const MAX_LINES: usize = 600;

/// Files (or folders, ending in `/`) allowed over [`MAX_LINES`]: declarative
/// tables, with the reason.
const TABLES: &[(&str, &str)] = &[("src/lexicon/", "word lists")];

/// Where the data folder may be resolved from the environment.
const MAY_READ_HOME: &[&str] = &["app", "cli", "main", "bin"];

// ------------------------------------------------------------- scanner

/// A source text with comments (and, unless `keep_strings`, the contents of
/// string and char literals) replaced by spaces; newlines are kept so line
/// numbers stay right.
fn strip(src: &str, keep_strings: bool) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
            && {
                let mut j = i + 1;
                while c.get(j) == Some(&'#') {
                    j += 1;
                }
                c.get(j) == Some(&'"')
            }
        {
            // Raw string r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            for &ch in &c[i..=j] {
                out.push(ch);
            }
            i = j + 1;
            while i < c.len() {
                let closes = c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#'));
                if closes {
                    out.push('"');
                    out.extend(std::iter::repeat_n('#', hashes));
                    i += 1 + hashes;
                    break;
                }
                if keep_strings {
                    out.push(c[i]);
                } else {
                    blank(&mut out, c[i]);
                }
                i += 1;
            }
        } else if c[i] == '"' {
            out.push('"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                let esc = c[i] == '\\';
                for _ in 0..if esc { 2 } else { 1 } {
                    if i < c.len() {
                        if keep_strings {
                            out.push(c[i]);
                        } else {
                            blank(&mut out, c[i]);
                        }
                        i += 1;
                    }
                }
            }
            out.push('"');
            i += 1;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), else a lifetime.
            let end = if next == Some('\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    out.push('\'');
                    out.extend(std::iter::repeat_n(' ', e - i - 1));
                    out.push('\'');
                    i = e + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Path,
    Open,
    Close,
    Comma,
    Star,
    Other,
}

fn tokens(code: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let s = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(c[s..i].iter().collect()), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            out.push((
                match ch {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    '*' => Tok::Star,
                    _ => Tok::Other,
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

/// The paths of a `use` tree or an expression path starting at `toks[i]`
/// (an identifier): `a::b::{c, d::e}` gives `a::b::c` and `a::b::d::e`.
fn path_tree(toks: &[(Tok, usize)], mut i: usize) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    loop {
        match toks.get(i).map(|t| &t.0) {
            Some(Tok::Ident(s)) => prefix.push(s.clone()),
            Some(Tok::Open) => {
                let mut out = Vec::new();
                let mut depth = 0;
                let mut j = i + 1;
                let mut start = true;
                while let Some((t, _)) = toks.get(j) {
                    match t {
                        Tok::Open => depth += 1,
                        Tok::Close if depth == 0 => break,
                        Tok::Close => depth -= 1,
                        Tok::Comma if depth == 0 => {
                            start = true;
                            j += 1;
                            continue;
                        }
                        Tok::Ident(_) if start && depth == 0 => {
                            for p in path_tree(toks, j) {
                                let mut full = prefix.clone();
                                full.extend(p);
                                out.push(full);
                            }
                        }
                        _ => {}
                    }
                    start = false;
                    j += 1;
                }
                return out;
            }
            _ => return vec![prefix],
        }
        if toks.get(i + 1).map(|t| &t.0) != Some(&Tok::Path) {
            return vec![prefix];
        }
        i += 2;
    }
}

/// One path found in a file, resolved to an absolute module path.
#[derive(Debug, Clone, PartialEq)]
struct Use {
    line: usize,
    /// Absolute path inside the library crate (`["store", "attempts", "save"]`).
    path: Vec<String>,
}

/// Every library path used in `src` (a file whose module path is `module`;
/// `rehearse::` counts as the library when `external` is set, as in the
/// binaries).
fn uses(src: &str, module: &[String], external: bool) -> Vec<Use> {
    let toks = tokens(&strip(src, false));
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut inline: Vec<(usize, String)> = Vec::new();
    for i in 0..toks.len() {
        match &toks[i].0 {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth = depth.saturating_sub(1);
                while inline.last().is_some_and(|m| m.0 == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some((Tok::Ident(name), _)), Some((Tok::Open, _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((depth, name.clone()));
                }
            }
            Tok::Ident(head) => {
                let starts_path = i == 0 || toks[i - 1].0 != Tok::Path;
                let root = match head.as_str() {
                    "crate" if !external => true,
                    "rehearse" if external => true,
                    "super" if !external => false,
                    _ => continue,
                };
                if !starts_path || toks.get(i + 1).map(|t| &t.0) != Some(&Tok::Path) {
                    continue;
                }
                let here: Vec<String> = module
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|m| m.1.clone()))
                    .collect();
                for p in path_tree(&toks, i) {
                    let abs = if root {
                        p[1..].to_vec()
                    } else {
                        let ups = p.iter().take_while(|s| *s == "super").count();
                        if ups > here.len() {
                            continue;
                        }
                        let mut a = here[..here.len() - ups].to_vec();
                        a.extend(p[ups..].iter().cloned());
                        a
                    };
                    if !abs.is_empty() {
                        out.push(Use {
                            line: toks[i].1,
                            path: abs,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

// ------------------------------------------------------------- the source

/// One source file: its path from the checkout, its top-level module, the
/// file's own place in it ("" for the module's root file), its module path,
/// and its text.
struct Source {
    rel: String,
    top: String,
    part: String,
    module: Vec<String>,
    text: String,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rs_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let inner = rel.strip_prefix("src/").unwrap().trim_end_matches(".rs");
            let mut module: Vec<String> = inner.split('/').map(String::from).collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            let (top, module) = match module.first().map(String::as_str) {
                Some("lib") => (String::new(), vec![]),
                Some("main") => ("main".to_string(), vec![]),
                Some("bin") => ("bin".to_string(), vec![]),
                Some(t) => (t.to_string(), module.clone()),
                None => (String::new(), vec![]),
            };
            let part = module.get(1).cloned().unwrap_or_default();
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            Source {
                rel,
                top,
                part,
                module,
                text,
            }
        })
        .collect()
}

/// Whether `src/<top>/<part>.rs` or `src/<top>/<part>/mod.rs` exists.
fn is_file_module(srcs: &[Source], top: &str, part: &str) -> bool {
    srcs.iter().any(|s| s.top == top && s.part == part)
}

fn layer(top: &str) -> Option<u8> {
    LAYERS.iter().find(|l| l.0 == top).map(|l| l.1)
}

/// Strongly connected groups of more than one node in `edges`.
fn cycles(edges: &BTreeSet<(String, String)>) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for (a, b) in edges {
                if *a == n && seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for n in &nodes {
        if groups.iter().any(|g| g.contains(*n)) {
            continue;
        }
        let from_n = reach(n);
        let group: BTreeSet<String> = nodes
            .iter()
            .filter(|m| from_n.contains(**m) && reach(m).contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

/// Where each edge is used: `file:line, line …` per file.
type Sites = BTreeMap<(String, String), BTreeMap<String, Vec<usize>>>;

fn site_list(sites: &BTreeMap<String, Vec<usize>>) -> String {
    sites
        .iter()
        .map(|(f, lines)| {
            let mut lines = lines.clone();
            lines.sort_unstable();
            lines.dedup();
            let l: Vec<String> = lines.iter().map(usize::to_string).collect();
            format!("{f}:{}", l.join(","))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn dependencies_run_one_way() {
    let srcs = sources();
    let mut problems: Vec<String> = Vec::new();
    // (from top, to top) → files and lines; same for files inside one module.
    let mut between: Sites = BTreeMap::new();
    let mut inside: BTreeMap<String, Sites> = BTreeMap::new();
    for s in &srcs {
        if s.top.is_empty() {
            continue; // src/lib.rs only declares the modules.
        }
        if layer(&s.top).is_none() {
            problems.push(format!(
                "{}: module `{}` has no layer in tests/cli/layers.rs LAYERS (add it, as in PLAN.md / docs/architecture.md)",
                s.rel, s.top
            ));
            continue;
        }
        let external = s.top == "main" || s.top == "bin";
        for u in uses(&s.text, &s.module, external) {
            let allowed = ALLOWED.iter().any(|(from, prefix, _)| {
                *from == s.top
                    && u.path
                        .starts_with(&prefix.iter().map(|p| p.to_string()).collect::<Vec<_>>())
            });
            if allowed {
                continue;
            }
            let to = &u.path[0];
            if layer(to).is_none() && !srcs.iter().any(|x| &x.top == to) {
                continue; // an item of the crate root (none today) or a local name
            }
            if *to != s.top {
                between
                    .entry((s.top.clone(), to.clone()))
                    .or_default()
                    .entry(s.rel.clone())
                    .or_default()
                    .push(u.line);
            } else if let Some(part) = u.path.get(1) {
                if !s.part.is_empty() && *part != s.part && is_file_module(&srcs, to, part) {
                    inside
                        .entry(s.top.clone())
                        .or_default()
                        .entry((s.part.clone(), part.clone()))
                        .or_default()
                        .entry(s.rel.clone())
                        .or_default()
                        .push(u.line);
                }
            }
        }
    }
    for ((from, to), sites) in &between {
        let (Some(lf), Some(lt)) = (layer(from), layer(to)) else {
            problems.push(format!(
                "{from} → {to}: `{to}` has no layer in LAYERS; used at {}",
                site_list(sites)
            ));
            continue;
        };
        if lt > lf {
            problems.push(format!(
                "upward: {from} (layer {lf}) uses {to} (layer {lt}) at {}",
                site_list(sites)
            ));
        }
        if let Some((_, _, why)) = FORBIDDEN.iter().find(|f| f.0 == from && f.1 == to) {
            problems.push(format!("forbidden: {why}; used at {}", site_list(sites)));
        }
    }
    let top_edges: BTreeSet<(String, String)> = between
        .keys()
        .filter(|(a, b)| !["main", "bin"].contains(&a.as_str()) && a != b)
        .cloned()
        .collect();
    for group in cycles(&top_edges) {
        let uses: Vec<String> = between
            .iter()
            .filter(|((a, b), _)| group.contains(a) && group.contains(b))
            .map(|((a, b), sites)| format!("    {a} → {b} at {}", site_list(sites)))
            .collect();
        problems.push(format!(
            "cycle between modules {:?}:\n{}",
            group,
            uses.join("\n")
        ));
    }
    for (top, edges) in &inside {
        let keys: BTreeSet<(String, String)> = edges.keys().cloned().collect();
        for group in cycles(&keys) {
            let uses: Vec<String> = edges
                .iter()
                .filter(|((a, b), _)| group.contains(a) && group.contains(b))
                .map(|((a, b), sites)| {
                    format!("    {top}::{a} → {top}::{b} at {}", site_list(sites))
                })
                .collect();
            problems.push(format!(
                "cycle between files of `{top}` {:?}:\n{}",
                group,
                uses.join("\n")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} layering problem(s) (rules: tests/cli/layers.rs, PLAN.md):\n- {}",
        problems.len(),
        problems.join("\n- ")
    );
}

#[test]
fn only_the_app_reads_rehearse_home() {
    let srcs = sources();
    let code: Vec<String> = srcs.iter().map(|s| strip(&s.text, true)).collect();
    // The name itself, and every constant anywhere that holds it.
    let mut names = vec!["\"REHEARSE_HOME\"".to_string()];
    for text in &code {
        for line in text.lines().filter(|l| l.contains("\"REHEARSE_HOME\"")) {
            if let Some(c) = line.split("const ").nth(1) {
                names.push(c.split(':').next().unwrap().trim().to_string());
            }
        }
    }
    let mut problems = Vec::new();
    for (s, text) in srcs.iter().zip(&code) {
        if s.top.is_empty() || MAY_READ_HOME.contains(&s.top.as_str()) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let reads = ["var_os(", "var(", "env = "]
                .iter()
                .any(|r| line.contains(r));
            if reads && names.iter().any(|name| line.contains(name.as_str())) {
                problems.push(format!("{}:{}: {}", s.rel, n + 1, line.trim()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "only app resolves the data folder (REHEARSE_HOME) and passes paths down; read here:\n- {}",
        problems.join("\n- ")
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut long: Vec<String> = sources()
        .iter()
        .filter(|s| {
            !TABLES
                .iter()
                .any(|t| s.rel == t.0 || (t.0.ends_with('/') && s.rel.starts_with(t.0)))
        })
        .map(|s| (s.rel.clone(), s.text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{f}: {n} lines"))
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split by concern, or list a declarative table in TABLES):\n- {}",
        long.join("\n- ")
    );
}

// ------------------------------------------------------- the scanner itself

fn paths(src: &str, module: &[&str]) -> Vec<String> {
    let m: Vec<String> = module.iter().map(|s| s.to_string()).collect();
    uses(src, &m, false)
        .into_iter()
        .map(|u| format!("{}:{}", u.line, u.path.join("::")))
        .collect()
}

#[test]
fn scanner_expands_use_groups_and_resolves_super() {
    let src = "use crate::{analysis::{Report, Word}, store};\n\
               use super::terminal::Style;\n\
               fn f() { let x = crate::audio::wav::read(p); }\n\
               mod tests {\n    use super::*;\n    use super::super::html;\n}\n";
    assert_eq!(
        paths(src, &["output", "review"]),
        [
            "1:analysis::Report",
            "1:analysis::Word",
            "1:store",
            "2:output::terminal::Style",
            "3:audio::wav::read",
            "5:output::review",
            "6:output::html",
        ]
    );
}

#[test]
fn scanner_ignores_comments_strings_and_lifetimes() {
    let src = "// use crate::store;\n\
               /* crate::audio /* nested */ crate::app */\n\
               const S: &str = \"crate::store::x\";\n\
               const R: &str = r#\"super::store \"quoted\" \"#;\n\
               fn f<'a>(c: char) -> bool { c == '\"' || c == '{' }\n\
               use crate::util::atomic;\n";
    assert_eq!(paths(src, &["store", "x"]), ["6:util::atomic"]);
}

#[test]
fn scanner_finds_cycles() {
    let e = |v: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert!(cycles(&e(&[("a", "b"), ("b", "c")])).is_empty());
    let got = cycles(&e(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].iter().cloned().collect::<Vec<_>>(), ["a", "b", "c"]);
}
