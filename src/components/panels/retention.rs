//! The retention list (挽留名单): the customers at highest churn risk × AUM, each with
//! the factor that weighed most, in words, and the suggested care action.

use super::CustomerLink;
use crate::book_index::BookIndex;
use crate::components::MoneyAmount;
use crate::i18n::{self, Msg};
use crate::state::use_locale;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn RetentionList(
    index: Arc<BookIndex>,
    /// How many customers to show.
    limit: usize,
) -> impl IntoView {
    let locale = use_locale();
    let entries: Vec<u32> = index
        .summary()
        .retention
        .iter()
        .take(limit)
        .map(|e| e.index)
        .collect();
    view! {
        <section class="panel retention-panel" aria-labelledby="retention-title">
            <h2 id="retention-title">{locale.t(Msg::RetentionTitle)}</h2>
            {if entries.is_empty() {
                view! { <p class="muted">{locale.t(Msg::RetentionEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="retention-list" data-testid="retention-list">
                        {entries
                            .into_iter()
                            .map(|at| {
                                let s = index.scores(at);
                                let score = s.churn.score;
                                let factor = s.churn.factors.first().map(|f| f.signal);
                                let action = s.churn.action;
                                view! {
                                    <li class="retention-item" data-customer-id-ref=index.customer(at).id.0>
                                        <div class="retention-head">
                                            <CustomerLink index=Arc::clone(&index) at with_tier=true />
                                            <span
                                                class="churn churn-high"
                                                title=move || i18n::churn_score(score, locale.get())
                                            >
                                                <span aria-hidden="true">{score}</span>
                                                <span class="visually-hidden">
                                                    {move || i18n::churn_score(score, locale.get())}
                                                </span>
                                            </span>
                                            <MoneyAmount amount=s.aum />
                                        </div>
                                        {factor
                                            .map(|f| {
                                                view! {
                                                    <p class="retention-factor">
                                                        <span class="muted">{locale.t(Msg::LeadingFactor)} ": "</span>
                                                        {move || f.sentence(locale.get().lang())}
                                                    </p>
                                                }
                                            })}
                                        {action
                                            .map(|a| {
                                                view! {
                                                    <p class="retention-action">
                                                        <span class="muted">{locale.t(Msg::SuggestedAction)} ": "</span>
                                                        {move || a.sentence(locale.get().lang())}
                                                    </p>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}
