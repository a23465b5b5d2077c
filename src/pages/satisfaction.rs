//! Satisfaction (`/satisfaction`): NPS, CSAT and CSI now and by month, the score
//! distributions (0–10 "would you recommend", 1–5 overall), the importance–satisfaction
//! matrix per service attribute, and the attributes to improve first.
//! Below them, RMs and branch managers import a batch of surveys (`survey_import`); the
//! panel sits outside the book gate, so what it shows survives the refetch that follows.

use crate::api::export::ExportRequest;
use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::charts::{bar_chart, quadrant_chart, Bar, BarOptions, Chart, QuadrantPoint};
use crate::components::panels::{whole, SatisfactionNow, SatisfactionTrend};
use crate::components::ExportMenu;
use crate::i18n::{self, Locale, Msg};
use crate::pages::survey_import::SurveyImportPanel;
use crate::state::figures::{distributions, improve_first};
use crate::state::use_locale;
use clientbook_domain::satisfaction::{AttributeSummary, Quadrant};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page satisfaction-page" aria-labelledby="satisfaction-title">
            <header class="page-header">
                <h1 id="satisfaction-title">{locale.t(Msg::SatisfactionTitle)}</h1>
                <ExportMenu name="satisfaction" request=ExportRequest::Satisfaction />
            </header>
            {book_gate(|index| {
                if crate::state::use_book().server_figures() {
                    view! { <crate::pages::big_scope::ServerSatisfaction /> }.into_any()
                } else {
                    view! { <SatisfactionLoaded index /> }.into_any()
                }
            })}
            <SurveyImportPanel />
        </section>
    }
}

/// The palette colour of a quadrant.
const fn quadrant_color(q: Quadrant) -> usize {
    match q {
        Quadrant::Strength => 1,
        Quadrant::Improve => 2,
        Quadrant::Maintain => 0,
        Quadrant::LowPriority => 4,
    }
}

/// The split of the matrix: the means of the attributes' means.
pub fn split(attributes: &[AttributeSummary]) -> (f64, f64) {
    if attributes.is_empty() {
        return (3.0, 3.0);
    }
    let n = attributes.len() as f64;
    (
        attributes.iter().map(|a| a.mean_importance).sum::<f64>() / n,
        attributes.iter().map(|a| a.mean_satisfaction).sum::<f64>() / n,
    )
}

fn histogram(counts: &[u32], first: u32, color: usize) -> String {
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| Bar {
            label: (first + i as u32).to_string(),
            value: f64::from(*n),
        })
        .collect();
    bar_chart(
        &bars,
        &BarOptions {
            width: 480,
            height: 240,
            color,
            y_format: whole,
        },
    )
}

fn describe_counts(title: Msg, counts: &[u32], first: u32, l: Locale) -> String {
    let body = counts
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{}: {}", first + i as u32, n))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{}. {body}", title.text(l))
}

