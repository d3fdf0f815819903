//! Real human recordings (`../shared/audio/real/`, see its README) scored
//! with the real model and checked against their own truth: no pause in the
//! telephone chat's leading silence, audiobook word starts against a forced
//! alignment, words per minute against the alignment, and no invented text on
//! 8 kHz telephone audio.

use crate::support::{heavy, succeeded, transcript_words};
use crate::{need_model, need_shared};
use std::path::Path;

/// `rehearse score --json` of `wav` (any bundled question: only timing is
/// checked here).
fn score_json(model: &Path, wav: &Path) -> (serde_json::Value, String) {
    let home = tempfile::tempdir().unwrap();
    let out = succeeded(
        crate::support::rehearse(home.path())
            .env("REHEARSE_MODEL", model)
            .args([
                "score",
                "--json",
                "--question",
                "adapt-to-changing-needs",
                "--audio",
            ])
            .arg(wav),
    );
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lower case, letters and digits only.
pub(crate) fn norm(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn chat_has_no_pause_in_its_leading_silence() {
    // First word at 6.68 s; a faint click at 2–3 s (README of the recordings).
    let model = need_model!();
    let wav = need_shared!("audio/real/pyannote-sample-conversation.wav");
    let _cpu = heavy();
    let (v, _) = score_json(&model, &wav);
    assert_eq!(v["no_speech"], false);
    for p in v["pauses"].as_array().unwrap() {
        let s = p["start_s"].as_f64().unwrap();
        assert!(s >= 6.5, "a pause inside the leading silence: {p}");
    }
    // The speaking span starts with the first word, not with the click.
    let speech_s = v["speech_s"].as_f64().unwrap();
    assert!(
        speech_s <= 30.0 - 6.5,
        "span {speech_s} s includes the click"
    );
    let w = transcript_words(&v);
    assert!(
        w[0].1 >= 6.5,
        "first word placed in the silence: {:?}",
        w[0]
    );
}

/// One audiobook clip's forced alignment: (word, start s, end s), silences left out.
pub(crate) fn alignment(json: &Path) -> Vec<(String, f64, f64)> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    v["w"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| {
            let t = w["t"].as_str().unwrap();
            if t.starts_with('<') {
                return None;
            }
            let b = w["b"].as_f64().unwrap();
            let word = t.split('(').next().unwrap_or(t);
            Some((norm(word), b, b + w["d"].as_f64().unwrap()))
        })
        .collect()
}

#[test]
fn audiobook_word_starts_and_pace_match_the_alignment() {
    let model = need_model!();
    let dir = need_shared!("audio/real/librivox-clips");
    let _cpu = heavy();
    let mut clips: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .collect();
    clips.sort();
    assert_eq!(clips.len(), 5, "{clips:?}");
    let (mut aligned, mut matched, mut close) = (0, 0, 0);
    let (mut words_got, mut span_got, mut span_true) = (0.0, 0.0, 0.0);
    for wav in &clips {
        let truth = alignment(&wav.with_extension("json"));
        let (v, _) = score_json(&model, wav);
        // Match recognised words to aligned ones in order (a few words of
        // slack either way for recognition errors).
        let mut k = 0;
        for (text, start, _) in transcript_words(&v) {
            let t = norm(&text);
            if let Some(j) = (k..truth.len().min(k + 4)).find(|&j| truth[j].0 == t) {
                matched += 1;
                if (start - truth[j].1).abs() <= 0.3 {
                    close += 1;
                }
                k = j + 1;
            }
        }
        aligned += truth.len();
        // The speaking span against the alignment's first and last word.
        let span = truth.last().unwrap().2 - truth[0].1;
        let speech_s = v["speech_s"].as_f64().unwrap();
        assert!(
            (speech_s - span).abs() <= 0.35,
            "{}: speaking span {speech_s} s, aligned words span {span:.2} s",
            wav.display()
        );
        words_got += v["words"].as_f64().unwrap();
        span_got += speech_s;
        span_true += span;
    }
    // Words per minute over the five clips against the alignment's (a clip of
    // eight words moves by 12 % when Whisper writes "ill-disposed" as one).
    let wpm = words_got / span_got * 60.0;
    let true_wpm = aligned as f64 / span_true * 60.0;
    println!(
        "audiobook: {matched} of {aligned} words matched, {close} within 0.3 s; wpm {wpm:.1} vs {true_wpm:.1}"
    );
    assert!(
        (wpm - true_wpm).abs() / true_wpm <= 0.10,
        "wpm {wpm:.1} vs {true_wpm:.1} from the alignment"
    );
    assert!(
        matched as f64 >= 0.8 * aligned as f64,
        "{matched} of {aligned} words recognised"
    );
    assert!(
        close as f64 >= 0.9 * matched as f64,
        "{close} of {matched} word starts within 0.3 s of the alignment"
    );
}

#[test]
fn telephone_8khz_audio_is_transcribed_without_invented_text() {
    let model = need_model!();
    let src = need_shared!("audio/real/asterisk/demo-congrats-16k.wav");
    let script = need_shared!("audio/real/asterisk/demo-congrats.txt");
    let _cpu = heavy();
    // Back to the telephone's own 8 kHz rate (the 16 kHz copy was made from an
    // 8 kHz original, so dropping every other sample after a pair average
    // loses nothing that was there).
    let mut r = hound::WavReader::open(&src).unwrap();
    let x: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("phone-8k.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 8_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&wav, spec).unwrap();
    for p in x.chunks_exact(2) {
        w.write_sample(((p[0] as i32 + p[1] as i32) / 2) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    let (v, _) = score_json(&model, &wav);
    let vocab: std::collections::HashSet<String> = std::fs::read_to_string(&script)
        .unwrap()
        .split_whitespace()
        .map(norm)
        .collect();
    let got = transcript_words(&v);
    assert!(got.len() >= 40, "only {} words: {got:?}", got.len());
    let known = got.iter().filter(|w| vocab.contains(&norm(&w.0))).count();
    assert!(
        known as f64 >= 0.85 * got.len() as f64,
        "{known} of {} words are in the script: {got:?}",
        got.len()
    );
}
