//! Recording one answer: capture until a stop, keep it safe on disk, and feed
//! finished stretches of speech to the streaming transcriber.
//!
//! The steps, each its own function:
//! 1. [`wait_for_audio`]: start the stream and wait until samples really flow
//!    (only then say "speak now"), or fail in one line.
//! 2. [`Recorder::feed`]: each read from the device, 50 ms at a time,
//!    converted to 16 kHz mono, appended to the growing WAV, cut into
//!    stretches for the transcriber; the limit and the silence stop are
//!    checked after every piece.
//! 3. [`Recorder::should_stop`]: Ctrl-C, a device error, the audio stop from
//!    step 2, a stalled device, Enter, in that order.
//! 4. [`Recorder::draw`]: the live line, ten times a second.
//! 5. [`Recorder::finish`]: close the stream, flush the resampler, finish the
//!    WAV (or write it anywhere writable), say how long and why it stopped.

use super::keys::Keys;
use super::live::{clock, live_line, live_wpm, LiveLine};
use super::stops::{silence_state, Silence};
use crate::analysis::voice::frames::{FrameMeter, Frames};
use crate::analysis::Question;
use crate::app::out::errln;
use crate::audio::capture::Capture;
use crate::audio::devices::OpenDevice;
use crate::audio::growing_wav::GrowingWav;
use crate::audio::resampler::To16kMono;
use crate::audio::segment::{SegmentParams, Segmenter};
use crate::audio::WHISPER_RATE;
use crate::transcribe::stream::StreamTranscriber;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// No audio at all from the device for this long means it is gone.
const STALL: Duration = Duration::from_secs(3);
/// How often the WAV header on disk is brought up to date (seconds of audio).
const FLUSH_EVERY_S: usize = 1;
/// Enter pressed earlier than this after the start is not a stop (keys
/// pressed before are dropped; this also covers one read just under way).
const ENTER_GRACE: Duration = Duration::from_millis(300);
/// How often the live line is redrawn.
const DRAW_EVERY: Duration = Duration::from_millis(100);

/// Settings of one recording.
pub(super) struct RecordOptions {
    /// `--max-seconds`.
    pub max_s: f64,
    /// `--silence-stop` (0 = off).
    pub silence_stop_s: f64,
    /// The question's target length, for the live line.
    pub target_s: f64,
    /// Transcribe finished stretches while recording.
    pub streaming: bool,
    /// Draw the live line.
    pub live: bool,
    /// Folder for the recording while it is made.
    pub recordings: PathBuf,
}

/// Why recording stopped.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum End {
    /// The person pressed Enter.
    Enter,
    /// `--max-seconds` reached.
    Limit,
    /// `--silence-stop` seconds of silence after speech (that many seconds).
    Silence(f64),
    /// Ctrl-C.
    Interrupted,
    /// The device failed or stopped delivering audio (why).
    DeviceLost(String),
}

impl End {
    /// The stop as said after "stopped by".
    fn cause(&self) -> &'static str {
        match self {
            End::Enter => "Enter",
            End::Limit => "time limit",
            End::Silence(_) => "silence",
            End::Interrupted => "Ctrl-C",
            End::DeviceLost(_) => "device lost",
        }
    }
}

/// What was recorded.
pub(super) struct Recording {
    /// 16 kHz mono.
    pub pcm16: Vec<f32>,
    /// Stretches already submitted for transcription.
    pub submitted: Vec<Range<usize>>,
    /// The stretch still being collected when recording stopped (not yet
    /// submitted).
    pub rest: Option<Range<usize>>,
    /// Why recording stopped.
    pub end: End,
    /// The WAV on disk holding `pcm16`.
    pub wav_path: PathBuf,
    /// Audio lost because the reader fell behind (s).
    pub dropped_s: f64,
    /// Audio transcribed while recording (s).
    pub streamed_s: f64,
    /// The voice frames of `pcm16`, measured while recording (the voice
    /// measures need no pass over the whole answer after it).
    pub frames: Frames,
}

impl Recording {
    /// Length of the recording (s).
    pub fn audio_s(&self) -> f64 {
        self.pcm16.len() as f64 / WHISPER_RATE as f64
    }
}

