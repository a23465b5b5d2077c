//! Care reminders (客户关怀) of this customer — a birthday within the week, holiday
//! greetings within the policy's window, maturities within the month, a questionnaire to
//! renew — less those already marked done or snoozed: exactly the customer's entries of
//! the home screen's "Today" (both from the scored book); each can be marked done
//! (logged as a contact on the customer's preferred channel) or snoozed for a week. A
//! questionnaire never filled in is flagged in the header instead.

use super::forms::{FormFeedback, FormStatus};
use super::text::{self, T};
use super::{tr, use_page, Loaded};
use crate::api::customer::{self as capi, Written};
use crate::api::ApiError;
use crate::components::opportunity::{requests, OpenOpportunityButton};
use crate::components::MoneyAmount;
use crate::state::use_locale;
use chrono::{Days, NaiveDate};
use clientbook_domain::book::{CareEntry, CareItem as Due};
use clientbook_domain::care::Maturity;
use clientbook_domain::service::{CareDone, CareKind, CareMarker, CareSnooze};
use clientbook_domain::{Money, ProductId};
use leptos::prelude::*;
use std::sync::Arc;

/// How long "Snooze" hides an item.
pub const SNOOZE_DAYS: u64 = 7;

/// One care item to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareItem {
    pub kind: CareKind,
    /// The birthday, holiday, maturity or expiry date.
    pub occasion_on: Option<NaiveDate>,
    pub product: Option<(ProductId, Money)>,
    /// A holiday's position in the policy's `care.occasions` (for its name).
    pub occasion: Option<u32>,
}

