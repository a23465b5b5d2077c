//! Today's work: follow-ups overdue, open complaints against their deadlines, birthdays,
//! holiday greetings and maturities in the look-ahead windows, risk questionnaires to
//! renew (from `BookSummary::care_today`, less what was marked done or snoozed: the care
//! markers come with the book), each listing the first few customers with a link to the
//! whole list.
//!
//! The complaints come from `GET /api/complaints?state=open`, not from the book's
//! complaint summaries: a summary has the status but neither the moment of receipt (an
//! urgent complaint is due 24 hours after it) nor the complexity and extension that move
//! the regulatory limit, so only the server's `deadline_state` gives the nearing and
//! overdue figures that `/complaints`, where the group links, lists.

use super::CustomerLink;
use crate::api::complaints::complaints;
use crate::book_index::BookIndex;
use crate::components::labels;
use crate::components::MoneyAmount;
use crate::i18n::{self, Msg};
use crate::state::use_locale;
use clientbook_domain::book::{CareEntry, CareItem};
use clientbook_domain::service::{CareKind, ComplaintFilter, ComplaintsResponse, DeadlineState};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

/// The kinds of work, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    Overdue,
    Birthday,
    Holiday,
    Maturity,
    Questionnaire,
}

impl WorkKind {
    pub const ALL: [WorkKind; 5] = [
        WorkKind::Overdue,
        WorkKind::Birthday,
        WorkKind::Holiday,
        WorkKind::Maturity,
        WorkKind::Questionnaire,
    ];

    /// The kinds a care marker can hide (an overdue follow-up is cleared by a contact).
    pub const MARKABLE: [WorkKind; 4] = [
        WorkKind::Birthday,
        WorkKind::Holiday,
        WorkKind::Maturity,
        WorkKind::Questionnaire,
    ];

    pub fn of(item: &CareItem) -> WorkKind {
        match item {
            CareItem::ContactOverdue { .. } => WorkKind::Overdue,
            CareItem::Birthday { .. } => WorkKind::Birthday,
            CareItem::Holiday { .. } => WorkKind::Holiday,
            CareItem::Maturity { .. } => WorkKind::Maturity,
            CareItem::QuestionnaireExpiring { .. } | CareItem::QuestionnaireExpired { .. } => {
                WorkKind::Questionnaire
            }
        }
    }

    pub fn title(self) -> Msg {
        match self {
            WorkKind::Overdue => Msg::FollowUpsOverdue,
            WorkKind::Birthday => Msg::Birthdays,
            WorkKind::Holiday => Msg::HolidayGreetings,
            WorkKind::Maturity => Msg::Maturities,
            WorkKind::Questionnaire => Msg::Questionnaires,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            WorkKind::Overdue => "overdue",
            WorkKind::Birthday => "birthday",
            WorkKind::Holiday => "holiday",
            WorkKind::Maturity => "maturity",
            WorkKind::Questionnaire => "questionnaire",
        }
    }

    /// The customers list filtered to this kind, where one exists.
    fn list_href(self) -> Option<&'static str> {
        match self {
            WorkKind::Overdue => Some("/customers?overdue=1&sort=next-contact&dir=asc"),
            WorkKind::Maturity => Some("/customers?maturing=1"),
            _ => None,
        }
    }
}

/// The entries of one kind; overdue follow-ups most overdue first, the rest soonest first.
pub fn entries_of(care: &[CareEntry], kind: WorkKind) -> Vec<CareEntry> {
    let mut out: Vec<CareEntry> = care
        .iter()
        .filter(|e| WorkKind::of(&e.item) == kind)
        .copied()
        .collect();
    if kind == WorkKind::Overdue {
        out.sort_by_key(|e| match e.item {
            CareItem::ContactOverdue { days, .. } => std::cmp::Reverse(days),
            _ => std::cmp::Reverse(0),
        });
    }
    out
}

/// Open complaints by where they stand against their deadlines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComplaintCounts {
    pub open: usize,
    pub nearing: usize,
    pub overdue: usize,
}

impl ComplaintCounts {
    /// The counts of an open list (`state=open`: every complaint not closed).
    pub fn of(list: &ComplaintsResponse) -> ComplaintCounts {
        let mut c = ComplaintCounts::default();
        for k in &list.complaints {
            match k.deadline_state {
                DeadlineState::Closed => continue,
                DeadlineState::Nearing => c.nearing += 1,
                DeadlineState::Overdue => c.overdue += 1,
                DeadlineState::OnTrack => {}
            }
            c.open += 1;
        }
        c
    }
}

