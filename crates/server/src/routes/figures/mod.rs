//! A big scope's figures, computed on the server (docs/rules.md, Big scopes): the size
//! of the caller's scope (`GET /api/scope`), and the home, satisfaction and branch
//! figures of it (`GET /api/scope/figures`) folded batch by batch with the scoring
//! crate's `ScopeFold`, the code the browser runs over a book it downloaded.
//!
//! Figures are cached in the database (`scope_figures`, one row per scope), never in
//! this process: fresh while the business date, the policy's hash and the scope's data
//! version (kept by triggers, see `storage/figures.rs`) are those they were computed
//! with, so every instance agrees on them and any write makes them stale. Stale ones
//! are answered at once, marked so, while one instance computes new ones under a lease
//! kept in the database ([`refresh`]).

pub mod refresh;

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::routes::book::BOOK_MONTHS;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::Storage;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use clientbook_domain::api::AuditAction;
use clientbook_domain::figures::{
    NamedCustomer, ScopeFigures, ScopeFiguresAnswer, ScopeFold, ScopeSize,
};
use clientbook_domain::masking::mask_name;
use clientbook_domain::{CustomerId, ScoringPolicy};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Customers per batch of a scope's fold: a few megabytes in hand at a time.
pub const FIGURES_BATCH: u32 = 2_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/scope", get(scope_size))
        .route("/scope/figures", get(scope_figures))
}

/// The caller's scope's size, and whether its figures come from the server.
#[utoipa::path(get, path = "/api/scope", tag = "customers",
    responses((status = 200, body = ScopeSize),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn scope_size(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<ScopeSize>> {
    let policy = load_policy(&state.storage).await?;
    let customers = state.storage.scope_size(Scope::of(&user.0)).await?;
    Ok(Json(ScopeSize {
        customers,
        browser_book_max_customers: policy.scale.browser_book_max_customers,
        server_figures: policy.scale.too_big_for_browser(customers),
    }))
}

/// The layout of the stored figures, kept with the policy's version in the cache: a
/// row stored by an older server (without the care counts, say) is computed again
/// rather than read with zeros where the new fields are.
pub(crate) const FIGURES_LAYOUT: &str = "care-counts";

/// The cache's key for figures computed with `policy_version` in this layout.
fn cached_under(policy_version: &str) -> String {
    format!("{policy_version}+{FIGURES_LAYOUT}")
}

/// The policy's version: the SHA-256 of its JSON document.
pub fn policy_version(policy: &ScoringPolicy) -> AppResult<String> {
    let doc = serde_json::to_string(policy).map_err(AppError::internal)?;
    Ok(hex::encode(Sha256::digest(doc.as_bytes())))
}

/// Fold `scope` twice, one batch at a time: the peer rates (from each customer's
/// holdings, all they read), then every customer scored.
/// Under a lease, it is renewed as the batches go by (and the fold stops if it was lost).
pub async fn compute_figures(
    storage: &Storage,
    scope: Scope,
    policy: &ScoringPolicy,
    as_of: NaiveDate,
    mut lease: Option<&mut refresh::Lease<'_>>,
) -> AppResult<ScopeFigures> {
    let shelf = storage.products().await?;
    let mut fold = ScopeFold::new(policy, &shelf, as_of)
        .keeping_care(policy.scale.server_care_listed as usize);
    for pass in 0..2 {
        let mut after: Option<CustomerId> = None;
        loop {
            if let Some(lease) = lease.as_deref_mut() {
                lease.keep().await?;
            }
            let batch = if pass == 0 {
                storage
                    .scope_peer_batch(scope, after, FIGURES_BATCH)
                    .await?
            } else {
                storage
                    .scope_batch(scope, after, FIGURES_BATCH, as_of, BOOK_MONTHS)
                    .await?
            };
            let Some(last) = batch.last() else { break };
            after = Some(last.id);
            for c in &batch {
                if pass == 0 {
                    fold.add_peer(c);
                } else {
                    fold.add(c);
                }
            }
        }
    }
    Ok(fold.finish())
}

/// The home, satisfaction and branch figures of the caller's scope from the shared
/// cache: fresh ones as they are; stale ones (computed before a write, for an earlier
/// business date or under an earlier policy) at once, marked `stale`, while one
/// instance computes new ones in the background; none at all computed now (or waited
/// for, when another request computes them). Audited as a read of the book, with its size.
#[utoipa::path(get, path = "/api/scope/figures", tag = "customers",
    responses((status = 200, description = "The scope's figures (ScopeFiguresAnswer: the book summary, the change since last month, the satisfaction distributions and every RM's book), the masked names of the customers listed, whether they came from the cache, and what they were computed from: `policy_version`, `data_version`, `as_of` (the business date), `computed_at` (Unix ms) and `stale` (true when computed from an older state of the scope while new ones are being computed; the app shows \"figures as of HH:MM, being updated\")"),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 503, description = "busy: the scope has no figures yet and another request is computing them; Retry-After says when to ask again", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn scope_figures(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<ScopeFiguresAnswer>> {
    let me = &user.0;
    let scope = Scope::of(me);
    let as_of = state.settings.today();
    let policy = load_policy(&state.storage).await?;
    let current = refresh::Current::of(&state.storage, scope, &policy, as_of).await?;
    let (stored, cached) = match refresh::stored_figures(&state.storage, scope).await? {
        Some(c) => (c, true),
        None => refresh::compute_or_wait(&state.storage, &state.settings, scope, &policy, as_of)
            .await
            .map(|(c, computed_here)| (c, !computed_here))?,
    };
    let stale = !current.is_fresh(&stored);
    if stale {
        refresh::start(
            state.storage.clone(),
            &state.settings,
            scope,
            policy.clone(),
            as_of,
        );
    }
    let figures =
        serde_json::from_str::<ScopeFigures>(&stored.figures).map_err(AppError::internal)?;
    let listed: BTreeSet<CustomerId> = figures
        .summary
        .retention
        .iter()
        .map(|r| r.customer)
        .chain(figures.summary.care_today.iter().map(|e| e.customer))
        .collect();
    let listed: Vec<CustomerId> = listed.into_iter().collect();
    let names = state
        .storage
        .customer_names(scope, &listed)
        .await?
        .into_iter()
        .map(|(id, name)| NamedCustomer {
            id,
            name: mask_name(&name, &policy.masking),
        })
        .collect();
    let mut entry = origin.entry(me, AuditAction::ReadBook);
    entry.detail = Some(format!(
        "figures count={} cached={cached} stale={stale}",
        figures.summary.customers
    ));
    state.storage.audit(&entry).await?;
    let policy_version = stored
        .policy_version
        .strip_suffix(&format!("+{FIGURES_LAYOUT}"))
        .unwrap_or(&stored.policy_version)
        .to_owned();
    Ok(Json(ScopeFiguresAnswer {
        figures,
        names,
        cached,
        policy_version,
        data_version: stored.data_version,
        stale,
        computed_at: stored.computed_at,
        as_of: stored.as_of.parse().ok(),
    }))
}
