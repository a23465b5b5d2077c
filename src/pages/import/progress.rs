//! The two waits of an import, each with a progress bar and a Cancel: the upload (bytes
//! sent, from the request's upload events; Cancel aborts it) and the server's check
//! (rows read so far, polled; Cancel deletes the import).

use super::text::{self, T};
use super::{use_flow, Notice, Stage};
use crate::api::import as iapi;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading};
use crate::state::use_locale;
use clientbook_domain::import::ImportStatus;
use leptos::prelude::*;
use std::future::IntoFuture;
use std::time::Duration;

/// How often the check is polled.
const POLL: Duration = Duration::from_millis(500);

#[component]
pub fn UploadProgress() -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let cancel = move |_| {
        flow.upload.with_value(|u| {
            if let Some(u) = u {
                u.abort();
            }
        });
    };
    view! {
        <div class="imp-progress" data-testid="import-uploading">
            <label for="imp-upload-bar">{move || T::Uploading.text(locale.get())}</label>
            <progress
                id="imp-upload-bar"
                max=move || flow.sent.get().1.max(1.0)
                value=move || flow.sent.get().0
                data-testid="import-upload-bar"
            ></progress>
            <p class="muted" role="status">
                {move || {
                    let (sent, total) = flow.sent.get();
                    text::sent(sent, total, locale.get())
                }}
            </p>
            <button type="button" class="btn" on:click=cancel data-testid="import-cancel">
                {move || T::Cancel.text(locale.get())}
            </button>
        </div>
    }
}

#[component]
pub fn CheckingProgress(id: i64) -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let tick = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        tick.track();
        let lang = locale.get_untracked().lang();
        async move { iapi::show(id, lang, 0, 0).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(summary)) = data.get() {
            if summary.status == ImportStatus::Validating {
                set_timeout(
                    move || {
                        tick.try_update(|t| *t += 1);
                    },
                    POLL,
                );
            } else {
                flow.go(Stage::Report(id));
            }
        }
    });
    let cancel = Action::new_local(move |_: &()| iapi::cancel(id));
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            flow.go(Stage::Choose);
            flow.say(Notice::Said(T::Cancelled));
        }
        Some(Err(e)) => flow.failed(e),
        None => {}
    });
    let retry = Callback::new(move |()| tick.update(|t| *t += 1));
    view! {
        <div class="imp-progress" data-testid="import-checking">
            <label for="imp-check-bar">{move || T::Processing.text(locale.get())}</label>
            // How many rows the file has is known only once it is read: the bar moves
            // without an end, and the count says how far it is.
            <progress id="imp-check-bar" data-testid="import-check-bar"></progress>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {move || Suspend::new({ let data = data.into_future(); async move {
                        let summary = data.await?;
                        Ok::<_, ApiError>(view! {
                            <p class="muted" role="status" data-testid="import-rows-read">
                                {move || text::rows_read(summary.rows_read, locale.get())}
                            </p>
                        })
                    }})}
                </ErrorBoundary>
            </Transition>
            <button
                type="button"
                class="btn"
                disabled=move || cancel.pending().get()
                on:click=move |_| {
                    cancel.dispatch(());
                }
                data-testid="import-cancel"
            >
                {move || {
                    let t = if cancel.pending().get() { T::Cancelling } else { T::Cancel };
                    t.text(locale.get())
                }}
            </button>
        </div>
    }
}
