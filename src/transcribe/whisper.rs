//! The whisper.cpp transcriber (through whisper-rs): timed words from token
//! timestamps (aligned to the audio by DTW for the released models, see
//! [`super::dtw`]), whisper's own logging silenced, hallucination guards.

use super::dtw::RawToken;
use super::threads::Threads;
use super::{Sibling, Transcriber};
use crate::analysis::{Segment, Transcript, Word};
use anyhow::Context;
use std::ffi::{c_char, c_void, CStr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use whisper_rs::{
    DtwMode, DtwParameters, FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters,
};

/// A short disfluent prompt: whisper drops "um"/"uh" unless its context shows
/// them. Kept short, since long prompts make whisper skip sentences.
pub const FILLER_PROMPT: &str = "So, um, I was, uh, like, you know, working on it. Uh, hmm, um.";

/// Flash attention by default? Off: with whisper.cpp 1.8.3 it was slower on
/// the development machine's CPU (AVX2: 1 thread 5.1 s -> 6.0 s, 2 threads
/// 3.1 s -> 3.8 s on the 63 s dev clip d09) and changed the transcript.
pub const FLASH_ATTN: bool = false;

/// How to decode.
#[derive(Debug, Clone)]
pub struct WhisperOptions {
    /// CPU threads ([`Threads::Auto`], the cores free when each stretch
    /// starts, unless `REHEARSE_THREADS` fixes them).
    pub threads: Threads,
    /// Initial prompt (empty for none).
    pub prompt: String,
    /// Language code, "en" by default.
    pub language: String,
    /// whisper.cpp's flash attention ([`FLASH_ATTN`] unless
    /// `REHEARSE_FLASH_ATTN` is 1 or 0).
    pub flash_attn: bool,
    /// Word times aligned to the audio by whisper.cpp's DTW, for the models
    /// it knows ([`super::dtw`]); on unless `REHEARSE_DTW` is 0. Flash
    /// attention turns it off.
    pub dtw: bool,
}

impl Default for WhisperOptions {
    fn default() -> Self {
        WhisperOptions {
            threads: match std::env::var("REHEARSE_THREADS").map(|v| v.parse::<usize>()) {
                Ok(Ok(n)) if n > 0 => Threads::Fixed(n),
                _ => Threads::Auto,
            },
            prompt: std::env::var("REHEARSE_WHISPER_PROMPT")
                .unwrap_or_else(|_| FILLER_PROMPT.to_string()),
            language: "en".into(),
            flash_attn: match std::env::var("REHEARSE_FLASH_ATTN").as_deref() {
                Ok("1") => true,
                Ok("0") => false,
                _ => FLASH_ATTN,
            },
            dtw: std::env::var("REHEARSE_DTW").as_deref() != Ok("0"),
        }
    }
}

/// The thread count [`Threads::Auto`] gives now: the free cores (see
/// [`super::threads`]).
pub fn default_threads() -> usize {
    Threads::Auto.resolve(true)
}

/// A loaded whisper model with its decoding state.
pub struct WhisperTranscriber {
    state: whisper_rs::WhisperState,
    opts: WhisperOptions,
    model: PathBuf,
    /// Recording has stopped: see [`Transcriber::hurry`].
    hurried: bool,
    /// DTW alignment heads are loaded, so word times come from the audio.
    dtw: bool,
    /// The model hears a noisy room better cleaned ([`super::heard::model_gains`]).
    cleans_noise: bool,
    /// The loaded model, shared with [`Transcriber::sibling`]s.
    ctx: Arc<WhisperContext>,
}

impl WhisperTranscriber {
    /// Load a ggml model file.
    pub fn load(model: &Path, opts: WhisperOptions) -> anyhow::Result<Self> {
        silence_whisper_logs();
        let _guard = super::guard::enter("loading", model);
        take_last_error();
        let mut cp = WhisperContextParameters::default();
        cp.flash_attn(opts.flash_attn);
        let preset = (opts.dtw && !opts.flash_attn)
            .then(|| super::dtw::preset_for_file(model))
            .flatten();
        let dtw = preset.is_some();
        if let Some(model_preset) = preset {
            cp.dtw_parameters(DtwParameters {
                mode: DtwMode::ModelPreset { model_preset },
                ..DtwParameters::default()
            });
        }
        let ctx = WhisperContext::new_with_params(model, cp)
            .map_err(|e| anyhow::anyhow!(refused_message(model, take_last_error(), &e)))?;
        Self::with_state(Arc::new(ctx), model, opts, dtw)
    }

    /// A transcriber with a fresh decoding state for the loaded `ctx`
    /// (`dtw`: it was loaded with DTW alignment heads).
    fn with_state(
        ctx: Arc<WhisperContext>,
        model: &Path,
        opts: WhisperOptions,
        dtw: bool,
    ) -> anyhow::Result<Self> {
        let state = ctx.create_state().map_err(|e| {
            anyhow::anyhow!(
                "whisper.cpp could not prepare the model {} for transcription ({}); there may not be enough memory: close other programs or use a smaller model (`rehearse model fetch tiny.en`)",
                model.display(),
                take_last_error().unwrap_or_else(|| format!("{e:?}"))
            )
        })?;
        Ok(WhisperTranscriber {
            state,
            opts,
            model: model.to_path_buf(),
            hurried: false,
            dtw,
            cleans_noise: super::heard::model_gains(model),
            ctx,
        })
    }
}

/// Route whisper.cpp's and ggml's log lines away from the terminal; the
/// last error line is kept for messages ([`take_last_error`]).
pub fn silence_whisper_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use whisper_rs::whisper_rs_sys::{ggml_log_set, whisper_log_set};
        // SAFETY: registering a callback that only reads the text it is given.
        unsafe {
            whisper_log_set(Some(keep_errors), std::ptr::null_mut());
            ggml_log_set(Some(keep_errors), std::ptr::null_mut());
        }
    });
}

