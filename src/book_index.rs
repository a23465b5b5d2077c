//! The scored book, as every screen reads it: the book, the shelf and the policy it was
//! scored with, `score_book`'s result, and per-customer lookups; sorted, searched and
//! filtered by position. Plain functions on plain types, tested without a browser.
//!
//! API for other screens (`crate::state::book` shares one `Arc<BookIndex>` app-wide):
//! - `BookIndex::score(book, shelf, policy)`: score a book (one `score_book` pass).
//! - `len()`, `customer(at)`, `scores(at)` (`CustomerScores`), `aum(at)`, `tier(at)`,
//!   `position(CustomerId)`, `summary()` (`BookSummary`), `as_of()`, `policy()`.
//! - `view(&CustomerView)`: the positions the customers list shows for a view (search,
//!   filters, sort) — also what "Export current view" will export.

// The sort and filter types live in `state::book_view` (the customers list's URL state
// uses them too); re-exported so `crate::book_index::SortKey` keeps working.
use crate::state::book_view::{CustomerFilter, CustomerView, RiskFilter};
pub use crate::state::book_view::{Direction, Query, SortKey, SortOrder};
use chrono::{Days, NaiveDate};
use clientbook_domain::api::BookResponse;
use clientbook_domain::book::{care_not_marked, CareEntry};
use clientbook_domain::recommend::PeerRates;
use clientbook_domain::scoring_input::{score_input, ScoringInput};
use clientbook_domain::service::CareMarker;
use clientbook_domain::{
    score_book, score_customer_with_peers, BookCustomer, BookScores, BookSummary, CustomerId,
    CustomerScores, Money, Product, ScoringPolicy, Tier,
};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

/// Days ahead the "maturing soon" filter looks.
pub const MATURING_DAYS: u64 = 30;

/// A scored book with per-customer lookups.
#[derive(Debug)]
pub struct BookIndex {
    book: Arc<BookResponse>,
    shelf: Arc<Vec<Product>>,
    policy: Arc<ScoringPolicy>,
    scores: BookScores,
    /// Care the RM marked done or snoozed (`GET /api/care`), fetched with the book.
    markers: Arc<Vec<CareMarker>>,
    maturing: Vec<bool>,
    positions: HashMap<CustomerId, u32>,
}

impl BookIndex {
    /// Score `book` with `policy` on the book's own date (one `score_book` pass).
    pub fn score(
        book: Arc<BookResponse>,
        shelf: Arc<Vec<Product>>,
        policy: Arc<ScoringPolicy>,
    ) -> BookIndex {
        let scores = score_book(&book.customers, &policy, &shelf, book.as_of);
        BookIndex::scored(book, shelf, policy, scores)
    }

    /// [`BookIndex::score`] from the book's columns (`clientbook_domain::scoring_input`,
    /// built once beside the book): the same result, read from the columns rather than
    /// the records (a rescoring after a policy change, BENCHMARKS.md "Scoring from
    /// columns").
    pub fn score_columns(
        book: Arc<BookResponse>,
        columns: &ScoringInput,
        shelf: Arc<Vec<Product>>,
        policy: Arc<ScoringPolicy>,
    ) -> BookIndex {
        let scores = score_input(columns, &policy, &shelf, book.as_of);
        BookIndex::scored(book, shelf, policy, scores)
    }

    /// [`BookIndex::score`], giving the browser the main thread between slices of the
    /// book (`crate::score_in_slices`): the same result, in short tasks.
    pub async fn score_in_slices(
        book: Arc<BookResponse>,
        shelf: Arc<Vec<Product>>,
        policy: Arc<ScoringPolicy>,
    ) -> BookIndex {
        let scores = crate::score_in_slices::score_book_in_slices(
            &book.customers,
            &policy,
            &shelf,
            book.as_of,
        )
        .await;
        BookIndex::scored(book, shelf, policy, scores)
    }

