//! The browser's side: a compact book back to customers, column by column into records
//! made up front (so a malformed input is refused before anything is scored).

use super::history;
use super::predict::maturity;
use super::tags::Tagged;
use super::varint::Reader;
use super::{WireError, MAGIC, VERSION};
use crate::api::BookResponse;
use crate::columns::{epoch_day, from_epoch_day};
use crate::customer::{
    AttributeRating, BookCustomer, Channel, ComplaintSeverity, ComplaintStatus, ComplaintSummary,
    Gender, Holding, MonthlyHistory, ProductFamily, ServiceAttribute, Survey,
};
use crate::risk::ProductRisk;
use crate::{BranchId, CustomerId, HouseholdId, Money, ProductId, UserId};
use chrono::NaiveDate;

impl Reader<'_> {
    fn tagged<T: Tagged>(&mut self) -> Result<T, WireError> {
        let t = self.tag(T::LIMIT)?;
        T::from_tag(t).ok_or(WireError::Tag {
            column: self.column,
            value: t,
        })
    }

    /// `n` ids written as deltas from the previous one.
    fn deltas(&mut self, n: usize) -> Result<Vec<i64>, WireError> {
        let mut prev = 0i64;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            prev = prev.wrapping_add(self.i()?);
            out.push(prev);
        }
        Ok(out)
    }

    fn strings(&mut self, n: usize) -> Result<Vec<String>, WireError> {
        match self.tag(2)? {
            0 => (0..n).map(|_| self.str()).collect(),
            _ => {
                let len = self.count(1)?;
                let entries = (0..len)
                    .map(|_| self.str())
                    .collect::<Result<Vec<_>, _>>()?;
                (0..n)
                    .map(|_| self.index(entries.len()).map(|i| entries[i].clone()))
                    .collect()
            }
        }
    }

    /// A masked text column (see `encode::masked`): the patterns, then every tail's
    /// length, then the tails.
    fn masked(&mut self, n: usize) -> Result<Vec<String>, WireError> {
        let mut out = self.strings(n)?;
        let lengths = (0..n)
            .map(|_| self.count(1))
            .collect::<Result<Vec<_>, _>>()?;
        for (s, len) in out.iter_mut().zip(lengths) {
            let tail = self.take(len)?;
            s.push_str(std::str::from_utf8(tail).map_err(|_| WireError::Utf8 {
                column: self.column,
            })?);
        }
        Ok(out)
    }

    /// A count per customer whose total (each thing at least `min_bytes` long) must fit
    /// in what is left: the counts and their total.
    fn counts(&mut self, n: usize, min_bytes: usize) -> Result<(Vec<usize>, usize), WireError> {
        let counts = (0..n)
            .map(|_| self.count(min_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        let total = counts.iter().fold(0usize, |t, &k| t.saturating_add(k));
        if total.saturating_mul(min_bytes) > self.remaining() {
            return Err(WireError::Count {
                column: self.column,
                count: total as u64,
            });
        }
        Ok((counts, total))
    }

    fn bits(&mut self, n: usize) -> Result<Vec<bool>, WireError> {
        let bytes = self.take(n.div_ceil(8))?;
        Ok((0..n).map(|i| bytes[i / 8] & (1 << (i % 8)) != 0).collect())
    }
}

/// A record to fill column by column.
fn blank(day: NaiveDate) -> BookCustomer {
    BookCustomer {
        id: CustomerId(0),
        rm_id: UserId(0),
        branch_id: BranchId(0),
        name: String::new(),
        phone: String::new(),
        id_number: String::new(),
        gender: Gender::Unspecified,
        birth_date: day,
        risk_level: None,
        risk_assessed_on: None,
        lowest_risk_subcategory: false,
        kyc_reviewed_on: day,
        since: day,
        household_id: None,
        preferred_channel: Channel::Branch,
        stated_needs: vec![],
        holdings: vec![],
        history: MonthlyHistory {
            first_month: day,
            transactions: vec![],
            logins: vec![],
            inflow: vec![],
            outflow: vec![],
            aum_end: vec![],
            margin: vec![],
        },
        last_contact_on: None,
        next_contact_on: None,
        surveys: vec![],
        complaints: vec![],
        version: 0,
    }
}

/// The book in `bytes` (what [`super::encode`] wrote), or what is wrong with it.
pub fn decode(bytes: &[u8]) -> Result<BookResponse, WireError> {
    let mut decoder = Decoder::new(bytes)?;
    while !decoder.step()? {}
    decoder.finish()
}

/// Where a [`Decoder`] is: the next part of the book to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Ids, RM, branch and the three masked texts.
    Who,
    /// Gender to stated needs.
    Profile,
    Holdings,
    /// The history's transactions and logins.
    Counts,
    /// The history's month-end AUM and inflow.
    AumInflow,
    /// The history's outflow and margin.
    OutflowMargin,
    /// Contacts, surveys, complaints and versions, then the end of the input.
    Rest,
    Done,
}

