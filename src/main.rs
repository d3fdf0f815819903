//! The `rehearse` binary: parse the command line, run, report errors in one line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = rehearse::cli::Cli::parse();
    match rehearse::app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let msg = format!("{err:#}");
            eprintln!("Error: {}", rehearse::output::sanitize::text(&msg));
            ExitCode::from(1)
        }
    }
}
