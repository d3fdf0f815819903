//! `rehearse-eval DIR`: score every clip of a labelled folder (questions/,
//! audio/, labels.json) and print per-clip and overall accuracy figures:
//! key-point precision/recall/F1 (and negated points wrongly counted as
//! covered), wpm error against `true_wpm`, pause precision/recall (match
//! within 0.5 s) and filler precision/recall (by kind and count).
//!
//! `--cache DIR` keeps transcripts between runs (keyed by model and clip), so
//! changes to the analysis can be measured without transcribing again.
//!
//! Whisper hears a noisy recording cleaned, as the commands do
//! ([`rehearse::transcribe::heard`]); such transcripts are cached apart from
//! the raw ones (`….denoised.json`), so `REHEARSE_NO_DENOISE=1` measures the
//! same clips without the cleaning. With `REHEARSE_DEREVERB=1` Whisper hears
//! each recording dereverberated, cached apart again (`….dereverb.json`).
//!
//! `--text` scores each clip's `script` (the exact text spoken) as a typed
//! answer instead of the audio: key-point figures in seconds, no model needed.

use anyhow::Context;
use rehearse::analysis::{Settings, Transcript};
use rehearse::pipeline::{self, ModelOptions, ScoreSettings};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Label {
    file: String,
    question_id: String,
    covered: Vec<usize>,
    #[serde(default)]
    negated: Vec<usize>,
    #[serde(default)]
    fillers: Vec<LabelFiller>,
    #[serde(default)]
    pauses: Vec<LabelPause>,
    true_wpm: f64,
    #[serde(default)]
    script: String,
}

#[derive(Deserialize)]
struct LabelFiller {
    word: String,
}

#[derive(Deserialize)]
struct LabelPause {
    start_s: f64,
    duration_s: f64,
    /// Index of the last script token before the pause.
    #[serde(default)]
    after_token: Option<usize>,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: rehearse-eval DIR [--text] [--model PATH] [--cache DIR] [--verbose]");
    std::process::exit(2)
}

