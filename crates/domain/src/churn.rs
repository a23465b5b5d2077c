//! Churn early warning (流失预警), docs/rules.md, Churn warning: a 0–100
//! risk from six factors, each returned as data (a signal with the customer's own
//! figures and the weight it added) and rendered to words only on demand. High risk
//! puts the customer on the retention list with a suggested care action.

use crate::calendar::saturating_add_days;
use crate::contact::{self, ContactStatus};
use crate::customer::{BookCustomer, ProductFamily};
use crate::history::{cmp_products, Window};
use crate::lang::Lang;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::scoring_input::CustomerInput;
use crate::tier::tier;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChurnBand {
    Low,
    Medium,
    High,
}

impl ChurnBand {
    pub const ALL: [ChurnBand; 3] = [Self::Low, Self::Medium, Self::High];

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Low, Lang::En) => "Low",
            (Self::Medium, Lang::En) => "Medium",
            (Self::High, Lang::En) => "High",
            (Self::Low, Lang::ZhCn) => "低",
            (Self::Medium, Lang::ZhCn) => "中",
            (Self::High, Lang::ZhCn) => "高",
        }
    }
}

/// The code of a churn factor (for filtering and counting without the figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChurnFactorCode {
    TransactionsFell,
    NetOutflow,
    Complaints,
    Detractor,
    DepositsMaturing,
    NoContact,
}

/// A factor with the customer's own figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChurnSignal {
    /// Transactions in the last window vs the window before; `strong` at a fall of 50%+.
    TransactionsFell {
        previous: u32,
        recent: u32,
        percent: u8,
        window_days: u32,
        strong: bool,
    },
    /// Outflow minus inflow over the window, and its share of the AUM at the window start.
    NetOutflow {
        amount: Money,
        percent: u8,
        window_days: u32,
    },
    Complaints {
        count: u32,
        within_days: u32,
    },
    /// The latest survey's "would you recommend" (0–10) was a detractor score.
    Detractor {
        score: u8,
        answered_on: NaiveDate,
    },
    DepositsMaturing {
        count: u32,
        amount: Money,
        first_on: NaiveDate,
        within_days: u32,
    },
    /// Overdue for contact: today is after the due date (docs/rules.md, Contact plan).
    NoContact {
        due_on: NaiveDate,
        overdue_days: u32,
    },
}

impl ChurnSignal {
    pub fn code(&self) -> ChurnFactorCode {
        match self {
            Self::TransactionsFell { .. } => ChurnFactorCode::TransactionsFell,
            Self::NetOutflow { .. } => ChurnFactorCode::NetOutflow,
            Self::Complaints { .. } => ChurnFactorCode::Complaints,
            Self::Detractor { .. } => ChurnFactorCode::Detractor,
            Self::DepositsMaturing { .. } => ChurnFactorCode::DepositsMaturing,
            Self::NoContact { .. } => ChurnFactorCode::NoContact,
        }
    }

    /// The factor in words, e.g. "Transactions fell 62% vs the previous 90 days" /
    /// "近90天交易笔数较前90天下降62%".
    pub fn sentence(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Self::TransactionsFell { percent, window_days, .. }, Lang::En) => {
                format!("Transactions fell {percent}% vs the previous {window_days} days")
            }
            (Self::TransactionsFell { percent, window_days, .. }, Lang::ZhCn) => {
                format!("近{window_days}天交易笔数较前{window_days}天下降{percent}%")
            }
            (Self::NetOutflow { amount, percent, window_days }, Lang::En) => format!(
                "Net outflow of {amount} ({percent}% of assets) in the last {window_days} days"
            ),
            (Self::NetOutflow { amount, percent, window_days }, Lang::ZhCn) => {
                format!("近{window_days}天资产净流出{amount}（占资产{percent}%）")
            }
            (Self::Complaints { count, within_days }, Lang::En) => {
                format!("{count} complaints within {within_days} days")
            }
            (Self::Complaints { count, within_days }, Lang::ZhCn) => {
                format!("{within_days}天内投诉{count}次")
            }
            (Self::Detractor { score, answered_on }, Lang::En) => format!(
                "Would recommend us only {score}/10 in the latest survey ({answered_on})"
            ),
            (Self::Detractor { score, answered_on }, Lang::ZhCn) => {
                format!("最近一次满意度调查（{answered_on}）推荐意愿仅{score}分（满分10分）")
            }
            (Self::DepositsMaturing { count, amount, first_on, within_days }, Lang::En) => format!(
                "{count} time deposit(s) of {amount} mature within {within_days} days, the first on {first_on}"
            ),
            (Self::DepositsMaturing { count, amount, first_on, within_days }, Lang::ZhCn) => format!(
                "{count}笔定期存款（{amount}）将在{within_days}天内到期，最早于{first_on}"
            ),
            (Self::NoContact { due_on, overdue_days }, Lang::En) => {
                format!("Contact was due on {due_on}, {overdue_days} day(s) ago")
            }
            (Self::NoContact { due_on, overdue_days }, Lang::ZhCn) => {
                format!("已逾期{overdue_days}天未联系（应于{due_on}联系）")
            }
        }
    }
}

