//! Home's campaign panel: the running campaigns with customers of the RM's book still to
//! contact, as today's work.

use super::text::T;
use crate::api::campaigns as api;
use crate::components::{ErrorView, Loading};
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::campaign::{CampaignMember, CampaignStatus, MemberResponse};
use leptos::prelude::*;

/// A member still to contact: not left out, no contact and no response yet.
fn to_contact(m: &CampaignMember) -> bool {
    m.excluded.is_none() && m.contacted_at.is_none() && m.response == MemberResponse::None
}

#[component]
pub fn CampaignWork() -> impl IntoView {
    let locale = use_locale();
    let data = LocalResource::new(|| async {
        let list = api::campaigns().await?;
        let mut out = Vec::new();
        for c in list
            .campaigns
            .into_iter()
            .filter(|c| c.status == CampaignStatus::Running)
        {
            let members = api::members(c.id).await?;
            let n = members.members.iter().filter(|m| to_contact(m)).count();
            if n > 0 {
                out.push((c, n));
            }
        }
        Ok::<_, crate::api::ApiError>(out)
    });
    view! {
        <section class="panel campaign-work" aria-labelledby="campaign-work-title" data-testid="campaign-work">
            <h2 id="campaign-work-title">{move || T::HomePanelTitle.text(locale.get())}</h2>
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| data.refetch()) />
                }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <p class="muted">{move || T::HomePanelEmpty.text(locale.get())}</p>
                }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="campaign-work-list">
                        {items.into_iter().map(|(c, n)| view! {
                            <li data-campaign-id=c.id.0>
                                <a href=format!("/campaigns/{}", c.id)>{c.name.clone()}</a>
                                " · " {i18n::count(n as u64)} " " {move || T::ToContact.text(locale.get())}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
