//! `rehearse questions` for the terminal: the bank as aligned columns, and
//! one question in full. Text from the question files goes through
//! [`super::sanitize`] first, so a file cannot send escape codes.

use super::sanitize;
use super::wrap::lines as wrap;
use crate::analysis::Question;

/// `90` → `1:30`.
fn mmss(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The list: aligned columns ID, CATEGORY, TARGET, QUESTION, the question
/// wrapped under its own column. When that column would be too narrow, the
/// question goes on the lines below its row instead, indented.
pub fn list_table(bank: &[Question], width: usize) -> String {
    list_table_from(bank, &[], width)
}

/// [`list_table`] with a FROM column after TARGET holding `from[i]` (a short
/// word such as `bundled` or `yours`) for question `i`; no column when
/// `from` is empty.
pub fn list_table_from(bank: &[Question], from: &[&str], width: usize) -> String {
    let bank: Vec<Question> = bank.iter().map(sanitize::question).collect();
    let from_w = from
        .iter()
        .map(|f| f.chars().count())
        .max()
        .map_or(0, |w| w.max("FROM".len()));
    let from_col = |i: usize| match from_w {
        0 => String::new(),
        _ => format!("  {:from_w$}", from.get(i).copied().unwrap_or("")),
    };
    let id_w = bank
        .iter()
        .map(|q| q.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("ID".len());
    let cat_w = bank
        .iter()
        .map(|q| q.category.chars().count())
        .max()
        .unwrap_or(0)
        .max("CATEGORY".len());
    let target_w = "TARGET".len();
    let indent = id_w + cat_w + target_w + 6 + if from_w > 0 { from_w + 2 } else { 0 };
    let columns = width >= indent + 30;

    let mut s = format!(
        "{:id_w$}  {:cat_w$}  {:>target_w$}",
        "ID", "CATEGORY", "TARGET"
    );
    if from_w > 0 {
        s.push_str(&format!("  {:from_w$}", "FROM"));
    }
    if columns {
        s.push_str("  QUESTION\n");
    } else {
        s.truncate(s.trim_end().len());
        s.push('\n');
    }
    for (i, q) in bank.iter().enumerate() {
        let row = format!(
            "{:id_w$}  {:cat_w$}  {:>target_w$}{}",
            q.id,
            q.category,
            mmss(q.target_seconds),
            from_col(i)
        );
        if columns {
            let lines = wrap(&q.question, width - indent);
            let first = lines.first().map(String::as_str).unwrap_or("");
            s.push_str(&format!("{row}  {first}\n"));
            for line in lines.iter().skip(1) {
                s.push_str(&format!("{:indent$}{line}\n", ""));
            }
        } else {
            s.push_str(row.trim_end());
            s.push('\n');
            for line in wrap(&q.question, width.saturating_sub(4)) {
                s.push_str(&format!("    {line}\n"));
            }
        }
    }
    s
}

/// One question in full: header, question, reference answer, key points.
pub fn show_text(q: &Question, width: usize) -> String {
    let q = &sanitize::question(q);
    let mut s = format!(
        "{}\nCategory: {}   Target: {} ({} s)\n\n",
        q.id,
        q.category,
        mmss(q.target_seconds),
        q.target_seconds
    );
    for line in wrap(&q.question, width) {
        s.push_str(&line);
        s.push('\n');
    }
    if let Some(audio) = &q.audio {
        s.push_str(&format!(
            "\nAudio: {}\n",
            sanitize::line(&audio.display().to_string())
        ));
    }

    s.push_str("\nReference answer:\n");
    let paragraphs: Vec<&str> = q
        .reference
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for line in wrap(p, width.saturating_sub(2)) {
            s.push_str(&format!("  {line}\n"));
        }
    }

    if q.key_points_derived {
        s.push_str("\nKey points (derived automatically from the reference; add `key_points` to the file to set them):\n");
    } else {
        s.push_str("\nKey points:\n");
    }
    let num_w = q.key_points.len().to_string().len();
    for (i, kp) in q.key_points.iter().enumerate() {
        let lead = format!("  {:>num_w$}. ", i + 1);
        let pad = lead.chars().count();
        for (j, line) in wrap(kp, width.saturating_sub(pad)).iter().enumerate() {
            if j == 0 {
                s.push_str(&format!("{lead}{line}\n"));
            } else {
                s.push_str(&format!("{:pad$}{line}\n", ""));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, question: &str, derived: bool) -> Question {
        Question {
            id: id.into(),
            category: "communication".into(),
            question: question.into(),
            target_seconds: 90,
            reference: "First paragraph here.\n\nSecond one.".into(),
            key_points: vec!["one point".into(), "another point".into()],
            key_points_derived: derived,
            audio: None,
        }
    }

    #[test]
    fn formats_minutes() {
        for (s, want) in [
            (0, "0:00"),
            (59, "0:59"),
            (90, "1:30"),
            (120, "2:00"),
            (605, "10:05"),
        ] {
            assert_eq!(mmss(s), want);
        }
    }

    #[test]
    fn table_is_aligned_and_wrapped() {
        let bank = [
            q("a", "Short?", false),
            q("longer-id", &"word ".repeat(30), false),
        ];
        let t = list_table(&bank, 70);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "ID         CATEGORY       TARGET  QUESTION");
        assert_eq!(lines[1], "a          communication    1:30  Short?");
        assert!(lines[2].starts_with("longer-id  communication    1:30  word"));
        assert!(lines.len() > 3);
        for l in &lines[3..] {
            assert!(l.starts_with(&" ".repeat(34)) && l.len() <= 70, "{l:?}");
        }
        // Narrow terminals: the question goes below its row.
        let t = list_table(&bank, 40);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "ID         CATEGORY       TARGET");
        assert_eq!(lines[1], "a          communication    1:30");
        assert_eq!(lines[2], "    Short?");
        assert_eq!(lines[3], "longer-id  communication    1:30");
        assert!(lines[4..]
            .iter()
            .all(|l| l.starts_with("    word") && l.len() <= 40));
    }

    #[test]
    fn show_notes_derived_points() {
        let t = show_text(&q("a", "Why?", true), 80);
        assert!(t.contains("derived automatically"));
        assert!(t.contains("  1. one point\n  2. another point\n"));
        assert!(t.contains("  First paragraph here.\n\n  Second one.\n"));
        assert!(!show_text(&q("a", "Why?", false), 80).contains("derived"));
    }
}
