//! Energy-based voice activity detection on 16 kHz mono samples.
//!
//! Pauses are taken from the audio, not from Whisper's timestamps (which
//! absorb silences). The threshold adapts to the recording: it sits between
//! the noise floor and the loud speech frames, so it works for a quiet
//! studio clip and for a noisy laptop microphone alike.

use crate::analysis::SpeechActivity;

/// Frame length in seconds (10 ms).
pub const FRAME_S: f64 = 0.010;

/// Tuning of the detector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VadParams {
    /// Minimum margin above the noise floor (dB).
    pub min_margin_db: f32,
    /// Fraction of the floor-to-loud range added to the floor.
    pub range_fraction: f32,
    /// Recordings whose loud frames are less than this far above the floor
    /// hold no speech (dB). Stationary noise (a fan, pink noise) spans about
    /// 2–10 dB in 10 ms frames; an answer under cafe babble at 12 dB SNR
    /// about 18–23 dB.
    pub min_dynamic_db: f32,
    /// Frames quieter than this are never speech (dBFS). Only a guard
    /// against digital near-silence (16-bit rounding noise is about
    /// -101 dBFS): the threshold itself is relative to the recording's own
    /// floor and speech level, so a far, low-gain microphone (speech peaks
    /// at -38 dBFS, frames at -50) is still heard.
    pub absolute_floor_db: f32,
    /// Gaps shorter than this inside speech are bridged (s).
    pub bridge_s: f64,
    /// Voiced runs shorter than this (after bridging) are dropped as clicks (s).
    pub min_region_s: f64,
}

impl Default for VadParams {
    fn default() -> Self {
        VadParams {
            min_margin_db: 10.0,
            range_fraction: 0.35,
            min_dynamic_db: 14.0,
            absolute_floor_db: -85.0,
            bridge_s: 0.15,
            min_region_s: 0.08,
        }
    }
}

/// Energy per 10 ms frame, in dBFS.
pub fn frame_db(samples: &[f32], rate: u32) -> Vec<f32> {
    let n = ((rate as f64) * FRAME_S).round().max(1.0) as usize;
    samples
        .chunks(n)
        .map(|c| {
            let e = c.iter().map(|v| v * v).sum::<f32>() / c.len() as f32;
            10.0 * (e.max(1e-12)).log10()
        })
        .collect()
}

/// The value at share `p` (0..=1) of ascending `sorted` (not empty): the
/// nearest rank, as every level statistic here reads frame energies.
pub fn percentile(sorted: &[f32], p: f32) -> f32 {
    let i = ((sorted.len() - 1) as f32 * p).round() as usize;
    sorted[i]
}

/// The energy threshold for speech in this recording, or `None` when the
/// recording is stationary noise or silence.
pub fn threshold(db: &[f32], p: &VadParams) -> Option<f32> {
    let mut s = db.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    threshold_of_sorted(&s, p)
}

/// [`threshold`] of frame energies already sorted.
fn threshold_of_sorted(s: &[f32], p: &VadParams) -> Option<f32> {
    if s.is_empty() {
        return None;
    }
    let floor = percentile(s, 0.10);
    let loud = percentile(s, 0.98);
    if loud - floor < p.min_dynamic_db || loud < p.absolute_floor_db + p.min_margin_db {
        return None;
    }
    let t = floor + (p.min_margin_db).max(p.range_fraction * (loud - floor));
    Some(t.max(p.absolute_floor_db))
}

/// Voiced regions of 16 kHz (or any rate) mono audio. Levels are measured in
/// the voice band ([`crate::util::band`]), so the rumble and hum of a room do not
/// count as sound.
pub fn detect(samples: &[f32], rate: u32, p: &VadParams) -> SpeechActivity {
    let audio_s = samples.len() as f64 / rate as f64;
    let db = frame_db(&crate::util::band::voice_band(samples, rate), rate);
    let mut sorted = db.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let Some(t) = threshold_of_sorted(&sorted, p) else {
        return SpeechActivity {
            audio_s,
            regions: vec![],
        };
    };
    let voiced: Vec<bool> = db.iter().map(|&d| d >= t).collect();
    let mut regions = regions_from_frames(&voiced, FRAME_S, audio_s, p);
    widen_to_gap_level(&mut regions, &db, FRAME_S);
    reach_masked_edges(&mut regions, &db, FRAME_S, percentile(&sorted, 0.98));
    SpeechActivity { audio_s, regions }
}

