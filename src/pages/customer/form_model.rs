//! The browser's mirror of the server's validation of the service-work forms: the same
//! rules, checked before sending so the advisor sees a problem beside the field at once.
//! The server stays the judge (its 422 field problems are shown the same way). Field
//! names are the server's, so both kinds of problem land beside the same input.

use super::text::T;
use crate::i18n::Locale;
use chrono::NaiveDate;
use clientbook_domain::api::FieldProblem;
use clientbook_domain::customer::ComplaintStatus;
use clientbook_domain::service::{
    Complaint, LONG_TEXT_MAX_CHARS, NOTE_MAX_CHARS, SHORT_TEXT_MAX_CHARS,
};

/// Problems found, field by field.
#[derive(Debug, Default)]
pub struct Problems {
    locale: Locale,
    list: Vec<FieldProblem>,
}

impl Problems {
    pub fn new(locale: Locale) -> Self {
        Problems {
            locale,
            list: Vec::new(),
        }
    }

    pub fn add(&mut self, field: &str, t: T) {
        self.list.push(FieldProblem {
            field: field.to_owned(),
            problem: t.text(self.locale).to_owned(),
        });
    }

    /// A required text: present and at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, T::ErrRequired);
        } else {
            self.opt_text(field, value, max);
        }
    }

    /// An optional text: at most `max` characters.
    pub fn opt_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().chars().count() > max {
            self.add(field, T::ErrTooLong);
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldProblem>> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(self.list)
        }
    }
}

/// A date from an `<input type="date">` (YYYY-MM-DD); `None` when empty or unreadable.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The trimmed text, `None` when blank (optional fields are sent as absent).
pub fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The contact log form: a date not in the future nor before the relationship began,
/// a next contact date after it, short texts within bounds.
pub fn contact_problems(
    occurred_on: &str,
    next_contact_on: &str,
    note: &str,
    next_step: &str,
    since: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> Result<(NaiveDate, Option<NaiveDate>), Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    let on = parse_date(occurred_on);
    match on {
        None => p.add("occurred_on", T::ErrDate),
        Some(d) if d > today => p.add("occurred_on", T::ErrFuture),
        Some(d) if d < since => p.add("occurred_on", T::ErrDate),
        Some(_) => {}
    }
    let next = parse_date(next_contact_on);
    if !next_contact_on.trim().is_empty() && next.is_none() {
        p.add("next_contact_on", T::ErrDate);
    }
    if let (Some(n), Some(d)) = (next, on) {
        if n <= d {
            p.add("next_contact_on", T::ErrNextAfter);
        }
    }
    p.opt_text("note", note, LONG_TEXT_MAX_CHARS);
    p.opt_text("next_step", next_step, SHORT_TEXT_MAX_CHARS);
    p.finish()?;
    Ok((on.unwrap_or(today), next))
}

/// The next contact date: empty clears it; otherwise not in the past.
pub fn next_contact_problems(
    value: &str,
    today: NaiveDate,
    locale: Locale,
) -> Result<Option<NaiveDate>, Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    let d = parse_date(value);
    match d {
        None if !value.trim().is_empty() => p.add("next_contact_on", T::ErrDate),
        Some(d) if d < today => p.add("next_contact_on", T::ErrNotPast),
        _ => {}
    }
    p.finish().map(|()| d)
}

pub fn complaint_problems(
    description: &str,
    customer_request: &str,
    locale: Locale,
) -> Result<(), Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    p.text("description", description, LONG_TEXT_MAX_CHARS);
    p.text("customer_request", customer_request, SHORT_TEXT_MAX_CHARS);
    p.finish()
}

/// A step of the complaint workflow; closing needs a resolution (now or earlier) and the
/// customer's feedback or the reason there is none.
pub fn transition_problems(
    current: &Complaint,
    to: ComplaintStatus,
    resolution: &str,
    feedback: &str,
    no_feedback_reason: &str,
    locale: Locale,
) -> Result<(), Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    p.opt_text("resolution", resolution, LONG_TEXT_MAX_CHARS);
    p.opt_text("feedback", feedback, LONG_TEXT_MAX_CHARS);
    p.opt_text(
        "no_feedback_reason",
        no_feedback_reason,
        SHORT_TEXT_MAX_CHARS,
    );
    if to == ComplaintStatus::Closed {
        if resolution.trim().is_empty() && current.resolution.is_none() {
            p.add("resolution", T::ErrRequired);
        }
        let has_feedback = !feedback.trim().is_empty() || current.feedback.is_some();
        let has_reason =
            !no_feedback_reason.trim().is_empty() || current.no_feedback_reason.is_some();
        if !has_feedback && !has_reason {
            p.add("feedback", T::ErrRequired);
        }
    }
    p.finish()
}

pub fn note_problems(text: &str, locale: Locale) -> Result<(), Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    p.text("text", text, NOTE_MAX_CHARS);
    p.finish()
}

