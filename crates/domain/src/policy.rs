//! The scoring policy: every threshold, weight and interval of DOMAIN.md, with the brief's
//! values as defaults. A bank changes them at run time (the server stores the policy as
//! JSON); nothing here is compiled in except the defaults.

pub use crate::calendar::{BankCalendar, ComplaintPolicy};
use crate::money::Money;
use crate::risk::RiskLevel;
use crate::tier::Tier;
pub use crate::tier::TierPolicy;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The bank's whole scoring policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScoringPolicy {
    pub tiers: TierPolicy,
    pub contact: ContactPolicy,
    pub suitability: SuitabilityPolicy,
    pub masking: MaskingPolicy,
    pub activity: ActivityPolicy,
    pub value_class: ValueClassPolicy,
    pub lifecycle: LifecyclePolicy,
    pub needs: NeedsPolicy,
    pub rfm: RfmPolicy,
    pub clv: ClvPolicy,
    pub churn: ChurnPolicy,
    pub care: CarePolicy,
    pub complaints: ComplaintPolicy,
    pub calendar: BankCalendar,
    pub satisfaction: SatisfactionPolicy,
    pub concentration: ConcentrationPolicy,
    pub recommend: RecommendPolicy,
    pub allocation: AllocationPolicy,
    pub retention: RetentionPolicy,
}

/// Activity (活跃度), DOMAIN.md Classification 2: active = at least `active_min`
/// customer-initiated transactions or logins in the window, potential = 1 to
/// `active_min - 1`, dormant = none. With monthly history the window is the last
/// `window_months` months, the current one included (90 days ≈ 3 months).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActivityPolicy {
    pub window_months: u32,
    pub active_min: u32,
}

impl Default for ActivityPolicy {
    fn default() -> Self {
        Self {
            window_months: 3,
            active_min: 6,
        }
    }
}

/// Value class (价值分类), DOMAIN.md Classification 3. The brief gives the classes in
/// words; these figures make them concrete:
/// - dormant (睡眠): AUM below `dormant_max_aum` ("empty") or no transaction and no
///   login in the last `dormant_idle_months` months ("untouched");
/// - valuable (有价值): "large balances and frequent use" = AUM at least
///   `valuable_min_aum` and at least `valuable_min_transactions` transactions in the
///   last 12 months, or a 12-month margin of at least `valuable_min_annual_margin`;
/// - high-value-added (高附加值): valuable and holding at least
///   `high_value_min_families` product families;
/// - low-value (低价值): the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ValueClassPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub dormant_max_aum: Money,
    pub dormant_idle_months: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub valuable_min_aum: Money,
    pub valuable_min_transactions: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub valuable_min_annual_margin: Money,
    pub high_value_min_families: u32,
}

impl Default for ValueClassPolicy {
    fn default() -> Self {
        Self {
            dormant_max_aum: Money::from_yuan(100),
            dormant_idle_months: 6,
            valuable_min_aum: Money::from_yuan(50_000),
            valuable_min_transactions: 12,
            valuable_min_annual_margin: Money::from_yuan(2_000),
            high_value_min_families: 3,
        }
    }
}

/// Lifecycle (生命周期), DOMAIN.md Classification 4: new = relationship younger than
/// `new_months`; lost = no assets and no activity in the activity window; declining =
/// AUM down more than `decline_percent` over `trend_months`; growing = AUM up at least
/// `growth_percent` over the same months; mature otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LifecyclePolicy {
    pub new_months: u32,
    pub trend_months: u32,
    pub decline_percent: u32,
    pub growth_percent: u32,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            new_months: 12,
            trend_months: 6,
            decline_percent: 20,
            growth_percent: 10,
        }
    }
}

/// Needs (需求) inferred from holdings, DOMAIN.md Classification 5 (stated needs are
/// always kept): investment = holds an investment family or an idle demand balance of
/// at least `idle_demand_min`; consumer credit = holds a loan or a credit card, or is
/// aged `credit_min_age`..=`credit_max_age` without one and with at least
/// `credit_min_monthly_outflow` average monthly outflow; asset preservation = aged
/// `preservation_min_age` or more, or deposits at least `preservation_deposit_percent`
/// of an AUM of at least `preservation_min_aum`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NeedsPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub idle_demand_min: Money,
    pub credit_min_age: u32,
    pub credit_max_age: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub credit_min_monthly_outflow: Money,
    pub preservation_min_age: u32,
    pub preservation_deposit_percent: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub preservation_min_aum: Money,
}

