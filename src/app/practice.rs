//! `rehearse practice`: one full rehearsal.
//!
//! 1. Pick the question, check the model and the microphone (fail before the
//!    person speaks, in one line), start loading the model in the background.
//! 2. Play the question (recorded audio, else local text-to-speech, else print
//!    it with a hint); the text is always shown.
//! 3. Record through cpal until Enter, `--max-seconds`, or `--silence-stop`
//!    seconds of silence after speech. The 16 kHz recording goes to a WAV in
//!    the data dir's `recordings/` as it arrives (header updated every second),
//!    so Ctrl-C, a vanished device or a crash never loses it. Finished
//!    stretches of speech are transcribed on a background thread while the
//!    person speaks.
//! 4. Transcribe what is left, analyse exactly as `rehearse score` does,
//!    print, save the attempt, and drop the temporary WAV.

use super::Globals;

mod live;

use crate::analysis::{self, Question, Settings, SpeechActivity, Transcript};
use crate::audio::capture::Capture;
use crate::audio::devices::{self, Direction, QuietAlsa};
use crate::audio::growing_wav::GrowingWav;
use crate::audio::resampler::To16kMono;
use crate::audio::segment::{self, SegmentParams, Segmenter};
use crate::audio::{playback, tts, vad, WHISPER_RATE};
use crate::cli::PracticeArgs;
use crate::transcribe::stream::StreamTranscriber;
use live::{clock, live_line, live_wpm, LiveLine};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Exit code after Ctrl-C (128 + SIGINT, as shells do).
const EXIT_INTERRUPTED: u8 = 130;
/// No audio at all from the device for this long means it is gone.
const STALL: Duration = Duration::from_secs(3);
/// How often the WAV header on disk is brought up to date (seconds of audio).
const FLUSH_EVERY_S: usize = 1;