pub fn survey_problems(
    answered_on: &str,
    since: NaiveDate,
    today: NaiveDate,
    locale: Locale,
) -> Result<NaiveDate, Vec<FieldProblem>> {
    let mut p = Problems::new(locale);
    let d = parse_date(answered_on);
    match d {
        None => p.add("answered_on", T::ErrDate),
        Some(d) if d > today => p.add("answered_on", T::ErrFuture),
        Some(d) if d < since => p.add("answered_on", T::ErrDate),
        Some(_) => {}
    }
    p.finish().map(|()| d.unwrap_or(today))
}

/// The problems of one field, joined for display.
pub fn problems_of(problems: &[FieldProblem], field: &str) -> Option<String> {
    let msgs: Vec<&str> = problems
        .iter()
        .filter(|p| {
            p.field == field
                || p.field.starts_with(&format!("{field}."))
                || p.field.starts_with(&format!("{field}["))
        })
        .map(|p| p.problem.as_str())
        .collect();
    (!msgs.is_empty()).then(|| msgs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use clientbook_domain::customer::{ComplaintSeverity, CustomerId};
    use clientbook_domain::service::{ComplaintChannel, ComplaintContentType};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn complaint() -> Complaint {
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        Complaint {
            id: 1,
            customer_id: CustomerId(1),
            received_at: at,
            received_on: day(2026, 11, 20),
            channel: ComplaintChannel::Phone,
            content_type: ComplaintContentType::Service,
            severity: ComplaintSeverity::General,
            status: ComplaintStatus::CustomerInformed,
            description: "Queue".into(),
            customer_request: None,
            resolution: None,
            feedback: None,
            no_feedback_reason: None,
            internal_deadline: at,
            regulatory_deadline: day(2026, 12, 5),
            resolved_at: None,
            closed_at: None,
            version: 4,
            events: vec![],
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_contact_today_with_a_later_follow_up_passes() {
        let today = day(2026, 11, 23);
        let r = contact_problems(
            "2026-11-23",
            "2026-12-01",
            "",
            "Call back",
            day(2010, 1, 1),
            today,
            Locale::En,
        );
        assert_eq!(r, Ok((today, Some(day(2026, 12, 1)))));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_contact_in_the_future_or_a_follow_up_before_it_is_refused_beside_its_field() {
        let today = day(2026, 11, 23);
        let e = contact_problems("2026-11-24", "", "", "", day(2010, 1, 1), today, Locale::En)
            .unwrap_err();
        assert_eq!(
            problems_of(&e, "occurred_on").as_deref(),
            Some("Must not be in the future.")
        );
        let e = contact_problems(
            "2026-11-20",
            "2026-11-20",
            "",
            "",
            day(2010, 1, 1),
            today,
            Locale::ZhCn,
        )
        .unwrap_err();
        assert_eq!(
            problems_of(&e, "next_contact_on").as_deref(),
            Some("必须晚于联系日期。")
        );
        assert_eq!(problems_of(&e, "occurred_on"), None);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn closing_needs_a_resolution_and_feedback_or_its_absence_explained() {
        let c = complaint();
        let e =
            transition_problems(&c, ComplaintStatus::Closed, "", "", "", Locale::En).unwrap_err();
        assert!(problems_of(&e, "resolution").is_some());
        assert!(problems_of(&e, "feedback").is_some());
        assert!(transition_problems(
            &c,
            ComplaintStatus::Closed,
            "Refunded",
            "",
            "Unreachable",
            Locale::En
        )
        .is_ok());
        let mut resolved = c.clone();
        resolved.resolution = Some("Refunded".into());
        resolved.feedback = Some("Happy".into());
        assert!(
            transition_problems(&resolved, ComplaintStatus::Closed, "", "", "", Locale::En).is_ok()
        );
        assert!(
            transition_problems(&c, ComplaintStatus::Investigating, "", "", "", Locale::En).is_ok()
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_complaint_needs_what_happened_and_what_the_customer_asks() {
        let e = complaint_problems("  ", "", Locale::En).unwrap_err();
        assert_eq!(e.len(), 2);
        let long = "x".repeat(LONG_TEXT_MAX_CHARS + 1);
        let e = complaint_problems(&long, "Refund", Locale::En).unwrap_err();
        assert_eq!(problems_of(&e, "description").as_deref(), Some("Too long."));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_next_contact_date_may_be_cleared_but_not_set_in_the_past() {
        let today = day(2026, 11, 23);
        assert_eq!(next_contact_problems("", today, Locale::En), Ok(None));
        assert!(next_contact_problems("2026-11-22", today, Locale::En).is_err());
        assert_eq!(
            next_contact_problems("2026-11-23", today, Locale::En),
            Ok(Some(today))
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn server_problems_on_nested_fields_land_on_their_parent() {
        let ps = vec![FieldProblem {
            field: "ratings[2].importance".into(),
            problem: "must be 1-5".into(),
        }];
        assert_eq!(problems_of(&ps, "ratings").as_deref(), Some("must be 1-5"));
        assert_eq!(problems_of(&ps, "recommend"), None);
    }
}
