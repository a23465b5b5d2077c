//! A book laid out for scoring (issue 16, "Scoring speed"): [`ScoringInput`], built once
//! from `&[BookCustomer]`, holds what the rules read of each customer in a row of hot
//! fields (dates, the questionnaire, the holdings' sums, where the customer's lists
//! start) and every list of the book in one flat vector (holdings, the six history
//! columns, complaints, surveys), customer after customer. Scoring reads it front to
//! back: no record of 400 bytes and ten heap blocks per customer to fetch, the sums over
//! the holdings done once (they depend on neither the day nor the policy, so a what-if
//! rescoring keeps the columns). [`score_input`] gives exactly [`crate::score_book`]'s
//! result (property tests in `properties.rs`).

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
mod view;

pub(crate) use view::{CustomerInput, HistoryView, HoldingSums, LatestSurvey};

use crate::book::{BookScores, BookSummary, SummaryFold};
use crate::customer::{BookCustomer, ComplaintSummary, CustomerId, Holding, Product, Survey};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::recommend::PeerRates;
use crate::risk::RiskLevel;
use crate::scorer::Scorer;
use crate::scores::CustomerScores;
use crate::sets::NeedSet;
use crate::tier::tier_for_aum;
use chrono::NaiveDate;

/// Where a customer's part of a book-wide list starts, and how long it is.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<T>(list: &[T], span: Span) -> &[T] {
        &list[span.start as usize..(span.start + span.len) as usize]
    }
}

/// A customer's hot fields: everything scoring reads that is not a list.
#[derive(Clone, Copy, Debug)]
struct Row {
    id: CustomerId,
    sums: HoldingSums,
    birth_date: NaiveDate,
    since: NaiveDate,
    risk_assessed_on: Option<NaiveDate>,
    last_contact_on: Option<NaiveDate>,
    next_contact_on: Option<NaiveDate>,
    first_month: NaiveDate,
    latest_survey: Option<LatestSurvey>,
    risk_level: Option<RiskLevel>,
    lowest_risk_subcategory: bool,
    stated_needs: NeedSet,
    holdings: Span,
    complaints: Span,
    surveys: Span,
    /// Where the customer's months start in every history column.
    history: u32,
    /// Each history column's length (the six are equal in any book the server sends;
    /// kept apart so a record whose columns differ scores as it would on its own).
    history_len: [u32; 6],
}

/// A book's customers as scoring reads them (see the module's documentation).
#[derive(Clone, Debug, Default)]
pub struct ScoringInput {
    rows: Vec<Row>,
    holdings: Vec<Holding>,
    complaints: Vec<ComplaintSummary>,
    surveys: Vec<Survey>,
    transactions: Vec<u32>,
    logins: Vec<u32>,
    inflow: Vec<Money>,
    outflow: Vec<Money>,
    aum_end: Vec<Money>,
    margin: Vec<Money>,
}

/// `v`'s items appended to `to`, and the span they take there.
fn append<T: Clone>(to: &mut Vec<T>, v: &[T]) -> Span {
    let start = u32::try_from(to.len()).expect("a book's list fits in u32 indexes");
    to.extend_from_slice(v);
    Span {
        start,
        len: v.len() as u32,
    }
}

impl ScoringInput {
    /// The columns of `customers`, in book order.
    pub fn new(customers: &[BookCustomer]) -> Self {
        let mut input = ScoringInput {
            rows: Vec::with_capacity(customers.len()),
            ..ScoringInput::default()
        };
        let held: usize = customers.iter().map(|c| c.holdings.len()).sum();
        let months: usize = customers.iter().map(history_width).sum();
        input.holdings.reserve_exact(held);
        for col in [&mut input.transactions, &mut input.logins] {
            col.reserve_exact(months);
        }
        for col in [
            &mut input.inflow,
            &mut input.outflow,
            &mut input.aum_end,
            &mut input.margin,
        ] {
            col.reserve_exact(months);
        }
        for c in customers {
            input.push(c);
        }
        input
    }

