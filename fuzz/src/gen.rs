//! Domain values built from fuzz input. The domain crate's types do not implement
//! `Arbitrary` (it must not depend on a fuzzing crate), so these mirror them with plain
//! fields the fuzzer can shape, and `build` turns them into the real records.

use arbitrary::Arbitrary;
use chrono::{Datelike, Days, NaiveDate};
use clientbook_domain::customer::ServiceAttribute;
use clientbook_domain::customer::{
    AttributeRating, ComplaintSeverity, ComplaintStatus, ComplaintSummary, Gender, Holding,
    MonthlyHistory, Need, Survey,
};
use clientbook_domain::{
    BookCustomer, BranchId, Channel, CustomerId, HouseholdId, Money, Product, ProductFamily,
    ProductId, ProductRisk, RiskLevel, UserId,
};

/// Caps that keep one input fast (a hang is a bug; a slow input only wastes the run).
pub const MAX_CUSTOMERS: usize = 8;
pub const MAX_SHELF: usize = 24;
const MAX_HOLDINGS: usize = 16;
const MAX_MONTHS: usize = 48;
const MAX_SURVEYS: usize = 6;
const MAX_COMPLAINTS: usize = 6;

fn pick<T: Copy>(all: &[T], b: u8) -> T {
    all[usize::from(b) % all.len()]
}

/// The day most of the real data sits around (the workbench's "today").
pub fn base_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("a real date")
}

/// A date: mostly near the base day, where the rules have something to say, but
/// anywhere in chrono's range too, ends included.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Day {
    Near(i16),
    Anywhere(i32),
    Min,
    Max,
}

impl Day {
    pub fn date(self) -> NaiveDate {
        match self {
            Day::Near(offset) => {
                let n = Days::new(u64::from(offset.unsigned_abs()));
                let d = if offset >= 0 {
                    base_day().checked_add_days(n)
                } else {
                    base_day().checked_sub_days(n)
                };
                d.expect("within ±90 years of 2026")
            }
            Day::Anywhere(x) => {
                let lo = i64::from(NaiveDate::MIN.num_days_from_ce());
                let hi = i64::from(NaiveDate::MAX.num_days_from_ce());
                let d = lo + (i64::from(x) - lo).rem_euclid(hi - lo + 1);
                NaiveDate::from_num_days_from_ce_opt(d as i32).expect("inside chrono's range")
            }
            Day::Min => NaiveDate::MIN,
            Day::Max => NaiveDate::MAX,
        }
    }
}

/// An amount: ordinary yuan most of the time, any i64 of fen (extremes included) too.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Amount {
    Yuan(i32),
    Fen(i64),
    Max,
    Min,
}