fn main() -> anyhow::Result<()> {
    rehearse::transcribe::guard::install();
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut model: Option<PathBuf> = std::env::var_os("REHEARSE_MODEL").map(PathBuf::from);
    let mut cache: Option<PathBuf> = None;
    let mut verbose = false;
    let mut text_mode = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--cache" => cache = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--verbose" | "-v" => verbose = true,
            "--text" => text_mode = true,
            "-h" | "--help" => usage(),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| usage());
    let labels: Vec<Label> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("labels.json")).context("reading labels.json")?,
    )
    .context("parsing labels.json")?;
    let bank = rehearse::store::questions::load_bank(Some(&dir.join("questions")))?;
    if text_mode {
        return eval_text(&labels, &bank, verbose);
    }
    let mut settings = ScoreSettings {
        model: ModelOptions {
            model,
            user_models_dir: rehearse::app::paths::DataDir::from_env().models_dir(),
            threads: None,
        },
        analysis: Settings::default(),
    };
    let model_path = settings.model.resolve()?;
    settings.model.model = Some(model_path.clone());
    let model_gains = rehearse::transcribe::heard::model_gains(&model_path);
    let model_tag = model_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tr: Option<Box<dyn rehearse::transcribe::Transcriber>> = None;

    let (mut kp, mut pauses, mut fillers, mut fillers_text) = (
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
    );
    let mut heard_total = 0;
    let mut fillers_one_kind = Counts::default();
    let mut negated_wrong = 0;
    let mut negated_total = 0;
    let mut stated_denied = 0;
    let mut max_wpm_err: f64 = 0.0;
    let mut sum_wpm_err = 0.0;
    let mut no_speech: Vec<&str> = Vec::new();
    // Pauses found at the right time that also fall after the right word.
    let (mut placed_right, mut placed_checked) = (0, 0);
    println!(
        "{:<36} {:>5} {:>5} {:>5}  {:>7} {:>7} {:>6}  {:>9}  {:>9}",
        "clip", "kpP", "kpR", "neg!", "wpm", "true", "err%", "pause tp/fp/fn", "fill tp/fp/fn"
    );
    for l in &labels {
        let q = rehearse::store::questions::find(&bank, &l.question_id)?;
        let wav = dir.join("audio").join(&l.file);
        let samples = pipeline::read_audio(&wav)?.samples;
        // Transcripts of audio Whisper hears cleaned or dereverberated are
        // cached apart from the raw ones.
        let tag = |s: &[f32]| {
            let cleaned = model_gains && rehearse::transcribe::heard::cleans(s);
            let dereverbed = rehearse::transcribe::heard::dereverbs();
            format!(
                "{model_tag}{}{}",
                if dereverbed { ".dereverb" } else { "" },
                if cleaned { ".denoised" } else { "" }
            )
        };
        let whole_tag = tag(&samples);
        let cached = cache
            .as_ref()
            .map(|c| c.join(format!("{}.{whole_tag}.json", l.file)));
        // The commands' pipeline, with the raw transcript cached so analysis
        // changes can be re-measured without transcribing again.
        let scored = pipeline::score_with(&samples, &q, &settings.analysis, |s| {
            // A stretch transcribed again (see `analysis::relisten`) has its
            // own cache file, named by its length and a hash of its samples.
            let cached = cached.as_ref().map(|p| {
                if s.len() == samples.len() {
                    return p.clone();
                }
                let p = p.with_file_name(format!("{}.{}.json", l.file, tag(s)));
                let h = s.iter().step_by(7).fold(0u64, |h, x| {
                    h.wrapping_mul(31).wrapping_add(x.to_bits() as u64)
                });
                p.with_extension(format!("part-{}-{h:x}.json", s.len()))
            });
            if let Some(Ok(t)) = cached
                .as_ref()
                .filter(|p| p.exists())
                .map(|p| load_cached(p))
            {
                return Ok(t);
            }
            if tr.is_none() {
                tr = Some(pipeline::load_transcriber(&settings.model)?);
            }
            let loaded = tr.as_ref().expect("loaded above");
            // A fresh decoding state for every clip, as `rehearse score` has:
            // whisper's temperature fallback draws from the state's random
            // generator, so a shared state would make a clip's transcript
            // depend on the clips before it.
            let raw = match loaded.sibling() {
                Some(make) => make()?.transcribe(s)?,
                None => tr.as_mut().expect("loaded above").transcribe(s)?,
            };
            if let Some(p) = &cached {
                std::fs::create_dir_all(p.parent().expect("cache file has a folder"))?;
                std::fs::write(p, serde_json::to_string(&raw)?)?;
            }
            Ok(raw)
        })?;
        // Every labelled clip holds speech: none may be reported as silent.
        if scored.activity.is_silent() || scored.transcript.is_empty() {
            no_speech.push(&l.file);
        }
        let r = scored.report;
        // Key points.
        let mut c = Counts::default();
        for (i, k) in r.key_points.iter().enumerate() {
            let truth = l.covered.contains(&i);
            match (k.covered, truth) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                _ => {}
            }
            if l.negated.contains(&i) {
                negated_total += 1;
                if k.covered {
                    negated_wrong += 1;
                }
            }
        }
        stated_denied += stated_called_denied(l, &r.key_points);
        let neg_wrong_here = l
            .negated
            .iter()
            .filter(|&&i| r.key_points[i].covered)
            .count();
        // Pauses.
        let mut pc = Counts::default();
        let mut used = vec![false; l.pauses.len()];
        for p in &r.pauses {
            match l
                .pauses
                .iter()
                .enumerate()
                .find(|(i, lp)| !used[*i] && (lp.start_s - p.start_s).abs() <= 0.5)
            {
                Some((i, lp)) => {
                    used[i] = true;
                    pc.tp += 1;
                    if let Some(want) = lp
                        .after_token
                        .and_then(|k| l.script.split_whitespace().nth(k))
                    {
                        placed_checked += 1;
                        let before = r
                            .transcript
                            .words
                            .iter()
                            .rev()
                            .find(|w| w.end_s <= p.start_s + 0.05);
                        if before.is_some_and(|w| norm(&w.text) == norm(want)) {
                            placed_right += 1;
                        }
                    }
                }
                None => pc.fp += 1,
            }
        }
        pc.fn_ = used.iter().filter(|u| !**u).count();
        // Fillers, by kind and count: all, and the transcript's alone.
        let fc = filler_counts(&l.fillers, r.fillers.iter(), false);
        let fc_text = filler_counts(&l.fillers, r.fillers.iter().filter(|f| !f.heard), false);
        fillers_one_kind.add(&filler_counts(&l.fillers, r.fillers.iter(), true));
        let err = (r.wpm - l.true_wpm).abs() / l.true_wpm * 100.0;
        max_wpm_err = max_wpm_err.max(err);
        sum_wpm_err += err;
        println!(
            "{:<36} {:>5.2} {:>5.2} {:>5}  {:>7.1} {:>7.1} {:>6.1}  {:>3}/{}/{:<5}  {:>3}/{}/{}",
            l.file,
            c.precision(),
            c.recall(),
            neg_wrong_here,
            r.wpm,
            l.true_wpm,
            err,
            pc.tp,
            pc.fp,
            pc.fn_,
            fc.tp,
            fc.fp,
            fc.fn_
        );
        if verbose {
            for (i, k) in r.key_points.iter().enumerate() {
                let truth = l.covered.contains(&i);
                let mark = if k.covered == truth { " " } else { "!" };
                println!(
                    "   {mark} [{i}] {} {:.2} {}{}",
                    if k.covered { "COV" } else { "---" },
                    k.score,
                    k.text,
                    if k.negated { " (negated)" } else { "" }
                );
            }
            println!(
                "     fillers got {:?} want {:?}",
                r.fillers
                    .iter()
                    .map(|f| if f.heard {
                        format!("{}@{:.2} (heard)", f.word, f.start_s)
                    } else {
                        f.word.clone()
                    })
                    .collect::<Vec<_>>(),
                l.fillers
                    .iter()
                    .map(|f| f.word.as_str())
                    .collect::<Vec<_>>()
            );
            println!(
                "     pauses got {:?} want {:?}",
                r.pauses
                    .iter()
                    .map(|p| (p.start_s, p.duration_s))
                    .collect::<Vec<_>>(),
                l.pauses
                    .iter()
                    .map(|p| (p.start_s, p.duration_s))
                    .collect::<Vec<_>>()
            );
        }
        heard_total += r.fillers.iter().filter(|f| f.heard).count();
        kp.add(&c);
        pauses.add(&pc);
        fillers.add(&fc);
        fillers_text.add(&fc_text);
    }
    let n = labels.len().max(1) as f64;
    println!();
    println!(
        "key points: precision {:.3} recall {:.3} F1 {:.3}; negated counted as covered: {negated_wrong} of {negated_total}; stated called denied: {stated_denied}",
        kp.precision(),
        kp.recall(),
        kp.f1()
    );
    println!(
        "wpm error: mean {:.1}% max {:.1}%",
        sum_wpm_err / n,
        max_wpm_err
    );
    println!(
        "pauses: precision {:.3} recall {:.3} ({} found, {} labelled)",
        pauses.precision(),
        pauses.recall(),
        pauses.tp + pauses.fp,
        pauses.tp + pauses.fn_
    );
    println!(
        "fillers (transcript only): precision {:.3} recall {:.3} ({} found, {} labelled)",
        fillers_text.precision(),
        fillers_text.recall(),
        fillers_text.tp + fillers_text.fp,
        fillers_text.tp + fillers_text.fn_
    );
    println!(
        "fillers (with heard): precision {:.3} recall {:.3} ({} found, {} labelled, {} heard)",
        fillers.precision(),
        fillers.recall(),
        fillers.tp + fillers.fp,
        fillers.tp + fillers.fn_,
        heard_total
    );
    println!(
        "fillers (with heard, um and uh as one kind): precision {:.3} recall {:.3} ({} found, {} labelled)",
        fillers_one_kind.precision(),
        fillers_one_kind.recall(),
        fillers_one_kind.tp + fillers_one_kind.fp,
        fillers_one_kind.tp + fillers_one_kind.fn_
    );
    println!(
        "pause placement: {placed_right} of {placed_checked} found pauses follow the right word"
    );
    // Raw counts, so a script can pool several sets (scripts/eval-conditions).
    println!(
        "counts: kp {} {} {} pauses {} {} {} fillers {} {} {}",
        kp.tp, kp.fp, kp.fn_, pauses.tp, pauses.fp, pauses.fn_, fillers.tp, fillers.fp, fillers.fn_
    );
    println!(
        "no speech: {} of {} clips{}",
        no_speech.len(),
        labels.len(),
        if no_speech.is_empty() {
            String::new()
        } else {
            format!(" ({})", no_speech.join(", "))
        }
    );
    Ok(())
}

