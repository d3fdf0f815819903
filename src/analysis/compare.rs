//! Two attempts of one question side by side: which measures improved or got
//! worse, and which key points were gained or lost.
//!
//! The attempts are put in time order first (older → newer) whatever order
//! they are given in, so "better" always means the newer attempt improved.
//! Values stay numbers (seconds, wpm, counts, fractions); the renderers
//! format them.

use super::trends::{AttemptRef, HistoryRow};
use super::{Report, Settings};
use serde::Serialize;

/// Version of the `compare --json` layout. 2: values are numbers with a
/// unit, the two attempts' figures are included, attempts in time order.
pub const COMPARISON_VERSION: u32 = 2;

/// Seconds closer to (or further from) the target length that count as a change.
pub const LENGTH_STEP_S: f64 = 5.0;
/// Words per minute closer to (or further from) the comfort band that count.
pub const PACE_STEP_WPM: f64 = 3.0;
/// Fillers per minute fewer (or more) that count.
pub const FILLERS_STEP_PER_MIN: f64 = 0.3;

/// A measure compared between two attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Speaking span against the target length.
    Length,
    /// Overall pace against the comfort band.
    Pace,
    /// Pauses long enough to be dead air.
    DeadAir,
    /// Fillers per minute.
    Fillers,
    /// Fraction of key points covered.
    Coverage,
    /// STAR parts found (of 4).
    StarParts,
}

/// The unit of a compared value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Seconds.
    #[serde(rename = "s")]
    Seconds,
    /// Words per minute.
    Wpm,
    /// A count.
    Count,
    /// Occurrences per minute.
    PerMin,
    /// A fraction (0..1).
    Fraction,
}

/// Which way a change went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The newer attempt is better on this measure.
    Better,
    /// The newer attempt is worse.
    Worse,
    /// No meaningful change.
    Same,
}

/// One measure in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Which measure.
    pub measure: Measure,
    /// Value in the older attempt.
    pub a: f64,
    /// Value in the newer attempt.
    pub b: f64,
    /// Unit of `a` and `b`.
    pub unit: Unit,
    /// Direction of the change from `a` to `b`.
    pub direction: Direction,
}

/// Two attempts of one question side by side, older first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Layout version ([`COMPARISON_VERSION`]).
    pub version: u32,
    /// Question id.
    pub question_id: String,
    /// The older attempt's figures.
    pub a: HistoryRow,
    /// The newer attempt's figures.
    pub b: HistoryRow,
    /// Target length the length change is judged against (s).
    pub target_s: u32,
    /// Comfort band the pace change is judged against (wpm).
    pub comfort_wpm: (f64, f64),
    /// Measures.
    pub changes: Vec<Change>,
    /// Key points covered in B but not in A.
    pub gained: Vec<String>,
    /// Key points covered in A but not in B.
    pub lost: Vec<String>,
    /// Key points covered in both.
    pub kept: Vec<String>,
    /// Key points covered in neither.
    pub still_missing: Vec<String>,
}

fn direction(better: bool, worse: bool) -> Direction {
    match (better, worse) {
        (true, false) => Direction::Better,
        (false, true) => Direction::Worse,
        _ => Direction::Same,
    }
}

/// How far a pace is from the comfort band (0 inside it).
pub fn band_distance(wpm: f64, band: (f64, f64)) -> f64 {
    if wpm < band.0 {
        band.0 - wpm
    } else if wpm > band.1 {
        wpm - band.1
    } else {
        0.0
    }
}

