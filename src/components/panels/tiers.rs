//! Customers and AUM by tier: two bar charts and the figures as a table.

use super::{compact_en, compact_zh, whole};
use crate::book_index::BookIndex;
use crate::components::charts::{bar_chart, Bar, BarOptions, Chart};
use crate::components::{MoneyAmount, TierBadge};
use crate::i18n::{self, Locale, Msg};
use crate::state::use_locale;
use clientbook_domain::book::Group;
use clientbook_domain::Tier;
use leptos::prelude::*;
use std::sync::Arc;

/// Tiers from the top down, as the charts list them.
const TIERS: [Tier; 5] = [
    Tier::PrivateBanking,
    Tier::Diamond,
    Tier::Platinum,
    Tier::Gold,
    Tier::Standard,
];

/// The bars of one measure, tiers from the top down.
pub fn tier_bars(by_tier: &[Group; 5], locale: Locale, aum: bool) -> Vec<Bar> {
    TIERS
        .iter()
        .map(|t| {
            let g = by_tier[*t as usize];
            Bar {
                label: Msg::tier(*t).text(locale).to_owned(),
                value: if aum {
                    g.aum.as_yuan_f64()
                } else {
                    f64::from(g.customers)
                },
            }
        })
        .collect()
}

/// "Customers by tier. Private banking: 3 customers; Diamond: …": a chart's text
/// alternative.
fn describe(by_tier: &[Group; 5], locale: Locale, aum: bool) -> String {
    let figures = TIERS
        .iter()
        .map(|t| {
            let g = by_tier[*t as usize];
            let figure = if aum {
                g.aum.to_string()
            } else {
                i18n::customer_count(g.customers as usize, locale)
            };
            format!("{}: {figure}", Msg::tier(*t).text(locale))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let measure = if aum {
        Msg::ColAum
    } else {
        Msg::ColCustomerCount
    };
    format!(
        "{} — {}. {figures}",
        Msg::ByTierTitle.text(locale),
        measure.text(locale)
    )
}

#[component]
pub fn TierPanel(index: Arc<BookIndex>) -> impl IntoView {
    view! { <TierFigures by_tier=index.summary().by_tier /> }
}

/// The tier panel of a summary (the server's, for a big scope).
#[component]
pub fn TierFigures(by_tier: [Group; 5]) -> impl IntoView {
    let locale = use_locale();
    let chart = move |aum: bool| {
        let l = locale.get();
        bar_chart(
            &tier_bars(&by_tier, l, aum),
            &BarOptions {
                width: 480,
                height: 190,
                color: if aum { 1 } else { 0 },
                y_format: match (aum, l) {
                    (false, _) => whole,
                    (true, Locale::En) => compact_en,
                    (true, Locale::ZhCn) => compact_zh,
                },
            },
        )
    };
    let label = move |aum: bool| Signal::derive(move || describe(&by_tier, locale.get(), aum));
    view! {
        <section class="panel tier-panel" aria-labelledby="tier-title">
            <h2 id="tier-title">{locale.t(Msg::ByTierTitle)}</h2>
            <div class="chart-pair">
                <figure>
                    <figcaption>{locale.t(Msg::ColCustomerCount)}</figcaption>
                    <Chart svg=Signal::derive(move || chart(false)) label=label(false) />
                </figure>
                <figure>
                    <figcaption>{locale.t(Msg::ColAum)}</figcaption>
                    <Chart svg=Signal::derive(move || chart(true)) label=label(true) />
                </figure>
            </div>
            <table class="figures">
                <thead>
                    <tr>
                        <th scope="col">{locale.t(Msg::ColTier)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColCustomerCount)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColAum)}</th>
                    </tr>
                </thead>
                <tbody>
                    {TIERS
                        .iter()
                        .map(|t| {
                            let g = by_tier[*t as usize];
                            view! {
                                <tr data-tier-row=crate::components::tier_badge::tier_code(*t)>
                                    <th scope="row">
                                        <TierBadge tier=*t />
                                    </th>
                                    <td class="num">{i18n::count(u64::from(g.customers))}</td>
                                    <td class="num">
                                        <MoneyAmount amount=g.aum />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
