//! The book context: the signed-in user's book (for a branch manager, the branch's),
//! the product shelf, the policy and the care markers, fetched once per session, and ONE
//! scoring of it
//! (`score_book`, in wasm) shared by every screen. The scoring is a `Memo` over the
//! fetched data and the policy signal: replacing the policy (`use_policy().replace(..)`)
//! rescores at once, without a reload; nothing else rescores. Every screen takes a
//! customer's scores and care from here (the customer page too, so the list, the home
//! panels and the customer page cannot disagree); none fetches a second shelf.
//!
//! Use from any page (the customer page may too):
//! ```ignore
//! let book = use_book();
//! view! {
//!     <Transition fallback=|| view! { <Loading /> }>
//!         <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=book.retry() /> }>
//!             {move || Suspend::new({ let ready = book.ready(); async move {
//!                 ready.await.map(|current| current.then(|| view! { <Loaded /> }))
//!             }})}
//!         </ErrorBoundary>
//!     </Transition>
//! }
//! // (`crate::components::book_gate::book_gate(render)` does all of this)
//! // then, inside: `book.index()` (tracked) -> Option<Arc<BookIndex>>, see
//! // `crate::book_index` for per-customer scores (`position(id)`, `scores(at)`, …).
//! ```

use crate::api::{self, ApiError};
use crate::book_index::BookIndex;
use crate::state::{use_policy, use_session, PolicyContext, SessionContext};
use crate::yield_now::yield_now;
use chrono::NaiveDate;
use clientbook_domain::api::BookResponse;
use clientbook_domain::scoring_input::ScoringInput;
use clientbook_domain::service::CareMarker;
use clientbook_domain::{Product, UserId};
use leptos::prelude::*;
use std::future::IntoFuture;
use std::sync::Arc;

mod warm_up;

/// What is fetched for a user: the book and the shelf (the policy lives in its own
/// context). Signed out, nothing is fetched and `user` is `None`.
#[derive(Clone, Debug)]
struct Fetched {
    user: Option<UserId>,
    book: Arc<BookResponse>,
    shelf: Arc<Vec<Product>>,
    markers: Arc<Vec<CareMarker>>,
    /// The scope is above the policy's `scale.browser_book_max_customers`: the book was
    /// not downloaded (it is empty here) and the figures come from the server.
    server_figures: bool,
    /// The book as first scored, in a task of its own after the download (the policy it
    /// was scored with is `BookIndex::policy`); the memo below takes it while that policy
    /// is in force rather than scoring again.
    first_scoring: Option<Arc<BookIndex>>,
    /// The book laid out for scoring, built once after the first scoring: a policy
    /// change rescores from it (`BookIndex::score_columns`).
    columns: Arc<ScoringInput>,
}

/// The scored book; equal only to itself, so the memo notifies on every rescoring.
#[derive(Clone, Debug)]
struct Scored(Arc<BookIndex>);

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Copy)]
pub struct BookContext {
    user: Memo<Option<UserId>>,
    fetched: LocalResource<Result<Fetched, ApiError>>,
    scored: Memo<Option<Scored>>,
    /// Bumped by `refetch` so the same user's book is fetched again.
    generation: RwSignal<u32>,
}

impl BookContext {
    /// Waits until the book, the shelf and the policy are loaded (tracked: a page's
    /// `Suspend` re-runs on a refetch). `Ok(false)` while what is loaded belongs to no
    /// one or to a previous user (just after a sign-in): show the loading state.
    ///
    /// The resource is taken as a future at the call, not at the first poll: a `Suspend`
    /// may first be polled after its view (and a page-local resource) was disposed.
    pub fn ready(self) -> impl std::future::Future<Output = Result<bool, ApiError>> {
        let fetched = self.fetched.into_future();
        let user = self.user;
        async move {
            let fetched = fetched.await?;
            Ok(fetched.user.is_some() && user.try_get().is_some_and(|u| u == fetched.user))
        }
    }

    /// Whether the scope is too big for the browser (tracked): the book is left on the
    /// server, and the screens show the server's figures (`GET /api/scope/figures`).
    pub fn server_figures(self) -> bool {
        self.fetched
            .with(|f| matches!(f, Some(Ok(f)) if f.server_figures))
    }

