//! Customer lifetime value: the figure, the margin and the retention it rests on.

use super::text::T;
use super::whatif_model::percent_text;
use super::{tr, Loaded};
use crate::components::MoneyAmount;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ClvSection(loaded: Arc<Loaded>) -> impl IntoView {
    let clv = loaded.scores.clv;
    view! {
        <section class="cv-card" aria-labelledby="cv-clv-title" data-testid="clv">
            <h2 id="cv-clv-title">{tr(T::ClvTitle)}</h2>
            <p class="cv-big"><MoneyAmount amount=Signal::stored(clv.value) /></p>
            <dl class="cv-facts cv-facts-tight">
                <div>
                    <dt>{tr(T::AnnualMargin)}</dt>
                    <dd><MoneyAmount amount=Signal::stored(clv.annual_margin) /></dd>
                </div>
                <div>
                    <dt>{tr(T::Retention)}</dt>
                    <dd>{percent_text(clv.retention_bp)}</dd>
                </div>
            </dl>
            <p class="muted cv-small">{tr(T::ClvNote)}</p>
        </section>
    }
}
