//! Set (or clear) the next contact date → `PUT /api/customers/{id}/next-contact`, based on
//! the customer's version (a stale one is a 409 offering a reload).

use super::{FormFeedback, FormStatus, Submit, TextField};
use crate::api::customer as capi;
use crate::pages::customer::form_model::next_contact_problems;
use crate::pages::customer::text::T;
use crate::pages::customer::{tr, use_page, Loaded};
use crate::state::use_locale;
use clientbook_domain::service::SetNextContact;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn NextContactForm(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();
    let today = loaded.today;
    let version = loaded.detail.customer.version;
    let initial = loaded
        .detail
        .customer
        .next_contact_on
        .unwrap_or(loaded.scores.contact.due_on.max(today));
    let date = RwSignal::new(initial.to_string());

    let save = Action::new_local(move |req: &SetNextContact| {
        let req = req.clone();
        async move { capi::set_next_contact(id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::NextContactSaved);
            }
        }
    });
    let send =
        move |value: String| match next_contact_problems(&value, today, locale.get_untracked()) {
            Err(p) => status.invalid(p),
            Ok(next) => {
                status.clear();
                save.dispatch(SetNextContact {
                    next_contact_on: next,
                    version,
                });
            }
        };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(date.get_untracked());
    };

    view! {
        <details class="cv-form-box">
            <summary><h3>{tr(T::SetNextContact)}</h3></summary>
            <form class="cv-form" novalidate on:submit=submit data-testid="next-contact-form" aria-label=tr(T::SetNextContact)>
                <TextField value=date status field="next_contact_on" id="next-contact-date" caption=T::NextContactOn kind="date" />
                <FormFeedback status />
                <div class="cv-actions">
                    <Submit pending=save.pending().into() caption=T::Save testid="next-contact-submit" />
                    <button type="button" class="btn" on:click=move |_| send(String::new())>
                        {tr(T::ClearDate)}
                    </button>
                </div>
            </form>
        </details>
    }
}