impl Default for NeedsPolicy {
    fn default() -> Self {
        Self {
            idle_demand_min: Money::from_yuan(50_000),
            credit_min_age: 22,
            credit_max_age: 40,
            credit_min_monthly_outflow: Money::from_yuan(10_000),
            preservation_min_age: 55,
            preservation_deposit_percent: 80,
            preservation_min_aum: Money::from_yuan(50_000),
        }
    }
}

/// RFM bins (DOMAIN.md Classification 6). Each list holds the four cut points between
/// scores 1–2, 2–3, 3–4 and 4–5:
/// - recency in days since the last month with a transaction (0 = this month), fewer
///   is better: `recency_days` ascending, a value at or under `recency_days[3]` scores 5;
/// - frequency in transactions over the last 12 months, ascending, at least the cut
///   point scores the next bin;
/// - monetary in margin (contribution) over the last 12 months, ascending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RfmPolicy {
    /// Descending: [180, 90, 60, 30] → over 180 days = 1, ≤ 30 days = 5.
    pub recency_days: [u32; 4],
    pub frequency: [u32; 4],
    #[cfg_attr(feature = "openapi", schema(value_type = [i64; 4]))]
    pub monetary: [Money; 4],
}

impl Default for RfmPolicy {
    fn default() -> Self {
        Self {
            recency_days: [180, 90, 60, 30],
            frequency: [6, 24, 60, 120],
            monetary: [
                Money::from_yuan(200),
                Money::from_yuan(1_000),
                Money::from_yuan(5_000),
                Money::from_yuan(20_000),
            ],
        }
    }
}

/// Customer lifetime value (DOMAIN.md Scores, CLV): CLV = Σ_{t=1..T} m·r^t/(1+d)^t with
/// T = `horizon_years`, d = `discount_rate_bp`/10,000, m = the last 12 months' margin
/// (annualised when fewer months are known), r from the churn risk:
/// r = `retention_at_zero_risk` − (`retention_at_zero_risk` − `retention_at_full_risk`)
/// × risk/100, both in basis points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClvPolicy {
    pub horizon_years: u32,
    pub discount_rate_bp: u32,
    pub retention_at_zero_risk_bp: u32,
    pub retention_at_full_risk_bp: u32,
}

impl Default for ClvPolicy {
    fn default() -> Self {
        Self {
            horizon_years: 10,
            discount_rate_bp: 800,
            retention_at_zero_risk_bp: 9_500,
            retention_at_full_risk_bp: 3_000,
        }
    }
}

/// Churn early warning (流失预警), DOMAIN.md Scores. Each factor adds its weight; the
/// risk is the sum capped at 100. Bands: low below `medium_from`, high from `high_from`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChurnPolicy {
    /// Months compared: the last `window_months` vs the `window_months` before.
    pub window_months: u32,
    /// A fall of at least this percent is the strong signal (50 in the brief).
    pub strong_fall_percent: u32,
    /// A fall of at least this percent (and below the strong one) is a weak signal.
    pub weak_fall_percent: u32,
    pub strong_fall_weight: u8,
    pub weak_fall_weight: u8,
    /// Net outflow over the window of at least this percent of the AUM at its start.
    pub net_outflow_min_percent: u32,
    pub net_outflow_weight: u8,
    pub complaints_min: u32,
    pub complaints_window_days: u32,
    pub complaints_weight: u8,
    /// The latest survey's "would you recommend" at or under this is a detractor.
    pub detractor_max: u8,
    pub detractor_weight: u8,
    pub maturing_days: u32,
    pub maturing_weight: u8,
    pub no_contact_weight: u8,
    pub medium_from: u8,
    pub high_from: u8,
}

impl Default for ChurnPolicy {
    fn default() -> Self {
        Self {
            window_months: 3,
            strong_fall_percent: 50,
            weak_fall_percent: 25,
            strong_fall_weight: 35,
            weak_fall_weight: 15,
            net_outflow_min_percent: 10,
            net_outflow_weight: 25,
            complaints_min: 2,
            complaints_window_days: 30,
            complaints_weight: 20,
            detractor_max: 6,
            detractor_weight: 15,
            maturing_days: 30,
            maturing_weight: 10,
            no_contact_weight: 10,
            medium_from: 30,
            high_from: 60,
        }
    }
}

