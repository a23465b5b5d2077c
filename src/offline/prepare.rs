//! "Prepare for offline" on the customer page: the page's record, encrypted into
//! IndexedDB, with the count of customers ready offline and their ages.

use super::store::{self, Prepared};
use super::text::T;
use super::{age, unlock, use_offline};
use crate::state::use_locale;
use clientbook_domain::api::CustomerDetail;
use clientbook_domain::ProductId;
use leptos::prelude::*;
use std::future::IntoFuture;
use std::sync::Arc;

#[component]
pub fn PrepareOffline(
    /// The customer's record as the page has it (masked).
    detail: Arc<CustomerDetail>,
    /// Names (English, Chinese) of the products the customer holds.
    products: Vec<(ProductId, String, String)>,
    /// The policy's `offline.keep_days`.
    keep_days: u32,
) -> impl IntoView {
    let locale = use_locale();
    let offline = use_offline();
    let session = crate::state::use_session();
    let t = move |k: T| k.text(locale.get());
    let prepare = Action::new_local(move |_: &()| {
        let me = session.user_untracked();
        let language = locale.get_untracked();
        let p = Prepared {
            detail: CustomerDetail::clone(&detail),
            products: products.clone(),
            saved_at_ms: store::now_ms(),
        };
        async move {
            unlock().await.map_err(|e| e.to_string())?;
            store::save_prepared(&p, keep_days)
                .await
                .map_err(|e| format!("{e:?}"))?;
            // Who is signed in, kept too: the app can then open with no network.
            if let Some(me) = me {
                super::remember_session(me, language, Some(keep_days)).await;
            }
            Ok::<(), String>(())
        }
    });
    Effect::new(move |_| {
        if prepare.value().get().is_some() {
            offline.changed();
        }
    });
    view! {
        <div class="offline-prepare" data-testid="offline-prepare">
            <button
                type="button"
                class="btn"
                data-testid="prepare-offline"
                disabled=move || prepare.pending().get()
                on:click=move |_| {
                    prepare.dispatch(());
                }
            >
                {move || if prepare.pending().get() { t(T::Preparing) } else { t(T::Prepare) }}
            </button>
            <p role="status" class="offline-note" data-testid="prepare-result">
                {move || match prepare.value().get() {
                    Some(Ok(())) => t(T::PreparedNow).to_owned(),
                    Some(Err(e)) => format!("{} {e}", t(T::PrepareFailed)),
                    None => String::new(),
                }}
            </p>
            <ReadyList />
        </div>
    }
}

/// "N customers ready offline", each with a link and the age of its copy; `open` shows
/// the list unfolded.
#[component]
pub(super) fn ReadyList(#[prop(optional)] open: bool) -> impl IntoView {
    let locale = use_locale();
    let offline = use_offline();
    let t = move |k: T| k.text(locale.get());
    let ready = LocalResource::new(move || {
        offline.revision.get();
        async move {
            if !store::has_key() {
                return Vec::new();
            }
            store::all_prepared()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.detail.customer.id, p.detail.customer.name, p.saved_at_ms))
                .collect::<Vec<_>>()
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new({ let ready = ready.into_future(); async move {
                let list = ready.await;
                (!list.is_empty()).then(|| {
                    view! {
                        <details class="offline-ready" data-testid="offline-ready" open=open>
                            <summary>{format!("{} ", list.len())}{move || t(T::ReadyOffline)}</summary>
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|(id, name, at)| {
                                        view! {
                                            <li>
                                                <a href=format!("/customers/{id}") data-testid="offline-ready-link">{name}</a>
                                                " · "
                                                {move || age(at, locale.get())}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </details>
                    }
                })
            }})}
        </Suspense>
    }
}
