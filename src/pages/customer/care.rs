//! Care reminders (客户关怀) of this customer — a birthday within the week, holiday
//! greetings within the policy's window, maturities within the month, a questionnaire to
//! renew — less those already marked done or snoozed (the domain's `care::hidden_by`,
//! as on the home screen); each can be marked done (logged as a contact on the
//! customer's preferred channel) or snoozed for a week.

use super::forms::{FormFeedback, FormStatus};
use super::text::{self, T};
use super::{tr, use_page, Loaded};
use crate::api::customer::{self as capi, Written};
use crate::api::ApiError;
use crate::components::MoneyAmount;
use crate::state::use_locale;
use chrono::{Days, NaiveDate};
use clientbook_domain::care::{self, Care, QuestionnaireStatus};
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

/// The care items still to act on.
pub fn care_items(care: &Care, markers: &[CareMarker], today: NaiveDate) -> Vec<CareItem> {
    let mut items = Vec::new();
    if let Some(b) = care.birthday_on {
        items.push(CareItem {
            kind: CareKind::Birthday,
            occasion_on: Some(b),
            product: None,
            occasion: None,
        });
    }
    for h in &care.holidays {
        items.push(CareItem {
            kind: CareKind::Holiday,
            occasion_on: Some(h.on),
            product: None,
            occasion: Some(h.occasion),
        });
    }
    for m in &care.maturities {
        items.push(CareItem {
            kind: CareKind::Maturity,
            occasion_on: Some(m.matures_on),
            product: Some((m.product_id, m.balance)),
            occasion: None,
        });
    }
    match care.questionnaire {
        QuestionnaireStatus::Expired { expired_on } => items.push(CareItem {
            kind: CareKind::QuestionnaireExpiry,
            occasion_on: Some(expired_on),
            product: None,
            occasion: None,
        }),
        QuestionnaireStatus::ExpiringSoon { expires_on } => items.push(CareItem {
            kind: CareKind::QuestionnaireExpiry,
            occasion_on: Some(expires_on),
            product: None,
            occasion: None,
        }),
        QuestionnaireStatus::Missing => items.push(CareItem {
            kind: CareKind::QuestionnaireExpiry,
            occasion_on: None,
            product: None,
            occasion: None,
        }),
        QuestionnaireStatus::Valid { .. } => {}
    }
    items.retain(|i| {
        !markers
            .iter()
            .any(|m| care::hidden_by(i.kind, i.occasion_on, m, today))
    });
    items
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CareAct {
    Done,
    Snooze,
}

#[component]
pub fn CareSection(loaded: Arc<Loaded>) -> impl IntoView {
    let items = care_items(&loaded.scores.care, &loaded.markers, loaded.today);
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
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use clientbook_domain::care::HolidayGreeting;
    use clientbook_domain::customer::{CustomerId, UserId};
    use clientbook_domain::service::CareMarkerState;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn care() -> Care {
        Care {
            birthday_on: Some(day(26)),
            holidays: vec![],
            maturities: vec![],
            questionnaire: QuestionnaireStatus::Valid {
                expires_on: day(30),
            },
        }
    }

    fn marker(
        kind: CareKind,
        state: CareMarkerState,
        occasion: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> CareMarker {
        CareMarker {
            id: 1,
            customer_id: CustomerId(1),
            kind,
            state,
            on: day(20),
            occasion_on: occasion,
            until,
            at: Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap(),
            by_id: UserId(1),
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_birthday_done_for_its_date_is_no_longer_listed() {
        assert_eq!(care_items(&care(), &[], day(23)).len(), 1);
        let done = marker(
            CareKind::Birthday,
            CareMarkerState::Done,
            Some(day(26)),
            None,
        );
        assert!(care_items(&care(), &[done], day(23)).is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_snooze_hides_the_item_until_its_end() {
        let snoozed = marker(
            CareKind::Birthday,
            CareMarkerState::Snoozed,
            Some(day(26)),
            Some(day(25)),
        );
        assert!(care_items(&care(), std::slice::from_ref(&snoozed), day(23)).is_empty());
        assert_eq!(care_items(&care(), &[snoozed], day(25)).len(), 1);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_holiday_done_or_snoozed_is_hidden_like_a_birthday() {
        let mut c = care();
        c.birthday_on = None;
        c.holidays = vec![
            HolidayGreeting {
                occasion: 3,
                on: day(26),
            },
            HolidayGreeting {
                occasion: 4,
                on: day(30),
            },
        ];
        let items = care_items(&c, &[], day(23));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].kind, CareKind::Holiday);
        assert_eq!(items[0].occasion, Some(3));
        let done = marker(
            CareKind::Holiday,
            CareMarkerState::Done,
            Some(day(26)),
            None,
        );
        let left = care_items(&c, &[done], day(23));
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].occasion_on, Some(day(30)));
        // A birthday marker does not hide a holiday.
        let birthday = marker(
            CareKind::Birthday,
            CareMarkerState::Done,
            Some(day(26)),
            None,
        );
        assert_eq!(care_items(&c, &[birthday], day(23)).len(), 2);
        let snoozed = marker(
            CareKind::Holiday,
            CareMarkerState::Snoozed,
            Some(day(26)),
            Some(day(27)),
        );
        assert!(care_items(&c, std::slice::from_ref(&snoozed), day(23)).is_empty());
        assert_eq!(care_items(&c, &[snoozed], day(27)).len(), 2);
    }
}
