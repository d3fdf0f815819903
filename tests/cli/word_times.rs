//! Whisper's own word times (before any re-timing by the audio) at a pause,
//! against a forced alignment: two audiobook clips (`../shared/audio/real/`)
//! joined by 2.5 s of silence. Whisper's interpolated token times stretch the
//! word before a pause over it and start the word after it early; with
//! whisper.cpp's DTW alignment (on for the released models, see
//! `rehearse::transcribe::dtw`) both stay near their sound.

use crate::real_audio::{alignment, norm};
use crate::support::heavy;
use crate::{need_model, need_shared};
use rehearse::transcribe::whisper::{WhisperOptions, WhisperTranscriber};
use rehearse::transcribe::Transcriber;

/// Silence between the two clips (s).
const GAP_S: f64 = 2.5;
/// Largest error allowed at the pause's edges (s). With DTW the word before
/// the pause ends within 0.1 s of its sound and the word after it starts
/// about 0.4 s early (the alignment moves on to it a little before its
/// sound); Whisper's own times start that word 2.6 s early, in the middle of
/// the silence.
const EDGE_S: f64 = 0.5;

#[test]
fn raw_word_times_hold_at_a_pause() {
    let model = need_model!();
    let dir = need_shared!("audio/real/librivox-clips");
    if rehearse::transcribe::dtw::preset_for_file(&model).is_none() {
        eprintln!("skip: {} has no DTW alignment heads", model.display());
        return;
    }
    let _cpu = heavy();
    let clip = |n: &str| dir.join(format!("sense_and_sensibility_01_austen_64kb-{n}"));
    let (a, b) = (clip("0870"), clip("0880"));
    let mut samples = rehearse::audio::wav::read_16k_mono(&a.with_extension("wav")).unwrap();
    let b_at = samples.len() as f64 / 16_000.0 + GAP_S;
    samples.resize(samples.len() + (GAP_S * 16_000.0) as usize, 0.0);
    samples.extend(rehearse::audio::wav::read_16k_mono(&b.with_extension("wav")).unwrap());
    let (before, after) = (
        alignment(&a.with_extension("json")).pop().unwrap(),
        alignment(&b.with_extension("json")).remove(0),
    );

    let mut tr = WhisperTranscriber::load(&model, WhisperOptions::default()).unwrap();
    let t = tr.transcribe(&samples).unwrap();
    let times = |text: &str| -> Vec<(f64, f64)> {
        t.words
            .iter()
            .filter(|w| norm(&w.text) == text)
            .map(|w| (w.start_s, w.end_s))
            .collect()
    };
    // The last word of the first clip and the first of the second, as
    // recognised nearest their aligned times.
    let end = times(&before.0)
        .into_iter()
        .map(|(_, e)| e)
        .min_by(|x, y| (x - before.2).abs().total_cmp(&(y - before.2).abs()));
    let start = times(&after.0).into_iter().map(|(s, _)| s).min_by(|x, y| {
        (x - b_at - after.1)
            .abs()
            .total_cmp(&(y - b_at - after.1).abs())
    });
    let words: Vec<String> = t
        .words
        .iter()
        .map(|w| format!("{}@{:.2}-{:.2}", w.text, w.start_s, w.end_s))
        .collect();
    let end = end.unwrap_or_else(|| panic!("`{}` not recognised: {words:?}", before.0));
    let start = start.unwrap_or_else(|| panic!("`{}` not recognised: {words:?}", after.0));
    assert!(
        (end - before.2).abs() <= EDGE_S,
        "`{}` ends at {end:.2} s, aligned {:.2} s: {words:?}",
        before.0,
        before.2
    );
    assert!(
        (start - b_at - after.1).abs() <= EDGE_S,
        "`{}` starts at {start:.2} s, aligned {:.2} s: {words:?}",
        after.0,
        b_at + after.1
    );
}
