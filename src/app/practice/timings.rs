//! `practice --timings` (hidden, for benchmarks): latency and CPU figures on
//! stderr, one `key=value` line.

use super::record::Recording;
use crate::analysis::SpeechActivity;
use crate::app::out::errln;

/// User + system CPU time of this process so far (s).
pub(super) fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage fills the struct we pass; RUSAGE_SELF is always valid.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return tv(u.ru_utime) + tv(u.ru_stime);
        }
    }
    0.0
}

/// Wall and CPU time spent recording (s).
pub(super) struct RecordCost {
    /// Wall-clock time.
    pub wall_s: f64,
    /// CPU time of the whole process meanwhile.
    pub cpu_s: f64,
}

/// The `timings:` line; `stop_to_transcript_s` and `stop_to_report_s` are
/// the times from the stop to the finished transcript and to the printed
/// report.
pub(super) fn print_timings(
    rec: &Recording,
    activity: &SpeechActivity,
    streaming: bool,
    (stop_to_transcript_s, stop_to_report_s): (f64, f64),
    cost: &RecordCost,
) {
    let audio_s = rec.audio_s();
    let speech_end = activity.last_voice().unwrap_or(audio_s);
    let tail = (audio_s - speech_end).max(0.0);
    let (rec_wall_s, rec_cpu_s) = (cost.wall_s, cost.cpu_s);
    let pct = if rec_wall_s > 0.0 {
        rec_cpu_s / rec_wall_s * 100.0
    } else {
        0.0
    };
    errln!(
        "timings: mode={} recorded_s={audio_s:.2} speech_end_s={speech_end:.2} \
         stop_to_transcript_s={stop_to_transcript_s:.3} \
         stop_to_report_s={stop_to_report_s:.3} speech_end_to_report_s={:.3} \
         stretches_while_recording={} transcribed_while_recording_s={:.1} \
         record_wall_s={rec_wall_s:.2} record_cpu_s={rec_cpu_s:.2} record_cpu_pct={pct:.0}",
        if streaming { "stream" } else { "batch" },
        tail + stop_to_report_s,
        rec.submitted.len(),
        rec.streamed_s,
    );
}
