//! How many CPU threads whisper.cpp runs on, chosen from the machine's load
//! at the moment a stretch of audio is transcribed.
//!
//! whisper.cpp's threads meet at a spin barrier after every graph node, so a
//! thread that loses its core stalls all the others: asking for more threads
//! than there are free cores costs far more than leaving a core idle (on the
//! 2-core development machine, under other builds and tests, tiny.en ran a
//! 62 s clip in 15.9 s on 1 thread and in 172 s on 2). On an idle machine the
//! other way round: 2 threads were 1.6x faster than 1. So the count is taken
//! from how many cores are free *now*: the number of runnable tasks in
//! `/proc/loadavg` (an instantaneous count, unlike the load averages, which
//! lag by a minute and still show a benchmark's previous run), sampled a few
//! times over a few milliseconds, less this thread. Figures and commands:
//! `benches/README.md`.

use std::time::Duration;

/// How many threads to give whisper.cpp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Every core that is free when a stretch starts (at most
    /// [`MAX_THREADS`]); see [`free_cores`].
    Auto,
    /// While recording: [`recording_threads`] (on a machine of three or
    /// more cores one free core is left to the capture, the sound server and
    /// the live line); [`Threads::Auto`] once recording has stopped.
    Recording,
    /// Exactly this many (`--threads`, `REHEARSE_THREADS`).
    Fixed(usize),
}

/// At most this many threads unless asked for more: whisper-cli's own
/// default (`min(4, cores)`).
pub const MAX_THREADS: usize = 4;

impl Threads {
    /// The thread count for the next stretch; `stopped` tells whether
    /// recording has stopped (only [`Threads::Recording`] cares).
    pub fn resolve(self, stopped: bool) -> usize {
        match self {
            Threads::Fixed(n) => n.max(1),
            Threads::Auto => free_cores(),
            Threads::Recording if stopped => free_cores(),
            Threads::Recording => recording_threads(cores(), free_cores()),
        }
    }
}

/// Threads while recording, on `cores` cores of which `free` are free. The
/// recording itself (capture, resampling, cutting, the live line, the sound
/// server) needs about 1 % of a core and wakes briefly every few
/// milliseconds; its samples wait in a 10 s ring buffer. On three or more
/// cores one free core is left to it all the same, at little cost to
/// whisper (3 threads instead of 4). On two cores leaving one would halve
/// whisper's speed for every stretch, including the one still running when
/// the speaker stops (issue 13), so there the free cores are used.
pub fn recording_threads(cores: usize, free: usize) -> usize {
    let free = free.max(1);
    if cores >= 3 {
        free.saturating_sub(1).max(1)
    } else {
        free
    }
}

/// The machine's cores (1 when unknown).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The cores free right now (at least 1, at most [`MAX_THREADS`]): the
/// machine's cores less the tasks other than this thread that are ready to
/// run. Where `/proc/loadavg` cannot be read, one core fewer than the machine
/// has (the safe choice when nothing is known).
pub fn free_cores() -> usize {
    let cores = cores();
    match others_running() {
        Some(busy) => threads_for(cores, busy),
        None => threads_for(cores, 1.0),
    }
}

/// Threads for `cores` cores when `busy` of them are taken by other tasks:
/// the free ones, at least 1, at most [`MAX_THREADS`].
pub fn threads_for(cores: usize, busy: f64) -> usize {
    let free = cores as f64 - busy.max(0.0);
    (free.round().max(1.0) as usize).clamp(1, cores.clamp(1, MAX_THREADS))
}

/// How many tasks besides this one were ready to run, averaged over a few
/// samples of `/proc/loadavg` 2 ms apart; `None` where it cannot be read.
pub fn others_running() -> Option<f64> {
    const SAMPLES: usize = 6;
    let mut sum = 0.0;
    for i in 0..SAMPLES {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
        let text = std::fs::read_to_string("/proc/loadavg").ok()?;
        sum += runnable(&text)?.saturating_sub(1) as f64;
    }
    Some(sum / SAMPLES as f64)
}

/// The runnable-task count of a `/proc/loadavg` line ("0.52 0.61 0.70 3/412
/// 12345": 3, which includes the reader).
pub fn runnable(loadavg: &str) -> Option<usize> {
    let field = loadavg.split_whitespace().nth(3)?;
    field.split('/').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_follow_free_cores() {
        // (cores, busy, threads)
        let table = [
            (2, 0.0, 2),
            (2, 0.4, 2),
            (2, 0.6, 1),
            (2, 1.0, 1),
            (2, 5.0, 1),
            (1, 0.0, 1),
            (4, 1.0, 3),
            (8, 0.0, 4),
            (8, 6.0, 2),
            (0, 0.0, 1),
        ];
        for (cores, busy, want) in table {
            assert_eq!(threads_for(cores, busy), want, "{cores} cores, {busy} busy");
        }
    }

    #[test]
    fn recording_leaves_a_core_only_where_there_are_three() {
        // (cores, free, threads)
        let table = [
            (1, 1, 1),
            (2, 2, 2),
            (2, 1, 1),
            (3, 3, 2),
            (4, 4, 3),
            (4, 2, 1),
            (4, 1, 1),
            (8, 4, 3),
        ];
        for (cores, free, want) in table {
            assert_eq!(
                recording_threads(cores, free),
                want,
                "{cores} cores, {free} free"
            );
        }
    }

    #[test]
    fn reads_the_runnable_count() {
        assert_eq!(runnable("0.52 0.61 0.70 3/412 12345\n"), Some(3));
        assert_eq!(runnable("14.27 5.90 3.10 21/213 6011"), Some(21));
        assert_eq!(runnable("0.5 0.6"), None);
        assert_eq!(runnable("a b c x/1 2"), None);
    }

    #[test]
    fn resolve_keeps_fixed_and_stays_in_range() {
        assert_eq!(Threads::Fixed(3).resolve(false), 3);
        assert_eq!(Threads::Fixed(0).resolve(true), 1);
        let auto = Threads::Auto.resolve(false);
        assert!((1..=MAX_THREADS).contains(&auto));
        let rec = Threads::Recording.resolve(false);
        assert!((1..=MAX_THREADS).contains(&rec));
    }
}
