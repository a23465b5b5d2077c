//! Leaving meeting mode: the advisor's PIN. A wrong PIN says how many tries are left;
//! the fifth ends the session (the server signs the browser out). The right one unlocks
//! the session and returns to the customer's page.

use super::text::{self, T};
use super::{tr, use_meeting};
use crate::api::meeting as mapi;
use crate::api::ApiError;
use crate::components::{Autocomplete, InputKind, TextField};
use crate::state::{use_locale, use_session};
use leptos::prelude::*;

#[component]
pub fn LeaveScreen() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let session = use_session();
    let pin = RwSignal::new(String::new());
    let leave = Action::new_local(|pin: &String| mapi::exit(pin.clone()));
    let customer = m.view.customer.id;
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match leave.value().get() {
        // A full load of the customer page: the book is fetched afresh.
        Some(Ok(())) => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&format!("/customers/{customer}"));
            }
        }
        Some(Err(ApiError::Unauthorized)) => session.session_expired(),
        Some(Err(ApiError::Forbidden(message))) => {
            pin.set(String::new());
            error.set(Some(text::tries_left(&message, locale.get_untracked())));
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let signed = m.signed;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leave.dispatch(pin.get_untracked());
    };
    view! {
        <form class="mt-card mt-leave" data-testid="mt-leave" on:submit=submit>
            <p>{tr(T::LeaveIntro)}</p>
            {move || (!signed.get()).then(|| view! { <p class="mt-note">{tr(T::NotSigned)}</p> })}
            <TextField
                id="mt-pin"
                label=Signal::derive(move || tr(T::Pin)().to_owned())
                value=pin
                kind=InputKind::Password
                autocomplete=Autocomplete::Off
                error=Signal::derive(move || error.get())
                field="pin"
                testid="mt-pin"
            />
            <button type="submit" class="btn btn-primary mt-touch" disabled=move || leave.pending().get()>
                {move || if leave.pending().get() { tr(T::Leaving)() } else { tr(T::LeaveMeeting)() }}
            </button>
        </form>
    }
}
