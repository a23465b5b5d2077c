//! `/api/imports`: upload a file (admin and branch manager; a branch manager's import
//! is limited to their branch), watch it being checked, read and download its report,
//! decide its proposed merges, then commit it (one transaction) or cancel it.

use super::stage::{self, BatchRow, Importer};
use super::templates;
use super::validate::{validate, Job};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, Me, Role};
use clientbook_domain::import::columns::HeaderLang;
use clientbook_domain::import::{ImportKind, ImportStatus, ImportSummary, MergeDecisionRequest};
use clientbook_domain::Lang;
use futures_util::StreamExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/imports", post(upload))
        .route("/imports/{id}", get(show).delete(cancel))
        .route("/imports/{id}/report.csv", get(report_csv))
        .route("/imports/{id}/commit", post(commit))
        .route("/imports/{id}/merges/{row}", post(decide))
        .route("/imports/templates/{kind}", get(template))
}

/// The roles that import.
pub const IMPORTERS: &[Role] = &[Role::BranchManager, Role::Admin];

fn query<T>(q: Result<Query<T>, QueryRejection>) -> AppResult<T> {
    q.map(|Query(q)| q).map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })
}

fn importer(me: &Me) -> AppResult<Importer> {
    match me.role {
        Role::Admin => Ok(Importer {
            user_id: Some(me.id.0),
            username: me.username.clone(),
            branch_id: None,
        }),
        // A branch manager without a branch imports nowhere.
        Role::BranchManager => me
            .branch_id
            .map(|b| Importer {
                user_id: Some(me.id.0),
                username: me.username.clone(),
                branch_id: Some(b.0),
            })
            .ok_or(AppError::Forbidden),
        Role::Compliance => Err(AppError::ReadOnly),
        Role::RelationshipManager => Err(AppError::Forbidden),
    }
}