    /// The scored book (tracked); `None` until `ready` resolves.
    pub fn index(self) -> Option<Arc<BookIndex>> {
        self.scored.with(|s| s.as_ref().map(|s| Arc::clone(&s.0)))
    }

    /// The scored book, untracked.
    pub fn index_untracked(self) -> Option<Arc<BookIndex>> {
        self.scored
            .with_untracked(|s| s.as_ref().map(|s| Arc::clone(&s.0)))
    }

    /// Fetch the book again (after a change on the server, such as a reassignment).
    pub fn refetch(self) {
        self.generation.update(|g| *g += 1);
    }

    /// A "Try again" callback for error views.
    pub fn retry(self) -> Callback<()> {
        Callback::new(move |()| self.refetch())
    }
}

pub fn provide_book_context() -> BookContext {
    let session: SessionContext = use_session();
    let policy: PolicyContext = use_policy();
    let user = Memo::new(move |_| session.user().map(|me| me.id));
    let generation = RwSignal::new(0_u32);
    let fetched = LocalResource::new(move || {
        let who: Option<UserId> = user.get();
        generation.track();
        async move {
            let Some(who) = who else {
                // Signed out: nothing to fetch (pages are behind the sign-in guard). The
                // fetcher must finish: a pending run would hold back the next one.
                return Ok(Fetched {
                    user: None,
                    book: Arc::new(BookResponse {
                        as_of: NaiveDate::default(),
                        customers: Vec::new(),
                    }),
                    shelf: Arc::new(Vec::new()),
                    markers: Arc::new(Vec::new()),
                    server_figures: false,
                    first_scoring: None,
                    columns: Arc::default(),
                });
            };
            // While the scope and the book are on the network, compile the decoder and
            // the scorer on a tiny book (a big scope's page scores a customer too).
            warm_up::start();
            // A scope too big for the browser is never downloaded (docs/rules.md, Big
            // scopes): the policy and the shelf only, and an empty book.
            let size = api::figures::scope_size().await?;
            if size.server_figures {
                let (shelf, policy, clock) =
                    futures::join!(api::products(), policy.load(), api::clock());
                policy?;
                return Ok(Fetched {
                    user: Some(who),
                    // The bank's date: a customer opened from a big scope's list is
                    // scored on it (`pages::customer`).
                    book: Arc::new(BookResponse {
                        as_of: clock?.today,
                        customers: Vec::new(),
                    }),
                    shelf: Arc::new(shelf?.products),
                    markers: Arc::new(Vec::new()),
                    server_figures: true,
                    first_scoring: None,
                    columns: Arc::default(),
                });
            }
            let (book, shelf, care, policy) = futures::join!(
                api::book(),
                api::products(),
                api::customer::care_markers(),
                policy.load()
            );
            let policy = policy?;
            let (book, shelf, markers) = (
                Arc::new(book?),
                Arc::new(shelf?.products),
                Arc::new(care?.markers),
            );
            // Decoding (in `api::book`), scoring and drawing are each a task of their own,
            // so none blocks the page for long (ARCHITECTURE.md, "The first seconds of home").
            yield_now().await;
            let first = BookIndex::score_in_slices(Arc::clone(&book), Arc::clone(&shelf), policy)
                .await
                .with_care_markers(Arc::clone(&markers));
            yield_now().await;
            let columns = Arc::new(ScoringInput::new(&book.customers));
            yield_now().await;
            Ok(Fetched {
                user: Some(who),
                book,
                shelf,
                markers,
                server_figures: false,
                first_scoring: Some(Arc::new(first)),
                columns,
            })
        }
    });
    let scored = Memo::new(move |_| {
        let policy = policy.current()?;
        fetched.with(|f| match f {
            Some(Ok(f)) if f.user.is_some() => Some(Scored(match &f.first_scoring {
                Some(first) if Arc::ptr_eq(first.policy(), &policy) => Arc::clone(first),
                _ => Arc::new(
                    BookIndex::score_columns(
                        Arc::clone(&f.book),
                        &f.columns,
                        Arc::clone(&f.shelf),
                        policy,
                    )
                    .with_care_markers(Arc::clone(&f.markers)),
                ),
            })),
            _ => None,
        })
    });
    let ctx = BookContext {
        user,
        fetched,
        scored,
        generation,
    };
    provide_context(ctx);
    ctx
}

pub fn use_book() -> BookContext {
    expect_context::<BookContext>()
}
