//! Deposit concentration (集中度): the curve of the share of deposits held by the top k%
//! of customers, and the policy's top shares (default 10% and 20%) in words.

use crate::book_index::BookIndex;
use crate::components::charts::{concentration_chart, Chart};
use crate::i18n::{self, Msg};
use crate::state::use_locale;
use clientbook_domain::concentration::Concentration;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ConcentrationPanel(index: Arc<BookIndex>) -> impl IntoView {
    view! { <ConcentrationOf c=Arc::new(index.summary().concentration.clone()) /> }
}

/// The concentration panel of a summary (the server's, for a big scope).
#[component]
pub fn ConcentrationOf(c: Arc<Concentration>) -> impl IntoView {
    let locale = use_locale();
    let marks: Vec<u32> = c.top.iter().map(|t| t.percent).collect();
    let svg = {
        let c = Arc::clone(&c);
        Signal::derive(move || concentration_chart(&c.curve_bp, &marks))
    };
    let sentences = {
        let c = Arc::clone(&c);
        move || {
            c.top
                .iter()
                .map(|t| i18n::top_share(t.percent, t.share_bp, locale.get()))
                .collect::<Vec<_>>()
        }
    };
    let label = {
        let sentences = sentences.clone();
        Signal::derive(move || {
            format!(
                "{}. {}",
                Msg::ConcentrationTitle.text(locale.get()),
                sentences().join("; ")
            )
        })
    };
    view! {
        <section class="panel concentration-panel" aria-labelledby="concentration-title">
            <h2 id="concentration-title">{locale.t(Msg::ConcentrationTitle)}</h2>
            <ul class="top-shares" data-testid="top-shares">
                {move || sentences().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            <figure>
                <Chart svg label />
                <figcaption class="axis-note">
                    "→ " {locale.t(Msg::ShareOfCustomers)} " · ↑ " {locale.t(Msg::ShareOfDeposits)}
                </figcaption>
            </figure>
        </section>
    }
}
