//! Shows the scored book once it is loaded: the visible loading state while the book is
//! fetched, a readable error (with "Try again") if it fails, then `render(index)`, run
//! again whenever the book is rescored (a policy change) or refetched.

use crate::book_index::BookIndex;
use crate::components::{BoundaryErrors, Loading};
use crate::state::use_book;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

pub fn book_gate<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<BookIndex>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let book = use_book();
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=move |errors| {
                view! { <BoundaryErrors errors on_retry=book.retry() /> }
            }>
                {move || {
                    let render = render.clone();
                    let ready = book.ready();
                    Suspend::new(async move {
                        ready
                            .await
                            .map(move |current| {
                                if current {
                                    Either::Left(move || book.index().map(render.clone()))
                                } else {
                                    Either::Right(view! { <Loading /> })
                                }
                            })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}
