//! Measuring the rules (docs/rules.md, Measuring the rules): what the app showed is
//! recorded (`POST /api/recommendations/shown`, deduplicated per customer, product and
//! day), and `GET /api/rule-measures` says what became of it.

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::validate::Problems;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Months, NaiveDate};
use clientbook_domain::api::{AuditAction, ErrorBody, Role};
use clientbook_domain::lifecycle::{self, Lifecycle};
use clientbook_domain::measures::{
    measure_recommendations, measure_retention, ListingOutcome, RuleMeasures, ShownBatch,
    ShownRecorded, SHOWN_BATCH_MAX,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The window after a listing in which leaving counts, unless asked otherwise.
const MONTHS_DEFAULT: u32 = 3;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recommendations/shown", post(record_shown))
        .route("/rule-measures", get(rule_measures))
}

/// Record the recommendations and retention listings the app showed today. Every
/// customer must be in the caller's book (422 naming the item otherwise).
#[utoipa::path(post, path = "/api/recommendations/shown", tag = "measures",
    request_body = ShownBatch,
    responses((status = 200, body = ShownRecorded), (status = 403, description = "read_only"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn record_shown(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<ShownBatch>,
) -> AppResult<Json<ShownRecorded>> {
    let me = &user.0;
    let scope = super::write_scope(me)?;
    let mut p = Problems::new();
    for (field, n) in [
        ("recommendations", req.recommendations.len()),
        ("retention", req.retention.len()),
    ] {
        if n > SHOWN_BATCH_MAX {
            p.add(
                field,
                format!("must hold at most {SHOWN_BATCH_MAX} items (got {n})"),
            );
        }
    }
    p.finish()?;
    let mut ids: Vec<_> = req
        .recommendations
        .iter()
        .map(|r| r.customer_id)
        .chain(req.retention.iter().map(|r| r.customer_id))
        .collect();
    ids.sort();
    ids.dedup();
    let known = state.storage.in_scope(scope, &ids).await?;
    let products: std::collections::BTreeSet<_> = state
        .storage
        .products()
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let mut p = Problems::new();
    for (i, r) in req.recommendations.iter().enumerate() {
        if !known.contains(&r.customer_id) {
            p.add(
                format!("recommendations[{i}].customer_id"),
                "is not in your book",
            );
        }
        if !products.contains(&r.product_id) {
            p.add(
                format!("recommendations[{i}].product_id"),
                "is not on the shelf",
            );
        }
    }
    for (i, r) in req.retention.iter().enumerate() {
        if !known.contains(&r.customer_id) {
            p.add(format!("retention[{i}].customer_id"), "is not in your book");
        }
        if r.churn_score > 100 {
            p.add(
                format!("retention[{i}].churn_score"),
                "must be between 0 and 100",
            );
        }
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::RecordShown);
    entry.fields = vec!["recommendations_shown".into(), "retention_shown".into()];
    let recorded = state
        .storage
        .record_shown(me.id, state.settings.today(), &req, &entry)
        .await?;
    Ok(Json(ShownRecorded { recorded }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MeasuresQuery {
    /// First day shown (default: 3 months before `to`).
    pub from: Option<NaiveDate>,
    /// Last day shown (default: today).
    pub to: Option<NaiveDate>,
    /// Months after a listing in which leaving counts (1–24, default 3).
    pub months: Option<u32>,
}

/// Of the recommendations shown in the period, how many became opportunities and were
/// won, by reason type; of the customers on the retention list, how many left within
/// `months` against the customers nearest below the list. Scoped like the book (an admin
/// gets the bank's figures: counts, never a customer).
#[utoipa::path(get, path = "/api/rule-measures", tag = "measures", params(MeasuresQuery),
    responses((status = 200, body = RuleMeasures), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, q), fields(user = %user.0.username))]
pub async fn rule_measures(
    State(state): State<AppState>,
    user: CurrentUser,
    q: Result<Query<MeasuresQuery>, QueryRejection>,
) -> AppResult<Json<RuleMeasures>> {
    let Query(q) = q.map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })?;
    let me = &user.0;
    let scope = match me.role {
        Role::Admin => Scope::All,
        _ => Scope::of(me),
    };
    let today = state.settings.today();
    let to = q.to.unwrap_or(today);
    let from = q
        .from
        .unwrap_or_else(|| to.checked_sub_months(Months::new(3)).unwrap_or(to));
    let months = q.months.unwrap_or(MONTHS_DEFAULT);
    let mut p = Problems::new();
    if from > to {
        p.add("from", "must not be after to");
    }
    p.range("months", i64::from(months), 1, 24);
    p.finish()?;
    let by_reason = measure_recommendations(&state.storage.shown_outcomes(scope, from, to).await?);
    let shown = state.storage.retention_shown(scope, from, to).await?;
    let mut listings = Vec::new();
    if !shown.is_empty() {
        let policy = load_policy(&state.storage).await?;
        let book: BTreeMap<_, _> = state
            .storage
            .book(scope, today, super::book::BOOK_MONTHS)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        for (id, listed, first_on) in shown {
            let left = book
                .get(&id)
                .is_some_and(|c| lifecycle::score(c, &policy, today) == Lifecycle::Lost);
            let window_over = first_on
                .checked_add_months(Months::new(months))
                .is_some_and(|end| end <= today);
            // A listing counts once its window has passed, or earlier if the customer has
            // already left.
            if left || window_over {
                listings.push(ListingOutcome { listed, left });
            }
        }
    }
    Ok(Json(RuleMeasures {
        from,
        to,
        months,
        by_reason,
        retention: measure_retention(&listings),
    }))
}
