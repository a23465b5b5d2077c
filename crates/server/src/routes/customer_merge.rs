//! Merging two customers the bank recorded twice (docs/rules.md, Merging customers):
//! the two side by side, then the merge. An admin merges across the bank, a branch
//! manager within their branch; nobody else (a relationship manager gets 403). A
//! customer outside the caller's scope, or retired by an earlier merge, answers 404.

use super::customer_id;
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::masking::mask_email;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{parse_enum, MergeCustomerRow, MergeRefusal};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody, Me, Role};
use clientbook_domain::customer_merge::{
    MergeCustomers, MergeDone, MergeFieldChoice, MergePreview, MergeSide, MergeableField,
};
use clientbook_domain::masking::{mask_address, mask_id_number, mask_mobile, mask_name};
use clientbook_domain::policy::MaskingPolicy;
use clientbook_domain::CustomerId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/merge-preview", get(preview))
        .route("/customers/{id}/merge", post(merge))
}

/// Who may merge, and over what: an admin the whole bank, a branch manager their branch.
fn merge_scope(me: &Me) -> AppResult<Scope> {
    match me.role {
        Role::Admin => Ok(Scope::All),
        Role::BranchManager => Ok(Scope::of(me)),
        Role::Compliance => Err(AppError::ReadOnly),
        Role::RelationshipManager => Err(AppError::Forbidden),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MergePreviewQuery {
    /// The duplicate: its customer number (客户号), or its id.
    pub other: String,
}

fn shown(f: MergeableField, v: Option<&str>, p: &MaskingPolicy) -> Option<String> {
    let v = v.filter(|v| !v.is_empty())?;
    Some(match f {
        MergeableField::Name => mask_name(v, p),
        MergeableField::Phone => mask_mobile(v, p),
        MergeableField::Email => mask_email(v),
        MergeableField::Address => mask_address(v, p),
        // The year says the generation; the day is personal.
        MergeableField::BirthDate => format!("{}-**-**", v.get(..4).unwrap_or("****")),
        _ => v.to_owned(),
    })
}

fn side(c: &MergeCustomerRow, p: &MaskingPolicy) -> MergeSide {
    MergeSide {
        id: c.id,
        customer_no: c.customer_no.clone(),
        name: mask_name(c.get(MergeableField::Name).unwrap_or_default(), p),
        rm_id: c.rm_id,
        version: c.version,
        id_type: parse_enum(&c.id_type).ok(),
        id_number: Some(mask_id_number(&c.id_number, p)),
        history_records: c.history_records,
    }
}

/// The kept customer (`id`) and the duplicate side by side, masked: every choosable
/// field with whether it differs, and how many history records each has. Audited as a
/// read of both.
#[utoipa::path(get, path = "/api/customers/{id}/merge-preview", tag = "customers",
    params(("id" = i64, Path, description = "The customer to keep"), MergePreviewQuery),
    responses((status = 200, body = MergePreview),
        (status = 403, description = "forbidden: only an admin or a branch manager merges"),
        (status = 404, description = "not_found: either customer is not in your scope, or was merged already"),
        (status = 422, description = "validation: the duplicate is the customer itself", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn preview(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    query: Result<Query<MergePreviewQuery>, QueryRejection>,
) -> AppResult<Json<MergePreview>> {
    let me = &user.0;
    let scope = merge_scope(me)?;
    let Query(q) = query.map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: Some("other".into()),
    })?;
    let id = customer_id(&id)?;
    let other = state
        .storage
        .find_customer(scope, q.other.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if other == id {
        let mut p = Problems::new();
        p.add("other", "is the customer itself: name the duplicate");
        p.finish()?;
    }
    let (k, d) = state
        .storage
        .merge_pair(scope, id, other)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = load_policy(&state.storage).await?;
    let p = &policy.masking;
    let fields = MergeableField::ALL
        .into_iter()
        .map(|f| MergeFieldChoice {
            field: f,
            kept: shown(f, k.get(f), p),
            duplicate: shown(f, d.get(f), p),
            differs: k.get(f).unwrap_or_default() != d.get(f).unwrap_or_default(),
        })
        .collect();
    for c in [k.id, d.id] {
        let mut entry = origin.entry(me, AuditAction::ReadCustomer);
        entry.customer_id = Some(c);
        entry.detail = Some(format!("merge_preview kept={} duplicate={}", k.id, d.id));
        state.storage.audit(&entry).await?;
    }
    Ok(Json(MergePreview {
        kept: side(&k, p),
        duplicate: side(&d, p),
        fields,
    }))
}

/// Merge the duplicate into customer `id` in one transaction: the fields named take the
/// duplicate's values, all its history moves to `id`, it is retired as merged into `id`
/// (never deleted). Audited on both customers with the field choices.
#[utoipa::path(post, path = "/api/customers/{id}/merge", tag = "customers",
    params(("id" = i64, Path, description = "The customer to keep")),
    request_body = MergeCustomers,
    responses((status = 200, body = MergeDone),
        (status = 403, description = "forbidden: only an admin or a branch manager merges"),
        (status = 404, description = "not_found: either customer is not in your scope, or was merged already"),
        (status = 409, description = "stale_version: either customer changed since the preview"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<MergeCustomers>,
) -> AppResult<Json<MergeDone>> {
    let me = &user.0;
    let scope = merge_scope(me)?;
    let id = customer_id(&id)?;
    let mut p = Problems::new();
    if req.duplicate == id.0 {
        p.add("duplicate", "is the customer itself: name the duplicate");
    }
    let mut take = req.take_from_duplicate.clone();
    take.sort();
    take.dedup();
    if take.len() != req.take_from_duplicate.len() {
        p.add("take_from_duplicate", "names a field twice");
    }
    p.finish()?;
    let duplicate = CustomerId(req.duplicate);
    // Its action, customer, fields and detail are the merge's (storage::audit_merge).
    let entry = origin.entry(me, AuditAction::MergeCustomers);
    match state
        .storage
        .merge_customers(
            scope,
            id,
            duplicate,
            &take,
            (req.version, req.duplicate_version),
            &entry,
        )
        .await?
    {
        Ok((moved, version)) => Ok(Json(MergeDone {
            kept: id.0,
            retired: duplicate.0,
            moved,
            version,
        })),
        Err(MergeRefusal::NotFound) => Err(AppError::NotFound),
        Err(MergeRefusal::Stale) => {
            let current = state.storage.merge_pair(scope, id, duplicate).await?.map(
                |(k, d)| serde_json::json!({"version": k.version, "duplicate_version": d.version}),
            );
            Err(AppError::stale(&current))
        }
    }
}
