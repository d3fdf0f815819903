//! End-to-end tests of `rehearse practice` through a real audio path: a
//! private PulseAudio server whose virtual microphone plays a labelled dev
//! clip, and whose virtual speaker is recorded to check the spoken question.
//! Nothing is mocked: cpal, ALSA's pulse plugin, the resampler, the streaming
//! transcriber and the real Whisper model all run.
//!
//! Needs `pulseaudio pulseaudio-utils libasound2-plugins espeak-ng`, a
//! model and the dev set (see [`crate::support`]: without them the tests
//! fail under `REHEARSE_REQUIRE_MODEL=1`, else skip saying why).

use crate::support::audio::*;
use crate::support::realtime;
use crate::{need_dev_set, need_model};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

fn questions_arg(dev: &Path) -> String {
    dev.join("questions").display().to_string()
}

/// The labels of one dev clip (by file-name prefix such as "d01").
fn label(dev: &Path, prefix: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dev.join("labels.json")).expect("labels.json"),
    )
    .expect("labels.json is JSON");
    all.as_array()
        .expect("labels is a list")
        .iter()
        .find(|l| l["file"].as_str().is_some_and(|f| f.starts_with(prefix)))
        .cloned()
        .unwrap_or_else(|| panic!("no clip {prefix} in labels.json"))
}

fn clip(dev: &Path, prefix: &str) -> PathBuf {
    let l = label(dev, prefix);
    dev.join("audio")
        .join(l["file"].as_str().expect("file name"))
}

fn env_with_model(va: &VirtualAudio, model: &std::path::Path) -> Vec<(String, String)> {
    let mut env = va.env();
    env.push(("REHEARSE_MODEL".into(), model.display().to_string()));
    env
}

fn wav_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "wav"))
                .collect()
        })
        .unwrap_or_default()
}

/// The whole rehearsal: the question is spoken on the speaker, the answer
/// (clip d01, which covers all six key points) comes through the microphone,
/// recording stops on trailing silence, stretches are transcribed while
/// recording, and the saved attempt holds the same audio and a report that
/// covers the labelled key points.
#[test]
fn practice_end_to_end_through_virtual_mic() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let spk_raw = va.dir.path().join("speaker.raw");
    let mut parec = va.record_speaker(&spk_raw);
    let answer = clip(&dev, "d01");
    let q = questions_arg(&dev);
    let mut run = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "model-rollback",
            "--silence-stop",
            "2",
            "--json",
            "--timings",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::null(),
    );
    // The question is played first; recording starts after it.
    run.wait_for_stderr("Recording from", Duration::from_secs(60));
    let mut play = va.speak_into_mic(&answer);
    let done = run.finish(Duration::from_secs(600));
    let _ = play.wait();
    let _ = parec.kill();
    let _ = parec.wait();
    eprintln!("--- stderr ---\n{}", done.stderr);
    assert!(
        done.status.success(),
        "exit {}: {}",
        done.status,
        done.stderr
    );
    assert!(
        done.stderr.contains("stopped by silence"),
        "{}",
        done.stderr
    );

    // Transcription started while the answer was still being given.
    let streamed = timing(&done.stderr, "stretches_while_recording").expect("timings line");
    assert!(
        streamed >= 1.0,
        "nothing was sent to Whisper while recording"
    );

    // The report: the same JSON as `rehearse score --json`.
    let report: serde_json::Value = serde_json::from_str(&done.stdout).expect("report JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(report["question_id"], "model-rollback");
    assert_eq!(report["no_speech"], false);
    let words = report["words"].as_u64().unwrap();
    assert!(
        (100..=160).contains(&words),
        "{words} words (script has 129)"
    );
    let labelled: Vec<u64> = label(&dev, "d01")["covered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let kp = report["key_points"].as_array().unwrap();
    let hit = labelled
        .iter()
        .filter(|&&i| kp[i as usize]["covered"] == true)
        .count();
    assert!(
        hit * 3 >= labelled.len() * 2,
        "only {hit} of {} labelled key points covered: {kp:#?}",
        labelled.len()
    );

    // The saved attempt holds what was said into the microphone.
    let saved = done
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("Saved attempt to "))
        .expect("saved attempt line");
    let wav = std::path::Path::new(saved.trim()).join("answer.wav");
    let rec = read_16k(&wav);
    let injected = read_16k(&answer);
    let (corr, lag) = align(&rec, &injected, 5.0);
    eprintln!(
        "answer.wav vs d01: correlation {corr:.3} at lag {:.2} s",
        lag as f64 / 16_000.0
    );
    assert!(
        corr >= 0.9,
        "saved WAV does not match the injected clip: {corr:.3}"
    );
    // The temporary recording was replaced by the attempt.
    assert!(wav_files(&home.join("recordings")).is_empty());

    // The question was spoken (espeak-ng) on the speaker.
    let heard = read_raw_s16(&spk_raw);
    assert!(
        loudest_second_db(&heard) > -35.0,
        "nothing was played on the speaker"
    );
    let text = rehearse::store::questions::load_file(&dev.join("questions/model-rollback.toml"))
        .unwrap()
        .question;
    if let Some(engine) = rehearse::audio::tts::find_engine() {
        let (tts, rate) = rehearse::audio::tts::synthesize(&engine, &text).unwrap();
        let tts16 = rehearse::audio::wav::resample(&tts, rate, 16_000);
        let (c, _) = align(&heard, &tts16, 10.0);
        eprintln!("speaker vs espeak question: correlation {c:.3}");
        assert!(
            c >= 0.8,
            "the speaker did not play the spoken question ({c:.3})"
        );
    }
}