/// Record until a stop condition; stream finished stretches to `stream`.
pub(super) fn record(
    input: &OpenDevice,
    question: &Question,
    o: &RecordOptions,
    stream: &mut StreamTranscriber,
    stop: &AtomicBool,
    keys: &Keys,
) -> anyhow::Result<Recording> {
    let mut cap = Capture::start(input)?;
    // `raw` may already hold the first samples.
    let mut raw = wait_for_audio(&mut cap, stop)?;
    let wav = GrowingWav::create(
        &recording_path(&o.recordings, &question.id)?,
        WHISPER_RATE,
        FLUSH_EVERY_S * WHISPER_RATE as usize,
    )?;
    let mut rec = Recorder::new(&cap, wav, o)?;
    // Keys pressed while the question played or the model loaded never stop
    // the recording.
    keys.drain();
    errln!(
        "Recording from `{}` — speak now (stops on {}).",
        cap.device,
        stop_note(o)
    );
    let end = loop {
        cap.read(&mut raw);
        let got = raw.len();
        let audio_end = if got > 0 {
            rec.feed(&raw, &cap, stream)
        } else {
            None
        };
        raw.clear();
        stream.poll();
        if let Some(end) = rec.should_stop(&cap, audio_end, got, stop, keys) {
            stream.recording_stopped();
            break end;
        }
        rec.draw(stream);
        if got == 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    rec.finish(cap, end, stream)
}

/// Wait until the device delivers samples (some servers take a moment to
/// start a stream, and words said before that would be lost), or Ctrl-C.
/// Returns what arrived.
fn wait_for_audio(cap: &mut Capture, stop: &AtomicBool) -> anyhow::Result<Vec<f32>> {
    let mut raw = Vec::new();
    let waiting = Instant::now();
    while cap.read(&mut raw) == 0 && !stop.load(Ordering::Relaxed) {
        if let Some(e) = cap.error() {
            anyhow::bail!(
                "the input device `{}` failed to start ({e}); check it with `rehearse devices` or choose another with --device",
                cap.device
            );
        }
        if waiting.elapsed() > STALL {
            anyhow::bail!(
                "the input device `{}` delivers no audio; check it with `rehearse devices` or choose another with --device",
                cap.device
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(raw)
}

/// "Enter, 8 s of silence, or 5:00" — what ends the recording.
fn stop_note(o: &RecordOptions) -> String {
    if o.silence_stop_s > 0.0 {
        format!(
            "Enter, {} of silence, or {}",
            secs_words(o.silence_stop_s),
            clock(o.max_s)
        )
    } else {
        format!("Enter, or {}", clock(o.max_s))
    }
}

/// The state of a recording in progress.
struct Recorder<'o> {
    o: &'o RecordOptions,
    conv: To16kMono,
    seg: Segmenter,
    wav: GrowingWav,
    /// Everything so far, 16 kHz mono.
    pcm16: Vec<f32>,
    /// `--max-seconds` in samples.
    max_samples: usize,
    submitted: Vec<Range<usize>>,
    started: Instant,
    last_data: Instant,
    last_draw: Instant,
    ui: LiveLine,
    /// Where the current silence stands (for the countdown).
    silence: Silence,
    /// The voice frames, measured as the audio arrives.
    meter: FrameMeter,
}

impl<'o> Recorder<'o> {
    fn new(cap: &Capture, wav: GrowingWav, o: &'o RecordOptions) -> anyhow::Result<Self> {
        let max_samples = (o.max_s * WHISPER_RATE as f64) as usize;
        Ok(Recorder {
            o,
            conv: To16kMono::new(cap.channels, cap.sample_rate)?,
            seg: Segmenter::new(WHISPER_RATE, SegmentParams::default()),
            wav,
            pcm16: Vec::with_capacity(max_samples.min(WHISPER_RATE as usize * 600)),
            max_samples,
            submitted: Vec::new(),
            started: Instant::now(),
            last_data: Instant::now(),
            last_draw: Instant::now() - Duration::from_secs(1),
            ui: LiveLine::new(o.live),
            silence: Silence::Listening,
            meter: FrameMeter::new(WHISPER_RATE),
        })
    }

    /// Take one read of interleaved device samples, 50 ms at a time, so a
    /// stop lands on time even when a fast (virtual) device delivers seconds
    /// in one read; what follows the stop is not part of the answer. Returns
    /// the stop the audio itself calls for (limit or silence).
    fn feed(&mut self, raw: &[f32], cap: &Capture, stream: &mut StreamTranscriber) -> Option<End> {
        self.last_data = Instant::now();
        let step = (cap.sample_rate as usize / 20).max(1) * cap.channels.max(1) as usize;
        raw.chunks(step).find_map(|piece| self.push(piece, stream))
    }

    /// Convert, keep and segment one piece; then check the limit and the
    /// silence stop.
    fn push(&mut self, piece: &[f32], stream: &mut StreamTranscriber) -> Option<End> {
        let before = self.pcm16.len();
        self.conv.push(piece, &mut self.pcm16);
        self.pcm16.truncate(self.max_samples.max(before));
        self.wav.append(&self.pcm16[before..]);
        for cut in self.seg.push(&self.pcm16[before..]) {
            if self.o.streaming {
                stream.submit(cut.start, self.pcm16[cut.clone()].to_vec());
                self.submitted.push(cut);
            }
        }
        self.meter.advance(&self.pcm16);
        if self.pcm16.len() >= self.max_samples {
            return Some(End::Limit);
        }
        self.silence = silence_state(
            self.o.silence_stop_s,
            self.seg.has_spoken(),
            self.seg.trailing_silence_s(),
        );
        (self.silence == Silence::Stop).then_some(End::Silence(self.o.silence_stop_s))
    }

    /// Whether to stop now, and why: Ctrl-C, a device error, the stop the
    /// audio called for (`audio_end`), a stalled device, Enter.
    fn should_stop(
        &self,
        cap: &Capture,
        audio_end: Option<End>,
        got: usize,
        stop: &AtomicBool,
        keys: &Keys,
    ) -> Option<End> {
        if stop.load(Ordering::Relaxed) {
            return Some(End::Interrupted);
        }
        if let Some(e) = cap.error() {
            return Some(End::DeviceLost(e));
        }
        if audio_end.is_some() {
            return audio_end;
        }
        if got == 0 && self.last_data.elapsed() > STALL {
            return Some(End::DeviceLost(format!(
                "no audio arrived for {} s",
                STALL.as_secs()
            )));
        }
        if keys.enter(Duration::ZERO) && self.started.elapsed() > ENTER_GRACE {
            return Some(End::Enter);
        }
        None
    }

    /// Redraw the live line when it is due.
    fn draw(&mut self, stream: &StreamTranscriber) {
        if self.last_draw.elapsed() < DRAW_EVERY {
            return;
        }
        self.last_draw = Instant::now();
        let secs = self.pcm16.len() as f64 / WHISPER_RATE as f64;
        let mut line = live_line(
            secs,
            self.o.target_s,
            self.seg.level_db(),
            live_wpm(&stream.words()),
            match self.silence {
                Silence::StoppingIn(n) => Some(n),
                _ => None,
            },
        );
        // Input level advice (issue 8): too quiet or clipping, said live.
        if let Some(w) = self.seg.level_warning() {
            line = format!("{line}  ⚠ {w}");
        }
        self.ui.draw(&line);
    }

    /// Close the stream and the WAV; say how long and why.
    fn finish(
        mut self,
        cap: Capture,
        end: End,
        stream: &StreamTranscriber,
    ) -> anyhow::Result<Recording> {
        let dropped_s =
            cap.dropped() as f64 / (cap.sample_rate as f64 * cap.channels.max(1) as f64);
        if matches!(end, End::DeviceLost(_)) {
            cap.abandon();
        } else {
            drop(cap);
            // Flush the resampler's tail (not for a broken stream: keep what is there).
            let before = self.pcm16.len();
            self.conv.finish(&mut self.pcm16);
            self.pcm16.truncate(self.max_samples.max(before));
            self.wav.append(&self.pcm16[before..]);
        }
        self.ui.clear();
        let secs = self.pcm16.len() as f64 / WHISPER_RATE as f64;
        match &end {
            End::Silence(s) => errln!(
                "Recorded {} (stopped by silence: {} without speech; --silence-stop sets how long).",
                clock(secs),
                secs_words(*s)
            ),
            _ => errln!("Recorded {} (stopped by {}).", clock(secs), end.cause()),
        }
        let wav_path = match self.wav.finish(&self.pcm16) {
            Ok(p) => p,
            Err(e) => {
                // Last resort: anywhere writable, so the answer is not lost.
                let p = std::env::temp_dir().join(format!("rehearse-{}.wav", std::process::id()));
                errln!("warning: {e:#}; writing the recording to {}", p.display());
                crate::audio::wav::write_wav(&p, &self.pcm16, WHISPER_RATE)?;
                p
            }
        };
        let rest = self.seg.finish(self.pcm16.len());
        let frames = self.meter.finish(&self.pcm16);
        Ok(Recording {
            frames,
            streamed_s: stream.audio_done_s(),
            pcm16: self.pcm16,
            submitted: self.submitted,
            rest,
            end,
            wav_path,
            dropped_s,
        })
    }
}

/// A fresh path for the recording in the data dir's `recordings/`:
/// `20261128-101530-model-rollback.wav` (UTC), numbered if taken.
fn recording_path(dir: &Path, question_id: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create {} ({e}); set REHEARSE_HOME to a writable folder",
            dir.display()
        )
    })?;
    let stamp = crate::store::attempts::folder_stamp(std::time::SystemTime::now());
    let slug: String = question_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let mut path = dir.join(format!("{stamp}-{slug}.wav"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stamp}-{slug}-{n}.wav"));
        n += 1;
    }
    Ok(path)
}

/// `4.0` → "4 s", `2.5` → "2.5 s".
fn secs_words(s: f64) -> String {
    if (s - s.round()).abs() < 1e-9 {
        format!("{} s", s.round() as u64)
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_note_names_every_stop() {
        let mut o = RecordOptions {
            max_s: 300.0,
            silence_stop_s: 4.0,
            target_s: 90.0,
            streaming: true,
            live: false,
            recordings: PathBuf::new(),
        };
        assert_eq!(stop_note(&o), "Enter, 4 s of silence, or 5:00");
        o.silence_stop_s = 2.5;
        assert_eq!(stop_note(&o), "Enter, 2.5 s of silence, or 5:00");
        o.silence_stop_s = 0.0;
        assert_eq!(stop_note(&o), "Enter, or 5:00");
    }
}
