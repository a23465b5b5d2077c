//! Segment campaigns (营销活动), docs/rules.md, Campaigns: a campaign is run on a segment
//! of the book (a typed filter over the book's figures and scores) frozen when it starts;
//! each member's response moves one way; the results compare the members reached with the
//! members of the same segment not reached.

mod response;
mod results;
mod segment;
mod wire;

pub use response::MemberResponse;
pub use results::{campaign_results, rate_bp, GroupFigures, MemberOutcome, OutcomeFigures};
pub use segment::{qualifies, select, Segment, SegmentReason, SEGMENT_MATURITY_DAYS_MAX};
pub use wire::*;

use serde::{Deserialize, Serialize};

/// A campaign's stable key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CampaignId(pub i64);

impl std::fmt::Display for CampaignId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the campaign is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CampaignKind {
    /// 理财沙龙: a wealth seminar on an event date.
    Seminar,
    /// 到期续作: time deposits and products about to mature.
    MaturityDrive,
    /// 唤醒: dormant customers.
    Reactivation,
    Other,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 4] = [
        Self::Seminar,
        Self::MaturityDrive,
        Self::Reactivation,
        Self::Other,
    ];
}

/// Draft (editable, no members) → running (segment frozen) → finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CampaignStatus {
    Draft,
    Running,
    Finished,
}

/// Why a member of the segment is left out of the campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Exclusion {
    /// The customer asked not to be contacted for marketing.
    MarketingOptOut,
}
