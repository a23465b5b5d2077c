fn main() {
    console_error_panic_hook::set_once();
    // index.html's first screen goes in the same task as the app arrives.
    clientbook::boot::take_over();
    leptos::mount::mount_to_body(clientbook::app::App);
}