const SHOWN: usize = 5;

/// The groups of today's work the book holds, in the order shown: overdue follow-ups,
/// then each markable kind less what is marked done or snoozed
/// ([`BookIndex::open_care`], the rule the customer page applies to one customer).
pub fn care_groups(index: &BookIndex) -> Vec<(WorkKind, Vec<CareEntry>)> {
    let care = index.open_care();
    WorkKind::ALL
        .into_iter()
        .map(|k| {
            let mut entries = entries_of(&care, k);
            if k == WorkKind::Holiday {
                // A festival reaches much of the book at once: the largest customers are
                // greeted first.
                entries.sort_by_key(|e| (e.item.date(), std::cmp::Reverse(index.aum(e.index))));
            }
            (k, entries)
        })
        .collect()
}

#[component]
pub fn TodayWork(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let mut groups = care_groups(&index).into_iter();
    // Overdue follow-ups first, then the open complaints, then the care reminders.
    let overdue = groups
        .next()
        .map(|(k, entries)| work_group(Arc::clone(&index), k, entries));
    let care = groups
        .map(|(k, entries)| work_group(Arc::clone(&index), k, entries))
        .collect_view();
    view! {
        <section class="panel today-panel" aria-labelledby="today-title">
            <h2 id="today-title">{locale.t(Msg::TodayTitle)}</h2>
            <div class="today-groups">{overdue} <ComplaintsGroup /> {care}</div>
        </section>
    }
}

/// One kind of work: its count and the first few customers.
fn work_group(index: Arc<BookIndex>, kind: WorkKind, entries: Vec<CareEntry>) -> impl IntoView {
    let locale = use_locale();
    let total = entries.len();
    view! {
        <div class="today-group" data-work=kind.code() data-count=total>
            <h3>
                {locale.t(kind.title())}
                <span class="count-pill">{i18n::count(total as u64)}</span>
            </h3>
            {if total == 0 {
                view! { <p class="muted">{locale.t(Msg::NothingDue)}</p> }.into_any()
            } else {
                view! {
                    <ul class="work-list">
                        {entries
                            .iter()
                            .take(SHOWN)
                            .map(|e| work_item(Arc::clone(&index), *e))
                            .collect_view()}
                    </ul>
                    {(total > SHOWN)
                        .then(|| {
                            view! {
                                <p class="muted">
                                    {move || i18n::and_more(total - SHOWN, locale.get())}
                                    {kind
                                        .list_href()
                                        .map(|href| {
                                            view! {
                                                " · "
                                                <A href=href>{locale.t(Msg::ShowAllInList)}</A>
                                            }
                                        })}
                                </p>
                            }
                        })}
                }
                    .into_any()
            }}
        </div>
    }
}