/// A word for comparison: lower case, letters and digits only.
fn norm(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Filler precision/recall counts of `got` against the labels, by kind and
/// count (a found "um" matches a labelled "um" anywhere in the clip). With
/// `one_filled_pause`, "um" and "uh" are one kind (a filled pause heard as
/// the other one still counts as found).
fn filler_counts<'a>(
    want: &[LabelFiller],
    got: impl Iterator<Item = &'a rehearse::analysis::Filler>,
    one_filled_pause: bool,
) -> Counts {
    let kind = |w: &str| {
        let w = w.to_lowercase();
        if one_filled_pause && (w == "um" || w == "uh") {
            "um/uh".to_string()
        } else {
            w
        }
    };
    let mut w: HashMap<String, usize> = HashMap::new();
    for f in want {
        *w.entry(kind(&f.word)).or_default() += 1;
    }
    let mut g: HashMap<String, usize> = HashMap::new();
    for f in got {
        *g.entry(kind(&f.word)).or_default() += 1;
    }
    let mut c = Counts::default();
    for (k, n) in &g {
        let m = w.get(k).copied().unwrap_or(0);
        c.tp += m.min(*n);
        c.fp += n.saturating_sub(m);
    }
    for (k, m) in &w {
        c.fn_ += m.saturating_sub(g.get(k).copied().unwrap_or(0));
    }
    c
}

