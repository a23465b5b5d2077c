//! Satisfaction: the customer's survey answers over time and the latest survey in full.

use super::text::{self, T};
use super::{tr, Loaded};
use crate::components::charts::{line_chart_with, Chart, LineOptions, Series};
use crate::state::use_locale;
use clientbook_domain::customer::Survey;
use leptos::prelude::*;
use std::sync::Arc;

/// The text alternative: each survey's date and answers.
pub fn surveys_alt(title: &str, recommend: &str, overall: &str, surveys: &[Survey]) -> String {
    let items: Vec<String> = surveys
        .iter()
        .map(|s| {
            format!(
                "{} {recommend} {} {overall} {}",
                s.answered_on, s.recommend, s.overall
            )
        })
        .collect();
    format!("{title}: {}", items.join("; "))
}

#[component]
pub fn SatisfactionSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let mut surveys = loaded.detail.customer.surveys.clone();
    surveys.sort_by_key(|s| s.answered_on);
    let latest = surveys.last().cloned();
    let chart = (!surveys.is_empty()).then(|| {
        let labels: Vec<String> = surveys
            .iter()
            .map(|s| s.answered_on.format("%y-%m-%d").to_string())
            .collect();
        let rec = Series {
            name: "recommend".into(),
            color: 0,
            points: surveys
                .iter()
                .map(|s| Some(f64::from(s.recommend)))
                .collect(),
        };
        let ovr = Series {
            name: "overall".into(),
            color: 1,
            points: surveys.iter().map(|s| Some(f64::from(s.overall))).collect(),
        };
        let svg = line_chart_with(
            &[rec, ovr],
            &labels,
            (0.0, 10.5),
            &LineOptions {
                size: (760, 240),
                y_format: &|y| format!("{y:.0}"),
            },
        );
        let all = surveys.clone();
        let alt = Signal::derive(move || {
            let l = locale.get();
            surveys_alt(
                T::SatisfactionChart.text(l),
                T::Recommend.text(l),
                T::Overall.text(l),
                &all,
            )
        });
        view! {
            <figure class="cv-figure">
                <figcaption>{tr(T::SatisfactionChart)}</figcaption>
                <Chart svg=Signal::stored(svg) label=alt testid="chart-satisfaction" />
                <p class="cv-legend">
                    <span class="cv-swatch cv-swatch-0"></span> {tr(T::Recommend)}
                    <span class="cv-swatch cv-swatch-1"></span> {tr(T::Overall)}
                </p>
            </figure>
        }
    });
    let latest_view = latest.map(|s| {
        let ratings = s.ratings.clone();
        view! {
            <h3>{tr(T::LatestSurvey)} " · " {s.answered_on.to_string()}</h3>
            <dl class="cv-facts cv-facts-tight" data-testid="latest-survey">
                <div>
                    <dt>{tr(T::Recommend)}</dt>
                    <dd>{s.recommend}</dd>
                </div>
                <div>
                    <dt>{tr(T::Overall)}</dt>
                    <dd>{s.overall}</dd>
                </div>
            </dl>
            {(!ratings.is_empty())
                .then(|| {
                    view! {
                        <div class="cv-table-wrap">
                            <table class="cv-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(T::Attribute)}</th>
                                        <th scope="col" class="num">{tr(T::SatisfactionWord)}</th>
                                        <th scope="col" class="num">{tr(T::ImportanceWord)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {ratings
                                        .into_iter()
                                        .map(|r| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{move || text::attribute(r.attribute, locale.get())}</th>
                                                    <td class="num">{r.satisfaction}</td>
                                                    <td class="num">{r.importance}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
        }
    });
    let empty = surveys.is_empty();
    view! {
        <section class="cv-card" id="cv-satisfaction" aria-labelledby="cv-sat-title">
            <h2 id="cv-sat-title">{tr(T::SatisfactionTitle)}</h2>
            {empty.then(|| view! { <p class="muted">{tr(T::NoSurveys)}</p> })}
            {chart}
            {latest_view}
        </section>
    }
}
