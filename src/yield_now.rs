//! Giving the main thread back to the browser between phases of long work (the first
//! seconds of home: decoding the book, scoring it, drawing panels), so each phase is a
//! task of its own rather than one long task that blocks input (Lighthouse's "total
//! blocking time"). Work awaited after `yield_now().await` runs in a later task: the
//! browser may handle input and paint in between.

/// Resolves in a later task: `scheduler.yield()` where the browser has it (the
/// continuation keeps its place ahead of other queued work), else a `setTimeout(0)`.
/// Outside a browser (native tests) it resolves at once.
pub async fn yield_now() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let global = js_sys::global();
        let scheduler = js_sys::Reflect::get(&global, &JsValue::from_str("scheduler"))
            .ok()
            .filter(|s| s.is_object());
        let yield_fn = scheduler.as_ref().and_then(|s| {
            js_sys::Reflect::get(s, &JsValue::from_str("yield"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        });
        let promise = match (scheduler, yield_fn) {
            (Some(scheduler), Some(yield_fn)) => yield_fn
                .call0(&scheduler)
                .ok()
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok()),
            _ => None,
        };
        let promise = promise.unwrap_or_else(|| {
            js_sys::Promise::new(&mut |resolve, _reject| {
                let scheduled = web_sys::window()
                    .map(|w| w.set_timeout_with_callback(&resolve).is_ok())
                    .unwrap_or(false);
                if !scheduled {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            })
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Sets `flag` in a later task: a part of a page drawn once it is set is drawn a task after
/// the rest (ARCHITECTURE.md, "The first seconds of home"). Nothing if the flag is gone
/// by then.
pub fn set_in_a_later_task(flag: leptos::prelude::RwSignal<bool>) {
    use leptos::prelude::*;
    leptos::task::spawn_local(async move {
        yield_now().await;
        flag.try_set(true);
    });
}

/// Resolves once the browser has had a frame to draw what is on the page now: the next
/// animation frame, then a task after it (so the style, layout and paint of what was
/// just added run on their own, not in the next piece of work's task). A hidden page
/// draws no frames: after 100 ms it resolves anyway.
pub async fn after_next_paint() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let after_frame = {
                let resolve = resolve.clone();
                Closure::once_into_js(move || {
                    if let Some(w) = web_sys::window() {
                        let _ = w.set_timeout_with_callback(&resolve);
                    }
                })
            };
            let _ = window.request_animation_frame(after_frame.unchecked_ref());
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, HIDDEN_PAGE_MS);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// How long [`after_next_paint`] waits for a frame that a hidden page never draws.
#[cfg(target_arch = "wasm32")]
const HIDDEN_PAGE_MS: i32 = 100;

/// Runs a future that only ever yields with [`yield_now`] to its end, natively (where
/// `yield_now` is ready at once, so one poll finishes it): the tests of the code that
/// yields between parts, which compare it with the same work done in one go.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub fn finish_natively<T>(f: impl std::future::Future<Output = T>) -> T {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the work waited for something natively"),
    }
}
