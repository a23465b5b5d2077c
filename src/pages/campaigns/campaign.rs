//! One campaign: what it is, start and finish for whoever runs it, and its customers in
//! the caller's scope with the response buttons (an RM's work) and a link to open an
//! opportunity on the customer's page.

use super::text::{self, T};
use crate::api::campaigns as api;
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::components::{ErrorView, Loading};
use crate::i18n::{self, Msg};
use crate::state::{use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::campaign::{
    Campaign, CampaignId, CampaignMember, CampaignMembers, CampaignStatus, MemberResponse,
    MemberUpdate,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The campaign id of the route, if it is one.
pub(super) fn route_id() -> Memo<Option<CampaignId>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok())
                .map(CampaignId)
        })
    })
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = route_id();
    let version = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        let id = id.get();
        version.track();
        async move {
            match id {
                Some(id) => api::members(id).await,
                None => Err(ApiError::Server("not found".into())),
            }
        }
    });
    view! {
        <section class="page campaign-page" aria-labelledby="campaign-title">
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| data.refetch()) />
                    }
                        .into_any()
                }
                Some(Ok(m)) => view! { <CampaignLoaded data=m version /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CampaignLoaded(data: CampaignMembers, version: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let c = data.campaign.clone();
    let runs = session
        .user()
        .is_some_and(|me| match (me.role, c.branch_id) {
            (Role::Admin, None) => true,
            (Role::BranchManager, Some(b)) => me.branch_id == Some(b),
            _ => false,
        });
    let writes = session
        .user()
        .is_some_and(|me| matches!(me.role, Role::RelationshipManager | Role::BranchManager));
    let step = Action::new_local(|(c, start): &(Campaign, bool)| {
        let (id, v, start) = (c.id, c.version, *start);
        async move {
            if start {
                api::start(id, v).await
            } else {
                api::finish(id, v).await
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = step.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let (kind, status) = (text::kind(c.kind), text::status(c.status));
    let action_button = {
        let c = c.clone();
        let start = c.status == CampaignStatus::Draft;
        (runs && c.status != CampaignStatus::Finished).then(|| {
            let label = if start { T::Start } else { T::Finish };
            view! {
                <button type="button" class="btn btn-primary"
                    data-testid=if start { "start-campaign" } else { "finish-campaign" }
                    disabled=move || step.pending().get()
                    on:click=move |_| { step.dispatch((c.clone(), start)); }>
                    {move || label.text(locale.get())}
                </button>
            }
        })
    };
    let members = data.members;
    let id = c.id;
    let running = c.status == CampaignStatus::Running;
    view! {
        <header class="page-header">
            <div>
                <h1 id="campaign-title">{c.name.clone()}</h1>
                <p class="muted">
                    {move || kind.text(locale.get())} " · " {move || status.text(locale.get())}
                </p>
            </div>
            <a class="btn" href=format!("/campaigns/{id}/results") data-testid="campaign-results-link">
                {move || T::Results.text(locale.get())}
            </a>
        </header>
        <div class="panel campaign-facts">
            <dl class="facts" data-testid="campaign-facts" data-members=c.members data-excluded=c.excluded>
                <dt>{move || T::Goal.text(locale.get())}</dt>
                <dd>{c.goal.clone()}</dd>
                <dt>{move || T::Offer.text(locale.get())}</dt>
                <dd>{c.offer.clone()}</dd>
                <dt>{move || T::Dates.text(locale.get())}</dt>
                <dd>
                    {move || format!("{} – {}", i18n::date(c.starts_on, locale.get()), i18n::date(c.ends_on, locale.get()))}
                </dd>
                {c.event_on.map(|on| view! {
                    <dt>{move || T::EventOn.text(locale.get())}</dt>
                    <dd>{move || i18n::date(on, locale.get())}</dd>
                })}
                <dt>{move || T::Members.text(locale.get())}</dt>
                <dd data-testid="campaign-members-count">{i18n::count(u64::from(c.members))}</dd>
                <dt>{move || T::LeftOut.text(locale.get())}</dt>
                <dd data-testid="campaign-excluded-count">{i18n::count(u64::from(c.excluded))}</dd>
            </dl>
            {action_button}
            {move || match step.value().get() {
                Some(Err(e)) => view! { <p class="form-error" role="alert">{error_text(&e, locale.get())}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
        <section class="panel" aria-labelledby="members-title">
            <h2 id="members-title">{move || T::MembersTitle.text(locale.get())}</h2>
            {if members.is_empty() {
                view! { <p class="muted">{move || T::NoMembers.text(locale.get())}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="figures campaign-members" data-testid="campaign-members">
                            <thead>
                                <tr>
                                    <th scope="col">{move || Msg::ColName.text(locale.get())}</th>
                                    <th scope="col">{move || T::ColRm.text(locale.get())}</th>
                                    <th scope="col">{move || T::Why.text(locale.get())}</th>
                                    <th scope="col">{move || T::Response.text(locale.get())}</th>
                                    <th scope="col"></th>
                                </tr>
                            </thead>
                            <tbody>
                                {members.into_iter().map(|m| view! { <MemberRow id m can_write=writes && running /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// One member: who, why, the response so far and the next steps allowed.
#[component]
fn MemberRow(id: CampaignId, m: CampaignMember, can_write: bool) -> impl IntoView {
    let locale = use_locale();
    let member = RwSignal::new(m);
    let update = Action::new_local(move |u: &MemberUpdate| {
        let (u, customer) = (*u, member.get_untracked().customer_id);
        async move { api::update_member(id, customer, &u).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(m)) = update.value().get() {
            member.set(m);
        }
    });
    let m0 = member.get_untracked();
    let customer = m0.customer_id;
    let excluded = m0.excluded.is_some();
    let reasons = m0.reasons.clone();
    view! {
        <tr data-customer-id=customer.0 class:excluded=excluded
            data-response=move || format!("{:?}", member.with(|m| m.response))>
            <th scope="row"><a href=format!("/customers/{customer}")>{m0.name.clone()}</a></th>
            <td>{m0.rm_name.clone()}</td>
            <td>
                {move || reasons.iter().map(|r| text::segment_reason(r, locale.get())).collect::<Vec<_>>().join(" · ")}
            </td>
            <td data-testid="member-response">
                {move || if excluded {
                    T::LeftOut.text(locale.get()).to_owned()
                } else {
                    let m = member.get();
                    let mut s = text::response(m.response).text(locale.get()).to_owned();
                    if m.contacted_at.is_some() && m.response == MemberResponse::None {
                        s = T::Contacted.text(locale.get()).to_owned();
                    }
                    s
                }}
            </td>
            <td>
                <div class="member-actions">
                {(can_write && !excluded).then(|| view! {
                    {move || {
                        let m = member.get();
                        let mut buttons: Vec<AnyView> = Vec::new();
                        if m.contacted_at.is_none() && m.response == MemberResponse::None {
                            let v = m.version;
                            buttons.push(view! {
                                <button type="button" class="btn btn-small" data-testid="log-contact"
                                    disabled=move || update.pending().get()
                                    on:click=move |_| { update.dispatch(MemberUpdate { contacted: true, response: None, version: v }); }>
                                    {move || T::LogContact.text(locale.get())}
                                </button>
                            }.into_any());
                        }
                        for next in m.response.next() {
                            let (next, v) = (*next, m.version);
                            buttons.push(view! {
                                <button type="button" class="btn btn-small"
                                    data-testid=format!("respond-{next:?}")
                                    disabled=move || update.pending().get()
                                    on:click=move |_| { update.dispatch(MemberUpdate { contacted: true, response: Some(next), version: v }); }>
                                    {move || text::response(next).text(locale.get())}
                                </button>
                            }.into_any());
                        }
                        buttons
                    }}
                    <a class="btn btn-small" href=format!("/customers/{customer}?campaign={id}") data-testid="open-opportunity">
                        {move || T::OpenOpportunity.text(locale.get())}
                    </a>
                    {move || match update.value().get() {
                        Some(Err(e)) => view! { <p class="form-error" role="alert">{error_text(&e, locale.get())}</p> }.into_any(),
                        _ => ().into_any(),
                    }}
                })}
                </div>
            </td>
        </tr>
    }
}
