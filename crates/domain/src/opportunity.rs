//! Opportunities (商机), docs/rules.md, Opportunities: the stages an opportunity moves
//! through (one way), why one is lost, and the suitability gate it passes before it is
//! opened or proposed. The wire types of `/api/opportunities` are here too, beside the
//! rules they carry.

use crate::customer::{CustomerId, ProductFamily, ProductId, UserId};
use crate::money::Money;
use crate::risk::{ProductRisk, RiskLevel};
use crate::suitability::{Protection, SuitabilityProfile};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an opportunity stands: identified → proposed → interested → won | lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStage {
    /// Seen (a recommendation, a warning, a maturity), not yet put to the customer.
    Identified,
    /// Put to the customer.
    Proposed,
    /// The customer said they are interested (客户有意向).
    Interested,
    /// The customer bought: closed.
    Won,
    /// Not to be: closed, with a reason.
    Lost,
}

impl OpportunityStage {
    pub const ALL: [OpportunityStage; 5] = [
        Self::Identified,
        Self::Proposed,
        Self::Interested,
        Self::Won,
        Self::Lost,
    ];
    /// The stages of an open opportunity, in order.
    pub const OPEN: [OpportunityStage; 3] = [Self::Identified, Self::Proposed, Self::Interested];

    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Won | Self::Lost)
    }

    /// Whether reaching this stage means the product has been put to the customer, so
    /// the suitability gate and the protection confirmation apply.
    pub const fn puts_product_to_customer(self) -> bool {
        matches!(self, Self::Proposed | Self::Interested | Self::Won)
    }
}

/// Why an opportunity was lost (a fixed list, so the reasons can be counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LostReason {
    /// The customer is not interested.
    NotInterested,
    /// The customer chose another bank's product.
    ChoseCompetitor,
    /// The rate or yield was not good enough.
    RateNotCompetitive,
    /// The customer has no money to put in now.
    NoFunds,
    /// The product turned out not to suit the customer.
    NotSuitable,
    /// The customer could not be reached.
    Unreachable,
    /// The customer moved their money out or left the bank.
    CustomerLeft,
    Other,
}

impl LostReason {
    pub const ALL: [LostReason; 8] = [
        Self::NotInterested,
        Self::ChoseCompetitor,
        Self::RateNotCompetitive,
        Self::NoFunds,
        Self::NotSuitable,
        Self::Unreachable,
        Self::CustomerLeft,
        Self::Other,
    ];
}

/// What made the RM open the opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpportunitySource {
    Recommendation,
    Retention,
    Maturity,
    Campaign,
    Manual,
    /// The client said they were interested during a client meeting (会面): opened when
    /// the meeting ends, its detail naming the meeting (docs/rules.md, Meeting mode).
    Meeting,
}

impl OpportunitySource {
    pub const ALL: [OpportunitySource; 6] = [
        Self::Recommendation,
        Self::Retention,
        Self::Maturity,
        Self::Campaign,
        Self::Manual,
        Self::Meeting,
    ];
}

/// One figure of what made the opportunity (a reason code, an amount in fen, a date, a
/// score), kept as it was when it was opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SourceFigure {
    Flag(bool),
    Whole(i64),
    Decimal(f64),
    Text(String),
}

/// The figures that made an opportunity, by name (`{"reason": "IdleBalance",
/// "amount_fen": 8000000}`).
pub type SourceDetail = BTreeMap<String, SourceFigure>;

/// Most figures a source detail may hold, and the longest name and text of one.
pub const SOURCE_DETAIL_MAX_FIGURES: usize = 20;
pub const SOURCE_FIGURE_NAME_MAX_CHARS: usize = 40;
pub const SOURCE_FIGURE_TEXT_MAX_CHARS: usize = 200;

/// Why a move between two stages is not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IllegalMove {
    /// Won or lost: nothing moves any more.
    Closed { stage: OpportunityStage },
    /// Stages never go back (nor stay where they are).
    Backwards {
        from: OpportunityStage,
        to: OpportunityStage,
    },
}

impl IllegalMove {
    /// The refusal in words (the server's English message).
    pub fn sentence(&self) -> String {
        match self {
            Self::Closed { stage } => format!(
                "The opportunity is {} and closed: it does not move any more.",
                stage_code(*stage)
            ),
            Self::Backwards { from, to } => format!(
                "The opportunity is {} and stages move one way: it cannot move to {}.",
                stage_code(*from),
                stage_code(*to)
            ),
        }
    }
}

