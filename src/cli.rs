//! Command-line interface: clap derive structs. clap checks the flags
//! (conflicts, groups, value ranges, formats). Besides the small value
//! parsers, the only logic here is [`Cli::into_parts`], which folds the
//! options accepted before the subcommand (older scripts write
//! `rehearse --model M score …`) into the subcommand's own.
//!
//! Each option is declared once and flattened into the subcommands it applies
//! to: [`TranscribeOpts`] (`--model`, `--threads`) on the commands that
//! transcribe, [`QuestionsOpts`] (`--questions`) on the commands that read
//! the question bank, [`JsonFlag`] (`--json`) on the commands that can print
//! JSON.

use clap::error::ErrorKind;
use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod practice;
pub use practice::{InterviewArgs, PracticeArgs, SILENCE_STOP_S};

/// rehearse — a local, private, voice-timed speaking coach.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version, about, long_about = None)]
pub struct Cli {
    /// `--questions DIR` before the subcommand (hidden; the subcommands that
    /// read questions list it).
    #[arg(long, value_name = "DIR", hide = true)]
    pub questions: Option<PathBuf>,

    /// `--model PATH` before the subcommand (hidden; see [`TranscribeOpts`]).
    #[arg(long, value_name = "PATH", hide = true)]
    pub model: Option<PathBuf>,

    /// `--threads N` before the subcommand (hidden; see [`TranscribeOpts`]).
    #[arg(long, value_name = "N", hide = true, value_parser = positive_count)]
    pub threads: Option<usize>,

    /// `--quiet` before the subcommand (hidden; accepted with every
    /// subcommand, as it always was, and passed to those that show progress).
    #[arg(long, short, hide = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--model` and `--threads`: which Whisper model transcribes, on how many
/// threads. Flattened into the commands that transcribe.
#[derive(Debug, Clone, Default, Args)]
pub struct TranscribeOpts {
    /// Whisper model file (ggml). Default: see `rehearse model path`.
    #[arg(long, env = "REHEARSE_MODEL", value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Threads for transcription (default: the cores that are free).
    #[arg(long, env = "REHEARSE_THREADS", value_name = "N", value_parser = positive_count)]
    pub threads: Option<usize>,
}

/// `--quiet`: no progress bars or spinners. Flattened into the commands
/// that show them.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct QuietFlag {
    /// Hide progress bars and spinners.
    // `global` so that `model --quiet path` and `model path --quiet` both work.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// `--questions DIR`: the question bank to use. Flattened into the commands
/// that read questions.
#[derive(Debug, Clone, Default, Args)]
pub struct QuestionsOpts {
    /// Folder of question files (TOML) to use instead of the bundled bank.
    // `global` so that `questions show ID --questions DIR` works too.
    #[arg(long, global = true, env = "REHEARSE_QUESTIONS", value_name = "DIR")]
    pub questions: Option<PathBuf>,
}

/// `--json`: machine-readable output. Flattened into the commands that can
/// print JSON.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct JsonFlag {
    /// Print as JSON.
    // `global` so that `questions --json show ID` and `questions show ID
    // --json` both work; commands without subcommands are unaffected.
    #[arg(long, global = true)]
    pub json: bool,
}

/// A length in seconds above 0 (`--max-seconds`).
fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(_) => Err("must be a number of seconds above 0".into()),
        Err(_) => Err(format!("`{s}` is not a number of seconds")),
    }
}

/// A length in seconds, 0 meaning off (`--silence-stop`).
fn seconds_or_off(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(_) => Err("must be 0 (off) or a number of seconds above 0".into()),
        Err(_) => Err(format!("`{s}` is not a number of seconds")),
    }
}

/// A whole number, at least 1 (`--threads`, `review --last`, `--keep`).
fn positive_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rehearse one question: hear it, answer out loud, get feedback.
    Practice(PracticeArgs),
    /// A mock interview: several questions in a row (one per category by
    /// default), each answered and saved, then a summary and an HTML report.
    Interview(InterviewArgs),
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
    /// Write an HTML or Markdown report of an attempt or a question's progress
    /// (Markdown to the terminal when no file is given).
    Report(ReportArgs),
    /// Compare two attempts of one question.
    Compare(CompareArgs),
    /// Delete one attempt.
    Delete(DeleteArgs),
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
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
    /// Also save this as an attempt in the history.
    #[arg(long, conflicts_with = "text")]
    pub save: bool,
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

/// `rehearse transcribe`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("output").args(["format", "json", "srt", "txt"]))]
pub struct TranscribeArgs {
    /// WAV file to transcribe.
    pub file: PathBuf,
    /// Output: plain text, SubRip subtitles, or JSON with segments and timed words.
    #[arg(long, value_enum, default_value_t = TranscriptFormat::Txt)]
    pub format: TranscriptFormat,
    /// Same as --format json.
    #[arg(long, action = ArgAction::SetTrue)]
    pub json: bool,
    /// Same as --format srt.
    #[arg(long, action = ArgAction::SetTrue)]
    pub srt: bool,
    /// Same as --format txt.
    #[arg(long, action = ArgAction::SetTrue)]
    pub txt: bool,
    /// `--model`, `--threads`.
    #[command(flatten)]
    pub transcribe: TranscribeOpts,
    /// `--quiet`.
    #[command(flatten)]
    pub progress: QuietFlag,
}

