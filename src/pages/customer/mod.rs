//! Customer 360 (`/customers/:id`): the whole record of one customer, scored in wasm.

use leptos::prelude::*;

#[component]
pub fn CustomerPage() -> impl IntoView {
    view! { <section class="customer-page"></section> }
}