/// Run `rehearse practice`.
pub fn run(g: &Globals, args: PracticeArgs) -> anyhow::Result<ExitCode> {
    let _quiet_alsa = QuietAlsa::install();
    let stop = interrupt_flag();
    let question = choose_question(g, &args)?;
    // Fail before anyone speaks: no microphone, no model.
    let input = devices::open(Direction::Input, args.device.as_deref())?;
    crate::transcribe::model::resolve(g.model.as_deref())?;
    let mut g2 = g.clone();
    if !args.no_stream {
        g2.threads = Some(streaming_threads(g.threads));
    }
    let mut stream = StreamTranscriber::spawn(move || super::load_transcriber(&g2));

    ask(&question, &args, &stop);
    if stop.load(Ordering::Relaxed) {
        eprintln!("Interrupted before recording; nothing was recorded.");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    {
        let sp = crate::output::progress::spinner(g.quiet, "Loading the speech model");
        let loaded = stream.wait_loaded();
        sp.finish_and_clear();
        loaded?;
    }

    let opts = RecordOptions {
        max_s: args.max_seconds.max(0.5),
        silence_stop_s: args.silence_stop.max(0.0),
        target_s: question.target_seconds as f64,
        streaming: !args.no_stream,
        live: crate::output::progress::visible(g.quiet),
    };
    let cpu0 = cpu_seconds();
    let wall0 = Instant::now();
    let rec = record(&input, &question, &opts, &mut stream, &stop)?;
    let rec_wall = wall0.elapsed().as_secs_f64();
    let rec_cpu = cpu_seconds() - cpu0;
    let stopped_at = Instant::now();
    let wav = rec.wav_path.clone();
    let keep_hint = |path: &Path| score_later(&question.id, path, false);

    match &rec.end {
        End::Interrupted => {
            eprintln!(
                "Interrupted after {}. The recording so far is kept at {}; {}.",
                clock(rec.audio_s()),
                wav.display(),
                keep_hint(&wav)
            );
            return Ok(ExitCode::from(EXIT_INTERRUPTED));
        }
        End::DeviceLost(why) => {
            anyhow::bail!(
                "the input device `{}` stopped after {} ({why}); the recording so far is kept at {}; {}",
                input.name,
                clock(rec.audio_s()),
                wav.display(),
                keep_hint(&wav)
            );
        }
        End::Enter | End::Limit | End::Silence => {}
    }
    if rec.dropped_s > 0.05 {
        eprintln!(
            "warning: {:.1} s of audio were lost because the computer was too busy",
            rec.dropped_s
        );
    }

    // Speech activity over the whole recording, then whatever is left to transcribe.
    let activity = vad::detect(&rec.pcm16, WHISPER_RATE, &vad::VadParams::default());
    let transcript = if activity.is_silent() {
        drop(stream);
        Transcript::default()
    } else {
        for r in remaining_work(&rec, &activity, opts.streaming) {
            stream.submit(r.start, rec.pcm16[r].to_vec());
        }
        stream.poll();
        let sp = crate::output::progress::spinner(
            g.quiet,
            &format!("Transcribing the last {:.0} s", stream.pending_s()),
        );
        let cancel = || stop.load(Ordering::Relaxed);
        let t = stream.finish(&cancel);
        sp.finish_and_clear();
        match t {
            Ok(t) => analysis::keep_voiced(t, &activity),
            Err(e) => {
                if stop.load(Ordering::Relaxed) {
                    eprintln!(
                        "Interrupted. The recording is kept at {}; {}.",
                        wav.display(),
                        keep_hint(&wav)
                    );
                    return Ok(ExitCode::from(EXIT_INTERRUPTED));
                }
                anyhow::bail!(
                    "transcription failed ({e:#}); the recording is kept at {}; {}",
                    wav.display(),
                    keep_hint(&wav)
                );
            }
        }
    };

    let report = analysis::analyse(&transcript, &activity, &question, &Settings::default());
    let latency = stopped_at.elapsed().as_secs_f64();
    if args.output.json {
        println!("{}", crate::output::json::report_json(&report));
    } else {
        let style = crate::output::terminal::Style::detect();
        print!(
            "{}",
            crate::output::terminal::render(&report, &question, style)
        );
        let _ = std::io::stdout().flush();
    }
    if args.timings {
        print_timings(&rec, &activity, opts.streaming, latency, rec_wall, rec_cpu);
    }
    if report.no_speech {
        // The terminal report already says "no speech detected" on stdout.
        let lead = if args.output.json {
            "no speech detected; nothing was scored. "
        } else {
            ""
        };
        eprintln!(
            "{lead}The recording is kept at {}. `rehearse devices` lists the microphones; choose one with --device.",
            wav.display()
        );
        return Ok(ExitCode::from(1));
    }
    match crate::store::attempts::save(&report, &question, &rec.pcm16, WHISPER_RATE) {
        Ok(dir) => {
            let _ = std::fs::remove_file(&wav);
            eprintln!("Saved attempt to {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => anyhow::bail!(
            "could not save the attempt ({e:#}); the recording is kept at {}; {}",
            wav.display(),
            score_later(&question.id, &wav, true)
        ),
    }
}

/// How to score a kept recording later.
fn score_later(question_id: &str, wav: &Path, save: bool) -> String {
    format!(
        "score it later with `rehearse score --question {question_id} --audio {}{}`",
        wav.display(),
        if save { " --save" } else { "" }
    )
}

/// Threads for transcribing while recording: `--threads` when given, else
/// one core fewer than the machine has (at most 4). Recording, the sound
/// server and the live line need a core, and whisper.cpp's threads
/// busy-wait on each other: on a 2-core machine with any other load, two
/// threads ran a 10 s stretch 7x slower than one (23.6 s against 3.3 s).
pub fn streaming_threads(explicit: Option<usize>) -> usize {
    explicit
        .unwrap_or_else(|| {
            let cores = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            cores.saturating_sub(1).clamp(1, 4)
        })
        .max(1)
}

/// A Ctrl-C flag. The first Ctrl-C asks for a clean stop (the recording is
/// kept); a second one exits at once.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    let presses = AtomicU8::new(0);
    let _ = ctrlc::set_handler(move || {
        if presses.fetch_add(1, Ordering::SeqCst) >= 1 {
            eprintln!("\nInterrupted twice; exiting now.");
            std::process::exit(EXIT_INTERRUPTED as i32);
        }
        f.store(true, Ordering::SeqCst);
    });
    flag
}

/// `--question ID|PATH`, else a random question (of `--category` if given).
fn choose_question(g: &Globals, args: &PracticeArgs) -> anyhow::Result<Question> {
    if let Some(id) = &args.question {
        return super::score::pick_question(g, id);
    }
    let bank = crate::store::questions::load_bank(g.questions.as_deref())?;
    let pool: Vec<&Question> = match &args.category {
        Some(c) => bank
            .iter()
            .filter(|q| q.category.eq_ignore_ascii_case(c.trim()))
            .collect(),
        None => bank.iter().collect(),
    };
    if pool.is_empty() {
        let mut cats: Vec<&str> = bank.iter().map(|q| q.category.as_str()).collect();
        cats.sort();
        cats.dedup();
        anyhow::bail!(
            "no question in category `{}`; categories: {}",
            args.category.as_deref().unwrap_or_default(),
            cats.join(", ")
        );
    }
    Ok(pool[random_index(pool.len())].clone())
}

fn random_index(n: usize) -> usize {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = t ^ ((std::process::id() as u64) << 32) ^ 0x9E37_79B9_7F4A_7C15;
    // splitmix64
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x % n.max(1) as u64) as usize
}

