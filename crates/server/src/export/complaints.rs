//! `GET /api/exports/complaints` (open, nearing, overdue, or all received in a period)
//! and `GET /api/exports/complaint-analysis` (one month's analysis, as on the page).

use super::table::{column, Cell, Column, ExportFormat, HeadingLang};
use super::{attachment, audit_export, query, whole_file};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::routes::complaints::{analysis, deadline_state, AnalysisQuery};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{enum_code, ComplaintSelection};
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use clientbook_domain::masking::mask_name;
use clientbook_domain::service::DeadlineState;
use serde::{Deserialize, Serialize};

/// Which complaints: those not closed, those of them nearing or past a deadline, or
/// every complaint received in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintList {
    #[default]
    Open,
    Nearing,
    Overdue,
    All,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ComplaintExportQuery {
    /// `csv` (default) or `xlsx`.
    #[param(value_type = Option<String>)]
    pub format: Option<ExportFormat>,
    /// Column headings in `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeadingLang>,
    /// `open` (default), `nearing`, `overdue`, or `all` received from `from` to `to`.
    #[param(value_type = Option<String>)]
    pub list: Option<ComplaintList>,
    /// With `list=all`: received on or after (bank date, default the first of this month).
    pub from: Option<NaiveDate>,
    /// With `list=all`: received on or before (bank date, default today).
    pub to: Option<NaiveDate>,
}

