//! Text normalisation for matching: tokens, number words to digits, a light
//! stemmer, stop words, fuzzy equality for recogniser misspellings, and a
//! small lexicon of general-English synonyms.

/// A normalised token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lowercase surface form ("rolled", "250000", "percent").
    pub norm: String,
    /// Stem used for matching ("roll").
    pub stem: String,
    /// True for numbers (after number-word conversion).
    pub number: bool,
    /// True when this token ends a clause (it carried , ; : . ? ! or a dash).
    pub clause_end: bool,
}

const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "as",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "i",
    "me",
    "my",
    "we",
    "our",
    "us",
    "you",
    "your",
    "he",
    "she",
    "her",
    "him",
    "his",
    "they",
    "them",
    "their",
    "there",
    "then",
    "than",
    "so",
    "if",
    "but",
    "had",
    "has",
    "have",
    "do",
    "did",
    "does",
    "what",
    "which",
    "who",
    "whom",
    "when",
    "where",
    "how",
    "why",
    "would",
    "could",
    "should",
    "will",
    "can",
    "may",
    "might",
    "just",
    "also",
    "very",
    "really",
    "about",
    "into",
    "over",
    "after",
    "before",
    "up",
    "out",
    "some",
    "any",
    "all",
    "each",
    "every",
    "more",
    "most",
    "much",
    "many",
    "one's",
    "own",
    "such",
    "get",
    "got",
    "um",
    "uh",
    "er",
    "ah",
    "hmm",
    "like",
    "basically",
    "actually",
    "know",
    "mean",
    "well",
    "okay",
    "ok",
    "yeah",
    "around",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "something",
    "somewhere",
    "still",
    "even",
    "way",
    "lot",
    "lots",
    "kind",
    "sort",
    "thing",
    "things",
];

/// True for words that carry no content.
pub fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

fn small_number(w: &str) -> Option<u64> {
    let v = match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v)
}

fn multiplier(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(100.0),
        "thousand" | "k" => Some(1e3),
        "million" | "m" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        _ => None,
    }
}

fn fmt_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Split raw text into lowercase word pieces, keeping numbers like "1.4" and
/// "250,000" whole and turning "%" and "$" into words. Each piece carries
/// whether a clause boundary follows it.
pub fn raw_words(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut cur = String::new();
    let mut pending_dollar = false;
    let flush = |cur: &mut String, out: &mut Vec<(String, bool)>, end: bool| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), end));
        } else if end {
            if let Some(last) = out.last_mut() {
                last.1 = true;
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if (c == '.' || c == ',')
            && !cur.is_empty()
            && cur.chars().all(|d| d.is_ascii_digit() || d == '.')
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            if c == '.' {
                cur.push('.');
            }
        } else if c == '\'' || c == '’' {
            // Keep contractions together: didn't, we'd, company's.
            if !cur.is_empty() && next.is_some_and(|n| n.is_alphabetic()) {
                cur.push('\'');
            } else {
                flush(&mut cur, &mut out, false);
            }
        } else {
            let end = matches!(c, ',' | ';' | ':' | '.' | '?' | '!' | '—' | '–' | '(' | ')');
            let end = end || (c == '-' && next == Some(' '));
            flush(&mut cur, &mut out, end);
            if c == '%' {
                out.push(("percent".into(), false));
            }
            if c == '$' || c == '€' || c == '£' {
                pending_dollar = true;
            }
        }
        if pending_dollar
            && !cur.is_empty()
            && !next.is_some_and(|n| n.is_alphanumeric() || n == '.' || n == ',')
        {
            // "$250,000" -> "250000 dollars"; "$1.4 million" -> "1.4 million dollars".
            flush(&mut cur, &mut out, false);
            let mut j = i + 1;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let rest: String = chars[j..].iter().take(9).collect::<String>().to_lowercase();
            let mult = ["million", "billion", "thousand", "hundred"]
                .into_iter()
                .find(|m| rest.starts_with(m));
            if let Some(m) = mult {
                out.push((m.to_string(), false));
                i = j + m.len();
                out.push(("dollars".into(), false));
                pending_dollar = false;
                continue;
            }
            out.push(("dollars".into(), false));
            pending_dollar = false;
        }
        i += 1;
    }
    flush(&mut cur, &mut out, false);
    // Hyphenated compounds arrive split already ('-' is a separator).
    out
}