/// The care items still to act on, from the book's open care of the customer
/// ([`Loaded::open_care`]: the entries the home screen lists, less those done or
/// snoozed). An overdue follow-up is not one: a logged contact clears it.
pub fn care_items(open: &[CareEntry]) -> Vec<CareItem> {
    open.iter()
        .filter_map(|e| {
            let (kind, on) = e.item.marker_key()?;
            let (product, occasion) = match e.item {
                Due::Maturity {
                    product_id, amount, ..
                } => (Some((product_id, amount)), None),
                Due::Holiday { occasion, .. } => (None, Some(occasion)),
                _ => (None, None),
            };
            Some(CareItem {
                kind,
                occasion_on: Some(on),
                product,
                occasion,
            })
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CareAct {
    Done,
    Snooze,
}

#[component]
pub fn CareSection(loaded: Arc<Loaded>) -> impl IntoView {
    let items = care_items(&loaded.open_care());
    let empty = items.is_empty();
    view! {
        <div class="cv-care" data-testid="care">
            <h3>{tr(T::CareTitle)}</h3>
            {empty.then(|| view! { <p class="muted">{tr(T::NoCare)}</p> })}
            <ul class="cv-care-list">
                {items
                    .into_iter()
                    .map(|item| view! { <CareRow item loaded=Arc::clone(&loaded) /> })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn CareRow(item: CareItem, loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();
    let today = loaded.today;
    let channel = loaded.detail.customer.preferred_channel;
    let kind = item.kind;
    let occasion = item.occasion_on;
    let act = Action::new_local(move |a: &CareAct| {
        let a = *a;
        async move {
            let r: Result<Written<CareMarker>, ApiError> = match a {
                CareAct::Done => {
                    capi::care_done(
                        id,
                        kind,
                        &CareDone {
                            channel,
                            occasion_on: occasion,
                            note: None,
                        },
                    )
                    .await
                }
                CareAct::Snooze => {
                    capi::care_snooze(
                        id,
                        kind,
                        &CareSnooze {
                            until: today + Days::new(SNOOZE_DAYS),
                            occasion_on: occasion,
                        },
                    )
                    .await
                }
            };
            (a, r)
        }
    });
    Effect::new(move |_| {
        if let Some((a, r)) = act.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(match a {
                    CareAct::Done => T::CareDoneSaved,
                    CareAct::Snooze => T::CareSnoozed,
                });
            }
        }
    });
    let what = {
        let loaded = Arc::clone(&loaded);
        move || {
            let l = locale.get();
            match (kind, item.product) {
                (CareKind::Maturity, Some((p, _))) => format!(
                    "{} · {} {}",
                    loaded.product_name(p, l),
                    T::MaturesOn.text(l),
                    occasion.map(|d| d.to_string()).unwrap_or_default()
                ),
                (CareKind::Birthday, _) => format!(
                    "{} {}",
                    T::BirthdayOn.text(l),
                    occasion.map(|d| d.to_string()).unwrap_or_default()
                ),
                (CareKind::QuestionnaireExpiry, _) => format!(
                    "{} {}",
                    T::QuestionnaireRenew.text(l),
                    occasion.map(|d| d.to_string()).unwrap_or_default()
                ),
                (CareKind::Holiday, _) => format!(
                    "{} · {}",
                    item.occasion
                        .and_then(|i| text::occasion_name(&loaded.policy, i, l))
                        .unwrap_or_else(|| text::care_kind(kind, l)),
                    occasion.map(|d| d.to_string()).unwrap_or_default()
                ),
                _ => text::care_kind(kind, l).to_owned(),
            }
        }
    };
    let amount = item.product.map(|(_, m)| m);
    // A maturing holding may become an opportunity to reinvest it.
    let maturity = match (kind, item.product, occasion) {
        (CareKind::Maturity, Some((p, balance)), Some(matures_on)) => {
            loaded.shelf.iter().find(|x| x.id == p).map(|x| {
                requests::from_maturity(
                    id,
                    &Maturity {
                        product_id: p,
                        family: x.family,
                        matures_on,
                        balance,
                    },
                )
            })
        }
        _ => None,
    };
    view! {
        <li
            class="cv-care-item"
            data-testid=format!("care-{kind:?}")
            data-occasion-on=occasion.map(|d| d.to_string())
        >
            <span class="cv-chip">{move || text::care_kind(kind, locale.get())}</span>
            <span class="cv-care-what">
                {what} {amount.map(|m| view! { " · " <MoneyAmount amount=Signal::stored(m) /> })}
            </span>
            <span class="cv-actions">
                <button type="button" class="btn" disabled=move || act.pending().get() on:click=move |_| { act.dispatch(CareAct::Done); }>
                    {tr(T::MarkDone)}
                </button>
                <button type="button" class="btn btn-quiet" disabled=move || act.pending().get() on:click=move |_| { act.dispatch(CareAct::Snooze); }>
                    {tr(T::Snooze)}
                </button>
            </span>
            <FormFeedback status />
            {maturity.map(|request| view! { <OpenOpportunityButton request testid="open-maturity-opportunity" /> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::CustomerId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn entry(item: Due) -> CareEntry {
        CareEntry {
            customer: CustomerId(1),
            index: 0,
            item,
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_markable_entry_becomes_an_item_and_an_overdue_follow_up_does_not() {
        let open = [
            entry(Due::ContactOverdue {
                due_on: day(1),
                days: 22,
                never_contacted: false,
            }),
            entry(Due::Birthday { on: day(26) }),
            entry(Due::Holiday {
                on: day(27),
                occasion: 3,
            }),
            entry(Due::Maturity {
                on: day(28),
                product_id: ProductId(7),
                amount: Money::from_yuan(50_000),
            }),
            entry(Due::QuestionnaireExpired { on: day(2) }),
        ];
        let items = care_items(&open);
        let kinds: Vec<CareKind> = items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                CareKind::Birthday,
                CareKind::Holiday,
                CareKind::Maturity,
                CareKind::QuestionnaireExpiry
            ]
        );
        assert_eq!(items[1].occasion, Some(3));
        assert_eq!(
            items[2].product,
            Some((ProductId(7), Money::from_yuan(50_000)))
        );
        assert_eq!(items[3].occasion_on, Some(day(2)));
    }
}
