//! The campaign API's bodies, shared by the server and the app.

use super::{
    CampaignId, CampaignKind, CampaignStatus, Exclusion, MemberResponse, OutcomeFigures, Segment,
    SegmentReason,
};
use crate::customer::{BranchId, CustomerId, UserId};
use crate::tier::Tier;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest campaign name, in characters.
pub const CAMPAIGN_NAME_MAX_CHARS: usize = 100;

/// A campaign as defined (`POST /api/campaigns`, `PUT /api/campaigns/{id}` while a draft).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    pub name: String,
    pub kind: CampaignKind,
    pub goal: String,
    pub offer: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The seminar's date (理财沙龙); between the start and end dates.
    #[serde(default)]
    pub event_on: Option<NaiveDate>,
    pub segment: Segment,
}

/// A campaign with its counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: CampaignId,
    /// `None`: bank-wide (defined by an admin).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub branch_id: Option<BranchId>,
    pub name: String,
    pub kind: CampaignKind,
    pub goal: String,
    pub offer: String,
    pub segment: Segment,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub event_on: Option<NaiveDate>,
    pub status: CampaignStatus,
    pub created_by_name: String,
    pub started_at: Option<DateTime<Utc>>,
    /// Members not left out (0 for a draft); for an RM, their own.
    pub members: u32,
    /// Members left out (marketing opt-out); for an RM, their own.
    pub excluded: u32,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignList {
    pub campaigns: Vec<Campaign>,
}

/// A start or finish: the version the caller saw (409 when stale).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CampaignVersion {
    pub version: i64,
}

/// One member of a frozen segment, as the caller may see it (name masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignMember {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    /// Masked by policy.
    pub name: String,
    /// The tier when the segment was frozen.
    pub tier: Tier,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub rm_name: String,
    /// Why the customer qualified, frozen with the segment.
    pub reasons: Vec<SegmentReason>,
    pub excluded: Option<Exclusion>,
    pub response: MemberResponse,
    pub contacted_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignMembers {
    pub campaign: Campaign,
    pub members: Vec<CampaignMember>,
}

/// Log a contact with a member and/or move their response one step
/// (`PUT /api/campaigns/{id}/members/{customer_id}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberUpdate {
    /// The member was contacted (recorded once, at the first time).
    #[serde(default)]
    pub contacted: bool,
    /// The new response; must be a legal next step from the current one.
    #[serde(default)]
    pub response: Option<MemberResponse>,
    pub version: i64,
}

/// One RM's figures in a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RmResults {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub rm_name: String,
    pub figures: OutcomeFigures,
}

/// `GET /api/campaigns/{id}/results`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignResults {
    pub campaign: Campaign,
    pub total: OutcomeFigures,
    pub per_rm: Vec<RmResults>,
}
