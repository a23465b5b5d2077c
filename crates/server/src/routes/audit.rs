//! Reading the audit log (compliance and admin only).

use crate::audit::{filter_value, Origin};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::model::{AuditEntry, AuditResponse};
use crate::storage::parse_enum;
use crate::storage::AuditFilter;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use clientbook_domain::api::{AuditAction, Role};
use clientbook_domain::{CustomerId, UserId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(audit))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Username.
    pub user: Option<String>,
    /// Customer id.
    pub customer: Option<i64>,
    /// e.g. `reveal`, `read_customer`, `read_book`, `sign_in`, `edit_note`.
    pub action: Option<AuditAction>,
    /// From this date (inclusive, bank time zone), YYYY-MM-DD.
    pub from: Option<NaiveDate>,
    /// Up to this date (inclusive, bank time zone), YYYY-MM-DD.
    pub to: Option<NaiveDate>,
    /// At most this many entries, newest first (default 200, at most 1000).
    pub limit: Option<i64>,
    /// `true` when the caller is exporting the result (e.g. to CSV): the export itself is
    /// audited, with its filters and row count.
    pub export: Option<bool>,
}

#[utoipa::path(get, path = "/api/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "Entries, newest first", body = AuditResponse), (status = 403, description = "forbidden"),
        (status = 422, description = "validation: a control character in `user`")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn audit(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> AppResult<Json<AuditResponse>> {
    if !matches!(user.0.role, Role::Compliance | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let Query(q) = query.map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })?;
    // A username has none; PostgreSQL would fail on a NUL, as a server error.
    if q.user
        .as_deref()
        .is_some_and(|u| u.chars().any(char::is_control))
    {
        return Err(AppError::invalid(
            "user",
            "must not contain control characters",
        ));
    }
    let settings = &state.settings;
    let export = q.export.unwrap_or(false);
    let filters = format!(
        "user={} customer={} action={} from={} to={}",
        filter_value(q.user.as_deref()),
        filter_value(q.customer),
        filter_value(q.action.map(|a| crate::storage::enum_code(&a))),
        filter_value(q.from),
        filter_value(q.to),
    );
    let filter = AuditFilter {
        username: q.user,
        customer_id: q.customer,
        action: q.action.map(|a| crate::storage::enum_code(&a)),
        from_ms: q.from.map(|d| settings.start_of_day_ms(d)),
        // Up to the start of the next day; the calendar's last day has none (and adding
        // a day to it would panic): no upper bound then.
        to_ms: q.to.map(|d| {
            d.checked_add_days(chrono::Days::new(1))
                .map_or(i64::MAX, |next| settings.start_of_day_ms(next))
        }),
        limit: q.limit.unwrap_or(200).clamp(1, 1000),
    };
    let entries = state
        .storage
        .audit_entries(&filter)
        .await?
        .into_iter()
        .map(|s| {
            Ok(AuditEntry {
                id: s.id,
                at: DateTime::<Utc>::from_timestamp_millis(s.at_ms).unwrap_or_default(),
                user_id: s.entry.user_id.map(UserId),
                username: s.entry.username,
                role: s.entry.role.as_deref().map(parse_enum).transpose()?,
                action: parse_enum(&s.entry.action)?,
                customer_id: s.entry.customer_id.map(CustomerId),
                fields: s.entry.fields,
                detail: s.entry.detail,
                client_ip: s.entry.client_ip,
                forwarded_for: s.entry.forwarded_for,
                user_agent: s.entry.user_agent,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    if export {
        let mut entry = origin.entry(&user.0, AuditAction::ExportAudit);
        entry.detail = Some(format!("{filters} rows={}", entries.len()));
        state.storage.audit(&entry).await?;
    }
    Ok(Json(AuditResponse { entries }))
}
