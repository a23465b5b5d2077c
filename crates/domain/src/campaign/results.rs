//! A campaign's results (docs/rules.md, Campaigns): reach, responses, opportunities and
//! won amount, for the members reached and, side by side, for the members of the same
//! segment not reached, so the branch sees what the campaign changed.

use super::MemberResponse;
use crate::customer::UserId;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// What became of one member of a frozen segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberOutcome {
    pub rm_id: UserId,
    /// Left out (marketing opt-out): counted apart, in neither group.
    pub excluded: bool,
    /// A contact was logged.
    pub contacted: bool,
    pub response: MemberResponse,
    /// Opportunities opened for the customer since the campaign started (any source).
    pub opportunities: u32,
    /// Of those, won.
    pub won: u32,
    pub won_amount: Money,
}

impl MemberOutcome {
    /// Contacted or invited.
    pub fn reached(&self) -> bool {
        self.contacted || self.response.reached()
    }
}

/// One group of members (reached, or not reached).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    pub customers: u32,
    /// Customers with at least one opportunity.
    pub with_opportunity: u32,
    pub opportunities: u32,
    /// Customers with at least one won opportunity.
    pub won_customers: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub won_amount: Money,
    /// `with_opportunity / customers` in basis points, rounded down; `None` for no one.
    pub opportunity_rate_bp: Option<u32>,
    /// `won_customers / customers` in basis points, rounded down.
    pub won_rate_bp: Option<u32>,
}

/// The figures of a campaign, or of one RM's members of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeFigures {
    /// Members not left out.
    pub members: u32,
    /// Members left out (marketing opt-out).
    pub excluded: u32,
    pub invited: u32,
    pub accepted: u32,
    pub attended: u32,
    pub declined: u32,
    /// Accepted, attended or declined.
    pub responses: u32,
    pub reached: GroupFigures,
    pub not_reached: GroupFigures,
}

/// `part / whole` in basis points, rounded down; `None` when `whole` is 0.
pub fn rate_bp(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| (u64::from(part) * 10_000 / u64::from(whole)) as u32)
}

impl GroupFigures {
    fn add(&mut self, m: &MemberOutcome) {
        self.customers += 1;
        self.opportunities += m.opportunities;
        self.with_opportunity += u32::from(m.opportunities > 0);
        self.won_customers += u32::from(m.won > 0);
        self.won_amount += m.won_amount;
    }

    fn finish(&mut self) {
        self.opportunity_rate_bp = rate_bp(self.with_opportunity, self.customers);
        self.won_rate_bp = rate_bp(self.won_customers, self.customers);
    }
}

impl OutcomeFigures {
    fn add(&mut self, m: &MemberOutcome) {
        if m.excluded {
            self.excluded += 1;
            return;
        }
        self.members += 1;
        use MemberResponse::*;
        // Counted by how far the member went: an attendee was invited and accepted.
        self.invited += u32::from(m.response.reached());
        self.accepted += u32::from(matches!(m.response, Accepted | Attended));
        self.attended += u32::from(m.response == Attended);
        self.declined += u32::from(m.response == Declined);
        self.responses += u32::from(m.response.responded());
        if m.reached() {
            self.reached.add(m);
        } else {
            self.not_reached.add(m);
        }
    }

    fn finish(&mut self) {
        self.reached.finish();
        self.not_reached.finish();
    }
}