/// Convert number words to digits in a word list: "two hundred fifty thousand"
/// -> "250000", "1.4 million" -> "1400000", "eight" -> "8".
pub fn numbers_to_digits(words: Vec<(String, bool)>) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (w, _) = &words[i];
        let digit = w.parse::<f64>().ok();
        if small_number(w).is_none() && digit.is_none() {
            out.push((w.clone(), words[i].1, false));
            i += 1;
            continue;
        }
        // Accumulate a number phrase.
        let mut total = 0.0f64;
        let mut current = 0.0f64;
        let mut j = i;
        let mut end_flag = false;
        let mut took_any = false;
        while j < words.len() {
            let (t, e) = &words[j];
            if let Some(v) = t
                .parse::<f64>()
                .ok()
                .filter(|_| !took_any || current == 0.0)
            {
                current += v;
            } else if let Some(v) = small_number(t) {
                // "fifty" after "two hundred" adds; "four weeks instead of one" stops at "weeks".
                if took_any && current > 0.0 && current < 10.0 && v < 10 {
                    break;
                }
                if took_any && current % 100.0 != 0.0 && current >= 10.0 && v >= 10 {
                    break;
                }
                current += v as f64;
            } else if let Some(m) = multiplier(t).filter(|_| took_any) {
                if m == 100.0 {
                    current = current.max(1.0) * 100.0;
                } else {
                    total += current.max(1.0) * m;
                    current = 0.0;
                }
            } else if t == "and"
                && took_any
                && j + 1 < words.len()
                && small_number(&words[j + 1].0).is_some()
                && current >= 100.0
            {
                // "two hundred and fifty"
            } else {
                break;
            }
            took_any = true;
            end_flag = *e;
            j += 1;
            if end_flag {
                break;
            }
        }
        let v = total + current;
        out.push((fmt_number(v), end_flag, true));
        i = j.max(i + 1);
    }
    out
}

