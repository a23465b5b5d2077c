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
    /// The id of the first screen's field that had the focus, until the app's field of
    /// the same id has it: removing the first screen drops the focus, and a keystroke
    /// landing in between would go nowhere.
    static FOCUSED: RefCell<Option<String>> = const { RefCell::new(None) };
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
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|e| boot.contains(Some(e.as_ref())))
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    FOCUSED.with(|f| *f.borrow_mut() = focused);
    boot.remove();
}

/// Gives the focus back to the app's field that replaced the one the user was typing in,
/// caret at the end, once that field is on the page (the sign-in page calls this again
/// after it renders, for when it is drawn later than the mount).
pub fn restore_focus() {
    let Some(id) = FOCUSED.with(|f| f.borrow().clone()) else {
        return;
    };
    let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id))
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    FOCUSED.with(|f| f.borrow_mut().take());
    let _ = input.focus();
    let end = input.value().encode_utf16().count() as u32;
    // Password fields refuse selection ranges; the caret is at the end there anyway.
    let _ = input.set_selection_range(end, end);
}

/// What the user typed before the app took over. Kept until a sign-in succeeds
/// ([`forget_typed`]) rather than handed out once: the sign-in page may be drawn more than
/// once while the app starts (a redirect to /login), and each drawing must show it.
pub fn typed_sign_in() -> TypedSignIn {
    TYPED.with(|t| t.borrow().clone())
}

/// Drops what was typed into the first screen, so the password does not linger in
/// memory once it has served (and a sign-in page after signing out starts empty).
pub fn forget_typed() {
    TYPED.with(RefCell::take);
}