/// A factor and the weight it added to the risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChurnFactor {
    pub signal: ChurnSignal,
    pub weight: u8,
}

/// The care action suggested for a high-risk customer, chosen from the heaviest factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CareAction {
    /// Call to re-engage, invite to a wealth salon (理财沙龙).
    ReengagementCall,
    /// Offer a preferential rate to keep the assets.
    RetentionRateOffer,
    /// Service recovery: follow up the complaint or the poor survey.
    ServiceRecovery,
    /// Propose reinvesting the maturing deposit.
    ReinvestmentProposal,
    /// Visit or call: the customer has not been contacted for too long.
    PersonalVisit,
}

impl CareAction {
    pub fn for_factor(code: ChurnFactorCode) -> Self {
        match code {
            ChurnFactorCode::TransactionsFell => Self::ReengagementCall,
            ChurnFactorCode::NetOutflow => Self::RetentionRateOffer,
            ChurnFactorCode::Complaints | ChurnFactorCode::Detractor => Self::ServiceRecovery,
            ChurnFactorCode::DepositsMaturing => Self::ReinvestmentProposal,
            ChurnFactorCode::NoContact => Self::PersonalVisit,
        }
    }

    pub fn sentence(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::ReengagementCall, Lang::En) => "Call to re-engage and invite to a wealth salon",
            (Self::ReengagementCall, Lang::ZhCn) => "致电激活，邀请参加理财沙龙",
            (Self::RetentionRateOffer, Lang::En) => "Offer a preferential rate to keep the assets",
            (Self::RetentionRateOffer, Lang::ZhCn) => "提供优惠利率，挽留资产",
            (Self::ServiceRecovery, Lang::En) => "Follow up the complaint or poor rating in person",
            (Self::ServiceRecovery, Lang::ZhCn) => "当面回访投诉或差评，修复服务",
            (Self::ReinvestmentProposal, Lang::En) => "Propose reinvesting the maturing deposit",
            (Self::ReinvestmentProposal, Lang::ZhCn) => "到期前提出续存或再投资方案",
            (Self::PersonalVisit, Lang::En) => "Visit or call: overdue for contact",
            (Self::PersonalVisit, Lang::ZhCn) => "上门拜访或致电：已超期未联系",
        }
    }
}

/// A customer's churn factors: at most one per [`ChurnFactorCode`] (six), inline up to
/// two (94 % of the generated book has two or fewer); the same JSON array as a `Vec`.
pub type ChurnFactors = SmallVec<[ChurnFactor; 2]>;

/// The churn risk of one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChurnRisk {
    /// 0–100.
    pub score: u8,
    pub band: ChurnBand,
    /// Heaviest first.
    pub factors: ChurnFactors,
    /// Set when the band is high.
    pub action: Option<CareAction>,
}

fn percent_of(part: i128, whole: i128) -> u8 {
    if whole <= 0 {
        return 100;
    }
    // In 64 bits when everything fits (any real balance): wasm has no 128-bit division,
    // each is a library call. The same quotient either way.
    if let (Ok(p), Ok(w)) = (i64::try_from(part), i64::try_from(whole)) {
        if let Some(x) = p.checked_mul(100).and_then(|x| x.checked_add(w / 2)) {
            return (x / w).clamp(0, 100) as u8;
        }
    }
    ((part * 100 + whole / 2) / whole).clamp(0, 100) as u8
}