/// What is left after an answer was cut short.
struct CutShort {
    /// The sound server's temp dir holds `home`: keep it alive.
    _va: VirtualAudio,
    /// How the run ended.
    done: Finished,
    /// The WAV that was kept, and its length in seconds.
    kept: PathBuf,
    kept_s: f64,
}

/// Practise `metric-disagreement`, play clip d05 into the microphone, call
/// `cut` `after_s` seconds in, and check what every way of cutting an answer
/// short must do: the audio captured so far is kept in the data folder's
/// `recordings/` (its path on stderr), it is the clip (`after_s` ± 3 s of
/// it), and nothing is scored or saved as an attempt. `None`: skipped (no
/// model or dev set; see [`crate::support`]).
fn answer_cut_short(after_s: u64, cut: fn(&Rehearse, &mut VirtualAudio)) -> Option<CutShort> {
    let model = crate::support::model()?;
    let dev = crate::support::dev_set()?;
    let _rt = realtime();
    let mut va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let answer = clip(&dev, "d05");
    let q = questions_arg(&dev);
    let mut run = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "metric-disagreement",
            "--no-voice",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::null(),
    );
    run.wait_for_stderr("Recording from", Duration::from_secs(60));
    let mut play = va.speak_into_mic(&answer);
    std::thread::sleep(Duration::from_secs(after_s));
    cut(&run, &mut va);
    let done = run.finish(Duration::from_secs(60));
    let _ = play.kill();
    let _ = play.wait();
    eprintln!("--- stderr ---\n{}", done.stderr);
    let kept = path_after(&done.stderr, "kept at ").expect("path of the kept WAV");
    assert!(
        kept.starts_with(home.join("recordings")),
        "{}",
        kept.display()
    );
    let rec = read_16k(&kept);
    let kept_s = rec.len() as f64 / 16_000.0;
    let t = after_s as f64;
    assert!((t - 3.0..t + 3.0).contains(&kept_s), "kept {kept_s:.1} s");
    let (corr, _) = align(&rec, &read_16k(&answer), 5.0);
    assert!(
        corr >= 0.9,
        "partial WAV does not match the clip: {corr:.3}"
    );
    // Nothing was scored or saved as an attempt.
    assert!(!home.join("attempts").exists() || wav_files(&home.join("attempts")).is_empty());
    Some(CutShort {
        _va: va,
        done,
        kept,
        kept_s,
    })
}

/// Ctrl-C in the middle of an answer stops cleanly, keeps the WAV captured so
/// far, says where it is and how to score it, and exits 130.
#[test]
fn ctrl_c_mid_answer_keeps_partial_recording() {
    let Some(c) = answer_cut_short(8, |run, _| run.interrupt()) else {
        return;
    };
    let err = &c.done.stderr;
    assert_eq!(c.done.status.code(), Some(130), "{err}");
    assert!(err.contains("Interrupted"), "{err}");
    assert!(
        err.contains(&format!(
            "rehearse score --question metric-disagreement --audio {}",
            c.kept.display()
        )),
        "{err}"
    );
    eprintln!("kept {:.1} s", c.kept_s);
}

