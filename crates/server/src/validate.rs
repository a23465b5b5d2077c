//! Checks on request bodies that types alone cannot express (lengths, ranges, dates).
//! Every problem is collected, so a 422 names every bad field at once.

use crate::error::{AppError, AppResult};
use clientbook_domain::api::FieldProblem;

#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldProblem>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            problem: problem.into(),
        });
    }

    /// Required text: not blank, at most `max` characters, no control characters other
    /// than line breaks and tabs. Stored exactly as given (never trimmed or interpreted).
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else {
            self.text_shape(field, value, max);
        }
    }

    /// Optional text: absent is fine, present must satisfy [`Problems::text`].
    pub fn opt_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, max);
        }
    }

    fn text_shape(&mut self, field: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.add(
                field,
                format!("must be at most {max} characters (this one has {n})"),
            );
        }
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.add(
                field,
                "must not contain control characters (other than line breaks and tabs)",
            );
        }
    }

    /// An integer within `lo..=hi`.
    pub fn range(&mut self, field: &str, value: i64, lo: i64, hi: i64) {
        if !(lo..=hi).contains(&value) {
            self.add(
                field,
                format!("must be between {lo} and {hi} (got {value})"),
            );
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem in one 422, or nothing.
    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_kept() {
        let mut p = Problems::new();
        p.text("a", "   ", 10);
        p.text("b", "x".repeat(11).as_str(), 10);
        p.text("c", "ok\u{0}", 10);
        p.text("d", "<script>alert(1)</script>'; DROP TABLE notes;--", 100);
        p.range("e", 11, 0, 10);
        let fields: Vec<_> = p.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["a", "b", "c", "e"]);
    }
}
