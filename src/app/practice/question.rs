//! Which question to practise, and asking it: show the text, then play its
//! recording (a bundled question's is built in), else speak it with local
//! text-to-speech, else print a hint. Enter skips the rest of the question.
//! Then the optional thinking time, with a countdown.

use super::keys::Keys;
use super::live::{clock, prep_line, LiveLine};
use super::stops::prep_left;
use super::Globals;
use crate::analysis::Question;
use crate::app::out::errln;
use crate::audio::devices::{self, Direction};
use crate::audio::{playback, tts};
use crate::cli::PracticeArgs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `--question ID|PATH`, else `--next` (the one most in need), else a
/// random question (of `--category` if given).
pub(super) fn choose_question(g: &Globals, args: &PracticeArgs) -> anyhow::Result<Question> {
    if let Some(id) = &args.question {
        return super::super::score::pick_question(g, id);
    }
    if args.next {
        return crate::app::history::next_question(g, args.category.as_deref());
    }
    let pool = choose_from(&g.bank()?, args.category.as_deref())?;
    Ok(pool[random_index(pool.len())].clone())
}

/// Another question for "next": a random one of `--category` (or of the
/// whole bank when a single question was asked for) other than `current`,
/// when there is another.
pub(super) fn choose_next(
    g: &Globals,
    args: &PracticeArgs,
    current: &str,
) -> anyhow::Result<Question> {
    let pool = choose_from(&g.bank()?, args.category.as_deref())?;
    let others: Vec<&Question> = pool.iter().filter(|q| q.id != current).collect();
    Ok(match others.len() {
        0 => pool[0].clone(),
        n => others[random_index(n)].clone(),
    })
}

/// The questions of `category` (any case), or the whole bank; an error
/// naming the categories when there are none.
pub(crate) fn choose_from(
    bank: &[Question],
    category: Option<&str>,
) -> anyhow::Result<Vec<Question>> {
    let pool: Vec<Question> = match category {
        Some(c) => bank
            .iter()
            .filter(|q| q.category.eq_ignore_ascii_case(c.trim()))
            .cloned()
            .collect(),
        None => bank.to_vec(),
    };
    if pool.is_empty() {
        let mut cats: Vec<&str> = bank.iter().map(|q| q.category.as_str()).collect();
        cats.sort();
        cats.dedup();
        anyhow::bail!(
            "no question in category `{}`; categories: {}",
            category.unwrap_or_default(),
            cats.join(", ")
        );
    }
    Ok(pool)
}

/// A number in `0..n`.
fn random_index(n: usize) -> usize {
    fastrand::usize(..n.max(1))
}

/// Show the question and play it: its recording, else text-to-speech, else
/// a hint. While it plays the screen says so, and Enter skips the rest.
pub(crate) fn ask(q: &Question, no_voice: bool, stop: &AtomicBool, keys: &Keys) {
    errln!();
    errln!(
        "Question ({}): {}",
        crate::output::sanitize::line(&q.id),
        crate::output::sanitize::line(&q.question)
    );
    errln!("Aim for about {}.", clock(q.target_seconds as f64));
    if no_voice {
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
    keys.drain();
    errln!("Playing the question — press Enter to skip it.");
    if let Err(e) = play_skippable(&out, &samples, rate, stop, keys, "Question skipped.") {
        errln!("(cannot play the question: {e:#})");
    }
}

/// Play `samples` until the end, Enter (then `skipped` is said on stderr)
/// or Ctrl-C.
fn play_skippable(
    out: &devices::OpenDevice,
    samples: &[f32],
    rate: u32,
    stop: &AtomicBool,
    keys: &Keys,
    skipped_note: &str,
) -> anyhow::Result<()> {
    let cut = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let skipped = AtomicBool::new(false);
    let played = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if stop.load(Ordering::Relaxed) {
                    cut.store(true, Ordering::Relaxed);
                } else if keys.enter(Duration::from_millis(50)) {
                    skipped.store(true, Ordering::Relaxed);
                    cut.store(true, Ordering::Relaxed);
                }
            }
        });
        let r = playback::play(out, samples, rate, &cut);
        done.store(true, Ordering::Relaxed);
        r
    });
    if skipped.load(Ordering::Relaxed) {
        errln!("{skipped_note}");
    }
    played.map(|_| ())
}

/// Thinking time before recording: `seconds` with a countdown (on the live
/// line when `live`, else one line), ended early by Enter or Ctrl-C.
pub(crate) fn prep(seconds: f64, live: bool, stop: &AtomicBool, keys: &Keys) {
    if seconds <= 0.0 {
        return;
    }
    keys.drain();
    let mut ui = LiveLine::new(live);
    if !live {
        errln!("{}", prep_line(seconds.ceil() as u32));
    }
    let started = Instant::now();
    while let Some(left) = prep_left(seconds, started.elapsed().as_secs_f64()) {
        ui.draw(&prep_line(left));
        if stop.load(Ordering::Relaxed) || keys.enter(Duration::from_millis(100)) {
            break;
        }
    }
    ui.clear();
}

/// Play an answer back (the after-report menu), Enter stops it.
pub(crate) fn play_back(wav: &std::path::Path, stop: &AtomicBool, keys: &Keys) {
    let pcm = match crate::audio::wav::read_pcm(wav) {
        Ok(p) => p,
        Err(e) => return errln!("(cannot play the answer: {e})"),
    };
    let mono = crate::audio::wav::downmix(&pcm.samples, pcm.channels as usize);
    match devices::open(Direction::Output, None) {
        Ok(out) => {
            errln!("Playing your answer — press Enter to stop.");
            let r = play_skippable(&out, &mono, pcm.sample_rate, stop, keys, "Stopped.");
            if let Err(e) = r {
                errln!("(cannot play the answer: {e:#})");
            }
        }
        Err(e) => errln!("(cannot play the answer: {e})"),
    }
}

/// The question as mono samples and their rate: its own recording when it
/// has a readable one (a bundled question's is built into the program), else
/// synthesised speech. `None` (after saying why on stderr) when neither is
/// available.
pub(crate) fn question_audio(q: &Question) -> Option<(Vec<f32>, u32)> {
    if let Some(path) = &q.audio {
        let read = match crate::store::bundled_audio::get(path) {
            Some(bytes) if path.is_relative() => {
                crate::audio::wav::read_pcm_bytes(bytes, &path.display().to_string())
            }
            _ => crate::audio::wav::read_pcm(path),
        };
        match read {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bundled question plays its built-in recording: it decodes, is
    /// mono 16 kHz, speech-length (2–15 s, about 2.5 words a second at most),
    /// and is not silent.
    #[test]
    fn bundled_questions_have_natural_voice_recordings() {
        let bank = crate::store::questions::load_bank(None).unwrap();
        for q in &bank {
            let (samples, rate) = question_audio(q).unwrap_or_else(|| panic!("{}", q.id));
            assert_eq!(rate, 16_000, "{}", q.id);
            let secs = samples.len() as f64 / rate as f64;
            let words = q.question.split_whitespace().count() as f64;
            assert!((2.0..15.0).contains(&secs), "{}: {secs:.1} s", q.id);
            assert!(
                secs >= words / 4.0,
                "{}: {secs:.1} s for {words} words",
                q.id
            );
            let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert!(peak > 0.3, "{}: peak {peak}", q.id);
        }
    }
}