/// Care (客户关怀), DOMAIN.md Service work: birthdays in the next `birthday_days`,
/// holidays (节日问候) in the next `holiday_days`, maturities in the next
/// `maturity_days`, questionnaires expiring within `questionnaire_warning_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CarePolicy {
    pub birthday_days: u32,
    pub maturity_days: u32,
    pub questionnaire_warning_days: u32,
    /// How far ahead an occasion is listed (today included). Longer than the birthday
    /// window: festival gifts and events (mooncakes, 理财沙龙) are arranged ahead.
    pub holiday_days: u32,
    /// The occasions the bank greets customers for, by date: the lunar festivals move
    /// every year, so like the bank calendar the list is kept current each year.
    pub occasions: Vec<CareOccasion>,
}

/// An occasion (节日) the bank greets customers for, DOMAIN.md Service work "Care …
/// holidays"; its names are the bank's words, shown in the UI's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareOccasion {
    pub on: NaiveDate,
    pub name_en: String,
    pub name_zh: String,
    /// Customers of this tier and above are greeted by their relationship manager (the
    /// rest get the bank's own mass message).
    pub min_tier: Tier,
    /// Only customers at least this old on the day (the Double Ninth is also Seniors'
    /// Day, 老人节).
    #[serde(default)]
    pub min_age: Option<u32>,
}

/// The longest an occasion's name may be, in characters.
pub const OCCASION_NAME_MAX_CHARS: usize = 40;
/// The most occasions a policy may hold (each customer is checked against every one).
pub const OCCASIONS_MAX: usize = 200;

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => panic!("invalid occasion date"),
    }
}

/// The festivals of 2026 and 2027 that banks in mainland China greet customers for,
/// lunar dates converted to the Gregorian calendar. Qingming (清明) is left out: it is a
/// day of remembrance, not of greetings. The Spring and Mid-Autumn festivals, the
/// biggest (gifts are customary), reach Gold customers; the others Platinum and above.
fn default_occasions() -> Vec<CareOccasion> {
    use Tier::{Gold, Platinum};
    let festival = |name_en: &str, name_zh: &str, min_tier, min_age, dates: [NaiveDate; 2]| {
        dates.map(|on| CareOccasion {
            on,
            name_en: name_en.to_owned(),
            name_zh: name_zh.to_owned(),
            min_tier,
            min_age,
        })
    };
    let mut out: Vec<CareOccasion> = [
        festival(
            "New Year's Day",
            "元旦",
            Platinum,
            None,
            [day(2026, 1, 1), day(2027, 1, 1)],
        ),
        festival(
            "Spring Festival",
            "春节",
            Gold,
            None,
            [day(2026, 2, 17), day(2027, 2, 6)],
        ),
        festival(
            "Lantern Festival",
            "元宵节",
            Platinum,
            None,
            [day(2026, 3, 3), day(2027, 2, 20)],
        ),
        festival(
            "Dragon Boat Festival",
            "端午节",
            Platinum,
            None,
            [day(2026, 6, 19), day(2027, 6, 9)],
        ),
        festival(
            "Mid-Autumn Festival",
            "中秋节",
            Gold,
            None,
            [day(2026, 9, 25), day(2027, 9, 15)],
        ),
        festival(
            "National Day",
            "国庆节",
            Platinum,
            None,
            [day(2026, 10, 1), day(2027, 10, 1)],
        ),
        festival(
            "Double Ninth Festival",
            "重阳节",
            Gold,
            Some(60),
            [day(2026, 10, 18), day(2027, 10, 8)],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.sort_by_key(|o| o.on);
    out
}

impl Default for CarePolicy {
    fn default() -> Self {
        Self {
            birthday_days: 7,
            maturity_days: 30,
            questionnaire_warning_days: 30,
            holiday_days: 14,
            occasions: default_occasions(),
        }
    }
}

impl CarePolicy {
    /// The occasions' rules for `ScoringPolicy::validate`, each broken field named by its
    /// position (`care.occasions[2].name_zh`).
    fn validate_occasions(&self, push: &mut impl FnMut(&str, &str)) {
        if self.occasions.len() > OCCASIONS_MAX {
            push("care.occasions", "must hold at most 200 occasions");
        }
        for (i, o) in self.occasions.iter().enumerate() {
            for (part, name) in [("name_en", &o.name_en), ("name_zh", &o.name_zh)] {
                let field = format!("care.occasions[{i}].{part}");
                if name.trim().is_empty() {
                    push(&field, "must not be empty");
                } else if name.chars().count() > OCCASION_NAME_MAX_CHARS {
                    push(&field, "must be at most 40 characters");
                }
            }
            if o.min_age.is_some_and(|a| a > 150) {
                push(
                    &format!("care.occasions[{i}].min_age"),
                    "must be at most 150",
                );
            }
            if let Some(j) = self.occasions[..i]
                .iter()
                .position(|p| p.on == o.on && p.name_en == o.name_en)
            {
                push(
                    &format!("care.occasions[{i}]"),
                    &format!("repeats care.occasions[{j}] (same date and name)"),
                );
            }
        }
    }
}

/// Satisfaction (DOMAIN.md Scores): NPS promoters score at least `promoter_min`,
/// detractors at most `detractor_max`; CSAT counts `csat_min` and above on 1–5;
/// trends cover `trend_months` months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SatisfactionPolicy {
    pub promoter_min: u8,
    pub detractor_max: u8,
    pub csat_min: u8,
    pub trend_months: u32,
}

impl Default for SatisfactionPolicy {
    fn default() -> Self {
        Self {
            promoter_min: 9,
            detractor_max: 6,
            csat_min: 4,
            trend_months: 12,
        }
    }
}

/// Concentration (集中度): the shares of deposits held by the top percents of customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConcentrationPolicy {
    pub top_percents: Vec<u32>,
}

