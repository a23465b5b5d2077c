//! A customer's name as a link to their page, `/customers/{id}`.

use crate::book_index::BookIndex;
use crate::components::TierBadge;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

#[component]
pub fn CustomerLink(
    /// The scored book.
    index: Arc<BookIndex>,
    /// The customer's position in the book.
    at: u32,
    /// Show the tier badge after the name.
    #[prop(optional)]
    with_tier: bool,
) -> impl IntoView {
    let c = index.customer(at);
    let (id, name) = (c.id.0, c.name.clone());
    let tier = index.tier(at);
    view! {
        <span class="customer-link" data-customer-ref=id>
            <A href=format!("/customers/{id}")>{name}</A>
            {with_tier.then(|| view! { <TierBadge tier /> })}
        </span>
    }
}