/// Irregular past forms mapped to their base form.
const IRREGULAR: &[(&str, &str)] = &[
    ("ran", "run"),
    ("went", "go"),
    ("gone", "go"),
    ("took", "take"),
    ("taken", "take"),
    ("made", "make"),
    ("built", "build"),
    ("wrote", "write"),
    ("written", "write"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("rose", "rise"),
    ("fell", "fall"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("led", "lead"),
    ("caught", "catch"),
    ("brought", "bring"),
    ("thought", "think"),
    ("found", "find"),
    ("told", "tell"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("gave", "give"),
    ("given", "give"),
    ("began", "begin"),
    ("begun", "begin"),
    ("kept", "keep"),
    ("met", "meet"),
    ("spent", "spend"),
    ("sent", "send"),
    ("held", "hold"),
    ("lost", "lose"),
    ("sold", "sell"),
    ("paid", "pay"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("knew", "know"),
    ("known", "know"),
    ("felt", "feel"),
    ("left", "leave"),
    ("stood", "stand"),
    ("understood", "understand"),
    ("taught", "teach"),
    ("bought", "buy"),
    ("won", "win"),
    ("shown", "show"),
    ("fed", "feed"),
    ("dealt", "deal"),
    ("meant", "mean"),
];

/// A light suffix-stripping stemmer (enough to match "forecasting" with
/// "forecast" and "holidays" with "holiday").
pub fn stem(w: &str) -> String {
    let w = w.trim_end_matches("'s").trim_end_matches('\'');
    if let Some((_, base)) = IRREGULAR.iter().find(|(past, _)| *past == w) {
        return base.to_string();
    }
    let n = w.chars().count();
    if n <= 3 || w.chars().any(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    let strip = |s: &str, suf: &str| s[..s.len() - suf.len()].to_string();
    let mut s = if w.ends_with("ies") && n > 4 {
        format!("{}y", strip(w, "ies"))
    } else if w.ends_with("sses") {
        strip(w, "es")
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.to_string()
    } else if w.ends_with('s') {
        strip(w, "s")
    } else {
        w.to_string()
    };
    for suf in ["ingly", "edly", "ing", "ed", "ly", "ment", "ation", "er"] {
        if s.ends_with(suf) && s.len() - suf.len() >= 4 {
            s = strip(&s, suf);
            // "rolled" -> "roll", "stopped" -> "stop".
            let b = s.as_bytes();
            if b.len() >= 2
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
            {
                s.pop();
            }
            break;
        }
    }
    if s.ends_with('e') && s.len() > 4 {
        s.pop();
    }
    s
}

/// Edit distance with adjacent transpositions (optimal string alignment):
/// "pipelnie" is one edit from "pipeline".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let c = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + c);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Groups of words general English uses for the same thing. Matching treats
/// any two stems in one group as equal.
const SYNONYMS: &[&[&str]] = &[
    &["previou", "earli", "prior", "old", "former", "last"],
    &["rollback", "roll", "revert", "restor", "undo"],
    &["under", "below", "less", "beneath", "lower"],
    &[
        "rehears",
        "practic",
        "practice",
        "rehearsal",
        "dry",
        "prepar",
    ],
    &["jargon", "term", "terminology", "technical", "buzzword"],
    &["metric", "measure", "kpi", "number"],
    &["primary", "main", "principal", "core", "key", "headline"],
    &[
        "increas", "rais", "rise", "rose", "boost", "grew", "grow", "improv", "lift", "jump", "up",
    ],
    &[
        "decreas", "drop", "fell", "fall", "reduc", "down", "cut", "declin",
    ],
    &["show", "shown", "demonstrat", "prov", "proof"],
    &["user", "customer", "listener", "client"],
    &["money", "dollar", "revenue", "sale", "cash"],
    &[
        "skeptical",
        "skeptic",
        "sceptical",
        "doubtful",
        "wary",
        "unconvinc",
        "burn",
        "burned",
        "burnt",
    ],
    &["example", "illustration", "instance", "analogy"],
    &[
        "chose", "choos", "choose", "pick", "picked", "select", "decid", "opt", "opted",
    ],
    &[
        "check",
        "validation",
        "validat",
        "guard",
        "safeguard",
        "test",
    ],
    &["alert", "alarm", "notification", "monitor"],
    &["tradeoff", "trade", "balanc"],
    &["recover", "sav", "recoup", "reclaim"],
    &["team", "group", "squad", "department"],
    &[
        "leadership",
        "leader",
        "executive",
        "management",
        "director",
        "boss",
    ],
    &["statistic", "statistical", "stat", "math"],
    &[
        "miss",
        "missing",
        "absent",
        "vanish",
        "gone",
        "disappear",
        "drop",
    ],
    &["silent", "silently", "quiet", "quietly", "unnotic"],
    &["column", "field"],
    &[
        "remov", "replac", "rewrot", "rewrit", "swap", "strip", "eliminat", "delet",
    ],
    &["holiday", "vacation"],
    &["stockout", "empty", "sold", "shortage"],
    &["forecast", "predict", "prediction", "projection"],
    &["experiment", "test", "trial", "pilot"],
    &["mislead", "wrong", "deceptiv", "inflat"],
    &["diagnostic", "secondary", "guardrail"],
    &[
        "correlation",
        "correlat",
        "relat",
        "track",
        "connect",
        "link",
    ],
    &["retention", "retain"],
    &["launch", "ship", "shipp", "releas", "deploy"],
    &["explain", "describ", "present", "fram", "frame", "walk"],
    &["slide", "chart", "page"],
    &["option", "choic", "alternativ", "scenario"],
    &["meeting", "session", "call"],
    &["fraud", "fraudulent"],
    &["hour", "hr"],
    &["week", "wk"],
    &["minute", "min"],
    &["percent", "pct"],
    &["badly", "far", "severely", "significantly", "way"],
    &["underforecast", "underpredict", "underestimat", "low"],
];

/// True when two stems name the same thing for matching purposes: equal,
/// synonyms, one a long prefix of the other, or a near-miss spelling.
pub fn stems_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let digits = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    if digits(a) || digits(b) {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    if short.chars().count() >= 5 && long.starts_with(short) {
        return true;
    }
    if la.min(lb) >= 6 {
        let d = edit_distance(a, b);
        if d as f64 <= (la.max(lb) as f64 * 0.2).floor().max(1.0) {
            return true;
        }
    }
    synonyms(a, b)
}

fn in_group(g: &[&str], w: &str) -> bool {
    g.iter()
        .any(|s| *s == w || (s.len() >= 5 && w.starts_with(s)))
}

fn synonyms(a: &str, b: &str) -> bool {
    SYNONYMS.iter().any(|g| in_group(g, a) && in_group(g, b))
}

/// Tokenise text for matching: lowercase, numbers to digits, stems.
pub fn tokens(text: &str) -> Vec<Token> {
    numbers_to_digits(raw_words(text))
        .into_iter()
        .flat_map(|(w, end, number)| {
            // Split contractions: "didn't" -> "did", "n't"; "we'd" -> "we".
            let mut v = Vec::new();
            if let Some(base) = w.strip_suffix("n't") {
                v.push((base.to_string(), false));
                v.push(("not".to_string(), end));
            } else if let Some((base, _)) = w.split_once('\'') {
                v.push((base.to_string(), end));
            } else {
                v.push((w, end));
            }
            v.into_iter().map(move |(w, end)| Token {
                stem: if number { w.clone() } else { stem(&w) },
                norm: w,
                number,
                clause_end: end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
            ("1.4 million dollars", &["1400000", "dollars"]),
            ("below eight percent", &["below", "8", "percent"]),
            ("below 8%", &["below", "8", "percent"]),
            ("120,000 users", &["120000", "users"]),
            ("one hundred twenty thousand users", &["120000", "users"]),
            (
                "four weeks instead of one",
                &["4", "weeks", "instead", "of", "1"],
            ),
            ("thirty-day retention", &["30", "day", "retention"]),
            ("35 of every 100", &["35", "of", "every", "100"]),
            (
                "thirty five out of a hundred",
                &["35", "out", "of", "a", "hundred"],
            ),
            ("two hundred and fifty", &["250"]),
            ("didn't run", &["did", "not", "run"]),
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
            ("restored", "rolled"),
            ("warehouses", "warehouse"),
            ("skipped", "skip"),
        ];
        for (a, b) in yes {
            assert!(stems_match(&stem(a), &stem(b)), "{a} ~ {b}");
        }
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
    }
}
