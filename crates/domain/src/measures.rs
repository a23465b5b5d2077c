//! Measuring the rules (docs/rules.md, Measuring the rules): of the recommendations
//! shown in a period, how many became opportunities and how many were won, by reason
//! type; of the customers on the retention list, how many left, against the customers
//! nearest below the list who were not on it.

use crate::campaign::rate_bp;
use crate::customer::{CustomerId, ProductFamily, ProductId};
use crate::money::Money;
use crate::recommend::RecommendationReason;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most items of each kind in one `POST /api/recommendations/shown`.
pub const SHOWN_BATCH_MAX: usize = 500;

/// A recommendation's reason, without its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReasonKind {
    ReinvestMaturing,
    IdleBalance,
    StatedNeed,
    PeerGap,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 4] = [
        Self::ReinvestMaturing,
        Self::IdleBalance,
        Self::StatedNeed,
        Self::PeerGap,
    ];

    pub fn of(reason: &RecommendationReason) -> Self {
        match reason {
            RecommendationReason::ReinvestMaturing { .. } => Self::ReinvestMaturing,
            RecommendationReason::IdleBalance { .. } => Self::IdleBalance,
            RecommendationReason::StatedNeed { .. } => Self::StatedNeed,
            RecommendationReason::PeerGap { .. } => Self::PeerGap,
        }
    }
}

/// A recommendation the RM was shown (deduplicated per customer, product and day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShownRecommendation {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub product_id: ProductId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub family: ProductFamily,
    pub reason: ReasonKind,
}

/// A customer shown on the retention list (`listed`), or one of the customers nearest
/// below it by churn risk (the comparison group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RetentionShown {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub churn_score: u8,
    pub listed: bool,
}

/// `POST /api/recommendations/shown`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ShownBatch {
    pub recommendations: Vec<ShownRecommendation>,
    pub retention: Vec<RetentionShown>,
}

/// How many of a batch were new (not already recorded for that day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShownRecorded {
    pub recorded: u32,
}

/// What became of one recommendation shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShownOutcome {
    pub reason: ReasonKind,
    /// An opportunity for the customer and the product's family was opened on or after
    /// the day it was shown.
    pub opened: bool,
    pub won: bool,
    pub won_amount: Money,
}

/// One reason type's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonMeasure {
    pub reason: ReasonKind,
    pub shown: u32,
    pub opportunities: u32,
    pub won: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub won_amount: Money,
    /// `opportunities / shown` in basis points, rounded down.
    pub opportunity_rate_bp: Option<u32>,
    /// `won / shown` in basis points, rounded down.
    pub won_rate_bp: Option<u32>,
}

/// Per reason type, in [`ReasonKind::ALL`]'s order (every type, shown or not).
pub fn measure_recommendations(outcomes: &[ShownOutcome]) -> Vec<ReasonMeasure> {
    ReasonKind::ALL
        .iter()
        .map(|&reason| {
            let mut m = ReasonMeasure {
                reason,
                shown: 0,
                opportunities: 0,
                won: 0,
                won_amount: Money::ZERO,
                opportunity_rate_bp: None,
                won_rate_bp: None,
            };
            for o in outcomes.iter().filter(|o| o.reason == reason) {
                m.shown += 1;
                m.opportunities += u32::from(o.opened);
                m.won += u32::from(o.won);
                m.won_amount += o.won_amount;
            }
            m.opportunity_rate_bp = rate_bp(m.opportunities, m.shown);
            m.won_rate_bp = rate_bp(m.won, m.shown);
            m
        })
        .collect()
}

/// A customer listed (or in the comparison group) in the period, and whether they left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingOutcome {
    pub listed: bool,
    pub left: bool,
}

/// The retention list against the customers nearest below it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionMeasure {
    pub listed: u32,
    pub listed_left: u32,
    pub listed_left_rate_bp: Option<u32>,
    pub similar: u32,
    pub similar_left: u32,
    pub similar_left_rate_bp: Option<u32>,
}

pub fn measure_retention(outcomes: &[ListingOutcome]) -> RetentionMeasure {
    let mut m = RetentionMeasure::default();
    for o in outcomes {
        if o.listed {
            m.listed += 1;
            m.listed_left += u32::from(o.left);
        } else {
            m.similar += 1;
            m.similar_left += u32::from(o.left);
        }
    }
    m.listed_left_rate_bp = rate_bp(m.listed_left, m.listed);
    m.similar_left_rate_bp = rate_bp(m.similar_left, m.similar);
    m
}

/// `GET /api/rule-measures`: the figures of a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleMeasures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The window after a listing in which leaving counts.
    pub months: u32,
    pub by_reason: Vec<ReasonMeasure>,
    pub retention: RetentionMeasure,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(reason: ReasonKind, opened: bool, won_yuan: i64) -> ShownOutcome {
        ShownOutcome {
            reason,
            opened,
            won: won_yuan > 0,
            won_amount: Money::from_yuan(won_yuan),
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_reason_type_gets_its_own_conversion() {
        let got = measure_recommendations(&[
            shown(ReasonKind::ReinvestMaturing, true, 100_000),
            shown(ReasonKind::ReinvestMaturing, true, 0),
            shown(ReasonKind::ReinvestMaturing, false, 0),
            shown(ReasonKind::PeerGap, false, 0),
        ]);
        assert_eq!(got.len(), 4);
        let r = got[0];
        assert_eq!((r.shown, r.opportunities, r.won), (3, 2, 1));
        assert_eq!(r.opportunity_rate_bp, Some(6_666));
        assert_eq!(r.won_rate_bp, Some(3_333));
        assert_eq!(r.won_amount, Money::from_yuan(100_000));
        assert_eq!(got[1].shown, 0);
        assert_eq!(got[1].opportunity_rate_bp, None);
        assert_eq!(got[3].opportunity_rate_bp, Some(0));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_list_is_compared_with_the_customers_not_on_it() {
        let o = |listed, left| ListingOutcome { listed, left };
        let m = measure_retention(&[
            o(true, false),
            o(true, false),
            o(true, true),
            o(false, true),
            o(false, false),
        ]);
        assert_eq!(
            (m.listed, m.listed_left, m.similar, m.similar_left),
            (3, 1, 2, 1)
        );
        assert_eq!(m.listed_left_rate_bp, Some(3_333));
        assert_eq!(m.similar_left_rate_bp, Some(5_000));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_reason_kind_is_read_from_the_reason() {
        let r = RecommendationReason::IdleBalance {
            amount: Money::from_yuan(1),
        };
        assert_eq!(ReasonKind::of(&r), ReasonKind::IdleBalance);
    }
}
