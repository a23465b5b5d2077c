//! Today's work: follow-ups overdue, birthdays and maturities in the look-ahead window,
//! risk questionnaires to renew (from `BookSummary::care_today`), each listing the first
//! few customers with a link to the whole list.

use super::CustomerLink;
use crate::book_index::BookIndex;
use crate::components::MoneyAmount;
use crate::i18n::{self, Msg};
use crate::state::use_locale;
use clientbook_domain::book::{CareEntry, CareItem};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

/// The kinds of work, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    Overdue,
    Birthday,
    Maturity,
    Questionnaire,
}

impl WorkKind {
    pub const ALL: [WorkKind; 4] = [
        WorkKind::Overdue,
        WorkKind::Birthday,
        WorkKind::Maturity,
        WorkKind::Questionnaire,
    ];

    pub fn of(item: &CareItem) -> WorkKind {
        match item {
            CareItem::ContactOverdue { .. } => WorkKind::Overdue,
            CareItem::Birthday { .. } => WorkKind::Birthday,
            CareItem::Maturity { .. } => WorkKind::Maturity,
            CareItem::QuestionnaireExpiring { .. } | CareItem::QuestionnaireExpired { .. } => {
                WorkKind::Questionnaire
            }
        }
    }

    fn title(self) -> Msg {
        match self {
            WorkKind::Overdue => Msg::FollowUpsOverdue,
            WorkKind::Birthday => Msg::Birthdays,
            WorkKind::Maturity => Msg::Maturities,
            WorkKind::Questionnaire => Msg::Questionnaires,
        }
    }

    fn code(self) -> &'static str {
        match self {
            WorkKind::Overdue => "overdue",
            WorkKind::Birthday => "birthday",
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

const SHOWN: usize = 5;

#[component]
pub fn TodayWork(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let care = &index.summary().care_today;
    let groups: Vec<(WorkKind, Vec<CareEntry>)> = WorkKind::ALL
        .into_iter()
        .map(|k| (k, entries_of(care, k)))
        .collect();
    view! {
        <section class="panel today-panel" aria-labelledby="today-title">
            <h2 id="today-title">{locale.t(Msg::TodayTitle)}</h2>
            <div class="today-groups">
                {groups
                    .into_iter()
                    .map(|(kind, entries)| {
                        let total = entries.len();
                        let index = Arc::clone(&index);
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
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

fn work_item(index: Arc<BookIndex>, e: CareEntry) -> impl IntoView {
    let locale = use_locale();
    let detail = move || match e.item {
        CareItem::ContactOverdue { days, .. } => i18n::days_overdue(days, locale.get()),
        CareItem::Birthday { on }
        | CareItem::QuestionnaireExpiring { on }
        | CareItem::QuestionnaireExpired { on }
        | CareItem::Maturity { on, .. } => i18n::date(on, locale.get()),
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
