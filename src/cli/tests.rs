//! Parsing tests for [`super`]: clap's checks, the options folded in from
//! before the subcommand, and the value parsers.

use super::*;

fn parse(args: &[&str]) -> Result<(Command, bool), clap::Error> {
    Cli::try_parse_from(std::iter::once("rehearse").chain(args.iter().copied()))?.into_parts()
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn options_before_the_subcommand_move_into_it() {
    let (c, quiet) = parse(&[
        "--questions",
        "q",
        "--model",
        "m",
        "--threads",
        "2",
        "-q",
        "score",
        "--question",
        "x",
        "--audio",
        "a.wav",
    ])
    .unwrap();
    assert!(quiet);
    let t = c.transcribe_opts().unwrap();
    assert_eq!(t.model.as_deref(), Some(std::path::Path::new("m")));
    assert_eq!(t.threads, Some(2));
    let q = c.questions_opts().unwrap();
    assert_eq!(q.questions.as_deref(), Some(std::path::Path::new("q")));
    let (c, _) = parse(&["--model", "m", "model", "path"]).unwrap();
    assert!(matches!(c, Command::Model(a) if a.model.is_some()));
    // Where they do not apply, they are refused, before or after.
    for args in [
        &["--model", "m", "devices"][..],
        &["--threads", "2", "history"],
        &["--questions", "q", "review"],
        &["history", "--yes"],
        &["devices", "--model", "m"],
        &["history", "--threads", "2"],
    ] {
        assert!(parse(args).is_err(), "{args:?}");
    }
    assert!(parse(&["transcribe", "x.wav", "--threads", "0"]).is_err());
}

#[test]
fn lengths_and_counts_make_sense() {
    let practice = |args: &[&str]| {
        let mut all = vec!["practice"];
        all.extend_from_slice(args);
        parse(&all).map(|(c, _)| match c {
            Command::Practice(p) => (p.max_seconds, p.silence_stop),
            _ => panic!("practice"),
        })
    };
    assert_eq!(practice(&[]).unwrap(), (300.0, 8.0));
    assert_eq!(
        practice(&["--max-seconds", "0.5", "--silence-stop", "0"]).unwrap(),
        (0.5, 0.0)
    );
    for bad in [
        &["--max-seconds", "0"][..],
        &["--max-seconds", "-3"],
        &["--max-seconds", "inf"],
        &["--max-seconds", "NaN"],
        &["--max-seconds", "soon"],
        &["--silence-stop", "-1"],
        &["--silence-stop", "nan"],
    ] {
        let e = practice(bad).unwrap_err().to_string();
        assert!(e.contains("seconds"), "{bad:?}: {e}");
    }
    assert!(parse(&["history", "--prune", "--keep", "0"]).is_err());
    assert!(parse(&["history", "--prune", "--keep", "1", "--yes"]).is_ok());
}

#[test]
fn transcribe_format_and_its_shorthands() {
    for (args, want) in [
        (&["x.wav"][..], TranscriptFormat::Txt),
        (&["x.wav", "--srt"], TranscriptFormat::Srt),
        (&["x.wav", "--json"], TranscriptFormat::Json),
        (&["x.wav", "--txt"], TranscriptFormat::Txt),
        (&["x.wav", "--format", "json"], TranscriptFormat::Json),
    ] {
        let mut all = vec!["transcribe"];
        all.extend_from_slice(args);
        let Command::Transcribe(a) = parse(&all).unwrap().0 else {
            panic!("transcribe")
        };
        assert_eq!(a.output_format(), want, "{args:?}");
    }
    assert!(parse(&["transcribe", "x.wav", "--json", "--srt"]).is_err());
    assert!(parse(&["transcribe", "x.wav", "--format", "srt", "--txt"]).is_err());
}

#[test]
fn review_last_and_report_conflicts() {
    let last = |args: &[&str]| match parse(args).unwrap().0 {
        Command::Review(r) => r.last,
        _ => panic!("review"),
    };
    assert_eq!(last(&["review"]), None);
    assert_eq!(last(&["review", "--last"]), Some(1));
    assert_eq!(last(&["review", "--last", "--play"]), Some(1));
    assert_eq!(last(&["review", "--last", "3"]), Some(3));
    assert!(parse(&["review", "--last", "0"]).is_err());
    assert!(parse(&["review", "ID", "--last"]).is_err());
    assert!(parse(&["report", "ID", "--question", "q", "--md", "x.md"]).is_err());
    assert!(parse(&["questions", "show", "x", "--json"]).is_ok());
    assert!(parse(&["questions", "--json", "show", "x"]).is_ok());
}
