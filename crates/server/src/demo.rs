//! The demo bank: generated deterministically (same seed and as-of date, same bank) on
//! first start when the database is empty. Pure: generation does no I/O; the storage
//! layer inserts the result in one transaction.

use crate::demo_data::*;
use crate::model::{ComplaintChannel, ComplaintContentType, InteractionKind, InteractionOutcome};
use chrono::{Datelike, Days, Months, NaiveDate};
use clientbook_domain::api::Role;
use clientbook_domain::{
    AttributeRating, Channel, ComplaintSeverity, ComplaintStatus, Gender, Money, Need, Product,
    ProductFamily, ProductId, ProductRisk, RiskLevel, ServiceAttribute,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

pub const DEMO_PASSWORD: &str = "clientbook-demo";
/// Months of history generated per customer.
pub const HISTORY_MONTHS: u32 = 24;

#[derive(Clone, Debug, PartialEq)]
pub struct DemoBank {
    pub seed: u64,
    pub as_of: NaiveDate,
    pub branches: Vec<DemoBranch>,
    pub users: Vec<DemoUser>,
    pub products: Vec<Product>,
    pub households: Vec<(i64, String)>,
    pub customers: Vec<DemoCustomer>,
    pub holdings: Vec<DemoHolding>,
    pub history: Vec<DemoMonth>,
    pub interactions: Vec<DemoInteraction>,
    pub surveys: Vec<DemoSurvey>,
    pub complaints: Vec<DemoComplaint>,
    pub notes: Vec<DemoNote>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoBranch {
    pub id: i64,
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub branch_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoCustomer {
    pub id: i64,
    pub rm_id: i64,
    pub branch_id: i64,
    pub name: String,
    pub phone: String,
    pub id_number: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub address: String,
    pub occupation: String,
    pub employer: Option<String>,
    pub income_band: String,
    pub hobbies: Vec<String>,
    pub preferred_channel: Channel,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub lowest_risk_subcategory: bool,
    pub kyc_reviewed_on: NaiveDate,
    pub since: NaiveDate,
    pub household_id: Option<i64>,
    pub household_role: Option<String>,
    pub stated_needs: Vec<Need>,
    pub next_contact_on: Option<NaiveDate>,
    /// AUM of the current holdings, in fen.
    pub aum: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoHolding {
    pub id: i64,
    pub customer_id: i64,
    pub product_id: i64,
    pub balance: i64,
    pub opened_on: NaiveDate,
    pub matures_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoMonth {
    pub customer_id: i64,
    pub month: NaiveDate,
    pub transactions: i64,
    pub logins: i64,
    pub inflow: i64,
    pub outflow: i64,
    pub aum_end: i64,
    pub margin: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoInteraction {
    pub id: i64,
    pub customer_id: i64,
    pub rm_id: i64,
    pub occurred_on: NaiveDate,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub outcome: InteractionOutcome,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoSurvey {
    pub id: i64,
    pub customer_id: i64,
    pub answered_on: NaiveDate,
    pub recommend: i64,
    pub overall: i64,
    pub ratings: Vec<AttributeRating>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoComplaint {
    pub id: i64,
    pub customer_id: i64,
    pub received_on: NaiveDate,
    pub channel: ComplaintChannel,
    pub content_type: ComplaintContentType,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    pub summary: String,
    pub resolution: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoNote {
    pub id: i64,
    pub customer_id: i64,
    pub author_id: i64,
    pub written_at_ms: i64,
    pub body: String,
}

/// Pick by integer weights.
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date - Days::new(days)
}

/// code, English name, Chinese name, family, risk, minimum (yuan), term (months), yield (bp).
type ShelfRow = (
    &'static str,
    &'static str,
    &'static str,
    ProductFamily,
    ProductRisk,
    i64,
    Option<u16>,
    Option<u32>,
);

/// The product shelf: every family, R1–R5, with zh and en names.
pub fn product_shelf() -> Vec<Product> {
    use ProductFamily::*;
    use ProductRisk::*;
    #[rustfmt::skip]
    let rows: &[ShelfRow] = &[
        ("DD-01", "Demand savings", "活期储蓄", DemandDeposit, R1, 0, None, Some(20)),
        ("DD-02", "Payroll account", "薪资卡活期", DemandDeposit, R1, 0, None, Some(20)),
        ("TD-03M", "3-month time deposit", "三个月定期存款", TimeDeposit, R1, 50, Some(3), Some(105)),
        ("TD-06M", "6-month time deposit", "六个月定期存款", TimeDeposit, R1, 50, Some(6), Some(125)),
        ("TD-01Y", "1-year time deposit", "一年期定期存款", TimeDeposit, R1, 50, Some(12), Some(145)),
        ("TD-02Y", "2-year time deposit", "二年期定期存款", TimeDeposit, R1, 50, Some(24), Some(155)),
        ("TD-03Y", "3-year time deposit", "三年期定期存款", TimeDeposit, R1, 50, Some(36), Some(175)),
        ("LCD-03Y", "Large certificate of deposit", "大额存单", TimeDeposit, R1, 200_000, Some(36), Some(190)),
        ("WM-CASH", "Cash management", "现金管理类理财", WealthManagement, R1, 1, None, Some(170)),
        ("WM-S90", "Steady 90-day", "稳健90天理财", WealthManagement, R2, 10_000, Some(3), Some(260)),
        ("WM-S180", "Steady 180-day", "稳健180天理财", WealthManagement, R2, 10_000, Some(6), Some(290)),
        ("WM-F365", "Fixed income plus 1y", "固收增强一年期", WealthManagement, R2, 10_000, Some(12), Some(330)),
        ("WM-B2Y", "Balanced 2-year", "平衡型两年期理财", WealthManagement, R3, 10_000, Some(24), Some(420)),
        ("WM-EQ", "Equity-linked note", "权益挂钩理财", WealthManagement, R4, 100_000, Some(12), Some(600)),
        ("WM-PB", "Private banking mandate", "私行专享全权委托", WealthManagement, R4, 1_000_000, Some(36), Some(650)),
        ("WM-ALT", "Alternative strategies", "另类策略理财", WealthManagement, R5, 1_000_000, Some(24), Some(900)),
        ("FD-MM", "Money market fund", "货币市场基金", Fund, R1, 1, None, Some(160)),
        ("FD-BD", "Bond fund", "债券型基金", Fund, R2, 10, None, Some(320)),
        ("FD-BAL", "Balanced fund", "混合型基金", Fund, R3, 10, None, None),
        ("FD-IDX", "CSI 300 index fund", "沪深300指数基金", Fund, R4, 10, None, None),
        ("FD-EQ", "Equity growth fund", "股票型成长基金", Fund, R4, 10, None, None),
        ("FD-TECH", "Technology sector fund", "科技主题基金", Fund, R5, 10, None, None),
        ("FD-QDII", "Global equity QDII", "全球股票QDII基金", Fund, R5, 1_000, None, None),
        ("BD-TRE", "Treasury savings bond", "储蓄国债", Bond, R1, 100, Some(36), Some(238)),
        ("BD-LGB", "Local government bond", "地方政府债", Bond, R1, 100, Some(60), Some(260)),
        ("BD-FIN", "Financial bond", "金融债", Bond, R2, 1_000, Some(36), Some(280)),
        ("BD-CORP", "Corporate bond", "企业债", Bond, R3, 10_000, Some(60), Some(450)),
        ("IN-ANN", "Pension annuity", "养老年金保险", Insurance, R1, 10_000, None, Some(300)),
        ("IN-WL", "Whole life insurance", "终身寿险", Insurance, R1, 10_000, None, Some(250)),
        ("IN-EDU", "Education endowment", "教育金保险", Insurance, R1, 10_000, Some(120), Some(280)),
        ("IN-UNI", "Universal life", "万能险", Insurance, R2, 10_000, None, Some(350)),
        ("IN-ULI", "Unit-linked insurance", "投资连结保险", Insurance, R4, 50_000, None, None),
        ("LN-MTG", "Home mortgage", "个人住房贷款", Loan, R1, 100_000, Some(240), Some(390)),
        ("LN-CON", "Consumer loan", "个人消费贷款", Loan, R1, 10_000, Some(36), Some(450)),
        ("LN-BIZ", "Small business loan", "个人经营贷款", Loan, R1, 100_000, Some(36), Some(420)),
        ("LN-CAR", "Car loan", "汽车贷款", Loan, R1, 30_000, Some(60), Some(480)),
        ("CC-STD", "Standard credit card", "标准信用卡", CreditCard, R1, 0, None, None),
        ("CC-PLT", "Platinum credit card", "白金信用卡", CreditCard, R1, 0, None, None),
        ("CC-TRV", "Travel co-brand card", "旅行联名信用卡", CreditCard, R1, 0, None, None),
    ];
    rows.iter()
        .enumerate()
        .map(
            |(i, (code, en, zh, family, risk, min, term, yield_bp))| Product {
                id: ProductId(i as i64 + 1),
                code: (*code).to_owned(),
                name_en: (*en).to_owned(),
                name_zh: (*zh).to_owned(),
                family: *family,
                risk: *risk,
                min_amount: Money::from_yuan(*min),
                term_months: *term,
                yield_bp: *yield_bp,
            },
        )
        .collect()
}

/// ISO 7064 MOD 11-2 check character of a mainland resident ID number.
pub fn id_check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    C[(sum % 11) as usize]
}

/// AUM target in fen: a tier (docs/rules.md, Tiers) drawn with fixed shares, then a long-tailed
/// amount inside it (log-uniform; a Pareto tail for private banking).
fn draw_aum(rng: &mut ChaCha8Rng) -> i64 {
    let u: f64 = rng.random();
    let (lo, hi): (f64, f64) = if u < 0.605 {
        (5.0, 49_999.0)
    } else if u < 0.885 {
        (50_000.0, 499_999.0)
    } else if u < 0.955 {
        (500_000.0, 999_999.0)
    } else if u < 0.994 {
        (1_000_000.0, 5_999_999.0)
    } else {
        let pareto = 6_000_000.0 / (1.0 - rng.random::<f64>() * 0.97).powf(1.0 / 1.6);
        return (pareto.min(300_000_000.0) * 100.0) as i64;
    };
    let v = (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp();
    (v.clamp(lo, hi) * 100.0) as i64
}

/// Tier index 0..=4 by the default thresholds (for generation choices only).
fn tier_index(aum_fen: i64) -> usize {
    match aum_fen / 100 {
        a if a >= 6_000_000 => 4,
        a if a >= 1_000_000 => 3,
        a if a >= 500_000 => 2,
        a if a >= 50_000 => 1,
        _ => 0,
    }
}

pub fn generate(seed: u64, customers: u32, as_of: NaiveDate) -> DemoBank {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let products = product_shelf();
    let branches = vec![
        DemoBranch {
            id: 1,
            code: "BR001".into(),
            name_en: "Lujiazui Sub-branch".into(),
            name_zh: "陆家嘴支行".into(),
        },
        DemoBranch {
            id: 2,
            code: "BR002".into(),
            name_en: "Xujiahui Sub-branch".into(),
            name_zh: "徐家汇支行".into(),
        },
    ];
    let users: Vec<DemoUser> = STAFF
        .iter()
        .enumerate()
        .map(|(i, (username, name))| {
            let id = i as i64 + 1;
            let (role, branch_id) = match *username {
                "manager01" => (Role::BranchManager, Some(1)),
                "compliance01" => (Role::Compliance, None),
                "admin" => (Role::Admin, None),
                _ => (Role::RelationshipManager, Some(if id <= 4 { 1 } else { 2 })),
            };
            DemoUser {
                id,
                username: (*username).to_owned(),
                display_name: (*name).to_owned(),
                role,
                branch_id,
            }
        })
        .collect();
    let rms: Vec<&DemoUser> = users
        .iter()
        .filter(|u| u.role == Role::RelationshipManager)
        .collect();

    let mut bank = DemoBank {
        seed,
        as_of,
        branches,
        users: users.clone(),
        products: products.clone(),
        households: vec![],
        customers: Vec::with_capacity(customers as usize),
        holdings: vec![],
        history: vec![],
        interactions: vec![],
        surveys: vec![],
        complaints: vec![],
        notes: vec![],
    };
    let mut phones = HashSet::new();
    let mut id_numbers = HashSet::new();

    for i in 0..customers as i64 {
        let id = i + 1;
        let rm = rms[rng.random_range(0..rms.len())];
        let aum = draw_aum(&mut rng);
        let tier = tier_index(aum);

        // A spouse of an earlier customer of the same branch now and then (家庭).
        let mut partner: Option<usize> = None;
        if i > 10 && rng.random_bool(0.07) {
            let j = rng.random_range((i - 300).max(0)..i) as usize;
            let c = &bank.customers[j];
            if c.household_id.is_none()
                && c.branch_id == rm.branch_id.unwrap_or(1)
                && as_of.years_since(c.birth_date).unwrap_or(0) >= 24
            {
                partner = Some(j);
            }
        }

        let gender = match partner {
            Some(j) if bank.customers[j].gender == Gender::Male => Gender::Female,
            Some(_) => Gender::Male,
            None if rng.random_bool(0.5) => Gender::Male,
            None => Gender::Female,
        };
        let birth_date = match partner {
            Some(j) => {
                let b = bank.customers[j].birth_date;
                let shift = rng.random_range(0..3650u64);
                days_before(b + Days::new(1825), shift)
            }
            None => {
                // Wealth comes with age: the richer tiers skew older.
                let age =
                    rng.random_range(22..60) + rng.random_range(0..(8 + 6 * tier as i32)).min(25);
                let days = age as u64 * 365 + rng.random_range(0..365);
                days_before(as_of, days)
            }
        };
        let surname = if rng.random_bool(0.6) {
            SURNAMES[rng.random_range(0..20)]
        } else {
            pick(&mut rng, SURNAMES)
        };
        let given = if gender == Gender::Male {
            pick(&mut rng, GIVEN_MALE)
        } else {
            pick(&mut rng, GIVEN_FEMALE)
        };
        let name = format!("{surname}{given}");

        let phone = loop {
            let prefix = pick(
                &mut rng,
                &[
                    "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                    "158", "159", "186", "187", "188", "189", "177", "199",
                ],
            );
            let p = format!("{prefix}{:08}", rng.random_range(0..100_000_000u32));
            if phones.insert(p.clone()) {
                break p;
            }
        };
        let (area, place) = match partner {
            Some(j) => {
                let code = &bank.customers[j].id_number[..6];
                *AREAS.iter().find(|(a, _)| *a == code).unwrap_or(&AREAS[0])
            }
            None => *pick(&mut rng, AREAS),
        };
        let id_number = loop {
            let mut seq = rng.random_range(0..500u32) * 2;
            if gender == Gender::Male {
                seq += 1;
            }
            let first17 = format!("{area}{}{:03}", birth_date.format("%Y%m%d"), seq);
            let full = format!("{first17}{}", id_check_char(&first17));
            if id_numbers.insert(full.clone()) {
                break full;
            }
        };
        let address = match partner {
            Some(j) => bank.customers[j].address.clone(),
            None => format!(
                "{place}{}{}号{}室",
                pick(&mut rng, STREETS),
                rng.random_range(1..999),
                rng.random_range(101..2808)
            ),
        };
        let email = rng.random_bool(0.6).then(|| {
            let local: String = (0..rng.random_range(5..10))
                .map(|_| (b'a' + rng.random_range(0..26u8)) as char)
                .collect();
            format!(
                "{local}{}@{}",
                rng.random_range(1..99),
                pick(&mut rng, EMAIL_DOMAINS)
            )
        });
        let age = as_of.years_since(birth_date).unwrap_or(30);
        let occupation = if age >= 62 {
            "Retired".to_owned()
        } else {
            (*pick(&mut rng, &OCCUPATIONS[..OCCUPATIONS.len() - 1])).to_owned()
        };
        let employer = (occupation != "Retired").then(|| (*pick(&mut rng, EMPLOYERS)).to_owned());
        let income_band = ["<100k", "100k-200k", "200k-500k", "500k-1m", ">1m"]
            [(tier + rng.random_range(0..2)).min(4)]
        .to_owned();
        let hobbies = (0..rng.random_range(0..4))
            .map(|_| (*pick(&mut rng, HOBBIES)).to_owned())
            .collect::<HashSet<_>>();
        let mut hobbies: Vec<String> = hobbies.into_iter().collect();
        hobbies.sort();
        let preferred_channel = weighted(
            &mut rng,
            &[
                (Channel::App, 30),
                (Channel::Phone, 25),
                (Channel::Message, 15),
                (Channel::Branch, 15),
                (Channel::Visit, 8),
                (Channel::Email, 4),
                (Channel::Event, 3),
            ],
        );
        let risk_level = rng.random_bool(0.95).then(|| {
            weighted(
                &mut rng,
                &[
                    (RiskLevel::C1, 14),
                    (RiskLevel::C2, 28),
                    (RiskLevel::C3, 32),
                    (RiskLevel::C4, 18),
                    (RiskLevel::C5, 8),
                ],
            )
        });
        // A quarter of the questionnaires have expired (older than 12 months).
        let risk_assessed_on = risk_level.map(|_| {
            let days = if rng.random_bool(0.75) {
                rng.random_range(0..360)
            } else {
                rng.random_range(370..1000)
            };
            days_before(as_of, days)
        });
        let lowest_risk_subcategory = risk_level == Some(RiskLevel::C1) && rng.random_bool(0.2);
        let kyc_reviewed_on = days_before(as_of, rng.random_range(0..800));
        let adult = birth_date + Months::new(18 * 12);
        let since_days = if rng.random_bool(0.08) {
            rng.random_range(20..365)
        } else {
            rng.random_range(365..7300)
        };
        let since = days_before(as_of, since_days).max(adult).min(as_of);
        let mut stated_needs: Vec<Need> = vec![];
        for need in [
            Need::Investment,
            Need::ConsumerCredit,
            Need::AssetPreservation,
        ] {
            if rng.random_bool(0.25) {
                stated_needs.push(need);
            }
        }
        let next_contact_on = rng
            .random_bool(0.05)
            .then(|| as_of + Days::new(rng.random_range(1..30)));

        let (household_id, household_role) = match partner {
            Some(j) => {
                let hid = bank.households.len() as i64 + 1;
                let head = &mut bank.customers[j];
                let hname: String = format!("{}家", head.name.chars().next().unwrap_or('王'));
                head.household_id = Some(hid);
                head.household_role = Some("Head".into());
                bank.households.push((hid, hname));
                (Some(hid), Some("Spouse".to_owned()))
            }
            None => (None, None),
        };

        let customer = DemoCustomer {
            id,
            rm_id: rm.id,
            branch_id: rm.branch_id.unwrap_or(1),
            name,
            phone,
            id_number,
            gender,
            birth_date,
            email,
            address,
            occupation,
            employer,
            income_band,
            hobbies,
            preferred_channel,
            risk_level,
            risk_assessed_on,
            lowest_risk_subcategory,
            kyc_reviewed_on,
            since,
            household_id,
            household_role,
            stated_needs,
            next_contact_on,
            aum,
        };
        generate_holdings(&mut rng, &mut bank, &customer, tier);
        generate_history(&mut rng, &mut bank, &customer, tier);
        generate_service(&mut rng, &mut bank, &customer, tier);
        bank.customers.push(customer);
    }
    bank
}

fn generate_holdings(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer, tier: usize) {
    let as_of = bank.as_of;
    let level = c
        .risk_level
        .map(RiskLevel::max_product_risk)
        .unwrap_or(ProductRisk::R1);
    // Chance of holding each investment family, by tier (Standard .. Private).
    let p = |table: [f64; 5]| table[tier];
    let mut wanted: Vec<(ProductFamily, f64)> =
        vec![(ProductFamily::DemandDeposit, 0.5 + rng.random::<f64>())];
    for (family, chance) in [
        (ProductFamily::TimeDeposit, p([0.25, 0.5, 0.6, 0.65, 0.7])),
        (
            ProductFamily::WealthManagement,
            p([0.08, 0.4, 0.6, 0.75, 0.85]),
        ),
        (ProductFamily::Fund, p([0.1, 0.35, 0.55, 0.7, 0.85])),
        (ProductFamily::Bond, p([0.02, 0.1, 0.25, 0.4, 0.6])),
        (ProductFamily::Insurance, p([0.05, 0.2, 0.35, 0.5, 0.6])),
    ] {
        if rng.random_bool(chance) {
            wanted.push((family, 0.3 + rng.random::<f64>() * 2.5));
        }
    }
    let total_w: f64 = wanted.iter().map(|(_, w)| w).sum();
    let mut rest = c.aum;
    let mut demand_extra = 0i64;
    let mut planned: Vec<(i64, i64)> = vec![];
    for (family, w) in wanted.iter().skip(1) {
        let share = (c.aum as f64 * w / total_w) as i64;
        let candidates: Vec<&Product> = bank
            .products
            .iter()
            .filter(|p| p.family == *family && p.risk <= level && p.min_amount.fen() <= share)
            .collect();
        if candidates.is_empty() || share <= 0 {
            demand_extra += share;
        } else {
            planned.push((
                candidates[rng.random_range(0..candidates.len())].id.0,
                share,
            ));
        }
        rest -= share;
    }
    let demand = bank
        .products
        .iter()
        .filter(|p| p.family == ProductFamily::DemandDeposit)
        .nth(rng.random_range(0..2))
        .map(|p| p.id.0)
        .unwrap_or(1);
    planned.insert(0, (demand, rest + demand_extra));
    // Liabilities count for product depth, never for AUM.
    if rng.random_bool(0.15 + 0.05 * tier as f64) {
        let loan = *pick(rng, &["LN-MTG", "LN-CON", "LN-BIZ", "LN-CAR"]);
        let id = bank
            .products
            .iter()
            .find(|p| p.code == loan)
            .map(|p| p.id.0)
            .unwrap_or(1);
        planned.push((id, rng.random_range(30_000..3_000_000i64) * 100));
    }
    if rng.random_bool(0.45) {
        let card = *pick(rng, &["CC-STD", "CC-PLT", "CC-TRV"]);
        let id = bank
            .products
            .iter()
            .find(|p| p.code == card)
            .map(|p| p.id.0)
            .unwrap_or(1);
        planned.push((id, rng.random_range(0..60_000i64) * 100));
    }
    for (product_id, balance) in planned {
        let product = &bank.products[(product_id - 1) as usize];
        let since_days = (as_of - c.since).num_days().max(1) as u64;
        let (opened_on, matures_on) = match product.term_months {
            Some(term) if product.family != ProductFamily::Loan => {
                // Opened within the last term, so it matures within one term from today:
                // short terms mature within 30 days quite often.
                let term_days = term as u64 * 30;
                let opened =
                    days_before(as_of, rng.random_range(1..term_days.min(since_days).max(2)));
                (opened, Some(opened + Months::new(term as u32)))
            }
            Some(term) => {
                let opened = days_before(as_of, rng.random_range(1..since_days.max(2)));
                (opened, Some(opened + Months::new(term as u32)))
            }
            None => (days_before(as_of, rng.random_range(0..since_days)), None),
        };
        let id = bank.holdings.len() as i64 + 1;
        bank.holdings.push(DemoHolding {
            id,
            customer_id: c.id,
            product_id,
            balance,
            opened_on: opened_on.max(c.since),
            matures_on,
        });
    }
}

fn month_start(date: NaiveDate, back: u32) -> NaiveDate {
    date.with_day(1).expect("day 1") - Months::new(back)
}

fn generate_history(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer, tier: usize) {
    #[derive(Clone, Copy, PartialEq)]
    enum Pattern {
        Stable,
        Growing,
        Declining,
        Dormant,
    }
    let pattern = weighted(
        rng,
        &[
            (Pattern::Stable, 68),
            (Pattern::Growing, 10),
            (Pattern::Declining, 12),
            (Pattern::Dormant, 10),
        ],
    );
    let n = HISTORY_MONTHS as usize;
    // AUM path backwards from today's holdings.
    let mut aum = vec![0f64; n];
    aum[n - 1] = c.aum as f64;
    for k in (0..n - 1).rev() {
        let factor = match pattern {
            Pattern::Stable | Pattern::Dormant => 1.0 + rng.random_range(-0.03..0.03),
            Pattern::Growing => 0.97 + rng.random_range(-0.02..0.01),
            // Down by over 20% across the last six months.
            Pattern::Declining if k >= n - 7 => 1.06 + rng.random_range(0.0..0.05),
            Pattern::Declining => 1.0 + rng.random_range(-0.02..0.02),
        };
        aum[k] = aum[k + 1] * factor;
    }
    let base_tx = [4.0, 8.0, 10.0, 12.0, 14.0][tier] * rng.random_range(0.3..1.7);
    let base_login = rng.random_range(0.0..14.0);
    let margin_rate = rng.random_range(0.003..0.012) / 12.0;
    let first_month = month_start(c.since, 0);
    for k in 0..n {
        let month = month_start(bank.as_of, (n - 1 - k) as u32);
        if month < first_month {
            continue;
        }
        let recent = k >= n - 3;
        let activity = match pattern {
            Pattern::Dormant if k >= n - 6 => 0.0,
            Pattern::Declining if recent => 0.3,
            _ => 1.0,
        };
        // The current month is under way: scale its counts to the days elapsed.
        let elapsed = if k == n - 1 {
            bank.as_of.day() as f64 / 30.0
        } else {
            1.0
        };
        let tx = (base_tx * activity * elapsed * rng.random_range(0.6..1.4)).round() as i64;
        let logins = (base_login * activity * elapsed * rng.random_range(0.5..1.5)).round() as i64;
        let delta = if k == 0 { 0.0 } else { aum[k] - aum[k - 1] };
        let turnover = if activity == 0.0 {
            0.0
        } else {
            aum[k] * rng.random_range(0.005..0.06)
        };
        bank.history.push(DemoMonth {
            customer_id: c.id,
            month,
            transactions: tx,
            logins,
            inflow: (turnover + delta.max(0.0)) as i64,
            outflow: (turnover + (-delta).max(0.0)) as i64,
            aum_end: aum[k] as i64,
            margin: (aum[k] * margin_rate) as i64
                + if tx > 0 {
                    rng.random_range(0..2_000)
                } else {
                    0
                },
        });
    }
}

fn generate_service(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer, tier: usize) {
    let as_of = bank.as_of;
    let window = (as_of - c.since).num_days().clamp(1, 730) as u64;
    let contacts = rng.random_range(0..[3, 5, 8, 12, 20][tier] + 1);
    for _ in 0..contacts {
        let kind = weighted(
            rng,
            &[
                (InteractionKind::Call, 40),
                (InteractionKind::Message, 30),
                (InteractionKind::Visit, 20),
                (InteractionKind::Event, 10),
            ],
        );
        let channel = match kind {
            InteractionKind::Call => Channel::Phone,
            InteractionKind::Message if rng.random_bool(0.5) => Channel::App,
            InteractionKind::Message => Channel::Message,
            InteractionKind::Visit if rng.random_bool(0.5) => Channel::Visit,
            InteractionKind::Visit => Channel::Branch,
            InteractionKind::Event => Channel::Event,
        };
        let outcome = weighted(
            rng,
            &[
                (InteractionOutcome::Interested, 20),
                (InteractionOutcome::NotInterested, 15),
                (InteractionOutcome::FollowUpScheduled, 25),
                (InteractionOutcome::ProductPurchased, 12),
                (InteractionOutcome::NoAnswer, 18),
                (InteractionOutcome::ServiceRequest, 10),
            ],
        );
        let id = bank.interactions.len() as i64 + 1;
        bank.interactions.push(DemoInteraction {
            id,
            customer_id: c.id,
            rm_id: c.rm_id,
            occurred_on: days_before(as_of, rng.random_range(0..window)),
            kind,
            channel,
            outcome,
            note: (*pick(rng, INTERACTION_NOTES)).to_owned(),
        });
    }

    if rng.random_bool(0.35) {
        for _ in 0..rng.random_range(1..4) {
            let mood: f64 = rng.random();
            let recommend: i64 = if mood < 0.45 {
                rng.random_range(9..=10)
            } else if mood < 0.75 {
                rng.random_range(7..=8)
            } else {
                rng.random_range(0..=6)
            };
            let overall =
                ((recommend as f64 / 2.5).round() as i64 + rng.random_range(-1..=1)).clamp(1, 5);
            let mut ratings = vec![];
            for attribute in ServiceAttribute::ALL {
                if rng.random_bool(0.8) {
                    ratings.push(AttributeRating {
                        attribute,
                        satisfaction: (overall + rng.random_range(-1..=1)).clamp(1, 5) as u8,
                        importance: rng.random_range(1..=5),
                    });
                }
            }
            let id = bank.surveys.len() as i64 + 1;
            bank.surveys.push(DemoSurvey {
                id,
                customer_id: c.id,
                answered_on: days_before(as_of, rng.random_range(0..window)),
                recommend,
                overall,
                ratings,
            });
        }
    }

    let complaints = if rng.random_bool(0.06) {
        1
    } else if rng.random_bool(0.015) {
        rng.random_range(2..4)
    } else {
        0
    };
    for _ in 0..complaints {
        // A fifth of the complaints are recent, and those are still being handled.
        let age = if rng.random_bool(0.2) {
            rng.random_range(0..45)
        } else {
            rng.random_range(0..window)
        };
        let status = if age > 45 {
            ComplaintStatus::Closed
        } else {
            weighted(
                rng,
                &[
                    (ComplaintStatus::Received, 3),
                    (ComplaintStatus::Investigating, 3),
                    (ComplaintStatus::Resolved, 2),
                    (ComplaintStatus::CustomerInformed, 1),
                    (ComplaintStatus::Closed, 2),
                ],
            )
        };
        let resolved = matches!(
            status,
            ComplaintStatus::Resolved | ComplaintStatus::CustomerInformed | ComplaintStatus::Closed
        );
        let id = bank.complaints.len() as i64 + 1;
        bank.complaints.push(DemoComplaint {
            id,
            customer_id: c.id,
            received_on: days_before(as_of, age),
            channel: weighted(
                rng,
                &[
                    (ComplaintChannel::Phone, 35),
                    (ComplaintChannel::BranchCounter, 25),
                    (ComplaintChannel::Online, 15),
                    (ComplaintChannel::Email, 5),
                    (ComplaintChannel::App, 20),
                ],
            ),
            content_type: weighted(
                rng,
                &[
                    (ComplaintContentType::Service, 40),
                    (ComplaintContentType::Product, 25),
                    (ComplaintContentType::Operation, 25),
                    (ComplaintContentType::Policy, 10),
                ],
            ),
            severity: weighted(
                rng,
                &[
                    (ComplaintSeverity::General, 70),
                    (ComplaintSeverity::Major, 22),
                    (ComplaintSeverity::Urgent, 8),
                ],
            ),
            status,
            summary: (*pick(rng, COMPLAINT_SUMMARIES)).to_owned(),
            resolution: resolved.then(|| "已向客户解释并处理完毕".to_owned()),
        });
    }

    if rng.random_bool(0.2) {
        for _ in 0..rng.random_range(1..3) {
            let id = bank.notes.len() as i64 + 1;
            let day = days_before(as_of, rng.random_range(0..window));
            let at = day
                .and_hms_opt(rng.random_range(1..10), rng.random_range(0..60), 0)
                .expect("valid time")
                .and_utc()
                .timestamp_millis();
            bank.notes.push(DemoNote {
                id,
                customer_id: c.id,
                author_id: c.rm_id,
                written_at_ms: at,
                body: (*pick(rng, NOTES)).to_owned(),
            });
        }
    }
}

/// Customers per tier (Standard, Gold, Platinum, Diamond, Private) by the default thresholds.
pub fn tier_counts(bank: &DemoBank) -> [usize; 5] {
    let mut counts = [0; 5];
    for c in &bank.customers {
        counts[tier_index(c.aum)] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    #[test]
    fn the_same_seed_and_date_give_the_same_bank() {
        assert_eq!(generate(7, 300, as_of()), generate(7, 300, as_of()));
        assert_ne!(
            generate(7, 300, as_of()).customers,
            generate(8, 300, as_of()).customers
        );
    }

    #[test]
    fn tiers_are_long_tailed_like_a_real_book() {
        let bank = generate(42, 5000, as_of());
        let [std, gold, plat, dia, pb] = tier_counts(&bank);
        assert!((2800..3250).contains(&std), "standard {std}");
        assert!((1200..1600).contains(&gold), "gold {gold}");
        assert!((250..450).contains(&plat), "platinum {plat}");
        assert!((130..280).contains(&dia), "diamond {dia}");
        assert!((10..70).contains(&pb), "private {pb}");
    }

    #[test]
    fn holdings_add_up_to_the_customers_aum() {
        let bank = generate(3, 400, as_of());
        for c in &bank.customers {
            let sum: i64 = bank
                .holdings
                .iter()
                .filter(|h| h.customer_id == c.id)
                .filter(|h| bank.products[(h.product_id - 1) as usize].family.is_asset())
                .map(|h| h.balance)
                .sum();
            assert_eq!(sum, c.aum, "customer {}", c.id);
        }
    }

    #[test]
    fn id_numbers_match_birth_date_gender_and_check_digit() {
        let bank = generate(5, 300, as_of());
        for c in &bank.customers {
            assert_eq!(c.id_number.len(), 18);
            assert_eq!(
                &c.id_number[6..14],
                c.birth_date.format("%Y%m%d").to_string()
            );
            let seq: u32 = c.id_number[14..17].parse().unwrap();
            assert_eq!(seq % 2 == 1, c.gender == Gender::Male);
            assert_eq!(
                c.id_number.chars().nth(17),
                Some(id_check_char(&c.id_number[..17]))
            );
            assert_eq!(c.phone.len(), 11);
        }
    }

    #[test]
    fn no_holding_exceeds_the_customers_risk_level() {
        let bank = generate(9, 500, as_of());
        for h in &bank.holdings {
            let c = &bank.customers[(h.customer_id - 1) as usize];
            let p = &bank.products[(h.product_id - 1) as usize];
            let max = c
                .risk_level
                .map(RiskLevel::max_product_risk)
                .unwrap_or(ProductRisk::R1);
            assert!(p.risk <= max);
        }
    }

    #[test]
    fn the_known_check_digit_is_computed() {
        // The standard's worked example.
        assert_eq!(id_check_char("11010519491231002"), 'X');
    }
}
