//! `rehearse score --question ID|FILE --audio FILE.wav [--json] [--save]`,
//! or `--text FILE` for a typed answer.

use super::Globals;
use crate::analysis::{Question, Settings};
use crate::app::out::{errln, out, outln};
use crate::cli::ScoreArgs;
use crate::output;
use crate::pipeline::{self, ScoreSettings};
use std::process::ExitCode;

/// Find a question by id (in the bank chosen by `--questions`) or load a file.
pub fn pick_question(g: &Globals, id_or_path: &str) -> anyhow::Result<Question> {
    let as_path = std::path::Path::new(id_or_path);
    if as_path.extension().is_some_and(|e| e == "toml") {
        return Ok(crate::store::questions::load_file(as_path)?);
    }
    let bank = g.bank()?;
    Ok(crate::store::questions::find(&bank, id_or_path)?)
}

/// Run `rehearse score`.
pub fn run(g: &Globals, args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let question = pick_question(g, &args.question)?;
    if let Some(path) = &args.text {
        return score_text(path, &question, args.output.json);
    }
    let audio = args
        .audio
        .as_deref()
        .expect("clap requires --audio or --text");
    let settings = ScoreSettings {
        model: g.model_options(),
        analysis: Settings::default(),
    };
    let samples = read_warned(audio)?;
    let mut tr = pipeline::load_transcriber(&settings.model)?;
    let spinner = output::progress::spinner(g.quiet, "transcribing");
    let scored = pipeline::score_samples(&mut *tr, &samples, &question, &settings.analysis)?;
    spinner.finish_and_clear();
    if scored.transcript.cleaned {
        errln!("note: {}", crate::transcribe::heard::cleaned_note(&samples));
    }
    let report = scored.report;
    // A closed stdout (`| head`) must not skip --save: report it after.
    let printed = if args.output.json {
        outln!("{}", output::json::report_json(&report))
    } else {
        out!(
            "{}",
            output::terminal::render_at(
                &report,
                &question,
                output::style::Style::detect(),
                output::width::detect()
            )
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
        errln!("saved attempt to {}", dir.display());
    }
    printed?;
    Ok(ExitCode::SUCCESS)
}

/// `score --text`: score a typed answer; the JSON has the audio fields null.
fn score_text(path: &std::path::Path, q: &Question, json: bool) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
            .context("reading the answer from standard input")?
    } else {
        std::fs::read_to_string(path).with_context(|| {
            format!(
                "cannot read {}: give a UTF-8 text file with the answer",
                path.display()
            )
        })?
    };
    let report = crate::analysis::typed::analyse_text(&text, q);
    if json {
        let mut v = serde_json::to_value(&report)?;
        crate::analysis::typed::null_audio_fields(&mut v);
        outln!("{}", crate::output::json::pretty(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let covered = report.key_points.iter().filter(|k| k.covered).count();
    let width = output::width::detect();
    let style = output::style::Style::detect();
    outln!(
        "{} words, {} fillers (typed answer: no pace or pauses)",
        report.words,
        report.filler_count
    )?;
    let s = &report.star;
    let mark = |b: bool| if b { "yes" } else { "no" };
    outln!(
        "STAR: situation {}, task {}, action {}, result {}",
        mark(s.situation),
        mark(s.task),
        mark(s.action),
        mark(s.result)
    )?;
    outln!(
        "Key points: {covered} of {} covered",
        report.key_points.len()
    )?;
    for k in &report.key_points {
        let status = match (&k.covered, &k.denial) {
            (true, _) => "covered".to_string(),
            (false, Some(r)) => r.explain().to_string(),
            (false, None) => "missed".to_string(),
        };
        let line = output::wrap::indented(&format!("{} ({status})", k.text), width - 4, "    ");
        out!("  - {}", line.trim_start())?;
        if let Some(e) = &k.evidence {
            out!(
                "{}",
                output::wrap::indented(&format!("\"{e}\""), width - 6, "      ")
            )?;
        }
    }
    let safe = output::sanitize::report(&report);
    out!(
        "{}",
        output::coach::delivery_lines(&safe, width, style)
            + &output::coach::tips_section(&safe.tips, width, style)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Read a recording for scoring; cleaned-samples and input-level warnings go
/// to stderr.
pub(super) fn read_warned(path: &std::path::Path) -> anyhow::Result<Vec<f32>> {
    let audio = pipeline::read_audio(path)?;
    for w in [&audio.warning, &audio.level_warning].into_iter().flatten() {
        errln!("warning: {w}");
    }
    Ok(audio.samples)
}
