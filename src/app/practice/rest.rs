//! After recording stops: transcribe what streaming has not covered yet (the
//! last stretch, and any speech the live cutter missed) and put the whole
//! transcript together.

use super::record::Recording;
use crate::analysis::{SpeechActivity, Transcript};
use crate::audio::{segment, WHISPER_RATE};
use crate::transcribe::stream::StreamTranscriber;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// The full transcript of `rec`: submit the remaining work, wait for it
/// (with a spinner unless `quiet`; Ctrl-C cancels, `stop` tells), keep the
/// words that fall in speech. A silent recording is not transcribed.
pub(super) fn transcribe_rest(
    mut stream: StreamTranscriber,
    rec: &Recording,
    activity: &SpeechActivity,
    streaming: bool,
    quiet: bool,
    stop: &AtomicBool,
) -> anyhow::Result<Transcript> {
    if activity.is_silent() {
        return Ok(Transcript::default());
    }
    for r in remaining_work(rec, activity, streaming) {
        stream.submit(r.start, rec.pcm16[r].to_vec());
    }
    stream.poll();
    let sp = crate::output::progress::spinner(
        quiet,
        &format!("Transcribing the last {:.0} s", stream.pending_s()),
    );
    let cancel = || stop.load(Ordering::Relaxed);
    let t = stream.finish(&cancel);
    sp.finish_and_clear();
    Ok(crate::pipeline::clean_transcript(t?, activity))
}

/// The stretches to transcribe after recording: the last one, and any speech
/// the whole-recording VAD heard that no stretch covered. Without streaming,
/// the whole recording.
fn remaining_work(
    rec: &Recording,
    activity: &SpeechActivity,
    streaming: bool,
) -> Vec<Range<usize>> {
    let total = rec.pcm16.len();
    if !streaming {
        #[allow(clippy::single_range_in_vec_init)] // one stretch: the whole recording
        return vec![0..total];
    }
    let mut covered = rec.submitted.clone();
    let mut todo = Vec::new();
    if let Some(r) = rec.rest.clone() {
        let voiced = activity.regions.iter().any(|&(a, b)| {
            let (a, b) = (
                (a * WHISPER_RATE as f64) as usize,
                (b * WHISPER_RATE as f64) as usize,
            );
            a < r.end && b > r.start
        });
        if voiced {
            covered.push(r.clone());
            todo.push(r);
        }
    }
    todo.extend(segment::uncovered(
        &activity.regions,
        &covered,
        WHISPER_RATE,
        0.3,
        total,
    ));
    todo
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // lists of sample ranges
mod tests {
    use super::super::record::End;
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn remaining_work_covers_rest_and_gaps() {
        let rec = Recording {
            pcm16: vec![0.0; 16_000 * 20],
            submitted: vec![0..16_000 * 8],
            rest: Some(16_000 * 14..16_000 * 20),
            end: End::Silence(8.0),
            wav_path: PathBuf::new(),
            dropped_s: 0.0,
            streamed_s: 8.0,
            frames: Default::default(),
        };
        // Speech at 1-7 s (covered), 10-11 s (missed by the live cutter) and 15-17 s (the rest).
        let act = SpeechActivity {
            audio_s: 20.0,
            regions: vec![(1.0, 7.0), (10.0, 11.0), (15.0, 17.0)],
        };
        let todo = remaining_work(&rec, &act, true);
        assert_eq!(todo, vec![16_000 * 14..16_000 * 20, 155_200..180_800]);
        assert_eq!(remaining_work(&rec, &act, false), vec![0..16_000 * 20]);
        // A silent rest is not transcribed.
        let quiet = SpeechActivity {
            audio_s: 20.0,
            regions: vec![(1.0, 7.0)],
        };
        assert!(remaining_work(&rec, &quiet, true).is_empty());
    }
}
