//! Set (or clear) the next contact date → `PUT /api/customers/{id}/next-contact`, based on
//! the customer's version (a stale one is a 409 showing the date set meanwhile, with
//! "keep mine" beside the reload).

use super::{FormFeedback, FormStatus, Submit, TextField};
use crate::api::customer as capi;
use crate::components::InputKind;
use crate::pages::customer::form_model::next_contact_problems;
use crate::pages::customer::text::T;
use crate::pages::customer::{tr, use_page, Loaded};
use crate::state::use_locale;
use clientbook_domain::service::SetNextContact;
use clientbook_domain::BookCustomer;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn NextContactForm(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();
    let today = loaded.today;
    let version = RwSignal::new(loaded.detail.customer.version);
    let theirs = status.stale_current::<BookCustomer>();
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
                    version: version.get_untracked(),
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
                <TextField value=date status field="next_contact_on" id="next-contact-date" caption=T::NextContactOn kind=InputKind::Date />
                <FormFeedback status />
                {move || {
                    theirs
                        .get()
                        .map(|now| {
                            let their_date = now.next_contact_on;
                            let keep_mine = move |_| {
                                version.set(now.version);
                                send(date.get_untracked());
                            };
                            view! {
                                <div class="cv-merge" data-testid="merge">
                                    <p data-testid="merge-theirs">
                                        {tr(T::MergeTheirDate)} " "
                                        <strong>
                                            {match their_date {
                                                Some(d) => d.to_string().into_any(),
                                                None => tr(T::MergeNoDate).into_any(),
                                            }}
                                        </strong>
                                        "; " {tr(T::MergeYourDate)} " "
                                        <strong>{move || date.get()}</strong>
                                    </p>
                                    <button type="button" class="btn" data-testid="merge-keep-mine" on:click=keep_mine>
                                        {tr(T::MergeKeepMine)}
                                    </button>
                                </div>
                            }
                        })
                }}
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