/// The campaign's figures and each RM's (in order of RM id).
pub fn campaign_results(
    outcomes: &[MemberOutcome],
) -> (OutcomeFigures, Vec<(UserId, OutcomeFigures)>) {
    let mut total = OutcomeFigures::default();
    let mut per_rm: std::collections::BTreeMap<UserId, OutcomeFigures> = Default::default();
    for m in outcomes {
        total.add(m);
        per_rm.entry(m.rm_id).or_default().add(m);
    }
    total.finish();
    let per_rm = per_rm
        .into_iter()
        .map(|(rm, mut f)| {
            f.finish();
            (rm, f)
        })
        .collect();
    (total, per_rm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(
        rm: i64,
        response: MemberResponse,
        opportunities: u32,
        won_yuan: i64,
    ) -> MemberOutcome {
        MemberOutcome {
            rm_id: UserId(rm),
            excluded: false,
            contacted: false,
            response,
            opportunities,
            won: u32::from(won_yuan > 0),
            won_amount: Money::from_yuan(won_yuan),
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reached_and_not_reached_are_compared_side_by_side() {
        use MemberResponse::*;
        let outcomes = [
            member(1, Attended, 1, 200_000),
            member(1, Declined, 0, 0),
            member(2, Accepted, 2, 0),
            member(2, Invited, 0, 0),
            member(1, None, 1, 0),
            member(2, None, 0, 0),
            member(2, None, 0, 0),
            member(2, None, 0, 0),
            MemberOutcome {
                excluded: true,
                ..member(1, None, 0, 0)
            },
        ];
        let (t, per_rm) = campaign_results(&outcomes);
        assert_eq!((t.members, t.excluded), (8, 1));
        assert_eq!(
            (t.invited, t.accepted, t.attended, t.declined, t.responses),
            (4, 2, 1, 1, 3)
        );
        assert_eq!(t.reached.customers, 4);
        assert_eq!(t.reached.with_opportunity, 2);
        assert_eq!(t.reached.opportunities, 3);
        assert_eq!(t.reached.opportunity_rate_bp, Some(5_000));
        assert_eq!(t.reached.won_rate_bp, Some(2_500));
        assert_eq!(t.reached.won_amount, Money::from_yuan(200_000));
        assert_eq!(t.not_reached.customers, 4);
        assert_eq!(t.not_reached.opportunity_rate_bp, Some(2_500));
        assert_eq!(t.not_reached.won_rate_bp, Some(0));
        assert_eq!(per_rm.len(), 2);
        assert_eq!(per_rm[0].0, UserId(1));
        assert_eq!((per_rm[0].1.members, per_rm[0].1.excluded), (3, 1));
        assert_eq!(per_rm[1].1.reached.customers, 2);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_logged_contact_counts_as_reached_before_any_response() {
        let m = MemberOutcome {
            contacted: true,
            ..member(1, MemberResponse::None, 0, 0)
        };
        let (t, _) = campaign_results(&[m]);
        assert_eq!((t.reached.customers, t.not_reached.customers), (1, 0));
        assert_eq!(t.not_reached.opportunity_rate_bp, None, "no one: no rate");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rates_round_down_in_basis_points() {
        assert_eq!(rate_bp(1, 3), Some(3_333));
        assert_eq!(rate_bp(2, 3), Some(6_666));
        assert_eq!(rate_bp(0, 0), None);
        assert_eq!(rate_bp(u32::MAX, u32::MAX), Some(10_000));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn outcome() -> impl Strategy<Value = MemberOutcome> {
        (
            1i64..4,
            any::<bool>(),
            any::<bool>(),
            0usize..5,
            0u32..3,
            0u32..3,
            0i64..1_000_000,
        )
            .prop_map(|(rm, excluded, contacted, r, opportunities, won, fen)| {
                MemberOutcome {
                    rm_id: UserId(rm),
                    excluded,
                    contacted,
                    response: MemberResponse::ALL[r],
                    opportunities,
                    won: won.min(opportunities),
                    won_amount: Money::from_fen(if won.min(opportunities) > 0 { fen } else { 0 }),
                }
            })
    }

    proptest! {
        #[test]
        fn every_member_is_in_exactly_one_place_and_the_rms_add_up_to_the_campaign(
            outcomes in proptest::collection::vec(outcome(), 0..60)
        ) {
            let (t, per_rm) = campaign_results(&outcomes);
            prop_assert_eq!(t.members + t.excluded, outcomes.len() as u32);
            prop_assert_eq!(t.reached.customers + t.not_reached.customers, t.members);
            prop_assert!(t.responses <= t.invited && t.attended <= t.accepted);
            let sum = |f: fn(&OutcomeFigures) -> u32| per_rm.iter().map(|(_, x)| f(x)).sum::<u32>();
            prop_assert_eq!(sum(|x| x.members), t.members);
            prop_assert_eq!(sum(|x| x.reached.opportunities), t.reached.opportunities);
            prop_assert_eq!(
                per_rm.iter().map(|(_, x)| x.reached.won_amount.fen()).sum::<i64>(),
                t.reached.won_amount.fen()
            );
            for rate in [t.reached.opportunity_rate_bp, t.reached.won_rate_bp, t.not_reached.opportunity_rate_bp] {
                prop_assert!(rate.unwrap_or(0) <= 10_000);
            }
        }
    }
}
