//! Satisfaction panels: this month's NPS, CSAT and CSI, and their trend by month.

use crate::book_index::BookIndex;
use crate::components::charts::{line_chart, Chart, Series};
use crate::i18n::{self, Locale, Msg};
use crate::state::use_locale;
use clientbook_domain::satisfaction::{MonthTally, SatisfactionTally};
use leptos::prelude::*;
use std::sync::Arc;

/// The three trend lines (NPS, CSAT, CSI), one point per month.
pub fn trend_series(months: &[MonthTally], locale: Locale) -> Vec<Series> {
    let line = |msg: Msg, color, f: fn(&SatisfactionTally) -> Option<f64>| Series {
        name: msg.text(locale).to_owned(),
        color,
        points: months.iter().map(|m| f(&m.tally)).collect(),
    };
    vec![
        line(Msg::Nps, 0, SatisfactionTally::nps),
        line(Msg::Csat, 1, SatisfactionTally::csat),
        line(Msg::Csi, 2, SatisfactionTally::csi),
    ]
}

/// The trend's text alternative: each month's three scores.
fn describe(months: &[MonthTally], locale: Locale) -> String {
    let rows = months
        .iter()
        .filter(|m| m.tally.nps_responses > 0 || m.tally.csi_weight > 0)
        .map(|m| {
            format!(
                "{}: NPS {}, CSAT {}, CSI {}",
                i18n::month(m.month, locale),
                i18n::score(m.tally.nps()),
                i18n::score(m.tally.csat()),
                i18n::score(m.tally.csi())
            )
        })
        .collect::<Vec<_>>();
    let body = if rows.is_empty() {
        Msg::NoSurveys.text(locale).to_owned()
    } else {
        rows.join("; ")
    };
    format!("{}. {body}", Msg::TrendByMonth.text(locale))
}

/// NPS, CSAT and CSI of the current month, each as a figure.
#[component]
pub fn SatisfactionNow(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let now = index
        .summary()
        .satisfaction
        .months
        .last()
        .map(|m| m.tally)
        .unwrap_or_default();
    let figure = move |msg: Msg, value: Option<f64>, id: &'static str| {
        view! {
            <div class="score-figure" data-testid=id>
                <p class="kpi-label">{locale.t(msg)}</p>
                <p class="kpi-value">{i18n::score(value)}</p>
            </div>
        }
    };
    view! {
        <div class="score-figures">
            {figure(Msg::Nps, now.nps(), "nps-now")}
            {figure(Msg::Csat, now.csat(), "csat-now")}
            {figure(Msg::Csi, now.csi(), "csi-now")}
        </div>
        {(now.nps_responses == 0)
            .then(|| view! { <p class="muted">{locale.t(Msg::NoSurveys)}</p> })}
    }
}

/// NPS, CSAT and CSI by month over the policy's trend window.
#[component]
pub fn SatisfactionTrend(index: Arc<BookIndex>) -> impl IntoView {
    view! { <SatisfactionTrendOf months=Arc::new(index.summary().satisfaction.months.clone()) /> }
}

/// The trend of a summary's months (the server's, for a big scope).
#[component]
pub fn SatisfactionTrendOf(months: Arc<Vec<MonthTally>>) -> impl IntoView {
    let locale = use_locale();
    let svg = {
        let months = Arc::clone(&months);
        Signal::derive(move || {
            let l = locale.get();
            let labels: Vec<String> = months
                .iter()
                .map(|m| i18n::month_short(m.month, l))
                .collect();
            let series = trend_series(&months, l);
            let low = series
                .iter()
                .flat_map(|s| s.points.iter().flatten())
                .fold(0.0_f64, |a, b| a.min(*b));
            let low = if low < 0.0 {
                (low / 20.0).floor() * 20.0
            } else {
                0.0
            };
            line_chart(&series, &labels, (low, 100.0))
        })
    };
    let label = Signal::derive(move || describe(&months, locale.get()));
    view! {
        <figure>
            <Chart svg label />
            <figcaption class="legend">
                {[(Msg::Nps, 0), (Msg::Csat, 1), (Msg::Csi, 2)]
                    .into_iter()
                    .map(|(msg, color)| {
                        view! {
                            <span class="legend-item">
                                <span class=format!("swatch swatch-{color}") aria-hidden="true"></span>
                                {locale.t(msg)}
                            </span>
                        }
                    })
                    .collect_view()}
            </figcaption>
        </figure>
    }
}
