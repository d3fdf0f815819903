//! How well derived key points agree with hand-written ones.
//!
//! A hand-written point has a derived match when some derived point, read as
//! one sentence of an answer, covers it by the product's own coverage matcher
//! ([`crate::analysis::coverage::cover`], threshold
//! [`crate::analysis::coverage::COVERED_AT`]): the same stems, synonyms and
//! numbers that decide whether a spoken answer states the point. Each derived
//! point is judged alone (no pairs), so two half-matches never add up to one.

use crate::analysis::coverage::{cover, Sentence};

/// How many of `hand` points have a derived match among `derived`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Agreement {
    /// Hand-written points that some derived point covers.
    pub matched: usize,
    /// Hand-written points in all.
    pub total: usize,
}

impl Agreement {
    /// `matched / total`, or 0 with no points.
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.matched as f64 / self.total as f64
        }
    }
}

/// The sum of two counts (for a whole bank).
impl std::ops::Add for Agreement {
    type Output = Agreement;

    fn add(self, other: Agreement) -> Agreement {
        Agreement {
            matched: self.matched + other.matched,
            total: self.total + other.total,
        }
    }
}

/// For each hand-written point, whether a derived point covers it.
pub fn matches(hand: &[String], derived: &[String], question: &str) -> Vec<bool> {
    let mut found = vec![false; hand.len()];
    for d in derived {
        let sent = [Sentence {
            text: d.clone(),
            start_s: 0.0,
            end_s: 1.0,
        }];
        for (f, r) in found.iter_mut().zip(cover(hand, question, &sent)) {
            *f |= r.covered;
        }
    }
    found
}

/// How many `hand` points have a derived match among `derived`.
pub fn agreement(hand: &[String], derived: &[String], question: &str) -> Agreement {
    Agreement {
        matched: matches(hand, derived, question)
            .into_iter()
            .filter(|&m| m)
            .count(),
        total: hand.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn counts_points_a_derived_point_states() {
        let hand = v(&[
            "rolled back to the previous model within two hours",
            "forecast error stayed under 8%",
            "hired a new analyst",
        ]);
        let derived = v(&[
            "within two hours I rolled back to the previous model",
            "the next holiday season the forecast error stayed under 8%",
        ]);
        let cases: &[(&[String], Agreement)] = &[
            (
                &derived,
                Agreement {
                    matched: 2,
                    total: 3,
                },
            ),
            (
                &derived[..1],
                Agreement {
                    matched: 1,
                    total: 3,
                },
            ),
            (
                &[],
                Agreement {
                    matched: 0,
                    total: 3,
                },
            ),
        ];
        for (d, want) in cases {
            assert_eq!(agreement(&hand, d, "What went wrong?"), *want, "{d:?}");
        }
    }

    #[test]
    fn a_different_figure_is_no_match() {
        let hand = v(&["forecast error stayed under 8%"]);
        let derived = v(&["the forecast error stayed under 80%"]);
        assert_eq!(agreement(&hand, &derived, "").matched, 0);
    }

    #[test]
    fn share_is_a_fraction() {
        assert_eq!(
            Agreement {
                matched: 0,
                total: 0
            }
            .share(),
            0.0
        );
        let a = Agreement {
            matched: 3,
            total: 4,
        } + Agreement {
            matched: 1,
            total: 1,
        };
        assert_eq!(
            a,
            Agreement {
                matched: 4,
                total: 5
            }
        );
        assert!((a.share() - 0.8).abs() < 1e-9);
    }
}
