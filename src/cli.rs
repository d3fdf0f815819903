//! Command-line interface: clap derive structs only. No logic lives here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// rehearse — a local, private, voice-timed speaking coach.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version, about, long_about = None)]
pub struct Cli {
    /// Folder of question files (TOML) to use instead of the bundled bank.
    #[arg(long, global = true, env = "REHEARSE_QUESTIONS", value_name = "DIR")]
    pub questions: Option<PathBuf>,

    /// Whisper model file (ggml). Default: see `rehearse model path`.
    #[arg(long, global = true, env = "REHEARSE_MODEL", value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Threads for transcription (default: measured fastest for this machine).
    #[arg(long, global = true, env = "REHEARSE_THREADS", value_name = "N")]
    pub threads: Option<usize>,

    /// Hide progress bars and spinners.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rehearse one question: hear it, answer out loud, get feedback.
    Practice(PracticeArgs),
    /// Score a recorded answer (WAV) against a question.
    Score(ScoreArgs),
    /// Transcribe a WAV file.
    Transcribe(TranscribeArgs),
    /// List the questions, or show one.
    Questions(QuestionsArgs),
    /// Manage Whisper models.
    Model(ModelArgs),
    /// List audio input and output devices.
    Devices(DevicesArgs),
    /// Table of past attempts, newest first, with trends.
    History(HistoryArgs),
    /// Review one attempt: transcript, pauses, fillers, key points.
    Review(ReviewArgs),
    /// Write an HTML or Markdown report of an attempt or a question's progress.
    Report(ReportArgs),
    /// Compare two attempts of one question.
    Compare(CompareArgs),
    /// Delete one attempt.
    Delete(DeleteArgs),
}

/// `rehearse practice`.
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// Question id (or path to a question file).
    #[arg(long, conflicts_with_all = ["random", "category"])]
    pub question: Option<String>,
    /// Pick a random question.
    #[arg(long)]
    pub random: bool,
    /// Pick a random question from this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Print the question only; do not speak it.
    #[arg(long)]
    pub no_voice: bool,
    /// Input device name (see `rehearse devices`).
    #[arg(long)]
    pub device: Option<String>,
    /// Stop recording after this many seconds.
    #[arg(long, default_value_t = 300.0)]
    pub max_seconds: f64,
    /// Stop after this much silence once you have spoken (seconds; 0 = only Enter/limit).
    #[arg(long, default_value_t = 4.0)]
    pub silence_stop: f64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Transcribe only after recording stops (for latency comparisons).
    #[arg(long, hide = true)]
    pub no_stream: bool,
    /// Print latency and CPU figures to stderr (for benchmarks).
    #[arg(long, hide = true)]
    pub timings: bool,
}

/// `rehearse score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Question id, or path to a question file (.toml).
    #[arg(long)]
    pub question: String,
    /// Recorded answer (WAV).
    #[arg(long, required_unless_present = "text", conflicts_with = "text")]
    pub audio: Option<PathBuf>,
    /// A typed answer (plain text file, `-` for standard input): coverage,
    /// fillers, STAR and word count, without pace or pauses.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also save this as an attempt in the history.
    #[arg(long, conflicts_with = "text")]
    pub save: bool,
}

/// `rehearse transcribe`.
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// WAV file to transcribe.
    pub file: PathBuf,
    /// JSON with segments and timed words.
    #[arg(long, conflicts_with_all = ["srt", "txt"])]
    pub json: bool,
    /// SubRip subtitles.
    #[arg(long, conflicts_with = "txt")]
    pub srt: bool,
    /// Plain text (the default).
    #[arg(long)]
    pub txt: bool,
}

/// `rehearse questions`.
#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// `show ID` prints one question.
    #[command(subcommand)]
    pub action: Option<QuestionsAction>,
    /// Print as JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// `rehearse questions show`.
#[derive(Debug, Subcommand)]
pub enum QuestionsAction {
    /// Print one question with its reference answer and key points.
    Show {
        /// Question id.
        id: String,
    },
}

/// `rehearse model`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ModelAction,
}

/// `rehearse model` actions.
#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// List known models and which are installed.
    List,
    /// Download a model (tiny.en, base.en, small.en, ...).
    Fetch {
        /// Model name.
        name: String,
    },
    /// Print the model that would be used, and where rehearse looks.
    Path,
}

/// `rehearse devices`.
#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `rehearse history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only attempts of this question.
    #[arg(long)]
    pub question: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Offer to delete incomplete attempts and old ones.
    #[arg(long)]
    pub prune: bool,
    /// With --prune: also offer attempts older than the newest N of each question.
    #[arg(long, value_name = "N", requires = "prune")]
    pub keep: Option<usize>,
    /// Do not ask before deleting (with --prune).
    #[arg(long)]
    pub yes: bool,
}

/// `rehearse review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Attempt id (see `rehearse history`).
    pub attempt: Option<String>,
    /// Review the newest attempt.
    #[arg(long)]
    pub last: bool,
    /// Replay the recording.
    #[arg(long)]
    pub play: bool,
    /// Start replay from this time (m:ss or seconds).
    #[arg(long)]
    pub from: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `rehearse report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Attempt id (default: the newest).
    pub attempt: Option<String>,
    /// Report on all attempts of this question (progress).
    #[arg(long)]
    pub question: Option<String>,
    /// Write a self-contained HTML file.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Write a Markdown file.
    #[arg(long)]
    pub md: Option<PathBuf>,
}

/// `rehearse compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Older attempt id.
    pub a: String,
    /// Newer attempt id.
    pub b: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `rehearse delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Attempt id.
    pub attempt: String,
    /// Do not ask.
    #[arg(long)]
    pub yes: bool,
}
