//! `rehearse transcribe FILE.wav [--json | --srt | --txt]`.

use super::Globals;
use crate::cli::TranscribeArgs;
use crate::output;
use crate::pipeline;
use std::process::ExitCode;

/// Run `rehearse transcribe`.
pub fn run(g: &Globals, args: TranscribeArgs) -> anyhow::Result<ExitCode> {
    let samples = pipeline::read_audio(&args.file)?;
    let mut tr = pipeline::load_transcriber(&g.model_options())?;
    let (transcript, activity) = pipeline::transcribe_samples(&mut *tr, &samples)?;
    if activity.is_silent() || transcript.is_empty() {
        if args.json {
            println!(
                "{}",
                output::json::transcript_json(&transcript, activity.audio_s)
            );
        } else {
            eprintln!("no speech detected in {}", args.file.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let text = if args.json {
        output::json::transcript_json(&transcript, activity.audio_s)
    } else if args.srt {
        output::srt::render(&transcript)
    } else {
        output::sanitize::line(&transcript.text()).into_owned()
    };
    println!("{}", text.trim_end());
    Ok(ExitCode::SUCCESS)
}
