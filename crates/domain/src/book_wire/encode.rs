//! The server's side: customers to a compact book.

use super::predict::{split_mask, term};
use super::tags::Tagged;
use super::varint::Writer;
use super::{WireError, MAGIC, VERSION};
use crate::columns::epoch_day;
use crate::customer::{BookCustomer, ProductFamily};
use crate::risk::ProductRisk;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::Hash;

/// Values in order of first appearance, each with its index.
struct Dictionary<K> {
    entries: Vec<K>,
    index: HashMap<K, usize>,
}

impl<K: Copy + Eq + Hash> Dictionary<K> {
    fn of(values: impl Iterator<Item = K>) -> Self {
        let mut d = Dictionary {
            entries: vec![],
            index: HashMap::new(),
        };
        for v in values {
            d.index.entry(v).or_insert_with(|| {
                d.entries.push(v);
                d.entries.len() - 1
            });
        }
        d
    }

    fn at(&self, v: &K) -> u64 {
        // Every value was added when the dictionary was built from the same customers.
        self.index.get(v).map_or(0, |&i| i as u64)
    }
}

/// A string column: `0` and the strings, or `1`, a dictionary of the distinct strings
/// and an index per customer (when values repeat: at most half are distinct).
fn strings<'a>(w: &mut Writer, values: impl Iterator<Item = &'a str> + Clone, n: usize) {
    let dictionary = Dictionary::of(values.clone());
    if dictionary.entries.len() * 2 <= n {
        w.byte(1);
        w.len(dictionary.entries.len());
        for s in &dictionary.entries {
            w.str(s);
        }
        for s in values {
            w.u(dictionary.at(&s));
        }
    } else {
        w.byte(0);
        for s in values {
            w.str(s);
        }
    }
}

/// A masked text column (`138****5845`, `330106********9674`, `张*`): each value cut
/// after its last `*` into the mask's pattern (`138****`, few and repeated: a string
/// column, so usually a dictionary) and what it shows after it (`5845`): every length,
/// then every tail's bytes. A value without `*` is all tail.
fn masked<'a>(w: &mut Writer, values: impl Iterator<Item = &'a str> + Clone, n: usize) {
    strings(w, values.clone().map(|s| split_mask(s).0), n);
    for s in values.clone() {
        w.len(split_mask(s).1.len());
    }
    for s in values {
        w.out.extend_from_slice(split_mask(s).1.as_bytes());
    }
}

/// A bit per customer, low bit first.
fn bits(w: &mut Writer, flags: impl Iterator<Item = bool>, n: usize) {
    let mut bytes = vec![0u8; n.div_ceil(8)];
    for (i, f) in flags.enumerate() {
        if f {
            bytes[i / 8] |= 1 << (i % 8);
        }
    }
    w.out.extend_from_slice(&bytes);
}

/// The compact book of `customers` as of `as_of`. Like [`crate::columns::BookColumns`],
/// every history must have the same first month and length.
pub fn encode(as_of: NaiveDate, customers: &[BookCustomer]) -> Result<Vec<u8>, WireError> {
    written(as_of, customers).map(|w| w.out)
}

/// The compact book of `customers` cut into its sections (header, dictionaries, each
/// column), in order: what each part of the format costs (`examples/book_wire.rs
/// --sections`). The sections joined are [`encode`]'s bytes.
pub fn sections(
    as_of: NaiveDate,
    customers: &[BookCustomer],
) -> Result<Vec<(&'static str, Vec<u8>)>, WireError> {
    let w = written(as_of, customers)?;
    let mut ends: Vec<usize> = w.marks.iter().skip(1).map(|&(_, at)| at).collect();
    ends.push(w.out.len());
    Ok(w.marks
        .iter()
        .zip(ends)
        .map(|(&(name, start), end)| (name, w.out[start..end].to_vec()))
        .collect())
}

