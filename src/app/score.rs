//! `rehearse score --question ID|FILE --audio FILE.wav [--json] [--save]`.

use super::Globals;
use crate::analysis::{analyse, Question, Settings};
use crate::app::out::{out, outln};
use crate::cli::ScoreArgs;
use crate::output;
use std::process::ExitCode;

/// Find a question by id (in the bank chosen by `--questions`) or load a file.
pub fn pick_question(g: &Globals, id_or_path: &str) -> anyhow::Result<Question> {
    let as_path = std::path::Path::new(id_or_path);
    if as_path.extension().is_some_and(|e| e == "toml") {
        return Ok(crate::store::questions::load_file(as_path)?);
    }
    let bank = crate::store::questions::load_bank(g.questions.as_deref())?;
    Ok(crate::store::questions::find(&bank, id_or_path)?)
}

/// Run `rehearse score`.
pub fn run(g: &Globals, args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let question = pick_question(g, &args.question)?;
    let samples = crate::audio::wav::read_16k_mono(&args.audio)?;
    let mut tr = super::load_transcriber(g)?;
    let spinner = output::progress::spinner(g.quiet, "transcribing");
    let (transcript, activity) = super::transcribe_samples(&mut *tr, &samples)?;
    spinner.finish_and_clear();
    let report = analyse(&transcript, &activity, &question, &Settings::default());
    // A closed stdout (`| head`) must not skip --save: report it after.
    let printed = if args.output.json {
        outln!("{}", output::json::report_json(&report))
    } else {
        out!(
            "{}",
            output::terminal::render(&report, &question, output::terminal::Style::detect())
        )
    };
    if args.save {
        let wav = crate::audio::wav::encode_wav(&samples, crate::audio::WHISPER_RATE);
        let dir = g.data.attempts().save(
            &report,
            &question,
            &wav,
            crate::store::attempts::Source::Score,
            std::time::SystemTime::now(),
        )?;
        eprintln!("saved attempt to {}", dir.display());
    }
    printed?;
    Ok(ExitCode::SUCCESS)
}
