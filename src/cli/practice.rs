//! The flags of the commands that record answers: `practice` and
//! `interview`.

use super::{positive_count, positive_seconds, seconds_or_off};
use super::{JsonFlag, QuestionsOpts, QuietFlag, TranscribeOpts};
use clap::Args;
use std::path::PathBuf;

/// `rehearse practice`.
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// Question id (or path to a question file).
    #[arg(long, conflicts_with_all = ["random", "category"])]
    pub question: Option<String>,
    /// Pick a random question.
    #[arg(long)]
    pub random: bool,
    /// Pick the question most in need of practice: one never practised
    /// first; else the most overdue, where a question is due again 1 day
    /// after its last attempt when its recent coverage (mean of the last 3
    /// attempts) is below 50 %, 3 days below 80 %, 7 days otherwise.
    #[arg(long, conflicts_with_all = ["question", "random"])]
    pub next: bool,
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
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS", value_parser = positive_seconds, allow_negative_numbers = true)]
    pub max_seconds: f64,
    /// Stop after this much silence once you have spoken (seconds; 0 = only
    /// Enter/limit; 8 s outlasts a thinking pause).
    ///
    /// The default, 8 s, is longer than the pauses people take to think in
    /// an interview answer (a few seconds), so only a finished answer ends by
    /// itself; the last 3 s count down on screen and speaking cancels them.
    #[arg(long, default_value_t = SILENCE_STOP_S, value_name = "SECONDS", value_parser = seconds_or_off, allow_negative_numbers = true)]
    pub silence_stop: f64,
    /// Thinking time before recording starts, with a countdown (seconds;
    /// Enter starts early).
    #[arg(long, default_value_t = 0.0, value_name = "SECONDS", value_parser = seconds_or_off, allow_negative_numbers = true)]
    pub prep: f64,
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
    /// `--model`, `--threads`.
    #[command(flatten)]
    pub transcribe: TranscribeOpts,
    /// `--quiet`.
    #[command(flatten)]
    pub progress: QuietFlag,
    /// `--questions`.
    #[command(flatten)]
    pub bank: QuestionsOpts,
    /// Transcribe only after recording stops (for latency comparisons).
    #[arg(long, hide = true)]
    pub no_stream: bool,
    /// Print latency and CPU figures to stderr (for benchmarks).
    #[arg(long, hide = true)]
    pub timings: bool,
}

/// The default `--silence-stop` (s): longer than a thinking pause.
pub const SILENCE_STOP_S: f64 = 8.0;

/// `rehearse interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// How many questions (default: one per category; with --category, up to 3).
    #[arg(long, value_name = "N", value_parser = positive_count)]
    pub count: Option<usize>,
    /// Ask only questions of this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Thinking time before each answer, with a countdown (seconds; Enter
    /// starts early).
    #[arg(long, default_value_t = 0.0, value_name = "SECONDS", value_parser = seconds_or_off, allow_negative_numbers = true)]
    pub prep: f64,
    /// Print the questions only; do not speak them.
    #[arg(long)]
    pub no_voice: bool,
    /// Input device name (see `rehearse devices`).
    #[arg(long)]
    pub device: Option<String>,
    /// Stop each answer after this many seconds.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS", value_parser = positive_seconds, allow_negative_numbers = true)]
    pub max_seconds: f64,
    /// Stop an answer after this much silence once you have spoken (seconds;
    /// 0 = only Enter/limit; see `practice --help`).
    #[arg(long, default_value_t = SILENCE_STOP_S, value_name = "SECONDS", value_parser = seconds_or_off, allow_negative_numbers = true)]
    pub silence_stop: f64,
    /// Write the session's HTML report here (default: the data folder's
    /// `sessions/`).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// `--model`, `--threads`.
    #[command(flatten)]
    pub transcribe: TranscribeOpts,
    /// `--quiet`.
    #[command(flatten)]
    pub progress: QuietFlag,
    /// `--questions`.
    #[command(flatten)]
    pub bank: QuestionsOpts,
}
