//! Table tests of `text`.

use super::*;

fn norms(s: &str) -> Vec<String> {
    tokens(s).into_iter().map(|t| t.norm).collect()
}

#[test]
fn numbers_in_words_and_digits_agree() {
    let cases: &[(&str, &[&str])] = &[
        ("two hundred fifty thousand dollars", &["250000", "dollars"]),
        ("$250,000 in sales", &["250000", "dollars", "in", "sales"]),
        ("about $1.4 million", &["about", "1400000", "dollars"]),
        (
            "near $250,000. Then",
            &["near", "250000", "dollars", "then"],
        ),
        ("cost $90, then", &["cost", "90", "dollars", "then"]),
        (
            "saved $400K a year",
            &["saved", "400000", "dollars", "a", "year"],
        ),
        ("about $1.4M.", &["about", "1400000", "dollars"]),
        ("the 5k run", &["the", "5k", "run"]),
        ("1.4 million dollars", &["1400000", "dollars"]),
        ("below eight percent", &["below", "8", "percent"]),
        ("below 8%", &["below", "8", "percent"]),
        ("120,000 users", &["120000", "users"]),
        ("one hundred twenty thousand users", &["120000", "users"]),
        (
            "four weeks instead of one",
            &["2419200s", "instead", "of", "1"],
        ),
        ("thirty-day retention", &["2592000s", "retention"]),
        ("35 of every 100", &["35", "percent", "100"]),
        ("thirty five out of a hundred", &["35", "percent", "100"]),
        (
            "two out of every five people",
            &["40", "percent", "5", "people"],
        ),
        ("1 in every 3 beds", &["33", "percent", "3", "beds"]),
        (
            "about one in three of the cases",
            &["about", "33", "percent", "3", "of", "the", "cases"],
        ),
        ("one in a hundred", &["1", "percent", "100"]),
        ("two in three days", &["2", "in", "259200s"]),
        ("5 in 2", &["5", "in", "2"]),
        (
            "it fell 3 in 10 percent",
            &["it", "fell", "3", "in", "10", "percent"],
        ),
        ("triple the users", &["3", "times", "the", "users"]),
        (
            "three times as many users",
            &["3", "times", "as", "many", "users"],
        ),
        ("twice a week", &["2", "times", "a", "week"]),
        ("two hundred and fifty", &["250"]),
        ("didn't run", &["did", "not", "run"]),
        ("it wasnt done", &["it", "was", "not", "done"]),
        ("about 1 km", &["about", "1", "kilometer"]),
        ("the km marker", &["the", "km", "marker"]),
        (
            "about a third of the cases",
            &["about", "33", "percent", "of", "the", "cases"],
        ),
        ("cut it by half", &["cut", "it", "by", "50", "percent"]),
        ("half an hour", &["1800s"]),
        ("two thirds", &["67", "percent"]),
        ("a tenth", &["10", "percent"]),
        ("the third week", &["the", "third", "week"]),
        ("two and a half weeks", &["1512000s"]),
        (
            "2 and a half times as often",
            &["2.5", "times", "as", "often"],
        ),
        ("three and a quarter million users", &["3250000", "users"]),
        ("every Friday we met", &["weekly", "we", "met"]),
        ("once a month", &["monthly"]),
        ("each morning", &["daily"]),
        ("every one of them", &["every", "1", "of", "them"]),
        ("I'd rerun it", &["i", "would", "rerun", "it"]),
        ("should've", &["should", "have"]),
        ("the company's data", &["the", "company", "data"]),
    ];
    for (input, want) in cases {
        assert_eq!(norms(input), *want, "input: {input}");
    }
}

