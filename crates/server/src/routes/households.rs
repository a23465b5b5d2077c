//! Households (docs/rules.md, Households): a customer's household as the caller may see
//! it, and adding or taking out a member by hand. Members outside the caller's scope
//! are counted, never named nor summed.

use super::{customer_id, writable_customer};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{HouseholdRefusal, Versioned};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{delete, get};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody};
use clientbook_domain::household::{
    summarise, AddHouseholdMember, HouseholdMemberView, HouseholdView, RemoveHouseholdMember,
};
use clientbook_domain::masking::mask_name;
use clientbook_domain::tier::tier;
use clientbook_domain::CustomerId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/household", get(household))
        .route(
            "/customers/{id}/household/members",
            axum::routing::post(add_member),
        )
        .route(
            "/customers/{id}/household/members/{member}",
            delete(remove_member),
        )
}

/// The household view of customer `id` in `scope`, masked; `None` when not in scope.
pub async fn household_view(
    state: &AppState,
    scope: Scope,
    id: CustomerId,
) -> AppResult<Option<HouseholdView>> {
    let Some(rows) = state.storage.household(scope, id).await? else {
        return Ok(None);
    };
    let policy = load_policy(&state.storage).await?;
    let today = state.settings.today();
    let mut members = vec![];
    let mut customers = vec![];
    for (member, role) in rows.visible {
        let Some(c) = state.storage.book_customer(scope, member, today).await? else {
            continue;
        };
        members.push(HouseholdMemberView {
            id: member,
            name: mask_name(&c.name, &policy.masking),
            role,
            aum: c.aum(),
            tier: tier(&c, &policy.tiers),
        });
        customers.push(c);
    }
    let summary = rows.household.map(|_| {
        summarise(
            &customers.iter().collect::<Vec<_>>(),
            rows.others_not_in_scope,
            &policy.tiers,
        )
    });
    Ok(Some(HouseholdView {
        members,
        summary,
        version: rows.version,
    }))
}

/// The customer's household: the members the caller may see (masked, the customer
/// first), the combined figures over them, and how many others there are. Audited as a
/// read of the customer.
#[utoipa::path(get, path = "/api/customers/{id}/household", tag = "households",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = HouseholdView), (status = 404, description = "not_found (or not in your scope)")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn household(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<HouseholdView>> {
    let me = &user.0;
    let id = customer_id(&id)?;
    let view = household_view(&state, Scope::of(me), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut entry = origin.entry(me, AuditAction::ReadCustomer);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["household".into()];
    state.storage.audit(&entry).await?;
    Ok(Json(view))
}

fn refused(refusal: HouseholdRefusal) -> AppError {
    let mut p = Problems::new();
    p.add(
        "member",
        match refusal {
            HouseholdRefusal::MemberNotInScope => "is not another customer of your book",
            HouseholdRefusal::MemberInAnotherHousehold => {
                "is in another household: take them out of it first"
            }
            HouseholdRefusal::AlreadyMember => "is already in this household",
            HouseholdRefusal::NotAMember => "is not in this household",
        },
    );
    p.finish().err().unwrap_or(AppError::NotFound)
}

async fn answer(
    state: &AppState,
    scope: Scope,
    id: CustomerId,
    outcome: Option<Versioned<Result<(), HouseholdRefusal>>>,
) -> AppResult<Json<HouseholdView>> {
    match outcome.ok_or(AppError::NotFound)? {
        Versioned::Done(Err(refusal)) => Err(refused(refusal)),
        Versioned::Stale => {
            let current = household_view(state, scope, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Err(AppError::stale(&current))
        }
        Versioned::Done(Ok(())) => Ok(Json(
            household_view(state, scope, id)
                .await?
                .ok_or(AppError::NotFound)?,
        )),
    }
}

/// Add a customer of the caller's scope to this customer's household (a customer in no
/// household gets a new one, as its head). Audited; 409 with the household as it is
/// when the customer's version is not the one sent.
#[utoipa::path(post, path = "/api/customers/{id}/household/members", tag = "households",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = AddHouseholdMember,
    responses((status = 200, body = HouseholdView), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with the household as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<AddHouseholdMember>,
) -> AppResult<Json<HouseholdView>> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let mut entry = origin.entry(me, AuditAction::HouseholdAdd);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["household_id".into(), "household_role".into()];
    entry.detail = Some(format!("member={}", req.member.0));
    let outcome = state
        .storage
        .add_household_member(scope, id, req.member, req.role, req.version, &entry)
        .await?;
    answer(&state, scope, id, outcome).await
}

/// Take a member of the caller's scope out of this customer's household (the customer
/// themself may leave). Audited; 409 on a stale version.
#[utoipa::path(delete, path = "/api/customers/{id}/household/members/{member}", tag = "households",
    params(("id" = i64, Path, description = "Customer id"), ("member" = i64, Path, description = "The member's customer id")),
    request_body = RemoveHouseholdMember,
    responses((status = 200, body = HouseholdView), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with the household as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, member)): Path<(String, String)>,
    AppJson(req): AppJson<RemoveHouseholdMember>,
) -> AppResult<Json<HouseholdView>> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let member = customer_id(&member)?;
    let mut entry = origin.entry(me, AuditAction::HouseholdRemove);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["household_id".into(), "household_role".into()];
    entry.detail = Some(format!("member={}", member.0));
    let outcome = state
        .storage
        .remove_household_member(scope, id, member, req.version, &entry)
        .await?;
    answer(&state, scope, id, outcome).await
}
