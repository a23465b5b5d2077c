//! Opportunities (商机), docs/rules.md, Opportunities: opened from a recommendation, a
//! retention warning, a maturing deposit, a campaign or by hand; moved one way through
//! their stages, each move with who and when; the suitability gate and the protection
//! confirmation checked on the server. Scoped by the customer, names masked, audited.

use super::{record_id, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{
    enum_code, NewOpportunityRow, OpportunityMoveRow, OpportunitySelection, Versioned,
};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Days, NaiveDate};
use clientbook_domain::api::{AuditAction, ErrorBody, Me};
use clientbook_domain::masking::mask_name;
use clientbook_domain::opportunity::{
    check_move, confirmation_needed, suitability_gate, NewOpportunity, OpportunitiesResponse,
    Opportunity, OpportunityMove, OpportunityNextStep, OpportunityStage, ProtectionConfirmation,
    SourceDetail, SourceFigure, SOURCE_DETAIL_MAX_FIGURES, SOURCE_FIGURE_NAME_MAX_CHARS,
    SOURCE_FIGURE_TEXT_MAX_CHARS,
};
use clientbook_domain::service::SHORT_TEXT_MAX_CHARS;
use clientbook_domain::suitability::{self, SuitabilityProfile};
use clientbook_domain::{CustomerId, Money, Product, ProductFamily, ProductRisk, ScoringPolicy};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/opportunities", post(create).get(list))
        .route("/opportunities/{id}", get(one))
        .route("/opportunities/{id}/moves", post(move_stage))
        .route("/opportunities/{id}/next-step", put(set_next_step))
}

/// The largest expected amount accepted: 10 billion CNY (a typing error beyond it).
const EXPECTED_AMOUNT_MAX: Money = Money::from_yuan(10_000_000_000);

fn masked(mut o: Opportunity, policy: &ScoringPolicy) -> Opportunity {
    o.customer_name = mask_name(&o.customer_name, &policy.masking);
    o
}

/// One opportunity of the scope, masked; 404 when out of scope.
async fn one_opportunity(state: &AppState, scope: Scope, id: i64) -> AppResult<Opportunity> {
    let policy = load_policy(&state.storage).await?;
    state
        .storage
        .opportunities(scope, OpportunitySelection::One(id))
        .await?
        .pop()
        .map(|o| masked(o, &policy))
        .ok_or(AppError::NotFound)
}

/// The customer's suitability today, and the product named (if any).
async fn suitability_of(
    state: &AppState,
    scope: Scope,
    customer: CustomerId,
    policy: &ScoringPolicy,
) -> AppResult<SuitabilityProfile> {
    let today = state.settings.today();
    let c = state
        .storage
        .book_customer(scope, customer, today)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(suitability::score(&c, policy, today))
}

async fn product(
    state: &AppState,
    id: Option<clientbook_domain::ProductId>,
) -> AppResult<Option<Product>> {
    let Some(id) = id else { return Ok(None) };
    Ok(state
        .storage
        .products()
        .await?
        .into_iter()
        .find(|p| p.id == id))
}

fn check_next_step(p: &mut Problems, step: Option<&str>, on: Option<NaiveDate>, today: NaiveDate) {
    p.opt_text("next_step", step, SHORT_TEXT_MAX_CHARS);
    if let Some(on) = on {
        if on < today {
            p.add(
                "next_step_on",
                format!("must not be in the past (today is {today})"),
            );
        } else if on > today + Days::new(366 * 2) {
            p.add("next_step_on", "must be within two years");
        }
    }
}

fn check_source_detail(p: &mut Problems, detail: &SourceDetail) {
    if detail.len() > SOURCE_DETAIL_MAX_FIGURES {
        p.add(
            "source_detail",
            format!("must hold at most {SOURCE_DETAIL_MAX_FIGURES} figures"),
        );
    }
    for (name, figure) in detail {
        let n = name.chars().count();
        if n == 0 || n > SOURCE_FIGURE_NAME_MAX_CHARS {
            p.add(
                "source_detail",
                format!("a figure's name must be 1 to {SOURCE_FIGURE_NAME_MAX_CHARS} characters"),
            );
        }
        match figure {
            SourceFigure::Text(t) if t.chars().count() > SOURCE_FIGURE_TEXT_MAX_CHARS => p.add(
                format!("source_detail.{name}"),
                format!("must be at most {SOURCE_FIGURE_TEXT_MAX_CHARS} characters"),
            ),
            SourceFigure::Decimal(d) if !d.is_finite() => {
                p.add(format!("source_detail.{name}"), "must be a finite number")
            }
            _ => {}
        }
    }
}