/// The last error whisper.cpp or ggml logged since the previous call.
static LAST_ERROR: Mutex<Option<String>> = Mutex::new(None);

/// The last error line whisper.cpp logged (since the previous call), if any.
pub fn take_last_error() -> Option<String> {
    LAST_ERROR.lock().unwrap_or_else(|e| e.into_inner()).take()
}

unsafe extern "C" fn keep_errors(
    level: whisper_rs::whisper_rs_sys::ggml_log_level,
    text: *const c_char,
    _user: *mut c_void,
) {
    if level != whisper_rs::whisper_rs_sys::ggml_log_level_GGML_LOG_LEVEL_ERROR || text.is_null() {
        return;
    }
    // SAFETY: whisper.cpp passes a NUL-terminated string.
    let line = unsafe { CStr::from_ptr(text) }.to_string_lossy();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if !line.is_empty() {
        *LAST_ERROR.lock().unwrap_or_else(|e| e.into_inner()) = Some(line);
    }
}

/// One line for a model whisper.cpp refused to load: what it said (its
/// last error line, when it logged one), and the next step.
fn refused_message(model: &Path, reason: Option<String>, e: &whisper_rs::WhisperError) -> String {
    let why = reason.unwrap_or_else(|| format!("it gave no reason; {e:?}"));
    format!(
        "whisper.cpp refused the model {} ({why}); the file is damaged, incomplete or not a Whisper model: delete it and run `rehearse model fetch base.en`, or pass --model PATH with another model",
        model.display()
    )
}

impl Transcriber for WhisperTranscriber {
    fn hurry(&mut self) {
        self.hurried = true;
    }

    fn sibling(&self) -> Option<Sibling> {
        let (ctx, model, opts) = (Arc::clone(&self.ctx), self.model.clone(), self.opts.clone());
        let dtw = self.dtw;
        Some(Box::new(move || {
            let _guard = super::guard::enter("loading", &model);
            let t = WhisperTranscriber::with_state(ctx, &model, opts, dtw)?;
            Ok(Box::new(t) as Box<dyn Transcriber>)
        }))
    }