/// The gap between regions `before` and `after` as frames (its first frame,
/// the first frame of `after`) and its own level: the median energy of its
/// middle half. `None` for a gap of 8 frames or fewer.
fn gap_level(
    before: (f64, f64),
    after: (f64, f64),
    db: &[f32],
    frame_s: f64,
) -> Option<(usize, usize, f32)> {
    let e = (before.1 / frame_s).round() as usize;
    let s = ((after.0 / frame_s).round() as usize).min(db.len());
    if s <= e + 8 {
        return None;
    }
    let n = s - e;
    let mut mid: Vec<f32> = db[e + n / 4..s - n / 4].to_vec();
    mid.sort_by(|a, b| a.total_cmp(b));
    Some((e, s, mid[mid.len() / 2]))
}

/// How far above a gap's own level a frame still belongs to the speech
/// beside it (dB).
pub const EDGE_ABOVE_GAP_DB: f32 = 3.0;
/// Most a region's edge moves out into a gap (s).
pub const EDGE_MAX_S: f64 = 0.25;
/// Regions shorter than this (s) keep their edges (see [`detect`]).
pub const EDGE_MIN_REGION_S: f64 = 0.3;

/// Move each region's edges out into the gaps between regions while the
/// sound stays clearly above that gap's own level (its middle half's median
/// energy). One threshold for the whole recording sits well above the noise
/// under cafe babble, so word onsets and fading word ends fall below it and
/// every gap looks longer than it is (a 0.8 s breath between sentences
/// measured 1.0 s, a pause). Measured against the gap itself, an edge ends
/// where the speech meets the room, in silence and in noise alike.
///
/// Only the edges of regions at least [`EDGE_MIN_REGION_S`] long move: a
/// short burst of noise inside a pause stays as short as it was.
fn widen_to_gap_level(regions: &mut [(f64, f64)], db: &[f32], frame_s: f64) {
    let max_frames = (EDGE_MAX_S / frame_s).round() as usize;
    let long: Vec<bool> = regions
        .iter()
        .map(|r| r.1 - r.0 >= EDGE_MIN_REGION_S)
        .collect();
    for i in 1..regions.len() {
        let Some((e, s, gap)) = gap_level(regions[i - 1], regions[i], db, frame_s) else {
            continue;
        };
        let n = s - e;
        let level = gap + EDGE_ABOVE_GAP_DB;
        // Neither edge may cross the gap's middle quarter.
        let mut end = e;
        while end < e + max_frames && end < e + n / 4 && db[end] >= level {
            end += 1;
        }
        let mut start = s;
        while start > s.saturating_sub(max_frames) && start > s - n / 4 && db[start - 1] >= level {
            start -= 1;
        }
        if long[i - 1] {
            regions[i - 1].1 = regions[i - 1].1.max(end as f64 * frame_s);
        }
        if long[i] {
            regions[i].0 = regions[i].0.min(start as f64 * frame_s);
        }
    }
}

/// How far below the loud speech frames a quiet room lets the ends of words
/// be heard by [`detect`] (dB): with a floor 48 dB under the loud frames,
/// the threshold sits 35 % of the way up, 31 dB under them.
pub const QUIET_ROOM_EDGE_DB: f32 = 31.0;
/// Frames at a region's edge whose slope tells how fast the word fades out
/// (or rises in) there.
pub const FADE_FRAMES: usize = 6;
/// A word is taken to fade into the noise only when its sound at the edge
/// falls (rises) at least this fast (dB/s); a sound that stops flat (a
/// hum, a held tone) ends where it is heard to end.
pub const MIN_FADE_DB_PER_S: f32 = 50.0;

