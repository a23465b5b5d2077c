//! Taking over from the first screen. index.html draws the app's frame and the sign-in
//! form from HTML and CSS alone (`#boot`), so the page is usable before the wasm has
//! arrived; the mount code replaces that frame and keeps what the user already typed for
//! the sign-in page to pick up.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// What was typed into the first screen's sign-in form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypedSignIn {
    pub username: String,
    pub password: String,
}

thread_local! {
    static TYPED: RefCell<TypedSignIn> = RefCell::default();
}

/// Removes the first screen, keeping what was typed in it. Called just before mounting,
/// in the same task, so no frame is painted with neither or both.
pub fn take_over() {
    let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    else {
        return;
    };
    let value = |id: &str| {
        boot.query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let typed = TypedSignIn {
        username: value("username"),
        password: value("password"),
    };
    TYPED.with(|t| *t.borrow_mut() = typed);
    boot.remove();
}

/// What the user typed before the app took over, once: later calls (a sign-in page
/// after signing out) get empty fields, and the password does not linger in memory.
pub fn typed_sign_in() -> TypedSignIn {
    TYPED.with(RefCell::take)
}
