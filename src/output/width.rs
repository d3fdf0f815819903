//! The width terminal text is wrapped to: `COLUMNS` when it is set to a
//! number (as `ls` and `git` honour it), else the terminal's width when
//! standard output is a terminal (through the `terminal_size` crate), else
//! [`DEFAULT`]. Tables ([`table_limit`]) have no limit when neither says
//! anything: piped into a file or `grep`, every column is kept.
//! Renderers take the width as a plain number; only the commands ask.

/// Width when neither `COLUMNS` nor a terminal says otherwise.
pub const DEFAULT: usize = 80;
/// Narrowest width laid out; below it lines run over rather than shred.
pub const MIN: usize = 40;

/// `COLUMNS`, else the width of the terminal on standard output.
fn known() -> Option<usize> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let from_tty = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| w as usize)
            .filter(|&w| w > 0)
    };
    from_env.or_else(from_tty)
}

/// The width to wrap terminal text to (see the module docs).
pub fn detect() -> usize {
    clamp(known().unwrap_or(DEFAULT))
}

/// The width a table must fit: as [`detect`], but `usize::MAX` (the full
/// table) when neither `COLUMNS` nor a terminal gives one.
pub fn table_limit() -> usize {
    known().map_or(usize::MAX, clamp)
}

/// `w` raised to [`MIN`].
pub fn clamp(w: usize) -> usize {
    w.max(MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_widths_are_raised() {
        assert_eq!(clamp(10), MIN);
        assert_eq!(clamp(60), 60);
        assert_eq!(clamp(200), 200);
    }
}
