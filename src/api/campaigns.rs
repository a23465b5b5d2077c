//! Campaigns (营销活动) and the rule measures: one typed function per endpoint.

use super::{get, send_json, ApiError};
use clientbook_domain::campaign::{
    Campaign, CampaignId, CampaignList, CampaignMember, CampaignMembers, CampaignResults,
    CampaignVersion, MemberUpdate, NewCampaign,
};
use clientbook_domain::measures::{RuleMeasures, ShownBatch, ShownRecorded};
use clientbook_domain::CustomerId;
use gloo_net::http::Method;

mod url {
    pub const CAMPAIGNS: &str = "/api/campaigns";
    pub const SHOWN: &str = "/api/recommendations/shown";
    pub const MEASURES: &str = "/api/rule-measures";

    pub fn campaign(id: i64) -> String {
        format!("/api/campaigns/{id}")
    }

    pub fn action(id: i64, action: &str) -> String {
        format!("/api/campaigns/{id}/{action}")
    }

    pub fn member(id: i64, customer: i64) -> String {
        format!("/api/campaigns/{id}/members/{customer}")
    }
}

/// GET /api/campaigns: the campaigns the caller sees, newest first.
pub async fn campaigns() -> Result<CampaignList, ApiError> {
    get(url::CAMPAIGNS).await
}

/// GET /api/campaigns/{id}.
pub async fn campaign(id: CampaignId) -> Result<Campaign, ApiError> {
    get(&url::campaign(id.0)).await
}

/// POST /api/campaigns: a draft (branch managers for the branch, admins for the bank).
pub async fn create(c: &NewCampaign) -> Result<Campaign, ApiError> {
    send_json(Method::POST, url::CAMPAIGNS, Some(c)).await
}

/// POST /api/campaigns/{id}/start: freeze the segment (409 when not that draft).
pub async fn start(id: CampaignId, version: i64) -> Result<Campaign, ApiError> {
    send_json(
        Method::POST,
        &url::action(id.0, "start"),
        Some(&CampaignVersion { version }),
    )
    .await
}

/// POST /api/campaigns/{id}/finish.
pub async fn finish(id: CampaignId, version: i64) -> Result<Campaign, ApiError> {
    send_json(
        Method::POST,
        &url::action(id.0, "finish"),
        Some(&CampaignVersion { version }),
    )
    .await
}

/// GET /api/campaigns/{id}/members: the members in the caller's scope, names masked.
pub async fn members(id: CampaignId) -> Result<CampaignMembers, ApiError> {
    get(&url::action(id.0, "members")).await
}

/// PUT /api/campaigns/{id}/members/{customer}: log a contact and/or the next response.
pub async fn update_member(
    id: CampaignId,
    customer: CustomerId,
    update: &MemberUpdate,
) -> Result<CampaignMember, ApiError> {
    send_json(Method::PUT, &url::member(id.0, customer.0), Some(update)).await
}

/// GET /api/campaigns/{id}/results.
pub async fn results(id: CampaignId) -> Result<CampaignResults, ApiError> {
    get(&url::action(id.0, "results")).await
}

/// POST /api/recommendations/shown: what the app showed today (deduplicated there).
pub async fn record_shown(batch: &ShownBatch) -> Result<ShownRecorded, ApiError> {
    send_json(Method::POST, url::SHOWN, Some(batch)).await
}

/// GET /api/rule-measures: the last three months' figures of the caller's scope.
pub async fn rule_measures() -> Result<RuleMeasures, ApiError> {
    get(url::MEASURES).await
}
