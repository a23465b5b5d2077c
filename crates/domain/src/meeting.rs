//! Meeting mode (会面模式), docs/rules.md, Meeting mode: the wire types of a client-facing
//! meeting and the what-if in the client's words, recomputed in the browser.
//!
//! The client sees their own portfolio, what suits them and what a move would do; never
//! an internal score. Products above the client's level are never proposed (the server
//! refuses to record one as shown); a question about one gets a risk warning whose
//! acknowledgement is recorded.

use crate::allocation::AssetClass;
use crate::customer::{BookCustomer, Holding, Product, ProductId};
use crate::kano::KanoPair;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::recommend::PeerRates;
use crate::risk::{ProductRisk, RiskLevel};
use crate::service::RatingInput;
use crate::suitability;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The smallest and largest number of digits of a meeting PIN.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;
/// Wrong PINs in a row that end the session.
pub const PIN_MAX_FAILURES: u32 = 5;

/// `GET /api/meeting`: everything the meeting screens show, for the one customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingView {
    pub meeting_id: i64,
    pub started_at: DateTime<Utc>,
    /// The customer, masked, without complaints or surveys (nothing internal).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub customer: BookCustomer,
    /// The household's combined figures, when the customer is in one.
    pub household: Option<HouseholdFigures>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub shelf: Vec<Product>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub policy: ScoringPolicy,
    /// Product-family rates of the advisor's book, for the recommendations' reasons.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub peers: PeerRates,
    /// The bank's business date.
    pub today: NaiveDate,
    /// Products recorded as shown so far, oldest first.
    pub shown: Vec<ProductShown>,
    /// Risk warnings given and acknowledged so far.
    pub warnings: Vec<RiskAcknowledged>,
    /// Whether the summary has been signed (the meeting then only waits for the PIN).
    pub signed: bool,
}

/// A household's combined figures (members the advisor may see, this customer included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdFigures {
    pub members: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub combined_aum: Money,
}

/// `POST /api/customers/{id}/meeting`: the meeting begun; the session is now locked to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingStarted {
    pub meeting_id: i64,
}

/// `POST /api/meeting/shown` and `/api/meeting/warnings`: the product concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductRef {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub product_id: ProductId,
}

/// A product shown to the client, with the server's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductShown {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub product_id: ProductId,
    pub shown_at: DateTime<Utc>,
}

/// A risk warning given for a product above the client's level, and acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAcknowledged {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub product_id: ProductId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_risk: ProductRisk,
    /// The highest risk the client may be offered.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub max_risk: ProductRisk,
    pub acknowledged_at: DateTime<Utc>,
}

/// The survey the client filled on the tablet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingSurvey {
    /// "Would you recommend us?" 0–10.
    pub recommend: u8,
    /// Overall satisfaction 1–5.
    pub overall: u8,
    #[serde(default)]
    pub ratings: Vec<RatingInput>,
    #[serde(default)]
    pub kano: Vec<KanoPair>,
}

/// A signature drawn with a finger: strokes of points in canvas pixels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub width: u32,
    pub height: u32,
    /// Each stroke a list of `[x, y]`.
    pub strokes: Vec<Vec<[i32; 2]>>,
}

impl Signature {
    /// Points drawn in all.
    pub fn points(&self) -> usize {
        self.strokes.iter().map(Vec::len).sum()
    }
}

/// `POST /api/meeting/end`: what the client read, confirmed and signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndMeeting {
    /// The advisor's note of the meeting (goes on the contact log).
    #[serde(default)]
    pub note: String,
    /// Products the client said they are interested in (each within their level).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub interest: Vec<ProductId>,
    pub survey: Option<MeetingSurvey>,
    /// The client ticked "I have read this summary".
    pub confirmed: bool,
    pub signature: Signature,
}

/// The stored summary: what was shown and warned (as the server recorded it) and what
/// the client confirmed. Hashed with the signature into the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSummary {
    pub meeting_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: crate::CustomerId,
    pub advisor: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub shown: Vec<ProductShown>,
    pub warnings: Vec<RiskAcknowledged>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub interest: Vec<ProductId>,
    pub survey: Option<MeetingSurvey>,
    pub note: String,
}

/// `POST /api/meeting/end` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingEnded {
    pub summary: MeetingSummary,
    /// SHA-256 (hex) of the summary and signature.
    pub record_hash: String,
    /// SHA-256 (hex) of the previous chain hash and `record_hash`.
    pub chain_hash: String,
}

/// `POST /api/meeting/exit` and `PUT /api/me/pin`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PinRequest {
    /// 4–8 digits.
    pub pin: String,
}

/// Whether `pin` is 4–8 ASCII digits.
pub fn pin_is_well_formed(pin: &str) -> bool {
    PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// `GET /api/audit/meetings/{id}`: a stored summary and its signature, for compliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredMeeting {
    pub summary: MeetingSummary,
    pub signature: Signature,
    pub record_hash: String,
    pub chain_hash: String,
}

/// One meeting record whose stored hashes do not match what is stored now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainBreak {
    pub meeting_id: i64,
    /// `record` (summary or signature changed), `chain` (the chain hash or its order).
    pub problem: String,
}

/// `POST /api/audit/meetings/check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainCheck {
    pub records: u32,
    pub intact: bool,
    pub breaks: Vec<ChainBreak>,
}

/// A signed meeting, listed for compliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingListItem {
    pub meeting_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: crate::CustomerId,
    pub advisor: String,
    pub ended_at: DateTime<Utc>,
}

/// `GET /api/audit/meetings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingList {
    pub meetings: Vec<MeetingListItem>,
}

