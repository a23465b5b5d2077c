//! An amount of money, "¥1,234,567.89", right-aligned in tabular figures by CSS.

use clientbook_domain::Money;
use leptos::prelude::*;

#[component]
pub fn MoneyAmount(
    /// The amount, in fen.
    #[prop(into)]
    amount: Signal<Money>,
) -> impl IntoView {
    view! {
        <span class="money" class:negative=move || amount.get().is_negative()>
            {move || amount.get().to_string()}
        </span>
    }
}
