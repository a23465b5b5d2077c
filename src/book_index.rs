//! The book as the table shows it: each customer's tier and AUM computed once in wasm,
//! then sorted and searched by position. Plain functions on plain types, tested without
//! a browser.

use clientbook_domain::api::BookResponse;
use clientbook_domain::policy::TierPolicy;
use clientbook_domain::{tier, BookCustomer, Money, Tier};
use std::cmp::Ordering;
use std::sync::Arc;

/// A column the book can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Tier,
    Aum,
    LastContact,
    Risk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Ascending,
    Descending,
}

/// How the table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SortOrder {
    pub key: SortKey,
    pub direction: Direction,
}

impl Default for SortOrder {
    /// Largest AUM first.
    fn default() -> Self {
        SortOrder {
            key: SortKey::Aum,
            direction: Direction::Descending,
        }
    }
}

impl SortOrder {
    /// The order after the user picks `key`: the same key flips direction; a new key
    /// starts with the natural direction (names A–Z, amounts and tiers largest first,
    /// contacts oldest first so overdue customers come up).
    pub fn toggled(self, key: SortKey) -> SortOrder {
        if self.key == key {
            let direction = match self.direction {
                Direction::Ascending => Direction::Descending,
                Direction::Descending => Direction::Ascending,
            };
            SortOrder { key, direction }
        } else {
            let direction = match key {
                SortKey::Name | SortKey::LastContact => Direction::Ascending,
                SortKey::Tier | SortKey::Aum | SortKey::Risk => Direction::Descending,
            };
            SortOrder { key, direction }
        }
    }
}

/// The book with each customer's tier and AUM, computed once.
#[derive(Debug)]
pub struct BookIndex {
    book: Arc<BookResponse>,
    aum: Vec<Money>,
    tier: Vec<Tier>,
}

impl BookIndex {
    pub fn new(book: Arc<BookResponse>, tiers: &TierPolicy) -> BookIndex {
        let aum: Vec<Money> = book.customers.iter().map(BookCustomer::aum).collect();
        let tier = book
            .customers
            .iter()
            .map(|c| tier::tier(c, tiers))
            .collect();
        BookIndex { book, aum, tier }
    }

    pub fn len(&self) -> usize {
        self.book.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.book.customers.is_empty()
    }

    pub fn book(&self) -> &BookResponse {
        &self.book
    }

    pub fn customer(&self, at: u32) -> &BookCustomer {
        &self.book.customers[at as usize]
    }

    pub fn aum(&self, at: u32) -> Money {
        self.aum[at as usize]
    }

    pub fn tier(&self, at: u32) -> Tier {
        self.tier[at as usize]
    }

    /// Positions of every customer in `order`; ties are broken by customer id so the
    /// order is stable and reproducible.
    pub fn sorted(&self, order: SortOrder) -> Vec<u32> {
        let mut at: Vec<u32> = (0..self.len() as u32).collect();
        let cs = &self.book.customers;
        let by_key = |a: &u32, b: &u32| -> Ordering {
            let (ca, cb) = (&cs[*a as usize], &cs[*b as usize]);
            match order.key {
                SortKey::Name => ca.name.cmp(&cb.name),
                SortKey::Tier => self
                    .tier(*a)
                    .cmp(&self.tier(*b))
                    .then(self.aum(*a).cmp(&self.aum(*b))),
                SortKey::Aum => self.aum(*a).cmp(&self.aum(*b)),
                // Never contacted sorts as the oldest contact.
                SortKey::LastContact => ca.last_contact_on.cmp(&cb.last_contact_on),
                SortKey::Risk => ca.risk_level.cmp(&cb.risk_level),
            }
        };
        at.sort_unstable_by(|a, b| {
            let o = by_key(a, b);
            let o = match order.direction {
                Direction::Ascending => o,
                Direction::Descending => o.reverse(),
            };
            o.then_with(|| cs[*a as usize].id.cmp(&cs[*b as usize].id))
        });
        at
    }

    /// The positions of `order` whose customer matches `query`, in the same order.
    pub fn filter(&self, order: &[u32], query: &str) -> Vec<u32> {
        let query = Query::parse(query);
        if query.is_empty() {
            return order.to_vec();
        }
        order
            .iter()
            .copied()
            .filter(|at| query.matches(self.customer(*at)))
            .collect()
    }
}