/// The open complaints of the caller's scope, and how many are near or past a deadline.
#[component]
pub fn ComplaintsGroup() -> impl IntoView {
    let locale = use_locale();
    let open = LocalResource::new(|| complaints(ComplaintFilter::Open));
    let counts = move || open.get().map(|r| r.map(|list| ComplaintCounts::of(&list)));
    let loaded = move || counts().and_then(Result::ok);
    view! {
        <div
            class="today-group"
            data-work="complaints"
            data-testid="home-complaints"
            data-count=move || loaded().map(|c| c.open.to_string())
            data-nearing=move || loaded().map(|c| c.nearing.to_string())
            data-overdue=move || loaded().map(|c| c.overdue.to_string())
        >
            <h3>
                {locale.t(Msg::ColOpenComplaints)}
                <span class="count-pill">
                    {move || loaded().map(|c| i18n::count(c.open as u64)).unwrap_or_default()}
                </span>
            </h3>
            {move || match counts() {
                None => view! { <p class="muted">{locale.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(_)) => {
                    view! { <p class="muted">{locale.t(Msg::ComplaintsNotLoaded)}</p> }.into_any()
                }
                Some(Ok(c)) if c.open == 0 => {
                    view! { <p class="muted">{locale.t(Msg::NoOpenComplaints)}</p> }.into_any()
                }
                Some(Ok(c)) => {
                    view! {
                        <ul class="work-list">
                            <li class="work-item">
                                <span class="deadline-flag nearing">{i18n::count(c.nearing as u64)}</span>
                                {locale.t(Msg::ComplaintsNearing)}
                            </li>
                            <li class="work-item">
                                <span class="deadline-flag overdue">{i18n::count(c.overdue as u64)}</span>
                                {locale.t(Msg::ComplaintsOverdue)}
                            </li>
                        </ul>
                    }
                        .into_any()
                }
            }}
            <p>
                <A href="/complaints">{locale.t(Msg::ShowComplaints)}</A>
            </p>
        </div>
    }
}

fn work_item(index: Arc<BookIndex>, e: CareEntry) -> impl IntoView {
    let locale = use_locale();
    let policy = Arc::clone(index.policy());
    let detail = move || {
        let l = locale.get();
        match e.item {
            CareItem::ContactOverdue {
                never_contacted: true,
                ..
            } => i18n::never_contacted(l).to_owned(),
            CareItem::ContactOverdue { days, .. } => i18n::days_overdue(days, l),
            CareItem::Holiday { on, occasion } => format!(
                "{} · {}",
                labels::occasion_name(&policy, occasion, l)
                    .unwrap_or_else(|| labels::care_kind(CareKind::Holiday, l)),
                i18n::date(on, l)
            ),
            CareItem::Birthday { on }
            | CareItem::QuestionnaireExpiring { on }
            | CareItem::QuestionnaireExpired { on }
            | CareItem::Maturity { on, .. } => i18n::date(on, l),
        }
    };
    let amount = match e.item {
        CareItem::Maturity { amount, .. } => Some(amount),
        _ => None,
    };
    view! {
        <li class="work-item">
            <CustomerLink index at=e.index />
            <span class="work-detail">
                {detail} {amount.map(|a| view! { " · " <MoneyAmount amount=a /> })}
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use clientbook_domain::customer::{ComplaintSeverity, ComplaintStatus, CustomerId, UserId};
    use clientbook_domain::service::{
        Complaint, ComplaintChannel, ComplaintContentType, ComplaintListItem,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    fn item(id: i64, deadline_state: DeadlineState) -> ComplaintListItem {
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        ComplaintListItem {
            complaint: Complaint {
                id,
                customer_id: CustomerId(1),
                received_at: at,
                received_on: on,
                channel: ComplaintChannel::Phone,
                content_type: ComplaintContentType::Service,
                severity: ComplaintSeverity::General,
                status: ComplaintStatus::Received,
                description: "d".into(),
                customer_request: None,
                resolution: None,
                feedback: None,
                no_feedback_reason: None,
                internal_deadline: at,
                regulatory_deadline: on,
                resolved_at: None,
                closed_at: None,
                version: 1,
                events: vec![],
            },
            customer_name: "张**".into(),
            rm_id: UserId(1),
            deadline_state,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn complaints_are_counted_open_nearing_and_overdue_as_the_server_placed_them() {
        let list = ComplaintsResponse {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            complaints: vec![
                item(1, DeadlineState::OnTrack),
                item(2, DeadlineState::Nearing),
                item(3, DeadlineState::Overdue),
                item(4, DeadlineState::Overdue),
                item(5, DeadlineState::Closed),
            ],
        };
        assert_eq!(
            ComplaintCounts::of(&list),
            ComplaintCounts {
                open: 4,
                nearing: 1,
                overdue: 2
            }
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn holiday_greetings_are_their_own_group_and_can_be_marked() {
        let e = |index, item| CareEntry {
            customer: CustomerId(i64::from(index)),
            index,
            item,
        };
        let on = NaiveDate::from_ymd_opt(2027, 2, 6).unwrap();
        let care = [
            e(0, CareItem::Holiday { on, occasion: 3 }),
            e(1, CareItem::Birthday { on }),
            e(2, CareItem::Holiday { on, occasion: 3 }),
        ];
        let holidays = entries_of(&care, WorkKind::Holiday);
        assert_eq!(holidays.len(), 2);
        assert!(WorkKind::MARKABLE.contains(&WorkKind::Holiday));
        assert!(!WorkKind::MARKABLE.contains(&WorkKind::Overdue));
    }
}
