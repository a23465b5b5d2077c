//! The installable app in the browser: registers the service worker (`pwa/sw.js`, which
//! keeps this build's files so the app starts with no network), says when a new version
//! is ready, and says when the network is gone.
//!
//! "A new version is ready" has two causes, one banner: a newer worker has installed and
//! waits (a deployment since this page loaded), or an API answer named another release
//! than this build's ([`clientbook_domain::release`]): a page of one build must not go
//! on talking to the API of another. Reload hands over to the waiting worker first, so
//! the page that loads is the new build's, not this one again from the cache.

use clientbook_domain::release;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::sync::LazyLock;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

crate::i18n::message_table! {
    NewVersion => "A new version is ready — reload", "新版本已就绪——请重新加载";
    Reload => "Reload", "重新加载";
    Offline => "Offline: working from this device. Nothing new can be loaded or saved until the connection returns.", "离线：正在使用本设备上的应用。连接恢复前无法加载或保存新内容。";
}

/// The script's URL; at the root, so its scope is the whole app.
const WORKER: &str = "/sw.js";

/// Set by the API layer when an answer named another release (never cleared: only a
/// reload of the new build puts this page and the server back in step).
static OTHER_RELEASE: LazyLock<ArcRwSignal<bool>> = LazyLock::new(|| ArcRwSignal::new(false));

thread_local! {
    /// The user asked to reload: the next worker to take control reloads the page.
    static RELOAD_ASKED: Cell<bool> = const { Cell::new(false) };
    /// The worker's registration, once the browser has made it.
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
}

/// Called with the release header of every API answer ([`crate::api`]).
pub fn note_server_release(announced: Option<&str>) {
    if release::is_other_release(announced) && !OTHER_RELEASE.get_untracked() {
        OTHER_RELEASE.set(true);
    }
}

/// Whether a newer worker is installed and waiting, and whether the network is there.
#[derive(Clone, Copy, Debug)]
struct PwaState {
    update_waiting: RwSignal<bool>,
    online: RwSignal<bool>,
}

/// The banner for the app's frame: offline, and a new version ready. Registers the
/// worker once, when mounted.
#[component]
pub fn PwaStatus() -> impl IntoView {
    let locale = crate::state::use_locale();
    let tr = move |t: T| t.text(locale.get());
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let state = PwaState {
        update_waiting: RwSignal::new(false),
        online: RwSignal::new(online),
    };
    let _ = window_event_listener(leptos::ev::online, move |_| state.online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| state.online.set(false));
    register(state);
    let other_release = OTHER_RELEASE.clone();
    let update_ready = move || state.update_waiting.get() || other_release.get();
    view! {
        <div class="pwa-status" role="status" aria-live="polite" data-release=release::RELEASE>
            <Show when=move || !state.online.get()>
                <p class="pwa-offline" data-testid="offline-indicator">
                    <span class="pwa-dot" aria-hidden="true"></span>
                    {move || tr(T::Offline)}
                </p>
            </Show>
            <Show when=update_ready>
                <div class="pwa-update" data-testid="update-banner">
                    <span>{move || tr(T::NewVersion)}</span>
                    <button type="button" class="btn btn-primary" on:click=move |_| reload()>
                        {move || tr(T::Reload)}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// Registers the worker where the browser has them (a secure context: https, or
/// http://127.0.0.1 and localhost) and watches for a newer one.
fn register(state: PwaState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has_workers = window.is_secure_context()
        && js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !has_workers {
        return;
    }
    let container = navigator.service_worker();
    let on_control = Closure::<dyn FnMut()>::new(move || {
        if RELOAD_ASKED.get() {
            reload_page();
        }
    });
    container.set_oncontrollerchange(Some(on_control.as_ref().unchecked_ref()));
    on_control.forget();
    let registered = Closure::<dyn FnMut(JsValue)>::new(move |reg: JsValue| {
        // Something in between (an extension, a test harness blocking workers) may answer
        // the registration with nothing: then there is no worker to watch.
        if !reg.is_object() {
            return;
        }
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        watch(state, &reg);
        REGISTRATION.set(Some(reg));
    });
    // A refusal (a private window, a policy) leaves the app as it was: online only.
    let refused = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
    let _ = container.register(WORKER).then2(&registered, &refused);
    registered.forget();
    refused.forget();
}

/// Whether this page is controlled by a worker (a newer one then waits; the first one
/// takes the page at once and is no update).
fn controlled() -> bool {
    web_sys::window()
        .map(|w| w.navigator().service_worker().controller().is_some())
        .unwrap_or(false)
}

fn watch(state: PwaState, reg: &ServiceWorkerRegistration) {
    // A page whose load began while the first worker was activating is left out of that
    // worker's `clients.claim()` (it was not yet a running page), so it would stay
    // uncontrolled until the next load; the active worker is asked to take it now.
    if !controlled() {
        if let Some(active) = reg.active() {
            post(&active, "claim");
        }
    }
    if reg.waiting().is_some() && controlled() {
        state.update_waiting.set(true);
    }
    if let Some(installing) = reg.installing() {
        watch_installing(state, installing);
    }
    let found_in = reg.clone();
    let on_found = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = found_in.installing() {
            watch_installing(state, installing);
        }
    });
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}

fn watch_installing(state: PwaState, worker: ServiceWorker) {
    let watched = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed && controlled() {
            state.update_waiting.set(true);
            if RELOAD_ASKED.get() {
                take_over(&watched);
            }
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Asks a waiting worker to take over; its taking control reloads the page.
fn take_over(worker: &ServiceWorker) {
    post(worker, "skip-waiting");
}

/// Sends `{ type }` to a worker (`pwa/sw.js` reads it).
fn post(worker: &ServiceWorker, kind: &str) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    let _ = worker.post_message(&message);
}

fn reload_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// The banner's button: to the waiting worker if there is one; else look for one first
/// (the server may be newer than the worker has seen), and reload when there is none.
fn reload() {
    RELOAD_ASKED.set(true);
    let Some(reg) = REGISTRATION.with_borrow(Clone::clone) else {
        reload_page();
        return;
    };
    if let Some(waiting) = reg.waiting() {
        take_over(&waiting);
        return;
    }
    if reg.installing().is_some() {
        return; // watch_installing hands over once it is installed
    }
    let Ok(checked) = reg.update() else {
        reload_page();
        return;
    };
    let after = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        if let Some(waiting) = reg.waiting() {
            take_over(&waiting);
        } else if reg.installing().is_none() {
            reload_page();
        }
    });
    let failed = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| reload_page());
    let _ = checked.then2(&after, &failed);
    after.forget();
    failed.forget();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_message_is_in_both_languages_and_says_something_of_its_own() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_answer_from_this_release_raises_no_banner_and_one_from_another_does() {
        note_server_release(Some(release::RELEASE));
        note_server_release(None);
        assert!(!OTHER_RELEASE.get_untracked());
        note_server_release(Some("another-build"));
        assert!(OTHER_RELEASE.get_untracked());
    }
}