/// A microphone that disappears mid-answer (the sound server dies) is
/// reported with the path of the WAV captured so far, and exit 1.
#[test]
fn device_lost_mid_answer_keeps_partial_recording() {
    let Some(c) = answer_cut_short(6, |_, va| va.kill()) else {
        return;
    };
    let err = &c.done.stderr;
    assert_eq!(c.done.status.code(), Some(1), "{err}");
    assert!(err.contains("stopped after"), "{err}");
    eprintln!("kept {:.1} s", c.kept_s);
}

/// No sound card and no sound server: one clear line, exit 1, no ALSA noise.
#[test]
fn no_input_device_is_one_clear_line() {
    let dev = need_dev_set!();
    let dir = tempfile::tempdir().unwrap();
    let env: Vec<(String, String)> = vec![
        ("HOME".into(), dir.path().display().to_string()),
        ("XDG_RUNTIME_DIR".into(), dir.path().display().to_string()),
        // A server that is not there: ALSA's `default` then has no backend.
        (
            "PULSE_SERVER".into(),
            format!("unix:{}/no-server", dir.path().display()),
        ),
        ("REHEARSE_MODEL".into(), "/nonexistent/model.bin".into()),
    ];
    let q = questions_arg(&dev);
    let done = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "model-rollback",
        ],
        &env,
        &dir.path().join("data"),
        Stdio::null(),
    )
    .finish(Duration::from_secs(30));
    assert_eq!(done.status.code(), Some(1), "{}", done.stderr);
    assert_eq!(
        done.stderr.trim_end(),
        "Error: no input device found; `rehearse devices` lists them; use `--device NAME`",
        "expected exactly one line"
    );
    assert!(done.stdout.is_empty());

    // `rehearse devices` says there are none, without library noise.
    let done = Rehearse::spawn(&["devices"], &env, &dir.path().join("data"), Stdio::null())
        .finish(Duration::from_secs(30));
    assert!(done.status.success());
    assert!(done.stderr.is_empty(), "noise on stderr: {}", done.stderr);
    assert!(!done.stdout.contains("* default"), "{}", done.stdout);
}

/// A microphone that hears nothing: "no speech detected", nothing scored or
/// saved, no invented transcript, exit 1.
#[test]
fn silent_microphone_says_no_speech() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let q = questions_arg(&dev);
    let done = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "model-rollback",
            "--no-voice",
            "--max-seconds",
            "4",
            "--json",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::null(),
    )
    .finish(Duration::from_secs(60));
    eprintln!("--- stderr ---\n{}", done.stderr);
    assert_eq!(done.status.code(), Some(1), "{}", done.stderr);
    assert!(
        done.stderr.contains("stopped by time limit"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains("no speech detected"),
        "{}",
        done.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&done.stdout).expect("report JSON");
    assert_eq!(report["no_speech"], true);
    assert_eq!(report["words"], 0);
    assert_eq!(report["transcript"]["text"], "");
    assert!(!home.join("attempts").exists(), "a silent answer was saved");
}

/// Enter stops the recording; `--device NAME` picks the input; without a
/// speech engine the question is printed with a hint; the virtual devices are
/// listed by `rehearse devices`.
#[test]
fn enter_stops_recording_and_devices_are_listed() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");

    let done = Rehearse::spawn(&["devices", "--json"], &va.env(), &home, Stdio::null())
        .finish(Duration::from_secs(30));
    assert!(done.status.success(), "{}", done.stderr);
    assert!(done.stderr.is_empty(), "noise on stderr: {}", done.stderr);
    let list: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    for dir in ["input", "output"] {
        let default = list[dir]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["default"] == true)
            .unwrap_or_else(|| panic!("no default {dir} device: {list:#}"));
        assert_eq!(default["name"], "default");
    }

    // An empty PATH: no espeak-ng to be found.
    let no_tools = va.dir.path().join("empty-bin");
    std::fs::create_dir_all(&no_tools).unwrap();
    let mut env = env_with_model(&va, &model);
    env.push(("PATH".into(), no_tools.display().to_string()));
    let q = questions_arg(&dev);
    let mut run = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "model-rollback",
            "--device",
            "pulse",
        ],
        &env,
        &home,
        Stdio::piped(),
    );
    run.wait_for_stderr("Recording from `pulse`", Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(2));
    {
        use std::io::Write;
        let stdin = run.stdin().expect("piped stdin");
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }
    let done = run.finish(Duration::from_secs(60));
    assert!(done.stderr.contains("stopped by Enter"), "{}", done.stderr);
    assert!(done
        .stderr
        .contains("Question (model-rollback): Tell me about"));
    assert!(done.stderr.contains("install espeak-ng"), "{}", done.stderr);
}

