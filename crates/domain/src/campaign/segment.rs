//! The segment of a campaign (docs/rules.md, Campaigns): a typed filter over the book's
//! figures and scores, every criterion set must hold. The browser previews it over the
//! scored book and the server freezes it with the same function when the campaign
//! starts, keeping with each member the reasons it qualified.

use super::CampaignId;
use crate::activity::ActivityClass;
use crate::calendar::saturating_add_days;
use crate::churn::ChurnBand;
use crate::customer::{BookCustomer, CustomerId, ProductFamily};
use crate::money::Money;
use crate::scores::CustomerScores;
use crate::tier::Tier;
use crate::value_class::ValueClass;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The longest look-ahead for maturing time deposits, in days.
pub const SEGMENT_MATURITY_DAYS_MAX: u32 = 366;

/// Who a campaign is for. `None` leaves a criterion out; at least one must be set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Segment {
    /// This tier or above.
    pub tier_at_least: Option<Tier>,
    /// Holds a product of this family.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub holds_family: Option<ProductFamily>,
    /// A time deposit matures within this many days (1–366).
    pub deposit_maturing_within_days: Option<u32>,
    /// `Dormant`, `Potential` or `Active`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub activity: Option<ActivityClass>,
    /// `Low`, `Medium` or `High` churn risk.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub churn_band: Option<ChurnBand>,
    /// `Dormant`, `LowValue`, `Valuable` or `HighValueAdded`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub value_class: Option<ValueClass>,
    /// Invited to (a member, not left out, of) this earlier campaign, e.g. a seminar.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub invited_to: Option<CampaignId>,
}

/// Why a customer is in the segment: one per criterion, with the customer's own figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SegmentReason {
    Tier(Tier),
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    HoldsFamily(ProductFamily),
    DepositMatures {
        #[cfg_attr(feature = "openapi", schema(value_type = i64))]
        amount: Money,
        on: NaiveDate,
    },
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    Activity(ActivityClass),
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    ChurnBand(ChurnBand),
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    ValueClass(ValueClass),
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    InvitedTo(CampaignId),
}

impl Segment {
    /// Every problem of the definition, as (field, problem).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if *self == Segment::default() {
            out.push((
                "segment".to_owned(),
                "must set at least one criterion".to_owned(),
            ));
        }
        if let Some(d) = self.deposit_maturing_within_days {
            if d == 0 || d > SEGMENT_MATURITY_DAYS_MAX {
                out.push((
                    "segment.deposit_maturing_within_days".to_owned(),
                    format!("must be between 1 and {SEGMENT_MATURITY_DAYS_MAX}"),
                ));
            }
        }
        out
    }
}

/// The reasons `customer` (scored as `scores`) is in the segment, or `None` when a
/// criterion fails. `invited` holds the members of the campaign `invited_to` names.
pub fn qualifies(
    segment: &Segment,
    customer: &BookCustomer,
    scores: &CustomerScores,
    invited: &BTreeSet<CustomerId>,
    today: NaiveDate,
) -> Option<Vec<SegmentReason>> {
    let mut why = Vec::new();
    if let Some(min) = segment.tier_at_least {
        (scores.tier >= min).then_some(())?;
        why.push(SegmentReason::Tier(scores.tier));
    }
    if let Some(family) = segment.holds_family {
        scores.families.contains(family).then_some(())?;
        why.push(SegmentReason::HoldsFamily(family));
    }
    if let Some(days) = segment.deposit_maturing_within_days {
        let until = saturating_add_days(today, days);
        let soonest = customer
            .holdings
            .iter()
            .filter(|h| h.family == ProductFamily::TimeDeposit)
            .filter_map(|h| h.matures_on.map(|on| (on, h.balance)))
            .filter(|(on, _)| *on >= today && *on <= until)
            .min_by_key(|(on, _)| *on)?;
        why.push(SegmentReason::DepositMatures {
            amount: soonest.1,
            on: soonest.0,
        });
    }
    if let Some(class) = segment.activity {
        (scores.activity.class == class).then_some(())?;
        why.push(SegmentReason::Activity(class));
    }
    if let Some(band) = segment.churn_band {
        (scores.churn.band == band).then_some(())?;
        why.push(SegmentReason::ChurnBand(band));
    }
    if let Some(class) = segment.value_class {
        (scores.value_class == class).then_some(())?;
        why.push(SegmentReason::ValueClass(class));
    }
    if let Some(campaign) = segment.invited_to {
        invited.contains(&customer.id).then_some(())?;
        why.push(SegmentReason::InvitedTo(campaign));
    }
    Some(why)
}