impl TranscribeArgs {
    /// The format asked for, by `--format` or by one of its shorthands (clap
    /// lets through at most one of the four).
    pub fn output_format(&self) -> TranscriptFormat {
        match (self.json, self.srt, self.txt) {
            (true, _, _) => TranscriptFormat::Json,
            (_, true, _) => TranscriptFormat::Srt,
            (_, _, true) => TranscriptFormat::Txt,
            _ => self.format,
        }
    }
}

/// What `rehearse transcribe` prints: plain text, SubRip subtitles, or JSON
/// with segments and timed words.
// No doc comments on the values: clap would then switch `--help` to the
// long, one-option-per-paragraph layout just to describe three names.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranscriptFormat {
    Txt,
    Srt,
    Json,
}

/// `rehearse questions`.
#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// `show ID` prints one question.
    #[command(subcommand)]
    pub action: Option<QuestionsAction>,
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
    /// `--questions`.
    #[command(flatten)]
    pub bank: QuestionsOpts,
}

/// `rehearse questions show`.
#[derive(Debug, Subcommand)]
pub enum QuestionsAction {
    /// Print one question with its reference answer and key points.
    Show {
        /// Question id.
        id: String,
    },
    /// Read a document of questions and answers (plain text or Markdown) and
    /// write one question file per question into your question folder.
    Import {
        /// The document to read.
        file: PathBuf,
        /// Overwrite question files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Add a question of your own, with key points derived from your answer.
    ///
    /// Asks for the question and your answer on a terminal, or takes them
    /// from --question and --answer-file; `questions edit ID` changes the file.
    New {
        /// The question, as it is asked.
        #[arg(long, value_name = "TEXT")]
        question: Option<String>,
        /// A text file holding your answer (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        answer_file: Option<PathBuf>,
        /// Category [default: general].
        #[arg(long)]
        category: Option<String>,
        /// Id (kebab-case) [default: from the question's words].
        #[arg(long)]
        id: Option<String>,
        /// Replace a question with this id (yours or bundled).
        #[arg(long)]
        force: bool,
    },
    /// Edit a question in $VISUAL or $EDITOR, then check it.
    ///
    /// A bundled question is first copied into your question folder. An
    /// invalid edit is kept in the file and reported with line and column.
    Edit {
        /// Question id.
        id: String,
    },
    /// Delete one of your own question files (bundled questions stay).
    Rm {
        /// Question id.
        id: String,
        /// Do not ask before deleting.
        #[arg(long)]
        yes: bool,
    },
}

/// `rehearse model`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ModelAction,
    /// Whisper model file (ggml) to use instead of searching for one.
    #[arg(long, global = true, env = "REHEARSE_MODEL", value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// `--quiet`.
    #[command(flatten)]
    pub progress: QuietFlag,
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
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
}

/// `rehearse history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only attempts of this question.
    #[arg(long)]
    pub question: Option<String>,
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
    /// Offer to delete incomplete attempts and old ones.
    #[arg(long)]
    pub prune: bool,
    /// Progress by ISO week (UTC) across all questions: attempts, questions
    /// practised, mean coverage, pace and fillers per minute, and the change
    /// from the week before.
    #[arg(long, conflicts_with = "prune")]
    pub summary: bool,
    /// With --prune: also offer attempts older than the newest N of each question.
    // At least 1: deleting every attempt is `rehearse delete`, one at a time.
    #[arg(long, value_name = "N", requires = "prune", value_parser = positive_count)]
    pub keep: Option<usize>,
    /// Do not ask before deleting (with --prune).
    #[arg(long, requires = "prune")]
    pub yes: bool,
    /// `--questions` (to tell a question without attempts from a typo).
    #[command(flatten)]
    pub bank: QuestionsOpts,
}

/// `rehearse review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Attempt id or a unique prefix (see `rehearse history`; default: the newest).
    #[arg(conflicts_with = "last")]
    pub attempt: Option<String>,
    /// Review the newest attempt, or with N the N-th newest (2 = the one before).
    #[arg(
        long,
        value_name = "N",
        num_args = 0..=1,
        default_missing_value = "1",
        value_parser = positive_count
    )]
    pub last: Option<usize>,
    /// Replay the recording.
    #[arg(long)]
    pub play: bool,
    /// Start replay from this time (m:ss or seconds).
    #[arg(long)]
    pub from: Option<String>,
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
}

