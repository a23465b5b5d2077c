//! `GET /api/exports/customers`: the whole customer list with the filters and sort of
//! `GET /api/customers`, masked as on screen. CSV streams from one database snapshot in
//! chunks, so a 100,000-row file is never held whole in memory; XLSX is written from the
//! same stream a chunk at a time (only the finished, compressed file is held).

use super::table::{self, column, Cell, Column, ExportFormat, HeadingLang, XLSX_MAX_ROWS};
use super::{attachment, audit_export, query, too_many_rows};
use crate::audit::{filter_value, Origin};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::routes::book::{list_filter, CustomerListQuery};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{enum_code, CustomerListFilter, CustomerListRow};
use crate::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use clientbook_domain::api::CustomerSort;
use clientbook_domain::masking::{mask_mobile, mask_name};
use clientbook_domain::policy::ScoringPolicy;
use clientbook_domain::risk::RiskLevel;
use clientbook_domain::tier::tier_for_aum;
use futures_util::StreamExt;
use serde::Deserialize;

/// Rows per chunk of a streamed CSV.
const CHUNK_ROWS: usize = 1000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerExportQuery {
    /// `csv` (default) or `xlsx`.
    #[param(value_type = Option<String>)]
    pub format: Option<ExportFormat>,
    /// Column headings in `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeadingLang>,
    /// As `GET /api/customers`: part of the name, or the last digits of the mobile or ID
    /// number (1–40 characters).
    pub q: Option<String>,
    /// Only this RM's customers.
    pub rm: Option<i64>,
    /// Only this branch's customers.
    pub branch: Option<i64>,
    /// `C1` … `C5`.
    #[param(value_type = Option<String>)]
    pub risk_level: Option<RiskLevel>,
    /// AUM at least this many fen.
    pub min_aum: Option<i64>,
    /// AUM below this many fen.
    pub below_aum: Option<i64>,
    /// `id` (default) or `aum_desc`.
    #[param(value_type = Option<String>)]
    pub sort: Option<CustomerSort>,
}

const COLUMNS: &[Column] = &[
    column("Customer id", "客户编号"),
    column("Name", "姓名"),
    column("Mobile", "手机号"),
    column("RM id", "客户经理编号"),
    column("Branch id", "网点编号"),
    column("Risk level", "风险等级"),
    column("AUM (CNY)", "资产规模（元）"),
    column("Tier", "客户层级"),
    column("Customer since", "开户日期"),
];

/// A row as the list shows it: identifiers masked with the bank's policy.
fn cells(r: &CustomerListRow, policy: &ScoringPolicy) -> Vec<Cell> {
    vec![
        Cell::Int(r.id.0),
        Cell::text(mask_name(&r.name, &policy.masking)),
        Cell::text(mask_mobile(&r.phone, &policy.masking)),
        Cell::Int(r.rm_id.0),
        Cell::Int(r.branch_id.0),
        Cell::opt_text(r.risk_level.map(|l| enum_code(&l))),
        Cell::Money(r.aum),
        Cell::text(enum_code(&tier_for_aum(r.aum, &policy.tiers))),
        Cell::Date(r.since),
    ]
}

fn filters(f: &CustomerListFilter) -> String {
    format!(
        "q={} rm={} branch={} risk={} min_aum={} below_aum={} sort={:?}",
        filter_value(f.search.as_deref()),
        filter_value(f.rm.map(|r| r.0)),
        filter_value(f.branch.map(|b| b.0)),
        filter_value(f.risk_level.map(|r| enum_code(&r))),
        filter_value(f.min_aum.map(|m| m.fen())),
        filter_value(f.below_aum.map(|m| m.fen())),
        f.sort,
    )
}

/// The customers in the caller's scope matching the filters, every one of them, in the
/// list's order, masked as on screen.
#[utoipa::path(get, path = "/api/exports/customers", tag = "exports", params(CustomerExportQuery),
    responses((status = 200, description = "The file (UTF-8 CSV with BOM, or XLSX)",
            content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "a parameter out of range, naming it", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn export_customers(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<CustomerExportQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let format = q.format.unwrap_or_default();
    let lang = q.lang.unwrap_or_default();
    let filter = list_filter(CustomerListQuery {
        q: q.q,
        rm: q.rm,
        branch: q.branch,
        risk_level: q.risk_level,
        min_aum: q.min_aum,
        below_aum: q.below_aum,
        sort: q.sort,
        limit: None,
        cursor: None,
    })?;
    let me = &user.0;
    let policy = load_policy(&state.storage).await?;
    let (total, rows) = state.storage.customer_rows(Scope::of(me), &filter).await?;
    if format == ExportFormat::Xlsx && total > XLSX_MAX_ROWS {
        return Err(too_many_rows());
    }
    let filters = filters(&filter);
    audit_export(&state, me, &origin, "customers", format, &filters, total).await?;
    let today = state.settings.today();
    let body = match format {
        ExportFormat::Csv => {
            let head = futures_util::stream::once(async move { table::csv_head(COLUMNS, lang) });
            let body = rows.chunks(CHUNK_ROWS).map(move |chunk| {
                let chunk = chunk
                    .into_iter()
                    .map(|r| r.map(|r| cells(&r, &policy)))
                    .collect::<Result<Vec<_>, AppError>>()
                    .inspect_err(|e| tracing::error!(error = %e, "export stopped"))?;
                table::csv_rows(chunk.iter().map(Vec::as_slice))
            });
            Body::from_stream(head.chain(body))
        }
        ExportFormat::Xlsx => {
            // The file is sent when finished (a ZIP's directory comes last), but the rows
            // are not held: they go to the worksheet a chunk at a time, from the same
            // row source as the CSV. Still one of the large answers at once.
            let _turn = crate::serve::big_answer_turn().await?;
            let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<Vec<Cell>>>(2);
            let writer = tokio::task::spawn_blocking(move || {
                let mut sheet = table::XlsxSheet::new("Customers", COLUMNS, lang)?;
                while let Some(chunk) = receiver.blocking_recv() {
                    sheet.write_rows(&chunk)?;
                }
                sheet.finish()
            });
            let mut chunks = rows.chunks(CHUNK_ROWS);
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk
                    .into_iter()
                    .map(|r| r.map(|r| cells(&r, &policy)))
                    .collect::<Result<Vec<_>, AppError>>()?;
                if sender.send(chunk).await.is_err() {
                    break; // The writer failed: its error is below.
                }
            }
            drop(sender);
            Body::from(writer.await.map_err(AppError::internal)??)
        }
    };
    Ok(attachment(format, "customers", today, body))
}
