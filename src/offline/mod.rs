//! Offline work on a tablet (docs/rules.md, Offline): customers prepared for offline use
//! kept encrypted in IndexedDB, the customer page rendered from that copy when the
//! network is down, changes made offline queued (encrypted too) and sent exactly once
//! when it returns, with conflicts and refusals shown to the advisor.
//!
//! `crypto` (WebCrypto), `idb` (IndexedDB), `store` (the encrypted records), `sync`
//! (sending the queue), and the views: `prepare` (the customer page's button), `panel`
//! (counts, conflicts, refused changes), `customer` (the page from the local copy) and
//! `main` (what the app shows when it opened signed in with no network).
//!
//! Opening with no network: while signed in online, who is signed in is kept sealed
//! beside the prepared customers ([`store::SealedSession`]); when the app starts and
//! `GET /api/me` fails for want of a network, the session opens from that copy in an
//! "offline only" state ([`crate::state::SessionContext::offline_only`]) until the
//! network returns and the server is asked again.

mod crypto;
mod customer;
mod idb;
mod main;
mod panel;
mod prepare;
pub mod store;
pub mod sync;
pub mod text;

pub use customer::OfflineCustomer;
pub use main::OfflineMain;
pub use panel::OfflinePanel;
pub use prepare::PrepareOffline;

use crate::api::{get, ApiError};
use crate::state::SessionContext;
use clientbook_domain::api::Me;
use clientbook_domain::offline::OfflineSecret;
use clientbook_domain::policy::OfflinePolicy;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The app's offline state, in context.
#[derive(Clone, Copy)]
pub struct OfflineCtx {
    /// What the browser says (`navigator.onLine`, its `online`/`offline` events), set to
    /// false as well when a call fails for want of a network.
    pub online: RwSignal<bool>,
    /// Bumped after every change to the local store: the counts are read again.
    pub revision: RwSignal<u32>,
    pub syncing: RwSignal<bool>,
    session: SessionContext,
}

impl OfflineCtx {
    pub fn changed(self) {
        self.revision.update(|r| *r += 1);
    }