fn stage_code(s: OpportunityStage) -> &'static str {
    match s {
        OpportunityStage::Identified => "identified",
        OpportunityStage::Proposed => "proposed",
        OpportunityStage::Interested => "interested",
        OpportunityStage::Won => "won",
        OpportunityStage::Lost => "lost",
    }
}

/// The one-way rule: an open opportunity moves forward (it may skip a stage: a customer
/// may buy at once) or is lost from any open stage; a won or lost one never moves.
pub fn check_move(from: OpportunityStage, to: OpportunityStage) -> Result<(), IllegalMove> {
    if from.is_closed() {
        return Err(IllegalMove::Closed { stage: from });
    }
    if to <= from {
        return Err(IllegalMove::Backwards { from, to });
    }
    Ok(())
}

/// Why suitability refuses an opportunity for a product (docs/rules.md, Suitability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The product's risk is above the customer's level.
    AboveLevel {
        product_risk: ProductRisk,
        customer_level: RiskLevel,
    },
    /// The questionnaire has expired: nothing beyond R1.
    QuestionnaireExpired {
        product_risk: ProductRisk,
        expired_on: NaiveDate,
    },
    /// No questionnaire on file: nothing beyond R1.
    NoQuestionnaire { product_risk: ProductRisk },
}

impl Refusal {
    /// The refusal in words (the server's English message).
    pub fn sentence(&self) -> String {
        match self {
            Self::AboveLevel {
                product_risk,
                customer_level,
            } => format!(
                "The product is {} and the customer's risk level is {}: suitability allows up to {}, even if the customer insists.",
                product_risk.code(),
                customer_level.code(),
                customer_level.max_product_risk().code()
            ),
            Self::QuestionnaireExpired {
                product_risk,
                expired_on,
            } => format!(
                "The product is {} and the customer's risk questionnaire expired on {expired_on}: nothing beyond R1 until it is renewed.",
                product_risk.code()
            ),
            Self::NoQuestionnaire { product_risk } => format!(
                "The product is {} and the customer has no risk questionnaire: nothing beyond R1 until one is done.",
                product_risk.code()
            ),
        }
    }
}

/// The suitability gate: an opportunity for a product of `risk` may be opened and put
/// to the customer only if suitability allows the product. Without a product (a family
/// only) there is no risk to check: the gate applies when a product is named.
pub fn suitability_gate(
    profile: &SuitabilityProfile,
    risk: Option<ProductRisk>,
) -> Result<(), Refusal> {
    let Some(risk) = risk else {
        return Ok(());
    };
    if profile.allows(risk) {
        return Ok(());
    }
    use crate::care::QuestionnaireStatus as Q;
    Err(match (profile.level, profile.questionnaire) {
        (Some(level), q) if q.is_valid() => Refusal::AboveLevel {
            product_risk: risk,
            customer_level: level,
        },
        (Some(_), Q::Expired { expired_on }) => Refusal::QuestionnaireExpired {
            product_risk: risk,
            expired_on,
        },
        _ => Refusal::NoQuestionnaire { product_risk: risk },
    })
}

/// The protection a confirmation must be recorded for before the product is put to the
/// customer: a protected customer (65+ or lowest C1) and a product beyond R1. A family
/// without a named product counts as beyond R1 unless it is a deposit (deposits are R1).
pub fn confirmation_needed(
    profile: &SuitabilityProfile,
    risk: Option<ProductRisk>,
    family: ProductFamily,
) -> Option<Protection> {
    let beyond_r1 = match risk {
        Some(r) => r > ProductRisk::R1,
        None => !family.is_deposit(),
    };
    profile.protection.filter(|_| beyond_r1)
}

/// The stage an interest noted in a client meeting opens at: interested (the client
/// said so), unless the protection must be confirmed before the product is put to a
/// protected client (65+ or lowest C1, beyond R1): then identified, so the advisor
/// records the confirmation in the pipeline before it moves on. The meeting only lets
/// an interest be noted in a product the client's level allows (`meeting::may_show`).
pub fn meeting_interest_stage(
    profile: &SuitabilityProfile,
    risk: ProductRisk,
    family: ProductFamily,
) -> OpportunityStage {
    if confirmation_needed(profile, Some(risk), family).is_some() {
        OpportunityStage::Identified
    } else {
        OpportunityStage::Interested
    }
}

