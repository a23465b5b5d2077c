use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // Mount in a task of its own: instantiating the wasm and rendering the app are then two
    // shorter tasks instead of one long one (input typed into index.html's first screen
    // in between is kept). The first screen goes in the same task as the app arrives.
    let mount = Closure::once_into_js(|| {
        clientbook::boot::take_over();
        leptos::mount::mount_to_body(clientbook::app::App);
        clientbook::boot::restore_focus();
    });
    let scheduled = web_sys::window()
        .map(|w| w.set_timeout_with_callback(mount.unchecked_ref()).is_ok())
        .unwrap_or(false);
    if !scheduled {
        clientbook::boot::take_over();
        leptos::mount::mount_to_body(clientbook::app::App);
        clientbook::boot::restore_focus();
    }
}