/// Compare two attempts of one question, given in either order: the older
/// (by save time, then id) becomes A, the newer B.
pub fn compare(x: &AttemptRef, y: &AttemptRef, s: &Settings) -> Comparison {
    let (a, b) = if (y.created, y.id) < (x.created, x.id) {
        (y, x)
    } else {
        (x, y)
    };
    let (ra, rb) = (a.report, b.report);
    let band = s.comfort_wpm;
    let target_s = rb.target_s.max(ra.target_s);
    let target = target_s as f64;
    let change = |measure, a: f64, b: f64, unit, direction| Change {
        measure,
        a,
        b,
        unit,
        direction,
    };
    let (da, db) = ((ra.speech_s - target).abs(), (rb.speech_s - target).abs());
    let (pa, pb) = (band_distance(ra.wpm, band), band_distance(rb.wpm, band));
    let (fa, fb) = (ra.fillers_per_min, rb.fillers_per_min);
    let (sa, sb) = (ra.star.count(), rb.star.count());
    let changes = vec![
        change(
            Measure::Length,
            ra.speech_s,
            rb.speech_s,
            Unit::Seconds,
            direction(db + LENGTH_STEP_S < da, db > da + LENGTH_STEP_S),
        ),
        change(
            Measure::Pace,
            ra.wpm,
            rb.wpm,
            Unit::Wpm,
            direction(pb + PACE_STEP_WPM < pa, pb > pa + PACE_STEP_WPM),
        ),
        change(
            Measure::DeadAir,
            ra.dead_air_count as f64,
            rb.dead_air_count as f64,
            Unit::Count,
            direction(
                rb.dead_air_count < ra.dead_air_count,
                rb.dead_air_count > ra.dead_air_count,
            ),
        ),
        change(
            Measure::Fillers,
            fa,
            fb,
            Unit::PerMin,
            direction(
                fb + FILLERS_STEP_PER_MIN < fa,
                fb > fa + FILLERS_STEP_PER_MIN,
            ),
        ),
        change(
            Measure::Coverage,
            ra.coverage,
            rb.coverage,
            Unit::Fraction,
            direction(
                rb.coverage > ra.coverage + 1e-9,
                rb.coverage + 1e-9 < ra.coverage,
            ),
        ),
        change(
            Measure::StarParts,
            sa as f64,
            sb as f64,
            Unit::Count,
            direction(sb > sa, sb < sa),
        ),
    ];
    let mut c = Comparison {
        version: COMPARISON_VERSION,
        question_id: b.question_id.to_string(),
        a: HistoryRow::of(a),
        b: HistoryRow::of(b),
        target_s,
        comfort_wpm: band,
        changes,
        gained: vec![],
        lost: vec![],
        kept: vec![],
        still_missing: vec![],
    };
    key_point_changes(ra, rb, &mut c);
    c
}

