//! The book as parallel arrays (`GET /api/book/columns`), for scoring a whole book in the
//! browser.
//!
//! An array of customer objects repeats every key and spells every date as ten
//! characters; a 100,000-customer book came to 143 MiB that way. Here each field is one
//! array with an element per customer, dates are whole days since 1970-01-01, holdings
//! are flattened with a count per customer, and the monthly history shares one window
//! for the whole book. [`BookColumns::from_customers`] and [`BookColumns::into_customers`]
//! are exact inverses (a property test checks it), so every score is computed on the same
//! [`BookCustomer`] records whichever layout carried them.

use crate::customer::{
    BookCustomer, Channel, ComplaintSummary, Gender, Holding, MonthlyHistory, Need, ProductFamily,
    Survey,
};
use crate::risk::{ProductRisk, RiskLevel};
use crate::{BranchId, CustomerId, HouseholdId, Money, ProductId, UserId};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A date as whole days since 1970-01-01 (negative before).
pub type EpochDay = i32;

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 exists");

/// `day` as days since 1970-01-01.
pub fn epoch_day(day: NaiveDate) -> EpochDay {
    // Every NaiveDate is within ±262,143 years: the day count fits an i32.
    i32::try_from((day - EPOCH).num_days()).unwrap_or(i32::MAX)
}

/// The date `days` after 1970-01-01.
pub fn from_epoch_day(days: EpochDay) -> Option<NaiveDate> {
    if days >= 0 {
        EPOCH.checked_add_days(Days::new(u64::from(days.unsigned_abs())))
    } else {
        EPOCH.checked_sub_days(Days::new(u64::from(days.unsigned_abs())))
    }
}

/// Why a columns document could not be built or read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnsError {
    #[error("customer {customer}: its history does not share the book's window")]
    UnevenHistory { customer: i64 },
    #[error("column `{column}` has {found} entries, expected {expected}")]
    Length {
        column: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("column `{column}`: day {day} is not a date")]
    Day { column: &'static str, day: EpochDay },
}

/// The holdings of every customer, flattened in customer order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoldingColumns {
    /// Holdings per customer; the others are that many entries per customer, in order.
    pub count: Vec<u32>,
    pub product_id: Vec<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub family: Vec<ProductFamily>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub risk: Vec<ProductRisk>,
    /// Fen.
    pub balance: Vec<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i32>))]
    pub opened_on: Vec<EpochDay>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Option<i32>>))]
    pub matures_on: Vec<Option<EpochDay>>,
}

/// The monthly history of every customer: `months` entries per customer, in customer
/// order, oldest month first (see [`MonthlyHistory`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryColumns {
    pub transactions: Vec<u32>,
    pub logins: Vec<u32>,
    /// Fen, like the other money columns.
    pub inflow: Vec<i64>,
    pub outflow: Vec<i64>,
    pub aum_end: Vec<i64>,
    pub margin: Vec<i64>,
}

/// A book as parallel arrays; element `i` of every per-customer column is customer `i`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookColumns {
    /// The bank's business date the data is as of.
    pub as_of: NaiveDate,
    /// The first day of the oldest month of every customer's history.
    pub first_month: NaiveDate,
    /// Months of history per customer.
    pub months: u32,
    pub id: Vec<i64>,
    pub rm_id: Vec<i64>,
    pub branch_id: Vec<i64>,
    pub name: Vec<String>,
    pub phone: Vec<String>,
    pub id_number: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub gender: Vec<Gender>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i32>))]
    pub birth_date: Vec<EpochDay>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Option<String>>))]
    pub risk_level: Vec<Option<RiskLevel>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Option<i32>>))]
    pub risk_assessed_on: Vec<Option<EpochDay>>,
    /// Customers (by index) in the lowest risk sub-category: few, so listed, not flagged.
    pub lowest_risk_subcategory: Vec<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i32>))]
    pub kyc_reviewed_on: Vec<EpochDay>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i32>))]
    pub since: Vec<EpochDay>,
    pub household_id: Vec<Option<i64>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub preferred_channel: Vec<Channel>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<String>>))]
    pub stated_needs: Vec<Vec<Need>>,
    pub holdings: HoldingColumns,
    pub history: HistoryColumns,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Option<i32>>))]
    pub last_contact_on: Vec<Option<EpochDay>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Option<i32>>))]
    pub next_contact_on: Vec<Option<EpochDay>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Object>>))]
    pub surveys: Vec<Vec<Survey>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Object>>))]
    pub complaints: Vec<Vec<ComplaintSummary>>,
    pub version: Vec<i64>,
}

fn fen(m: &[Money]) -> impl Iterator<Item = i64> + '_ {
    m.iter().map(|m| m.fen())
}