/// [`decode`] one part of the book at a time, so a caller (the browser) can give the
/// main thread back between parts (ARCHITECTURE.md, "The first seconds of home"). The
/// parts are [`decode`]'s own code in its order: the same book, or the same error, however
/// the calls are spread out.
pub struct Decoder<'a> {
    r: Reader<'a>,
    next: Part,
    base: i32,
    as_of: NaiveDate,
    first_month: NaiveDate,
    months: usize,
    n: usize,
    rms: Vec<i64>,
    branches: Vec<i64>,
    products: Vec<(ProductId, ProductFamily, ProductRisk)>,
    out: Vec<BookCustomer>,
}

impl<'a> Decoder<'a> {
    /// Reads the header and the dictionaries.
    pub fn new(bytes: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(bytes);
        if r.take(4).ok() != Some(&MAGIC[..]) {
            return Err(WireError::Magic);
        }
        let version = r.byte()?;
        if version != VERSION {
            return Err(WireError::Version(version));
        }
        r.column = "as_of";
        let base = i32::try_from(r.i()?).map_err(|_| WireError::Day { column: "as_of" })?;
        let as_of = from_epoch_day(base).ok_or(WireError::Day { column: "as_of" })?;
        r.column = "first_month";
        let first_month = r.day(base)?;
        r.column = "months";
        let months =
            usize::try_from(r.u()?).map_err(|_| WireError::Overflow { column: "months" })?;
        r.column = "customers";
        let n = r.count(1)?;
        if n.checked_mul(months)
            .is_none_or(|cells| cells > r.remaining())
        {
            return Err(WireError::Count {
                column: "history",
                count: months as u64,
            });
        }

        r.column = "rm dictionary";
        let rm_len = r.count(1)?;
        let rms = r.deltas(rm_len)?;
        r.column = "branch dictionary";
        let branch_len = r.count(1)?;
        let branches = r.deltas(branch_len)?;
        r.column = "product dictionary";
        let product_len = r.count(3)?;
        let mut products = Vec::with_capacity(product_len);
        for _ in 0..product_len {
            let id = ProductId(r.i()?);
            let family: ProductFamily = r.tagged()?;
            let risk: ProductRisk = r.tagged()?;
            products.push((id, family, risk));
        }

        Ok(Decoder {
            r,
            next: Part::Who,
            base,
            as_of,
            first_month,
            months,
            n,
            rms,
            branches,
            products,
            out: Vec::new(),
        })
    }

    /// Reads the next part; `Ok(true)` once the whole input is read (then [`Self::finish`]).
    pub fn step(&mut self) -> Result<bool, WireError> {
        match self.next {
            Part::Who => self.who()?,
            Part::Profile => self.profile()?,
            Part::Holdings => self.holdings()?,
            Part::Counts => {
                for c in &mut self.out {
                    c.history.first_month = self.first_month;
                }
                history::read_counts_columns(&mut self.r, &mut self.out, self.months)?;
            }
            Part::AumInflow => history::read_aum_inflow(&mut self.r, &mut self.out, self.months)?,
            Part::OutflowMargin => {
                history::read_outflow_margin(&mut self.r, &mut self.out, self.months)?
            }
            Part::Rest => self.rest()?,
            Part::Done => return Ok(true),
        }
        self.next = match self.next {
            Part::Who => Part::Profile,
            Part::Profile => Part::Holdings,
            Part::Holdings => Part::Counts,
            Part::Counts => Part::AumInflow,
            Part::AumInflow => Part::OutflowMargin,
            Part::OutflowMargin => Part::Rest,
            Part::Rest | Part::Done => Part::Done,
        };
        Ok(self.next == Part::Done)
    }

