//! The customers list (`/customers`): the whole book as a virtualised table, searched,
//! filtered and sorted, with the view kept in the URL query (see
//! `crate::state::customer_view`) so that it can be bookmarked and Back works. A row
//! opens `/customers/{id}`. `BookIndex::view(&view)` gives the rows of the current view
//! (what a later "Export current view" will export). A scope too big for the browser
//! (`use_book().server_figures()`) is paged by the server instead (`server_list`).

mod server_list;

use crate::book_index::{BookIndex, SortKey};
use crate::components::book_gate::book_gate;
use crate::components::filter_bar::ViewChange;
use crate::components::{BookTable, FilterBar};
use crate::i18n::{customer_count, showing_of, Msg};
use crate::state::customer_view::CustomerView;
use crate::state::{use_book, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page book-page customers-page" aria-labelledby="customers-title">
            <header class="page-header">
                <h1 id="customers-title">{locale.t(Msg::NavCustomers)}</h1>
            </header>
            {book_gate(|index| {
                if use_book().server_figures() {
                    view! { <server_list::ServerCustomers /> }.into_any()
                } else {
                    view! { <CustomersLoaded index /> }.into_any()
                }
            })}
        </section>
    }
}

/// The view in the URL, and a way to change it.
fn use_customer_view() -> (Memo<CustomerView>, Callback<ViewChange>) {
    let query = use_query_map();
    let view = Memo::new(move |_| query.with(|q| CustomerView::from_query(|k| q.get(k))));
    let navigate = use_navigate();
    let navigate = StoredValue::new_local(navigate);
    let on_change = Callback::new(move |change: ViewChange| {
        let url = format!("/customers{}", change.view.to_query());
        navigate.with_value(|go| {
            go(
                &url,
                NavigateOptions {
                    replace: change.replace,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    });
    (view, on_change)
}

#[component]
fn CustomersLoaded(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let total = index.len();
    let (view, on_change) = use_customer_view();

    let sort = Memo::new(move |_| view.with(|v| v.sort));
    let filter = Memo::new(move |_| view.with(|v| v.filter.clone()));
    let sorted = {
        let index = Arc::clone(&index);
        Memo::new(move |_| Arc::new(index.sorted(sort.get())))
    };
    let shown = {
        let index = Arc::clone(&index);
        Memo::new(move |_| Arc::new(sorted.with(|s| filter.with(|f| index.filtered(s, f)))))
    };
    let shown_count = move || shown.with(|s| s.len());
    let on_sort = Callback::new(move |key: SortKey| {
        let mut v = view.get_untracked();
        v.sort = v.sort.toggled(key);
        on_change.run(ViewChange {
            view: v,
            replace: false,
        });
    });
    let narrowed = move || filter.with(|f| f.any_set() || !f.query.trim().is_empty());

    view! {
        <div class="book-summary">
            <p class="customer-count" data-testid="customers-total" data-count=total>
                {move || customer_count(total, locale.get())}
            </p>
            <p
                class="showing muted"
                aria-live="polite"
                data-testid="customers-shown"
                data-count=shown_count
            >
                {move || narrowed().then(|| showing_of(shown_count(), total, locale.get()))}
            </p>
        </div>
        <FilterBar view on_change />
        <crate::components::CustomerExportMenu view tiers=index.policy().tiers.clone() />
        <Show
            when=move || { shown_count() > 0 }
            fallback=move || {
                let msg = if total == 0 { Msg::EmptyBook } else { Msg::NoMatch };
                view! { <p class="empty-state">{locale.t(msg)}</p> }
            }
        >
            <BookTable index=Arc::clone(&index) rows=shown sort on_sort />
        </Show>
    }
}
