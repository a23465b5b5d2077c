//! Free-text notes on a customer, edited with history: the old text is kept as a revision.

use super::{customer_id, record_id, writable_customer, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::scope::Scope;
use crate::storage::Versioned;
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody};
use clientbook_domain::service::{EditNote, NewNote, Note, NOTE_MAX_CHARS};
use clientbook_domain::CustomerId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/notes", post(create_note).get(list_notes))
        .route(
            "/customers/{id}/notes/{note_id}",
            get(get_note).put(edit_note),
        )
}

async fn one_note(state: &AppState, customer: CustomerId, note: i64) -> AppResult<Note> {
    state
        .storage
        .notes(customer, Some(note))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The customer's notes with their revisions, newest first.
#[utoipa::path(get, path = "/api/customers/{id}/notes", tag = "notes",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = Vec<Note>), (status = 404, description = "not_found (or not in your scope)")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn list_notes(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<Note>>> {
    let id = customer_id(&id)?;
    state
        .storage
        .customer_ref(Scope::of(&user.0), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut entry = origin.entry(&user.0, AuditAction::ReadCustomer);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["notes".into()];
    state.storage.audit(&entry).await?;
    Ok(Json(state.storage.notes(id, None).await?))
}

/// One note with its earlier texts (newest first).
#[utoipa::path(get, path = "/api/customers/{id}/notes/{note_id}", tag = "notes",
    params(("id" = i64, Path, description = "Customer id"), ("note_id" = i64, Path, description = "Note id")),
    responses((status = 200, body = Note), (status = 404, description = "not_found")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn get_note(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, note_id)): Path<(String, String)>,
) -> AppResult<Json<Note>> {
    let id = customer_id(&id)?;
    let note_id = record_id(&note_id)?;
    state
        .storage
        .customer_ref(Scope::of(&user.0), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let note = one_note(&state, id, note_id).await?;
    let mut entry = origin.entry(&user.0, AuditAction::ReadCustomer);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["notes".into()];
    state.storage.audit(&entry).await?;
    Ok(Json(note))
}

/// Add a note. The text is stored exactly as sent (the UI escapes it).
#[utoipa::path(post, path = "/api/customers/{id}/notes", tag = "notes",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = NewNote,
    responses((status = 201, body = Note), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn create_note(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<NewNote>,
) -> AppResult<(StatusCode, Json<Note>)> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let mut p = Problems::new();
    p.text("text", &req.text, NOTE_MAX_CHARS);
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::CreateNote);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["notes".into()];
    let note_id = state
        .storage
        .create_note(scope, id, me.id, &req.text, &entry)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(one_note(&state, id, note_id).await?),
    ))
}

/// Replace a note's text; the old text becomes a revision. A stale `version` → 409 with
/// the note as it is now.
#[utoipa::path(put, path = "/api/customers/{id}/notes/{note_id}", tag = "notes",
    params(("id" = i64, Path, description = "Customer id"), ("note_id" = i64, Path, description = "Note id")),
    request_body = EditNote,
    responses((status = 200, body = Note), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn edit_note(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, note_id)): Path<(String, String)>,
    AppJson(req): AppJson<EditNote>,
) -> AppResult<Json<Note>> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let id = customer_id(&id)?;
    let note_id = record_id(&note_id)?;
    state
        .storage
        .customer_ref(scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = one_note(&state, id, note_id).await?;
    let mut p = Problems::new();
    p.text("text", &req.text, NOTE_MAX_CHARS);
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::EditNote);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["notes".into()];
    match state
        .storage
        .edit_note(scope, id, note_id, me.id, &req.text, req.version, &entry)
        .await?
    {
        None => Err(AppError::NotFound),
        Some(Versioned::Stale) => {
            let now = one_note(&state, id, note_id).await.unwrap_or(current);
            Err(AppError::stale(&now))
        }
        Some(Versioned::Done(())) => Ok(Json(one_note(&state, id, note_id).await?)),
    }
}