    /// The book, once [`Self::step`] has answered `Ok(true)`.
    pub fn finish(self) -> Result<BookResponse, WireError> {
        if self.next != Part::Done {
            return Err(WireError::Truncated { column: "parts" });
        }
        Ok(BookResponse {
            as_of: self.as_of,
            customers: self.out,
        })
    }

    /// Ids, RM, branch, name, phone and id number.
    fn who(&mut self) -> Result<(), WireError> {
        self.out = (0..self.n).map(|_| blank(self.as_of)).collect();
        let (r, out, n) = (&mut self.r, &mut self.out, self.n);
        let (rms, branches) = (&self.rms, &self.branches);
        r.column = "id";
        for (c, id) in out.iter_mut().zip(r.deltas(n)?) {
            c.id = CustomerId(id);
        }
        r.column = "rm_id";
        for c in out.iter_mut() {
            c.rm_id = UserId(rms[r.index(rms.len())?]);
        }
        r.column = "branch_id";
        for c in out.iter_mut() {
            c.branch_id = BranchId(branches[r.index(branches.len())?]);
        }
        r.column = "name";
        for (c, s) in out.iter_mut().zip(r.masked(n)?) {
            c.name = s;
        }
        r.column = "phone";
        for (c, s) in out.iter_mut().zip(r.masked(n)?) {
            c.phone = s;
        }
        r.column = "id_number";
        for (c, s) in out.iter_mut().zip(r.masked(n)?) {
            c.id_number = s;
        }
        Ok(())
    }

    /// Gender to stated needs.
    fn profile(&mut self) -> Result<(), WireError> {
        let (r, out, n, base) = (&mut self.r, &mut self.out, self.n, self.base);
        r.column = "gender";
        for c in out.iter_mut() {
            c.gender = r.tagged()?;
        }
        r.column = "birth_date";
        for c in out.iter_mut() {
            c.birth_date = r.day(base)?;
        }
        r.column = "risk_level";
        for c in out.iter_mut() {
            c.risk_level = match r.tag(6)? {
                0 => None,
                t => Tagged::from_tag(t - 1),
            };
        }
        r.column = "risk_assessed_on";
        for c in out.iter_mut() {
            c.risk_assessed_on = r.opt_day(base)?;
        }
        r.column = "lowest_risk_subcategory";
        for (c, b) in out.iter_mut().zip(r.bits(n)?) {
            c.lowest_risk_subcategory = b;
        }
        r.column = "kyc_reviewed_on";
        for c in out.iter_mut() {
            c.kyc_reviewed_on = r.day(base)?;
        }
        r.column = "since";
        for c in out.iter_mut() {
            c.since = r.day(base)?;
        }
        r.column = "household_id";
        let present = r.bits(n)?;
        for (c, p) in out.iter_mut().zip(present) {
            if p {
                c.household_id = Some(HouseholdId(r.i()?));
            }
        }
        r.column = "preferred_channel";
        for c in out.iter_mut() {
            c.preferred_channel = r.tagged()?;
        }
        r.column = "stated_needs";
        for c in out.iter_mut() {
            let k = r.count(1)?;
            c.stated_needs = (0..k).map(|_| r.tagged()).collect::<Result<_, _>>()?;
        }

        Ok(())
    }