const COLUMNS: &[Column] = &[
    column("Complaint id", "投诉编号"),
    column("Customer id", "客户编号"),
    column("Customer", "客户"),
    column("RM id", "客户经理编号"),
    column("Received", "受理时间"),
    column("Channel", "渠道"),
    column("Content type", "投诉类型"),
    column("Severity", "严重程度"),
    column("Status", "状态"),
    column("Deadline state", "时限状态"),
    column("Internal deadline", "内部处理时限"),
    column("Regulatory deadline", "监管时限"),
    column("Resolved", "办结时间"),
    column("Description", "投诉内容"),
    column("Customer request", "客户诉求"),
    column("Resolution", "处理结果"),
];

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The complaints of the caller's scope in the chosen list, soonest deadline first,
/// customer names masked.
#[utoipa::path(get, path = "/api/exports/complaints", tag = "exports", params(ComplaintExportQuery),
    responses((status = 200, description = "The file (UTF-8 CSV with BOM, or XLSX)",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "validation: from/to", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn export_complaints(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<ComplaintExportQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let format = q.format.unwrap_or_default();
    let lang = q.lang.unwrap_or_default();
    let list = q.list.unwrap_or_default();
    let me = &user.0;
    let settings = &state.settings;
    let today = settings.today();
    let now = settings.now();
    let (selection, period) = match list {
        ComplaintList::All => {
            let from = q.from.unwrap_or_else(|| today.with_day(1).unwrap_or(today));
            let to = q.to.unwrap_or(today);
            if from > to {
                return Err(AppError::invalid("to", "must not be before from"));
            }
            (
                ComplaintSelection::All {
                    open_only: false,
                    received: Some((from, to)),
                },
                format!("from={from} to={to}"),
            )
        }
        _ if q.from.is_some() || q.to.is_some() => {
            return Err(AppError::invalid(
                if q.from.is_some() { "from" } else { "to" },
                "a period is for list=all only",
            ));
        }
        _ => (
            ComplaintSelection::All {
                open_only: true,
                received: None,
            },
            String::new(),
        ),
    };
    let policy = load_policy(&state.storage).await?;
    let tz = settings.bank_timezone;
    let rows: Vec<Vec<Cell>> = state
        .storage
        .complaints(Scope::of(me), selection)
        .await?
        .into_iter()
        .filter_map(|k| {
            let s = deadline_state(&k.complaint, now, today);
            let keep = match list {
                ComplaintList::Open | ComplaintList::All => true,
                ComplaintList::Nearing => s == DeadlineState::Nearing,
                ComplaintList::Overdue => s == DeadlineState::Overdue,
            };
            let c = k.complaint;
            keep.then(|| {
                vec![
                    Cell::Int(c.id),
                    Cell::Int(c.customer_id.0),
                    Cell::text(mask_name(&k.customer_name, &policy.masking)),
                    Cell::Int(k.rm_id.0),
                    Cell::text(local(c.received_at, tz)),
                    Cell::text(enum_code(&c.channel)),
                    Cell::text(enum_code(&c.content_type)),
                    Cell::text(enum_code(&c.severity)),
                    Cell::text(enum_code(&c.status)),
                    Cell::text(enum_code(&s)),
                    Cell::text(local(c.internal_deadline, tz)),
                    Cell::Date(c.regulatory_deadline),
                    Cell::opt_text(c.resolved_at.map(|t| local(t, tz))),
                    Cell::text(c.description),
                    Cell::opt_text(c.customer_request),
                    Cell::opt_text(c.resolution),
                ]
            })
        })
        .collect();
    let filters = format!("list={} {period}", enum_code(&list));
    audit_export(
        &state,
        me,
        &origin,
        "complaints",
        format,
        filters.trim_end(),
        rows.len() as u64,
    )
    .await?;
    let body = whole_file(format, "Complaints", COLUMNS, lang, rows).await?;
    Ok(attachment(format, "complaints", today, body))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnalysisExportQuery {
    /// `csv` (default) or `xlsx`.
    #[param(value_type = Option<String>)]
    pub format: Option<ExportFormat>,
    /// Column headings in `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeadingLang>,
    /// YYYY-MM (default: the current month).
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
}

const ANALYSIS_COLUMNS: &[Column] = &[
    column("Measure", "指标"),
    column("Item", "项目"),
    column("Value", "数值"),
];

/// One month's complaint analysis of the caller's scope, as `GET /api/complaints/analysis`
/// computes it: one row per figure.
#[utoipa::path(get, path = "/api/exports/complaint-analysis", tag = "exports", params(AnalysisExportQuery),
    responses((status = 200, description = "The file (UTF-8 CSV with BOM, or XLSX)",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "validation: month", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn export_analysis(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<AnalysisExportQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let format = q.format.unwrap_or_default();
    let lang = q.lang.unwrap_or_default();
    let me = user.0.clone();
    // The page's own computation (which records the read as well).
    let Json(a) = analysis(
        State(state.clone()),
        CurrentUser(me.clone()),
        origin.clone(),
        Ok(Query(AnalysisQuery { month: q.month })),
    )
    .await?;
    let row = |measure: &str, item: String, value: Cell| {
        vec![Cell::text(measure), Cell::text(item), value]
    };
    let mut rows = vec![row(
        "received",
        String::new(),
        Cell::Int(i64::from(a.received)),
    )];
    rows.extend(
        a.by_content_type
            .iter()
            .map(|(k, n)| row("by_content_type", enum_code(k), Cell::Int(i64::from(*n)))),
    );
    rows.extend(
        a.by_severity
            .iter()
            .map(|(k, n)| row("by_severity", enum_code(k), Cell::Int(i64::from(*n)))),
    );
    rows.extend(
        a.by_channel
            .iter()
            .map(|(k, n)| row("by_channel", enum_code(k), Cell::Int(i64::from(*n)))),
    );
    rows.push(row(
        "resolved",
        String::new(),
        Cell::Int(i64::from(a.resolved)),
    ));
    rows.push(row(
        "median_hours_to_resolve",
        String::new(),
        Cell::opt_figure(a.median_hours_to_resolve),
    ));
    rows.push(row(
        "resolved_within_deadline",
        String::new(),
        Cell::Int(i64::from(a.resolved_within_deadline)),
    ));
    rows.push(row(
        "percent_resolved_within_deadline",
        String::new(),
        Cell::opt_figure(a.share_resolved_within_deadline.map(|s| s * 100.0)),
    ));
    rows.extend(a.repeat_complainants.iter().map(|r| {
        row(
            "repeat_complainant",
            r.customer_id.0.to_string(),
            Cell::Int(i64::from(r.complaints)),
        )
    }));
    let month = a.month.format("%Y-%m").to_string();
    audit_export(
        &state,
        &me,
        &origin,
        "complaint_analysis",
        format,
        &format!("month={month}"),
        rows.len() as u64,
    )
    .await?;
    let body = whole_file(format, "Analysis", ANALYSIS_COLUMNS, lang, rows).await?;
    Ok(attachment(
        format,
        &format!("complaint-analysis-{month}"),
        state.settings.today(),
        body,
    ))
}
