//! A scope's dashboard figures (docs/rules.md, Big scopes): the book summary, the change
//! since last month, the satisfaction answers' distributions and every RM's book side
//! by side. The browser computes them over the book it scored; the server computes the
//! same over a scope too big to download, folding it batch by batch with [`ScopeFold`]
//! (a first pass for the peer rates, a second to score and count). Either way it is
//! the same code: the app's home, satisfaction and branch screens call the folds here.

use crate::book::{add_peer, BookSummary, SummaryFold};
use crate::customer::{BookCustomer, ComplaintStatus, Product, UserId};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::recommend::PeerRates;
use crate::satisfaction::SatisfactionTally;
use crate::scorer::Scorer;
use crate::scores::CustomerScores;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The book now and at the end of last month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthChange {
    pub customers_now: u32,
    pub customers_before: u32,
    pub aum_now: Money,
    pub aum_before: Money,
}

impl MonthChange {
    pub fn customers_delta(&self) -> i64 {
        i64::from(self.customers_now) - i64::from(self.customers_before)
    }

    pub fn aum_delta(&self) -> Money {
        self.aum_now - self.aum_before
    }

    /// Count one customer (AUM now as scored): last month's AUM from the customer's
    /// month-end history; last month's customers are those whose relationship began
    /// before this month.
    pub fn add(&mut self, c: &BookCustomer, aum_now: Money, today: NaiveDate) {
        let this_month = today.with_day(1).unwrap_or(today);
        self.customers_now += 1;
        self.aum_now += aum_now;
        if c.since < this_month {
            self.customers_before += 1;
        }
        let h = &c.history;
        let at = months_between(h.first_month, today) - 1;
        if let Some(aum) = usize::try_from(at).ok().and_then(|i| h.aum_end.get(i)) {
            self.aum_before += *aum;
        }
    }
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month0())
        - i64::from(from.month0())
}

/// Whether a survey answered `on` falls in the trend window `first..=today`.
fn in_window(on: NaiveDate, first: NaiveDate, today: NaiveDate) -> bool {
    on >= first && on <= today
}

/// How many answers gave each score: recommend 0–10 and overall 1–5 (index 0 is 1),
/// over the surveys in the policy's trend window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distributions {
    pub recommend: [u32; 11],
    pub overall: [u32; 5],
}

impl Distributions {
    /// Count a customer's surveys answered from `first` (the trend window's first month)
    /// to `today`.
    pub fn add(&mut self, c: &BookCustomer, first: NaiveDate, today: NaiveDate) {
        for s in &c.surveys {
            if !in_window(s.answered_on, first, today) {
                continue;
            }
            if let Some(slot) = self.recommend.get_mut(usize::from(s.recommend)) {
                *slot += 1;
            }
            if (1..=5).contains(&s.overall) {
                self.overall[usize::from(s.overall - 1)] += 1;
            }
        }
    }
}

/// One RM's book in the branch view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RmBook {
    pub rm: UserId,
    pub customers: u32,
    pub aum: Money,
    pub satisfaction: SatisfactionTally,
    pub overdue: u32,
    pub open_complaints: u32,
}

impl RmBook {
    pub fn empty(rm: UserId) -> RmBook {
        RmBook {
            rm,
            customers: 0,
            aum: Money::ZERO,
            satisfaction: SatisfactionTally::default(),
            overdue: 0,
            open_complaints: 0,
        }
    }
}

/// Every RM's book, folded one scored customer at a time.
#[derive(Clone, Debug, Default)]
pub struct RmBooks {
    by_rm: BTreeMap<UserId, RmBook>,
}

impl RmBooks {
    /// Count a customer (`c` scored as `sc`) in their RM's book; surveys from `first`
    /// (the trend window's first month) to `today` count for satisfaction.
    pub fn add(
        &mut self,
        c: &BookCustomer,
        sc: &CustomerScores,
        policy: &ScoringPolicy,
        first: NaiveDate,
        today: NaiveDate,
    ) {
        let b = self
            .by_rm
            .entry(c.rm_id)
            .or_insert_with(|| RmBook::empty(c.rm_id));
        b.customers += 1;
        b.aum += sc.aum;
        b.overdue += u32::from(sc.contact.is_overdue());
        b.open_complaints += c
            .complaints
            .iter()
            .filter(|k| k.status != ComplaintStatus::Closed)
            .count() as u32;
        for survey in &c.surveys {
            if in_window(survey.answered_on, first, today) {
                b.satisfaction.add(survey, &policy.satisfaction);
            }
        }
    }