    /// The holdings' columns.
    fn holdings(&mut self) -> Result<(), WireError> {
        let (r, out, n, as_of) = (&mut self.r, &mut self.out, self.n, self.as_of);
        let (base, products) = (self.base, &self.products);
        r.column = "holdings.count";
        let mut held = 0usize;
        let mut counts = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.count(1)?;
            held = held.saturating_add(k);
            counts.push(k);
        }
        // Each holding takes at least four bytes (product, balance, two days).
        if held.saturating_mul(4) > r.remaining() {
            return Err(WireError::Count {
                column: "holdings.count",
                count: held as u64,
            });
        }
        r.column = "holdings.product";
        for (c, &k) in out.iter_mut().zip(&counts) {
            c.holdings.reserve_exact(k);
            for _ in 0..k {
                let (product_id, family, risk) = products[r.index(products.len())?];
                c.holdings.push(Holding {
                    product_id,
                    family,
                    risk,
                    balance: Money::ZERO,
                    opened_on: as_of,
                    matures_on: None,
                });
            }
        }
        r.column = "holdings.balance";
        for h in out.iter_mut().flat_map(|c| &mut c.holdings) {
            h.balance = Money::from_fen(r.fen()?);
        }
        r.column = "holdings.opened_on";
        for h in out.iter_mut().flat_map(|c| &mut c.holdings) {
            h.opened_on = r.day(base)?;
        }
        r.column = "holdings.matures_on";
        for h in out.iter_mut().flat_map(|c| &mut c.holdings) {
            h.matures_on = match r.u()? {
                0 => None,
                1 => Some(r.day(epoch_day(h.opened_on))?),
                v => {
                    let months = u32::try_from(v - 2)
                        .map_err(|_| WireError::Overflow { column: r.column })?;
                    let days = r.u()?;
                    let day = maturity(h.opened_on, months, days);
                    Some(day.ok_or(WireError::Day { column: r.column })?)
                }
            };
        }
        Ok(())
    }

    /// Contacts, surveys, complaints and versions, then the end of the input.
    fn rest(&mut self) -> Result<(), WireError> {
        let (r, out, n, base) = (&mut self.r, &mut self.out, self.n, self.base);
        r.column = "last_contact_on";
        for c in out.iter_mut() {
            c.last_contact_on = r.opt_day(base)?;
        }
        r.column = "next_contact_on";
        for c in out.iter_mut() {
            c.next_contact_on = r.opt_day(base)?;
        }
        r.column = "surveys";
        // Each survey at least 4 bytes: day, recommend, overall, ratings count.
        let (per_customer, total) = r.counts(n, 4)?;
        let answered_on = (0..total)
            .map(|_| r.day(base))
            .collect::<Result<Vec<_>, _>>()?;
        let recommend = r.take(total)?;
        let overall = r.take(total)?;
        r.column = "surveys.ratings";
        let (per_survey, rated) = r.counts(total, 3)?;
        let attributes = (0..rated)
            .map(|_| r.tagged())
            .collect::<Result<Vec<ServiceAttribute>, _>>()?;
        let satisfaction = r.take(rated)?;
        let importance = r.take(rated)?;
        let mut ratings = attributes
            .into_iter()
            .zip(satisfaction.iter().zip(importance))
            .map(
                |(attribute, (&satisfaction, &importance))| AttributeRating {
                    attribute,
                    satisfaction,
                    importance,
                },
            );
        let mut surveys = answered_on
            .into_iter()
            .zip(recommend.iter().zip(overall))
            .zip(per_survey)
            .map(|((answered_on, (&recommend, &overall)), k)| Survey {
                answered_on,
                recommend,
                overall,
                ratings: ratings.by_ref().take(k).collect(),
            });
        for (c, k) in out.iter_mut().zip(per_customer) {
            c.surveys = surveys.by_ref().take(k).collect();
        }
        r.column = "complaints";
        // Each complaint 3 bytes or more: day, severity, status.
        let (per_customer, total) = r.counts(n, 3)?;
        let received_on = (0..total)
            .map(|_| r.day(base))
            .collect::<Result<Vec<_>, _>>()?;
        let severity = (0..total)
            .map(|_| r.tagged())
            .collect::<Result<Vec<ComplaintSeverity>, _>>()?;
        let status = (0..total)
            .map(|_| r.tagged())
            .collect::<Result<Vec<ComplaintStatus>, _>>()?;
        let mut complaints = received_on
            .into_iter()
            .zip(severity.into_iter().zip(status))
            .map(|(received_on, (severity, status))| ComplaintSummary {
                received_on,
                severity,
                status,
            });
        for (c, k) in out.iter_mut().zip(per_customer) {
            c.complaints = complaints.by_ref().take(k).collect();
        }
        r.column = "version";
        for c in out.iter_mut() {
            c.version = r.i()?;
        }
        r.finish()?;
        Ok(())
    }
}
