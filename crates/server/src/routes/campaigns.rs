//! Campaigns (营销活动), docs/rules.md, Campaigns. A branch manager defines one for the
//! branch, an admin for the bank; starting it freezes the segment, computed here with the
//! scoring crate over the campaign's scope (the functions the browser previews with).
//! RMs log contacts and responses for their members; results per campaign and per RM.

use super::record_id;
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{CampaignView, FrozenMember, FrozenReason, Versioned};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody, Me, Role};
use clientbook_domain::campaign::{
    campaign_results, select, Campaign, CampaignId, CampaignKind, CampaignList, CampaignMember,
    CampaignMembers, CampaignResults, CampaignStatus, CampaignVersion, Exclusion, MemberUpdate,
    NewCampaign, RmResults, CAMPAIGN_NAME_MAX_CHARS,
};
use clientbook_domain::masking::mask_name;
use clientbook_domain::service::SHORT_TEXT_MAX_CHARS;
use clientbook_domain::{score_book, BranchId, CustomerId};
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list_campaigns).post(create_campaign))
        .route("/campaigns/{id}", get(get_campaign))
        .route("/campaigns/{id}/start", post(start_campaign))
        .route("/campaigns/{id}/finish", post(finish_campaign))
        .route("/campaigns/{id}/members", get(list_members))
        .route("/campaigns/{id}/members/{customer_id}", put(update_member))
        .route("/campaigns/{id}/results", get(results))
}

/// The campaigns `me` sees.
fn view(me: &Me) -> AppResult<CampaignView> {
    Ok(match (me.role, me.branch_id) {
        (Role::Admin | Role::Compliance, _) => CampaignView::All,
        (Role::BranchManager, Some(b)) => CampaignView::Branch(b),
        (Role::BranchManager, None) => return Err(AppError::NotFound),
        (Role::RelationshipManager, _) => CampaignView::Rm(me.id),
    })
}

/// The members `me` counts and sees: their scope; an admin counts every member (figures,
/// never a customer's name).
fn member_scope(me: &Me) -> Scope {
    match me.role {
        Role::Admin => Scope::All,
        _ => Scope::of(me),
    }
}