pub(crate) fn assess(
    customer: &CustomerInput<'_>,
    aum: Money,
    contact: &ContactStatus,
    w: &Window<'_>,
    policy: &ScoringPolicy,
    today: NaiveDate,
    maturing_until: NaiveDate,
) -> ChurnRisk {
    let p = &policy.churn;
    let window_days = p.window_months * 30;
    let mut factors = ChurnFactors::new();

    let recent = w.transactions(0, p.window_months);
    let previous = w.transactions(p.window_months, p.window_months);
    if previous > recent {
        // Counts and percentages are u32: their products fit in u64 exactly.
        let fall = u64::from(previous - recent);
        let prev = u64::from(previous);
        let strong = fall * 100 >= prev * u64::from(p.strong_fall_percent);
        if strong || fall * 100 >= prev * u64::from(p.weak_fall_percent) {
            factors.push(ChurnFactor {
                signal: ChurnSignal::TransactionsFell {
                    previous,
                    recent,
                    percent: percent_of(i128::from(fall), i128::from(prev)),
                    window_days,
                    strong,
                },
                weight: if strong {
                    p.strong_fall_weight
                } else {
                    p.weak_fall_weight
                },
            });
        }
    }

    let net =
        w.sum_money(w.h.outflow, 0, p.window_months) - w.sum_money(w.h.inflow, 0, p.window_months);
    if net.fen() > 0 {
        let start = w
            .aum_end(p.window_months)
            .filter(|m| m.fen() > 0)
            .unwrap_or(aum + net);
        let (n, s) = (net.fen(), start.fen());
        if s <= 0 || cmp_products(n, 100, s, i64::from(p.net_outflow_min_percent)).is_ge() {
            factors.push(ChurnFactor {
                signal: ChurnSignal::NetOutflow {
                    amount: net,
                    percent: percent_of(i128::from(n), i128::from(s)),
                    window_days,
                },
                weight: p.net_outflow_weight,
            });
        }
    }

    let complaints = customer
        .complaints
        .iter()
        .filter(|c| {
            let age = (today - c.received_on).num_days();
            (0..=i64::from(p.complaints_window_days)).contains(&age)
        })
        .count() as u32;
    if complaints >= p.complaints_min {
        factors.push(ChurnFactor {
            signal: ChurnSignal::Complaints {
                count: complaints,
                within_days: p.complaints_window_days,
            },
            weight: p.complaints_weight,
        });
    }

    if let Some(s) = customer.latest_survey {
        if s.recommend <= p.detractor_max {
            factors.push(ChurnFactor {
                signal: ChurnSignal::Detractor {
                    score: s.recommend,
                    answered_on: s.answered_on,
                },
                weight: p.detractor_weight,
            });
        }
    }

    let until = maturing_until;
    let mut count = 0u32;
    let mut amount = Money::ZERO;
    let mut first_on: Option<NaiveDate> = None;
    for h in customer.holdings {
        if h.family != ProductFamily::TimeDeposit {
            continue;
        }
        if let Some(m) = h.matures_on.filter(|m| *m >= today && *m <= until) {
            count += 1;
            amount += h.balance;
            first_on = Some(first_on.map_or(m, |f| f.min(m)));
        }
    }
    if let Some(first_on) = first_on {
        factors.push(ChurnFactor {
            signal: ChurnSignal::DepositsMaturing {
                count,
                amount,
                first_on,
                within_days: p.maturing_days,
            },
            weight: p.maturing_weight,
        });
    }

    // The follow-up list's own test, so the two never disagree.
    if contact.is_overdue() {
        factors.push(ChurnFactor {
            signal: ChurnSignal::NoContact {
                due_on: contact.due_on,
                overdue_days: contact.overdue_days,
            },
            weight: p.no_contact_weight,
        });
    }

    factors.sort_by_key(|f| std::cmp::Reverse(f.weight));
    let score = factors
        .iter()
        .map(|f| u32::from(f.weight))
        .sum::<u32>()
        .min(100) as u8;
    let band = band_of(score, policy);
    let action = match band {
        ChurnBand::High => factors
            .first()
            .map(|f| CareAction::for_factor(f.signal.code())),
        _ => None,
    };
    ChurnRisk {
        score,
        band,
        factors,
        action,
    }
}

