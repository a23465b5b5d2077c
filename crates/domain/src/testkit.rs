//! Builders for tests: a plain customer everyone can start from.

use crate::customer::*;
use crate::money::Money;
use crate::risk::{ProductRisk, RiskLevel};
use chrono::NaiveDate;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// "Today" in the worked examples: Monday 23 November 2026.
pub(crate) fn today() -> NaiveDate {
    date(2026, 11, 23)
}

/// Twelve months of flat history ending in November 2026.
pub(crate) fn flat_history(tx: u32, aum_yuan: i64, margin_yuan: i64) -> MonthlyHistory {
    MonthlyHistory {
        first_month: date(2025, 12, 1),
        transactions: vec![tx; 12],
        logins: vec![0; 12],
        inflow: vec![Money::ZERO; 12],
        outflow: vec![Money::ZERO; 12],
        aum_end: vec![Money::from_yuan(aum_yuan); 12],
        margin: vec![Money::from_yuan(margin_yuan); 12],
    }
}

pub(crate) fn holding(id: i64, family: ProductFamily, risk: ProductRisk, yuan: i64) -> Holding {
    Holding {
        product_id: ProductId(id),
        family,
        risk,
        balance: Money::from_yuan(yuan),
        opened_on: date(2022, 1, 1),
        matures_on: None,
    }
}

/// A 40-year-old C3 customer since 2020 with 100,000 CNY on demand deposit, two
/// transactions a month, 300 CNY margin a month, contacted a week ago.
pub(crate) fn customer() -> BookCustomer {
    BookCustomer {
        id: CustomerId(1),
        rm_id: UserId(1),
        branch_id: BranchId(1),
        name: "张**".into(),
        phone: "138****5678".into(),
        id_number: "110105********1234".into(),
        gender: Gender::Female,
        birth_date: date(1986, 6, 15),
        risk_level: Some(RiskLevel::C3),
        risk_assessed_on: Some(date(2026, 3, 1)),
        lowest_risk_subcategory: false,
        kyc_reviewed_on: date(2026, 3, 1),
        since: date(2020, 5, 1),
        household_id: None,
        preferred_channel: Channel::Phone,
        stated_needs: Vec::new(),
        holdings: vec![holding(
            100,
            ProductFamily::DemandDeposit,
            ProductRisk::R1,
            100_000,
        )],
        history: flat_history(2, 100_000, 300),
        last_contact_on: Some(date(2026, 11, 16)),
        next_contact_on: None,
        surveys: Vec::new(),
        complaints: Vec::new(),
        version: 1,
    }
}
