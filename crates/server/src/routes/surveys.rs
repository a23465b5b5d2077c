//! Satisfaction surveys: entered one at a time after a meeting, or imported in a batch
//! that is stored whole or not at all.

use super::{customer_id, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::storage::NewSurveyRow;
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDate;
use clientbook_domain::api::{AuditAction, ErrorBody, FieldProblem};
use clientbook_domain::service::{NewSurvey, SurveyImport, SurveysCreated, IMPORT_MAX_ROWS};
use clientbook_domain::ServiceAttribute;
use std::collections::HashSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/surveys", post(create_survey))
        .route("/surveys/import", post(import))
}

/// Every problem of one survey, fields prefixed with `prefix` (`""` or `surveys[3].`).
fn check_survey(
    p: &mut Problems,
    prefix: &str,
    s: &NewSurveyRow,
    since: NaiveDate,
    today: NaiveDate,
) {
    let (answered_on, recommend, overall, ratings) =
        (s.answered_on, s.recommend, s.overall, &s.ratings);
    if answered_on > today {
        p.add(
            format!("{prefix}answered_on"),
            format!("must not be in the future (today is {today})"),
        );
    } else if answered_on < since {
        p.add(
            format!("{prefix}answered_on"),
            format!("must not be before the relationship began ({since})"),
        );
    }
    p.range(&format!("{prefix}recommend"), recommend.into(), 0, 10);
    p.range(&format!("{prefix}overall"), overall.into(), 1, 5);
    if ratings.len() > ServiceAttribute::ALL.len() {
        p.add(
            format!("{prefix}ratings"),
            format!("must have at most {} ratings", ServiceAttribute::ALL.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, r) in ratings.iter().enumerate() {
        let f = format!("{prefix}ratings[{i}]");
        if !seen.insert(r.attribute) {
            p.add(format!("{f}.attribute"), "is rated twice");
        }
        p.range(&format!("{f}.satisfaction"), r.satisfaction.into(), 1, 5);
        p.range(&format!("{f}.importance"), r.importance.into(), 1, 5);
    }
}

/// Record a survey the customer answered.
#[utoipa::path(post, path = "/api/customers/{id}/surveys", tag = "surveys",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = NewSurvey,
    responses((status = 201, body = SurveysCreated), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn create_survey(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<NewSurvey>,
) -> AppResult<(StatusCode, Json<SurveysCreated>)> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let id = customer_id(&id)?;
    let c = state
        .storage
        .customer_ref(scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = NewSurveyRow {
        customer_id: id,
        answered_on: req.answered_on,
        recommend: req.recommend,
        overall: req.overall,
        ratings: req.ratings,
    };
    let mut p = Problems::new();
    check_survey(&mut p, "", &row, c.since, state.settings.today());
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::RecordSurvey);
    entry.fields = vec!["surveys".into()];
    let ids = match state.storage.insert_surveys(scope, &[row], &entry).await? {
        Ok(ids) => ids,
        Err(_) => return Err(AppError::NotFound),
    };
    Ok((StatusCode::CREATED, Json(SurveysCreated { ids })))
}

/// Import surveys, all or nothing: a row naming a customer outside the caller's scope →
/// 404 naming the row; any bad value → 422 naming every bad field (`surveys[3].recommend`).
#[utoipa::path(post, path = "/api/surveys/import", tag = "surveys",
    request_body = SurveyImport,
    responses((status = 201, body = SurveysCreated), (status = 403, description = "read_only"),
        (status = 404, description = "not_found, naming the row", body = ErrorBody),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username, rows = req.surveys.len()))]
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<SurveyImport>,
) -> AppResult<(StatusCode, Json<SurveysCreated>)> {
    let me = &user.0;
    let scope = write_scope(me)?;
    if req.surveys.is_empty() || req.surveys.len() > IMPORT_MAX_ROWS {
        return Err(AppError::invalid(
            "surveys",
            format!("must hold 1 to {IMPORT_MAX_ROWS} surveys"),
        ));
    }
    let ids: Vec<_> = req.surveys.iter().map(|s| s.customer_id).collect();
    let known = state.storage.customers_in_scope(scope, &ids).await?;
    let missing: Vec<FieldProblem> = req
        .surveys
        .iter()
        .enumerate()
        .filter(|(_, s)| !known.contains_key(&s.customer_id))
        .map(|(i, _)| FieldProblem {
            field: format!("surveys[{i}].customer_id"),
            problem: "no such customer".to_owned(),
        })
        .collect();
    if !missing.is_empty() {
        return Err(AppError::NotFoundAt(missing));
    }
    let today = state.settings.today();
    let rows: Vec<NewSurveyRow> = req
        .surveys
        .into_iter()
        .map(|s| NewSurveyRow {
            customer_id: s.customer_id,
            answered_on: s.answered_on,
            recommend: s.recommend,
            overall: s.overall,
            ratings: s.ratings,
        })
        .collect();
    let mut p = Problems::new();
    for (i, s) in rows.iter().enumerate() {
        check_survey(
            &mut p,
            &format!("surveys[{i}]."),
            s,
            known[&s.customer_id],
            today,
        );
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::ImportSurvey);
    entry.fields = vec!["surveys".into()];
    match state.storage.insert_surveys(scope, &rows, &entry).await? {
        Ok(ids) => Ok((StatusCode::CREATED, Json(SurveysCreated { ids }))),
        Err(i) => Err(AppError::NotFoundAt(vec![FieldProblem {
            field: format!("surveys[{i}].customer_id"),
            problem: "no such customer".to_owned(),
        }])),
    }
}
