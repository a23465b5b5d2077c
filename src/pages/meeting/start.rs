//! "Start meeting" on the customer page: locks the session to a meeting with this
//! customer and opens the client-facing screens. Without a PIN set, it says where to
//! set one.

use super::text::T;
use super::tr;
use crate::api::{meeting as mapi, ApiError};
use crate::state::use_session;
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn StartMeeting(customer: CustomerId) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let start = Action::new_local(move |_: &()| mapi::start(customer));
    let problem = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match start.value().get() {
        Some(Ok(m)) => {
            session.set_meeting(Some(m.meeting_id));
            navigate("/meeting", Default::default());
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
