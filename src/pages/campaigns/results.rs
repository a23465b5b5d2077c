//! A campaign's results: reach, responses, opportunities and won amount for the members
//! reached and, side by side, for the members of the same segment not reached; per RM.

use super::campaign::route_id;
use super::text::{self, T};
use crate::api::campaigns as api;
use crate::api::ApiError;
use crate::components::{ErrorView, Loading, MoneyAmount};
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::campaign::{CampaignResults, GroupFigures, OutcomeFigures};
use leptos::prelude::*;

#[component]
pub fn CampaignResultsPage() -> impl IntoView {
    let id = route_id();
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::results(id).await,
                None => Err(ApiError::Server("not found".into())),
            }
        }
    });
    view! {
        <section class="page campaign-results-page" aria-labelledby="results-title">
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| data.refetch()) />
                    }
                        .into_any()
                }
                Some(Ok(r)) => view! { <ResultsLoaded r /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ResultsLoaded(r: CampaignResults) -> impl IntoView {
    let locale = use_locale();
    let c = r.campaign;
    let status = text::status(c.status);
    view! {
        <header class="page-header">
            <div>
                <h1 id="results-title">{move || T::ResultsTitle.text(locale.get())} ": " {c.name.clone()}</h1>
                <p class="muted">{move || status.text(locale.get())}</p>
            </div>
            <a class="btn" href=format!("/campaigns/{}", c.id)>{move || T::CampaignTitle.text(locale.get())}</a>
        </header>
        <div class="panel">
            <h2>{move || T::Total.text(locale.get())}</h2>
            <Responses f=r.total testid="results-total" />
            <h3>{move || T::Comparison.text(locale.get())}</h3>
            <Comparison f=r.total />
        </div>
        <div class="panel">
            <h2>{move || T::PerRm.text(locale.get())}</h2>
            {r.per_rm.into_iter().map(|rm| view! {
                <section class="rm-results" data-rm-id=rm.rm_id.0>
                    <h3>{rm.rm_name.clone()}</h3>
                    <Responses f=rm.figures testid="results-rm" />
                    <Comparison f=rm.figures />
                </section>
            }).collect_view()}
        </div>
    }
}

/// Members, left out and the responses.
#[component]
fn Responses(f: OutcomeFigures, testid: &'static str) -> impl IntoView {
    let locale = use_locale();
    let cell = |t: T, n: u32, key: &'static str| {
        view! {
            <div class="kpi" data-figure=key data-value=n>
                <span class="kpi-label">{move || t.text(locale.get())}</span>
                <span class="kpi-value">{i18n::count(u64::from(n))}</span>
            </div>
        }
    };
    view! {
        <div class="kpis campaign-kpis" data-testid=testid>
            {cell(T::Members, f.members, "members")}
            {cell(T::LeftOut, f.excluded, "excluded")}
            {cell(T::Reached, f.reached.customers, "reached")}
            {cell(T::Invited, f.invited, "invited")}
            {cell(T::Accepted, f.accepted, "accepted")}
            {cell(T::Attended, f.attended, "attended")}
            {cell(T::Declined, f.declined, "declined")}
            {cell(T::Responses, f.responses, "responses")}
        </div>
    }
}

/// Reached and not reached, side by side.
#[component]
fn Comparison(f: OutcomeFigures) -> impl IntoView {
    let locale = use_locale();
    let row = move |t: T, get: fn(&GroupFigures) -> String| {
        let (a, b) = (get(&f.reached), get(&f.not_reached));
        view! {
            <tr>
                <th scope="row">{move || t.text(locale.get())}</th>
                <td class="num">{a}</td>
                <td class="num">{b}</td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll">
            <table class="figures campaign-comparison" data-testid="results-comparison">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col" class="num">{move || T::Reached.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::NotReached.text(locale.get())}</th>
                    </tr>
                </thead>
                <tbody>
                    {row(T::Customers, |g| i18n::count(u64::from(g.customers)))}
                    {row(T::WithOpportunity, |g| i18n::count(u64::from(g.with_opportunity)))}
                    {row(T::Opportunities, |g| i18n::count(u64::from(g.opportunities)))}
                    {row(T::OpportunityRate, |g| text::rate(g.opportunity_rate_bp))}
                    {row(T::WonCustomers, |g| i18n::count(u64::from(g.won_customers)))}
                    {row(T::WonRate, |g| text::rate(g.won_rate_bp))}
                    <tr>
                        <th scope="row">{move || T::WonAmount.text(locale.get())}</th>
                        <td class="num"><MoneyAmount amount=f.reached.won_amount /></td>
                        <td class="num"><MoneyAmount amount=f.not_reached.won_amount /></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
