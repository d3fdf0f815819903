//! Word wrapping for terminal text, through `textwrap`: widths are display
//! columns (wide characters count two, ANSI colour codes count nothing),
//! lines break greedily at spaces only (never inside a hyphenated word),
//! and a word longer than the line gets a line of its own rather than being
//! cut.

use textwrap::core::{display_width, Fragment};
use textwrap::wrap_algorithms::wrap_first_fit;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};

/// `text` wrapped to `width` columns, whitespace (newlines too) collapsed
/// to single spaces. No lines for empty text.
pub fn lines(text: &str, width: usize) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return vec![];
    }
    let opts = Options::new(width.max(1))
        .break_words(false)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .wrap_algorithm(WrapAlgorithm::FirstFit);
    textwrap::wrap(&flat, opts)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// `text` wrapped to `width` columns (not counting `indent`), each line
/// prefixed with `indent` and ended with a newline.
pub fn indented(text: &str, width: usize, indent: &str) -> String {
    lines(text, width)
        .iter()
        .map(|l| format!("{indent}{l}\n"))
        .collect()
}

/// A token kept whole on one line (it may contain spaces or colour codes).
#[derive(Debug)]
struct Token<'a>(&'a str, f64);

impl Fragment for Token<'_> {
    fn width(&self) -> f64 {
        self.1
    }
    fn whitespace_width(&self) -> f64 {
        1.0
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Pre-styled `tokens` joined by spaces and wrapped to `width` columns: the
/// first line starts with `first`, the others with `rest` (neither counted
/// in `width`). Tokens are never split. No lines for no tokens.
pub fn tokens<S: AsRef<str>>(tokens: &[S], width: usize, first: &str, rest: &str) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    let frags: Vec<Token> = tokens
        .iter()
        .map(|t| Token(t.as_ref(), display_width(t.as_ref()) as f64))
        .collect();
    let mut out = String::new();
    for (i, line) in wrap_first_fit(&frags, &[width as f64]).iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        let words: Vec<&str> = line.iter().map(|t| t.0).collect();
        out.push_str(words.join(" ").trim_end());
        out.push('\n');
    }
    out
}

/// Pre-styled `cells` (each kept whole) packed greedily onto lines of
/// `width` columns (not counting `indent`), `gap` spaces apart; a cell
/// wider than the line gets a line of its own.
pub fn cells<S: AsRef<str>>(cells: &[S], width: usize, indent: &str, gap: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in cells {
        let c = c.as_ref();
        let n = display_width(c);
        if used > 0 && used + gap + n > width {
            out.push('\n');
            used = 0;
        }
        if used == 0 {
            out.push_str(indent);
        } else {
            out.push_str(&" ".repeat(gap));
            used += gap;
        }
        out.push_str(c);
        used += n;
    }
    if used > 0 {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("", 10, &[]),
            ("  \n ", 10, &[]),
            ("a b c", 10, &["a b c"]),
            ("aaa bbb ccc", 7, &["aaa bbb", "ccc"]),
            ("aaa bbb ccc", 6, &["aaa", "bbb", "ccc"]),
            ("aaa\nbbb", 80, &["aaa bbb"]),
            ("aaa   bbb\t ccc", 80, &["aaa bbb ccc"]),
            ("toolongword x", 4, &["toolongword", "x"]),
            (
                "with cross-functional teams",
                18,
                &["with", "cross-functional", "teams"],
            ),
            ("a b", 0, &["a", "b"]),
        ];
        for (text, width, want) in cases {
            assert_eq!(lines(text, *width), *want, "{text:?} at {width}");
        }
    }

    #[test]
    fn counts_columns_not_bytes() {
        // "café" is 5 bytes but 4 columns; "日本" is 2 characters but 4 columns.
        assert_eq!(lines("café café", 9), ["café café"]);
        assert_eq!(lines("日本 日本", 8), ["日本", "日本"]);
        assert_eq!(lines("日本 日本", 9), ["日本 日本"]);
    }

    #[test]
    fn cells_pack_and_stay_whole() {
        let c = ["aa bb", "cc", "dddd dd"];
        assert_eq!(cells(&c, 80, "  ", 3), "  aa bb   cc   dddd dd\n");
        assert_eq!(cells(&c, 10, "  ", 3), "  aa bb   cc\n  dddd dd\n");
        assert_eq!(cells(&c, 4, "", 1), "aa bb\ncc\ndddd dd\n");
        assert_eq!(cells::<&str>(&[], 10, "  ", 3), "");
    }

    #[test]
    fn indents_every_line() {
        assert_eq!(indented("aaa bbb ccc", 7, "  "), "  aaa bbb\n  ccc\n");
        assert_eq!(indented("", 7, "  "), "");
    }

    #[test]
    fn tokens_stay_whole_and_colour_codes_take_no_room() {
        let red = "\x1b[31m[pause 3.1 s]\x1b[0m";
        let toks = ["so", red, "we", "shipped."];
        // "so [pause 3.1 s]" is 16 columns.
        assert_eq!(
            tokens(&toks, 16, "> ", "  "),
            format!("> so {red}\n  we shipped.\n")
        );
        assert_eq!(tokens(&toks, 80, "", ""), format!("so {red} we shipped.\n"));
        assert_eq!(tokens::<&str>(&[], 80, "> ", "  "), "");
    }
}
