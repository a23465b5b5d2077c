//! Customer 360 (`/customers/:id`): the whole record of one customer, scored in wasm, and
//! the service-work forms an RM fills in during or after a meeting.
//!
//! The page fetches only the customer's record (masked). Their scores, the care still to
//! do, the policy and the shelf come from the scored book in context
//! (`crate::state::book`), so the page says what the list and the home panels say about
//! the customer; a what-if rescores against the same book (peers included). After a
//! successful write the record and the book are fetched again (the old page stays on
//! screen while they load) and a short confirmation is announced.

mod care;
mod churn;
mod clv;
mod complaints;
mod drift;
mod form_model;
mod forms;
mod header;
mod household;
pub mod household_text;
pub mod merge;
mod merged_away;
mod notes;
pub mod portfolio;
pub mod recommendations;
mod satisfaction;
mod stale_fields;
pub mod text;
mod timeline;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod truth_demo_tests;
#[cfg(test)]
mod truth_tests;
mod whatif;
mod whatif_model;

use crate::api::customer::CustomerAnswer;
use crate::api::{customer as capi, ApiError};
use crate::book_index::BookIndex;
use crate::components::{BoundaryErrors, Loading};
use crate::i18n::Locale;
use crate::state::{use_book, use_locale};
use chrono::NaiveDate;
use clientbook_domain::api::{BookResponse, CustomerDetail};
use clientbook_domain::book::CareEntry;
use clientbook_domain::service::CareMarker;
use clientbook_domain::{
    BookCustomer, CustomerId, CustomerScores, Product, ProductId, ScoringPolicy,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::future::IntoFuture;
use std::sync::Arc;
use text::T;

/// Everything the page shows: the customer's own record, and their scores and care as
/// the scored book in context holds them (the same ones the list and the home panels
/// show; the page fetches no shelf, policy or care markers of its own).
pub struct Loaded {
    pub detail: CustomerDetail,
    /// The scored book the scores come from; a what-if rescores against it.
    pub book: Arc<BookIndex>,
    /// The customer's position in `book`.
    pub at: u32,
    pub policy: Arc<ScoringPolicy>,
    pub shelf: Arc<Vec<Product>>,
    /// Care markers of this customer.
    pub markers: Vec<CareMarker>,
    /// The bank's business date (the book's).
    pub today: NaiveDate,
    pub scores: CustomerScores,
}

impl Loaded {
    /// The page's data for `detail` from the scored book; `None` when the book does not
    /// hold the customer (then the page says it was not found, as the server would).
    pub fn from_book(book: Arc<BookIndex>, detail: CustomerDetail) -> Option<Loaded> {
        let id = detail.customer.id;
        let at = book.position(id)?;
        Some(Loaded {
            at,
            policy: Arc::clone(book.policy()),
            shelf: Arc::clone(book.shelf()),
            markers: book
                .care_markers()
                .iter()
                .filter(|m| m.customer_id == id)
                .cloned()
                .collect(),
            today: book.as_of(),
            scores: book.scores(at).clone(),
            detail,
            book,
        })
    }

    pub fn id(&self) -> CustomerId {
        self.detail.customer.id
    }

    /// The customer as the book holds it: what the scores were computed from and what a
    /// what-if changes.
    pub fn scored_customer(&self) -> &BookCustomer {
        self.book.customer(self.at)
    }

    /// The customer's care still to do (done or snoozed items hidden), as the home
    /// screen's "Today" lists it.
    pub fn open_care(&self) -> Vec<CareEntry> {
        self.book.open_care_of(self.at)
    }

    /// A product's name in the current language, else its code.
    pub fn product_name(&self, id: ProductId, locale: Locale) -> String {
        product_name(&self.shelf, id, locale)
    }
}

pub fn product_name(shelf: &[Product], id: ProductId, locale: Locale) -> String {
    shelf
        .iter()
        .find(|p| p.id == id)
        .map(|p| match locale {
            Locale::En => p.name_en.clone(),
            Locale::ZhCn => p.name_zh.clone(),
        })
        .unwrap_or_else(|| format!("#{id}"))
}

/// What the page's parts share: reload after a write, and the announcement of it.
#[derive(Clone, Copy)]
pub struct PageCtx {
    reload: Callback<()>,
    flash: RwSignal<Option<T>>,
    /// Said once the customer is fetched again, so the words and the page agree.
    pending: StoredValue<Option<T>>,
}

impl PageCtx {
    /// A write succeeded: fetch the customer again, then say so.
    pub fn saved(self, what: T) {
        self.flash.set(None);
        self.pending.set_value(Some(what));
        self.reload.run(());
    }

    /// The page shows a fresh load: announce the write that caused it, if any.
    fn loaded(self) {
        if let Some(t) = self.pending.get_value() {
            self.pending.set_value(None);
            self.flash.set(Some(t));
        }
    }

    pub fn reload(self) {
        self.reload.run(());
    }
}

pub fn use_page() -> PageCtx {
    expect_context::<PageCtx>()
}

/// The `T` in the current language, as a reactive closure for views.
pub fn tr(t: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || t.text(locale.get())
}

/// A customer of a scope too big for the browser (docs/rules.md, Big scopes): the book
/// was not downloaded, so the customer's own record is scored on its own, on the bank's
/// date, with the policy and shelf of the book. Peer-based recommendations then compare
/// the customer with themself only.
fn on_its_own(book: &Arc<BookIndex>, detail: &CustomerDetail) -> Arc<BookIndex> {
    Arc::new(BookIndex::score(
        Arc::new(BookResponse {
            as_of: book.as_of(),
            customers: vec![detail.customer.clone()],
        }),
        Arc::clone(book.shelf()),
        Arc::clone(book.policy()),
    ))
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok())
                .map(CustomerId)
        })
    });
    // Only the customer's own record: scores, shelf, policy and care markers are the
    // book's.
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => capi::customer_or_merged(id).await,
                None => Ok(CustomerAnswer::NotFound),
            }
        }
    });
    // A write changes the book too (last/next contact, complaints, surveys, care): fetch
    // both again, so this page and the home screen follow without a reload.
    let book = use_book();
    let reload = Callback::new(move |()| {
        data.refetch();
        book.refetch();
    });
    let flash = RwSignal::new(None::<T>);
    provide_context(PageCtx {
        reload,
        flash,
        pending: StoredValue::new(None),
    });
    provide_context(household::HouseholdFlash(RwSignal::new(None)));
    provide_context(household::StaleFlash(RwSignal::new(None)));

    // Without a network the page is drawn from the copy prepared for offline use.
    let offline = crate::offline::use_offline();
    Effect::new(move |_| {
        if let Some(Err(ApiError::Network)) = data.get() {
            offline.online.set(false);
        }
    });
    let online = move || offline.online.get();

    view! {
        <section class="page customer-page" aria-labelledby="cv-title">
            <nav class="cv-back">
                <A href="/">{tr(T::BackToBook)}</A>
            </nav>
            <p class="cv-flash" role="status" aria-live="polite" data-testid="cv-flash">
                {move || flash.get().map(|t| tr(t)())}
            </p>
            {move || (!online()).then(|| id.get().map(|id| view! { <crate::offline::OfflineCustomer id /> }))}
            <Show when=online>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! { <BoundaryErrors errors on_retry=reload /> }
                }>
                    {move || Suspend::new({ let data = data.into_future(); let ready = book.ready(); async move {
                        let current = ready.await?;
                        let answer = data.await?;
                        Ok::<_, ApiError>(if !current {
                            view! { <Loading /> }.into_any()
                        } else {
                            match answer {
                            CustomerAnswer::Merged(into) => view! { <merged_away::MergedAway into /> }.into_any(),
                            CustomerAnswer::NotFound => view! { <NotFound /> }.into_any(),
                            CustomerAnswer::Found(detail) => {
                            let detail: Arc<CustomerDetail> = Arc::from(detail);
                            (move || {
                                let loaded = book.index().and_then(|index| {
                                    let index = if book.server_figures() {
                                        on_its_own(&index, &detail)
                                    } else {
                                        index
                                    };
                                    Loaded::from_book(index, CustomerDetail::clone(&detail))
                                });
                                match loaded {
                                    Some(loaded) => {
                                        let loaded = Arc::new(loaded);
                                        view! { <CustomerLoaded loaded /> }.into_any()
                                    }
                                    None => view! { <NotFound /> }.into_any(),
                                }
                            })
                                .into_any()
                            }
                            }
                        })
                    }})}
                </ErrorBoundary>
            </Transition>
            </Show>
        </section>
    }
}