    fn scored(
        book: Arc<BookResponse>,
        shelf: Arc<Vec<Product>>,
        policy: Arc<ScoringPolicy>,
        scores: BookScores,
    ) -> BookIndex {
        let today = book.as_of;
        let horizon = today + Days::new(MATURING_DAYS);
        let maturing = book
            .customers
            .iter()
            .map(|c| matures_between(c, today, horizon))
            .collect();
        let positions = book
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i as u32))
            .collect();
        BookIndex {
            book,
            shelf,
            policy,
            scores,
            markers: Arc::new(Vec::new()),
            maturing,
            positions,
        }
    }

    /// The same scored book with the RM's care markers (they hide care items; they do
    /// not change a score).
    pub fn with_care_markers(self, markers: Arc<Vec<CareMarker>>) -> BookIndex {
        BookIndex { markers, ..self }
    }

    pub fn care_markers(&self) -> &[CareMarker] {
        &self.markers
    }

    /// The peer family-holding rates of the book, which recommendations compare against.
    pub fn peers(&self) -> &PeerRates {
        &self.scores.peers
    }

    /// Score a changed copy of a customer (a what-if) exactly as the book scored the
    /// original: the book's policy, shelf, peers and date.
    pub fn rescore(&self, customer: &BookCustomer) -> CustomerScores {
        score_customer_with_peers(
            customer,
            &self.policy,
            &self.shelf,
            &self.scores.peers,
            self.as_of(),
        )
    }

    /// Today's care of the whole book less what is marked done or snoozed, soonest
    /// first: what the home screen lists.
    pub fn open_care(&self) -> Vec<CareEntry> {
        care_not_marked(&self.scores.summary.care_today, &self.markers, self.as_of())
    }

    /// The open care of one customer, by the same rule and in the same order: what the
    /// customer page lists.
    pub fn open_care_of(&self, at: u32) -> Vec<CareEntry> {
        let own: Vec<CareEntry> = self
            .scores
            .summary
            .care_today
            .iter()
            .filter(|e| e.index == at)
            .copied()
            .collect();
        care_not_marked(&own, &self.markers, self.as_of())
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

    pub fn book_arc(&self) -> Arc<BookResponse> {
        Arc::clone(&self.book)
    }

    pub fn shelf(&self) -> &Arc<Vec<Product>> {
        &self.shelf
    }

    pub fn policy(&self) -> &Arc<ScoringPolicy> {
        &self.policy
    }

    /// The business date the book is scored on.
    pub fn as_of(&self) -> NaiveDate {
        self.book.as_of
    }

    pub fn all_scores(&self) -> &BookScores {
        &self.scores
    }

    pub fn summary(&self) -> &BookSummary {
        &self.scores.summary
    }

    pub fn customer(&self, at: u32) -> &BookCustomer {
        &self.book.customers[at as usize]
    }

    pub fn scores(&self, at: u32) -> &CustomerScores {
        &self.scores.customers[at as usize]
    }

    /// The position of a customer in the book.
    pub fn position(&self, id: CustomerId) -> Option<u32> {
        self.positions.get(&id).copied()
    }

    pub fn aum(&self, at: u32) -> Money {
        self.scores(at).aum
    }

    pub fn tier(&self, at: u32) -> Tier {
        self.scores(at).tier
    }

    /// Whether a holding of the customer matures in the next [`MATURING_DAYS`].
    pub fn maturing_soon(&self, at: u32) -> bool {
        self.maturing[at as usize]
    }

    /// Positions of every customer in `order`; ties are broken by customer id so the
    /// order is stable and reproducible.
    pub fn sorted(&self, order: SortOrder) -> Vec<u32> {
        let mut at: Vec<u32> = (0..self.len() as u32).collect();
        let cs = &self.book.customers;
        let sc = &self.scores.customers;
        let by_key = |a: &u32, b: &u32| -> Ordering {
            let (a, b) = (*a as usize, *b as usize);
            let (ca, cb) = (&cs[a], &cs[b]);
            let (sa, sb) = (&sc[a], &sc[b]);
            match order.key {
                SortKey::Name => ca.name.cmp(&cb.name),
                SortKey::Tier => sa.tier.cmp(&sb.tier).then(sa.aum.cmp(&sb.aum)),
                SortKey::Aum => sa.aum.cmp(&sb.aum),
                // Never contacted sorts as the oldest contact.
                SortKey::LastContact => ca.last_contact_on.cmp(&cb.last_contact_on),
                SortKey::Risk => ca.risk_level.cmp(&cb.risk_level),
                SortKey::Churn => sa.churn.score.cmp(&sb.churn.score),
                SortKey::ValueClass => sa.value_class.cmp(&sb.value_class),
                SortKey::NextContact => sa.contact.due_on.cmp(&sb.contact.due_on),
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
        self.filtered(
            order,
            &CustomerFilter {
                query: query.to_owned(),
                ..Default::default()
            },
        )
    }

    /// The positions of `order` whose customer passes `filter`, in the same order.
    pub fn filtered(&self, order: &[u32], filter: &CustomerFilter) -> Vec<u32> {
        let query = Query::parse(&filter.query);
        if query.is_empty() && !filter.any_set() {
            return order.to_vec();
        }
        order
            .iter()
            .copied()
            .filter(|at| self.passes(*at, filter) && query.matches(self.customer(*at)))
            .collect()
    }

    /// The rows of a view of the customers list, in its order: what the list shows and
    /// what an export of the current view contains.
    pub fn view(&self, view: &CustomerView) -> Vec<u32> {
        self.filtered(&self.sorted(view.sort), &view.filter)
    }

    fn passes(&self, at: u32, f: &CustomerFilter) -> bool {
        let s = self.scores(at);
        let c = self.customer(at);
        f.tier.is_none_or(|t| s.tier == t)
            && f.activity.is_none_or(|a| s.activity.class == a)
            && f.value.is_none_or(|v| s.value_class == v)
            && f.lifecycle.is_none_or(|l| s.lifecycle == l)
            && f.churn.is_none_or(|b| s.churn.band == b)
            && f.risk.is_none_or(|r| match r {
                RiskFilter::Level(level) => c.risk_level == Some(level),
                RiskFilter::NotAssessed => c.risk_level.is_none(),
            })
            && (!f.overdue || s.contact.is_overdue())
            && (!f.maturing || self.maturing_soon(at))
            && f.household.is_none_or(|h| h.passes(c))
    }
}

fn matures_between(c: &BookCustomer, from: NaiveDate, to: NaiveDate) -> bool {
    c.holdings
        .iter()
        .any(|h| h.matures_on.is_some_and(|d| d >= from && d <= to))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::NaiveDate;
    use clientbook_domain::{
        BranchId, Channel, Gender, Holding, MonthlyHistory, ProductFamily, ProductId, ProductRisk,
        RiskLevel, UserId,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn customer(id: i64, name: &str, phone: &str, yuan: i64) -> BookCustomer {
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

    pub(crate) fn index(customers: Vec<BookCustomer>) -> BookIndex {
        let book = BookResponse {
            as_of: day(2026, 11, 23),
            customers,
        };
        BookIndex::score(
            Arc::new(book),
            Arc::new(vec![]),
            Arc::new(ScoringPolicy::default()),
        )
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

    fn view(f: impl FnOnce(&mut CustomerFilter)) -> CustomerView {
        let mut v = CustomerView::default();
        f(&mut v.filter);
        v
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_search_matches_the_tail_of_the_id_number() {
        let mut ix_customers = vec![
            customer(1, "张**", "138****5678", 10_000),
            customer(2, "李**", "139****1234", 7_000_000),
        ];
        ix_customers[1].id_number = "110105********987X".into();
        let ix = index(ix_customers);
        let all = ix.sorted(SortOrder::default());
        assert_eq!(ids(&ix, &ix.filter(&all, "987x")), vec![2]);
        assert_eq!(
            ids(&ix, &ix.filter(&all, "1234")),
            vec![2, 1],
            "phone or ID tail"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn filters_keep_only_matching_customers_in_the_sorted_order() {
        let mut cs = vec![
            customer(1, "张**", "138****5678", 10_000),
            customer(2, "李**", "139****1234", 7_000_000),
            customer(3, "王**", "137****0000", 600_000),
            customer(4, "Smith J.", "135****5678", 60_000),
        ];
        cs[2].risk_level = None;
        cs[3].holdings[0].matures_on = Some(day(2026, 12, 10));
        cs[0].holdings[0].matures_on = Some(day(2027, 6, 1));
        // Contacted long ago: overdue.
        cs[1].last_contact_on = Some(day(2025, 1, 1));
        let ix = index(cs);
        assert_eq!(
            ids(&ix, &ix.view(&view(|f| f.tier = Some(Tier::Platinum)))),
            vec![3]
        );
        assert_eq!(
            ids(
                &ix,
                &ix.view(&view(|f| f.risk = Some(RiskFilter::NotAssessed)))
            ),
            vec![3]
        );
        assert_eq!(ids(&ix, &ix.view(&view(|f| f.maturing = true))), vec![4]);
        let overdue = ix.view(&view(|f| f.overdue = true));
        assert!(ids(&ix, &overdue).contains(&2));
        for at in &overdue {
            assert!(ix.scores(*at).contact.is_overdue());
        }
        // Filters combine with the search and with each other.
        assert!(ix
            .view(&view(|f| {
                f.tier = Some(Tier::Platinum);
                f.query = "张".into();
            }))
            .is_empty());
        let by_churn = ix.view(&CustomerView {
            sort: SortOrder::default().toggled(SortKey::Churn),
            ..Default::default()
        });
        let churn: Vec<u8> = by_churn.iter().map(|a| ix.scores(*a).churn.score).collect();
        assert!(churn.windows(2).all(|w| w[0] >= w[1]), "{churn:?}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_customer_can_be_found_by_id() {
        let ix = sample();
        for at in 0..ix.len() as u32 {
            assert_eq!(ix.position(ix.customer(at).id), Some(at));
        }
        assert_eq!(ix.position(CustomerId(999)), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    /// A mock book of `n` customers varied from the sample's shape (the synthetic
    /// generator needs the domain crate's `synth` feature, which the app never enables).
    pub(crate) fn mock_book(n: usize) -> Vec<BookCustomer> {
        let surnames = ["张", "李", "王", "刘", "陈", "杨", "赵", "黄"];
        (0..n)
            .map(|i| {
                let k = i as i64;
                let mut c = customer(
                    k + 1,
                    &format!("{}**", surnames[i % surnames.len()]),
                    &format!("13{}****{:04}", i % 10, (k * 7919) % 10_000),
                    (k * 104_729) % 9_000_000 + 1_000,
                );
                c.risk_level = RiskLevel::ALL.get(i % 6).copied();
                c.last_contact_on = Some(day(2026, 1 + (i % 11) as u32, 1 + (i % 27) as u32));
                if i % 13 == 0 {
                    c.holdings[0].matures_on = Some(day(2026, 12, 1 + (i % 20) as u32));
                }
                c
            })
            .collect()
    }

    /// Measures (prints, does not assert) filtering and sorting a 100,000-customer book.
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen_test]
    fn timing_of_filtering_a_hundred_thousand_customers() {
        let now = || web_sys::window().unwrap().performance().unwrap().now();
        let t0 = now();
        let ix = index(mock_book(100_000));
        let t1 = now();
        let order = ix.sorted(SortOrder::default());
        let t2 = now();
        let by_name = ix.view(&view(|f| f.query = "张".into()));
        let t3 = now();
        let by_tail = ix.filter(&order, "5678");
        let t4 = now();
        let combined = ix.filtered(
            &order,
            &CustomerFilter {
                tier: Some(Tier::Gold),
                overdue: true,
                risk: Some(RiskFilter::Level(RiskLevel::C3)),
                ..Default::default()
            },
        );
        let t5 = now();
        let by_churn = ix.sorted(SortOrder::default().toggled(SortKey::Churn));
        let t6 = now();
        wasm_bindgen_test::console_log!(
            "100k book: score {:.0} ms; sort by AUM {:.1} ms; search name {:.1} ms ({} rows, incl. sort); phone tail {:.1} ms ({} rows); tier+overdue+risk {:.1} ms ({} rows); sort by churn {:.1} ms ({} rows)",
            t1 - t0,
            t2 - t1,
            t3 - t2,
            by_name.len(),
            t4 - t3,
            by_tail.len(),
            t5 - t4,
            combined.len(),
            t6 - t5,
            by_churn.len()
        );
    }
}
