//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations.

use crate::error_docs::ErrorResponses;
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Clientbook API",
        description = "The relationship manager's workbench: JSON API under /api."
    ),
    paths(
        crate::routes::health::health,
        crate::routes::session::sign_in,
        crate::routes::session::sign_out,
        crate::routes::session::me,
        crate::routes::session::clock,
        crate::routes::book::book,
        crate::routes::book::book_columns,
        crate::routes::book::list_customers,
        crate::routes::book::products,
        crate::routes::policy::get_policy,
        crate::routes::policy::put_policy,
        crate::routes::customers::customer,
        crate::routes::customers::reveal,
        crate::routes::audit::audit,
        crate::routes::notes::list_notes,
        crate::routes::notes::get_note,
        crate::routes::notes::create_note,
        crate::routes::notes::edit_note,
        crate::routes::contact::record_interaction,
        crate::routes::contact::set_next_contact,
        crate::routes::contact::change_owner,
        crate::routes::complaints::create_complaint,
        crate::routes::complaints::get_complaint,
        crate::routes::complaints::transition,
        crate::routes::complaints::list_complaints,
        crate::routes::complaints::analysis,
        crate::routes::care::done,
        crate::routes::care::snooze,
        crate::routes::care::markers,
        crate::routes::surveys::create_survey,
        crate::routes::surveys::import,
        crate::routes::users::list_users,
        crate::routes::users::create_user,
        crate::routes::users::reset_password,
        crate::routes::users::disable,
        crate::routes::users::enable,
        crate::export::customers::export_customers,
        crate::export::complaints::export_complaints,
        crate::export::complaints::export_analysis,
        crate::export::satisfaction::export_satisfaction,
        crate::routes::staff::staff,
        crate::routes::campaigns::list_campaigns,
        crate::routes::campaigns::get_campaign,
        crate::routes::campaigns::create_campaign,
        crate::routes::campaigns::start_campaign,
        crate::routes::campaigns::finish_campaign,
        crate::routes::campaigns::list_members,
        crate::routes::campaigns::update_member,
        crate::routes::campaigns::results,
        crate::routes::measures::record_shown,
        crate::routes::measures::rule_measures,
        openapi_json,
    ),
    components(schemas(
        clientbook_domain::api::BookResponse,
        clientbook_domain::columns::BookColumns,
        clientbook_domain::columns::HoldingColumns,
        clientbook_domain::columns::HistoryColumns,
        clientbook_domain::api::CustomerPage,
        clientbook_domain::api::CustomerListItem,
        clientbook_domain::api::CustomerSort,
        clientbook_domain::api::ProductsResponse,
        clientbook_domain::api::ErrorBody,
        clientbook_domain::api::FieldProblem,
        clientbook_domain::api::LoginRequest,
        clientbook_domain::api::Me,
        clientbook_domain::api::BankClock,
        clientbook_domain::api::ZoneOffsetSpan,
        clientbook_domain::api::Role,
        clientbook_domain::api::CustomerDetail,
        clientbook_domain::api::AuditEntry,
        clientbook_domain::api::AuditResponse,
        clientbook_domain::service::Note,
        clientbook_domain::service::Interaction,
        clientbook_domain::service::Complaint,
        clientbook_domain::service::ComplaintAnalysis,
        // Named only by a query parameter, which utoipa does not collect.
        clientbook_domain::service::ComplaintFilter,
        clientbook_domain::service::CareKind,
        clientbook_domain::service::CareMarker,
        clientbook_domain::service::UserSummary,
    )),
    modifiers(&ErrorResponses),
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "system",
    responses((status = 200, description = "This document")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
