//! `GET /api/exports/{what}`: the lists and figures of the app as CSV or XLSX files, with
//! the same scope and masking as on screen, each export audited with what, the format,
//! the filters and the row count.

pub mod complaints;
pub mod customers;
pub mod satisfaction;
pub mod table;

use crate::audit::Origin;
use crate::error::{AppError, AppResult};
use crate::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clientbook_domain::api::{AuditAction, Me};
use table::{Cell, Column, ExportFormat, HeadingLang, XLSX_MAX_ROWS};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/exports/customers", get(customers::export_customers))
        .route("/exports/complaints", get(complaints::export_complaints))
        .route(
            "/exports/complaint-analysis",
            get(complaints::export_analysis),
        )
        .route(
            "/exports/satisfaction",
            get(satisfaction::export_satisfaction),
        )
}

/// A query's parameters, or a 400 naming what is wrong.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> AppResult<T> {
    q.map(|Query(q)| q).map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })
}

/// Records the export before a byte of it is sent: an export that fails half way is
/// still on record.
async fn audit_export(
    state: &AppState,
    me: &Me,
    origin: &Origin,
    what: &str,
    format: ExportFormat,
    filters: &str,
    rows: u64,
) -> AppResult<()> {
    let mut entry = origin.entry(me, AuditAction::ExportList);
    entry.detail = Some(format!(
        "what={what} format={} {filters} rows={rows}",
        format.extension()
    ));
    state.storage.audit(&entry).await
}

/// A download: the file's type and a name with the bank's date.
fn attachment(format: ExportFormat, name: &str, date: chrono::NaiveDate, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{name}-{date}.{}\"",
                    format.extension()
                ),
            ),
        ],
        body,
    )
        .into_response()
}

/// A small table in the asked format (XLSX built off the async threads).
async fn whole_file(
    format: ExportFormat,
    sheet: &'static str,
    columns: &'static [Column],
    lang: HeadingLang,
    rows: Vec<Vec<Cell>>,
) -> AppResult<Body> {
    match format {
        ExportFormat::Csv => Ok(Body::from(table::csv_bytes(columns, lang, &rows)?)),
        ExportFormat::Xlsx => {
            if rows.len() as u64 > XLSX_MAX_ROWS {
                return Err(too_many_rows());
            }
            let bytes =
                tokio::task::spawn_blocking(move || table::xlsx_bytes(sheet, columns, lang, &rows))
                    .await
                    .map_err(AppError::internal)??;
            Ok(Body::from(bytes))
        }
    }
}

fn too_many_rows() -> AppError {
    AppError::invalid(
        "format",
        "an XLSX sheet holds at most 1,048,575 rows: narrow the filters or export CSV",
    )
}
