//! Home, "My book" (`/`): the book's headline figures with the change since last month,
//! customers and AUM by tier, satisfaction now and by month, the retention list, today's
//! work and deposit concentration. Everything comes from the one scoring of
//! `crate::state::book`.

use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::panels::{
    BookKpis, ConcentrationPanel, DetailsToConfirm, RetentionList, SatisfactionNow,
    SatisfactionTrend, TierPanel, TodayWork,
};
use crate::i18n::Msg;
use crate::pages::big_scope::ServerHome;
use crate::pages::campaigns::{record_retention_shown, CampaignWork};
use crate::state::{use_book, use_locale, use_session};
use leptos::prelude::*;
use std::sync::Arc;

/// Customers shown on the home page's retention list.
const RETENTION_SHOWN: usize = 10;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    view! {
        <section class="page home-page" aria-labelledby="home-title">
            <header class="page-header">
                <div>
                    <h1 id="home-title">{locale.t(Msg::MyBook)}</h1>
                    <p class="rm-name">{move || session.user().map(|me| me.display_name)}</p>
                </div>
            </header>
            {book_gate(|index| {
                if use_book().server_figures() {
                    view! { <ServerHome /> }.into_any()
                } else {
                    view! { <HomeLoaded index /> }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn HomeLoaded(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    if index.is_empty() {
        return view! {
            <BookKpis index />
            <p class="empty-state">{locale.t(Msg::EmptyBook)}</p>
        }
        .into_any();
    }
    record_retention_shown(&index, RETENTION_SHOWN);
    view! {
        <BookKpis index=Arc::clone(&index) />
        <div class="dashboard-grid">
            <TierPanel index=Arc::clone(&index) />
            <section class="panel satisfaction-panel" aria-labelledby="sat-now-title">
                <h2 id="sat-now-title">{locale.t(Msg::SatisfactionThisMonth)}</h2>
                <SatisfactionNow index=Arc::clone(&index) />
                <h3>{locale.t(Msg::TrendByMonth)}</h3>
                <SatisfactionTrend index=Arc::clone(&index) />
            </section>
            <TodayWork index=Arc::clone(&index) />
            <crate::components::panels::OverdueNextSteps />
            <CampaignWork />
            <RetentionList index=Arc::clone(&index) limit=RETENTION_SHOWN />
            <ConcentrationPanel index />
            <DetailsToConfirm />
        </div>
    }
    .into_any()
}
