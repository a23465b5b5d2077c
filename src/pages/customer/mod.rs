//! Customer 360 (`/customers/:id`): the whole record of one customer, scored in wasm, and
//! the service-work forms an RM fills in during or after a meeting.
//!
//! The page loads the record (masked), the policy, the product shelf and the care markers
//! together in one resource; everything else is computed here from them. After a
//! successful write the resource is fetched again (the old page stays on screen while it
//! loads) and a short confirmation is announced.

mod care;
mod charts;
mod churn;
mod clv;
mod complaints;
mod drift;
mod form_model;
mod forms;
mod header;
mod notes;
mod portfolio;
mod recommendations;
mod satisfaction;
pub mod text;
mod timeline;
mod whatif;
mod whatif_model;

use crate::api::{self, customer as capi, ApiError};
use crate::components::{BoundaryErrors, Loading};
use crate::i18n::Locale;
use crate::state::{use_locale, use_policy};
use chrono::NaiveDate;
use clientbook_domain::api::CustomerDetail;
use clientbook_domain::service::CareMarker;
use clientbook_domain::{
    score_customer, CustomerId, CustomerScores, Product, ProductId, ScoringPolicy,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;
use text::T;

/// Everything the page shows, loaded and scored once per fetch.
pub struct Loaded {
    pub detail: CustomerDetail,
    pub policy: Arc<ScoringPolicy>,
    pub shelf: Vec<Product>,
    /// Care markers of this customer.
    pub markers: Vec<CareMarker>,
    /// The bank's business date.
    pub today: NaiveDate,
    pub scores: CustomerScores,
}

impl Loaded {
    pub fn id(&self) -> CustomerId {
        self.detail.customer.id
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

async fn load(
    id: CustomerId,
    policy: crate::state::PolicyContext,
) -> Result<Option<Arc<Loaded>>, ApiError> {
    let (detail, policy, products, care) = futures::join!(
        capi::customer(id),
        policy.load(),
        api::products(),
        capi::care_markers()
    );
    let Some(detail) = detail? else {
        return Ok(None);
    };
    let (policy, shelf, care) = (policy?, products?.products, care?);
    let today = care.as_of;
    let markers = care
        .markers
        .into_iter()
        .filter(|m| m.customer_id == id)
        .collect();
    let scores = score_customer(&detail.customer, &policy, &shelf, today);
    Ok(Some(Arc::new(Loaded {
        detail,
        policy,
        shelf,
        markers,
        today,
        scores,
    })))
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let policy = use_policy();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok())
                .map(CustomerId)
        })
    });
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => load(id, policy).await,
                None => Ok(None),
            }
        }
    });
    // A write changes the book too (last/next contact, complaints, surveys): refetch the
    // shared book as well, so the home screen's counts follow without a reload.
    let book = crate::state::book::use_book();
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

    view! {
        <section class="page customer-page" aria-labelledby="cv-title">
            <nav class="cv-back">
                <A href="/">{tr(T::BackToBook)}</A>
            </nav>
            <p class="cv-flash" role="status" aria-live="polite" data-testid="cv-flash">
                {move || flash.get().map(|t| tr(t)())}
            </p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! { <BoundaryErrors errors on_retry=reload /> }
                }>
                    {move || Suspend::new(async move {
                        data.await.map(|loaded| match loaded {
                            Some(loaded) => view! { <CustomerLoaded loaded /> }.into_any(),
                            None => view! { <NotFound /> }.into_any(),
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
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
        <nav class="cv-sections" aria-label=tr(T::Sections)>
            <a href="#cv-portfolio">{tr(T::Portfolio)}</a>
            <a href="#cv-risk">{tr(T::ChurnTitle)}</a>
            <a href="#cv-recs">{tr(T::Recommendations)}</a>
            <a href="#cv-whatif">{tr(T::WhatIfTitle)}</a>
            <a href="#cv-service">{tr(T::ServiceWork)}</a>
            <a href="#cv-complaints">{tr(T::ComplaintsTitle)}</a>
            <a href="#cv-timeline">{tr(T::TimelineTitle)}</a>
        </nav>
        <div class="cv-grid">
            <portfolio::PortfolioSection loaded=l() />
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
        </div>
    }
}
