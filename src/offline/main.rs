//! What the app shows when it opened signed in with no network (the session from the
//! local copy, src/state/session.rs): a prepared customer's page at its URL
//! (`/customers/ID`), and on every other screen "not available offline" with the list
//! of the customers that are. No other screen pretends to work.

use super::customer::OfflineCustomer;
use super::prepare::ReadyList;
use super::text::T;
use crate::state::use_locale;
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The customer of a `/customers/ID` path (not its sub-pages).
fn customer_of(path: &str) -> Option<CustomerId> {
    let id = path.strip_prefix("/customers/")?.trim_end_matches('/');
    id.parse().ok().map(CustomerId)
}

#[component]
pub fn OfflineMain() -> impl IntoView {
    let location = use_location();
    let customer = Memo::new(move |_| customer_of(&location.pathname.get()));
    move || match customer.get() {
        Some(id) => view! {
            <section class="page customer-page" aria-labelledby="cv-title">
                <OfflineCustomer id />
            </section>
        }
        .into_any(),
        None => view! { <NotAvailableOffline /> }.into_any(),
    }
}

#[component]
fn NotAvailableOffline() -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    view! {
        <section class="page offline-unavailable" data-testid="offline-unavailable" aria-labelledby="offline-unavailable-title">
            <h1 id="offline-unavailable-title">{move || t(T::NotAvailableTitle)}</h1>
            <p>{move || t(T::NotAvailableBody)}</p>
            <ReadyList open=true />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn only_a_customers_own_page_is_drawn_from_the_local_copy() {
        assert_eq!(customer_of("/customers/12"), Some(CustomerId(12)));
        assert_eq!(customer_of("/customers/12/"), Some(CustomerId(12)));
        assert_eq!(customer_of("/customers/12/review"), None);
        assert_eq!(customer_of("/customers"), None);
        assert_eq!(customer_of("/"), None);
    }
}