impl Amount {
    pub fn money(self) -> Money {
        match self {
            Amount::Yuan(y) => Money::from_yuan(i64::from(y)),
            Amount::Fen(f) => Money::from_fen(f),
            Amount::Max => Money::from_fen(i64::MAX),
            Amount::Min => Money::from_fen(i64::MIN),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub struct ArbProduct {
    family: u8,
    risk: u8,
    min_amount: Amount,
    term_months: Option<u16>,
}

/// The shelf; ids are positions, so a recommendation's product can be looked up.
pub fn shelf(products: &[ArbProduct]) -> Vec<Product> {
    products
        .iter()
        .take(MAX_SHELF)
        .enumerate()
        .map(|(i, p)| Product {
            id: ProductId(i as i64),
            code: format!("P{i}"),
            name_en: String::new(),
            name_zh: String::new(),
            family: pick(&ProductFamily::ALL, p.family),
            risk: pick(&ProductRisk::ALL, p.risk),
            min_amount: p.min_amount.money(),
            term_months: p.term_months,
            yield_bp: None,
        })
        .collect()
}

#[derive(Arbitrary, Debug)]
struct ArbHolding {
    product_id: i64,
    family: u8,
    risk: u8,
    balance: Amount,
    opened_on: Day,
    matures_on: Option<Day>,
}

#[derive(Arbitrary, Debug)]
struct ArbMonth {
    transactions: u32,
    logins: u32,
    inflow: Amount,
    outflow: Amount,
    aum_end: Amount,
    margin: Amount,
}

#[derive(Arbitrary, Debug)]
struct ArbSurvey {
    answered_on: Day,
    recommend: u8,
    overall: u8,
    ratings: Vec<(u8, u8, u8)>,
}

#[derive(Arbitrary, Debug)]
pub struct ArbCustomer {
    id: i64,
    gender: u8,
    birth_date: Day,
    risk_level: Option<u8>,
    risk_assessed_on: Option<Day>,
    lowest_risk_subcategory: bool,
    kyc_reviewed_on: Day,
    since: Day,
    household_id: Option<i64>,
    channel: u8,
    needs: Vec<u8>,
    holdings: Vec<ArbHolding>,
    first_month: Day,
    months: Vec<ArbMonth>,
    last_contact_on: Option<Day>,
    next_contact_on: Option<Day>,
    surveys: Vec<ArbSurvey>,
    complaints: Vec<(Day, u8, u8)>,
    version: i64,
}

const GENDERS: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Unspecified];
const CHANNELS: [Channel; 7] = [
    Channel::Branch,
    Channel::Phone,
    Channel::Message,
    Channel::App,
    Channel::Email,
    Channel::Visit,
    Channel::Event,
];
const NEEDS: [Need; 3] = [
    Need::Investment,
    Need::ConsumerCredit,
    Need::AssetPreservation,
];
const SEVERITIES: [ComplaintSeverity; 3] = [
    ComplaintSeverity::General,
    ComplaintSeverity::Major,
    ComplaintSeverity::Urgent,
];
const STATUSES: [ComplaintStatus; 5] = [
    ComplaintStatus::Received,
    ComplaintStatus::Investigating,
    ComplaintStatus::Resolved,
    ComplaintStatus::CustomerInformed,
    ComplaintStatus::Closed,
];

impl ArbCustomer {
    /// The record. Its history keeps `MonthlyHistory`'s contract (every vector the same
    /// length, the window starting on a first of the month): the server guarantees it and
    /// the columns decoder enforces it.
    pub fn build(&self) -> BookCustomer {
        let months = &self.months[..self.months.len().min(MAX_MONTHS)];
        let month = |f: fn(&ArbMonth) -> Amount| months.iter().map(|m| f(m).money()).collect();
        let first = self.first_month.date();
        BookCustomer {
            id: CustomerId(self.id),
            rm_id: UserId(1),
            branch_id: BranchId(1),
            name: "张**".into(),
            phone: "138****5678".into(),
            id_number: String::new(),
            gender: pick(&GENDERS, self.gender),
            birth_date: self.birth_date.date(),
            risk_level: self.risk_level.map(|r| pick(&RiskLevel::ALL, r)),
            risk_assessed_on: self.risk_assessed_on.map(Day::date),
            lowest_risk_subcategory: self.lowest_risk_subcategory,
            kyc_reviewed_on: self.kyc_reviewed_on.date(),
            since: self.since.date(),
            household_id: self.household_id.map(HouseholdId),
            preferred_channel: pick(&CHANNELS, self.channel),
            stated_needs: self
                .needs
                .iter()
                .take(6)
                .map(|&n| pick(&NEEDS, n))
                .collect(),
            holdings: self
                .holdings
                .iter()
                .take(MAX_HOLDINGS)
                .map(|h| Holding {
                    product_id: ProductId(h.product_id),
                    family: pick(&ProductFamily::ALL, h.family),
                    risk: pick(&ProductRisk::ALL, h.risk),
                    balance: h.balance.money(),
                    opened_on: h.opened_on.date(),
                    matures_on: h.matures_on.map(Day::date),
                })
                .collect(),
            history: MonthlyHistory {
                first_month: first.with_day(1).expect("every month has a first"),
                transactions: months.iter().map(|m| m.transactions).collect(),
                logins: months.iter().map(|m| m.logins).collect(),
                inflow: month(|m| m.inflow),
                outflow: month(|m| m.outflow),
                aum_end: month(|m| m.aum_end),
                margin: month(|m| m.margin),
            },
            last_contact_on: self.last_contact_on.map(Day::date),
            next_contact_on: self.next_contact_on.map(Day::date),
            surveys: self
                .surveys
                .iter()
                .take(MAX_SURVEYS)
                .map(|s| Survey {
                    answered_on: s.answered_on.date(),
                    recommend: s.recommend,
                    overall: s.overall,
                    ratings: s
                        .ratings
                        .iter()
                        .take(ServiceAttribute::ALL.len())
                        .map(|&(a, satisfaction, importance)| AttributeRating {
                            attribute: pick(&ServiceAttribute::ALL, a),
                            satisfaction,
                            importance,
                        })
                        .collect(),
                })
                .collect(),
            complaints: self
                .complaints
                .iter()
                .take(MAX_COMPLAINTS)
                .map(|&(on, severity, status)| ComplaintSummary {
                    received_on: on.date(),
                    severity: pick(&SEVERITIES, severity),
                    status: pick(&STATUSES, status),
                })
                .collect(),
            version: self.version,
        }
    }
}