/// Show the question and play it: its recording, else text-to-speech, else a hint.
fn ask(q: &Question, args: &PracticeArgs, stop: &AtomicBool) {
    eprintln!();
    eprintln!("Question ({}): {}", q.id, q.question);
    eprintln!("Aim for about {}.", clock(q.target_seconds as f64));
    if args.no_voice {
        return;
    }
    let clip = match &q.audio {
        Some(path) => match crate::audio::wav::read_pcm(path) {
            Ok(p) => Some((
                crate::audio::wav::downmix(&p.samples, p.channels as usize),
                p.sample_rate,
            )),
            Err(e) => {
                eprintln!("(cannot play the question's recording: {e})");
                None
            }
        },
        None => None,
    };
    let clip = match clip {
        Some(c) => c,
        None => match tts::find_engine() {
            None => {
                eprintln!("{}", tts::INSTALL_HINT);
                return;
            }
            Some(engine) => match tts::synthesize(&engine, &q.question) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("(cannot speak the question: {e:#})");
                    return;
                }
            },
        },
    };
    let out = match devices::open(Direction::Output, None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("(cannot play the question: {e})");
            return;
        }
    };
    if let Err(e) = playback::play(&out, &clip.0, clip.1, stop) {
        eprintln!("(cannot play the question: {e:#})");
    }
}

/// Settings of one recording.
struct RecordOptions {
    max_s: f64,
    silence_stop_s: f64,
    target_s: f64,
    streaming: bool,
    live: bool,
}

/// Why recording stopped.
#[derive(Debug, Clone, PartialEq)]
enum End {
    Enter,
    Limit,
    Silence,
    Interrupted,
    DeviceLost(String),
}

/// What was recorded.
struct Recording {
    /// 16 kHz mono.
    pcm16: Vec<f32>,
    /// Stretches already submitted for transcription.
    submitted: Vec<Range<usize>>,
    /// Where the stretch still being collected starts (the rest is left).
    rest: Option<Range<usize>>,
    end: End,
    wav_path: PathBuf,
    dropped_s: f64,
    /// Audio transcribed while recording (s).
    streamed_s: f64,
}

impl Recording {
    fn audio_s(&self) -> f64 {
        self.pcm16.len() as f64 / WHISPER_RATE as f64
    }
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

/// A fresh path for the recording in the data dir's `recordings/`:
/// `20261128-101530-model-rollback.wav` (UTC), numbered if taken.
fn recording_path(question_id: &str) -> anyhow::Result<PathBuf> {
    let dir = crate::store::paths::data_dir().join("recordings");
    std::fs::create_dir_all(&dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create {} ({e}); set REHEARSE_HOME to a writable folder",
            dir.display()
        )
    })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let digits: String = crate::store::attempts::rfc3339(now)
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    let stamp = format!("{}-{}", &digits[..8], &digits[8..]);
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