impl Default for ConcentrationPolicy {
    fn default() -> Self {
        Self {
            top_percents: vec![10, 20],
        }
    }
}

/// Recommendations (个性化推荐): at most `max_items`; an idle demand balance is at least
/// `idle_demand_min`; a peer gap is a family held by at least `peer_gap_min_percent` of
/// the customer's tier but not by the customer; maturities within `maturity_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RecommendPolicy {
    pub max_items: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub idle_demand_min: Money,
    pub peer_gap_min_percent: u32,
    pub maturity_days: u32,
}

impl Default for RecommendPolicy {
    fn default() -> Self {
        Self {
            max_items: 5,
            idle_demand_min: Money::from_yuan(50_000),
            peer_gap_min_percent: 40,
            maturity_days: 30,
        }
    }
}

/// The retention list (挽留名单): the top `list_size` customers by churn risk × value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RetentionPolicy {
    pub list_size: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self { list_size: 50 }
    }
}

/// Target allocation per risk level (DOMAIN.md Recommendations): percent of AUM per
/// asset class, each row summing to 100; a class off its target by more than
/// `tolerance_points` percentage points is a drift to correct.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AllocationPolicy {
    /// Indexed by `RiskLevel` (C1..C5), then by `AssetClass` (deposits, fixed income,
    /// equity funds, insurance).
    pub targets: [[u32; 4]; 5],
    pub tolerance_points: u32,
}

impl Default for AllocationPolicy {
    fn default() -> Self {
        Self {
            targets: [
                [80, 15, 0, 5],
                [50, 35, 10, 5],
                [30, 35, 25, 10],
                [20, 30, 40, 10],
                [10, 20, 60, 10],
            ],
            tolerance_points: 5,
        }
    }
}

impl AllocationPolicy {
    pub fn target(&self, level: RiskLevel) -> [u32; 4] {
        self.targets[level as usize]
    }
}

/// Contact interval per tier in days (DOMAIN.md Service work, Contact plan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContactPolicy {
    pub private_banking_days: u32,
    pub diamond_days: u32,
    pub platinum_days: u32,
    pub gold_days: u32,
    pub standard_days: u32,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        Self {
            private_banking_days: 14,
            diamond_days: 30,
            platinum_days: 60,
            gold_days: 90,
            standard_days: 180,
        }
    }
}

impl ContactPolicy {
    pub fn interval_days(&self, tier: Tier) -> u32 {
        match tier {
            Tier::PrivateBanking => self.private_banking_days,
            Tier::Diamond => self.diamond_days,
            Tier::Platinum => self.platinum_days,
            Tier::Gold => self.gold_days,
            Tier::Standard => self.standard_days,
        }
    }
}