#[test]
fn stems_and_fuzzy_matches() {
    let yes = [
        ("forecasting", "forecast"),
        ("holidays", "holiday"),
        ("rolled", "roll"),
        ("backtests", "backtest"),
        ("previous", "earlier"),
        ("biggest", "largest"),
        ("picked", "chose"),
        ("warehouses", "warehouse"),
        ("skipped", "skip"),
        // An "-able"/"-ible" adjective is a form of its verb.
        ("readable", "read"),
        ("searchable", "searched"),
        ("scalable", "scale"),
        ("accessible", "accessing"),
        ("predictable", "predicted"),
    ];
    for (a, b) in yes {
        assert!(stems_match(&stem(a), &stem(b)), "{a} ~ {b}");
    }
    // British spellings meet the recogniser's American ones.
    for (uk, us) in [
        ("organised", "organized"),
        ("prioritising", "prioritizing"),
        ("analysed", "analyzed"),
        ("practised", "practiced"),
        ("licence", "license"),
        ("standardisation", "standardization"),
    ] {
        assert_eq!(stem(uk), stem(us), "{uk} = {us}");
    }
    assert!(stems_match(&stem("practised"), &stem("rehearse")));
    // Every form of a word keeps one stem; "-is" words keep theirs.
    assert_eq!(stem("precise"), stem("precisely"));
    assert_eq!(stem("analysis"), "analysis");
    assert_ne!(stem("analysis"), stem("analyse"));
    // WordNet's dominant senses (general English, not a hand list).
    assert!(stems_match(&stem("luggage"), &stem("baggage")));
    assert!(stems_match(&stem("big"), &stem("large")));
    // ASR misspellings.
    assert!(stems_match(&stem("gradient"), &stem("gradiant")));
    assert!(stems_match(&stem("pipeline"), &stem("pipelnie")));
    assert!(stems_match(&stem("ran"), &stem("run")));
    assert_eq!(edit_distance("pipeline", "pipelnie"), 1);
    assert!(stems_match(
        &stem("backtests"),
        &stem("back-tests").replace('-', "")
    ));
    let no = [
        ("model", "modal"),
        ("holiday", "weekend"),
        ("8", "80"),
        ("one", "once"),
        // "-able" needs a verb of four letters or more.
        ("notable", "not"),
        ("stable", "st"),
        ("table", "t"),
        ("capable", "cap"),
    ];
    for (a, b) in no {
        assert!(!stems_match(&stem(a), &stem(b)), "{a} !~ {b}");
    }
}

#[test]
fn clause_ends_are_marked() {
    let t = tokens("We planned it, but it stopped.");
    let ends: Vec<_> = t
        .iter()
        .filter(|t| t.clause_end)
        .map(|t| t.norm.as_str())
        .collect();
    assert_eq!(ends, vec!["it", "stopped"]);
    // A dollar amount keeps its unit and the clause end after it.
    let t = tokens("It cost $90, but we paid.");
    let ends: Vec<_> = t
        .iter()
        .filter(|t| t.clause_end)
        .map(|t| t.norm.as_str())
        .collect();
    assert_eq!(ends, vec!["dollars", "paid"]);
}

/// Purpose: a two-word phrase that WordNet gives as one meaning matches the
/// single word ("did a dry run" = "rehearsed", "set up" = "established"), a
/// word matches its derivational form through the group ("rehearsal" and
/// "rehearse"), and a phrase is only a phrase in that order.
#[test]
fn phrases_and_derivational_forms_match() {
    let st = |w: &str| stem(w);
    // (word, first, second, same meaning)
    let cases: &[(&str, &str, &str, bool)] = &[
        ("rehearsed", "dry", "run", true),
        ("established", "set", "up", true),
        ("investigated", "looked", "into", true),
        ("solved", "figured", "out", true),
        ("rehearsed", "run", "dry", false),
        ("established", "up", "set", false),
        ("rehearsed", "set", "up", false),
    ];
    for (word, a, b, same) in cases {
        assert_eq!(
            phrase_synonym(&st(word), &st(a), &st(b)),
            *same,
            "{word} = {a} {b}?"
        );
    }
    // Derivational forms (other parts of speech) share a group.
    for (a, b) in [
        ("rehearsal", "rehearsed"),
        ("decision", "decided"),
        ("investigation", "investigated"),
    ] {
        assert!(stems_match(&st(a), &st(b)), "{a} = {b}?");
    }
}