/// `rehearse report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Attempt id (default: the newest).
    #[arg(conflicts_with = "question")]
    pub attempt: Option<String>,
    /// Report on all attempts of this question (progress).
    #[arg(long)]
    pub question: Option<String>,
    /// Write a self-contained HTML file (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write a Markdown file (`-`: standard output; the default when no
    /// file is given).
    #[arg(long, value_name = "FILE")]
    pub md: Option<PathBuf>,
}

/// `rehearse compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// One attempt id (either order: the older one is shown as A).
    pub a: String,
    /// The other attempt id.
    pub b: String,
    /// `--json`.
    #[command(flatten)]
    pub output: JsonFlag,
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

impl Cli {
    /// The subcommand and whether to be quiet, with `--questions`, `--model`
    /// and `--threads` given before the subcommand moved into the
    /// subcommand's own options (they win over the environment). Refuses
    /// them, as clap would, on a subcommand they do not apply to.
    pub fn into_parts(self) -> Result<(Command, bool), clap::Error> {
        let Cli {
            questions,
            model,
            threads,
            quiet,
            mut command,
        } = self;
        let name = command.name();
        let unused = |flag: &str, applies: &str| {
            Cli::command().error(
                ErrorKind::ArgumentConflict,
                format!("{flag} does not apply to `rehearse {name}`; it applies to {applies}"),
            )
        };
        if let Some(dir) = questions {
            match command.questions_opts_mut() {
                Some(o) => o.questions = Some(dir),
                None => {
                    return Err(unused(
                        "--questions",
                        "practice, interview, score, questions and history",
                    ))
                }
            }
        }
        if let Some(m) = model {
            match &mut command {
                Command::Model(a) => a.model = Some(m),
                c => match c.transcribe_opts_mut() {
                    Some(o) => o.model = Some(m),
                    None => {
                        return Err(unused(
                            "--model",
                            "practice, interview, score, transcribe and model",
                        ))
                    }
                },
            }
        }
        if let Some(n) = threads {
            match command.transcribe_opts_mut() {
                Some(o) => o.threads = Some(n),
                None => {
                    return Err(unused(
                        "--threads",
                        "practice, interview, score and transcribe",
                    ))
                }
            }
        }
        let quiet = quiet || command.quiet_flag().is_some_and(|q| q.quiet);
        Ok((command, quiet))
    }
}

impl Command {
    /// The subcommand's name as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Practice(_) => "practice",
            Command::Interview(_) => "interview",
            Command::Score(_) => "score",
            Command::Transcribe(_) => "transcribe",
            Command::Questions(_) => "questions",
            Command::Model(_) => "model",
            Command::Devices(_) => "devices",
            Command::History(_) => "history",
            Command::Review(_) => "review",
            Command::Report(_) => "report",
            Command::Compare(_) => "compare",
            Command::Delete(_) => "delete",
        }
    }

    /// `--model`/`--threads` of the commands that transcribe.
    pub fn transcribe_opts(&self) -> Option<&TranscribeOpts> {
        match self {
            Command::Practice(a) => Some(&a.transcribe),
            Command::Interview(a) => Some(&a.transcribe),
            Command::Score(a) => Some(&a.transcribe),
            Command::Transcribe(a) => Some(&a.transcribe),
            _ => None,
        }
    }

    fn transcribe_opts_mut(&mut self) -> Option<&mut TranscribeOpts> {
        match self {
            Command::Practice(a) => Some(&mut a.transcribe),
            Command::Interview(a) => Some(&mut a.transcribe),
            Command::Score(a) => Some(&mut a.transcribe),
            Command::Transcribe(a) => Some(&mut a.transcribe),
            _ => None,
        }
    }

    /// `--quiet` of the commands that show progress.
    pub fn quiet_flag(&self) -> Option<&QuietFlag> {
        match self {
            Command::Practice(a) => Some(&a.progress),
            Command::Interview(a) => Some(&a.progress),
            Command::Score(a) => Some(&a.progress),
            Command::Transcribe(a) => Some(&a.progress),
            Command::Model(a) => Some(&a.progress),
            _ => None,
        }
    }

    /// `--questions` of the commands that read the question bank.
    pub fn questions_opts(&self) -> Option<&QuestionsOpts> {
        match self {
            Command::Practice(a) => Some(&a.bank),
            Command::Interview(a) => Some(&a.bank),
            Command::Score(a) => Some(&a.bank),
            Command::Questions(a) => Some(&a.bank),
            Command::History(a) => Some(&a.bank),
            _ => None,
        }
    }

    fn questions_opts_mut(&mut self) -> Option<&mut QuestionsOpts> {
        match self {
            Command::Practice(a) => Some(&mut a.bank),
            Command::Interview(a) => Some(&mut a.bank),
            Command::Score(a) => Some(&mut a.bank),
            Command::Questions(a) => Some(&mut a.bank),
            Command::History(a) => Some(&mut a.bank),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