/// A raw transcript saved by an earlier run.
fn load_cached(p: &Path) -> anyhow::Result<Transcript> {
    let mut t: Transcript = serde_json::from_str(&std::fs::read_to_string(p)?)?;
    // Transcripts cached before the flag existed say it by their name.
    t.cleaned |= p.to_string_lossy().contains(".denoised.");
    Ok(t)
}

/// Points the speaker states (labelled covered) that the judge calls denied.
fn stated_called_denied(l: &Label, kps: &[rehearse::analysis::KeyPointResult]) -> usize {
    kps.iter()
        .enumerate()
        .filter(|(i, k)| k.negated && l.covered.contains(i))
        .count()
}

/// `--text`: judge each clip's script as a typed answer; key-point figures only.
fn eval_text(
    labels: &[Label],
    bank: &[rehearse::analysis::Question],
    verbose: bool,
) -> anyhow::Result<()> {
    let mut kp = Counts::default();
    let (mut negated_wrong, mut negated_total, mut stated_denied) = (0, 0, 0);
    println!(
        "{:<36} {:>5} {:>5} {:>5} {:>5}",
        "clip", "kpP", "kpR", "neg!", "den!"
    );
    for l in labels {
        anyhow::ensure!(
            !l.script.is_empty(),
            "{}: labels.json has no script",
            l.file
        );
        let q = rehearse::store::questions::find(bank, &l.question_id)?;
        let r = rehearse::analysis::typed::analyse_text(&l.script, &q);
        let mut c = Counts::default();
        for (i, k) in r.key_points.iter().enumerate() {
            match (k.covered, l.covered.contains(&i)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                _ => {}
            }
        }
        let neg_here = l
            .negated
            .iter()
            .filter(|&&i| r.key_points[i].covered)
            .count();
        let den_here = stated_called_denied(l, &r.key_points);
        negated_total += l.negated.len();
        negated_wrong += neg_here;
        stated_denied += den_here;
        println!(
            "{:<36} {:>5.2} {:>5.2} {:>5} {:>5}",
            l.file,
            c.precision(),
            c.recall(),
            neg_here,
            den_here
        );
        if verbose {
            for (i, k) in r.key_points.iter().enumerate() {
                let mark = if k.covered == l.covered.contains(&i) {
                    " "
                } else {
                    "!"
                };
                println!(
                    "   {mark} [{i}] {} {:.2} {}{}",
                    if k.covered { "COV" } else { "---" },
                    k.score,
                    k.text,
                    k.denial
                        .map(|d| format!(" ({})", d.explain()))
                        .unwrap_or_default()
                );
            }
        }
        kp.add(&c);
    }
    println!();
    println!(
        "key points (text): precision {:.3} recall {:.3} F1 {:.3}; negated counted as covered: {negated_wrong} of {negated_total}; stated called denied: {stated_denied}",
        kp.precision(),
        kp.recall(),
        kp.f1()
    );
    println!("counts: kp {} {} {}", kp.tp, kp.fp, kp.fn_);
    Ok(())
}