#[component]
fn SatisfactionLoaded(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let d = distributions(&index);
    let (recommend, overall) = (d.recommend, d.overall);
    let attributes = Arc::new(index.summary().satisfaction.attributes.clone());
    let first = improve_first(&attributes);
    let matrix_svg = {
        let attributes = Arc::clone(&attributes);
        Signal::derive(move || {
            let l = locale.get();
            let points: Vec<QuadrantPoint> = attributes
                .iter()
                .map(|a| QuadrantPoint {
                    label: Msg::attribute(a.attribute).text(l).to_owned(),
                    importance: a.mean_importance,
                    satisfaction: a.mean_satisfaction,
                    color: quadrant_color(a.quadrant),
                })
                .collect();
            quadrant_chart(
                &points,
                split(&attributes),
                [
                    Msg::QuadrantStrength.text(l),
                    Msg::QuadrantImprove.text(l),
                    Msg::QuadrantMaintain.text(l),
                    Msg::QuadrantLowPriority.text(l),
                ],
            )
        })
    };
    let matrix_label = {
        let attributes = Arc::clone(&attributes);
        Signal::derive(move || {
            let l = locale.get();
            let body = attributes
                .iter()
                .map(|a| {
                    format!(
                        "{}: {} {:.2}, {} {:.2}, {}",
                        Msg::attribute(a.attribute).text(l),
                        Msg::Importance.text(l),
                        a.mean_importance,
                        Msg::SatisfactionScore.text(l),
                        a.mean_satisfaction,
                        Msg::quadrant(a.quadrant).text(l)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            format!("{}. {body}", Msg::MatrixTitle.text(l))
        })
    };
    let total_answers: u32 = recommend.iter().sum();

    view! {
        <div class="dashboard-grid">
            <section class="panel" aria-labelledby="sat-now">
                <h2 id="sat-now">{locale.t(Msg::SatisfactionThisMonth)}</h2>
                <SatisfactionNow index=Arc::clone(&index) />
                <p class="muted" data-testid="sat-responses">
                    {locale.t(Msg::Responses)} ": " {i18n::count(u64::from(total_answers))}
                </p>
            </section>
            <section class="panel panel-wide" aria-labelledby="sat-trend">
                <h2 id="sat-trend">{locale.t(Msg::TrendByMonth)}</h2>
                <SatisfactionTrend index=Arc::clone(&index) />
            </section>
            <section class="panel" aria-labelledby="dist-recommend">
                <h2 id="dist-recommend">{locale.t(Msg::RecommendDistribution)}</h2>
                <Chart
                    svg=Signal::derive(move || {
                        histogram(&recommend, 0, 0)
                    })
                    label=Signal::derive(move || {
                        describe_counts(Msg::RecommendDistribution, &recommend, 0, locale.get())
                    })
                />
            </section>
            <section class="panel" aria-labelledby="dist-overall">
                <h2 id="dist-overall">{locale.t(Msg::OverallDistribution)}</h2>
                <Chart
                    svg=Signal::derive(move || {
                        histogram(&overall, 1, 1)
                    })
                    label=Signal::derive(move || {
                        describe_counts(Msg::OverallDistribution, &overall, 1, locale.get())
                    })
                />
            </section>
            <section class="panel panel-wide" aria-labelledby="matrix-title">
                <h2 id="matrix-title">{locale.t(Msg::MatrixTitle)}</h2>
                {if attributes.is_empty() {
                    view! { <p class="muted">{locale.t(Msg::NoSurveys)}</p> }.into_any()
                } else {
                    view! {
                        <div class="matrix-layout">
                            <figure>
                                <Chart svg=matrix_svg label=matrix_label />
                                <figcaption class="axis-note">
                                    {locale.t(Msg::Importance)} " → · ↑ "
                                    {locale.t(Msg::SatisfactionScore)}
                                </figcaption>
                            </figure>
                            <AttributeTable attributes=Arc::clone(&attributes) />
                        </div>
                    }
                        .into_any()
                }}
            </section>
            <crate::components::kano_panel::KanoPanel />
            <section class="panel" aria-labelledby="improve-title">
                <h2 id="improve-title">{locale.t(Msg::ImproveFirst)}</h2>
                {if first.is_empty() {
                    view! { <p class="muted">{locale.t(Msg::NothingToImprove)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="improve-list" data-testid="improve-first">
                            {first
                                .iter()
                                .map(|a| {
                                    let a = *a;
                                    view! {
                                        <li>
                                            <strong>
                                                {move || Msg::attribute(a.attribute).text(locale.get())}
                                            </strong>
                                            <span class="muted">
                                                " · " {locale.t(Msg::Importance)} " "
                                                {format!("{:.2}", a.mean_importance)} " · "
                                                {locale.t(Msg::SatisfactionScore)} " "
                                                {format!("{:.2}", a.mean_satisfaction)}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }}
            </section>
        </div>
    }
}

/// The matrix' figures as a table.
#[component]
fn AttributeTable(attributes: Arc<Vec<AttributeSummary>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <table class="figures">
            <thead>
                <tr>
                    <th scope="col">{locale.t(Msg::ServiceAttributeCol)}</th>
                    <th scope="col" class="num">{locale.t(Msg::Importance)}</th>
                    <th scope="col" class="num">{locale.t(Msg::SatisfactionScore)}</th>
                    <th scope="col">{locale.t(Msg::QuadrantCol)}</th>
                </tr>
            </thead>
            <tbody>
                {attributes
                    .iter()
                    .map(|a| {
                        let a = *a;
                        view! {
                            <tr>
                                <th scope="row">
                                    {move || Msg::attribute(a.attribute).text(locale.get())}
                                </th>
                                <td class="num">{format!("{:.2}", a.mean_importance)}</td>
                                <td class="num">{format!("{:.2}", a.mean_satisfaction)}</td>
                                <td>{move || Msg::quadrant(a.quadrant).text(locale.get())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
