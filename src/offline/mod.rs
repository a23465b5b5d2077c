//! Offline work on a tablet (docs/rules.md, Offline): customers prepared for offline use
//! kept encrypted in IndexedDB, the customer page rendered from that copy when the
//! network is down, changes made offline queued (encrypted too) and sent exactly once
//! when it returns, with conflicts and refusals shown to the advisor.
//!
//! `crypto` (WebCrypto), `idb` (IndexedDB), `store` (the encrypted records), `sync`
//! (sending the queue), and the views: `prepare` (the customer page's button), `panel`
//! (counts, conflicts, refused changes) and `customer` (the page from the local copy).

mod crypto;
mod customer;
mod idb;
mod panel;
mod prepare;
pub mod store;
pub mod sync;
pub mod text;

pub use customer::OfflineCustomer;
pub use panel::OfflinePanel;
pub use prepare::PrepareOffline;

use crate::api::{get, ApiError};
use clientbook_domain::offline::OfflineSecret;
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
}

impl OfflineCtx {
    pub fn changed(self) {
        self.revision.update(|r| *r += 1);
    }

    /// Send the queue now (when online).
    pub fn sync(self) {
        if self.syncing.get_untracked() || !self.online.get_untracked() {
            return;
        }
        self.syncing.set(true);
        spawn_local(async move {
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
    let ctx = OfflineCtx {
        online: RwSignal::new(navigator_online()),
        revision: RwSignal::new(0),
        syncing: RwSignal::new(false),
    };
    provide_context(ctx);
    let on = window_event_listener(leptos::ev::online, move |_| {
        ctx.online.set(true);
        ctx.sync();
    });
    let off = window_event_listener(leptos::ev::offline, move |_| ctx.online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    // Erase what is past its keeping time, then send anything left from last time.
    spawn_local(async move {
        let _ = store::erase_expired().await;
        ctx.changed();
        ctx.sync();
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