/// The batch, if `me` may see it: an admin every batch, a branch manager their branch's.
async fn visible_batch(state: &AppState, me: &Me, raw_id: &str) -> AppResult<BatchRow> {
    let who = importer(me)?;
    let id = crate::routes::record_id(raw_id)?;
    let batch = stage::batch(&state.storage, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if who.branch_id.is_some() && batch.branch_id != who.branch_id {
        return Err(AppError::NotFound);
    }
    Ok(batch)
}

fn lang_of(l: Option<HeaderLang>) -> Lang {
    match l {
        Some(HeaderLang::Zh) => Lang::ZhCn,
        _ => Lang::En,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// `customers` or `holdings`.
    #[param(value_type = String)]
    pub kind: ImportKind,
    /// The file's name as the user picked it (1–200 characters), for the report and the audit.
    pub file_name: String,
    /// The report's language: `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeaderLang>,
}

/// Upload a CSV or XLSX file as the request body. The body is streamed to a temporary
/// file (never held in memory) and checked in the background: poll `GET
/// /api/imports/{id}` for the progress and the report. A body over the configured limit
/// is refused with 413 before it is read when its length is declared.
#[utoipa::path(post, path = "/api/imports", tag = "imports", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The file's bytes: CSV (UTF-8 or GB18030; comma, tab or semicolon) or XLSX"),
    responses(
        (status = 202, body = ImportSummary, description = "Received; being checked"),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 413, description = "payload_too_large", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "the file name is empty or too long", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<UploadQuery>, QueryRejection>,
    body: Body,
) -> AppResult<(StatusCode, Json<ImportSummary>)> {
    let me = &user.0;
    let who = importer(me)?;
    let q = query(q)?;
    let file_name = q.file_name.trim().to_owned();
    if file_name.is_empty() || file_name.chars().count() > 200 {
        return Err(AppError::invalid(
            "file_name",
            "must be 1 to 200 characters",
        ));
    }
    let temp = tempfile::NamedTempFile::new().map_err(AppError::internal)?;
    let mut file = tokio::fs::File::from_std(temp.reopen().map_err(AppError::internal)?);
    let mut stream = body.into_data_stream();
    while let Some(piece) = stream.next().await {
        let piece = piece.map_err(|e| body_error(&e))?;
        file.write_all(&piece).await.map_err(AppError::internal)?;
    }
    file.flush().await.map_err(AppError::internal)?;
    drop(file);
    let id = stage::create_batch(&state.storage, q.kind, &file_name, &who).await?;
    let mut entry = origin.entry(me, AuditAction::ImportFile);
    entry.detail = Some(format!(
        "import={id} kind={} file={file_name}",
        q.kind.as_str()
    ));
    state.storage.audit(&entry).await?;
    let path = temp.into_temp_path();
    let job = Job {
        batch_id: id,
        kind: q.kind,
        path: path.to_path_buf(),
        who,
        today: state.settings.today(),
    };
    let storage = state.storage.clone();
    tokio::spawn(async move {
        if let Err(e) = validate(&storage, job).await {
            tracing::error!(error = %e, import = id, "import validation failed");
            let _ = stage::finish(&storage, id, ImportStatus::Failed).await;
        }
        drop(path);
    });
    let batch = stage::batch(&state.storage, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let summary = super::report::summary(&state.storage, &batch, lang_of(q.lang), 0, 0).await?;
    Ok((StatusCode::ACCEPTED, Json(summary)))
}

/// A body that stopped: over the limit (413), else broken off (400).
fn body_error(e: &axum::Error) -> AppError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return AppError::PayloadTooLarge;
        }
        source = s.source();
    }
    AppError::BadRequest {
        message: format!("the upload broke off: {e}"),
        field: None,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ShowQuery {
    /// `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeaderLang>,
    /// Report lines to skip (paging).
    pub offset: Option<i64>,
    /// Report lines to show, 0–1000 (default 100).
    pub limit: Option<i64>,
}

/// An import's status, progress (rows read so far), counts, report (paged) and
/// proposed merges.
#[utoipa::path(get, path = "/api/imports/{id}", tag = "imports", params(("id" = i64, Path), ShowQuery),
    responses(
        (status = 200, body = ImportSummary),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such import in your scope", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "offset or limit out of range", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    q: Result<Query<ShowQuery>, QueryRejection>,
) -> AppResult<Json<ImportSummary>> {
    let q = query(q)?;
    let batch = visible_batch(&state, &user.0, &id).await?;
    let offset = q.offset.unwrap_or(0);
    let limit = q.limit.unwrap_or(100);
    if offset < 0 {
        return Err(AppError::invalid("offset", "must be 0 or more"));
    }
    if !(0..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", "must be 0 to 1000"));
    }
    let summary =
        super::report::summary(&state.storage, &batch, lang_of(q.lang), offset, limit).await?;
    Ok(Json(summary))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LangQuery {
    /// `en` (default) or `zh`.
    #[param(value_type = Option<String>)]
    pub lang: Option<HeaderLang>,
}

/// The whole report as CSV (UTF-8 with BOM), streamed; text cells neutralised.
#[utoipa::path(get, path = "/api/imports/{id}/report.csv", tag = "imports", params(("id" = i64, Path), LangQuery),
    responses(
        (status = 200, description = "The report", content((String = "text/csv"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such import in your scope", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn report_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    q: Result<Query<LangQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let batch = visible_batch(&state, &user.0, &id).await?;
    let lang = lang_of(q.lang);
    const PAGE: i64 = 5000;
    // The first page now, so that a failure is an error answer rather than a cut file.
    let (first, n) = super::report::csv_page(&state.storage, batch.id, lang, 0, PAGE).await?;
    let storage = state.storage.clone();
    let rest = futures_util::stream::unfold((n as i64 == PAGE).then_some(PAGE), move |offset| {
        let storage = storage.clone();
        async move {
            let offset = offset?;
            match super::report::csv_page(&storage, batch.id, lang, offset, PAGE).await {
                Ok((bytes, n)) => Some((
                    Ok::<_, AppError>(bytes),
                    (n as i64 == PAGE).then_some(offset + PAGE),
                )),
                Err(e) => Some((Err(e), None)),
            }
        }
    });
    // Fused: a body may be polled again after its end (the compression layer does),
    // which an `unfold` that has ended does not allow (it panics).
    let body = futures_util::stream::once(async { Ok(first) })
        .chain(rest)
        .fuse();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"import-{}-report.csv\"", batch.id),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Commit the valid rows: one transaction, all land or none. 409 when already
/// committed, not ready, or with merges undecided.
#[utoipa::path(post, path = "/api/imports/{id}/commit", tag = "imports", params(("id" = i64, Path)),
    responses(
        (status = 200, body = ImportSummary, description = "Committed"),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such import in your scope", body = clientbook_domain::api::ErrorBody),
        (status = 409, description = "import_committed, import_not_ready or merges_undecided")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn commit(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<ImportSummary>> {
    let me = &user.0;
    let batch = visible_batch(&state, me, &id).await?;
    let entry = origin.entry(me, AuditAction::ImportCommit);
    super::commit::commit(
        &state.storage,
        &batch,
        &me.username,
        entry,
        state.settings.today(),
    )
    .await?;
    // The night's load changed the big scopes: compute their figures ahead of sign-in.
    crate::routes::figures::refresh::warm(state.storage.clone(), state.settings.clone());
    let batch = stage::batch(&state.storage, batch.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        super::report::summary(&state.storage, &batch, Lang::En, 0, 100).await?,
    ))
}

/// Cancel an import that is not committed (its staged rows are dropped; its report
/// stays readable). 409 when already committed.
#[utoipa::path(delete, path = "/api/imports/{id}", tag = "imports", params(("id" = i64, Path)),
    responses(
        (status = 200, body = ImportSummary, description = "Cancelled"),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such import in your scope", body = clientbook_domain::api::ErrorBody),
        (status = 409, description = "import_committed")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<ImportSummary>> {
    let me = &user.0;
    let batch = visible_batch(&state, me, &id).await?;
    if !stage::cancel(&state.storage, batch.id).await? && batch.status != ImportStatus::Cancelled {
        return Err(AppError::Conflict {
            code: clientbook_domain::error_code::ErrorCode::ImportCommitted,
            message: "This import is already committed: it cannot be cancelled.".into(),
            current: serde_json::json!({ "id": batch.id, "status": batch.status }),
        });
    }
    let mut entry = origin.entry(me, AuditAction::ImportCancel);
    entry.detail = Some(format!("import={} file={}", batch.id, batch.file_name));
    state.storage.audit(&entry).await?;
    let batch = stage::batch(&state.storage, batch.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        super::report::summary(&state.storage, &batch, Lang::En, 0, 100).await?,
    ))
}

/// Accept or reject the merge proposed for a row (before the commit).
#[utoipa::path(post, path = "/api/imports/{id}/merges/{row}", tag = "imports",
    params(("id" = i64, Path), ("row" = i64, Path)),
    request_body = MergeDecisionRequest,
    responses(
        (status = 200, body = ImportSummary),
        (status = 400, description = "malformed body", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 403, description = "not an admin or branch manager", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such import, or no merge proposed for that row", body = clientbook_domain::api::ErrorBody),
        (status = 409, description = "import_committed or import_not_ready"),
        (status = 422, description = "decision must be accepted or rejected", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, row)): Path<(String, String)>,
    AppJson(body): AppJson<MergeDecisionRequest>,
) -> AppResult<Json<ImportSummary>> {
    let batch = visible_batch(&state, &user.0, &id).await?;
    let row = crate::routes::record_id(&row)?;
    if body.decision == clientbook_domain::import::MergeDecision::Pending {
        return Err(AppError::invalid(
            "decision",
            "must be accepted or rejected",
        ));
    }
    if batch.status != ImportStatus::Ready {
        return Err(AppError::Conflict {
            code: if batch.status == ImportStatus::Committed {
                clientbook_domain::error_code::ErrorCode::ImportCommitted
            } else {
                clientbook_domain::error_code::ErrorCode::ImportNotReady
            },
            message: "Merges are decided while the import is ready to commit.".into(),
            current: serde_json::json!({ "id": batch.id, "status": batch.status }),
        });
    }
    if !stage::decide_merge(&state.storage, batch.id, row, body.decision).await? {
        return Err(AppError::NotFound);
    }
    Ok(Json(
        super::report::summary(&state.storage, &batch, Lang::En, 0, 100).await?,
    ))
}

/// The template of a kind of file: its header row (English or Chinese) and one example
/// row, as UTF-8 CSV with a BOM (what Excel opens correctly).
#[utoipa::path(get, path = "/api/imports/templates/{kind}", tag = "imports",
    params(("kind" = String, Path, description = "customers, holdings, monthly_flows, contacts or surveys"), LangQuery),
    responses(
        (status = 200, description = "The template", content((String = "text/csv"))),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 404, description = "no such kind", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %_user.0.username))]
pub async fn template(
    _user: CurrentUser,
    Path(kind): Path<String>,
    q: Result<Query<LangQuery>, QueryRejection>,
) -> AppResult<Response> {
    let q = query(q)?;
    let kind = ImportKind::parse(kind.trim_end_matches(".csv")).ok_or(AppError::NotFound)?;
    let lang = q.lang.unwrap_or(HeaderLang::En);
    let suffix = match lang {
        HeaderLang::En => "en",
        HeaderLang::Zh => "zh",
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-template-{suffix}.csv\"",
                    kind.as_str()
                ),
            ),
        ],
        templates::csv(kind, lang),
    )
        .into_response())
}
