//! The offline status bar (under the app header): "N waiting to sync" with "Sync now",
//! the conflict screen (mine against the server's, keep one), and the refused changes,
//! readable and copyable until dismissed.

use super::store::{self, Change, Conflict, Queued, Refused};
use super::text::T;
use super::{unlock, use_offline};
use crate::state::use_locale;
use clientbook_domain::service::SetNextContact;
use leptos::prelude::*;
use std::future::IntoFuture;

/// What the bar shows, read from the store.
#[derive(Clone, Default)]
struct Summary {
    waiting: usize,
    conflicts: Vec<(String, Conflict)>,
    refused: Vec<(String, Refused)>,
}

async fn summary() -> Summary {
    // Counting needs no key; the key is fetched (an audited read) only to show content.
    let waiting = store::count("q:").await;
    if store::count("x:").await + store::count("r:").await == 0 {
        return Summary {
            waiting,
            ..Summary::default()
        };
    }
    if !store::has_key() {
        let _ = unlock().await;
    }
    Summary {
        waiting,
        conflicts: store::conflicts().await.unwrap_or_default(),
        refused: store::refused().await.unwrap_or_default(),
    }
}

/// A change in words, for the lists.
fn describe(c: &Change, t: impl Fn(T) -> &'static str) -> String {
    match c {
        Change::Contact(i) => format!(
            "{}: {} {}",
            t(T::ChangeContact),
            i.occurred_on,
            i.note.clone().unwrap_or_default()
        ),
        Change::Survey(s) => format!("{}: {} / {}", t(T::ChangeSurvey), s.recommend, s.overall),
        Change::Note(n) => format!("{}: {}", t(T::ChangeNote), n.text),
        Change::NextContact(n) => format!(
            "{}: {}",
            t(T::ChangeNextContact),
            n.next_contact_on
                .map_or_else(|| t(T::NoDate).to_owned(), |d| d.to_string())
        ),
    }
}

#[component]
pub fn OfflinePanel() -> impl IntoView {
    let offline = use_offline();
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let data = LocalResource::new(move || {
        offline.revision.get();
        summary()
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new({ let data = data.into_future(); async move {
                let s = data.await;
                let show = !offline.online.get() || s.waiting > 0 || !s.conflicts.is_empty() || !s.refused.is_empty();
                show.then(|| view! {
                    <div class="offline-panel" data-testid="offline-panel">
                        <p class="offline-bar" role="status">
                            <span data-testid="waiting-to-sync">{format!("{} ", s.waiting)}{move || t(T::WaitingToSync)}</span>
                            <button type="button" class="button" data-testid="sync-now"
                                disabled=move || offline.syncing.get() || !offline.online.get()
                                on:click=move |_| offline.sync()>
                                {move || if offline.syncing.get() { t(T::Syncing) } else { t(T::SyncNow) }}
                            </button>
                        </p>
                        {move || (!offline.online.get()).then(|| view! { <super::prepare::ReadyList /> })}
                        {s.conflicts.into_iter().map(|(name, c)| view! { <ConflictScreen name conflict=c /> }).collect_view()}
                        {(!s.refused.is_empty()).then(|| view! {
                            <section class="offline-refused" data-testid="refused-changes" aria-labelledby="offline-refused-title">
                                <h2 id="offline-refused-title">{move || t(T::RefusedTitle)}</h2>
                                <ul>
                                    {s.refused.into_iter().map(|(name, r)| view! { <RefusedItem name refused=r /> }).collect_view()}
                                </ul>
                            </section>
                        })}
                    </div>
                })
            }})}
        </Suspense>
    }
}

#[component]
fn RefusedItem(name: String, refused: Refused) -> impl IntoView {
    let offline = use_offline();
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let reason = refused.reason.clone();
    let copy = serde_json::to_string_pretty(&refused.queued.change).unwrap_or_default();
    let what = refused.queued.change.clone();
    let id = format!("refused-{}", refused.queued.key);
    view! {
        <li class="offline-refused-item" data-testid="refused-change">
            <p>
                <strong>{refused.queued.customer.clone()}</strong>
                " · "
                {move || describe(&what, t)}
            </p>
            <p class="offline-reason">
                {move || if reason == "out_of_scope" { t(T::RefusedOutOfScope).to_owned() } else { reason.clone() }}
            </p>
            <label for=id.clone()>{move || t(T::CopyHint)}</label>
            <textarea id=id readonly=true rows="4">{copy}</textarea>
            <button type="button" class="button" on:click=move |_| {
                let name = name.clone();
                leptos::task::spawn_local(async move {
                    let _ = store::remove(&name).await;
                    offline.changed();
                });
            }>{move || t(T::Dismiss)}</button>
        </li>
    }
}

#[component]
fn ConflictScreen(name: String, conflict: Conflict) -> impl IntoView {
    let offline = use_offline();
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let mine = conflict.queued.change.clone();
    let theirs_date = conflict
        .theirs
        .get("next_contact_on")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let theirs_version = conflict.theirs.get("version").and_then(|v| v.as_i64());
    let theirs = Change::NextContact(SetNextContact {
        next_contact_on: theirs_date.as_deref().and_then(|d| d.parse().ok()),
        version: theirs_version.unwrap_or_default(),
    });
    let name_mine = name.clone();
    let queued = conflict.queued.clone();
    let keep_mine = move |_| {
        let name = name_mine.clone();
        let mut q: Queued = queued.clone();
        leptos::task::spawn_local(async move {
            // Mine on top of theirs: the server's version, and a new key (a new request).
            if let (Change::NextContact(c), Some(v)) = (&mut q.change, theirs_version) {
                c.version = v;
            }
            q.key = super::crypto::random_uuid();
            q.queued_at_ms = store::now_ms();
            if store::enqueue(&q).await.is_ok() {
                let _ = store::remove(&name).await;
            }
            offline.changed();
            offline.sync();
        });
    };
    let keep_theirs = move |_| {
        let name = name.clone();
        leptos::task::spawn_local(async move {
            let _ = store::remove(&name).await;
            offline.changed();
        });
    };
    view! {
        <section class="offline-conflict" data-testid="conflict-screen" aria-labelledby="offline-conflict-title">
            <h2 id="offline-conflict-title">{move || t(T::ConflictTitle)}</h2>
            <p>{move || t(T::ConflictIntro)}</p>
            <p><strong>{conflict.queued.customer.clone()}</strong></p>
            <div class="offline-sides">
                <div class="offline-side" data-testid="conflict-mine">
                    <h3>{move || t(T::Mine)}</h3>
                    <p>{move || describe(&mine, t)}</p>
                </div>
                <div class="offline-side" data-testid="conflict-theirs">
                    <h3>{move || t(T::Theirs)}</h3>
                    <p>{move || describe(&theirs, t)}</p>
                </div>
            </div>
            <div class="offline-actions">
                <button type="button" class="button" data-testid="keep-mine" on:click=keep_mine>{move || t(T::KeepMine)}</button>
                <button type="button" class="button" data-testid="keep-theirs" on:click=keep_theirs>{move || t(T::KeepTheirs)}</button>
            </div>
        </section>
    }
}
