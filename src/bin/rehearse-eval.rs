//! `rehearse-eval DIR`: score every clip of a labelled folder (questions/,
//! audio/, labels.json) and print per-clip and overall accuracy figures:
//! key-point precision/recall/F1 (and negated points wrongly counted as
//! covered), wpm error against `true_wpm`, pause precision/recall (match
//! within 0.5 s) and filler precision/recall (by kind and count).
//!
//! `--cache DIR` keeps transcripts between runs (keyed by model and clip), so
//! changes to the analysis can be measured without transcribing again.

use anyhow::Context;
use rehearse::analysis::{analyse, Settings, SpeechActivity, Transcript};
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
}

#[derive(Deserialize)]
struct LabelFiller {
    word: String,
}

#[derive(Deserialize)]
struct LabelPause {
    start_s: f64,
    duration_s: f64,
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
    eprintln!("usage: rehearse-eval DIR [--model PATH] [--cache DIR] [--verbose]");
    std::process::exit(2)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut model: Option<PathBuf> = std::env::var_os("REHEARSE_MODEL").map(PathBuf::from);
    let mut cache: Option<PathBuf> = None;
    let mut verbose = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--cache" => cache = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--verbose" | "-v" => verbose = true,
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
    let model_path = rehearse::transcribe::model::resolve(model.as_deref())?;
    let model_tag = model_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tr: Option<Box<dyn rehearse::transcribe::Transcriber>> = None;

    let (mut kp, mut pauses, mut fillers) =
        (Counts::default(), Counts::default(), Counts::default());
    let mut negated_wrong = 0;
    let mut negated_total = 0;
    let mut max_wpm_err: f64 = 0.0;
    let mut sum_wpm_err = 0.0;
    println!(
        "{:<36} {:>5} {:>5} {:>5}  {:>7} {:>7} {:>6}  {:>9}  {:>9}",
        "clip", "kpP", "kpR", "neg!", "wpm", "true", "err%", "pause tp/fp/fn", "fill tp/fp/fn"
    );
    for l in &labels {
        let q = rehearse::store::questions::find(&bank, &l.question_id)?;
        let wav = dir.join("audio").join(&l.file);
        let samples = rehearse::audio::wav::read_16k_mono(&wav)?;
        let cached = cache
            .as_ref()
            .map(|c| c.join(format!("{}.{}.json", l.file, model_tag)));
        let (t, a): (Transcript, SpeechActivity) = match cached
            .as_ref()
            .filter(|p| p.exists())
            .map(|p| load_cached(p, &samples))
        {
            Some(Ok(v)) => v,
            _ => {
                if tr.is_none() {
                    let g = rehearse::app::Globals {
                        questions: None,
                        model: Some(model_path.clone()),
                        threads: None,
                        quiet: true,
                        data: rehearse::app::paths::DataDir::from_env(),
                    };
                    tr = Some(rehearse::app::load_transcriber(&g)?);
                }
                let tr = tr.as_mut().expect("loaded above");
                // The same steps as `app::transcribe_samples`, caching the
                // raw transcript so analysis changes can be re-measured.
                let a = activity(&samples);
                let raw = if a.is_silent() {
                    Transcript::default()
                } else {
                    tr.transcribe(&samples)?
                };
                if let Some(p) = &cached {
                    std::fs::create_dir_all(p.parent().expect("cache file has a folder"))?;
                    std::fs::write(p, serde_json::to_string(&raw)?)?;
                }
                (rehearse::analysis::keep_voiced(raw, &a), a)
            }
        };
        let r = analyse(&t, &a, &q, &Settings::default());
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
                Some((i, _)) => {
                    used[i] = true;
                    pc.tp += 1;
                }
                None => pc.fp += 1,
            }
        }
        pc.fn_ = used.iter().filter(|u| !**u).count();
        // Fillers, by kind and count.
        let mut want: HashMap<String, usize> = HashMap::new();
        for f in &l.fillers {
            *want.entry(f.word.to_lowercase()).or_default() += 1;
        }
        let mut got: HashMap<String, usize> = HashMap::new();
        for f in &r.fillers {
            *got.entry(f.word.to_lowercase()).or_default() += 1;
        }
        let mut fc = Counts::default();
        for (w, n) in &got {
            let m = want.get(w).copied().unwrap_or(0);
            fc.tp += m.min(*n);
            fc.fp += n.saturating_sub(m);
        }
        for (w, m) in &want {
            fc.fn_ += m.saturating_sub(got.get(w).copied().unwrap_or(0));
        }
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
                    .map(|f| f.word.as_str())
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
        kp.add(&c);
        pauses.add(&pc);
        fillers.add(&fc);
    }
    let n = labels.len().max(1) as f64;
    println!();
    println!(
        "key points: precision {:.3} recall {:.3} F1 {:.3}; negated counted as covered: {negated_wrong} of {negated_total}",
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
        "fillers: precision {:.3} recall {:.3} ({} found, {} labelled)",
        fillers.precision(),
        fillers.recall(),
        fillers.tp + fillers.fp,
        fillers.tp + fillers.fn_
    );
    Ok(())
}

fn activity(samples: &[f32]) -> SpeechActivity {
    rehearse::audio::vad::detect(
        samples,
        rehearse::audio::WHISPER_RATE,
        &rehearse::audio::vad::VadParams::default(),
    )
}

fn load_cached(p: &Path, samples: &[f32]) -> anyhow::Result<(Transcript, SpeechActivity)> {
    let t: Transcript = serde_json::from_str(&std::fs::read_to_string(p)?)?;
    let a = activity(samples);
    Ok((rehearse::analysis::keep_voiced(t, &a), a))
}