impl BookColumns {
    /// Lays `customers` out as columns. Every history must have the same first month and
    /// length (the server loads one window for the whole book); an empty book takes
    /// `as_of`'s month and no months.
    pub fn from_customers(
        as_of: NaiveDate,
        customers: &[BookCustomer],
    ) -> Result<Self, ColumnsError> {
        let (first_month, months) = customers
            .first()
            .map_or((as_of, 0), |c| (c.history.first_month, c.history.len()));
        let n = customers.len();
        let m = months;
        let mut out = BookColumns {
            as_of,
            first_month,
            months: u32::try_from(months).unwrap_or(u32::MAX),
            id: Vec::with_capacity(n),
            rm_id: Vec::with_capacity(n),
            branch_id: Vec::with_capacity(n),
            name: Vec::with_capacity(n),
            phone: Vec::with_capacity(n),
            id_number: Vec::with_capacity(n),
            gender: Vec::with_capacity(n),
            birth_date: Vec::with_capacity(n),
            risk_level: Vec::with_capacity(n),
            risk_assessed_on: Vec::with_capacity(n),
            lowest_risk_subcategory: vec![],
            kyc_reviewed_on: Vec::with_capacity(n),
            since: Vec::with_capacity(n),
            household_id: Vec::with_capacity(n),
            preferred_channel: Vec::with_capacity(n),
            stated_needs: Vec::with_capacity(n),
            holdings: HoldingColumns {
                count: Vec::with_capacity(n),
                ..HoldingColumns::default()
            },
            history: HistoryColumns {
                transactions: Vec::with_capacity(n * m),
                logins: Vec::with_capacity(n * m),
                inflow: Vec::with_capacity(n * m),
                outflow: Vec::with_capacity(n * m),
                aum_end: Vec::with_capacity(n * m),
                margin: Vec::with_capacity(n * m),
            },
            last_contact_on: Vec::with_capacity(n),
            next_contact_on: Vec::with_capacity(n),
            surveys: Vec::with_capacity(n),
            complaints: Vec::with_capacity(n),
            version: Vec::with_capacity(n),
        };
        for (i, c) in customers.iter().enumerate() {
            let h = &c.history;
            let even = h.first_month == first_month
                && [
                    h.transactions.len(),
                    h.logins.len(),
                    h.inflow.len(),
                    h.outflow.len(),
                    h.aum_end.len(),
                    h.margin.len(),
                ]
                .iter()
                .all(|&l| l == months);
            if !even {
                return Err(ColumnsError::UnevenHistory { customer: c.id.0 });
            }
            out.id.push(c.id.0);
            out.rm_id.push(c.rm_id.0);
            out.branch_id.push(c.branch_id.0);
            out.name.push(c.name.clone());
            out.phone.push(c.phone.clone());
            out.id_number.push(c.id_number.clone());
            out.gender.push(c.gender);
            out.birth_date.push(epoch_day(c.birth_date));
            out.risk_level.push(c.risk_level);
            out.risk_assessed_on.push(c.risk_assessed_on.map(epoch_day));
            if c.lowest_risk_subcategory {
                out.lowest_risk_subcategory
                    .push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            out.kyc_reviewed_on.push(epoch_day(c.kyc_reviewed_on));
            out.since.push(epoch_day(c.since));
            out.household_id.push(c.household_id.map(|h| h.0));
            out.preferred_channel.push(c.preferred_channel);
            out.stated_needs.push(c.stated_needs.clone());
            let hc = &mut out.holdings;
            hc.count
                .push(u32::try_from(c.holdings.len()).unwrap_or(u32::MAX));
            for holding in &c.holdings {
                hc.product_id.push(holding.product_id.0);
                hc.family.push(holding.family);
                hc.risk.push(holding.risk);
                hc.balance.push(holding.balance.fen());
                hc.opened_on.push(epoch_day(holding.opened_on));
                hc.matures_on.push(holding.matures_on.map(epoch_day));
            }
            let hist = &mut out.history;
            hist.transactions.extend_from_slice(&h.transactions);
            hist.logins.extend_from_slice(&h.logins);
            hist.inflow.extend(fen(&h.inflow));
            hist.outflow.extend(fen(&h.outflow));
            hist.aum_end.extend(fen(&h.aum_end));
            hist.margin.extend(fen(&h.margin));
            out.last_contact_on.push(c.last_contact_on.map(epoch_day));
            out.next_contact_on.push(c.next_contact_on.map(epoch_day));
            out.surveys.push(c.surveys.clone());
            out.complaints.push(c.complaints.clone());
            out.version.push(c.version);
        }
        Ok(out)
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Every column has the length its header says, so reading back cannot go out of
    /// bounds: a short or long column is named instead.
    fn check_lengths(&self) -> Result<(), ColumnsError> {
        let n = self.len();
        let per_customer = [
            ("rm_id", self.rm_id.len()),
            ("branch_id", self.branch_id.len()),
            ("name", self.name.len()),
            ("phone", self.phone.len()),
            ("id_number", self.id_number.len()),
            ("gender", self.gender.len()),
            ("birth_date", self.birth_date.len()),
            ("risk_level", self.risk_level.len()),
            ("risk_assessed_on", self.risk_assessed_on.len()),
            ("kyc_reviewed_on", self.kyc_reviewed_on.len()),
            ("since", self.since.len()),
            ("household_id", self.household_id.len()),
            ("preferred_channel", self.preferred_channel.len()),
            ("stated_needs", self.stated_needs.len()),
            ("holdings.count", self.holdings.count.len()),
            ("last_contact_on", self.last_contact_on.len()),
            ("next_contact_on", self.next_contact_on.len()),
            ("surveys", self.surveys.len()),
            ("complaints", self.complaints.len()),
            ("version", self.version.len()),
        ];
        let held: usize = self.holdings.count.iter().map(|&c| c as usize).sum();
        let hc = &self.holdings;
        let per_holding = [
            ("holdings.product_id", hc.product_id.len()),
            ("holdings.family", hc.family.len()),
            ("holdings.risk", hc.risk.len()),
            ("holdings.balance", hc.balance.len()),
            ("holdings.opened_on", hc.opened_on.len()),
            ("holdings.matures_on", hc.matures_on.len()),
        ];
        let months = n.saturating_mul(self.months as usize);
        let h = &self.history;
        let per_month = [
            ("history.transactions", h.transactions.len()),
            ("history.logins", h.logins.len()),
            ("history.inflow", h.inflow.len()),
            ("history.outflow", h.outflow.len()),
            ("history.aum_end", h.aum_end.len()),
            ("history.margin", h.margin.len()),
        ];
        let groups = [
            (n, &per_customer[..]),
            (held, &per_holding[..]),
            (months, &per_month[..]),
        ];
        for (expected, columns) in groups {
            if let Some(&(column, found)) = columns.iter().find(|(_, l)| *l != expected) {
                return Err(ColumnsError::Length {
                    column,
                    expected,
                    found,
                });
            }
        }
        if let Some(&i) = self
            .lowest_risk_subcategory
            .iter()
            .find(|&&i| i as usize >= n)
        {
            return Err(ColumnsError::Length {
                column: "lowest_risk_subcategory",
                expected: n,
                found: i as usize + 1,
            });
        }
        Ok(())
    }

    /// The customers back as records, in order.
    pub fn into_customers(self) -> Result<Vec<BookCustomer>, ColumnsError> {
        self.check_lengths()?;
        let day = |column: &'static str, d: EpochDay| {
            from_epoch_day(d).ok_or(ColumnsError::Day { column, day: d })
        };
        let opt_day =
            |column: &'static str, d: Option<EpochDay>| d.map(|d| day(column, d)).transpose();
        let m = self.months as usize;
        let mut lowest = vec![false; self.len()];
        for &i in &self.lowest_risk_subcategory {
            lowest[i as usize] = true;
        }
        let mut held = 0usize;
        let mut out = Vec::with_capacity(self.len());
        let hc = &self.holdings;
        let hist = &self.history;
        let money = |v: &[i64], i: usize| {
            v[i * m..(i + 1) * m]
                .iter()
                .map(|&f| Money::from_fen(f))
                .collect()
        };
        let mut names = self.name.into_iter();
        let mut phones = self.phone.into_iter();
        let mut id_numbers = self.id_number.into_iter();
        let mut needs = self.stated_needs.into_iter();
        let mut surveys = self.surveys.into_iter();
        let mut complaints = self.complaints.into_iter();
        for (i, &lowest) in lowest.iter().enumerate() {
            let count = hc.count[i] as usize;
            let mut holdings = Vec::with_capacity(count);
            for k in held..held + count {
                holdings.push(Holding {
                    product_id: ProductId(hc.product_id[k]),
                    family: hc.family[k],
                    risk: hc.risk[k],
                    balance: Money::from_fen(hc.balance[k]),
                    opened_on: day("holdings.opened_on", hc.opened_on[k])?,
                    matures_on: opt_day("holdings.matures_on", hc.matures_on[k])?,
                });
            }
            held += count;
            out.push(BookCustomer {
                id: CustomerId(self.id[i]),
                rm_id: UserId(self.rm_id[i]),
                branch_id: BranchId(self.branch_id[i]),
                name: names.next().unwrap_or_default(),
                phone: phones.next().unwrap_or_default(),
                id_number: id_numbers.next().unwrap_or_default(),
                gender: self.gender[i],
                birth_date: day("birth_date", self.birth_date[i])?,
                risk_level: self.risk_level[i],
                risk_assessed_on: opt_day("risk_assessed_on", self.risk_assessed_on[i])?,
                lowest_risk_subcategory: lowest,
                kyc_reviewed_on: day("kyc_reviewed_on", self.kyc_reviewed_on[i])?,
                since: day("since", self.since[i])?,
                household_id: self.household_id[i].map(HouseholdId),
                preferred_channel: self.preferred_channel[i],
                stated_needs: needs.next().unwrap_or_default(),
                holdings,
                history: MonthlyHistory {
                    first_month: self.first_month,
                    transactions: hist.transactions[i * m..(i + 1) * m].to_vec(),
                    logins: hist.logins[i * m..(i + 1) * m].to_vec(),
                    inflow: money(&hist.inflow, i),
                    outflow: money(&hist.outflow, i),
                    aum_end: money(&hist.aum_end, i),
                    margin: money(&hist.margin, i),
                },
                last_contact_on: opt_day("last_contact_on", self.last_contact_on[i])?,
                next_contact_on: opt_day("next_contact_on", self.next_contact_on[i])?,
                surveys: surveys.next().unwrap_or_default(),
                complaints: complaints.next().unwrap_or_default(),
                version: self.version[i],
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::generate_book;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).expect("date")
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn epoch_days_round_trip_around_the_epoch_and_leap_days() {
        for (y, m, d, n) in [
            (1970, 1, 1, 0),
            (1969, 12, 31, -1),
            (2000, 2, 29, 11_016),
            (2026, 11, 23, 20_780),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            assert_eq!(epoch_day(date), n, "{date}");
            assert_eq!(from_epoch_day(n), Some(date));
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_generated_book_comes_back_exactly() {
        let book = generate_book(300, 7, today());
        let columns = BookColumns::from_customers(today(), &book.customers).expect("even");
        assert_eq!(columns.len(), 300);
        assert_eq!(columns.into_customers().expect("valid"), book.customers);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_columns_are_well_under_two_thirds_of_the_records_as_json() {
        let book = generate_book(500, 3, today());
        let records = serde_json::to_vec(&book.customers).expect("json");
        let columns = serde_json::to_vec(
            &BookColumns::from_customers(today(), &book.customers).expect("even"),
        )
        .expect("json");
        assert!(
            columns.len() * 3 < records.len() * 2,
            "{} vs {}",
            columns.len(),
            records.len()
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_empty_book_round_trips() {
        let columns = BookColumns::from_customers(today(), &[]).expect("empty");
        assert!(columns.is_empty());
        assert_eq!(columns.into_customers().expect("valid"), vec![]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_short_column_is_named_not_read_out_of_bounds() {
        let book = generate_book(20, 1, today());
        let mut columns = BookColumns::from_customers(today(), &book.customers).expect("even");
        columns.history.aum_end.pop();
        assert!(matches!(
            columns.clone().into_customers(),
            Err(ColumnsError::Length {
                column: "history.aum_end",
                ..
            })
        ));
        let mut columns = BookColumns::from_customers(today(), &book.customers).expect("even");
        columns.holdings.count[0] += 1;
        assert!(matches!(
            columns.into_customers(),
            Err(ColumnsError::Length { column, .. }) if column.starts_with("holdings.")
        ));
        let mut columns = BookColumns::from_customers(today(), &book.customers).expect("even");
        columns.lowest_risk_subcategory.push(20);
        assert!(columns.into_customers().is_err());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_history_outside_the_books_window_is_refused() {
        let mut book = generate_book(3, 1, today());
        book.customers[2].history.aum_end.pop();
        assert_eq!(
            BookColumns::from_customers(today(), &book.customers),
            Err(ColumnsError::UnevenHistory {
                customer: book.customers[2].id.0
            })
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_generated_book_round_trips(n in 0usize..60, seed in proptest::prelude::any::<u64>(), offset in 0u64..4000) {
            let day = NaiveDate::from_ymd_opt(2015, 1, 1).expect("date") + Days::new(offset);
            let book = generate_book(n, seed, day);
            let columns = BookColumns::from_customers(day, &book.customers).expect("even");
            let json = serde_json::to_string(&columns).expect("json");
            let back: BookColumns = serde_json::from_str(&json).expect("parse");
            proptest::prop_assert_eq!(back.into_customers().expect("valid"), book.customers);
        }
    }
}
