//! `rehearse practice`: one full rehearsal, and on a terminal as many more
//! as the person asks for.
//!
//! 1. Pick the question, check the model and the microphone (fail before the
//!    person speaks, in one line), start loading the model in the background.
//! 2. Play the question (recorded audio — the bundled questions have a
//!    natural voice built in — else local text-to-speech, else print it with
//!    a hint); the text is always shown, the screen says the question is
//!    playing, and Enter skips the rest of it. Then `--prep` seconds of
//!    thinking time with a countdown (Enter starts early).
//! 3. Record through cpal until Enter, `--max-seconds`, or `--silence-stop`
//!    seconds of silence after speech (8 s by default, so a thinking pause
//!    never ends the answer; the last seconds count down on the live line and
//!    speech cancels them). Keys pressed before recording starts are dropped.
//!    The 16 kHz recording goes to a WAV in the data dir's `recordings/` as
//!    it arrives (header updated every second), so Ctrl-C, a vanished device
//!    or a crash never loses it. Finished stretches of speech are transcribed
//!    on a background thread while the person speaks.
//! 4. Transcribe what is left, analyse exactly as `rehearse score` does,
//!    print, save the attempt, and drop the temporary WAV.
//! 5. On a terminal: one key for retry, next question, play back, or quit.
//!
//! This file holds the loop of rehearsals and the menu; the steps live in
//! `answer` (one answer, start to finish), `question` (choose, ask, think),
//! `record` (capture, stops, streaming feed), `stops` (the pure stop,
//! countdown and menu rules), `keys` (standard input), `live` (the status
//! line), `rest` (transcribe what is left) and `timings` (`--timings`).

use super::Globals;
use crate::app::out::errln;

mod answer;
mod keys;
mod live;
mod question;
mod record;
mod rest;
mod stops;
mod timings;

pub(crate) use answer::{answer, Answered, Flow, Session, EXIT_INTERRUPTED};
pub(crate) use question::choose_from;

use crate::cli::PracticeArgs;
use std::process::ExitCode;
use stops::{menu_choice, Choice, MENU};

/// Run `rehearse practice`.
pub fn run(g: &Globals, args: PracticeArgs) -> anyhow::Result<ExitCode> {
    let mut question = question::choose_question(g, &args)?;
    let s = Session::open(g, args.device.as_deref())?;
    let flow = Flow {
        no_voice: args.no_voice,
        prep_s: args.prep,
        max_s: args.max_seconds,
        silence_stop_s: args.silence_stop,
        streaming: !args.no_stream,
        print: true,
        json: args.output.json,
        timings: args.timings,
        session_id: None,
    };
    loop {
        let answered = answer(&s, &question, &flow)?;
        let code = match answered {
            Answered::Saved { .. } => ExitCode::SUCCESS,
            Answered::NoSpeech(_) => ExitCode::from(1),
            Answered::Interrupted => return Ok(ExitCode::from(EXIT_INTERRUPTED)),
        };
        // Scripts and pipes get one rehearsal, as before.
        if !s.keys.is_tty() {
            return Ok(code);
        }
        loop {
            let prompt = || errln!("\n{MENU}");
            let Some(choice) = s.keys.one_key(&s.stop, prompt).map(menu_choice) else {
                return Ok(code);
            };
            match choice {
                Some(Choice::Retry) => break,
                Some(Choice::Next) => {
                    question = question::choose_next(g, &args, &question.id)?;
                    break;
                }
                Some(Choice::Replay) => {
                    if let Some(wav) = answered.audio() {
                        question::play_back(&wav, &s.stop, &s.keys);
                    }
                }
                Some(Choice::Quit) => return Ok(code),
                None => {}
            }
        }
    }
}
