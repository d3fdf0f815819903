//! Terminal colour: the one [`Style`] every terminal renderer paints with.
//!
//! Whether to colour is decided once, by [`Style::detect`], through
//! `anstream` (the crate clap uses): colour only when standard output is a
//! terminal, honouring `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and
//! `TERM=dumb`. The escape codes themselves come from `anstyle`.

use anstyle::{AnsiColor, Effects};

/// ANSI styling that switches off completely when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
}

impl From<bool> for Style {
    fn from(color: bool) -> Style {
        Style { color }
    }
}

impl Style {
    /// No colour at all.
    pub const PLAIN: Style = Style { color: false };

    /// Colour when standard output is a terminal that wants it (see the
    /// module docs for the environment variables that count).
    pub fn detect() -> Style {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Style {
            color: choice != anstream::ColorChoice::Never,
        }
    }

    fn paint(&self, style: anstyle::Style, s: &str) -> String {
        if self.color {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }

    fn fg(&self, c: AnsiColor, s: &str) -> String {
        self.paint(anstyle::Style::new().fg_color(Some(c.into())), s)
    }

    /// Bold.
    pub fn bold(&self, s: &str) -> String {
        self.paint(anstyle::Style::new().effects(Effects::BOLD), s)
    }
    /// Dim (secondary).
    pub fn dim(&self, s: &str) -> String {
        self.paint(anstyle::Style::new().effects(Effects::DIMMED), s)
    }
    /// Green (good).
    pub fn good(&self, s: &str) -> String {
        self.fg(AnsiColor::Green, s)
    }
    /// Yellow (attention).
    pub fn warn(&self, s: &str) -> String {
        self.fg(AnsiColor::Yellow, s)
    }
    /// Red (problem).
    pub fn bad(&self, s: &str) -> String {
        self.fg(AnsiColor::Red, s)
    }
    /// Cyan (highlights such as ids and sparklines).
    pub fn cyan(&self, s: &str) -> String {
        self.fg(AnsiColor::Cyan, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_classic_sgr_ones() {
        let c = Style { color: true };
        assert_eq!(c.bold("x"), "\x1b[1mx\x1b[0m");
        assert_eq!(c.dim("x"), "\x1b[2mx\x1b[0m");
        assert_eq!(c.good("x"), "\x1b[32mx\x1b[0m");
        assert_eq!(c.warn("x"), "\x1b[33mx\x1b[0m");
        assert_eq!(c.bad("x"), "\x1b[31mx\x1b[0m");
        assert_eq!(c.cyan("x"), "\x1b[36mx\x1b[0m");
    }

    #[test]
    fn plain_style_has_no_escapes() {
        let p = Style::PLAIN;
        for s in [
            p.bold("x"),
            p.dim("x"),
            p.good("x"),
            p.warn("x"),
            p.bad("x"),
            p.cyan("x"),
        ] {
            assert_eq!(s, "x");
        }
    }
}
