//! [`AttemptView`]: a saved attempt as the renderers see it, borrowed from
//! analysis types ([`AttemptView::of`] an [`Attempt`] record, or built by
//! hand from a report).

use crate::analysis::trends::{AttemptRef, HistoryRow};
use crate::analysis::{Attempt, Report};

/// A saved attempt as the renderers see it; `app` builds it from the store.
#[derive(Debug, Clone, Copy)]
pub struct AttemptView<'a> {
    /// Attempt id (folder name).
    pub id: &'a str,
    /// When it was saved, RFC 3339 UTC.
    pub created: &'a str,
    /// Which command saved it ("practice", "score").
    pub source: &'a str,
    /// Question id.
    pub question_id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// The reference answer.
    pub reference: &'a str,
    /// The analysis.
    pub report: &'a Report,
}

impl<'a> AttemptView<'a> {
    /// The view of a saved attempt record.
    pub fn of(a: &'a Attempt) -> AttemptView<'a> {
        AttemptView {
            id: &a.id,
            created: &a.created,
            source: a.source.as_str(),
            question_id: &a.question.id,
            question: &a.question.question,
            reference: &a.question.reference,
            report: &a.report,
        }
    }

    /// The attempt as the cross-attempt measures (compare, trends) take it.
    pub fn attempt(&self) -> AttemptRef<'a> {
        AttemptRef {
            id: self.id,
            created: self.created,
            source: self.source,
            question_id: self.question_id,
            report: self.report,
        }
    }

    /// This attempt's row of headline figures.
    pub fn row(&self) -> HistoryRow {
        HistoryRow::of(&self.attempt())
    }
}