/// A question with its own recording plays that recording on the speaker.
#[test]
fn question_recording_is_played_on_the_speaker() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    // A question file whose `audio` is the first 3 s of speech of clip d09.
    let d09 = read_16k(&clip(&dev, "d09"));
    let asked: Vec<f32> = d09[16_000..16_000 * 4].to_vec();
    let qdir = va.dir.path().join("questions");
    std::fs::create_dir_all(&qdir).unwrap();
    rehearse::audio::wav::write_wav(&qdir.join("asked.wav"), &asked, 16_000).unwrap();
    let src = std::fs::read_to_string(dev.join("questions/model-rollback.toml")).unwrap();
    std::fs::write(
        qdir.join("model-rollback.toml"),
        format!("audio = \"asked.wav\"\n{src}"),
    )
    .unwrap();

    let spk_raw = va.dir.path().join("speaker.raw");
    let mut parec = va.record_speaker(&spk_raw);
    let q = qdir.display().to_string();
    let done = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "model-rollback",
            "--max-seconds",
            "1",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::null(),
    )
    .finish(Duration::from_secs(60));
    let _ = parec.kill();
    let _ = parec.wait();
    assert!(
        done.stderr.contains("stopped by time limit"),
        "{}",
        done.stderr
    );
    let heard = read_raw_s16(&spk_raw);
    let (c, _) = align(&heard, &asked, 10.0);
    eprintln!("speaker vs question recording: correlation {c:.3}");
    assert!(c >= 0.9, "the question's recording was not played ({c:.3})");
}

/// The ALSA `file` plugin as microphone and speaker: no sound server, and
/// far faster than real time. The recording must still stop exactly
/// `--silence-stop` seconds of *audio* after the speech (time is counted in
/// samples), lose nothing, and the question must be in the played file.
#[test]
fn alsa_file_plugin_counts_time_in_samples() {
    let model = need_model!();
    let dev = need_dev_set!();
    let _rt = realtime();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The answer as the device delivers it: 48 kHz, 2 channels, f32.
    let answer = read_16k(&clip(&dev, "d05"));
    let at48 = rehearse::audio::wav::resample(&answer, 16_000, 48_000);
    let mut raw = Vec::with_capacity(at48.len() * 8);
    for s in &at48 {
        raw.extend_from_slice(&s.to_le_bytes());
        raw.extend_from_slice(&s.to_le_bytes());
    }
    std::fs::write(d.join("answer.raw"), raw).unwrap();
    let conf = d.join("vmic.conf");
    std::fs::write(
        &conf,
        format!(
            "pcm.vmic {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{0}/answer.raw\" format \"raw\" }}\n\
             pcm.vspk {{ type file slave.pcm \"null\" file \"{0}/played.wav\" format \"wav\" }}\n\
             pcm.!default {{ type asym capture.pcm \"vmic\" playback.pcm \"vspk\" }}\n",
            d.display()
        ),
    )
    .unwrap();
    let env: Vec<(String, String)> = vec![
        ("HOME".into(), d.display().to_string()),
        ("XDG_RUNTIME_DIR".into(), d.display().to_string()),
        (
            "PULSE_SERVER".into(),
            format!("unix:{}/no-server", d.display()),
        ),
        (
            "ALSA_CONFIG_PATH".into(),
            format!("/usr/share/alsa/alsa.conf:{}", conf.display()),
        ),
        ("REHEARSE_MODEL".into(), model.display().to_string()),
    ];
    let home = d.join("data");
    let q = questions_arg(&dev);
    let t0 = std::time::Instant::now();
    let done = Rehearse::spawn(
        &[
            "--questions",
            &q,
            "practice",
            "--question",
            "metric-disagreement",
            "--silence-stop",
            "3",
            "--json",
            "--timings",
        ],
        &env,
        &home,
        Stdio::null(),
    )
    .finish(Duration::from_secs(600));
    eprintln!("--- stderr ---\n{}", done.stderr);
    assert!(done.status.success(), "{}", done.stderr);
    assert!(!done.stderr.contains("lost"), "{}", done.stderr);
    let record_wall = timing(&done.stderr, "record_wall_s").unwrap();
    let recorded = timing(&done.stderr, "recorded_s").unwrap();
    let speech_end = timing(&done.stderr, "speech_end_s").unwrap();
    assert!(
        record_wall < recorded / 4.0,
        "the fake device should run far faster than real time ({record_wall} s for {recorded} s)"
    );
    assert!(
        (recorded - speech_end - 3.0).abs() < 0.2,
        "stopped {:.2} s after the speech, not 3 s",
        recorded - speech_end
    );
    // Nothing lost or garbled on the way.
    let saved = done
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("Saved attempt to "))
        .expect("saved attempt line");
    let rec = read_16k(&std::path::Path::new(saved.trim()).join("answer.wav"));
    let (corr, _) = align(&rec, &answer, 2.0);
    assert!(corr >= 0.99, "recording differs from the clip: {corr:.3}");
    let report: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    let covered = report["key_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["covered"] == true)
        .count();
    let labelled = label(&dev, "d05")["covered"].as_array().unwrap().len();
    assert!(
        covered * 3 >= labelled * 2,
        "{covered} of {labelled} key points"
    );
    // The spoken question went to the playback file.
    if let Some(engine) = rehearse::audio::tts::find_engine() {
        let text =
            rehearse::store::questions::load_file(&dev.join("questions/metric-disagreement.toml"))
                .unwrap()
                .question;
        let (tts, rate) = rehearse::audio::tts::synthesize(&engine, &text).unwrap();
        // The plugin labels its float samples as integer PCM in the header,
        // so read the data chunk as what cpal wrote: f32, 2 channels, 48 kHz.
        let bytes = std::fs::read(d.join("played.wav")).unwrap();
        let data = bytes
            .windows(4)
            .position(|w| w == b"data")
            .expect("data chunk")
            + 8;
        let stereo: Vec<f32> = bytes[data..]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mono = rehearse::audio::wav::downmix(&stereo, 2);
        let played = rehearse::audio::wav::resample(&mono, 48_000, 16_000);
        let (c, _) = align(
            &played,
            &rehearse::audio::wav::resample(&tts, rate, 16_000),
            2.0,
        );
        assert!(c >= 0.9, "played file does not hold the question ({c:.3})");
    }
    eprintln!("whole run: {:.1} s", t0.elapsed().as_secs_f64());
}