    /// Send the queue now (when online, and the server has said who is signed in: a
    /// session opened from the local copy sends nothing).
    pub fn sync(self) {
        if self.syncing.get_untracked() || !self.online.get_untracked() {
            return;
        }
        let Some(me) = self.session.user_untracked() else {
            return;
        };
        if self.session.offline_only_untracked() {
            return;
        }
        self.syncing.set(true);
        spawn_local(async move {
            // Another user's records are erased before anything is sent.
            claim(me.id.0).await;
            // Nothing queued: no key needed (its release is an audited read).
            if store::count("q:").await > 0 && unlock().await.is_ok() {
                if let Err(e) = sync::sync_all().await {
                    leptos::logging::warn!("offline sync failed: {e:?}");
                }
            }
            self.syncing.set(false);
            self.changed();
        });
    }
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

pub fn provide_offline_context() -> OfflineCtx {
    let session = crate::state::use_session();
    let ctx = OfflineCtx {
        online: RwSignal::new(navigator_online()),
        revision: RwSignal::new(0),
        syncing: RwSignal::new(false),
        session,
    };
    provide_context(ctx);
    let on = window_event_listener(leptos::ev::online, move |_| {
        ctx.online.set(true);
        if session.offline_only_untracked() {
            // Opened from the local copy: ask the server who is signed in first.
            session.recheck();
        } else {
            ctx.sync();
        }
    });
    let off = window_event_listener(leptos::ev::offline, move |_| ctx.online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    // A session opened from the local copy: the browser's network state is "offline".
    Effect::new(move |_| {
        if session.offline_only() {
            ctx.online.set(false);
        }
    });
    // Whenever the server says who is signed in (the app starting, a sign-in, the
    // network returning): send what is left from last time. Back from a session opened
    // offline, the book (which failed for want of a network) is fetched again.
    let book = crate::state::use_book();
    Effect::new(move |was_offline_only: Option<bool>| {
        let signed_in = session.user().map(|me| me.id);
        let offline_only = session.offline_only();
        if signed_in.is_some() && !offline_only {
            if was_offline_only == Some(true) {
                book.refetch();
            }
            ctx.sync();
        }
        offline_only
    });
    // Erase what is past its keeping time: in a task of its own, not in the mount's (its
    // code's first call, compiled then, made that long task longer; ARCHITECTURE.md, "The
    // first seconds of home").
    spawn_local(async move {
        crate::yield_now::yield_now().await;
        let _ = store::erase_expired().await;
        ctx.changed();
    });
    ctx
}

pub fn use_offline() -> OfflineCtx {
    expect_context::<OfflineCtx>()
}

/// Make sure the key is in memory: from the server's secret when online (audited), else
/// the persisted non-extractable key.
pub async fn unlock() -> Result<(), ApiError> {
    if store::has_key() {
        return Ok(());
    }
    let secret: OfflineSecret = get("/api/offline/key").await?;
    store::unlock(&secret.secret)
        .await
        .map_err(|e| ApiError::Server(format!("{e:?}")))
}

/// The records kept here become `user_id`'s: another user's are erased first.
pub async fn claim(user_id: i64) {
    match store::owner().await {
        Some(owner) if owner == user_id => return,
        Some(_) => erase().await,
        None => {}
    }
    if let Err(e) = store::set_owner(user_id).await {
        leptos::logging::warn!("offline owner not kept: {e:?}");
    }
}

/// Keep who is signed in (as the server just said) sealed, to open with no network; a
/// session locked to a meeting is not kept (opening offline must not leave the meeting).
/// Only when a key is at hand: nothing to open offline has been prepared otherwise.
pub async fn remember_session(me: Me, locale: crate::i18n::Locale, keep_days: Option<u32>) {
    claim(me.id.0).await;
    if me.meeting_id.is_some() {
        let _ = store::forget_session().await;
        return;
    }
    if !store::key_at_hand().await {
        return;
    }
    let keep_days = match keep_days {
        Some(days) => days,
        None => store::session()
            .await
            .map_or(OfflinePolicy::default().keep_days, |s| s.keep_days),
    };
    let sealed = store::SealedSession {
        me,
        locale: locale.tag().to_owned(),
        saved_at_ms: store::now_ms(),
        keep_days,
    };
    if let Err(e) = store::save_session(&sealed).await {
        leptos::logging::warn!("session not kept for offline use: {e:?}");
    }
}

/// The session to open with no network: kept, not past its time, and with at least one
/// prepared customer to show.
pub async fn sealed_session() -> Option<store::SealedSession> {
    let _ = store::erase_expired().await;
    if store::count("c:").await == 0 {
        return None;
    }
    store::session().await
}

/// The server no longer knows the session (a 401): the copies read from it are erased,
/// what the user wrote is kept until the same user signs in again.
pub async fn session_ended() {
    if let Err(e) = store::erase_copies().await {
        leptos::logging::warn!("offline copies not erased: {e:?}");
    }
}

/// Erase everything kept offline (sign-out).
pub async fn erase() {
    if let Err(e) = store::erase_all().await {
        leptos::logging::warn!("offline data not erased: {e:?}");
    }
}

/// "5 min ago" / "3 h ago" / "2 d ago" of an instant in Unix ms.
pub fn age(ms: i64, locale: crate::i18n::Locale) -> String {
    let minutes = ((store::now_ms() - ms).max(0) / 60_000) as u64;
    let (n, en, zh) = match minutes {
        m if m < 60 => (m, "min ago", "分钟前"),
        m if m < 48 * 60 => (m / 60, "h ago", "小时前"),
        m => (m / 1440, "d ago", "天前"),
    };
    match locale {
        crate::i18n::Locale::En => format!("{n} {en}"),
        crate::i18n::Locale::ZhCn => format!("{n}{zh}"),
    }
}

/// The local time of an instant in Unix ms ("29/11/2026, 19:52").
pub fn local_time(ms: i64, locale: crate::i18n::Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    date.to_locale_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}