/// The campaign if `me` sees it (404 otherwise).
async fn visible(state: &AppState, me: &Me, id: CampaignId) -> AppResult<Campaign> {
    state
        .storage
        .campaigns(view(me)?, member_scope(me), Some(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The campaign if `me` may run it (its branch's manager, or an admin for a bank-wide
/// one): 403 for another role, 404 for a campaign not theirs.
async fn runnable(state: &AppState, me: &Me, raw: &str) -> AppResult<(Campaign, Scope)> {
    let id = CampaignId(record_id(raw)?);
    let owner_scope = |c: &Campaign| match (me.role, c.branch_id, me.branch_id) {
        (Role::Admin, None, _) => Some(Scope::All),
        (Role::BranchManager, Some(b), Some(mine)) if b == mine => Some(Scope::Branch(b)),
        _ => None,
    };
    if !matches!(me.role, Role::Admin | Role::BranchManager) {
        return Err(AppError::Forbidden);
    }
    let c = visible(state, me, id).await?;
    let scope = owner_scope(&c).ok_or(AppError::NotFound)?;
    Ok((c, scope))
}

#[utoipa::path(get, path = "/api/campaigns", tag = "campaigns",
    responses((status = 200, body = CampaignList)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<CampaignList>> {
    let me = &user.0;
    let campaigns = state
        .storage
        .campaigns(view(me)?, member_scope(me), None)
        .await?;
    Ok(Json(CampaignList { campaigns }))
}

#[utoipa::path(get, path = "/api/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, body = Campaign), (status = 404, description = "not_found")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn get_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<Campaign>> {
    let id = CampaignId(record_id(&id)?);
    Ok(Json(visible(&state, &user.0, id).await?))
}

/// Define a draft campaign: a branch manager for the branch, an admin for the bank.
#[utoipa::path(post, path = "/api/campaigns", tag = "campaigns",
    request_body = NewCampaign,
    responses((status = 201, body = Campaign), (status = 403, description = "forbidden"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn create_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<NewCampaign>,
) -> AppResult<(StatusCode, Json<Campaign>)> {
    let me = &user.0;
    let branch: Option<BranchId> = match (me.role, me.branch_id) {
        (Role::Admin, _) => None,
        (Role::BranchManager, Some(b)) => Some(b),
        _ => return Err(AppError::Forbidden),
    };
    let mut p = Problems::new();
    p.text("name", &req.name, CAMPAIGN_NAME_MAX_CHARS);
    p.text("goal", &req.goal, SHORT_TEXT_MAX_CHARS);
    p.text("offer", &req.offer, SHORT_TEXT_MAX_CHARS);
    if req.ends_on < req.starts_on {
        p.add("ends_on", "must not be before starts_on");
    }
    if req.ends_on > req.starts_on + chrono::Days::new(366) {
        p.add("ends_on", "must be within a year of starts_on");
    }
    match req.event_on {
        Some(on) if on < req.starts_on || on > req.ends_on => {
            p.add("event_on", "must be between starts_on and ends_on")
        }
        None if req.kind == CampaignKind::Seminar => {
            p.add("event_on", "a seminar needs its event date")
        }
        _ => {}
    }
    for (field, problem) in req.segment.problems() {
        p.add(field, problem);
    }
    if let Some(earlier) = req.segment.invited_to {
        let ok = visible(&state, me, earlier)
            .await
            .ok()
            .is_some_and(|c| c.status != CampaignStatus::Draft);
        if !ok {
            p.add(
                "segment.invited_to",
                "must be a started campaign you can see",
            );
        }
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::CreateCampaign);
    entry.fields = vec!["campaigns".into()];
    let id = state
        .storage
        .create_campaign(branch, me.id, &req, &entry)
        .await?;
    Ok((StatusCode::CREATED, Json(visible(&state, me, id).await?)))
}

/// Start the campaign: freeze the segment over the campaign's scope, scored with the
/// policy and shelf of today; customers who opted out of marketing are stored as left
/// out. 409 when the campaign is not the draft of `version`.
#[utoipa::path(post, path = "/api/campaigns/{id}/start", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    request_body = CampaignVersion,
    responses((status = 200, body = Campaign), (status = 403, description = "forbidden"),
        (status = 404, description = "not_found"),
        (status = 409, description = "stale_version: not the draft of that version, with the campaign as `current`")))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn start_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<CampaignVersion>,
) -> AppResult<Json<Campaign>> {
    let me = &user.0;
    let (c, scope) = runnable(&state, me, &id).await?;
    if c.status != CampaignStatus::Draft || c.version != req.version {
        return Err(AppError::stale(&c));
    }
    let today = state.settings.today();
    let policy = load_policy(&state.storage).await?;
    let shelf = state.storage.products().await?;
    let book = state
        .storage
        .book(scope, today, super::book::BOOK_MONTHS)
        .await?;
    let scored = score_book(&book, &policy, &shelf, today);
    let invited = match c.segment.invited_to {
        Some(earlier) => state.storage.invited_to(earlier).await?,
        None => BTreeSet::new(),
    };
    let opted_out = state.storage.marketing_opt_outs(scope).await?;
    let members: Vec<FrozenMember> = select(&c.segment, &book, &scored.customers, &invited, today)
        .into_iter()
        .map(|(i, reasons)| FrozenMember {
            customer: book[i].id,
            rm: book[i].rm_id,
            why: FrozenReason {
                tier: scored.customers[i].tier,
                reasons,
            },
            excluded: opted_out
                .contains(&book[i].id)
                .then_some(Exclusion::MarketingOptOut),
        })
        .collect();
    let mut entry = origin.entry(me, AuditAction::StartCampaign);
    entry.fields = vec!["campaign_members".into()];
    match state
        .storage
        .start_campaign(c.id, req.version, &members, &entry)
        .await?
    {
        Versioned::Stale => Err(AppError::stale(&visible(&state, me, c.id).await?)),
        Versioned::Done(()) => Ok(Json(visible(&state, me, c.id).await?)),
    }
}

#[utoipa::path(post, path = "/api/campaigns/{id}/finish", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    request_body = CampaignVersion,
    responses((status = 200, body = Campaign), (status = 403, description = "forbidden"),
        (status = 404, description = "not_found"),
        (status = 409, description = "stale_version: not running at that version")))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn finish_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<CampaignVersion>,
) -> AppResult<Json<Campaign>> {
    let me = &user.0;
    let (c, _) = runnable(&state, me, &id).await?;
    let mut entry = origin.entry(me, AuditAction::FinishCampaign);
    entry.detail = Some(format!("campaign={}", c.id));
    match state
        .storage
        .finish_campaign(c.id, req.version, &entry)
        .await?
    {
        Versioned::Stale => Err(AppError::stale(&c)),
        Versioned::Done(()) => Ok(Json(visible(&state, me, c.id).await?)),
    }
}

/// The members in the caller's scope (an RM: their book), names masked; audited.
#[utoipa::path(get, path = "/api/campaigns/{id}/members", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignMembers), (status = 404, description = "not_found")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<CampaignMembers>> {
    let me = &user.0;
    let campaign = visible(&state, me, CampaignId(record_id(&id)?)).await?;
    let policy = load_policy(&state.storage).await?;
    let mut members = state
        .storage
        .campaign_members(campaign.id, Scope::of(me), None)
        .await?;
    for m in &mut members {
        m.name = mask_name(&m.name, &policy.masking);
    }
    let mut entry = origin.entry(me, AuditAction::ReadCampaignMembers);
    entry.detail = Some(format!("campaign={} count={}", campaign.id, members.len()));
    state.storage.audit(&entry).await?;
    Ok(Json(CampaignMembers { campaign, members }))
}

