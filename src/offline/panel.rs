//! The offline status bar (under the app header): "N waiting to sync" with "Sync now",
//! the conflict screen (mine against the server's, keep one), and the refused changes,
//! readable and copyable until dismissed.

use super::store::{self, Change, Conflict, Queued, Refused};
use super::text::T;
use super::{local_time, unlock, use_offline};
use crate::i18n::Locale;
use crate::state::{use_locale, use_session};
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

/// The kind of a change, in words.
fn kind(c: &Change) -> T {
    match c {
        Change::Contact(_) => T::ChangeContact,
        Change::Survey(_) => T::ChangeSurvey,
        Change::Note(_) => T::ChangeNote,
        Change::NextContact(_) => T::ChangeNextContact,
    }
}

/// What a change says (what was said, the date, the answers), in words.
fn what(c: &Change, locale: Locale) -> String {
    let t = |k: T| k.text(locale);
    match c {
        Change::Contact(i) => format!(
            "{} {}: {}",
            t(T::OnDate),
            i.occurred_on,
            i.note.clone().unwrap_or_default()
        ),
        Change::Survey(s) => format!(
            "{} {}: {}",
            t(T::OnDate),
            s.answered_on,
            t(T::SurveyAnswers)
                .replace("{r}", &s.recommend.to_string())
                .replace("{o}", &s.overall.to_string())
        ),
        Change::Note(n) => n.text.clone(),
        Change::NextContact(n) => n
            .next_contact_on
            .map_or_else(|| t(T::NoDate).to_owned(), |d| d.to_string()),
    }
}

/// A change in words, for the lists: "Contact: on 2026-11-29: …".
fn describe(c: &Change, locale: Locale) -> String {
    format!("{}: {}", kind(c).text(locale), what(c, locale))
}

/// A refused change as text to copy: whose, what, when queued, why refused.
fn refused_text(r: &Refused, reason: &str, locale: Locale) -> String {
    let t = |k: T| k.text(locale);
    format!(
        "{}: {}\n{}\n{}: {}\n{}: {}",
        t(T::CustomerLabel),
        r.queued.customer,
        describe(&r.queued.change, locale),
        t(T::QueuedAt),
        local_time(r.queued.queued_at_ms, locale),
        t(T::RefusedAt),
        reason,
    )
}

/// Put `text` on the clipboard; false when the browser refuses (no permission).
async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

#[component]
pub fn OfflinePanel() -> impl IntoView {
    let offline = use_offline();
    let session = use_session();
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
                        {move || session.offline_only().then(|| view! {
                            <p class="offline-signed-in" data-testid="offline-signed-in">
                                {t(T::OfflineSignedInAs)}" "
                                <strong>{session.user().map(|me| me.display_name)}</strong>
                            </p>
                        })}
                        <p class="offline-bar" role="status">
                            <span data-testid="waiting-to-sync">{format!("{} ", s.waiting)}{move || t(T::WaitingToSync)}</span>
                            <button type="button" class="btn btn-primary" data-testid="sync-now"
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
    let said = refused.reason.clone();
    let reason = move || {
        if said == "out_of_scope" {
            t(T::RefusedOutOfScope).to_owned()
        } else {
            said.clone()
        }
    };
    let copy = {
        let (r, reason) = (refused.clone(), reason.clone());
        move || refused_text(&r, &reason(), locale.get())
    };
    let change = refused.queued.change.clone();
    let kind_of = kind(&change);
    let queued_at = refused.queued.queued_at_ms;
    let customer = refused.queued.customer.clone();
    let id = format!("refused-{}", refused.queued.key);
    let copied = RwSignal::new(None::<bool>);
    let area = NodeRef::<leptos::html::Textarea>::new();
    let on_copy = {
        let copy = copy.clone();
        move |_| {
            let text = copy();
            leptos::task::spawn_local(async move {
                let ok = copy_to_clipboard(&text).await;
                if !ok {
                    // No clipboard: the text is selected for the advisor to copy.
                    if let Some(el) = area.get_untracked() {
                        let _ = el.focus();
                        el.select();
                    }
                }
                copied.set(Some(ok));
            });
        }
    };
    view! {
        <li class="offline-refused-item" data-testid="refused-change">
            <h3>{move || t(kind_of)}" · "{customer}</h3>
            <dl class="offline-facts">
                <dt>{move || t(T::ChangeSaid)}</dt>
                <dd data-testid="refused-what">{move || what(&change, locale.get())}</dd>
                <dt>{move || t(T::QueuedAt)}</dt>
                <dd>{move || local_time(queued_at, locale.get())}</dd>
            </dl>
            <p class="offline-reason">{reason}</p>
            <label for=id.clone()>{move || t(T::CopyHint)}</label>
            <textarea id=id readonly=true rows="4" node_ref=area prop:value=copy.clone()></textarea>
            <div class="offline-actions">
                <button type="button" class="btn btn-primary" data-testid="copy-refused" on:click=on_copy>
                    {move || t(T::CopyChange)}
                </button>
                <button type="button" class="btn" on:click=move |_| {
                    let name = name.clone();
                    leptos::task::spawn_local(async move {
                        let _ = store::remove(&name).await;
                        offline.changed();
                    });
                }>{move || t(T::Dismiss)}</button>
                <span role="status" class="offline-note" data-testid="copy-result">
                    {move || copied.get().map(|ok| if ok { t(T::CopiedChange) } else { t(T::CopyByHand) })}
                </span>
            </div>
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
                    <p>{move || describe(&mine, locale.get())}</p>
                </div>
                <div class="offline-side" data-testid="conflict-theirs">
                    <h3>{move || t(T::Theirs)}</h3>
                    <p>{move || describe(&theirs, locale.get())}</p>
                </div>
            </div>
            <div class="offline-actions">
                <button type="button" class="btn btn-primary" data-testid="keep-mine" on:click=keep_mine>{move || t(T::KeepMine)}</button>
                <button type="button" class="btn" data-testid="keep-theirs" on:click=keep_theirs>{move || t(T::KeepTheirs)}</button>
            </div>
        </section>
    }
}