/// Sort the key points into gained, lost, kept and still missing from `ra`
/// to `rb`: in B's order, then any only A knew (the question changed
/// between attempts).
fn key_point_changes(ra: &Report, rb: &Report, c: &mut Comparison) {
    let covered_in = |r: &Report, text: &str| {
        r.key_points
            .iter()
            .any(|k| k.covered && k.text.trim() == text.trim())
    };
    let mut points: Vec<&str> = rb.key_points.iter().map(|k| k.text.as_str()).collect();
    for k in &ra.key_points {
        if !points.iter().any(|p| p.trim() == k.text.trim()) {
            points.push(&k.text);
        }
    }
    for k in points {
        let list = match (covered_in(ra, k), covered_in(rb, k)) {
            (false, true) => &mut c.gained,
            (true, false) => &mut c.lost,
            (true, true) => &mut c.kept,
            (false, false) => &mut c.still_missing,
        };
        list.push(k.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{
        KeyPointResult, LengthVerdict, PaceVerdict, StarParts, TranscriptOut, REPORT_VERSION,
    };

    /// A report with the figures compare reads.
    struct Fig {
        speech_s: f64,
        wpm: f64,
        dead_air: usize,
        fillers_per_min: f64,
        /// Key points covered, by index into `POINTS`.
        covered: &'static [usize],
        star: usize,
    }

    const POINTS: [&str; 3] = ["alpha", "beta", "gamma"];

    const BASE: Fig = Fig {
        speech_s: 60.0,
        wpm: 140.0,
        dead_air: 1,
        fillers_per_min: 2.0,
        covered: &[0],
        star: 2,
    };

    fn report(f: &Fig) -> Report {
        Report {
            version: REPORT_VERSION,
            question_id: "q".into(),
            audio_s: f.speech_s + 1.0,
            speech_s: f.speech_s,
            speaking_s: f.speech_s,
            no_speech: false,
            words: 100,
            wpm: f.wpm,
            articulation_wpm: f.wpm,
            pace_verdict: PaceVerdict::Comfortable,
            pace_windows: vec![],
            pauses: vec![],
            dead_air_count: f.dead_air,
            fillers: vec![],
            filler_count: 0,
            fillers_per_min: f.fillers_per_min,
            key_points: POINTS
                .iter()
                .enumerate()
                .map(|(i, t)| KeyPointResult {
                    text: t.to_string(),
                    covered: f.covered.contains(&i),
                    score: 0.5,
                    evidence: None,
                    evidence_start_s: None,
                    negated: false,
                    denial: None,
                })
                .collect(),
            coverage: f.covered.len() as f64 / POINTS.len() as f64,
            star: StarParts {
                situation: f.star > 0,
                task: f.star > 1,
                action: f.star > 2,
                result: f.star > 3,
            },
            target_s: 90,
            length_verdict: LengthVerdict::Short,
            transcript: TranscriptOut::default(),
            voice: None,
            delivery: None,
            tips: vec![],
        }
    }

    fn attempt<'a>(id: &'a str, created: &'a str, r: &'a Report) -> AttemptRef<'a> {
        AttemptRef {
            id,
            created,
            source: "practice",
            question_id: "q",
            report: r,
        }
    }

    fn dir(c: &Comparison, m: Measure) -> Direction {
        c.changes
            .iter()
            .find(|x| x.measure == m)
            .expect("every measure is compared")
            .direction
    }

    #[test]
    fn directions_table() {
        use Direction::*;
        use Measure::*;
        let s = Settings::default();
        // (name, older, newer, measure, expected direction)
        let cases: Vec<(&str, Fig, Fig, Measure, Direction)> = vec![
            (
                "length 6 s nearer the 90 s target",
                BASE,
                Fig {
                    speech_s: 66.0,
                    ..BASE
                },
                Length,
                Better,
            ),
            (
                "length 4 s nearer is no change",
                BASE,
                Fig {
                    speech_s: 64.0,
                    ..BASE
                },
                Length,
                Same,
            ),
            (
                "length 6 s further",
                BASE,
                Fig {
                    speech_s: 54.0,
                    ..BASE
                },
                Length,
                Worse,
            ),
            (
                "overshooting by as much is the same",
                BASE,
                Fig {
                    speech_s: 120.0,
                    ..BASE
                },
                Length,
                Same,
            ),
            (
                "pace into the band",
                Fig { wpm: 100.0, ..BASE },
                Fig { wpm: 125.0, ..BASE },
                Pace,
                Better,
            ),
            (
                "pace inside the band either way",
                Fig { wpm: 121.0, ..BASE },
                Fig { wpm: 159.0, ..BASE },
                Pace,
                Same,
            ),
            (
                "pace 3 wpm further out is no change",
                Fig { wpm: 165.0, ..BASE },
                Fig { wpm: 168.0, ..BASE },
                Pace,
                Same,
            ),
            (
                "pace 4 wpm further out",
                Fig { wpm: 165.0, ..BASE },
                Fig { wpm: 169.0, ..BASE },
                Pace,
                Worse,
            ),
            (
                "less dead air",
                BASE,
                Fig {
                    dead_air: 0,
                    ..BASE
                },
                DeadAir,
                Better,
            ),
            (
                "more dead air",
                BASE,
                Fig {
                    dead_air: 2,
                    ..BASE
                },
                DeadAir,
                Worse,
            ),
            (
                "fillers 0.4/min fewer",
                BASE,
                Fig {
                    fillers_per_min: 1.6,
                    ..BASE
                },
                Fillers,
                Better,
            ),
            (
                "fillers 0.2/min more is no change",
                BASE,
                Fig {
                    fillers_per_min: 2.2,
                    ..BASE
                },
                Fillers,
                Same,
            ),
            (
                "fillers 0.5/min more",
                BASE,
                Fig {
                    fillers_per_min: 2.5,
                    ..BASE
                },
                Fillers,
                Worse,
            ),
            (
                "one more key point",
                BASE,
                Fig {
                    covered: &[0, 2],
                    ..BASE
                },
                Coverage,
                Better,
            ),
            (
                "a key point lost",
                BASE,
                Fig {
                    covered: &[],
                    ..BASE
                },
                Coverage,
                Worse,
            ),
            ("same points", BASE, BASE, Coverage, Same),
            (
                "more STAR parts",
                BASE,
                Fig { star: 4, ..BASE },
                StarParts,
                Better,
            ),
            (
                "fewer STAR parts",
                BASE,
                Fig { star: 1, ..BASE },
                StarParts,
                Worse,
            ),
        ];
        for (name, older, newer, m, want) in cases {
            let (ro, rn) = (report(&older), report(&newer));
            let o = attempt("20261128-101530-q-0001", "2026-11-28T10:15:30.000Z", &ro);
            let n = attempt("20261201-101530-q-0002", "2026-12-01T10:15:30.000Z", &rn);
            let forward = compare(&o, &n, &s);
            assert_eq!(dir(&forward, m), want, "{name}");
            // Given newest first, the same comparison comes out.
            let backward = compare(&n, &o, &s);
            assert_eq!(backward, forward, "{name} (newer given first)");
            assert_eq!(forward.a.id, o.id, "{name}");
            assert_eq!(forward.b.id, n.id, "{name}");
        }
    }

    #[test]
    fn key_points_and_values_are_numbers_in_time_order() {
        let s = Settings::default();
        let older = report(&Fig {
            covered: &[0, 1],
            ..BASE
        });
        let newer = report(&Fig {
            covered: &[1, 2],
            speech_s: 92.0,
            ..BASE
        });
        let o = attempt("20261128-101530-q-0001", "2026-11-28T10:15:30.000Z", &older);
        let n = attempt("20261201-101530-q-0002", "2026-12-01T10:15:30.000Z", &newer);
        let c = compare(&n, &o, &s);
        assert_eq!(c.gained, ["gamma"]);
        assert_eq!(c.lost, ["alpha"]);
        assert_eq!(c.kept, ["beta"]);
        assert!(c.still_missing.is_empty());
        assert_eq!(c.target_s, 90);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["version"], COMPARISON_VERSION);
        assert_eq!(v["a"]["id"], o.id);
        assert_eq!(v["b"]["covered"], 2);
        let length = &v["changes"][0];
        assert_eq!(length["measure"], "length");
        assert_eq!(length["unit"], "s");
        assert_eq!(length["a"].as_f64(), Some(60.0));
        assert_eq!(length["b"].as_f64(), Some(92.0));
        assert_eq!(length["direction"], "better");
        assert_eq!(v["changes"][2]["measure"], "dead_air");
        assert_eq!(v["comfort_wpm"][1].as_f64(), Some(160.0));
    }

    #[test]
    fn same_time_falls_back_to_the_id() {
        let s = Settings::default();
        let (r1, r2) = (report(&BASE), report(&Fig { star: 4, ..BASE }));
        let x = attempt("20261128-101530-q-0002", "2026-11-28T10:15:30.000Z", &r2);
        let y = attempt("20261128-101530-q-0001", "2026-11-28T10:15:30.000Z", &r1);
        let c = compare(&x, &y, &s);
        assert_eq!(c.a.id, y.id);
        assert_eq!(dir(&c, Measure::StarParts), Direction::Better);
    }

    #[test]
    fn band_distance_is_zero_inside() {
        assert_eq!(band_distance(140.0, (120.0, 160.0)), 0.0);
        assert_eq!(band_distance(100.0, (120.0, 160.0)), 20.0);
        assert_eq!(band_distance(190.0, (120.0, 160.0)), 30.0);
    }
}