/// Log a contact and/or move the member's response one step (invited → accepted →
/// attended, or declined). 409 `illegal_transition` for a move the rule does not allow,
/// 409 `stale_version` when the member changed since `version`.
#[utoipa::path(put, path = "/api/campaigns/{id}/members/{customer_id}", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id"), ("customer_id" = i64, Path, description = "Customer id")),
    request_body = MemberUpdate,
    responses((status = 200, body = CampaignMember), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"),
        (status = 409, description = "stale_version or illegal_transition, with the member as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn update_member(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, customer)): Path<(String, String)>,
    AppJson(req): AppJson<MemberUpdate>,
) -> AppResult<Json<CampaignMember>> {
    let me = &user.0;
    let scope = super::write_scope(me)?;
    let campaign = visible(&state, me, CampaignId(record_id(&id)?)).await?;
    let customer = CustomerId(record_id(&customer)?);
    let policy = load_policy(&state.storage).await?;
    let current = || async {
        let mut m = state
            .storage
            .campaign_members(campaign.id, scope, Some(customer))
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        m.name = mask_name(&m.name, &policy.masking);
        AppResult::Ok(m)
    };
    let member = current().await?;
    if member.excluded.is_some() {
        return Err(AppError::invalid(
            "customer_id",
            "is left out of the campaign (marketing opt-out) and may not be contacted",
        ));
    }
    if campaign.status != CampaignStatus::Running {
        return Err(AppError::illegal_transition(
            "The campaign is not running: responses can no longer be logged.".to_owned(),
            &member,
        ));
    }
    if !req.contacted && req.response.is_none() {
        return Err(AppError::invalid(
            "response",
            "send a response or contacted: true",
        ));
    }
    if req.version != member.version {
        return Err(AppError::stale(&member));
    }
    if let Some(to) = req.response {
        if !member.response.can_move_to(to) {
            return Err(AppError::illegal_transition(
                format!(
                    "A response moves one way (invited → accepted → attended, or declined): \
                     {:?} cannot become {to:?}.",
                    member.response
                ),
                &member,
            ));
        }
    }
    let mut entry = origin.entry(me, AuditAction::UpdateCampaignMember);
    entry.customer_id = Some(customer.0);
    entry.fields = vec!["campaign_members".into()];
    match state
        .storage
        .update_member(campaign.id, customer, member.response, &req, &entry)
        .await?
    {
        Versioned::Stale => Err(AppError::stale(&current().await?)),
        Versioned::Done(()) => Ok(Json(current().await?)),
    }
}

/// Reach, responses, opportunities and won amount, for the members reached and those of
/// the same segment not reached, per campaign and per RM (an RM: their own members).
#[utoipa::path(get, path = "/api/campaigns/{id}/results", tag = "campaigns",
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignResults), (status = 404, description = "not_found")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn results(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<CampaignResults>> {
    let me = &user.0;
    let campaign = visible(&state, me, CampaignId(record_id(&id)?)).await?;
    let started = state
        .storage
        .campaign_started_at(campaign.id)
        .await?
        .unwrap_or(i64::MAX);
    let outcomes = state
        .storage
        .campaign_outcomes(campaign.id, member_scope(me), started)
        .await?;
    let names: std::collections::BTreeMap<_, _> = outcomes
        .iter()
        .map(|(o, name)| (o.rm_id, name.clone()))
        .collect();
    let only: Vec<_> = outcomes.into_iter().map(|(o, _)| o).collect();
    let (total, per_rm) = campaign_results(&only);
    Ok(Json(CampaignResults {
        campaign,
        total,
        per_rm: per_rm
            .into_iter()
            .map(|(rm_id, figures)| RmResults {
                rm_name: names.get(&rm_id).cloned().unwrap_or_default(),
                rm_id,
                figures,
            })
            .collect(),
    }))
}