/// Record until a stop condition; stream finished stretches to `stream`.
fn record(
    input: &devices::OpenDevice,
    question: &Question,
    o: &RecordOptions,
    stream: &mut StreamTranscriber,
    stop: &AtomicBool,
) -> anyhow::Result<Recording> {
    let mut cap = Capture::start(input)?;
    // Say "speak now" only once audio really flows (some servers take a
    // moment to start a stream, and those first words would be lost).
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
    let mut wav = GrowingWav::create(
        &recording_path(&question.id)?,
        WHISPER_RATE,
        FLUSH_EVERY_S * WHISPER_RATE as usize,
    )?;
    let mut conv = To16kMono::new(cap.channels, cap.sample_rate)?;
    let mut seg = Segmenter::new(WHISPER_RATE, SegmentParams::default());
    let enter = enter_flag();
    let started = Instant::now();
    let stop_note = if o.silence_stop_s > 0.0 {
        format!(
            "Enter, {} of silence, or {}",
            secs_words(o.silence_stop_s),
            clock(o.max_s)
        )
    } else {
        format!("Enter, or {}", clock(o.max_s))
    };
    eprintln!(
        "Recording from `{}` — speak now (stops on {stop_note}).",
        cap.device
    );
    let max_samples = (o.max_s * WHISPER_RATE as f64) as usize;
    let mut pcm16: Vec<f32> = Vec::with_capacity(max_samples.min(WHISPER_RATE as usize * 600));
    let mut submitted = Vec::new();
    let mut last_data = Instant::now();
    let mut last_draw = Instant::now() - Duration::from_secs(1);
    let mut ui = LiveLine::new(o.live);
    let end = loop {
        // `raw` may still hold the first samples read above.
        cap.read(&mut raw);
        let got = raw.len();
        let mut audio_end = None;
        if got > 0 {
            last_data = Instant::now();
            // 50 ms at a time, so a stop lands on time even when a fast
            // (virtual) device delivers seconds in one read; what follows the
            // stop is not part of the answer.
            let step = (cap.sample_rate as usize / 20).max(1) * cap.channels.max(1) as usize;
            for piece in raw.chunks(step) {
                let before = pcm16.len();
                conv.push(piece, &mut pcm16);
                pcm16.truncate(max_samples.max(before));
                wav.append(&pcm16[before..]);
                for cut in seg.push(&pcm16[before..]) {
                    if o.streaming {
                        stream.submit(cut.start, pcm16[cut.clone()].to_vec());
                        submitted.push(cut);
                    }
                }
                if pcm16.len() >= max_samples {
                    audio_end = Some(End::Limit);
                    break;
                }
                if o.silence_stop_s > 0.0
                    && seg.has_spoken()
                    && seg.trailing_silence_s() >= o.silence_stop_s
                {
                    audio_end = Some(End::Silence);
                    break;
                }
            }
            raw.clear();
        }
        stream.poll();
        if stop.load(Ordering::Relaxed) {
            break End::Interrupted;
        }
        if let Some(e) = cap.error() {
            break End::DeviceLost(e);
        }
        if let Some(e) = audio_end {
            break e;
        }
        if got == 0 && last_data.elapsed() > STALL {
            break End::DeviceLost(format!("no audio arrived for {} s", STALL.as_secs()));
        }
        if enter.load(Ordering::Relaxed) && started.elapsed() > Duration::from_millis(300) {
            break End::Enter;
        }
        if last_draw.elapsed() >= Duration::from_millis(100) {
            last_draw = Instant::now();
            let secs = pcm16.len() as f64 / WHISPER_RATE as f64;
            ui.draw(&live_line(
                secs,
                o.target_s,
                seg.level_db(),
                live_wpm(&stream.words()),
            ));
        }
        if got == 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let dropped_s = cap.dropped() as f64 / (cap.sample_rate as f64 * cap.channels.max(1) as f64);
    if matches!(end, End::DeviceLost(_)) {
        cap.abandon();
    } else {
        drop(cap);
    }
    // Flush the resampler's tail (not for a broken stream: keep what is there).
    if !matches!(end, End::DeviceLost(_)) {
        let before = pcm16.len();
        conv.finish(&mut pcm16);
        pcm16.truncate(max_samples.max(before));
        wav.append(&pcm16[before..]);
    }
    ui.clear();
    let secs = pcm16.len() as f64 / WHISPER_RATE as f64;
    let why = match &end {
        End::Enter => "Enter".to_string(),
        End::Limit => "time limit".to_string(),
        End::Silence => "silence".to_string(),
        End::Interrupted => "Ctrl-C".to_string(),
        End::DeviceLost(_) => "device lost".to_string(),
    };
    eprintln!("Recorded {} (stopped by {why}).", clock(secs));
    let wav_path = match wav.finish(&pcm16) {
        Ok(p) => p,
        Err(e) => {
            // Last resort: anywhere writable, so the answer is not lost.
            let p = std::env::temp_dir().join(format!("rehearse-{}.wav", std::process::id()));
            eprintln!("warning: {e:#}; writing the recording to {}", p.display());
            crate::audio::wav::write_wav(&p, &pcm16, WHISPER_RATE)?;
            p
        }
    };
    let rest = seg.finish(pcm16.len());
    Ok(Recording {
        streamed_s: stream.audio_done_s(),
        pcm16,
        submitted,
        rest,
        end,
        wav_path,
        dropped_s,
    })
}

/// Set when the person presses Enter (a line on stdin). End of input is not a stop.
fn enter_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    let _ = std::thread::Builder::new()
        .name("enter".into())
        .spawn(move || {
            let mut line = String::new();
            if let Ok(n) = std::io::stdin().read_line(&mut line) {
                if n > 0 {
                    f.store(true, Ordering::Relaxed);
                }
            }
        });
    flag
}