/// The advisor's confirmation that the protection was talked through with the customer
/// (recorded on the opportunity before "proposed").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProtectionConfirmation {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub protection: Protection,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub by_id: UserId,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// `POST /api/opportunities`: open an opportunity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOpportunity {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub product_id: Option<ProductId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_family: ProductFamily,
    /// Integer fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub expected_amount_fen: Money,
    pub source: OpportunitySource,
    /// The figures that made it (names to numbers, text or flags).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub source_detail: SourceDetail,
    #[serde(default)]
    pub campaign_id: Option<i64>,
    #[serde(default)]
    pub next_step: Option<String>,
    #[serde(default)]
    pub next_step_on: Option<NaiveDate>,
}

/// `POST /api/opportunities/{id}/moves`: move to a later stage (or to lost).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpportunityMove {
    pub to: OpportunityStage,
    /// The version the move is based on (409 when it is not the current one).
    pub version: i64,
    /// Required for `lost`.
    #[serde(default)]
    pub lost_reason: Option<LostReason>,
    /// For `won`: the amount bought, integer fen (default: the expected amount).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub won_amount_fen: Option<Money>,
    /// The advisor confirms the protection (65+ / lowest C1) was talked through: needed
    /// once, before the product is put to a protected customer.
    #[serde(default)]
    pub protection_discussed: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// `PUT /api/opportunities/{id}/next-step`: the next step and its date (`null` clears).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpportunityNextStep {
    pub version: i64,
    #[serde(default)]
    pub next_step: Option<String>,
    #[serde(default)]
    pub next_step_on: Option<NaiveDate>,
}

/// One move of an opportunity, with who and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunityEvent {
    pub from: Option<OpportunityStage>,
    pub to: OpportunityStage,
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub by_id: UserId,
    pub by_name: String,
    pub note: Option<String>,
}

/// An opportunity as the API sends it (the customer's name masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opportunity {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    /// Masked (张**).
    pub customer_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub rm_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub product_id: Option<ProductId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_family: ProductFamily,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub expected_amount_fen: Money,
    pub source: OpportunitySource,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub source_detail: SourceDetail,
    pub campaign_id: Option<i64>,
    pub stage: OpportunityStage,
    pub lost_reason: Option<LostReason>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub won_amount_fen: Option<Money>,
    pub next_step: Option<String>,
    pub next_step_on: Option<NaiveDate>,
    pub confirmation: Option<ProtectionConfirmation>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub events: Vec<OpportunityEvent>,
}

impl Opportunity {
    /// An open opportunity whose next step's date has passed.
    pub fn next_step_overdue(&self, today: NaiveDate) -> bool {
        !self.stage.is_closed() && self.next_step_on.is_some_and(|d| d < today)
    }
}