/// Give back to the speech the part of each word's fading end and rising
/// start that the room's noise hides. Where a gap's own level (as in
/// [`widen_to_gap_level`]) lies above the level at which a quiet room would
/// still hear a word ([`QUIET_ROOM_EDGE_DB`] under the loud frames), a word
/// fading into that gap goes on fading under the noise: its edge moves out
/// by the time its own fade (the slope of its last [`FADE_FRAMES`] frames)
/// takes to fall through the difference, at most [`EDGE_MAX_S`] and never
/// past the gap's middle quarter; likewise for the rise of the next word.
/// In a quiet room nothing moves; under cafe babble at 12 dB SNR, 0.8 s
/// breaths measured 1.0 s (pauses) because the ends of words lay under the
/// babble.
fn reach_masked_edges(regions: &mut [(f64, f64)], db: &[f32], frame_s: f64, loud: f32) {
    let audible = loud - QUIET_ROOM_EDGE_DB;
    let long = |r: (f64, f64)| r.1 - r.0 >= EDGE_MIN_REGION_S;
    let per_s = (1.0 / frame_s) as f32 / (FADE_FRAMES - 1) as f32;
    for i in 1..regions.len() {
        let Some((e, s, gap)) = gap_level(regions[i - 1], regions[i], db, frame_s) else {
            continue;
        };
        if e < FADE_FRAMES || s + FADE_FRAMES > db.len() {
            continue;
        }
        let n = s - e;
        let hidden = gap + EDGE_ABOVE_GAP_DB - audible;
        if hidden <= 0.0 {
            continue;
        }
        let quarter = (n / 4) as f64 * frame_s;
        let reach = |slope: f32| {
            if slope >= MIN_FADE_DB_PER_S {
                f64::from(hidden / slope).min(EDGE_MAX_S).min(quarter)
            } else {
                0.0
            }
        };
        if long(regions[i - 1]) {
            let fall = (db[e - FADE_FRAMES] - db[e - 1]) * per_s;
            regions[i - 1].1 += reach(fall);
        }
        if long(regions[i]) {
            let rise = (db[s + FADE_FRAMES - 1] - db[s]) * per_s;
            regions[i].0 -= reach(rise);
        }
    }
}

