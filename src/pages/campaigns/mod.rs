//! Campaigns (营销活动), docs/rules.md, Campaigns: `/campaigns` lists them (and lets a
//! branch manager or an admin define one), `/campaigns/:id` is one campaign (start and
//! finish for whoever runs it; the customers with response buttons for their RMs), and
//! `/campaigns/:id/results` its results against the members not reached.

mod campaign;
mod form;
mod home_panel;
mod measures;
mod results;
pub mod text;

pub use campaign::CampaignPage;
pub use home_panel::CampaignWork;
pub use measures::{record_retention_shown, RuleMeasuresPanel};
pub use results::CampaignResultsPage;

use crate::api::campaigns as api;
use crate::components::{ErrorView, Loading};
use crate::i18n;
use crate::state::{use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::campaign::Campaign;
use form::NewCampaignForm;
use leptos::prelude::*;
use text::T;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let runs = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::BranchManager | Role::Admin))
    };
    let saved = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        saved.track();
        api::campaigns()
    });
    view! {
        <section class="page campaigns-page" aria-labelledby="campaigns-title">
            <header class="page-header">
                <div>
                    <h1 id="campaigns-title">{move || T::Title.text(locale.get())}</h1>
                    <p class="muted">{move || T::Intro.text(locale.get())}</p>
                </div>
            </header>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| list.refetch()) />
                    }
                        .into_any()
                }
                Some(Ok(r)) => view! { <CampaignTable campaigns=r.campaigns /> }.into_any(),
            }}
            // Outside the list: saving a draft reloads the list, not the form (which
            // keeps the outcome on screen).
            <Show when=runs>
                <NewCampaignForm
                    earlier=Signal::derive(move || {
                        list.get().and_then(Result::ok).map(|r| r.campaigns).unwrap_or_default()
                    })
                    saved
                />
            </Show>
        </section>
    }
}

#[component]
fn CampaignTable(campaigns: Vec<Campaign>) -> impl IntoView {
    let locale = use_locale();
    if campaigns.is_empty() {
        return view! {
            <p class="notice" role="status">{move || T::NoCampaigns.text(locale.get())}</p>
        }
        .into_any();
    }
    view! {
        <div class="panel table-scroll">
            <table class="figures campaign-table" data-testid="campaign-table">
                <thead>
                    <tr>
                        <th scope="col">{move || T::Name.text(locale.get())}</th>
                        <th scope="col">{move || T::Kind.text(locale.get())}</th>
                        <th scope="col">{move || T::Status.text(locale.get())}</th>
                        <th scope="col">{move || T::Dates.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::Members.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::LeftOut.text(locale.get())}</th>
                    </tr>
                </thead>
                <tbody>
                    {campaigns
                        .into_iter()
                        .map(|c| {
                            let (kind, status) = (text::kind(c.kind), text::status(c.status));
                            let (from, to) = (c.starts_on, c.ends_on);
                            view! {
                                <tr data-campaign-id=c.id.0>
                                    <th scope="row">
                                        <a href=format!("/campaigns/{}", c.id)>{c.name.clone()}</a>
                                    </th>
                                    <td>{move || kind.text(locale.get())}</td>
                                    <td>{move || status.text(locale.get())}</td>
                                    <td>
                                        {move || {
                                            format!(
                                                "{} – {}",
                                                i18n::date(from, locale.get()),
                                                i18n::date(to, locale.get()),
                                            )
                                        }}
                                    </td>
                                    <td class="num">{i18n::count(u64::from(c.members))}</td>
                                    <td class="num">{i18n::count(u64::from(c.excluded))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