    fn transcribe(&mut self, samples: &[f32]) -> anyhow::Result<Transcript> {
        // A noisy room is cleaned and a quiet microphone raised first.
        let (heard, cleaned) = super::heard::prepare(samples, self.cleans_noise);
        let samples = &heard[..];
        // Whisper needs at least ~1 s; pad short input with silence.
        let mut padded;
        let input = if samples.len() < 16_000 + 1_600 {
            padded = samples.to_vec();
            padded.resize(16_000 + 1_600, 0.0);
            &padded[..]
        } else {
            samples
        };
        let mut p = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        let threads = self.opts.threads.resolve(self.hurried);
        if std::env::var_os("REHEARSE_TRACE_THREADS").is_some() {
            // For benches/threads_policy.sh: what the policy chose.
            eprintln!(
                "whisper: {threads} thread(s) for {:.1} s of audio on {}",
                samples.len() as f64 / 16_000.0,
                std::thread::current().name().unwrap_or("?")
            );
        }
        p.set_n_threads(threads as i32);
        p.set_language(Some(&self.opts.language));
        p.set_translate(false);
        p.set_no_context(true);
        p.set_token_timestamps(true);
        p.set_suppress_blank(true);
        p.set_suppress_nst(true);
        p.set_print_progress(false);
        p.set_print_realtime(false);
        p.set_print_special(false);
        p.set_print_timestamps(false);
        if !self.opts.prompt.is_empty() {
            p.set_initial_prompt(&self.opts.prompt);
        }
        {
            let _guard = super::guard::enter("transcribing with", &self.model);
            self.state
                .full(p, input)
                .context("Whisper failed to transcribe the audio")?;
        }
        let audio_s = samples.len() as f64 / 16_000.0;
        let mut segs: Vec<(Segment, Vec<RawToken>, f32)> = Vec::new();
        for seg in self.state.as_iter() {
            let text = seg
                .to_str_lossy()
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let mut toks = Vec::new();
            for i in 0..seg.n_tokens() {
                let Some(tok) = seg.get_token(i) else {
                    continue;
                };
                let data = tok.token_data();
                let t = tok
                    .to_str_lossy()
                    .map(|s| s.into_owned())
                    .unwrap_or_default();
                // Special tokens ([_BEG_], [_TT_n], <|endoftext|>) are not words.
                if t.starts_with("[_") || t.starts_with("<|") {
                    continue;
                }
                toks.push(RawToken {
                    text: t,
                    t0: data.t0 as f64 / 100.0,
                    t1: data.t1 as f64 / 100.0,
                    t_dtw: (data.t_dtw >= 0).then(|| data.t_dtw as f64 / 100.0),
                    p: data.p,
                });
            }
            let segment = Segment {
                start_s: (seg.start_timestamp() as f64 / 100.0).min(audio_s),
                end_s: (seg.end_timestamp() as f64 / 100.0).min(audio_s),
                text,
            };
            segs.push((segment, toks, seg.no_speech_probability()));
        }
        super::dtw::align(segs.iter_mut().flat_map(|(_, toks, _)| toks.iter_mut()));
        let aligned = segs
            .iter()
            .flat_map(|(_, toks, _)| toks)
            .all(|t| t.t_dtw.is_some());
        let mut t = assemble(segs, audio_s);
        t.aligned = aligned && self.dtw;
        t.cleaned = cleaned;
        Ok(t)
    }
}

/// Merge sub-word tokens into words and drop hallucinated or looping segments.
fn assemble(segs: Vec<(Segment, Vec<RawToken>, f32)>, audio_s: f64) -> Transcript {
    let mut out = Transcript::default();
    let mut last_text = String::new();
    let mut repeats = 0;
    for (seg, toks, no_speech) in segs {
        if seg.text.is_empty() || toks.is_empty() {
            continue;
        }
        let mean_p = toks.iter().map(|t| t.p).sum::<f32>() / toks.len() as f32;
        if no_speech > 0.6 && mean_p < 0.5 {
            continue;
        }
        if seg.text == last_text {
            repeats += 1;
            if repeats >= 1 {
                continue;
            }
        } else {
            repeats = 0;
            last_text = seg.text.clone();
        }
        let mut words = merge_tokens(&toks, audio_s);
        if words.is_empty() {
            continue;
        }
        // Token timestamps drift; the segment bounds are firmer. Keep every
        // word inside its segment and in order.
        let mut t = seg.start_s;
        for w in &mut words {
            w.start_s = w.start_s.clamp(t, seg.end_s.max(t));
            w.end_s = w.end_s.clamp(w.start_s, seg.end_s.max(w.start_s));
            t = w.start_s;
        }
        out.words.extend(words);
        out.segments.push(seg);
    }
    out
}

