//! "Start meeting" on the customer page: locks the session to a meeting with this
//! customer and opens the client-facing screens. Without a PIN set, it says where to
//! set one.

use super::text::T;
use super::tr;
use crate::api::{meeting as mapi, ApiError};
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StartMeeting(customer: CustomerId) -> impl IntoView {
    let start = Action::new_local(move |_: &()| mapi::start(customer));
    let problem = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match start.value().get() {
        // A full load of the meeting: nothing of the book stays in the page's memory.
        Some(Ok(_)) => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/meeting");
            }
        }
        Some(Err(e)) => problem.set(Some(e)),
        None => {}
    });
    view! {
        <div class="mt-start">
            <button
                type="button"
                class="btn btn-primary"
                data-testid="start-meeting"
                disabled=move || start.pending().get()
                on:click=move |_| {
                    start.dispatch(());
                }
            >
                {tr(T::StartMeeting)}
            </button>
            {move || {
                problem
                    .get()
                    .map(|e| match e {
                        ApiError::Validation(_) => {
                            view! {
                                <p role="alert">
                                    {tr(T::NeedPin)} " " <A href="/settings">{tr(T::SetPin)}</A>
                                </p>
                            }
                                .into_any()
                        }
                        e => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                    })
            }}
        </div>
    }
}
