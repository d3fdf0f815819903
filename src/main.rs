//! The `rehearse` binary: parse the command line, run, report errors in one
//! line. Output to a pipe that was closed early (`rehearse history | head -1`)
//! ends the program quietly with exit code 0, as ripgrep does.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let (command, quiet) = rehearse::cli::Cli::parse()
        .into_parts()
        .unwrap_or_else(|e| e.exit());
    match rehearse::app::run(command, quiet) {
        Ok(code) => code,
        Err(err) if rehearse::app::out::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!: a closed stderr must not turn the error into a panic.
            let _ = writeln!(std::io::stderr(), "Error: {err:#}");
            ExitCode::from(1)
        }
    }
}