/// Suitability (适当性管理) parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SuitabilityPolicy {
    /// A questionnaire older than this has expired: nothing above R1 may be recommended.
    pub questionnaire_valid_months: u32,
    /// Customers this old or older are protected.
    pub protected_age: u32,
}

impl Default for SuitabilityPolicy {
    fn default() -> Self {
        Self {
            questionnaire_valid_months: 12,
            protected_age: 65,
        }
    }
}

/// How many leading and trailing characters of each C2 identifier stay visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MaskingPolicy {
    pub card: KeepEnds,
    pub mobile: KeepEnds,
    pub id_number: KeepEnds,
    pub account: KeepEnds,
    /// Names keep this many leading characters (the surname).
    pub name_keep: u8,
    /// Compound surnames (复姓): a name starting with one keeps the whole surname
    /// (欧阳** rather than 欧***), docs/rules.md, Masking.
    pub compound_surnames: Vec<String>,
    /// How much of a home address stays visible.
    pub address: AddressMask,
    /// How much of a birth date stays visible.
    pub birth_date: BirthDateMask,
}

/// The visible part of a masked address (docs/rules.md, Masking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressMask {
    /// Up to and including the district (区/县/旗): 北京市朝阳区****. Text without
    /// Chinese characters keeps what precedes its first comma.
    #[default]
    District,
    /// Nothing: ****.
    Hidden,
}

/// The visible part of a masked birth date (docs/rules.md, Masking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BirthDateMask {
    /// The year: 1958-**-**.
    #[default]
    Year,
    /// Nothing: ****-**-**.
    Hidden,
}

/// The most compound surnames a policy may hold (each masked name is checked against
/// every one).
pub const COMPOUND_SURNAMES_MAX: usize = 200;

/// The compound surnames (复姓) most common in mainland China.
pub const DEFAULT_COMPOUND_SURNAMES: [&str; 30] = [
    "欧阳", "上官", "司马", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "夏侯", "长孙", "宇文",
    "司徒", "令狐", "澹台", "公冶", "申屠", "太史", "端木", "独孤", "南宫", "轩辕", "西门", "呼延",
    "百里", "东郭", "万俟", "闻人", "赫连", "钟离",
];

/// Keep `first` leading and `last` trailing characters; mask the rest with `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeepEnds {
    pub first: u8,
    pub last: u8,
}

impl Default for MaskingPolicy {
    fn default() -> Self {
        Self {
            card: KeepEnds { first: 6, last: 4 },
            mobile: KeepEnds { first: 3, last: 4 },
            id_number: KeepEnds { first: 6, last: 4 },
            account: KeepEnds { first: 0, last: 4 },
            name_keep: 1,
            compound_surnames: DEFAULT_COMPOUND_SURNAMES.map(String::from).to_vec(),
            address: AddressMask::District,
            birth_date: BirthDateMask::Year,
        }
    }
}

/// A policy field that breaks a rule: the field's dotted path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyViolation {
    pub field: String,
    pub problem: String,
}

impl ScoringPolicy {
    /// Every rule a stored policy must satisfy; empty when the policy is valid.
    pub fn validate(&self) -> Vec<PolicyViolation> {
        let mut v = Vec::new();
        let mut push = |field: &str, problem: &str| {
            v.push(PolicyViolation {
                field: field.to_owned(),
                problem: problem.to_owned(),
            })
        };
        let t = &self.tiers;
        if t.gold.is_negative() {
            push("tiers.gold", "must not be negative");
        }
        if t.platinum <= t.gold {
            push("tiers.platinum", "must be higher than tiers.gold");
        }
        if t.diamond <= t.platinum {
            push("tiers.diamond", "must be higher than tiers.platinum");
        }
        if t.private_banking <= t.diamond {
            push("tiers.private_banking", "must be higher than tiers.diamond");
        }
        let c = &self.contact;
        for (field, days) in [
            ("contact.private_banking_days", c.private_banking_days),
            ("contact.diamond_days", c.diamond_days),
            ("contact.platinum_days", c.platinum_days),
            ("contact.gold_days", c.gold_days),
            ("contact.standard_days", c.standard_days),
        ] {
            if days == 0 || days > 3660 {
                push(field, "must be between 1 and 3660 days");
            }
        }
        if self.suitability.questionnaire_valid_months == 0 {
            push(
                "suitability.questionnaire_valid_months",
                "must be at least 1 month",
            );
        }
        self.validate_scores(&mut push);
        v
    }

