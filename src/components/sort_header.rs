//! A column header that sorts the table by its column; announces the sort with `aria-sort`.

use crate::book_index::{Direction, SortKey, SortOrder};
use crate::i18n::Msg;
use crate::state::use_locale;
use leptos::prelude::*;

#[component]
pub fn SortHeader(
    /// The column this header sorts by.
    key: SortKey,
    /// The column's name.
    label: Msg,
    /// The table's order.
    #[prop(into)]
    sort: Signal<SortOrder>,
    /// Called with this header's key when picked; the owner decides the new order.
    on_sort: Callback<SortKey>,
    /// Extra CSS class of the cell (alignment).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let state = move || {
        let o = sort.get();
        (o.key == key).then_some(o.direction)
    };
    view! {
        <div
            role="columnheader"
            class=format!("cell {class}")
            aria-sort=move || match state() {
                Some(Direction::Ascending) => "ascending",
                Some(Direction::Descending) => "descending",
                None => "none",
            }
        >
            <button
                type="button"
                class="sort-button"
                on:click=move |_| on_sort.run(key)
            >
                <span>{locale.t(label)}</span>
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        Some(Direction::Ascending) => "▲",
                        Some(Direction::Descending) => "▼",
                        None => "",
                    }}
                </span>
            </button>
        </div>
    }
}
