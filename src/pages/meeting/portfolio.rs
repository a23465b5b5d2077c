//! The client's portfolio: total assets, how they are spread, the month-by-month assets,
//! what matures in the next 90 days, the household together, the risk level and the
//! phone (masked; the full number on the client's request, audited).

use super::text::{self, T};
use super::{tr, use_meeting};
use crate::api::meeting as mapi;
use crate::components::labels;
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::allocation::AssetClass;
use clientbook_domain::meeting::allocation_bp;
use clientbook_domain::Money;
use leptos::prelude::*;

/// Days ahead a maturity is listed.
const MATURITY_DAYS: u64 = 90;

#[component]
pub fn PortfolioScreen() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let c = &m.view.customer;
    let aum = c.aum();
    let shares = allocation_bp(&c.holdings);
    let today = m.view.today;
    let horizon = today + chrono::Days::new(MATURITY_DAYS);
    let mut maturing: Vec<_> = c
        .holdings
        .iter()
        .filter(|h| h.matures_on.is_some_and(|d| d >= today && d <= horizon))
        .cloned()
        .collect();
    maturing.sort_by_key(|h| h.matures_on);
    let history: Vec<(chrono::NaiveDate, Money)> = c
        .history
        .aum_end
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                c.history
                    .first_month
                    .checked_add_months(chrono::Months::new(i as u32))
                    .unwrap_or(c.history.first_month),
                *a,
            )
        })
        .collect();
    let top = history
        .iter()
        .map(|(_, a)| a.fen())
        .max()
        .unwrap_or(1)
        .max(1);
    let level = m
        .profile
        .questionnaire
        .is_valid()
        .then_some(m.profile.level)
        .flatten();
    let phone = RwSignal::new(c.phone.clone());
    let reveal = Action::new_local(|_: &()| mapi::reveal_phone());
    Effect::new(move |_| {
        if let Some(Ok(r)) = reveal.value().get() {
            phone.set(r.value);
        }
    });
    let household = m.view.household;
    let m2 = m.clone();
    view! {
        <div class="mt-grid" data-testid="mt-portfolio">
            <section class="mt-card mt-total">
                <h2>{tr(T::TotalAssets)}</h2>
                <p class="mt-big">{aum.to_string()}</p>
                <p>
                    {tr(T::YourLevel)} ": "
                    <strong class="mt-level">
                        {level.map(text::level).unwrap_or_else(|| "—".to_owned())}
                    </strong>
                </p>
                {level.is_none().then(|| view! { <p class="mt-note">{tr(T::NoLevel)}</p> })}
                <p>
                    {tr(T::Phone)} ": " <span data-testid="mt-phone">{move || phone.get()}</span>
                    " "
                    <button
                        type="button"
                        class="btn btn-quiet mt-touch"
                        on:click=move |_| {
                            reveal.dispatch(());
                        }
                    >
                        {tr(T::ShowPhone)}
                    </button>
                </p>
            </section>
            <section class="mt-card">
                <h2>{tr(T::Allocation)}</h2>
                <ul class="mt-bars">
                    {AssetClass::ALL
                        .into_iter()
                        .map(|class| {
                            let bp = shares[class as usize];
                            view! {
                                <li>
                                    <span class="mt-bar-label">
                                        {move || labels::asset_class(class, locale.get())}
                                    </span>
                                    // SVG attributes, not inline styles: the CSP allows no `style`.
                                    <svg class="mt-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                        <rect class="mt-bar-fill" x="0" y="0" width=(bp / 100).to_string() height="10" />
                                    </svg>
                                    <span class="mt-bar-value">{format!("{}%", bp / 100)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <section class="mt-card">
                <h2>{tr(T::AumHistory)}</h2>
                <ul class="mt-history">
                    {history
                        .into_iter()
                        .map(|(month, a)| {
                            let h = (a.fen().max(0) * 100 / top).max(2);
                            view! {
                                <li>
                                    <svg class="mt-col" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true">
                                        <rect x="0" y=(100 - h).to_string() width="10" height=h.to_string() />
                                    </svg>
                                    <span class="mt-col-label">
                                        {move || i18n::month_short(month, locale.get())}
                                    </span>
                                    <span class="visually-hidden">{a.to_string()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <section class="mt-card">
                <h2>{tr(T::Maturities)}</h2>
                {if maturing.is_empty() {
                    view! { <p>{tr(T::NoMaturities)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-list">
                            {maturing
                                .into_iter()
                                .map(|h| {
                                    let name = m2.product_name(h.product_id, locale.get_untracked());
                                    let on = h.matures_on.unwrap_or(today);
                                    view! {
                                        <li>
                                            <span>{name}</span>
                                            <span>{move || i18n::date(on, locale.get())}</span>
                                            <span class="money">{h.balance.to_string()}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
            {household
                .map(|hh| {
                    view! {
                        <section class="mt-card">
                            <h2>{tr(T::Household)}</h2>
                            <p class="mt-big">{hh.combined_aum.to_string()}</p>
                            <p>{tr(T::HouseholdMembers)} ": " {hh.members}</p>
                        </section>
                    }
                })}
        </div>
    }
}
