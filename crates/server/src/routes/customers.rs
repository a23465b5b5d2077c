//! One customer's record and the audited reveal of an identifier.

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::masking::{mask_customer, mask_email};
use crate::model::{CustomerDetail, HouseholdMember, RevealField, RevealRequest, RevealResponse};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, Me};
use clientbook_domain::customer_merge::{CustomerMergedBody, MergedInto};
use clientbook_domain::masking::{mask_address, mask_birth_date, mask_name};
use clientbook_domain::policy::MaskingPolicy;
use clientbook_domain::CustomerId;

/// Months of history on the record page.
pub const DETAIL_MONTHS: u32 = 24;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}", get(customer))
        .route("/customers/{id}/reveal", post(reveal))
}

use super::customer_id;

/// The customer's record, masked; 404 when outside the caller's scope. A customer
/// retired by a merge answers 404 `customer_merged` naming the customer it went into
/// (followed to the end of a chain of merges) when the caller may see that one, and the
/// plain `not_found` otherwise (docs/rules.md, Merging customers).
#[utoipa::path(get, path = "/api/customers/{id}", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = CustomerDetail),
        (status = 404, description = "not_found (or not in your scope); customer_merged: retired by a merge into `merged_into`, which is in your scope",
            body = CustomerMergedBody)))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn customer(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<CustomerDetail>> {
    let me = &user.0;
    let id = customer_id(&id)?;
    let policy = load_policy(&state.storage).await?;
    let Some(row) = state
        .storage
        .customer_detail(Scope::of(me), id, state.settings.today(), DETAIL_MONTHS)
        .await?
    else {
        return Err(merged_or_not_found(&state, &origin, me, id, &policy.masking).await?);
    };
    let mut customer = row.customer;
    mask_customer(&mut customer, &policy.masking);
    let mut profile = row.profile;
    profile.email = profile.email.as_deref().map(mask_email);
    // JR/T 0171: the home address and the birth date as shown are masked like the
    // identifiers; their full values only come by an audited reveal.
    profile.address = mask_address(&profile.address, &policy.masking);
    profile.birth_date = mask_birth_date(customer.birth_date, &policy.masking);
    let mut entry = origin.entry(me, AuditAction::ReadCustomer);
    entry.customer_id = Some(id.0);
    state.storage.audit(&entry).await?;
    Ok(Json(CustomerDetail {
        customer,
        profile,
        household: row
            .household_members
            .into_iter()
            .map(|(id, name, role)| HouseholdMember {
                id,
                name: mask_name(&name, &policy.masking),
                household_role: role,
            })
            .collect(),
        interactions: row.interactions,
        complaints: row.complaints,
        notes: row.notes,
    }))
}

/// Why a customer the caller cannot read is not there: retired into a customer they may
/// see (`customer_merged`, the read audited on both), or simply not found.
async fn merged_or_not_found(
    state: &AppState,
    origin: &Origin,
    me: &Me,
    id: CustomerId,
    masking: &MaskingPolicy,
) -> AppResult<AppError> {
    let Some((survivor, customer_no, name)) =
        state.storage.merge_survivor(Scope::of(me), id).await?
    else {
        return Ok(AppError::NotFound);
    };
    for (customer, detail) in [
        (id, format!("merged_into={survivor}")),
        (survivor, format!("merged_from={id}")),
    ] {
        let mut entry = origin.entry(me, AuditAction::ReadCustomer);
        entry.customer_id = Some(customer.0);
        entry.detail = Some(detail);
        state.storage.audit(&entry).await?;
    }
    Ok(AppError::CustomerMerged(MergedInto {
        id: survivor.0,
        customer_no,
        name: mask_name(&name, masking),
    }))
}

/// The full value of one identifier; every reveal is audited.
#[utoipa::path(post, path = "/api/customers/{id}/reveal", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = RevealRequest,
    responses((status = 200, description = "The full value", body = RevealResponse), (status = 404, description = "not_found (or not in your scope)")))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn reveal(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<RevealRequest>,
) -> AppResult<Json<RevealResponse>> {
    let me = &user.0;
    let id = customer_id(&id)?;
    let ids = state
        .storage
        .identifiers(Scope::of(me), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, value) = match req.field {
        RevealField::Name => ("name", ids.name),
        RevealField::Phone => ("phone", ids.phone),
        RevealField::IdNumber => ("id_number", ids.id_number),
        RevealField::Address => ("address", ids.address),
        RevealField::BirthDate => ("birth_date", ids.birth_date),
    };
    let mut entry = origin.entry(me, AuditAction::Reveal);
    entry.customer_id = Some(id.0);
    entry.fields = vec![name.to_owned()];
    state.storage.audit(&entry).await?;
    Ok(Json(RevealResponse {
        field: req.field,
        value,
    }))
}
