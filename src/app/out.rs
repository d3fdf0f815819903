//! Standard output that reports errors instead of panicking.
//!
//! `println!` panics when stdout is a pipe whose reader has gone
//! (`rehearse history | head -1`). Every command writes its output through
//! `outln!` and `out!` instead, which return [`std::io::Result`], and
//! passes the error up with `?`; the binary then ends quietly with exit code 0
//! when [`is_broken_pipe`] says so, as ripgrep does. (Restoring the default
//! SIGPIPE action would also end quietly, but the signal would kill
//! `practice` and `score --save` between printing the report and saving the
//! attempt, and would reach the sound server and download sockets too.)
//!
//! Messages on stderr go through `errln!` and `err!`, which drop write
//! errors: a closed stderr (`rehearse history 2>&1 | head -1`) must not
//! panic either.
//!
//! The library denies `clippy::print_stdout` and `app` denies
//! `clippy::print_stderr`, so a new `println!` or `eprintln!` fails CI.

use std::fmt;
use std::io::{self, Write};

/// Like `print!`, returning the write's [`io::Result`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::app::out::write(::std::format_args!($($arg)*), false)
    };
}

/// Like `println!`, returning the write's [`io::Result`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::app::out::write(::std::format_args!($($arg)*), true)
    };
}

/// Like `eprintln!`, but a closed stderr is ignored instead of panicking:
/// messages on stderr are advice, never worth a crash (and `practice` may
/// still have an attempt to save).
macro_rules! errln {
    () => {
        $crate::app::out::write_err(::std::format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::app::out::write_err(::std::format_args!($($arg)*), true)
    };
}

/// Like `eprint!`, ignoring a closed stderr (see [`errln!`]).
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::app::out::write_err(::std::format_args!($($arg)*), false)
    };
}

pub(crate) use {err, errln, out, outln};

/// Write `args` (and a newline) to stdout and flush, so that a closed pipe
/// shows up here rather than at exit.
pub fn write(args: fmt::Arguments<'_>, newline: bool) -> io::Result<()> {
    let mut o = io::stdout().lock();
    o.write_fmt(args)?;
    if newline {
        o.write_all(b"\n")?;
    }
    o.flush()
}

/// Write `args` (and a newline) to stderr; errors are dropped.
pub fn write_err(args: fmt::Arguments<'_>, newline: bool) {
    let mut e = io::stderr().lock();
    let _ = e.write_fmt(args);
    if newline {
        let _ = e.write_all(b"\n");
    }
}

/// Whether `err` comes from writing to a pipe (or socket) whose reader has
/// gone: the output is not wanted any more, which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn broken_pipe_is_found_under_context() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let err = Err::<(), _>(pipe)
            .context("printing the table")
            .unwrap_err();
        assert!(is_broken_pipe(&err));
        let json = serde_json::to_writer(FailingWriter, &[1, 2]).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::new(json)));
        let other = anyhow::Error::new(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(!is_broken_pipe(&other));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }

    struct FailingWriter;
    impl Write for FailingWriter {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
