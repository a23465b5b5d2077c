//! The relationship manager's book ("/"): every customer with tier, AUM, last contact
//! and risk level; searchable and sortable, virtualised for books of 100,000.

use crate::api::{self, ApiError};
use crate::book_index::{BookIndex, SortOrder};
use crate::components::{BookTable, BoundaryErrors, Loading, SearchBox};
use crate::i18n::{customer_count, showing_of, Msg};
use crate::state::{use_locale, use_policy, use_session};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn BookPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let policy = use_policy();

    // The book and the policy together: tiers are computed here, in wasm, once per load.
    let book = LocalResource::new(move || async move {
        let (book, policy) = futures::join!(api::book(), policy.load());
        let (book, policy) = (book?, policy?);
        Ok::<_, ApiError>(Arc::new(BookIndex::new(Arc::new(book), &policy.tiers)))
    });
    let retry = Callback::new(move |()| book.refetch());

    view! {
        <section class="page book-page" aria-labelledby="book-title">
            <header class="page-header">
                <div>
                    <h1 id="book-title">{locale.t(Msg::MyBook)}</h1>
                    <p class="rm-name">{move || session.user().map(|me| me.display_name)}</p>
                </div>
            </header>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! { <BoundaryErrors errors on_retry=retry /> }
                }>
                    {move || Suspend::new(async move {
                        book.await.map(|index| view! { <BookLoaded index /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The loaded book: its count, the search and the table.
#[component]
fn BookLoaded(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let total = index.len();
    let as_of = index.book().as_of;

    let summary = view! {
        <div class="book-summary">
            <p class="customer-count" data-testid="customer-count" data-count=total>
                {move || customer_count(total, locale.get())}
            </p>
            <p class="as-of muted">
                {locale.t(Msg::DataAsOf)} " " <time datetime=as_of.to_string()>{as_of.to_string()}</time>
            </p>
        </div>
    };

    if index.is_empty() {
        return view! {
            {summary}
            <p class="empty-state">{locale.t(Msg::EmptyBook)}</p>
        }
        .into_any();
    }

    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::default());
    let sorted = {
        let index = Arc::clone(&index);
        Memo::new(move |_| Arc::new(index.sorted(sort.get())))
    };
    let shown = {
        let index = Arc::clone(&index);
        Memo::new(move |_| Arc::new(sorted.with(|s| query.with(|q| index.filter(s, q)))))
    };
    let shown_count = move || shown.with(|s| s.len());

    view! {
        {summary}
        <div class="book-tools">
            <SearchBox
                query
                id="book-search"
                label=Msg::Search
                placeholder=Msg::SearchPlaceholder
            />
            <p class="showing muted" aria-live="polite">
                {move || {
                    (!query.with(|q| q.trim().is_empty()))
                        .then(|| showing_of(shown_count(), total, locale.get()))
                }}
            </p>
        </div>
        <Show
            when=move || { shown_count() > 0 }
            fallback=|| {
                let locale = use_locale();
                view! { <p class="empty-state">{locale.t(Msg::NoMatch)}</p> }
            }
        >
            <BookTable index=Arc::clone(&index) rows=shown sort />
        </Show>
    }
    .into_any()
}
