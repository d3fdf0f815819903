//! Which question to practise, and asking it: show the text, then play its
//! recording, else speak it with local text-to-speech, else print a hint.

use super::live::clock;
use super::Globals;
use crate::analysis::Question;
use crate::app::out::errln;
use crate::audio::devices::{self, Direction};
use crate::audio::{playback, tts};
use crate::cli::PracticeArgs;
use std::sync::atomic::AtomicBool;

/// `--question ID|PATH`, else `--next` (the one most in need), else a
/// random question (of `--category` if given).
pub(super) fn choose_question(g: &Globals, args: &PracticeArgs) -> anyhow::Result<Question> {
    if let Some(id) = &args.question {
        return super::super::score::pick_question(g, id);
    }
    if args.next {
        return crate::app::history::next_question(g, args.category.as_deref());
    }
    let bank = g.bank()?;
    let pool: Vec<&Question> = match &args.category {
        Some(c) => bank
            .iter()
            .filter(|q| q.category.eq_ignore_ascii_case(c.trim()))
            .collect(),
        None => bank.iter().collect(),
    };
    if pool.is_empty() {
        let mut cats: Vec<&str> = bank.iter().map(|q| q.category.as_str()).collect();
        cats.sort();
        cats.dedup();
        anyhow::bail!(
            "no question in category `{}`; categories: {}",
            args.category.as_deref().unwrap_or_default(),
            cats.join(", ")
        );
    }
    Ok(pool[random_index(pool.len())].clone())
}

/// A number in `0..n`.
fn random_index(n: usize) -> usize {
    fastrand::usize(..n.max(1))
}

/// Show the question and play it: its recording, else text-to-speech, else a hint.
pub(super) fn ask(q: &Question, args: &PracticeArgs, stop: &AtomicBool) {
    errln!();
    errln!(
        "Question ({}): {}",
        crate::output::sanitize::line(&q.id),
        crate::output::sanitize::line(&q.question)
    );
    errln!("Aim for about {}.", clock(q.target_seconds as f64));
    if args.no_voice {
        return;
    }
    let Some((samples, rate)) = question_audio(q) else {
        return;
    };
    let out = match devices::open(Direction::Output, None) {
        Ok(d) => d,
        Err(e) => {
            errln!("(cannot play the question: {e})");
            return;
        }
    };
    if let Err(e) = playback::play(&out, &samples, rate, stop) {
        errln!("(cannot play the question: {e:#})");
    }
}

/// The question as mono samples and their rate: its own recording when it
/// has a readable one, else synthesised speech. `None` (after saying why on
/// stderr) when neither is available.
fn question_audio(q: &Question) -> Option<(Vec<f32>, u32)> {
    if let Some(path) = &q.audio {
        match crate::audio::wav::read_pcm(path) {
            Ok(p) => {
                return Some((
                    crate::audio::wav::downmix(&p.samples, p.channels as usize),
                    p.sample_rate,
                ))
            }
            Err(e) => errln!("(cannot play the question's recording: {e})"),
        }
    }
    let Some(engine) = tts::find_engine() else {
        errln!("{}", tts::INSTALL_HINT);
        return None;
    };
    match tts::synthesize(&engine, &q.question) {
        Ok(c) => Some(c),
        Err(e) => {
            errln!("(cannot speak the question: {e:#})");
            None
        }
    }
}
