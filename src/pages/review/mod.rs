//! The printable client review (`/customers/:id/review`, docs/rules.md, Client review):
//! portfolio and allocation, AUM history, holdings and maturities, the suitable products
//! with their reasons and risk levels, and the suitability statement. No internal score
//! (churn, CLV, value class, lifecycle, RFM) is drawn here. `style/print.css` lays it out
//! on A4 portrait; opening it records the export on the server (audited).

pub mod text;

use crate::api::customer as capi;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading};
use crate::pages::customer::portfolio::PortfolioSection;
use crate::pages::customer::recommendations::RecommendationList;
use crate::pages::customer::Loaded;
use crate::state::{use_book, use_locale};
use clientbook_domain::review::ReviewStamp;
use clientbook_domain::suitability::SuitabilityProfile;
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::future::IntoFuture;
use std::sync::Arc;
use text::T;

fn rt(t: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || t.text(locale.get())
}

/// GET /api/customers/{id}/review: records the print (audited), says who prepared it.
async fn stamp(id: CustomerId) -> Result<ReviewStamp, ApiError> {
    crate::api::household::review_stamp(id).await
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
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
                Some(id) => {
                    let detail = capi::customer(id).await?;
                    match detail {
                        Some(d) => Ok(Some((d, stamp(id).await?))),
                        None => Ok(None),
                    }
                }
                None => Ok(None),
            }
        }
    });
    let book = use_book();
    let retry = Callback::new(move |()| {
        data.refetch();
        book.refetch();
    });
    view! {
        <section class="page review-page" aria-labelledby="review-title" data-testid="client-review">
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {move || Suspend::new({ let data = data.into_future(); let ready = book.ready(); async move {
                        let current = ready.await?;
                        let fetched = data.await?;
                        Ok::<_, ApiError>(if !current {
                            view! { <Loading /> }.into_any()
                        } else {
                            match fetched.zip(book.index()) {
                                Some(((detail, stamp), index)) => {
                                    match Loaded::from_book(index, detail) {
                                        Some(loaded) => {
                                            view! { <Review loaded=Arc::new(loaded) stamp /> }.into_any()
                                        }
                                        None => view! { <crate::pages::NotFoundPage /> }.into_any(),
                                    }
                                }
                                None => view! { <crate::pages::NotFoundPage /> }.into_any(),
                            }
                        })
                    }})}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Review(loaded: Arc<Loaded>, stamp: ReviewStamp) -> impl IntoView {
    let locale = use_locale();
    let id = loaded.id();
    let name = loaded.detail.customer.name.clone();
    let recs = Signal::stored(loaded.scores.recommendations.to_vec());
    let shelf = Arc::clone(&loaded.shelf);
    let suitability = loaded.scores.suitability;
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <nav class="review-tools no-print">
            <A href=format!("/customers/{id}")>{rt(T::BackToCustomer)}</A>
            <button type="button" class="btn btn-primary" data-testid="print-review" on:click=print>
                {rt(T::PrintButton)}
            </button>
        </nav>
        <header class="review-head">
            <h1 id="review-title">{rt(T::Title)}</h1>
            <dl class="review-meta">
                <div><dt>{rt(T::CustomerLabel)}</dt><dd data-testid="review-name">{name}</dd></div>
                <div><dt>{rt(T::CustomerNumber)}</dt><dd>{id.0}</dd></div>
                <div>
                    <dt>{rt(T::PreparedBy)}</dt>
                    <dd>
                        {stamp.prepared_by.clone()} " · " {rt(T::PreparedOn)} " "
                        {move || crate::i18n::date(stamp.prepared_on, locale.get())}
                    </dd>
                </div>
            </dl>
        </header>
        <PortfolioSection loaded=Arc::clone(&loaded) />
        <section class="cv-card review-recs" aria-labelledby="review-recs-title">
            <h2 id="review-recs-title">{rt(T::RecommendationsTitle)}</h2>
            <RecommendationList recs shelf testid="review-recommendations" confirm=false />
        </section>
        <SuitabilityStatement suitability />
        <p class="review-disclaimer muted">{rt(T::Disclaimer)}</p>
    }
}

#[component]
fn SuitabilityStatement(suitability: SuitabilityProfile) -> impl IntoView {
    let level = suitability.level.map(|l| l.code());
    let valid = suitability.questionnaire.is_valid();
    view! {
        <section class="cv-card review-suitability" aria-labelledby="review-suit-title" data-testid="review-suitability">
            <h2 id="review-suit-title">{rt(T::SuitabilityTitle)}</h2>
            <p>
                {rt(T::AssessedLevel)} ": "
                <strong>{match level {
                    Some(l) => l.into_any(),
                    None => rt(T::NotAssessed).into_any(),
                }}</strong>
                {suitability.assessed_on.map(|d| view! { " · " {rt(T::QuestionnaireDate)} " " {d.to_string()} })}
            </p>
            <p>{if valid { rt(T::QuestionnaireValid) } else { rt(T::QuestionnaireNotValid) }}</p>
            <p>{rt(T::HighestRisk)} ": " <strong>{suitability.max_risk.code()}</strong></p>
            {suitability.protection.is_some().then(|| view! { <p>{rt(T::ProtectedNote)}</p> })}
        </section>
    }
}

/// The customer page's link to the printable review.
#[component]
pub fn ReviewLink(id: CustomerId) -> impl IntoView {
    view! {
        <A href=format!("/customers/{id}/review") attr:data-testid="print-review-link">
            {rt(T::PrintButton)}
        </A>
    }
}
