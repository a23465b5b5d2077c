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
use crate::yield_now::after_next_paint;
use leptos::prelude::*;
use std::sync::Arc;

/// Customers shown on the home page's retention list.
const RETENTION_SHOWN: usize = 10;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    // How many of home's panels are drawn: kept across a rescoring (a policy change), so
    // only the first drawing is spread over tasks.
    let shown = RwSignal::new(0_u8);
    // The book's gate (its transition, error boundary and loading state) is drawn a task
    // after the page's title: drawing both at once, every function a first call compiled
    // then, was one of the first load's long tasks (ARCHITECTURE.md, "The first seconds
    // of home"). The book is still on the network then.
    let gate_shown = RwSignal::new(false);
    crate::yield_now::set_in_a_later_task(gate_shown);
    let gate = move || {
        book_gate(move |index| {
            if use_book().server_figures() {
                view! { <ServerHome /> }.into_any()
            } else {
                view! { <HomeLoaded index shown /> }.into_any()
            }
        })
    };
    view! {
        <section class="page home-page" aria-labelledby="home-title">
            <header class="page-header">
                <div>
                    <h1 id="home-title">{locale.t(Msg::MyBook)}</h1>
                    <p class="rm-name">{move || session.user().map(|me| me.display_name)}</p>
                </div>
            </header>
            {move || gate_shown.get().then(gate)}
        </section>
    }
}

/// Home's panels below the figures, in the order they are drawn.
const PANELS: u8 = 8;

/// Draws one more panel per frame until all [`PANELS`] are shown: the first drawing of
/// home (and its style and layout) is then a row of short tasks (ARCHITECTURE.md, "The first seconds of home")
/// instead of one long one. Stops when the page is left (the signal is gone).
fn reveal_panels(shown: RwSignal<u8>) {
    if shown.get_untracked() >= PANELS {
        return;
    }
    leptos::task::spawn_local(async move {
        loop {
            after_next_paint().await;
            let more = shown.try_update(|n| {
                *n = (*n + 1).min(PANELS);
                *n < PANELS
            });
            if more != Some(true) {
                break;
            }
        }
    });
}

/// `panel()` once at least `step` panels are to be shown.
fn staged<V: IntoView + 'static>(
    shown: RwSignal<u8>,
    step: u8,
    panel: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let visible = Memo::new(move |_| shown.get() >= step);
    move || visible.get().then(&panel)
}

/// Records what the retention list shows (`record_retention_shown`) once the figures are
/// drawn: building and sending that request is a first call of code of its own (compiled
/// then), which made the figures' task long (ARCHITECTURE.md, "The first seconds of
/// home"). Skipped if the page is gone by then.
fn record_shown_after_paint(index: Arc<BookIndex>) {
    let owner = Owner::current();
    leptos::task::spawn_local(async move {
        after_next_paint().await;
        if let Some(owner) = owner {
            owner.with(|| {
                if use_context::<crate::state::SessionContext>().is_some() {
                    record_retention_shown(&index, RETENTION_SHOWN);
                }
            });
        }
    });
}

#[component]
fn HomeLoaded(index: Arc<BookIndex>, shown: RwSignal<u8>) -> impl IntoView {
    let locale = use_locale();
    if index.is_empty() {
        return view! {
            <BookKpis index />
            <p class="empty-state">{locale.t(Msg::EmptyBook)}</p>
        }
        .into_any();
    }
    record_shown_after_paint(Arc::clone(&index));
    reveal_panels(shown);
    let ix = |index: &Arc<BookIndex>| Arc::clone(index);
    let (tiers, satisfaction, today, retention, concentration) =
        (ix(&index), ix(&index), ix(&index), ix(&index), ix(&index));
    view! {
        <BookKpis index />
        <div class="dashboard-grid">
            {staged(shown, 1, move || view! { <TierPanel index=ix(&tiers) /> })}
            {staged(
                shown,
                2,
                move || {
                    view! {
                        <section class="panel satisfaction-panel" aria-labelledby="sat-now-title">
                            <h2 id="sat-now-title">{locale.t(Msg::SatisfactionThisMonth)}</h2>
                            <SatisfactionNow index=ix(&satisfaction) />
                            <h3>{locale.t(Msg::TrendByMonth)}</h3>
                            <SatisfactionTrend index=ix(&satisfaction) />
                        </section>
                    }
                },
            )}
            {staged(shown, 3, move || view! { <TodayWork index=ix(&today) /> })}
            {staged(shown, 4, || view! { <crate::components::panels::OverdueNextSteps /> })}
            {staged(shown, 5, || view! { <CampaignWork /> })}
            {staged(
                shown,
                6,
                move || view! { <RetentionList index=ix(&retention) limit=RETENTION_SHOWN /> },
            )}
            {staged(shown, 7, move || view! { <ConcentrationPanel index=ix(&concentration) /> })}
            {staged(shown, 8, || view! { <DetailsToConfirm /> })}
        </div>
    }
    .into_any()
}