fn written(as_of: NaiveDate, customers: &[BookCustomer]) -> Result<Writer, WireError> {
    let (first_month, months) = customers
        .first()
        .map_or((as_of, 0), |c| (c.history.first_month, c.history.len()));
    for c in customers {
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
            return Err(WireError::UnevenHistory { customer: c.id.0 });
        }
    }
    let n = customers.len();
    let mut w = Writer {
        // About 110 bytes a customer before compression.
        out: Vec::with_capacity(64 + n * 128),
        marks: vec![],
    };
    w.mark("header");
    w.out.extend_from_slice(&MAGIC);
    w.byte(VERSION);
    let base = epoch_day(as_of);
    w.i(i64::from(base));
    w.day(base, first_month);
    w.len(months);
    w.len(n);

    w.mark("dictionaries");
    let rms = Dictionary::of(customers.iter().map(|c| c.rm_id.0));
    let branches = Dictionary::of(customers.iter().map(|c| c.branch_id.0));
    let products: Dictionary<(i64, ProductFamily, ProductRisk)> =
        Dictionary::of(customers.iter().flat_map(|c| {
            c.holdings
                .iter()
                .map(|h| (h.product_id.0, h.family, h.risk))
        }));
    for ids in [&rms.entries, &branches.entries] {
        w.len(ids.len());
        let mut prev = 0i64;
        for &id in ids {
            w.i(id.wrapping_sub(prev));
            prev = id;
        }
    }
    w.len(products.entries.len());
    for &(id, family, risk) in &products.entries {
        w.i(id);
        w.byte(family.tag());
        w.byte(risk.tag());
    }

    w.mark("id");
    let mut prev = 0i64;
    for c in customers {
        w.i(c.id.0.wrapping_sub(prev));
        prev = c.id.0;
    }
    w.mark("rm_id, branch_id");
    for c in customers {
        w.u(rms.at(&c.rm_id.0));
    }
    for c in customers {
        w.u(branches.at(&c.branch_id.0));
    }
    w.mark("name");
    masked(&mut w, customers.iter().map(|c| c.name.as_str()), n);
    w.mark("phone");
    masked(&mut w, customers.iter().map(|c| c.phone.as_str()), n);
    w.mark("id_number");
    masked(&mut w, customers.iter().map(|c| c.id_number.as_str()), n);
    w.mark("gender, birth_date, risk");
    for c in customers {
        w.byte(c.gender.tag());
    }
    for c in customers {
        w.day(base, c.birth_date);
    }
    for c in customers {
        w.byte(c.risk_level.map_or(0, |r| r.tag() + 1));
    }
    for c in customers {
        w.opt_day(base, c.risk_assessed_on);
    }
    bits(
        &mut w,
        customers.iter().map(|c| c.lowest_risk_subcategory),
        n,
    );
    w.mark("kyc_reviewed_on, since");
    for c in customers {
        w.day(base, c.kyc_reviewed_on);
    }
    for c in customers {
        w.day(base, c.since);
    }
    w.mark("household, channel, needs");
    bits(
        &mut w,
        customers.iter().map(|c| c.household_id.is_some()),
        n,
    );
    for h in customers.iter().filter_map(|c| c.household_id) {
        w.i(h.0);
    }
    for c in customers {
        w.byte(c.preferred_channel.tag());
    }
    for c in customers {
        w.len(c.stated_needs.len());
        for need in &c.stated_needs {
            w.byte(need.tag());
        }
    }

    w.mark("holdings.count");
    for c in customers {
        w.len(c.holdings.len());
    }
    let holdings = || customers.iter().flat_map(|c| &c.holdings);
    w.mark("holdings.product");
    for h in holdings() {
        w.u(products.at(&(h.product_id.0, h.family, h.risk)));
    }
    w.mark("holdings.balance");
    for h in holdings() {
        w.fen(h.balance.fen());
    }
    w.mark("holdings.opened_on");
    for h in holdings() {
        w.day(base, h.opened_on);
    }
    w.mark("holdings.matures_on");
    for h in holdings() {
        // 0 none; 1 and a day (from the opening) when it is no whole term; else 2 + the
        // months and the days of the term.
        match h.matures_on.map(|m| (m, term(h.opened_on, m))) {
            None => w.u(0),
            Some((_, Some((months, days)))) => {
                w.u(2 + u64::from(months));
                w.u(days);
            }
            Some((m, None)) => {
                w.u(1);
                w.day(epoch_day(h.opened_on), m);
            }
        }
    }

    super::history::write(&mut w, customers, months);

    w.mark("contacts");
    for c in customers {
        w.opt_day(base, c.last_contact_on);
    }
    for c in customers {
        w.opt_day(base, c.next_contact_on);
    }
    w.mark("surveys");
    for c in customers {
        w.len(c.surveys.len());
    }
    let surveys = || customers.iter().flat_map(|c| &c.surveys);
    for s in surveys() {
        w.day(base, s.answered_on);
    }
    for s in surveys() {
        w.byte(s.recommend);
    }
    for s in surveys() {
        w.byte(s.overall);
    }
    for s in surveys() {
        w.len(s.ratings.len());
    }
    let ratings = || surveys().flat_map(|s| &s.ratings);
    for r in ratings() {
        w.byte(r.attribute.tag());
    }
    for r in ratings() {
        w.byte(r.satisfaction);
    }
    for r in ratings() {
        w.byte(r.importance);
    }
    w.mark("complaints");
    for c in customers {
        w.len(c.complaints.len());
    }
    let complaints = || customers.iter().flat_map(|c| &c.complaints);
    for k in complaints() {
        w.day(base, k.received_on);
    }
    for k in complaints() {
        w.byte(k.severity.tag());
    }
    for k in complaints() {
        w.byte(k.status.tag());
    }
    w.mark("version");
    for c in customers {
        w.i(c.version);
    }
    Ok(w)
}
