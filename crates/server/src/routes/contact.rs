//! The contact log (联系记录), the follow-up date and, for a branch manager, who owns
//! the customer. Each change bumps the customer's version.

use super::{customer_id, writable_customer, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::masking::mask_customer;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{NewInteractionRow, Versioned};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody, Role};
use clientbook_domain::service::{
    ChangeOwner, ContactState, InteractionCreated, NewInteraction, OwnerChanged, SetNextContact,
    LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS,
};
use clientbook_domain::CustomerId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/interactions", post(record_interaction))
        .route("/customers/{id}/next-contact", put(set_next_contact))
        .route("/customers/{id}/owner", put(change_owner))
}

/// The customer as it is now, masked, for a 409.
async fn current_customer(state: &AppState, scope: Scope, id: CustomerId) -> AppResult<AppError> {
    let policy = load_policy(&state.storage).await?;
    let mut c = state
        .storage
        .book_customer(scope, id, state.settings.today())
        .await?
        .ok_or(AppError::NotFound)?;
    mask_customer(&mut c, &policy.masking);
    Ok(AppError::stale(&c))
}

/// Log a contact. `occurred_on` not in the future nor before the relationship began;
/// `next_contact_on` after it. Updates the customer's last and next contact and version.
#[utoipa::path(post, path = "/api/customers/{id}/interactions", tag = "contact",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = NewInteraction,
    responses((status = 201, body = InteractionCreated), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn record_interaction(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<NewInteraction>,
) -> AppResult<(StatusCode, Json<InteractionCreated>)> {
    let me = &user.0;
    let (scope, id, c) = writable_customer(&state, me, &id).await?;
    let today = state.settings.today();
    let mut p = Problems::new();
    if req.occurred_on > today {
        p.add(
            "occurred_on",
            format!("must not be in the future (today is {today})"),
        );
    }
    if req.occurred_on < c.since {
        p.add(
            "occurred_on",
            format!("must not be before the relationship began ({})", c.since),
        );
    }
    if let Some(next) = req.next_contact_on {
        if next <= req.occurred_on {
            p.add("next_contact_on", "must be after occurred_on");
        } else if next > today + chrono::Days::new(366 * 2) {
            p.add("next_contact_on", "must be within two years");
        }
    }
    p.opt_text(
        "note",
        req.note.as_deref().filter(|n| !n.is_empty()),
        LONG_TEXT_MAX_CHARS,
    );
    p.opt_text("next_step", req.next_step.as_deref(), SHORT_TEXT_MAX_CHARS);
    p.finish()?;
    let row = NewInteractionRow {
        occurred_on: req.occurred_on,
        kind: req.kind,
        channel: req.channel,
        outcome: req.outcome,
        note: req.note.unwrap_or_default(),
        next_step: req.next_step,
    };
    let mut entry = origin.entry(me, AuditAction::RecordInteraction);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["interactions".into(), "last_contact_on".into()];
    if req.next_contact_on.is_some() {
        entry.fields.push("next_contact_on".into());
    }
    let (interaction_id, contact) = state
        .storage
        .record_interaction(scope, id, me.id, &row, req.next_contact_on, &entry)
        .await?
        .ok_or(AppError::NotFound)?;
    let interaction = state
        .storage
        .interactions(id, Some(interaction_id))
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("the new interaction is gone"))?;
    Ok((
        StatusCode::CREATED,
        Json(InteractionCreated {
            interaction,
            contact,
        }),
    ))
}

/// Set the next contact date by hand (`null` clears it); not in the past.
#[utoipa::path(put, path = "/api/customers/{id}/next-contact", tag = "contact",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = SetNextContact,
    responses((status = 200, body = ContactState), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with the customer as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn set_next_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<SetNextContact>,
) -> AppResult<Json<ContactState>> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let today = state.settings.today();
    let mut p = Problems::new();
    if let Some(next) = req.next_contact_on {
        if next < today {
            p.add(
                "next_contact_on",
                format!("must not be in the past (today is {today})"),
            );
        } else if next > today + chrono::Days::new(366 * 2) {
            p.add("next_contact_on", "must be within two years");
        }
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::SetNextContact);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["next_contact_on".into()];
    match state
        .storage
        .set_next_contact(scope, id, req.next_contact_on, req.version, &entry)
        .await?
    {
        None => Err(AppError::NotFound),
        Some(Versioned::Stale) => Err(current_customer(&state, scope, id).await?),
        Some(Versioned::Done(s)) => Ok(Json(s)),
    }
}

/// Give the customer to another RM of the same branch (branch managers only).
#[utoipa::path(put, path = "/api/customers/{id}/owner", tag = "contact",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = ChangeOwner,
    responses((status = 200, body = OwnerChanged), (status = 403, description = "forbidden or read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with the customer as `current`"),
        (status = 422, description = "validation: rm_id is not an RM of the branch", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn change_owner(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<ChangeOwner>,
) -> AppResult<Json<OwnerChanged>> {
    let me = &user.0;
    let scope = write_scope(me)?;
    if me.role != Role::BranchManager {
        return Err(AppError::Forbidden);
    }
    let id = customer_id(&id)?;
    let mut entry = origin.entry(me, AuditAction::ChangeOwner);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["rm_id".into()];
    match state
        .storage
        .change_owner(scope, id, req.rm_id, req.version, &entry)
        .await?
    {
        None => Err(AppError::NotFound),
        Some(Versioned::Stale) => Err(current_customer(&state, scope, id).await?),
        Some(Versioned::Done(version)) => Ok(Json(OwnerChanged {
            customer_id: id,
            rm_id: req.rm_id,
            version,
        })),
    }
}
