//! What an opportunity opened from the customer page carries: the product (or family),
//! the expected amount and the figures that made it (`source_detail`), built from the
//! customer's scores so the pipeline keeps why it was opened.

use clientbook_domain::care::Maturity;
use clientbook_domain::churn::ChurnRisk;
use clientbook_domain::opportunity::{
    NewOpportunity, OpportunitySource, SourceDetail, SourceFigure,
};
use clientbook_domain::recommend::{Recommendation, RecommendationReason};
use clientbook_domain::{CustomerId, Money, ProductFamily};

/// The smallest expected amount proposed: 10,000 CNY.
const FLOOR: Money = Money::from_yuan(10_000);

fn text(s: impl Into<String>) -> SourceFigure {
    SourceFigure::Text(s.into())
}

/// The variant's name of a value's `Debug` (`StatedNeed { .. }` → `StatedNeed`).
fn variant(value: &impl std::fmt::Debug) -> String {
    let s = format!("{value:?}");
    s.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn request(
    customer: CustomerId,
    family: ProductFamily,
    amount: Money,
    source: OpportunitySource,
    detail: SourceDetail,
) -> NewOpportunity {
    NewOpportunity {
        customer_id: customer,
        product_id: None,
        product_family: family,
        expected_amount_fen: amount.max(FLOOR),
        source,
        source_detail: detail,
        campaign_id: None,
        next_step: None,
        next_step_on: None,
    }
}

/// A recommended product: the amount is the money the reason names (maturing, idle),
/// else the product's minimum.
pub fn from_recommendation(
    customer: CustomerId,
    rec: &Recommendation,
    min_amount: Money,
) -> NewOpportunity {
    let mut d = SourceDetail::new();
    d.insert("reason".into(), text(variant(&rec.reason)));
    d.insert("product_risk".into(), text(rec.risk.code()));
    if let Some(level) = rec.suitability.customer_level {
        d.insert("customer_level".into(), text(level.code()));
    }
    let amount = match rec.reason {
        RecommendationReason::ReinvestMaturing {
            amount, matures_on, ..
        } => {
            d.insert("amount_fen".into(), SourceFigure::Whole(amount.fen()));
            d.insert("matures_on".into(), text(matures_on.to_string()));
            amount
        }
        RecommendationReason::IdleBalance { amount } => {
            d.insert("amount_fen".into(), SourceFigure::Whole(amount.fen()));
            amount
        }
        RecommendationReason::StatedNeed { need } => {
            d.insert("need".into(), text(variant(&need)));
            min_amount
        }
        RecommendationReason::PeerGap { peer_percent, .. } => {
            d.insert(
                "peer_percent".into(),
                SourceFigure::Whole(peer_percent.into()),
            );
            min_amount
        }
    };
    let mut r = request(
        customer,
        rec.family,
        amount.max(min_amount),
        OpportunitySource::Recommendation,
        d,
    );
    r.product_id = Some(rec.product_id);
    r
}

/// A retention warning: keep the customer's assets (a time deposit at a preferential
/// rate), the amount at risk being their AUM.
pub fn from_retention(customer: CustomerId, churn: &ChurnRisk, aum: Money) -> NewOpportunity {
    let mut d = SourceDetail::new();
    d.insert(
        "churn_score".into(),
        SourceFigure::Whole(churn.score.into()),
    );
    d.insert("band".into(), text(variant(&churn.band)));
    d.insert("aum_fen".into(), SourceFigure::Whole(aum.fen()));
    for (i, f) in churn.factors.iter().take(3).enumerate() {
        d.insert(format!("factor_{}", i + 1), text(variant(&f.signal)));
        d.insert(
            format!("factor_{}_weight", i + 1),
            SourceFigure::Whole(f.weight.into()),
        );
    }
    if let Some(a) = churn.action {
        d.insert("suggested_action".into(), text(variant(&a)));
    }
    request(
        customer,
        ProductFamily::TimeDeposit,
        aum,
        OpportunitySource::Retention,
        d,
    )
}

/// A maturing holding: reinvest it in the same family.
pub fn from_maturity(customer: CustomerId, m: &Maturity) -> NewOpportunity {
    let mut d = SourceDetail::new();
    d.insert("amount_fen".into(), SourceFigure::Whole(m.balance.fen()));
    d.insert("matures_on".into(), text(m.matures_on.to_string()));
    d.insert(
        "holding_product_id".into(),
        SourceFigure::Whole(m.product_id.0),
    );
    request(
        customer,
        m.family,
        m.balance,
        OpportunitySource::Maturity,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use clientbook_domain::ProductId;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_maturity_keeps_its_amount_and_date() {
        let m = Maturity {
            product_id: ProductId(3),
            family: ProductFamily::TimeDeposit,
            matures_on: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            balance: Money::from_yuan(200_000),
        };
        let r = from_maturity(CustomerId(9), &m);
        assert_eq!(r.expected_amount_fen, Money::from_yuan(200_000));
        assert_eq!(r.source, OpportunitySource::Maturity);
        assert_eq!(r.source_detail["matures_on"], text("2026-07-01"));
        assert_eq!(
            r.source_detail["amount_fen"],
            SourceFigure::Whole(20_000_000)
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_small_amount_is_raised_to_the_floor_and_a_variant_is_named() {
        let m = Maturity {
            product_id: ProductId(3),
            family: ProductFamily::Fund,
            matures_on: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            balance: Money::from_yuan(5),
        };
        assert_eq!(from_maturity(CustomerId(1), &m).expected_amount_fen, FLOOR);
        assert_eq!(
            variant(&RecommendationReason::IdleBalance {
                amount: Money::ZERO
            }),
            "IdleBalance"
        );
    }
}