fn secs_words(s: f64) -> String {
    if (s - s.round()).abs() < 1e-9 {
        format!("{} s", s.round() as u64)
    } else {
        format!("{s:.1} s")
    }
}

/// User + system CPU time of this process so far (s).
fn cpu_seconds() -> f64 {
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

fn print_timings(
    rec: &Recording,
    activity: &SpeechActivity,
    streaming: bool,
    stop_to_report_s: f64,
    rec_wall_s: f64,
    rec_cpu_s: f64,
) {
    let audio_s = rec.audio_s();
    let speech_end = activity.last_voice().unwrap_or(audio_s);
    let tail = (audio_s - speech_end).max(0.0);
    let pct = if rec_wall_s > 0.0 {
        rec_cpu_s / rec_wall_s * 100.0
    } else {
        0.0
    };
    eprintln!(
        "timings: mode={} recorded_s={audio_s:.2} speech_end_s={speech_end:.2} \
         stop_to_report_s={stop_to_report_s:.3} speech_end_to_report_s={:.3} \
         stretches_while_recording={} transcribed_while_recording_s={:.1} \
         record_wall_s={rec_wall_s:.2} record_cpu_s={rec_cpu_s:.2} record_cpu_pct={pct:.0}",
        if streaming { "stream" } else { "batch" },
        tail + stop_to_report_s,
        rec.submitted.len(),
        rec.streamed_s,
    );
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // lists of sample ranges
mod tests {
    use super::*;

    #[test]
    fn remaining_work_covers_rest_and_gaps() {
        let rec = Recording {
            pcm16: vec![0.0; 16_000 * 20],
            submitted: vec![0..16_000 * 8],
            rest: Some(16_000 * 14..16_000 * 20),
            end: End::Silence,
            wav_path: PathBuf::new(),
            dropped_s: 0.0,
            streamed_s: 8.0,
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