/// Open an opportunity at stage `identified` for a customer of the caller's scope (owned
/// by the customer's RM). A named product must be of `product_family` and pass the
/// suitability gate: a refusal is a 422 on `product_id` saying why.
#[utoipa::path(post, path = "/api/opportunities", tag = "opportunities",
    request_body = NewOpportunity,
    responses((status = 201, body = Opportunity), (status = 403, description = "read_only"),
        (status = 404, description = "not_found: the customer is not in scope"),
        (status = 422, description = "validation, or the suitability refusal on product_id", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<NewOpportunity>,
) -> AppResult<(StatusCode, Json<Opportunity>)> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let customer = req.customer_id;
    let policy = load_policy(&state.storage).await?;
    // 404 before any field is judged: a customer out of scope does not exist.
    let profile = suitability_of(&state, scope, customer, &policy).await?;
    let today = state.settings.today();
    let mut p = Problems::new();
    if req.expected_amount_fen <= Money::ZERO || req.expected_amount_fen > EXPECTED_AMOUNT_MAX {
        p.add(
            "expected_amount_fen",
            "must be more than 0 and at most 10,000,000,000 CNY (in fen)",
        );
    }
    check_next_step(&mut p, req.next_step.as_deref(), req.next_step_on, today);
    check_source_detail(&mut p, &req.source_detail);
    let product = product(&state, req.product_id).await?;
    match (&product, req.product_id) {
        (None, Some(id)) => p.add("product_id", format!("no product {id} on the shelf")),
        (Some(prod), _) if prod.family != req.product_family => p.add(
            "product_family",
            format!(
                "the product {} is {}, not {}",
                prod.code,
                enum_code(&prod.family),
                enum_code(&req.product_family)
            ),
        ),
        (Some(prod), _) => {
            if let Err(refusal) = suitability_gate(&profile, Some(prod.risk)) {
                p.add("product_id", refusal.sentence());
            }
        }
        (None, None) => {}
    }
    match req.campaign_id {
        Some(id) if !state.storage.campaign_exists(id).await? => {
            p.add("campaign_id", format!("no campaign {id}"))
        }
        None if req.source == clientbook_domain::opportunity::OpportunitySource::Campaign => p.add(
            "campaign_id",
            "an opportunity from a campaign names the campaign",
        ),
        _ => {}
    }
    if req.source == clientbook_domain::opportunity::OpportunitySource::Meeting {
        p.add(
            "source",
            "an opportunity from a client meeting is opened by ending the meeting",
        );
    }
    p.finish()?;
    let row = NewOpportunityRow {
        customer,
        product_id: req.product_id,
        product_family: req.product_family,
        expected_amount: req.expected_amount_fen,
        source: req.source,
        source_detail: req.source_detail,
        campaign_id: req.campaign_id,
        next_step: req.next_step.filter(|s| !s.trim().is_empty()),
        next_step_on: req.next_step_on,
        opened_at_ms: state.settings.now().timestamp_millis(),
    };
    let mut entry = origin.entry(me, AuditAction::CreateOpportunity);
    entry.customer_id = Some(customer.0);
    entry.fields = vec!["opportunities".into()];
    let id = state
        .storage
        .create_opportunity(scope, me.id, &row, &entry)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(one_opportunity(&state, scope, id).await?),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only this customer's opportunities.
    pub customer_id: Option<i64>,
    /// Only open ones (not won or lost). Default false.
    pub open: Option<bool>,
}

/// The caller's pipeline: RM their own customers' opportunities, branch manager the
/// branch's (each with its RM), compliance every one (read-only); an admin has no
/// customer data. Newest first, names masked.
#[utoipa::path(get, path = "/api/opportunities", tag = "opportunities", operation_id = "list_opportunities", params(ListQuery),
    responses((status = 200, body = OpportunitiesResponse)))]