/// A bundled question's natural-voice recording (in the source tree).
fn bundled_wav(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questions/audio")
        .join(format!("{id}.wav"))
}

/// A 6 s thinking pause inside an answer does not end it: with the default
/// `--silence-stop` the recording goes on through the pause, both halves are
/// transcribed, and it ends on Enter. The answer is two bundled question
/// recordings with 6 s of silence between them.
#[test]
fn thinking_pause_inside_an_answer_is_kept() {
    let model = need_model!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let first = read_16k(&bundled_wav("disagreement-with-teammate"));
    let second = read_16k(&bundled_wav("giving-receiving-feedback"));
    let mut answer = first.clone();
    answer.extend(std::iter::repeat_n(0.0, 6 * 16_000));
    answer.extend_from_slice(&second);
    let answer_wav = va.dir.path().join("pause.wav");
    rehearse::audio::wav::write_wav(&answer_wav, &answer, 16_000).unwrap();

    let mut run = Rehearse::spawn(
        &[
            "practice",
            "--question",
            "disagreement-with-teammate",
            "--no-voice",
            "--json",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::piped(),
    );
    run.wait_for_stderr("Recording from", Duration::from_secs(60));
    let mut play = va.speak_into_mic(&answer_wav);
    let _ = play.wait();
    std::thread::sleep(Duration::from_secs(1));
    {
        use std::io::Write;
        let stdin = run.stdin().expect("piped stdin");
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }
    let done = run.finish(Duration::from_secs(120));
    eprintln!("--- stderr ---\n{}", done.stderr);
    assert!(done.status.success(), "{}", done.stderr);
    assert!(done.stderr.contains("stopped by Enter"), "{}", done.stderr);
    assert!(
        done.stderr
            .contains("(stops on Enter, 8 s of silence, or 5:00)"),
        "{}",
        done.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&done.stdout).expect("report JSON");
    let text = report["transcript"]["text"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(text.contains("disagreement"), "first half lost: {text}");
    assert!(text.contains("feedback"), "second half lost: {text}");
    let audio_s = report["audio_s"].as_f64().unwrap();
    assert!(
        audio_s >= answer.len() as f64 / 16_000.0,
        "recorded {audio_s} s"
    );
    let longest = report["pauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["duration_s"].as_f64())
        .fold(0.0, f64::max);
    assert!(
        (5.0..7.5).contains(&longest),
        "the 6 s pause is not in the report: longest {longest} s"
    );
}

/// A bundled question plays its natural-voice recording (no speech engine
/// needed: PATH is empty), the screen says it is playing, Enter skips the
/// rest of it, and Enters pressed before recording starts do not stop the
/// recording (it runs to the time limit).
#[test]
fn enter_during_the_bundled_question_skips_it_and_never_stops_the_recording() {
    let model = need_model!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let spk_raw = va.dir.path().join("speaker.raw");
    let mut parec = va.record_speaker(&spk_raw);
    let no_tools = va.dir.path().join("empty-bin");
    std::fs::create_dir_all(&no_tools).unwrap();
    let mut env = env_with_model(&va, &model);
    env.push(("PATH".into(), no_tools.display().to_string()));
    let id = "cross-functional-collaboration";
    let mut run = Rehearse::spawn(
        &["practice", "--question", id, "--max-seconds", "3"],
        &env,
        &home,
        Stdio::piped(),
    );
    run.wait_for_stderr("Playing the question", Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(3000));
    {
        // Two Enters: the first skips the question, the second is typed ahead.
        use std::io::Write;
        let stdin = run.stdin().expect("piped stdin");
        stdin.write_all(b"\n\n").unwrap();
        stdin.flush().unwrap();
    }
    run.wait_for_stderr("Recording from", Duration::from_secs(60));
    let done = run.finish(Duration::from_secs(60));
    let _ = parec.kill();
    let _ = parec.wait();
    eprintln!("--- stderr ---\n{}", done.stderr);
    let err = &done.stderr;
    assert!(err.contains("Question skipped."), "{err}");
    assert!(err.contains("stopped by time limit"), "{err}");
    assert!(!err.contains("stopped by Enter"), "{err}");
    assert!(!err.contains("install espeak-ng"), "{err}");

    // The speaker played the bundled recording's start, and not all of it.
    let heard = read_raw_s16(&spk_raw);
    let voice = read_16k(&bundled_wav(id));
    let (c, _) = align(&heard, &voice[..24_000], 10.0);
    eprintln!("speaker vs bundled question: correlation {c:.3}");
    assert!(c >= 0.9, "the bundled recording was not played ({c:.3})");
    let voiced_s = heard
        .chunks(1_600)
        .filter(|w| {
            let rms = (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt();
            rms > 0.01
        })
        .count() as f64
        / 10.0;
    let full_s = voice.len() as f64 / 16_000.0;
    assert!(
        voiced_s < full_s - 3.0,
        "{voiced_s:.1} s played of a {full_s:.1} s question: not skipped"
    );
}

/// A pseudo-terminal: (the keyboard side, the program's standard input).
fn pty() -> (std::fs::File, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills in two new descriptors, which we then own.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty: {}", std::io::Error::last_os_error());
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    }
}

/// On a terminal, the report is followed by a one-key menu: `r` (no Enter)
/// asks the same question again and records a second attempt; `q` quits.
#[test]
fn menu_on_a_terminal_retries_with_one_key() {
    use std::io::Write;
    let model = need_model!();
    let _rt = realtime();
    let va = VirtualAudio::start();
    let home = va.dir.path().join("data");
    let (mut keyboard, tty) = pty();
    let answer = bundled_wav("giving-receiving-feedback");
    let mut run = Rehearse::spawn(
        &[
            "practice",
            "--question",
            "disagreement-with-teammate",
            "--no-voice",
            "--max-seconds",
            "2",
        ],
        &env_with_model(&va, &model),
        &home,
        Stdio::from(tty),
    );
    for (n, key) in [(1, b"r"), (2, b"q")] {
        run.wait_for_nth("Recording from", n, Duration::from_secs(60));
        let mut play = va.speak_into_mic(&answer);
        let _ = play.wait();
        run.wait_for_nth("[q] quit", n, Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(200));
        keyboard.write_all(key).unwrap();
        keyboard.flush().unwrap();
    }
    let done = run.finish(Duration::from_secs(60));
    eprintln!("--- stderr ---\n{}", done.stderr);
    assert!(done.status.success(), "{}", done.stderr);
    assert_eq!(done.stderr.matches("Saved attempt to").count(), 2);
    assert_eq!(
        done.stderr
            .matches("Question (disagreement-with-teammate)")
            .count(),
        2
    );
    assert_eq!(std::fs::read_dir(home.join("attempts")).unwrap().count(), 2);
}