/// Turn per-frame voiced flags into regions: bridge short gaps, drop clicks.
pub fn regions_from_frames(
    voiced: &[bool],
    frame_s: f64,
    audio_s: f64,
    p: &VadParams,
) -> Vec<(f64, f64)> {
    let mut raw: Vec<(f64, f64)> = Vec::new();
    let mut start = None;
    for (i, &v) in voiced.iter().enumerate() {
        match (v, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                raw.push((s as f64 * frame_s, i as f64 * frame_s));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        raw.push((
            s as f64 * frame_s,
            (voiced.len() as f64 * frame_s).min(audio_s),
        ));
    }
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for r in raw {
        match merged.last_mut() {
            Some(last) if r.0 - last.1 < p.bridge_s => last.1 = r.1,
            _ => merged.push(r),
        }
    }
    merged.retain(|r| r.1 - r.0 >= p.min_region_s);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(n: usize, amp: f32) -> Vec<f32> {
        // Deterministic pseudo-noise.
        let mut rng = fastrand::Rng::with_seed(12345);
        (0..n).map(|_| (rng.f32() - 0.5) * 2.0 * amp).collect()
    }

    fn tone(n: usize, amp: f32) -> Vec<f32> {
        (0..n)
            .map(|i| (i as f32 * 0.05).sin() * amp)
            .collect::<Vec<_>>()
    }

    #[test]
    fn silence_and_flat_noise_have_no_speech() {
        let p = VadParams::default();
        assert!(detect(&vec![0.0; 32_000], 16_000, &p).is_silent());
        assert!(detect(&noise(48_000, 0.001), 16_000, &p).is_silent());
        assert!(detect(&noise(48_000, 0.05), 16_000, &p).is_silent());
        assert!(detect(&[], 16_000, &p).is_silent());
    }

    #[test]
    fn finds_speech_and_exact_gaps() {
        let p = VadParams::default();
        let mut x = noise(8_000, 0.0007); // 0.5 s
        x.extend(
            tone(32_000, 0.4)
                .iter()
                .zip(noise(32_000, 0.0007))
                .map(|(a, b)| a + b),
        ); // 2 s
        x.extend(noise(24_000, 0.0007)); // 1.5 s pause
        x.extend(tone(16_000, 0.4)); // 1 s
        x.extend(noise(8_000, 0.0007));
        let a = detect(&x, 16_000, &p);
        assert_eq!(a.regions.len(), 2, "{:?}", a.regions);
        // Within two frames (20 ms; an abrupt stop rings in the voice-band
        // filter for about a frame).
        let near = |got: f64, want: f64| (got - want).abs() <= 2.0 * FRAME_S + 1e-9;
        assert!(near(a.regions[0].0, 0.5), "{:?}", a.regions);
        assert!(near(a.regions[0].1, 2.5), "{:?}", a.regions);
        assert!(near(a.regions[1].0, 4.0), "{:?}", a.regions);
        assert!((a.audio_s - 5.5).abs() < 1e-9);
    }

    /// Mains hum and a fan's rumble are under the voice band: an answer over
    /// a hum only 6 dB below it is still found, with its pause.
    #[test]
    fn hum_under_the_voice_is_not_speech() {
        let p = VadParams::default();
        let voice = |n: usize| -> Vec<f32> {
            (0..n).map(|i| (i as f32 * 0.12).sin() * 0.2).collect() // 306 Hz
        };
        let mut x = vec![0.0f32; 8_000];
        x.extend(voice(16_000));
        x.extend(vec![0.0; 24_000]); // 1.5 s pause
        x.extend(voice(16_000));
        x.extend(vec![0.0; 8_000]);
        for (i, v) in x.iter_mut().enumerate() {
            *v += (i as f32 / 16_000.0 * 50.0 * std::f32::consts::TAU).sin() * 0.1;
        }
        let a = detect(&x, 16_000, &p);
        assert_eq!(a.regions.len(), 2, "{:?}", a.regions);
        assert!((a.regions[0].1 - 1.5).abs() <= 0.03, "{:?}", a.regions);
        assert!((a.regions[1].0 - 3.0).abs() <= 0.03, "{:?}", a.regions);
        // Measured over the whole band the hum fills the pause.
        let whole = frame_db(&x, 16_000);
        let mut sorted = whole.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        assert!(threshold_of_sorted(&sorted, &p).is_none());
    }

    /// Under steady noise the soft start and end of speech (here 0.1 s at
    /// about 9 dB over the noise, below the recording's threshold) still
    /// belong to it: a 0.8 s breath must not measure 1.0 s, a pause.
    #[test]
    fn soft_edges_in_noise_stay_with_the_speech() {
        let p = VadParams::default();
        let loud = |n| tone(n, 0.2);
        let soft = |n| tone(n, 0.02);
        let mut speech: Vec<f32> = Vec::new();
        speech.extend(vec![0.0; 8_000]); // 0.5 s
        speech.extend(loud(16_000)); // 1 s
        speech.extend(soft(1_600)); // 0.1 s fading end
        speech.extend(vec![0.0; 12_800]); // 0.8 s breath
        speech.extend(soft(1_600)); // 0.1 s soft onset
        speech.extend(loud(16_000));
        speech.extend(vec![0.0; 8_000]);
        let x: Vec<f32> = speech
            .iter()
            .zip(noise(speech.len(), 0.01))
            .map(|(a, b)| a + b)
            .collect();
        let db = frame_db(&x, 16_000);
        let t = threshold(&db, &p).expect("speech");
        assert!(
            db[165] < t,
            "the soft edge lies below the threshold ({t} dB)"
        );
        let a = detect(&x, 16_000, &p);
        assert_eq!(a.regions.len(), 2, "{:?}", a.regions);
        let gap = a.regions[1].0 - a.regions[0].1;
        assert!((gap - 0.8).abs() < 0.05, "gap {gap:.2} s, {:?}", a.regions);
    }

    /// Words that fade out and rise in as speech does (100 dB/s down at the
    /// end, 300 dB/s up at the start), with 0.8 s of silence between: under
    /// noise 16 dB below the speech (cafe babble's level), the gap measures
    /// close to what it measures in a quiet room, not the longer gap the
    /// noise leaves between the parts of the words it hides.
    #[test]
    fn a_gap_under_noise_measures_what_it_does_in_a_quiet_room() {
        let p = VadParams::default();
        let fade = |n: usize, db_per_s: f32, rising: bool| -> Vec<f32> {
            (0..n)
                .map(|i| {
                    let k = if rising { n - i } else { i };
                    let g = 10f32.powf(-db_per_s * k as f32 / 16_000.0 / 20.0);
                    (i as f32 * 0.05).sin() * 0.2 * g
                })
                .collect()
        };
        let mut speech: Vec<f32> = vec![0.0; 8_000];
        speech.extend(tone(16_000, 0.2));
        speech.extend(fade(8_000, 100.0, false)); // 0.5 s: 50 dB down
        speech.extend(vec![0.0; 12_800]); // 0.8 s
        speech.extend(fade(2_400, 300.0, true)); // 0.15 s: 45 dB up
        speech.extend(tone(16_000, 0.2));
        speech.extend(vec![0.0; 8_000]);
        let gap = |noise_amp: f32| {
            let x: Vec<f32> = speech
                .iter()
                .zip(noise(speech.len(), noise_amp))
                .map(|(a, b)| a + b)
                .collect();
            let a = detect(&x, 16_000, &p);
            assert_eq!(a.regions.len(), 2, "{:?}", a.regions);
            a.regions[1].0 - a.regions[0].1
        };
        let quiet = gap(0.000_3); // floor about 62 dB under the speech
        let noisy = gap(0.03); // about 16 dB under it
                               // Without giving the hidden fades back, the noise added 0.41 s.
        assert!(
            (noisy - quiet).abs() < 0.15,
            "quiet room {quiet:.2} s, under noise {noisy:.2} s"
        );
    }

    /// A short burst inside a pause (a knock, a gust of fan noise) keeps
    /// its own edges: widening is for the edges of speech.
    #[test]
    fn a_short_burst_in_a_pause_does_not_grow() {
        let p = VadParams::default();
        let mut x: Vec<f32> = vec![0.0; 8_000];
        x.extend(tone(16_000, 0.2)); // 1 s of speech
        x.extend(vec![0.0; 14_800]); // 0.925 s
        x.extend(tone(2_400, 0.2)); // a 0.15 s burst
        x.extend(tone(3_200, 0.02)); // its 0.2 s soft tail
        x.extend(vec![0.0; 11_600]);
        x.extend(tone(16_000, 0.2));
        let x: Vec<f32> = x
            .iter()
            .zip(noise(x.len(), 0.01))
            .map(|(a, b)| a + b)
            .collect();
        let a = detect(&x, 16_000, &p);
        assert_eq!(a.regions.len(), 3, "{:?}", a.regions);
        let burst = a.regions[1].1 - a.regions[1].0;
        assert!(
            (burst - 0.15).abs() < 0.03,
            "burst {burst:.2} s: {:?}",
            a.regions
        );
    }

    #[test]
    fn a_far_low_gain_microphone_is_still_heard() {
        // Speech frames at -63 dBFS over a -95 dBFS floor (a far, low-gain microphone).
        let p = VadParams::default();
        let mut x = noise(8_000, 0.000_02);
        x.extend(
            tone(32_000, 0.001)
                .iter()
                .zip(noise(32_000, 0.000_02))
                .map(|(a, b)| a + b),
        );
        x.extend(noise(24_000, 0.000_02));
        x.extend(tone(16_000, 0.001));
        x.extend(noise(8_000, 0.000_02));
        let a = detect(&x, 16_000, &p);
        assert_eq!(a.regions.len(), 2, "{:?}", a.regions);
        assert!((a.regions[0].0 - 0.5).abs() < 0.02 && (a.regions[1].0 - 4.0).abs() < 0.02);
    }

    #[test]
    fn bridges_short_gaps_and_drops_clicks() {
        let p = VadParams::default();
        let f = |s: &str| s.chars().map(|c| c == '#').collect::<Vec<_>>();
        // 10 ms frames: a 50 ms gap is bridged, a 30 ms blip is dropped.
        let v = f("....##########.....##########....................###..........");
        let r = regions_from_frames(&v, 0.01, 1.0, &p);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!((r[0].0 - 0.04).abs() < 1e-9 && (r[0].1 - 0.29).abs() < 1e-9);
    }
}
