//! The portfolio: allocation by product family and by risk level, the holdings with
//! their maturities, and the AUM of the last 24 months.

use super::text::{self, T};
use super::whatif_model::{asset_families, figures, percent_text, PortfolioFigures};
use super::{tr, Loaded};
use crate::components::charts::{
    line_chart_with, row_chart, Chart, LineOptions, RowBar as Bar, Series,
};
use crate::components::MoneyAmount;
use crate::i18n::Locale;
use crate::state::use_locale;
use chrono::Months;
use clientbook_domain::customer::MonthlyHistory;
use clientbook_domain::{Money, ProductRisk};
use leptos::prelude::*;
use std::sync::Arc;

/// Bars of AUM per family (families held only).
pub fn family_bars(f: &PortfolioFigures, locale: Locale) -> Vec<Bar> {
    asset_families()
        .filter(|fam| f.by_family[*fam as usize] > Money::ZERO)
        .map(|fam| money_bar(text::family(fam, locale), f.by_family[fam as usize], f.aum))
        .collect()
}

/// Bars of AUM per product risk (every level, so an empty level reads as zero).
pub fn risk_bars(f: &PortfolioFigures) -> Vec<Bar> {
    ProductRisk::ALL
        .into_iter()
        .map(|r| money_bar(r.code(), f.by_risk[r as usize], f.aum))
        .collect()
}

fn money_bar(label: &str, amount: Money, total: Money) -> Bar {
    let bp = if total > Money::ZERO {
        (i128::from(amount.fen()) * 10_000 / i128::from(total.fen())) as u32
    } else {
        0
    };
    Bar {
        label: label.to_owned(),
        value: amount.fen() as f64,
        value_text: format!("{amount} · {}", percent_text(bp)),
    }
}

/// The text alternative of a bar chart: "Fund ¥1.00 · 50.0%; Bond …".
pub fn bars_alt(title: &str, bars: &[Bar]) -> String {
    let items: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {}", b.label, b.value_text))
        .collect();
    format!("{title}: {}", items.join("; "))
}

/// Month labels "2025-01" … for a history.
pub fn month_labels(h: &MonthlyHistory) -> Vec<String> {
    (0..h.len())
        .map(|i| {
            h.first_month
                .checked_add_months(Months::new(i as u32))
                .map(|d| d.format("%y-%m").to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// "¥1.2M"-style short axis labels, from yuan.
fn short_yuan(y: f64) -> String {
    let yuan = y / 100.0;
    if yuan.abs() >= 1_000_000.0 {
        format!("¥{:.1}M", yuan / 1_000_000.0)
    } else if yuan.abs() >= 1_000.0 {
        format!("¥{:.0}k", yuan / 1_000.0)
    } else {
        format!("¥{yuan:.0}")
    }
}

#[component]
pub fn PortfolioSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let c = &loaded.detail.customer;
    let f = figures(c, &loaded.policy, loaded.scores.suitability.max_risk);
    let f2 = f.clone();
    let fam_svg = Signal::derive(move || row_chart(&family_bars(&f, locale.get()), 640));
    let fam_alt = {
        let f = f2.clone();
        Signal::derive(move || {
            bars_alt(
                T::ByFamily.text(locale.get()),
                &family_bars(&f, locale.get()),
            )
        })
    };
    let risk = risk_bars(&f2);
    let risk_svg = row_chart(&risk, 640);
    let risk_alt = Signal::derive(move || bars_alt(T::ByRisk.text(locale.get()), &risk));

    let h = &c.history;
    let labels = month_labels(h);
    let points: Vec<Option<f64>> = h.aum_end.iter().map(|m| Some(m.fen() as f64)).collect();
    let max = h.aum_end.iter().copied().max().unwrap_or(Money::ZERO).fen() as f64;
    let aum_svg = line_chart_with(
        &[Series {
            name: "AUM".into(),
            color: 0,
            points,
        }],
        &labels,
        (0.0, (max * 1.1).max(100.0)),
        &LineOptions {
            size: (760, 260),
            y_format: &short_yuan,
        },
    );
    let first = h.aum_end.first().copied().unwrap_or_default();
    let last = h.aum_end.last().copied().unwrap_or_default();
    let (first_m, last_m) = (
        labels.first().cloned().unwrap_or_default(),
        labels.last().cloned().unwrap_or_default(),
    );
    let aum_alt = Signal::derive(move || {
        format!(
            "{}: {first_m} {first} → {last_m} {last}",
            T::AumHistory.text(locale.get())
        )
    });

    let mut holdings = c.holdings.clone();
    holdings.sort_by_key(|h| {
        (
            h.matures_on.is_none(),
            h.matures_on,
            std::cmp::Reverse(h.balance),
        )
    });
    let rows = holdings
        .into_iter()
        .map(|h| {
            let loaded = Arc::clone(&loaded);
            let today = loaded.today;
            let name = move || loaded.product_name(h.product_id, locale.get());
            let family = h.family;
            let matures = h.matures_on.map(|d| d.to_string());
            let soon = h
                .matures_on
                .is_some_and(|d| d >= today && d <= today + chrono::Days::new(30));
            view! {
                <tr class:cv-soon=soon>
                    <td>{name}</td>
                    <td>{move || text::family(family, locale.get())}</td>
                    <td>{h.risk.code()}</td>
                    <td class="num"><MoneyAmount amount=Signal::stored(h.balance) /></td>
                    <td>{h.opened_on.to_string()}</td>
                    <td>{matures.unwrap_or_else(|| tr(T::OpenEnded)().to_owned())}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="cv-card cv-portfolio" id="cv-portfolio" aria-labelledby="cv-portfolio-title">
            <h2 id="cv-portfolio-title">{tr(T::Portfolio)}</h2>
            <div class="cv-charts-2">
                <figure class="cv-figure">
                    <figcaption>{tr(T::ByFamily)}</figcaption>
                    <Chart svg=fam_svg label=fam_alt testid="chart-family" />
                </figure>
                <figure class="cv-figure">
                    <figcaption>{tr(T::ByRisk)}</figcaption>
                    <Chart svg=Signal::stored(risk_svg) label=risk_alt testid="chart-risk" />
                </figure>
            </div>
            <h3>{tr(T::Holdings)}</h3>
            <div class="cv-table-wrap">
                <table class="cv-table" data-testid="holdings">
                    <thead>
                        <tr>
                            <th scope="col">{tr(T::Product)}</th>
                            <th scope="col">{tr(T::Family)}</th>
                            <th scope="col">{tr(T::Risk)}</th>
                            <th scope="col" class="num">{tr(T::Balance)}</th>
                            <th scope="col">{tr(T::Opened)}</th>
                            <th scope="col">{tr(T::Matures)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <figure class="cv-figure">
                <figcaption>{tr(T::AumHistory)}</figcaption>
                <Chart svg=Signal::stored(aum_svg) label=aum_alt testid="chart-aum" />
            </figure>
        </section>
    }
}