    /// Every RM's book by RM id, and the total of them all (RM id 0).
    pub fn finish(self) -> (Vec<RmBook>, RmBook) {
        let rms: Vec<RmBook> = self.by_rm.into_values().collect();
        let mut total = RmBook::empty(UserId(0));
        for b in &rms {
            total.customers += b.customers;
            total.aum += b.aum;
            total.overdue += b.overdue;
            total.open_complaints += b.open_complaints;
            total.satisfaction.merge(&b.satisfaction);
        }
        (rms, total)
    }
}

/// Everything the dashboard screens show of a scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeFigures {
    /// The book's summary; `care_today` holds only the soonest items when the fold was
    /// asked to keep a few ([`ScopeFold::keeping_care`]).
    pub summary: BookSummary,
    pub month_change: MonthChange,
    pub distributions: Distributions,
    /// Every RM's book by RM id.
    pub rm_books: Vec<RmBook>,
    /// The RMs' books added up.
    pub rm_total: RmBook,
}

/// A scope's figures, folded over customers in book order (by id): first every customer
/// through [`ScopeFold::add_peer`] (the peer rates need the whole scope before anyone
/// is scored), then every customer again through [`ScopeFold::add`].
#[derive(Clone, Debug)]
pub struct ScopeFold<'p> {
    policy: &'p ScoringPolicy,
    shelf: &'p [Product],
    /// The day's windows, the shelf and the peer rates worked out once for the whole
    /// scope: made on the first [`ScopeFold::add`], when the peer rates are complete.
    scorer: Option<Scorer<'p>>,
    today: NaiveDate,
    peers: PeerRates,
    summary: SummaryFold<'p>,
    month_change: MonthChange,
    distributions: Distributions,
    rm_books: RmBooks,
}

impl<'p> ScopeFold<'p> {
    pub fn new(policy: &'p ScoringPolicy, shelf: &'p [Product], today: NaiveDate) -> Self {
        ScopeFold {
            policy,
            shelf,
            scorer: None,
            today,
            peers: PeerRates::default(),
            summary: SummaryFold::new(policy, today),
            month_change: MonthChange::default(),
            distributions: Distributions::default(),
            rm_books: RmBooks::default(),
        }
    }

    /// Keep only the soonest `n` care items.
    pub fn keeping_care(mut self, n: usize) -> Self {
        self.summary = self.summary.keeping_care(n);
        self
    }

    /// First pass: count a customer in the peer rates.
    pub fn add_peer(&mut self, c: &BookCustomer) {
        add_peer(&mut self.peers, c, self.policy);
        // Peer rates that change after scoring began are the ones scored against next.
        self.scorer = None;
    }

    /// The peer rates counted so far.
    pub fn peers(&self) -> &PeerRates {
        &self.peers
    }

    /// Second pass: score the next customer against the peer rates and count them.
    pub fn add(&mut self, c: &BookCustomer) {
        let (policy, shelf, today) = (self.policy, self.shelf, self.today);
        let peers = &self.peers;
        let sc = self
            .scorer
            .get_or_insert_with(|| Scorer::new(policy, shelf, peers, today))
            .score(c);
        self.add_scored(c, &sc);
    }

    /// Count the next customer already scored (as `score_book` scores a book).
    pub fn add_scored(&mut self, c: &BookCustomer, sc: &CustomerScores) {
        let first = self.summary.trend_first_month();
        self.summary.add(c, sc);
        self.month_change.add(c, sc.aum, self.today);
        self.distributions.add(c, first, self.today);
        self.rm_books.add(c, sc, self.policy, first, self.today);
    }

    pub fn finish(self) -> ScopeFigures {
        let (rm_books, rm_total) = self.rm_books.finish();
        ScopeFigures {
            summary: self.summary.finish(),
            month_change: self.month_change,
            distributions: self.distributions,
            rm_books,
            rm_total,
        }
    }
}

/// The figures of a book held whole (what the browser shows for a book it scored):
/// the same fold over `customers` scored as `scores`.
pub fn book_figures(
    customers: &[BookCustomer],
    scores: &[CustomerScores],
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> ScopeFigures {
    let mut fold = ScopeFold::new(policy, &[], today);
    for (c, sc) in customers.iter().zip(scores) {
        fold.add_scored(c, sc);
    }
    fold.finish()
}

/// How big the caller's scope is, and so where its figures come from
/// (`GET /api/scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeSize {
    pub customers: u64,
    /// The policy's `scale.browser_book_max_customers`.
    pub browser_book_max_customers: u32,
    /// Above the limit: the figures come from `GET /api/scope/figures`, lists are paged,
    /// and the whole book is not downloaded.
    pub server_figures: bool,
}