/// The band of a risk score.
pub fn band_of(score: u8, policy: &ScoringPolicy) -> ChurnBand {
    if score >= policy.churn.high_from {
        ChurnBand::High
    } else if score >= policy.churn.medium_from {
        ChurnBand::Medium
    } else {
        ChurnBand::Low
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> ChurnRisk {
    let aum = customer.aum();
    let t = tier(customer, &policy.tiers);
    let input = CustomerInput::of(customer);
    let contact = contact::status(&input, t, policy, today);
    assess(
        &input,
        aum,
        &contact,
        &Window::new(&customer.history, today),
        policy,
        today,
        saturating_add_days(today, policy.churn.maturing_days),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::*;
    use crate::risk::ProductRisk::R1;
    use crate::testkit::*;

    fn only(c: &BookCustomer) -> ChurnRisk {
        score(c, &ScoringPolicy::default(), today())
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_steady_customer_has_no_risk() {
        let r = only(&customer());
        assert_eq!(r.score, 0);
        assert_eq!(r.band, ChurnBand::Low);
        assert!(r.factors.is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn transactions_falling_62_percent_is_a_strong_signal_in_both_languages() {
        let mut c = customer();
        // Jun–Aug 21 transactions, Sep–Nov 8.
        c.history.transactions = vec![0, 0, 0, 0, 0, 0, 7, 7, 7, 3, 3, 2];
        let r = only(&c);
        assert_eq!(
            r.factors[0].signal,
            ChurnSignal::TransactionsFell {
                previous: 21,
                recent: 8,
                percent: 62,
                window_days: 90,
                strong: true
            }
        );
        assert_eq!(r.score, 35);
        assert_eq!(r.band, ChurnBand::Medium);
        assert_eq!(
            r.factors[0].signal.sentence(Lang::En),
            "Transactions fell 62% vs the previous 90 days"
        );
        assert_eq!(
            r.factors[0].signal.sentence(Lang::ZhCn),
            "近90天交易笔数较前90天下降62%"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_fall_of_a_third_is_a_weak_signal() {
        let mut c = customer();
        c.history.transactions = vec![0, 0, 0, 0, 0, 0, 3, 3, 3, 2, 2, 2];
        let r = only(&c);
        assert_eq!(r.score, 15);
        assert!(matches!(
            r.factors[0].signal,
            ChurnSignal::TransactionsFell {
                strong: false,
                percent: 33,
                ..
            }
        ));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_net_outflow_of_a_tenth_of_the_assets_is_a_factor() {
        let mut c = customer();
        c.history.outflow[10] = Money::from_yuan(12_000); // from 100,000 at the end of August
        c.history.inflow[11] = Money::from_yuan(2_000);
        let r = only(&c);
        assert_eq!(
            r.factors[0].signal,
            ChurnSignal::NetOutflow {
                amount: Money::from_yuan(10_000),
                percent: 10,
                window_days: 90
            }
        );
        assert_eq!(r.score, 25);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn two_complaints_within_thirty_days_is_a_factor_but_an_older_one_is_not() {
        let mut c = customer();
        let complaint = |on| ComplaintSummary {
            received_on: on,
            severity: ComplaintSeverity::General,
            status: ComplaintStatus::Closed,
        };
        c.complaints = vec![complaint(date(2026, 11, 1)), complaint(date(2026, 10, 1))];
        assert_eq!(only(&c).score, 0);
        c.complaints.push(complaint(date(2026, 10, 24)));
        let r = only(&c);
        assert_eq!(
            r.factors[0].signal,
            ChurnSignal::Complaints {
                count: 2,
                within_days: 30
            }
        );
        assert_eq!(r.score, 20);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_detractor_on_the_latest_survey_is_a_factor() {
        let mut c = customer();
        let survey = |on, recommend| Survey {
            answered_on: on,
            recommend,
            overall: 3,
            ratings: vec![],
        };
        c.surveys = vec![survey(date(2026, 1, 1), 10), survey(date(2026, 9, 1), 6)];
        assert_eq!(only(&c).score, 15);
        c.surveys.push(survey(date(2026, 10, 1), 7));
        assert_eq!(only(&c).score, 0);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn time_deposits_maturing_within_thirty_days_are_a_factor() {
        let mut c = customer();
        let mut td = holding(5, ProductFamily::TimeDeposit, R1, 200_000);
        td.matures_on = Some(date(2026, 12, 23));
        c.holdings.push(td.clone());
        td.matures_on = Some(date(2026, 12, 24));
        c.holdings.push(td);
        let r = only(&c);
        assert_eq!(
            r.factors[0].signal,
            ChurnSignal::DepositsMaturing {
                count: 1,
                amount: Money::from_yuan(200_000),
                first_on: date(2026, 12, 23),
                within_days: 30
            }
        );
        assert_eq!(r.score, 10);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_contact_beyond_the_tier_s_interval_is_a_factor() {
        let mut c = customer(); // Gold: 90 days
        c.last_contact_on = Some(date(2026, 8, 25)); // 90 days: not yet
        assert_eq!(only(&c).score, 0);
        c.last_contact_on = Some(date(2026, 8, 24));
        let r = only(&c);
        assert_eq!(
            r.factors[0].signal,
            ChurnSignal::NoContact {
                due_on: date(2026, 11, 22),
                overdue_days: 1
            }
        );
        assert_eq!(
            r.factors[0].signal.sentence(Lang::ZhCn),
            "已逾期1天未联系（应于2026-11-22联系）"
        );
        assert_eq!(
            r.factors[0].signal.sentence(Lang::En),
            "Contact was due on 2026-11-22, 1 day(s) ago"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn strong_fall_and_outflow_make_a_high_risk_with_a_re_engagement_call() {
        let mut c = customer();
        c.history.transactions = vec![0, 0, 0, 0, 0, 0, 7, 7, 7, 0, 0, 0];
        c.history.outflow[11] = Money::from_yuan(50_000);
        let r = only(&c);
        assert_eq!(r.score, 60);
        assert_eq!(r.band, ChurnBand::High);
        assert_eq!(r.action, Some(CareAction::ReengagementCall));
    }
}
