//! `GET /api/exports/satisfaction`: NPS, CSAT and CSI by month over the trend window,
//! and the window's total, from the surveys of the caller's book, computed natively by
//! the same domain code the page runs in the browser.

use super::table::{column, Cell, Column, ExportFormat, HeadingLang};
use super::{attachment, audit_export, query, whole_file};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::routes::book::BOOK_MONTHS;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use clientbook_domain::satisfaction::{summarize, SatisfactionTally};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SatisfactionExportQuery {
    /// `csv` (default) or `xlsx`.
    #[param(value_type = Option<String>)]
    pub format: Option<ExportFormat>,
    /// Column headings in `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeadingLang>,
}

const COLUMNS: &[Column] = &[
    column("Month", "月份"),
    column("NPS answers", "NPS 样本数"),
    column("Promoters", "推荐者"),
    column("Detractors", "贬损者"),
    column("NPS", "NPS"),
    column("CSAT answers", "CSAT 样本数"),
    column("Satisfied", "满意"),
    column("CSAT %", "CSAT %"),
    column("CSI", "CSI"),
];

fn cells(label: String, t: &SatisfactionTally) -> Vec<Cell> {
    vec![
        Cell::text(label),
        Cell::Int(i64::from(t.nps_responses)),
        Cell::Int(i64::from(t.promoters)),
        Cell::Int(i64::from(t.detractors)),
        Cell::opt_figure(t.nps()),
        Cell::Int(i64::from(t.csat_responses)),
        Cell::Int(i64::from(t.csat_satisfied)),
        Cell::opt_figure(t.csat()),
        Cell::opt_figure(t.csi()),
    ]
}

/// The satisfaction figures of the caller's book by month, oldest first, then the total.
#[utoipa::path(get, path = "/api/exports/satisfaction", tag = "exports", params(SatisfactionExportQuery),
    responses((status = 200, description = "The file (UTF-8 CSV with BOM, or XLSX)",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn export_satisfaction(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<SatisfactionExportQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let format = q.format.unwrap_or_default();
    let lang = q.lang.unwrap_or_default();
    let me = &user.0;
    let today = state.settings.today();
    let policy = load_policy(&state.storage).await?;
    let book = state
        .storage
        .book(Scope::of(me), today, BOOK_MONTHS)
        .await?;
    let s = summarize(
        book.iter().flat_map(|c| &c.surveys),
        &policy.satisfaction,
        today,
    );
    let mut rows: Vec<Vec<Cell>> = s
        .months
        .iter()
        .map(|m| cells(m.month.format("%Y-%m").to_string(), &m.tally))
        .collect();
    rows.push(cells("total".to_owned(), &s.total));
    let filters = format!("customers={}", book.len());
    audit_export(
        &state,
        me,
        &origin,
        "satisfaction",
        format,
        &filters,
        rows.len() as u64,
    )
    .await?;
    let body = whole_file(format, "Satisfaction", COLUMNS, lang, rows).await?;
    Ok(attachment(format, "satisfaction", today, body))
}
