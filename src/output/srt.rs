//! SubRip (.srt) subtitles from a transcript (control characters made
//! visible, as on a terminal).

use crate::analysis::Transcript;

fn stamp(t: f64) -> String {
    let ms = (t.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Render segments as numbered SRT cues.
pub fn render(t: &Transcript) -> String {
    let mut out = String::new();
    for (i, s) in t.segments.iter().enumerate() {
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            stamp(s.start_s),
            stamp(s.end_s),
            super::sanitize::line(s.text.trim())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Segment;

    #[test]
    fn formats_cues() {
        let t = Transcript {
            aligned: false,
            cleaned: false,
            segments: vec![Segment {
                start_s: 61.5,
                end_s: 3725.042,
                text: " Hello. ".into(),
            }],
            words: vec![],
        };
        assert_eq!(render(&t), "1\n00:01:01,500 --> 01:02:05,042\nHello.\n\n");
    }
}
