//! The customer's contact details to confirm (docs/rules.md, Stale fields): each field
//! not confirmed within the policy's months, with its last confirmation, confirmed in
//! one click (audited by the server). The server decides which are stale with the
//! domain's rule; updating a value is the customer form's work.

use super::household::ht;
use super::household_text::{field, T};
use super::{use_page, Loaded};
use crate::api::customer::Written;
use crate::api::household as hapi;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading};
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::stale::{ConfirmFields, ContactField, StaleFieldsView};
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use std::future::IntoFuture;
use std::sync::Arc;

#[component]
pub fn StaleFieldsSection(loaded: Arc<Loaded>) -> impl IntoView {
    let id = loaded.id();
    let data = LocalResource::new(move || hapi::stale_fields(id));
    // Kept by the page: this section is rebuilt when the page reloads after a change.
    let flash = use_context::<super::household::StaleFlash>()
        .map_or_else(|| RwSignal::new(None::<T>), |f| f.0);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="cv-card cv-stale" id="cv-stale" aria-labelledby="cv-stale-title" data-testid="stale-fields">
            <h2 id="cv-stale-title">{ht(T::StaleTitle)}</h2>
            <p class="cv-flash" role="status" aria-live="polite" data-testid="stale-flash">
                {move || flash.get().map(|t| ht(t)())}
            </p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {move || Suspend::new({ let data = data.into_future(); async move {
                        let view = data.await?;
                        Ok::<_, ApiError>(view! { <StaleList id view flash /> })
                    }})}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn StaleList(id: CustomerId, view: StaleFieldsView, flash: RwSignal<Option<T>>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let version = view.version;
    let confirm = Action::new_local(move |fields: &Vec<ContactField>| {
        let body = ConfirmFields {
            fields: fields.clone(),
            version,
        };
        async move { hapi::confirm_fields(id, &body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = confirm.value().get() {
            flash.set(Some(match r {
                Ok(Written::Saved(_)) => T::Confirmed,
                Ok(Written::Conflict(_)) => T::ChangedMeanwhile,
                Err(_) => T::Refused,
            }));
            // The reload rebuilds this section with a fresh fetch (see household.rs).
            page.reload();
        }
    });
    let stale: Vec<_> = view.fields.iter().filter(|f| f.stale).copied().collect();
    if stale.is_empty() {
        return view! { <p class="muted" data-testid="stale-none">{ht(T::StaleNone)}</p> }
            .into_any();
    }
    let all: Vec<ContactField> = stale.iter().map(|f| f.field).collect();
    let rows = stale
        .into_iter()
        .map(|f| {
            let name = field(f.field);
            view! {
                <li class="stale-field" data-testid="stale-field" data-field=f.field.as_str()>
                    <span class="stale-name">{ht(name)}</span>
                    <span class="muted">
                        " · " {ht(T::LastConfirmed)} " " {move || i18n::date(f.confirmed_on, locale.get())}
                    </span>
                    " "
                    <button type="button" class="btn btn-small" data-testid="stale-confirm"
                        disabled=move || confirm.pending().get()
                        on:click=move |_| { confirm.dispatch(vec![f.field]); }>
                        {ht(T::Confirm)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{ht(T::StaleIntro)}</p>
        <ul class="stale-list">{rows}</ul>
        <button type="button" class="btn" data-testid="stale-confirm-all"
            disabled=move || confirm.pending().get()
            on:click=move |_| { confirm.dispatch(all.clone()); }>
            {ht(T::ConfirmAll)}
        </button>
    }
    .into_any()
}