    fn push(&mut self, c: &BookCustomer) {
        let h = &c.history;
        let width = history_width(c);
        let history = u32::try_from(self.transactions.len()).expect("fits in u32 indexes");
        // Each column padded to the widest, so one start serves all six.
        fn padded<T: Copy + Default>(to: &mut Vec<T>, v: &[T], width: usize) {
            to.extend_from_slice(v);
            to.resize(to.len() + width - v.len(), T::default());
        }
        padded(&mut self.transactions, &h.transactions, width);
        padded(&mut self.logins, &h.logins, width);
        padded(&mut self.inflow, &h.inflow, width);
        padded(&mut self.outflow, &h.outflow, width);
        padded(&mut self.aum_end, &h.aum_end, width);
        padded(&mut self.margin, &h.margin, width);
        let row = Row {
            id: c.id,
            sums: HoldingSums::of(&c.holdings),
            birth_date: c.birth_date,
            since: c.since,
            risk_assessed_on: c.risk_assessed_on,
            last_contact_on: c.last_contact_on,
            next_contact_on: c.next_contact_on,
            first_month: h.first_month,
            latest_survey: LatestSurvey::of(&c.surveys),
            risk_level: c.risk_level,
            lowest_risk_subcategory: c.lowest_risk_subcategory,
            stated_needs: c.stated_needs.iter().copied().collect(),
            holdings: append(&mut self.holdings, &c.holdings),
            complaints: append(&mut self.complaints, &c.complaints),
            surveys: append(&mut self.surveys, &c.surveys),
            history,
            history_len: [
                h.transactions.len(),
                h.logins.len(),
                h.inflow.len(),
                h.outflow.len(),
                h.aum_end.len(),
                h.margin.len(),
            ]
            .map(|n| n as u32),
        };
        self.rows.push(row);
    }

    /// How many customers.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The surveys of the customer at `i` (the summary's satisfaction counts them).
    pub fn surveys(&self, i: usize) -> &[Survey] {
        Span::of(&self.surveys, self.rows[i].surveys)
    }

    /// What the rules read of the customer at `i`.
    pub(crate) fn customer(&self, i: usize) -> CustomerInput<'_> {
        let r = &self.rows[i];
        let col = |len: u32| r.history as usize..(r.history + len) as usize;
        let [t, l, i_, o, a, m] = r.history_len;
        CustomerInput {
            id: r.id,
            birth_date: r.birth_date,
            risk_level: r.risk_level,
            risk_assessed_on: r.risk_assessed_on,
            lowest_risk_subcategory: r.lowest_risk_subcategory,
            since: r.since,
            last_contact_on: r.last_contact_on,
            next_contact_on: r.next_contact_on,
            stated_needs: r.stated_needs,
            latest_survey: r.latest_survey,
            sums: r.sums,
            holdings: Span::of(&self.holdings, r.holdings),
            complaints: Span::of(&self.complaints, r.complaints),
            history: HistoryView {
                first_month: r.first_month,
                transactions: &self.transactions[col(t)],
                logins: &self.logins[col(l)],
                inflow: &self.inflow[col(i_)],
                outflow: &self.outflow[col(o)],
                aum_end: &self.aum_end[col(a)],
                margin: &self.margin[col(m)],
            },
        }
    }

    /// The book's peer rates (the first pass of scoring): the rows alone, no list.
    pub fn peers(&self, policy: &ScoringPolicy) -> PeerRates {
        let mut peers = PeerRates::default();
        for r in &self.rows {
            peers.add(tier_for_aum(r.sums.aum, &policy.tiers), r.sums.families);
        }
        peers
    }

    /// Score the customers from `range` (in book order) into `scores` and `fold`, with
    /// `scorer` (made for this book's peer rates): a part of [`score_input`], for a
    /// caller that scores a book in slices.
    pub fn score_range(
        &self,
        range: std::ops::Range<usize>,
        scorer: &Scorer<'_>,
        fold: &mut SummaryFold<'_>,
        scores: &mut Vec<CustomerScores>,
    ) {
        for i in range {
            scores.push(crate::scores::score_with(scorer, &self.customer(i)));
            if let Some(sc) = scores.last() {
                fold.add_surveyed(self.surveys(i), sc);
            }
        }
    }
}

/// The widest of a customer's six history columns.
fn history_width(c: &BookCustomer) -> usize {
    let h = &c.history;
    [
        h.transactions.len(),
        h.logins.len(),
        h.inflow.len(),
        h.outflow.len(),
        h.aum_end.len(),
        h.margin.len(),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

/// [`crate::score_book`] over a book's columns: the same result, customer for customer.
pub fn score_input(
    input: &ScoringInput,
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) -> BookScores {
    let mut scores = Vec::new();
    let (peers, summary) = score_into(input, policy, shelf, today, &mut scores);
    BookScores {
        peers,
        customers: scores,
        summary,
    }
}

/// [`score_input`] into an earlier result, reusing its list of scores (a what-if, a new
/// day: the columns and the list both survive): see [`crate::book::rescore_book`].
pub fn rescore_input(
    previous: &mut BookScores,
    input: &ScoringInput,
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) {
    let (peers, summary) = score_into(input, policy, shelf, today, &mut previous.customers);
    previous.peers = peers;
    previous.summary = summary;
}

fn score_into(
    input: &ScoringInput,
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
    scores: &mut Vec<CustomerScores>,
) -> (PeerRates, BookSummary) {
    let peers = input.peers(policy);
    let scorer = Scorer::new(policy, shelf, &peers, today);
    let mut fold = SummaryFold::new(policy, today).expecting(input.len());
    scores.clear();
    scores.reserve_exact(input.len());
    input.score_range(0..input.len(), &scorer, &mut fold, scores);
    (peers, fold.finish())
}