    fn validate_scores(&self, push: &mut impl FnMut(&str, &str)) {
        let a = &self.activity;
        if a.window_months == 0 {
            push("activity.window_months", "must be at least 1 month");
        }
        if a.active_min < 2 {
            push(
                "activity.active_min",
                "must be at least 2 (potential is 1 to active_min - 1)",
            );
        }
        let vc = &self.value_class;
        if vc.dormant_max_aum.is_negative() {
            push("value_class.dormant_max_aum", "must not be negative");
        }
        if vc.valuable_min_aum <= vc.dormant_max_aum {
            push(
                "value_class.valuable_min_aum",
                "must be higher than value_class.dormant_max_aum",
            );
        }
        if vc.valuable_min_annual_margin.is_negative() {
            push(
                "value_class.valuable_min_annual_margin",
                "must not be negative",
            );
        }
        if vc.dormant_idle_months == 0 {
            push(
                "value_class.dormant_idle_months",
                "must be at least 1 month",
            );
        }
        if vc.high_value_min_families == 0 || vc.high_value_min_families > 8 {
            push(
                "value_class.high_value_min_families",
                "must be between 1 and 8",
            );
        }
        let l = &self.lifecycle;
        if l.trend_months == 0 {
            push("lifecycle.trend_months", "must be at least 1 month");
        }
        if l.decline_percent == 0 || l.decline_percent > 100 {
            push("lifecycle.decline_percent", "must be between 1 and 100");
        }
        if l.growth_percent == 0 {
            push("lifecycle.growth_percent", "must be at least 1");
        }
        let n = &self.needs;
        if n.credit_min_age > n.credit_max_age {
            push(
                "needs.credit_max_age",
                "must not be below needs.credit_min_age",
            );
        }
        if n.preservation_deposit_percent > 100 {
            push("needs.preservation_deposit_percent", "must be at most 100");
        }
        if n.idle_demand_min.is_negative() {
            push("needs.idle_demand_min", "must not be negative");
        }
        let r = &self.rfm;
        if r.recency_days.windows(2).any(|w| w[0] <= w[1]) {
            push("rfm.recency_days", "must be strictly descending");
        }
        if r.frequency.windows(2).any(|w| w[0] >= w[1]) {
            push("rfm.frequency", "must be strictly ascending");
        }
        if r.monetary.windows(2).any(|w| w[0] >= w[1]) || r.monetary[0].is_negative() {
            push(
                "rfm.monetary",
                "must be strictly ascending and not negative",
            );
        }
        let c = &self.clv;
        if c.horizon_years == 0 || c.horizon_years > 100 {
            push("clv.horizon_years", "must be between 1 and 100");
        }
        if c.discount_rate_bp > 10_000 {
            push("clv.discount_rate_bp", "must be between 0 and 10000 (100%)");
        }
        if c.retention_at_zero_risk_bp > 10_000 {
            push(
                "clv.retention_at_zero_risk_bp",
                "must be between 0 and 10000",
            );
        }
        if c.retention_at_full_risk_bp > c.retention_at_zero_risk_bp {
            push(
                "clv.retention_at_full_risk_bp",
                "must not be above clv.retention_at_zero_risk_bp",
            );
        }
        let ch = &self.churn;
        if ch.window_months == 0 || ch.window_months > 6 {
            push("churn.window_months", "must be between 1 and 6 months");
        }
        if ch.strong_fall_percent == 0 || ch.strong_fall_percent > 100 {
            push("churn.strong_fall_percent", "must be between 1 and 100");
        }
        if ch.weak_fall_percent == 0 || ch.weak_fall_percent > ch.strong_fall_percent {
            push(
                "churn.weak_fall_percent",
                "must be between 1 and churn.strong_fall_percent",
            );
        }
        if ch.complaints_min == 0 {
            push("churn.complaints_min", "must be at least 1");
        }
        if ch.complaints_window_days == 0 {
            push("churn.complaints_window_days", "must be at least 1 day");
        }
        if ch.detractor_max > 10 {
            push("churn.detractor_max", "must be between 0 and 10");
        }
        if ch.medium_from == 0 || ch.medium_from > 100 {
            push(
                "churn.medium_from",
                "must be between 1 and 100 (the low band must not be empty)",
            );
        }
        if ch.high_from <= ch.medium_from || ch.high_from > 100 {
            push(
                "churn.high_from",
                "must be above churn.medium_from and at most 100",
            );
        }
        let care = &self.care;
        for (field, days) in [
            ("care.birthday_days", care.birthday_days),
            ("care.maturity_days", care.maturity_days),
            (
                "care.questionnaire_warning_days",
                care.questionnaire_warning_days,
            ),
            ("care.holiday_days", care.holiday_days),
        ] {
            if days > 366 {
                push(field, "must be at most 366 days");
            }
        }
        care.validate_occasions(push);
        let cp = &self.complaints;
        if cp.urgent_hours == 0 {
            push("complaints.urgent_hours", "must be at least 1 hour");
        }
        if cp.major_days == 0 {
            push("complaints.major_days", "must be at least 1 day");
        }
        if cp.general_working_days == 0 {
            push(
                "complaints.general_working_days",
                "must be at least 1 working day",
            );
        }
        // Saturating: a huge `major_days` is refused below, not an overflow here.
        if cp.urgent_hours > cp.major_days.saturating_mul(24) {
            push(
                "complaints.urgent_hours",
                "must not exceed complaints.major_days",
            );
        }
        if cp.regulatory_days == 0 {
            push("complaints.regulatory_days", "must be at least 1 day");
        }
        if cp.regulatory_complex_days < cp.regulatory_days {
            push(
                "complaints.regulatory_complex_days",
                "must not be below complaints.regulatory_days",
            );
        }
        if cp.major_days > cp.regulatory_days {
            push(
                "complaints.major_days",
                "must sit inside complaints.regulatory_days",
            );
        }
        // The regulatory limit is weeks (15, 30, +30 days); a year bounds the date
        // arithmetic of every complaint's deadlines, which a typo could overflow.
        for (field, days) in [
            ("complaints.general_working_days", cp.general_working_days),
            ("complaints.regulatory_days", cp.regulatory_days),
            (
                "complaints.regulatory_complex_days",
                cp.regulatory_complex_days,
            ),
            (
                "complaints.regulatory_extension_days",
                cp.regulatory_extension_days,
            ),
        ] {
            if days > 366 {
                push(field, "must be at most 366 days");
            }
        }
        for problem in self.calendar.problems() {
            push("calendar", problem);
        }
        let sa = &self.satisfaction;
        if sa.promoter_min > 10 || sa.promoter_min <= sa.detractor_max {
            push(
                "satisfaction.promoter_min",
                "must be above satisfaction.detractor_max and at most 10",
            );
        }
        if sa.csat_min == 0 || sa.csat_min > 5 {
            push("satisfaction.csat_min", "must be between 1 and 5");
        }
        if sa.trend_months == 0 || sa.trend_months > 120 {
            push("satisfaction.trend_months", "must be between 1 and 120");
        }
        if self
            .concentration
            .top_percents
            .iter()
            .any(|p| *p == 0 || *p > 100)
        {
            push(
                "concentration.top_percents",
                "each must be between 1 and 100",
            );
        }
        let re = &self.recommend;
        if re.max_items == 0 {
            push("recommend.max_items", "must be at least 1");
        }
        if re.idle_demand_min.is_negative() {
            push("recommend.idle_demand_min", "must not be negative");
        }
        if re.peer_gap_min_percent > 100 {
            push("recommend.peer_gap_min_percent", "must be at most 100");
        }
        for (i, row) in self.allocation.targets.iter().enumerate() {
            // In u64: four percents near u32::MAX must not overflow the sum.
            if row.iter().map(|p| u64::from(*p)).sum::<u64>() != 100 {
                let field = [
                    "allocation.targets.C1",
                    "allocation.targets.C2",
                    "allocation.targets.C3",
                    "allocation.targets.C4",
                    "allocation.targets.C5",
                ][i];
                push(field, "must sum to 100 percent");
            }
        }
        if self.allocation.tolerance_points > 100 {
            push("allocation.tolerance_points", "must be at most 100");
        }
        if self.retention.list_size == 0 {
            push("retention.list_size", "must be at least 1");
        }
        let surnames = &self.masking.compound_surnames;
        if surnames.len() > COMPOUND_SURNAMES_MAX {
            push(
                "masking.compound_surnames",
                "must hold at most 200 surnames",
            );
        }
        for (i, s) in surnames.iter().enumerate() {
            if !(2..=4).contains(&s.chars().count()) {
                push(
                    &format!("masking.compound_surnames[{i}]"),
                    "must be 2 to 4 characters",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_policy_is_valid() {
        assert!(ScoringPolicy::default().validate().is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_tier_below_the_one_beneath_it_is_named() {
        let mut p = ScoringPolicy::default();
        p.tiers.diamond = Money::from_yuan(100);
        let v = p.validate();
        assert_eq!(v[0].field, "tiers.diamond");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_broken_score_field_is_named() {
        let mut p = ScoringPolicy::default();
        p.clv.discount_rate_bp = 20_000;
        p.churn.high_from = 10;
        p.rfm.frequency = [10, 5, 20, 30];
        p.allocation.targets[2] = [50, 50, 50, 0];
        p.complaints.regulatory_complex_days = 1;
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "clv.discount_rate_bp",
            "churn.high_from",
            "rfm.frequency",
            "allocation.targets.C3",
            "complaints.regulatory_complex_days",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn huge_figures_are_refused_not_overflowed() {
        let mut p = ScoringPolicy::default();
        p.complaints.major_days = u32::MAX;
        p.complaints.regulatory_days = u32::MAX;
        p.complaints.regulatory_complex_days = u32::MAX;
        p.allocation.targets[0] = [u32::MAX; 4];
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "complaints.regulatory_days",
            "complaints.regulatory_complex_days",
            "allocation.targets.C1",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_policy_survives_a_round_trip_through_json() {
        let p = ScoringPolicy::default();
        let back: ScoringPolicy =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_occasions_cover_the_festivals_of_2026_and_2027_in_date_order() {
        let care = CarePolicy::default();
        assert_eq!(care.holiday_days, 14);
        assert_eq!(care.occasions.len(), 14);
        assert!(care.occasions.windows(2).all(|w| w[0].on < w[1].on));
        let spring: Vec<NaiveDate> = care
            .occasions
            .iter()
            .filter(|o| o.name_zh == "春节")
            .map(|o| o.on)
            .collect();
        assert_eq!(spring, vec![day(2026, 2, 17), day(2027, 2, 6)]);
        assert!(care
            .occasions
            .iter()
            .all(|o| o.min_age.is_none() || o.name_zh == "重阳节"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_broken_care_field_is_named() {
        let mut p = ScoringPolicy::default();
        p.care.holiday_days = 400;
        p.care.occasions[1].name_en = "  ".into();
        p.care.occasions[2].name_zh = "节".repeat(41);
        p.care.occasions[3].min_age = Some(200);
        let again = p.care.occasions[0].clone();
        p.care.occasions.push(again);
        let last = p.care.occasions.len() - 1;
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "care.holiday_days".to_owned(),
            "care.occasions[1].name_en".to_owned(),
            "care.occasions[2].name_zh".to_owned(),
            "care.occasions[3].min_age".to_owned(),
            format!("care.occasions[{last}]"),
        ] {
            assert!(fields.contains(&f), "{f} not in {fields:?}");
        }
        assert_eq!(fields.len(), 5, "{fields:?}");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_care_section_stored_before_occasions_existed_gets_the_default_ones() {
        let p: ScoringPolicy = serde_json::from_str(
            r#"{"care":{"birthday_days":5,"maturity_days":30,"questionnaire_warning_days":30}}"#,
        )
        .unwrap();
        assert_eq!(p.care.birthday_days, 5);
        assert_eq!(p.care.holiday_days, 14);
        assert_eq!(p.care.occasions, CarePolicy::default().occasions);
        let one: CareOccasion = serde_json::from_str(
            r#"{"on":"2027-02-06","name_en":"Spring Festival","name_zh":"春节","min_tier":"Gold"}"#,
        )
        .unwrap();
        assert_eq!(one.min_age, None);
        assert_eq!(one.min_tier, Tier::Gold);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_partial_policy_document_fills_in_defaults() {
        let p: ScoringPolicy = serde_json::from_str(r#"{"tiers":{"gold":1000}}"#).unwrap();
        assert_eq!(p.tiers.gold, Money::from_fen(1000));
        assert_eq!(p.tiers.platinum, TierPolicy::default().platinum);
        assert_eq!(p.contact, ContactPolicy::default());
    }
}
