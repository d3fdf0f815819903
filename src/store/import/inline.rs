//! Inline Markdown cleaning for imported text: emphasis, code ticks, links,
//! escapes, emoji and control characters.

/// Text without Markdown emphasis, code ticks, link targets, emoji or control
/// characters, with runs of white space made one space.
pub(super) fn clean_inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut skip_link: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some((close, end)) = skip_link {
            if i == close {
                i = end + 1;
                skip_link = None;
                continue;
            }
        }
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            // A keycap digit (1️⃣) opening the line numbers it.
            d if d.is_ascii_digit()
                && matches!(chars.get(i + 1), Some('\u{fe0f}' | '\u{20e3}'))
                && out.trim().is_empty() =>
            {
                out.push(d);
                out.push_str(") ");
            }
            '`' => {}
            '*' | '_' | '~' => {
                let start = i;
                while i < chars.len() && chars[i] == c {
                    i += 1;
                }
                let before = start.checked_sub(1).map(|b| chars[b]);
                let after = chars.get(i).copied();
                let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
                let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                let keep = match c {
                    '*' => space(before) && space(after),
                    '_' => (word(before) && word(after)) || (space(before) && space(after)),
                    _ => i - start < 2,
                };
                if keep {
                    out.extend(std::iter::repeat_n(c, i - start));
                }
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') && link_at(&chars, i + 1).is_some() => {}
            '[' if skip_link.is_none() && link_at(&chars, i).is_some() => {
                skip_link = link_at(&chars, i);
            }
            c if is_emoji(c) => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For `[text](target)` starting at `open`: the indexes of `]` and `)`.
/// Only this many characters are searched for a link's `]` and `)`, so a
/// line full of brackets stays linear.
const LINK_MAX: usize = 2000;

fn link_at(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let text = chars.get(open + 1..)?;
    let close = open + 1 + text.iter().take(LINK_MAX).position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let tail = chars.get(close + 2..)?;
    let end = tail
        .iter()
        .take(LINK_MAX)
        .position(|&c| c == ')' || c.is_whitespace())?;
    (tail[end] == ')').then_some((close, close + 2 + end))
}

/// Pictographs, dingbats, variation selectors and joiners that make up emoji.
pub(super) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x231A..=0x231B
        | 0x23E9..=0x23FA | 0xFE00..=0xFE0F | 0x20E3 | 0x200D | 0xE0000..=0xE007F)
}