/// A customer the figures name (retention list, care), masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCustomer {
    pub id: crate::customer::CustomerId,
    pub name: String,
}

/// A scope's figures computed by the server (`GET /api/scope/figures`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeFiguresAnswer {
    pub figures: ScopeFigures,
    /// The masked names of the customers on the retention and care lists.
    pub names: Vec<NamedCustomer>,
    /// Whether the figures were read from the shared cache rather than computed now.
    pub cached: bool,
    /// The SHA-256 of the policy document they were computed with.
    pub policy_version: String,
    /// The scope's data version they were computed from.
    pub data_version: String,
    /// True when they were computed from an older state of the scope (before a write,
    /// for an earlier business date or under an earlier policy) and newer ones are being
    /// computed: shown as "figures as of HH:MM, being updated" (docs/rules.md, Big
    /// scopes). `policy_version` and `data_version` are then those they were computed
    /// from, not the current ones.
    #[serde(default)]
    pub stale: bool,
    /// When they were computed and stored (Unix milliseconds).
    #[serde(default)]
    pub computed_at: i64,
    /// The business date they were computed for.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::score_book;
    use crate::testkit::today;

    /// Folding a book in batches, twice over (peers, then scores), gives exactly the
    /// figures of the book scored whole, whatever the batch size.
    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_book_folded_in_batches_has_the_figures_of_the_book_scored_whole() {
        let b = crate::synth::generate_book(700, 5, today());
        let mut policy = ScoringPolicy::default();
        policy.retention.list_size = 7;
        let whole = score_book(&b.customers, &policy, &b.shelf, today());
        let expected = book_figures(&b.customers, &whole.customers, &policy, today());
        assert_eq!(expected.summary, whole.summary);
        for batch in [1, 13, 256, 5000] {
            let mut fold = ScopeFold::new(&policy, &b.shelf, today());
            for chunk in b.customers.chunks(batch) {
                chunk.iter().for_each(|c| fold.add_peer(c));
            }
            assert_eq!(fold.peers(), &whole.peers);
            for chunk in b.customers.chunks(batch) {
                chunk.iter().for_each(|c| fold.add(c));
            }
            assert_eq!(fold.finish(), expected, "batches of {batch}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_fold_keeping_a_few_care_items_keeps_the_soonest_of_the_whole_list() {
        let b = crate::synth::generate_book(400, 9, today());
        let policy = ScoringPolicy::default();
        let whole = score_book(&b.customers, &policy, &b.shelf, today());
        assert!(whole.summary.care_today.len() > 30, "enough care to cut");
        let mut fold = ScopeFold::new(&policy, &b.shelf, today()).keeping_care(10);
        b.customers.iter().for_each(|c| fold.add_peer(c));
        b.customers.iter().for_each(|c| fold.add(c));
        let kept = fold.finish().summary;
        assert_eq!(kept.care_today, whole.summary.care_today[..10].to_vec());
        // The counts are of the whole list, whatever is kept.
        assert_eq!(kept.care_counts, whole.summary.care_counts);
        let mut counted = crate::book::CareCounts::default();
        whole
            .summary
            .care_today
            .iter()
            .for_each(|e| counted.add(&e.item));
        assert_eq!(whole.summary.care_counts, counted);
        assert_eq!(
            whole.summary.care_counts.contacts_overdue,
            whole.summary.overdue_contacts
        );
        assert!(
            counted.birthdays > 0 && counted.maturities > 0,
            "{counted:?}"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_rm_gets_their_own_totals_and_the_branch_adds_them_up() {
        let b = crate::synth::generate_book(90, 3, today());
        let policy = ScoringPolicy::default();
        let whole = score_book(&b.customers, &policy, &b.shelf, today());
        let f = book_figures(&b.customers, &whole.customers, &policy, today());
        assert_eq!(f.rm_total.customers, 90);
        assert_eq!(f.rm_total.aum, whole.summary.aum);
        assert_eq!(
            f.rm_books.iter().map(|r| r.customers).sum::<u32>(),
            90,
            "every customer in one RM's book"
        );
        assert!(f.rm_books.windows(2).all(|w| w[0].rm < w[1].rm));
    }
}
