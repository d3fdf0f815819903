//! The `rehearse` binary: parse the command line, run, report errors in one line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let (command, quiet) = rehearse::cli::Cli::parse()
        .into_parts()
        .unwrap_or_else(|e| e.exit());
    match rehearse::app::run(command, quiet) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err:#}");
            ExitCode::from(1)
        }
    }
}
