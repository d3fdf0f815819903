//! `rehearse transcribe FILE.wav [--format txt|srt|json]` (or `--json`, `--srt`, `--txt`).

use super::Globals;
use crate::app::out::{errln, outln};
use crate::cli::{TranscribeArgs, TranscriptFormat};
use crate::output;
use crate::pipeline;
use std::process::ExitCode;

/// Run `rehearse transcribe`.
pub fn run(g: &Globals, args: TranscribeArgs) -> anyhow::Result<ExitCode> {
    let format = args.output_format();
    let samples = super::score::read_warned(&args.file)?;
    let mut tr = pipeline::load_transcriber(&g.model_options())?;
    let (transcript, activity) = pipeline::transcribe_samples(&mut *tr, &samples)?;
    if transcript.cleaned {
        errln!("note: {}", crate::transcribe::heard::cleaned_note(&samples));
    }
    if activity.is_silent() || transcript.is_empty() {
        if format == TranscriptFormat::Json {
            outln!(
                "{}",
                output::json::transcript_json(&transcript, activity.audio_s)
            )?;
        } else {
            errln!("no speech detected in {}", args.file.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let text = match format {
        TranscriptFormat::Json => output::json::transcript_json(&transcript, activity.audio_s),
        TranscriptFormat::Srt => output::srt::render(&transcript),
        TranscriptFormat::Txt => output::sanitize::line(&transcript.text()).into_owned(),
    };
    outln!("{}", text.trim_end())?;
    Ok(ExitCode::SUCCESS)
}
