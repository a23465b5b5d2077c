//! "What if": moving an amount from one of the client's holdings into a product that
//! suits them, said in the client's words and recomputed in the browser with the domain
//! crate (`meeting::move_into`); nothing is sent or saved unless the client says they
//! are interested.

use super::text::{self, T};
use super::{product_label, tr, use_meeting};
use crate::components::{labels, InputKind, TextField};
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::allocation::AssetClass;
use clientbook_domain::meeting::move_into;
use clientbook_domain::Money;
use leptos::prelude::*;

#[component]
pub fn WhatIfScreen() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let holdings: Vec<(usize, clientbook_domain::Holding)> = m
        .view
        .customer
        .holdings
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, h)| h.balance.fen() > 0 && AssetClass::of(h.family).is_some())
        .collect();
    let products: Vec<clientbook_domain::Product> = m
        .recommendations
        .iter()
        .filter_map(|r| m.product(r.product_id).cloned())
        .collect();
    if holdings.is_empty() || products.is_empty() {
        return view! { <p class="mt-card" data-testid="mt-whatif">{tr(T::NothingToMove)}</p> }
            .into_any();
    }
    let from = RwSignal::new(holdings[0].0);
    let into = RwSignal::new(0usize);
    let amount = RwSignal::new(
        holdings[0]
            .1
            .balance
            .fen()
            .min(Money::from_yuan(200_000).fen())
            .checked_div(100)
            .unwrap_or(0)
            .to_string(),
    );
    let holdings = StoredValue::new(holdings);
    let products = StoredValue::new(products);
    let m2 = m.clone();
    let sentence = move || {
        let l = locale.get();
        let money = Money::parse(&amount.get()).ok().filter(|a| a.fen() > 0)?;
        let (i, h) =
            holdings.with_value(|hs| hs.iter().find(|(i, _)| *i == from.get()).cloned())?;
        let p = products.with_value(|ps| ps.get(into.get()).cloned())?;
        let out = move_into(
            &m2.view.customer,
            i,
            &p,
            money,
            &m2.view.policy,
            m2.view.today,
        );
        let allocation = AssetClass::ALL
            .into_iter()
            .map(|c| {
                format!(
                    "{} {}%",
                    labels::asset_class(c, l),
                    out.after_bp[c as usize] / 100
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let within = out.level.map(|lv| {
            (
                out.product_allowed && out.highest_after <= out.max_risk,
                text::level(lv),
            )
        });
        let from_words = text::holding_name(
            labels::family(h.family, l),
            h.matures_on.map(|d| i18n::date(d, l)),
            l,
        );
        Some(text::move_sentence(
            &out.amount.to_string(),
            &from_words,
            &product_label(&p, l),
            &allocation,
            within,
            l,
        ))
    };
    let interest = m.interest;
    let m3 = m.clone();
    view! {
        <section class="mt-card mt-whatif" data-testid="mt-whatif">
            <h2>{tr(T::WhatIf)}</h2>
            <label class="mt-field">
                <span>{tr(T::FromHolding)}</span>
                <select
                    class="mt-select"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse() {
                            from.set(i);
                        }
                    }
                >
                    {holdings
                        .get_value()
                        .into_iter()
                        .map(|(i, h)| {
                            let l = locale.get_untracked();
                            let words = text::holding_name(
                                labels::family(h.family, l),
                                h.matures_on.map(|d| i18n::date(d, l)),
                                l,
                            );
                            view! { <option value=i.to_string()>{format!("{words} — {}", h.balance)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="mt-field">
                <span>{tr(T::IntoProduct)}</span>
                <select
                    class="mt-select"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse() {
                            into.set(i);
                        }
                    }
                >
                    {products
                        .get_value()
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            view! {
                                <option value=i.to_string()>
                                    {format!("{} ({})", product_label(&p, locale.get_untracked()), text::risk(p.risk))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <TextField
                id="mt-amount"
                label=Signal::derive(move || tr(T::Amount)().to_owned())
                value=amount
                kind=InputKind::Amount
            />
            <p class="mt-sentence" aria-live="polite" data-testid="mt-whatif-sentence">
                {move || sentence().unwrap_or_else(|| tr(T::BadAmount)().to_owned())}
            </p>
            <p class="mt-note">{tr(T::NoSaving)}</p>
            <button
                type="button"
                class="btn btn-primary mt-touch"
                on:click=move |_| {
                    if let Some(p) = products.with_value(|ps| ps.get(into.get_untracked()).cloned()) {
                        if !interest.with_untracked(|v| v.contains(&p.id)) {
                            m3.toggle_interest(p.id);
                        }
                    }
                }
            >
                {tr(T::Interested)}
            </button>
        </section>
    }
    .into_any()
}
