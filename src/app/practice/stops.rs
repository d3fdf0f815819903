//! The pure rules of the practice flow, as small state machines with table
//! tests: when silence ends an answer (and the countdown before it), the
//! thinking-time countdown, and the keys of the after-report menu.

/// Seconds of countdown shown before silence ends an answer.
pub(crate) const COUNTDOWN_S: f64 = 3.0;

/// Where a silence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Silence {
    /// Speech, a short gap, a thinking pause, or nothing said yet.
    Listening,
    /// The answer ends in this many whole seconds unless the person speaks.
    StoppingIn(u32),
    /// Long enough: stop.
    Stop,
}

/// The silence state after `trailing_s` seconds without speech, with
/// `--silence-stop` = `stop_after_s` (0 = off). Nothing stops before the
/// person has said something (a long think before the first word is fine).
/// The countdown covers the last [`COUNTDOWN_S`] seconds (the last half when
/// the stop is shorter than twice that), so a gap between words never shows
/// it; speech resets `trailing_s` and so cancels it.
pub(crate) fn silence_state(stop_after_s: f64, spoken: bool, trailing_s: f64) -> Silence {
    if stop_after_s <= 0.0 || !spoken {
        return Silence::Listening;
    }
    if trailing_s >= stop_after_s {
        return Silence::Stop;
    }
    let warn_from = (stop_after_s - COUNTDOWN_S).max(stop_after_s / 2.0);
    if trailing_s >= warn_from {
        Silence::StoppingIn((stop_after_s - trailing_s).ceil().max(1.0) as u32)
    } else {
        Silence::Listening
    }
}

/// Whole seconds of thinking time left after `elapsed_s` of `total_s`;
/// `None` once it is over.
pub(crate) fn prep_left(total_s: f64, elapsed_s: f64) -> Option<u32> {
    let left = total_s - elapsed_s;
    (left > 0.0).then(|| left.ceil() as u32)
}

/// What to do after the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choice {
    /// Answer the same question again.
    Retry,
    /// Another question.
    Next,
    /// Hear the answer just given.
    Replay,
    /// Stop practising.
    Quit,
}

/// The menu line listing the keys of [`menu_choice`].
pub(crate) const MENU: &str = "[r] retry  [n] next question  [p] play back your answer  [q] quit";

/// The choice a key makes (any case); `None` for a key that means nothing.
/// Esc, Ctrl-C and Ctrl-D quit.
pub(crate) fn menu_choice(key: u8) -> Option<Choice> {
    match key.to_ascii_lowercase() {
        b'r' => Some(Choice::Retry),
        b'n' => Some(Choice::Next),
        b'p' => Some(Choice::Replay),
        b'q' | 0x1b | 0x03 | 0x04 => Some(Choice::Quit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Silence::*;

    #[test]
    fn silence_table() {
        for (stop, spoken, trailing, want) in [
            // Off, or nothing said yet: never stops.
            (0.0, true, 60.0, Listening),
            (8.0, false, 60.0, Listening),
            // A thinking pause of 6 s inside an answer: no countdown yet at 4.9 s,
            // a countdown from 5 s, never a stop before 8 s.
            (8.0, true, 0.2, Listening),
            (8.0, true, 4.9, Listening),
            (8.0, true, 5.0, StoppingIn(3)),
            (8.0, true, 6.0, StoppingIn(2)),
            (8.0, true, 6.5, StoppingIn(2)),
            (8.0, true, 7.99, StoppingIn(1)),
            (8.0, true, 8.0, Stop),
            (8.0, true, 30.0, Stop),
            // A short stop counts down over its last half.
            (2.0, true, 0.9, Listening),
            (2.0, true, 1.0, StoppingIn(1)),
            (2.0, true, 2.0, Stop),
            (4.0, true, 2.0, StoppingIn(2)),
        ] {
            assert_eq!(
                silence_state(stop, spoken, trailing),
                want,
                "stop {stop} spoken {spoken} trailing {trailing}"
            );
        }
    }

    /// Speech cancels a countdown: the trailing silence starts again from 0.
    #[test]
    fn speech_cancels_the_countdown() {
        let run = [5.5, 6.5, 0.0, 0.1, 3.0, 5.2, 8.1];
        let states: Vec<Silence> = run.iter().map(|&t| silence_state(8.0, true, t)).collect();
        assert_eq!(
            states,
            [
                StoppingIn(3),
                StoppingIn(2),
                Listening,
                Listening,
                Listening,
                StoppingIn(3),
                Stop
            ]
        );
    }

    #[test]
    fn prep_table() {
        for (total, elapsed, want) in [
            (30.0, 0.0, Some(30)),
            (30.0, 0.5, Some(30)),
            (30.0, 29.01, Some(1)),
            (30.0, 30.0, None),
            (30.0, 31.0, None),
            (0.0, 0.0, None),
        ] {
            assert_eq!(prep_left(total, elapsed), want, "{total} {elapsed}");
        }
    }

    #[test]
    fn menu_keys() {
        for (key, want) in [
            (b'r', Some(Choice::Retry)),
            (b'R', Some(Choice::Retry)),
            (b'n', Some(Choice::Next)),
            (b'p', Some(Choice::Replay)),
            (b'q', Some(Choice::Quit)),
            (0x1b, Some(Choice::Quit)),
            (0x03, Some(Choice::Quit)),
            (0x04, Some(Choice::Quit)),
            (b'\n', None),
            (b'x', None),
        ] {
            assert_eq!(menu_choice(key), want, "{key}");
        }
        for k in ["[r]", "[n]", "[p]", "[q]"] {
            assert!(MENU.contains(k));
        }
    }
}
