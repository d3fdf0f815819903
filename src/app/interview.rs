//! `rehearse interview`: a mock interview. Several questions in a row (one
//! per category by default, in a random order), each asked, answered and
//! saved as an attempt exactly as `practice` does, every attempt carrying the
//! interview's session id; then a summary table on stdout (length, pace,
//! fillers, key points per question) and an HTML report of the whole session
//! in the data folder's `sessions/` (or `--html FILE`).

use super::practice::{answer, choose_from, Answered, Flow, Session, EXIT_INTERRUPTED};
use super::Globals;
use crate::analysis::{Attempt, Question, Report};
use crate::app::out::{errln, out};
use crate::cli::InterviewArgs;
use crate::output::format::clock;
use crate::output::html::SessionItem;
use crate::output::session::SessionRow;
use crate::output::view::AttemptView;
use anyhow::Context;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Questions of one category asked when `--category` is given without `--count`.
const CATEGORY_DEFAULT: usize = 3;

/// One question of the interview and how it went.
struct Asked {
    question: Question,
    /// The saved attempt; `None` when nothing was heard.
    attempt: Option<Attempt>,
}

/// Run `rehearse interview`.
pub fn run(g: &Globals, args: InterviewArgs) -> anyhow::Result<ExitCode> {
    let bank = g.bank()?;
    let questions = pick(
        &bank,
        args.category.as_deref(),
        args.count,
        &mut fastrand::Rng::new(),
    )?;
    let s = Session::open(g, args.device.as_deref())?;
    let session_id = format!(
        "interview-{}",
        crate::store::attempts::folder_stamp(std::time::SystemTime::now())
    );
    if let Some(n) = args.count.filter(|&n| n > questions.len()) {
        errln!(
            "Only {} question{} to ask (not {n}).",
            questions.len(),
            if questions.len() == 1 { "" } else { "s" }
        );
    }
    errln!(
        "Mock interview: {} question{}. Answer each as you would in the room.",
        questions.len(),
        if questions.len() == 1 { "" } else { "s" }
    );
    let flow = Flow {
        no_voice: args.no_voice,
        prep_s: args.prep,
        max_s: args.max_seconds,
        silence_stop_s: args.silence_stop,
        streaming: true,
        print: false,
        json: false,
        timings: false,
        session_id: Some(session_id.clone()),
    };
    let mut asked: Vec<Asked> = Vec::new();
    let mut interrupted = false;
    for (i, q) in questions.iter().enumerate() {
        errln!("\nQuestion {} of {}", i + 1, questions.len());
        let attempt = match answer(&s, q, &flow)? {
            Answered::Saved { dir, .. } => Some(load(g, &dir)?),
            Answered::NoSpeech(_) => None,
            Answered::Interrupted => {
                interrupted = true;
                break;
            }
        };
        if let Some(a) = &attempt {
            errln!("{}", brief(&a.report));
        }
        asked.push(Asked {
            question: q.clone(),
            attempt,
        });
    }
    if asked.is_empty() {
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }

    let rows: Vec<SessionRow> = asked
        .iter()
        .map(|a| SessionRow {
            question_id: &a.question.id,
            report: a.attempt.as_ref().map(|a| &a.report),
        })
        .collect();
    let printed = out!(
        "\nMock interview {session_id}\n{}",
        crate::output::session::summary_table(&rows)
    );
    let items: Vec<SessionItem> = asked
        .iter()
        .map(|a| match &a.attempt {
            Some(at) => SessionItem::Answered(AttemptView::of(at)),
            None => SessionItem::Silent(&a.question.id, &a.question.question),
        })
        .collect();
    let html = crate::output::html::session(&session_id, &items);
    let path = args.html.clone().unwrap_or_else(|| {
        g.data
            .root()
            .join("sessions")
            .join(format!("{session_id}.html"))
    });
    write_page(&path, &html)?;
    errln!("Session report: {}", path.display());
    printed?;
    Ok(if interrupted {
        ExitCode::from(EXIT_INTERRUPTED)
    } else if asked.iter().any(|a| a.attempt.is_none()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The interview's questions: with `category`, random questions of it
/// (`count`, default [`CATEGORY_DEFAULT`]); else one question of each
/// category in turn, categories in a random order (`count`, default one per
/// category; more go round again). Never more than the pool holds.
fn pick(
    bank: &[Question],
    category: Option<&str>,
    count: Option<usize>,
    rng: &mut fastrand::Rng,
) -> anyhow::Result<Vec<Question>> {
    let pool = choose_from(bank, category)?;
    let mut groups: Vec<Vec<Question>> = pool
        .iter()
        .fold(BTreeMap::<String, Vec<Question>>::new(), |mut m, q| {
            m.entry(q.category.to_lowercase())
                .or_default()
                .push(q.clone());
            m
        })
        .into_values()
        .collect();
    for g in &mut groups {
        rng.shuffle(g);
    }
    rng.shuffle(&mut groups);
    let default = match category {
        Some(_) => CATEGORY_DEFAULT,
        None => groups.len(),
    };
    let n = count.unwrap_or(default).min(pool.len());
    let mut out = Vec::with_capacity(n);
    for round in 0.. {
        for g in &groups {
            if out.len() == n {
                return Ok(out);
            }
            if let Some(q) = g.get(round) {
                out.push(q.clone());
            }
        }
        if out.len() == n {
            return Ok(out);
        }
    }
    unreachable!("the rounds end once n ≤ pool questions are taken")
}

/// The attempt just saved in `dir`.
fn load(g: &Globals, dir: &std::path::Path) -> anyhow::Result<Attempt> {
    let id = dir
        .file_name()
        .and_then(|n| n.to_str())
        .context("attempt folder name")?;
    g.data.attempts().load(id)
}

/// "0:42 · 138 wpm · 2 fillers · 4/6 key points".
fn brief(r: &Report) -> String {
    format!(
        "{} · {:.0} wpm · {} filler{} · {}/{} key points",
        clock(r.speech_s),
        r.wpm,
        r.filler_count,
        if r.filler_count == 1 { "" } else { "s" },
        r.covered_count(),
        r.key_points.len()
    )
}

/// Write the session page, creating its folder.
fn write_page(path: &std::path::Path, html: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create {}; pass --html FILE in a writable folder",
                dir.display()
            )
        })?;
    }
    crate::util::fs::write_atomic(path, html.as_bytes()).with_context(|| {
        format!(
            "cannot write the session report {}; pass --html FILE in a writable folder",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, cat: &str) -> Question {
        Question {
            id: id.into(),
            category: cat.into(),
            question: format!("{id}?"),
            target_seconds: 60,
            reference: "r".into(),
            key_points: vec![],
            key_points_derived: false,
            audio: None,
        }
    }

    fn bank() -> Vec<Question> {
        vec![
            q("a1", "alpha"),
            q("a2", "alpha"),
            q("a3", "alpha"),
            q("b1", "beta"),
            q("b2", "Beta"),
            q("c1", "gamma"),
        ]
    }

    fn cats(qs: &[Question]) -> Vec<String> {
        qs.iter().map(|q| q.category.to_lowercase()).collect()
    }

    #[test]
    fn one_per_category_by_default() {
        for seed in 0..20 {
            let got = pick(&bank(), None, None, &mut fastrand::Rng::with_seed(seed)).unwrap();
            let mut c = cats(&got);
            c.sort();
            assert_eq!(c, ["alpha", "beta", "gamma"], "seed {seed}");
        }
    }

    #[test]
    fn counts_go_round_the_categories() {
        let got = pick(&bank(), None, Some(5), &mut fastrand::Rng::with_seed(1)).unwrap();
        assert_eq!(got.len(), 5);
        // The first three are one of each category.
        let mut first: Vec<String> = cats(&got[..3]);
        first.sort();
        assert_eq!(first, ["alpha", "beta", "gamma"]);
        // Never the same question twice, never more than the bank.
        let all = pick(&bank(), None, Some(50), &mut fastrand::Rng::with_seed(1)).unwrap();
        let mut ids: Vec<&str> = all.iter().map(|q| q.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["a1", "a2", "a3", "b1", "b2", "c1"]);
        assert_eq!(
            pick(&bank(), None, Some(2), &mut fastrand::Rng::with_seed(3))
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn category_picks_within_it() {
        let got = pick(
            &bank(),
            Some("ALPHA"),
            None,
            &mut fastrand::Rng::with_seed(2),
        )
        .unwrap();
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|q| q.category == "alpha"));
        let got = pick(
            &bank(),
            Some("beta"),
            Some(1),
            &mut fastrand::Rng::with_seed(2),
        )
        .unwrap();
        assert_eq!(cats(&got), ["beta"]);
        let e = pick(
            &bank(),
            Some("delta"),
            None,
            &mut fastrand::Rng::with_seed(2),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no question in category `delta`; categories: "),
            "{e}"
        );
    }
}
