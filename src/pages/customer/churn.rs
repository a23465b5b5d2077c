//! Churn risk (流失预警): the 0–100 score, its band and each factor in words.

use super::text::{lang, T};
use super::{tr, Loaded};
use crate::components::opportunity::{requests, OpenOpportunityButton};
use crate::state::use_locale;
use clientbook_domain::churn::ChurnBand;
use leptos::prelude::*;
use std::sync::Arc;

const fn band_class(b: ChurnBand) -> &'static str {
    match b {
        ChurnBand::Low => "cv-band cv-band-low",
        ChurnBand::Medium => "cv-band cv-band-medium",
        ChurnBand::High => "cv-band cv-band-high",
    }
}

#[component]
pub fn ChurnSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let churn = loaded.scores.churn.clone();
    let (id, aum) = (loaded.scores.id, loaded.scores.aum);
    let band = churn.band;
    let score = churn.score;
    let action = churn.action;
    let factors = churn.factors.clone();
    let churn = churn.clone();
    let empty = factors.is_empty();
    view! {
        <section class="cv-card" aria-labelledby="cv-churn-title" data-testid="churn">
            <h2 id="cv-churn-title">{tr(T::ChurnTitle)}</h2>
            <p class="cv-score-line">
                <span class="cv-big" data-testid="churn-score">{score}</span>
                <span class="muted">"/100"</span>
                <span class=band_class(band) data-band=format!("{band:?}")>
                    {tr(T::ChurnBand)} ": " {move || band.label(lang(locale.get()))}
                </span>
            </p>
            {if empty {
                view! { <p class="muted">{tr(T::ChurnNoFactors)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cv-factors">
                        {factors
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <li>
                                        <span>{move || f.signal.sentence(lang(locale.get()))}</span>
                                        <span class="cv-weight muted">"+" {f.weight}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {action
                .map(|a| {
                    view! {
                        <p class="notice">
                            <strong>{tr(T::SuggestedAction)} ": "</strong>
                            {move || a.sentence(lang(locale.get()))}
                        </p>
                        <OpenOpportunityButton
                            request=requests::from_retention(id, &churn, aum)
                            testid="open-retention-opportunity"
                        />
                    }
                })}
        </section>
    }
}