/// A search typed by the user: words matched against the masked name, digits against
/// the tail of the masked phone (the digits that stay visible) and the customer id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    text: String,
    digits: bool,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let text: String = raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let digits = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit());
        Query { text, digits }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn matches(&self, c: &BookCustomer) -> bool {
        if self.digits {
            c.phone.ends_with(&self.text) || c.id.0.to_string() == self.text
        } else if self.text.is_ascii() {
            c.name.to_ascii_lowercase().contains(&self.text)
        } else {
            c.name.contains(&self.text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use clientbook_domain::{
        BranchId, Channel, CustomerId, Gender, Holding, MonthlyHistory, ProductFamily, ProductId,
        ProductRisk, RiskLevel, UserId,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn customer(id: i64, name: &str, phone: &str, yuan: i64) -> BookCustomer {
        BookCustomer {
            id: CustomerId(id),
            rm_id: UserId(1),
            branch_id: BranchId(1),
            name: name.into(),
            phone: phone.into(),
            id_number: "110105********1234".into(),
            gender: Gender::Unspecified,
            birth_date: day(1980, 1, 1),
            risk_level: Some(RiskLevel::C3),
            risk_assessed_on: Some(day(2026, 1, 1)),
            lowest_risk_subcategory: false,
            kyc_reviewed_on: day(2026, 1, 1),
            since: day(2020, 1, 1),
            household_id: None,
            preferred_channel: Channel::Phone,
            stated_needs: vec![],
            holdings: vec![Holding {
                product_id: ProductId(1),
                family: ProductFamily::DemandDeposit,
                risk: ProductRisk::R1,
                balance: Money::from_yuan(yuan),
                opened_on: day(2020, 1, 1),
                matures_on: None,
            }],
            history: MonthlyHistory::default(),
            last_contact_on: None,
            next_contact_on: None,
            surveys: vec![],
            complaints: vec![],
            version: 1,
        }
    }

    fn index(customers: Vec<BookCustomer>) -> BookIndex {
        let book = BookResponse {
            as_of: day(2026, 11, 23),
            customers,
        };
        BookIndex::new(Arc::new(book), &TierPolicy::default())
    }

    fn sample() -> BookIndex {
        index(vec![
            customer(1, "张**", "138****5678", 10_000),
            customer(2, "李**", "139****1234", 7_000_000),
            customer(3, "王**", "137****0000", 600_000),
            customer(4, "Smith J.", "135****5678", 60_000),
        ])
    }

    fn ids(ix: &BookIndex, at: &[u32]) -> Vec<i64> {
        at.iter().map(|a| ix.customer(*a).id.0).collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tiers_are_computed_from_the_policy() {
        let ix = sample();
        assert_eq!(
            (0..4).map(|a| ix.tier(a)).collect::<Vec<_>>(),
            vec![
                Tier::Standard,
                Tier::PrivateBanking,
                Tier::Platinum,
                Tier::Gold
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_default_order_is_largest_aum_first() {
        let ix = sample();
        assert_eq!(ids(&ix, &ix.sorted(SortOrder::default())), vec![2, 3, 4, 1]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn picking_the_same_column_again_flips_the_direction() {
        let o = SortOrder::default().toggled(SortKey::Aum);
        assert_eq!(o.direction, Direction::Ascending);
        let ix = sample();
        assert_eq!(ids(&ix, &ix.sorted(o)), vec![1, 4, 3, 2]);
        assert_eq!(o.toggled(SortKey::Name).direction, Direction::Ascending);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn ties_are_broken_by_customer_id() {
        let ix = index(vec![
            customer(9, "A", "1", 100),
            customer(3, "A", "1", 100),
            customer(5, "A", "1", 100),
        ]);
        let o = SortOrder {
            key: SortKey::Name,
            direction: Direction::Ascending,
        };
        assert_eq!(ids(&ix, &ix.sorted(o)), vec![3, 5, 9]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_search_matches_the_masked_name_or_the_phone_tail() {
        let ix = sample();
        let all = ix.sorted(SortOrder::default());
        assert_eq!(ids(&ix, &ix.filter(&all, "李")), vec![2]);
        assert_eq!(ids(&ix, &ix.filter(&all, "5678")), vec![4, 1]);
        assert_eq!(ids(&ix, &ix.filter(&all, " smith ")), vec![4]);
        assert_eq!(ids(&ix, &ix.filter(&all, "")), vec![2, 3, 4, 1]);
        assert!(ix.filter(&all, "nobody").is_empty());
        // The leading digits of a phone are not a tail: "13" would match everyone.
        assert!(ix.filter(&all, "13").is_empty());
        assert_eq!(ids(&ix, &ix.filter(&all, "3")), vec![3]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_empty_book_sorts_and_filters_to_nothing() {
        let ix = index(vec![]);
        assert!(ix.is_empty());
        assert!(ix.sorted(SortOrder::default()).is_empty());
        assert!(ix.filter(&[], "x").is_empty());
    }
}