/// `GET /api/opportunities`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunitiesResponse {
    pub as_of: NaiveDate,
    pub opportunities: Vec<Opportunity>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ScoringPolicy;
    use crate::suitability;
    use crate::testkit::*;
    use OpportunityStage::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_open_opportunity_moves_forward_or_is_lost() {
        assert!(check_move(Identified, Proposed).is_ok());
        assert!(check_move(Proposed, Interested).is_ok());
        assert!(check_move(Interested, Won).is_ok());
        assert!(check_move(Identified, Won).is_ok());
        for from in OpportunityStage::OPEN {
            assert!(check_move(from, Lost).is_ok());
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn stages_never_go_back_and_closed_ones_never_move() {
        assert_eq!(
            check_move(Interested, Proposed),
            Err(IllegalMove::Backwards {
                from: Interested,
                to: Proposed
            })
        );
        assert!(check_move(Proposed, Proposed).is_err());
        assert_eq!(
            check_move(Won, Lost),
            Err(IllegalMove::Closed { stage: Won })
        );
        assert!(IllegalMove::Closed { stage: Lost }
            .sentence()
            .contains("closed"));
    }

    fn profile_of(c: &crate::BookCustomer) -> SuitabilityProfile {
        suitability::score(c, &ScoringPolicy::default(), today())
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_product_above_the_customers_level_is_refused_in_words() {
        let c = customer(); // C3, questionnaire valid
        let p = profile_of(&c);
        assert!(suitability_gate(&p, Some(ProductRisk::R3)).is_ok());
        let refusal = suitability_gate(&p, Some(ProductRisk::R4)).unwrap_err();
        assert_eq!(
            refusal,
            Refusal::AboveLevel {
                product_risk: ProductRisk::R4,
                customer_level: RiskLevel::C3
            }
        );
        let words = refusal.sentence();
        assert!(words.contains("R4") && words.contains("C3") && words.contains("up to R3"));
        assert!(suitability_gate(&p, None).is_ok());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_expired_questionnaire_allows_only_r1_and_says_when_it_expired() {
        let mut c = customer();
        c.risk_assessed_on = Some(date(2025, 10, 1));
        let p = profile_of(&c);
        assert!(suitability_gate(&p, Some(ProductRisk::R1)).is_ok());
        let refusal = suitability_gate(&p, Some(ProductRisk::R2)).unwrap_err();
        assert!(matches!(refusal, Refusal::QuestionnaireExpired { .. }));
        assert!(refusal.sentence().contains("expired on 2026-10-01"));
        c.risk_level = None;
        c.risk_assessed_on = None;
        assert!(matches!(
            suitability_gate(&profile_of(&c), Some(ProductRisk::R2)),
            Err(Refusal::NoQuestionnaire { .. })
        ));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_protected_customer_needs_the_confirmation_beyond_r1_only() {
        let mut c = customer();
        c.birth_date = date(1950, 1, 1);
        let p = profile_of(&c);
        let fund = ProductFamily::Fund;
        assert_eq!(
            confirmation_needed(&p, Some(ProductRisk::R2), fund),
            Some(Protection::Age { age: 76 })
        );
        assert_eq!(confirmation_needed(&p, Some(ProductRisk::R1), fund), None);
        assert!(confirmation_needed(&p, None, fund).is_some());
        assert_eq!(
            confirmation_needed(&p, None, ProductFamily::TimeDeposit),
            None
        );
        let young = profile_of(&customer());
        assert_eq!(
            confirmation_needed(&young, Some(ProductRisk::R3), fund),
            None
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_meeting_interest_opens_interested_unless_the_protection_must_be_confirmed_first() {
        let fund = ProductFamily::Fund;
        let young = profile_of(&customer());
        assert_eq!(
            meeting_interest_stage(&young, ProductRisk::R3, fund),
            Interested
        );
        let mut c = customer();
        c.birth_date = date(1950, 1, 1);
        let senior = profile_of(&c);
        assert_eq!(
            meeting_interest_stage(&senior, ProductRisk::R2, fund),
            Identified
        );
        assert_eq!(
            meeting_interest_stage(&senior, ProductRisk::R1, fund),
            Interested
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_wire_names_are_the_contracts() {
        let json = serde_json::to_string(&OpportunitySource::Recommendation).unwrap();
        assert_eq!(json, "\"recommendation\"");
        let json = serde_json::to_string(&OpportunitySource::Meeting).unwrap();
        assert_eq!(json, "\"meeting\"");
        let json = serde_json::to_string(&OpportunitySource::Meeting).unwrap();
        assert_eq!(json, "\"meeting\"");
        assert_eq!(
            serde_json::to_string(&Interested).unwrap(),
            "\"interested\""
        );
        let detail: SourceDetail = serde_json::from_str(
            r#"{"reason":"IdleBalance","amount_fen":8000000,"score":71.5,"flag":true}"#,
        )
        .unwrap();
        assert_eq!(detail["amount_fen"], SourceFigure::Whole(8_000_000));
        assert_eq!(detail["score"], SourceFigure::Decimal(71.5));
        assert_eq!(detail["flag"], SourceFigure::Flag(true));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn any_stage() -> impl Strategy<Value = OpportunityStage> {
            proptest::sample::select(OpportunityStage::ALL.to_vec())
        }

        fn any_risk() -> impl Strategy<Value = ProductRisk> {
            proptest::sample::select(ProductRisk::ALL.to_vec())
        }

        fn any_level() -> impl Strategy<Value = Option<RiskLevel>> {
            proptest::option::of(proptest::sample::select(RiskLevel::ALL.to_vec()))
        }

        proptest! {
            #[test]
            fn no_sequence_of_moves_ever_goes_back_or_leaves_a_closed_stage(
                moves in proptest::collection::vec(any_stage(), 0..12)
            ) {
                let mut at = Identified;
                for to in moves {
                    if check_move(at, to).is_ok() {
                        prop_assert!(to > at);
                        prop_assert!(!at.is_closed());
                        at = to;
                    }
                }
            }

            #[test]
            fn the_gate_lets_through_exactly_what_suitability_allows(
                level in any_level(),
                months_ago in 0u32..30,
                risk in any_risk(),
            ) {
                let mut c = customer();
                c.risk_level = level;
                c.risk_assessed_on = today().checked_sub_months(chrono::Months::new(months_ago));
                let p = profile_of(&c);
                let gate = suitability_gate(&p, Some(risk));
                prop_assert_eq!(gate.is_ok(), p.allows(risk));
                if let Err(r) = gate {
                    prop_assert!(risk > ProductRisk::R1);
                    prop_assert!(!r.sentence().is_empty());
                }
            }
        }
    }
}