/// `GET /api/satisfaction/kano`: Kano answers of the caller's scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KanoAnswers {
    pub pairs: Vec<KanoPair>,
}

/// Whether the client may be shown (or proposed) `risk`: the suitability rule, R ≤ C and
/// nothing above R1 on a missing or expired questionnaire.
pub fn may_show(
    customer: &BookCustomer,
    risk: ProductRisk,
    p: &ScoringPolicy,
    today: NaiveDate,
) -> bool {
    suitability::score(customer, p, today).allows(risk)
}

/// Basis points of the asset total per class (`AssetClass as usize`).
pub fn allocation_bp(holdings: &[Holding]) -> [u32; 4] {
    let mut amounts = [0i64; 4];
    for h in holdings {
        if let Some(c) = AssetClass::of(h.family) {
            amounts[c as usize] += h.balance.fen().max(0);
        }
    }
    let total: i64 = amounts.iter().sum();
    amounts.map(|a| {
        if total <= 0 {
            0
        } else {
            (i128::from(a) * 10_000 / i128::from(total)) as u32
        }
    })
}

/// "Moving `amount` from holding `from` into `product`": what the client's portfolio
/// becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOutcome {
    /// The amount actually moved (at most the holding's balance).
    pub amount: Money,
    pub before_bp: [u32; 4],
    pub after_bp: [u32; 4],
    /// The client's level (`None`: no valid questionnaire).
    pub level: Option<RiskLevel>,
    /// The highest product risk the client may hold new.
    pub max_risk: ProductRisk,
    /// The highest product risk in the portfolio after the move.
    pub highest_after: ProductRisk,
    /// The product is within the client's level.
    pub product_allowed: bool,
    /// The amount is below the product's minimum.
    pub below_minimum: bool,
}

/// The what-if of a move, computed from the customer's own record (no request).
pub fn move_into(
    customer: &BookCustomer,
    from: usize,
    product: &Product,
    amount: Money,
    p: &ScoringPolicy,
    today: NaiveDate,
) -> MoveOutcome {
    let profile = suitability::score(customer, p, today);
    let mut after = customer.holdings.clone();
    let available = after.get(from).map_or(0, |h| h.balance.fen().max(0));
    let moved = Money::from_fen(amount.fen().clamp(0, available));
    if let Some(h) = after.get_mut(from) {
        h.balance = Money::from_fen(h.balance.fen() - moved.fen());
    }
    after.push(Holding {
        product_id: product.id,
        family: product.family,
        risk: product.risk,
        balance: moved,
        opened_on: today,
        matures_on: None,
    });
    let highest_after = after
        .iter()
        .filter(|h| h.balance.fen() > 0 && AssetClass::of(h.family).is_some())
        .map(|h| h.risk)
        .max()
        .unwrap_or(ProductRisk::R1);
    MoveOutcome {
        amount: moved,
        before_bp: allocation_bp(&customer.holdings),
        after_bp: allocation_bp(&after),
        level: profile
            .questionnaire
            .is_valid()
            .then_some(profile.level)
            .flatten(),
        max_risk: profile.max_risk,
        highest_after,
        product_allowed: profile.allows(product.risk),
        below_minimum: moved < product.min_amount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::ProductFamily;
    use crate::testkit::*;

    fn fund(risk: ProductRisk) -> Product {
        Product {
            id: ProductId(900),
            code: "F900".into(),
            name_en: "Fund".into(),
            name_zh: "基金".into(),
            family: ProductFamily::Fund,
            risk,
            min_amount: Money::from_yuan(1_000),
            term_months: None,
            yield_bp: None,
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_move_shifts_the_allocation_and_keeps_the_total() {
        let c = customer();
        let p = ScoringPolicy::default();
        let from = c
            .holdings
            .iter()
            .position(|h| AssetClass::of(h.family) == Some(AssetClass::Deposits))
            .expect("the test customer holds a deposit");
        let amount = c.holdings[from].balance;
        let out = move_into(&c, from, &fund(ProductRisk::R1), amount, &p, today());
        assert_eq!(out.amount, amount);
        assert!(
            out.after_bp[AssetClass::Equity as usize] > out.before_bp[AssetClass::Equity as usize]
        );
        assert!(
            out.after_bp[AssetClass::Deposits as usize]
                < out.before_bp[AssetClass::Deposits as usize]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_move_never_takes_more_than_the_holding_and_flags_a_product_above_the_level() {
        let mut c = customer();
        c.risk_level = Some(RiskLevel::C2);
        c.risk_assessed_on = Some(today());
        let p = ScoringPolicy::default();
        let huge = Money::from_yuan(1_000_000_000);
        let out = move_into(&c, 0, &fund(ProductRisk::R4), huge, &p, today());
        assert_eq!(out.amount, c.holdings[0].balance.max(Money::from_fen(0)));
        assert!(!out.product_allowed);
        assert_eq!(out.max_risk, ProductRisk::R2);
        assert!(may_show(&c, ProductRisk::R2, &p, today()));
        assert!(!may_show(&c, ProductRisk::R3, &p, today()));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_expired_questionnaire_shows_nothing_above_r1() {
        let mut c = customer();
        c.risk_level = Some(RiskLevel::C5);
        c.risk_assessed_on = Some(date(2020, 1, 1));
        let p = ScoringPolicy::default();
        assert!(may_show(&c, ProductRisk::R1, &p, today()));
        assert!(!may_show(&c, ProductRisk::R2, &p, today()));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_pin_is_four_to_eight_digits() {
        assert!(pin_is_well_formed("2468"));
        assert!(pin_is_well_formed("12345678"));
        assert!(!pin_is_well_formed("123"));
        assert!(!pin_is_well_formed("123456789"));
        assert!(!pin_is_well_formed("12a4"));
    }
}
