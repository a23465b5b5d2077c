//! The customers list (`/customers`): the whole book as a virtualised table, searched,
//! filtered and sorted, with the view kept in the URL query (see
//! `crate::state::customer_view`) so that it can be bookmarked and Back works. A row
//! opens `/customers/{id}`. `BookIndex::view(&view)` gives the rows of the current view
//! (what a later "Export current view" will export). A scope too big for the browser
//! (`use_book().server_figures()`) is paged by the server instead (`server_list`).

mod search;
mod server_list;

use crate::book_index::{BookIndex, SortKey};
use crate::components::book_gate::book_gate;
use crate::components::filter_bar::ViewChange;
use crate::components::{BookTable, FilterBar};
use crate::i18n::{customer_count, showing_of, Msg};
use crate::state::book_view::CustomerFilter;
use crate::state::customer_view::CustomerView;
use crate::state::{use_book, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use search::{Search, SearchColumn};
use std::sync::Arc;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let locale = use_locale();
    // A customer is the next page from here: its part is fetched a second after the list
    // is shown (a tablet's tap gives no warning; src/app.rs). A timer, not an idle
    // callback: with the pointer resting on a link, Chromium ran no idle callback at all.
    set_timeout(crate::app::preload_customer_page, PRELOAD_CUSTOMER_AFTER);
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

/// How long after the list is shown the customer page's part is fetched.
const PRELOAD_CUSTOMER_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// How long typing must pause before the search reaches the URL.
const SEARCH_TO_URL_AFTER: std::time::Duration = std::time::Duration::from_millis(400);

/// The view shown, and a way to change it. The view lives in the URL (bookmarks, Back),
/// but the page shows the view asked for at once: a keystroke in the search narrows the
/// list in the same task, and the URL follows once typing pauses (one history entry is
/// replaced rather than one navigation per key, which cost more than the search).
/// A filter or a sort reaches the URL at once, with any search still waiting.
fn use_customer_view() -> (Signal<CustomerView>, Callback<ViewChange>) {
    let query = use_query_map();
    let in_url = Memo::new(move |_| query.with(|q| CustomerView::from_query(|k| q.get(k))));
    let live = RwSignal::new(in_url.get_untracked());
    // Views this page sent to the URL and has not seen come back yet: their echo is not
    // a change. Anything else in the URL (Back, Forward, a link) is what to show.
    let sent = StoredValue::new(Vec::<CustomerView>::new());
    Effect::new(move |_| {
        let url = in_url.get();
        let echo = sent
            .try_update_value(|sent| match sent.iter().position(|v| *v == url) {
                Some(at) => {
                    sent.drain(..=at);
                    true
                }
                None => {
                    sent.clear();
                    false
                }
            })
            .unwrap_or(false);
        if !echo && live.with_untracked(|v| *v != url) {
            live.set(url);
        }
    });
    let navigate = use_navigate();
    let navigate = StoredValue::new_local(navigate);
    let to_url = move |view: CustomerView, replace: bool| {
        let url = format!("/customers{}", view.to_query());
        if in_url.with_untracked(|v| *v == view) {
            return;
        }
        sent.update_value(|sent| sent.push(view));
        navigate.with_value(|go| {
            go(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    };
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    let stop_waiting = move || {
        if let Some(Some(handle)) = waiting.try_update_value(Option::take) {
            handle.clear();
        }
    };
    on_cleanup(stop_waiting);
    let on_change = Callback::new(move |change: ViewChange| {
        stop_waiting();
        live.set(change.view.clone());
        if change.replace {
            // Typing: the URL once the typing pauses (never after the page is left:
            // the wait is cleared on cleanup, and a disposed page has no `live`).
            let handle = set_timeout_with_handle(
                move || {
                    _ = waiting.try_set_value(None);
                    if let Some(view) = live.try_get_untracked() {
                        to_url(view, true);
                    }
                },
                SEARCH_TO_URL_AFTER,
            );
            if let Ok(handle) = handle {
                waiting.set_value(Some(handle));
            }
        } else {
            to_url(change.view, false);
        }
    });
    (live.into(), on_change)
}

#[component]
fn CustomersLoaded(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let total = index.len();
    let (view, on_change) = use_customer_view();

    let sort = Memo::new(move |_| view.with(|v| v.sort));
    let filter = Memo::new(move |_| view.with(|v| v.filter.clone()));
    // A keystroke changes the search only: the filters' rows are kept from the last
    // filter or sort, and the search runs over them and the book's search column.
    let filters = Memo::new(move |_| {
        view.with(|v| CustomerFilter {
            query: String::new(),
            ..v.filter.clone()
        })
    });
    let search = Memo::new(move |_| view.with(|v| Search::parse(&v.filter.query)));
    let sorted = {
        let index = Arc::clone(&index);
        Memo::new(move |_| Arc::new(index.sorted(sort.get())))
    };
    let filtered = {
        let index = Arc::clone(&index);
        Memo::new(move |_| {
            let rows = sorted.get();
            filters.with(|f| {
                if f.any_set() {
                    Arc::new(index.filtered(&rows, f))
                } else {
                    rows
                }
            })
        })
    };
    let column = SearchColumn::of(&index);
    let shown = {
        let index = Arc::clone(&index);
        Memo::new(move |_| {
            let rows = filtered.get();
            search.with(|s| {
                if s.is_empty() {
                    rows
                } else {
                    Arc::new(column.filter(&index, &rows, s))
                }
            })
        })
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