/// The members of the segment in a scored book (`customers[i]` scored as `scores[i]`):
/// their indexes in the book and why each qualified, in the book's order.
pub fn select(
    segment: &Segment,
    customers: &[BookCustomer],
    scores: &[CustomerScores],
    invited: &BTreeSet<CustomerId>,
    today: NaiveDate,
) -> Vec<(usize, Vec<SegmentReason>)> {
    customers
        .iter()
        .zip(scores)
        .enumerate()
        .filter_map(|(i, (c, s))| qualifies(segment, c, s, invited, today).map(|why| (i, why)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ProductRisk;
    use crate::scores::score_customer;
    use crate::testkit::*;
    use crate::ScoringPolicy;

    fn scored(c: &BookCustomer) -> CustomerScores {
        score_customer(c, &ScoringPolicy::default(), &[], today())
    }

    fn gold_with_deposit_maturing_on(on: NaiveDate) -> BookCustomer {
        let mut c = customer();
        let mut td = holding(200, ProductFamily::TimeDeposit, ProductRisk::R1, 60_000);
        td.matures_on = Some(on);
        c.holdings.push(td);
        c
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn gold_and_above_with_a_deposit_maturing_in_30_days_qualifies_with_its_figures() {
        let c = gold_with_deposit_maturing_on(date(2026, 12, 10));
        let seg = Segment {
            tier_at_least: Some(Tier::Gold),
            deposit_maturing_within_days: Some(30),
            ..Segment::default()
        };
        let why = qualifies(&seg, &c, &scored(&c), &BTreeSet::new(), today()).unwrap();
        assert_eq!(
            why,
            vec![
                SegmentReason::Tier(Tier::Gold),
                SegmentReason::DepositMatures {
                    amount: Money::from_yuan(60_000),
                    on: date(2026, 12, 10)
                }
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_deposit_maturing_after_the_window_or_already_matured_does_not_count() {
        let seg = Segment {
            deposit_maturing_within_days: Some(30),
            ..Segment::default()
        };
        for on in [date(2026, 12, 24), date(2026, 11, 22)] {
            let c = gold_with_deposit_maturing_on(on);
            assert_eq!(
                qualifies(&seg, &c, &scored(&c), &BTreeSet::new(), today()),
                None
            );
        }
        // The window's last day counts (today + 30, both ends included).
        let c = gold_with_deposit_maturing_on(date(2026, 12, 23));
        assert!(qualifies(&seg, &c, &scored(&c), &BTreeSet::new(), today()).is_some());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_criterion_must_hold() {
        let c = customer(); // Gold (100,000 CNY), holds demand deposit only
        let s = scored(&c);
        let invited = BTreeSet::from([c.id]);
        let hit = Segment {
            tier_at_least: Some(Tier::Gold),
            holds_family: Some(ProductFamily::DemandDeposit),
            invited_to: Some(CampaignId(4)),
            ..Segment::default()
        };
        assert_eq!(
            qualifies(&hit, &c, &s, &invited, today()).map(|w| w.len()),
            Some(3)
        );
        let miss = Segment {
            holds_family: Some(ProductFamily::Fund),
            ..hit.clone()
        };
        assert_eq!(qualifies(&miss, &c, &s, &invited, today()), None);
        assert_eq!(qualifies(&hit, &c, &s, &BTreeSet::new(), today()), None);
        let too_high = Segment {
            tier_at_least: Some(Tier::Platinum),
            ..Segment::default()
        };
        assert_eq!(qualifies(&too_high, &c, &s, &invited, today()), None);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_empty_segment_or_a_window_out_of_range_is_refused() {
        assert_eq!(Segment::default().problems()[0].0, "segment");
        let seg = Segment {
            deposit_maturing_within_days: Some(0),
            ..Segment::default()
        };
        assert_eq!(seg.problems()[0].0, "segment.deposit_maturing_within_days");
        let ok = Segment {
            churn_band: Some(ChurnBand::High),
            ..Segment::default()
        };
        assert!(ok.problems().is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn select_keeps_the_books_order_and_indexes() {
        let a = customer();
        let mut b = customer();
        b.id = CustomerId(2);
        b.holdings[0].balance = Money::from_yuan(1_000); // Standard
        let book = vec![b, a];
        let scores: Vec<_> = book.iter().map(scored).collect();
        let seg = Segment {
            tier_at_least: Some(Tier::Gold),
            ..Segment::default()
        };
        let got = select(&seg, &book, &scores, &BTreeSet::new(), today());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 1);
    }
}