#[tracing::instrument(skip(state, user, origin, q), fields(user = %user.0.username))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> AppResult<Json<OpportunitiesResponse>> {
    let q = q.map(|Query(q)| q).map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })?;
    let me = &user.0;
    let policy = load_policy(&state.storage).await?;
    let selection = OpportunitySelection::All {
        customer: q.customer_id.map(CustomerId),
        open_only: q.open.unwrap_or(false),
    };
    let opportunities: Vec<Opportunity> = state
        .storage
        .opportunities(Scope::of(me), selection)
        .await?
        .into_iter()
        .map(|o| masked(o, &policy))
        .collect();
    let mut entry = origin.entry(me, AuditAction::ReadOpportunities);
    entry.customer_id = q.customer_id;
    entry.detail = Some(format!(
        "customer={} open={} count={}",
        crate::audit::filter_value(q.customer_id),
        q.open.unwrap_or(false),
        opportunities.len()
    ));
    state.storage.audit(&entry).await?;
    Ok(Json(OpportunitiesResponse {
        as_of: state.settings.today(),
        opportunities,
    }))
}

/// One opportunity with its moves.
#[utoipa::path(get, path = "/api/opportunities/{id}", tag = "opportunities", operation_id = "opportunity",
    params(("id" = i64, Path, description = "Opportunity id")),
    responses((status = 200, body = Opportunity), (status = 404, description = "not_found")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<Opportunity>> {
    let o = one_opportunity(&state, Scope::of(&user.0), record_id(&id)?).await?;
    let mut entry = origin.entry(&user.0, AuditAction::ReadOpportunities);
    entry.customer_id = Some(o.customer_id.0);
    entry.detail = Some(format!("opportunity={}", o.id));
    state.storage.audit(&entry).await?;
    Ok(Json(o))
}

/// What a move to `req.to` needs beyond the one-way rule, checked against the customer
/// as they are today: the suitability gate and the protection confirmation.
async fn confirmation_for(
    state: &AppState,
    me: &Me,
    scope: Scope,
    current: &Opportunity,
    req: &OpportunityMove,
    p: &mut Problems,
) -> AppResult<Option<ProtectionConfirmation>> {
    if !req.to.puts_product_to_customer() {
        return Ok(None);
    }
    let policy = load_policy(&state.storage).await?;
    let profile = suitability_of(state, scope, current.customer_id, &policy).await?;
    let risk: Option<ProductRisk> = product(state, current.product_id).await?.map(|p| p.risk);
    if let Err(refusal) = suitability_gate(&profile, risk) {
        p.add("to", refusal.sentence());
        return Ok(None);
    }
    let family: ProductFamily = current.product_family;
    let Some(protection) = confirmation_needed(&profile, risk, family) else {
        return Ok(None);
    };
    if current.confirmation.is_some() {
        return Ok(None);
    }
    if !req.protection_discussed {
        let who = match protection {
            clientbook_domain::suitability::Protection::Age { age } => {
                format!("the customer is {age}")
            }
            clientbook_domain::suitability::Protection::LowestSubcategory => {
                "the customer is in the lowest sub-category of C1".to_owned()
            }
        };
        p.add(
            "protection_discussed",
            format!(
                "{who} and the product is beyond R1: confirm the protection was talked through with the customer before it is proposed"
            ),
        );
        return Ok(None);
    }
    Ok(Some(ProtectionConfirmation {
        protection,
        by_id: me.id,
        by_name: me.display_name.clone(),
        at: state.settings.now(),
        note: req.note.clone(),
    }))
}

/// Move an opportunity: forward (a stage may be skipped) or to lost, never back; won
/// and lost are closed. Lost needs a reason from the list; proposed, interested and won
/// pass the suitability gate and, for a protected customer, the confirmation.
#[utoipa::path(post, path = "/api/opportunities/{id}/moves", tag = "opportunities",
    params(("id" = i64, Path, description = "Opportunity id")),
    request_body = OpportunityMove,
    responses((status = 200, body = Opportunity), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"),
        (status = 409, description = "illegal_transition or stale_version, with the opportunity as `current`"),
        (status = 422, description = "validation: the lost reason, the suitability refusal or the confirmation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn move_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<OpportunityMove>,
) -> AppResult<Json<Opportunity>> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let id = record_id(&id)?;
    let current = one_opportunity(&state, scope, id).await?;
    if req.version != current.version {
        return Err(AppError::stale(&current));
    }
    if let Err(illegal) = check_move(current.stage, req.to) {
        return Err(AppError::illegal_transition(illegal.sentence(), &current));
    }
    let mut p = Problems::new();
    p.opt_text("note", req.note.as_deref(), SHORT_TEXT_MAX_CHARS);
    match (req.to, req.lost_reason) {
        (OpportunityStage::Lost, None) => {
            p.add("lost_reason", "a lost opportunity needs its reason")
        }
        (OpportunityStage::Lost, Some(_)) | (_, None) => {}
        (_, Some(_)) => p.add("lost_reason", "only a lost opportunity has a lost reason"),
    }
    let won_amount = match (req.to, req.won_amount_fen) {
        (OpportunityStage::Won, amount) => {
            let amount = amount.unwrap_or(current.expected_amount_fen);
            if amount <= Money::ZERO || amount > EXPECTED_AMOUNT_MAX {
                p.add(
                    "won_amount_fen",
                    "must be more than 0 and at most 10,000,000,000 CNY (in fen)",
                );
            }
            Some(amount)
        }
        (_, Some(_)) => {
            p.add("won_amount_fen", "only a won opportunity has a won amount");
            None
        }
        (_, None) => None,
    };
    let confirmation = if p.is_empty() {
        confirmation_for(&state, me, scope, &current, &req, &mut p).await?
    } else {
        None
    };
    p.finish()?;
    let mut fields = vec!["stage".to_owned()];
    if confirmation.is_some() {
        fields.push("confirmation".into());
    }
    let mut entry = origin.entry(me, AuditAction::MoveOpportunity);
    entry.customer_id = Some(current.customer_id.0);
    entry.fields = fields;
    let m = OpportunityMoveRow {
        at_ms: state.settings.now().timestamp_millis(),
        from: current.stage,
        to: req.to,
        version: req.version,
        lost_reason: req.lost_reason,
        won_amount,
        confirmation,
        note: req.note,
    };
    match state
        .storage
        .move_opportunity(scope, id, current.customer_id, me.id, &m, &entry)
        .await?
    {
        Versioned::Stale => Err(AppError::stale(&one_opportunity(&state, scope, id).await?)),
        Versioned::Done(()) => Ok(Json(one_opportunity(&state, scope, id).await?)),
    }
}

/// Set the next step and its date (not in the past; `null` clears them).
#[utoipa::path(put, path = "/api/opportunities/{id}/next-step", tag = "opportunities",
    params(("id" = i64, Path, description = "Opportunity id")),
    request_body = OpportunityNextStep,
    responses((status = 200, body = Opportunity), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"),
        (status = 409, description = "stale_version, or the opportunity is closed; with it as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn set_next_step(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<OpportunityNextStep>,
) -> AppResult<Json<Opportunity>> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let id = record_id(&id)?;
    let current = one_opportunity(&state, scope, id).await?;
    if req.version != current.version {
        return Err(AppError::stale(&current));
    }
    if current.stage.is_closed() {
        return Err(AppError::illegal_transition(
            "The opportunity is closed: it has no next step.".to_owned(),
            &current,
        ));
    }
    let mut p = Problems::new();
    check_next_step(
        &mut p,
        req.next_step.as_deref(),
        req.next_step_on,
        state.settings.today(),
    );
    p.finish()?;
    let step = req.next_step.as_deref().filter(|s| !s.trim().is_empty());
    let mut entry = origin.entry(me, AuditAction::SetOpportunityNextStep);
    entry.customer_id = Some(current.customer_id.0);
    entry.fields = vec!["next_step".into(), "next_step_on".into()];
    match state
        .storage
        .set_opportunity_next_step(
            scope,
            id,
            current.customer_id,
            req.version,
            step,
            req.next_step_on,
            &entry,
        )
        .await?
    {
        Versioned::Stale => Err(AppError::stale(&one_opportunity(&state, scope, id).await?)),
        Versioned::Done(()) => Ok(Json(one_opportunity(&state, scope, id).await?)),
    }
}