fn merge_tokens(toks: &[RawToken], audio_s: f64) -> Vec<Word> {
    let mut words: Vec<(Word, usize)> = Vec::new();
    for t in toks {
        let starts_word = t.text.starts_with(' ') || words.is_empty();
        // Trailing punctuation (". , ?") joins the word before it even after a space.
        let trailing = t.text.trim().chars().all(|c| ".,!?;:)]}%\"'…-".contains(c));
        if starts_word && (!trailing || words.is_empty()) {
            words.push((
                Word {
                    text: t.text.trim().to_string(),
                    start_s: t.t0.min(audio_s),
                    end_s: t.t1.min(audio_s),
                    prob: t.p,
                },
                1,
            ));
        } else if let Some((w, n)) = words.last_mut() {
            w.text.push_str(t.text.trim_start());
            w.end_s = t.t1.min(audio_s).max(w.end_s);
            w.prob += t.p;
            *n += 1;
        }
    }
    words
        .into_iter()
        .filter(|(w, _)| w.text.chars().any(|c| c.is_alphanumeric()))
        .map(|(mut w, n)| {
            w.prob /= n as f32;
            if w.end_s < w.start_s {
                w.end_s = w.start_s;
            }
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, t0: f64, t1: f64) -> RawToken {
        RawToken {
            text: text.into(),
            t0,
            t1,
            t_dtw: None,
            p: 0.9,
        }
    }

    #[test]
    fn merges_subwords_and_punctuation() {
        let toks = vec![
            tok(" Ask", 0.0, 0.3),
            tok(" not", 0.3, 0.5),
            tok(",", 0.5, 0.5),
            tok(" back", 0.6, 0.8),
            tok("tests", 0.8, 1.1),
            tok(" $", 1.2, 1.3),
            tok("250", 1.3, 1.5),
            tok(",000", 1.5, 1.7),
            tok(".", 1.7, 1.7),
        ];
        let w = merge_tokens(&toks, 10.0);
        let texts: Vec<_> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, vec!["Ask", "not,", "backtests", "$250,000."]);
        assert_eq!(w[2].start_s, 0.6);
        assert_eq!(w[2].end_s, 1.1);
    }

    #[test]
    fn drops_repeats_and_unsure_silence() {
        let seg = |t: &str| Segment {
            start_s: 0.0,
            end_s: 1.0,
            text: t.into(),
        };
        let segs = vec![
            (
                seg("Hello there."),
                vec![tok(" Hello", 0.0, 0.5), tok(" there.", 0.5, 1.0)],
                0.1,
            ),
            (
                seg("Hello there."),
                vec![tok(" Hello", 1.0, 1.5), tok(" there.", 1.5, 2.0)],
                0.1,
            ),
            (
                seg("Thank you."),
                vec![RawToken {
                    text: " Thank".into(),
                    t0: 2.0,
                    t1: 2.5,
                    t_dtw: None,
                    p: 0.2,
                }],
                0.9,
            ),
        ];
        let t = assemble(segs, 5.0);
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.words.len(), 2);
    }

    #[test]
    fn refused_model_message_says_why_and_what_next() {
        silence_whisper_logs();
        take_last_error();
        // What whisper.cpp logs for a tensor of the wrong size, then fails.
        // SAFETY: calling the callback as whisper.cpp would.
        unsafe {
            keep_errors(
                whisper_rs::whisper_rs_sys::ggml_log_level_GGML_LOG_LEVEL_INFO,
                c"whisper_model_load: loading model\n".as_ptr(),
                std::ptr::null_mut(),
            );
            keep_errors(
                whisper_rs::whisper_rs_sys::ggml_log_level_GGML_LOG_LEVEL_ERROR,
                c"whisper_model_load: tensor 'decoder.ln.bias' has wrong size in model file\n"
                    .as_ptr(),
                std::ptr::null_mut(),
            );
        }
        let m = refused_message(
            Path::new("/m/ggml-x.bin"),
            take_last_error(),
            &whisper_rs::WhisperError::InitError,
        );
        assert_eq!(
            m,
            "whisper.cpp refused the model /m/ggml-x.bin (whisper_model_load: tensor 'decoder.ln.bias' has wrong size in model file); the file is damaged, incomplete or not a Whisper model: delete it and run `rehearse model fetch base.en`, or pass --model PATH with another model"
        );
        assert_eq!(take_last_error(), None);
        let m = refused_message(
            Path::new("x.bin"),
            None,
            &whisper_rs::WhisperError::InitError,
        );
        assert!(m.contains("(it gave no reason; InitError)"), "{m}");
    }
}