/// The names of the products the customer holds, for the offline copy (which has no
/// shelf).
fn offline_products(loaded: &Loaded) -> Vec<(ProductId, String, String)> {
    loaded
        .detail
        .customer
        .holdings
        .iter()
        .map(|h| {
            (
                h.product_id,
                product_name(&loaded.shelf, h.product_id, Locale::En),
                product_name(&loaded.shelf, h.product_id, Locale::ZhCn),
            )
        })
        .collect()
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <div class="cv-not-found" data-testid="customer-not-found">
            <h1 id="cv-title">{tr(T::NotFoundTitle)}</h1>
            <p>{tr(T::NotFoundBody)}</p>
        </div>
    }
}

/// The loaded record: the header, the scores, the what-if and the service work.
#[component]
fn CustomerLoaded(loaded: Arc<Loaded>) -> impl IntoView {
    use_page().loaded();
    let l = || Arc::clone(&loaded);
    view! {
        <header::CustomerHeader loaded=l() />
        <crate::pages::meeting::StartMeeting customer=loaded.id() />
        <crate::offline::PrepareOffline
            detail=Arc::new(loaded.detail.clone())
            products=offline_products(&loaded)
            keep_days=loaded.policy.offline.keep_days
        />
        <nav class="cv-sections" aria-label=tr(T::Sections)>
            <a href="#cv-portfolio">{tr(T::Portfolio)}</a>
            <a href="#cv-risk">{tr(T::ChurnTitle)}</a>
            <a href="#cv-recs">{tr(T::Recommendations)}</a>
            <a href="#cv-whatif">{tr(T::WhatIfTitle)}</a>
            <a href="#cv-service">{tr(T::ServiceWork)}</a>
            <a href="#cv-complaints">{tr(T::ComplaintsTitle)}</a>
            <a href="#cv-timeline">{tr(T::TimelineTitle)}</a>
            <crate::pages::review::ReviewLink id=loaded.id() />
        </nav>
        <div class="cv-grid">
            <portfolio::PortfolioSection loaded=l() />
            <household::HouseholdSection loaded=l() />
            <stale_fields::StaleFieldsSection loaded=l() />
            <div class="cv-pair" id="cv-risk">
                <churn::ChurnSection loaded=l() />
                <clv::ClvSection loaded=l() />
            </div>
            <recommendations::RecommendationsSection loaded=l() />
            <drift::DriftSection loaded=l() />
            <whatif::WhatIfSection loaded=l() />
            <section class="cv-card cv-service" id="cv-service" aria-labelledby="cv-service-title">
                <h2 id="cv-service-title">{tr(T::ServiceWork)}</h2>
                <care::CareSection loaded=l() />
                <forms::contact::ContactForm loaded=l() />
                <forms::next_contact::NextContactForm loaded=l() />
                <forms::complaint::ComplaintForm loaded=l() />
                <forms::survey::SurveyForm loaded=l() />
            </section>
            <complaints::ComplaintsSection loaded=l() />
            <notes::NotesSection loaded=l() />
            <satisfaction::SatisfactionSection loaded=l() />
            <timeline::TimelineSection loaded=l() />
            <merge::MergeSection id=loaded.id() />
        </div>
    }
}
