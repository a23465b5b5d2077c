//! One truth per customer (issue 17): for every customer of a synthetic book, what the
//! customers list, the customer page and the home panels say — tier, churn band,
//! recommendations and care items — through the very functions each screen renders
//! from, and the what-if with no edit. Peers and care markers are in play, so a screen
//! that scored a customer on its own or filtered care its own way would disagree.

use super::care::care_items;
use super::whatif_model::apply_all;
use super::Loaded;
use crate::book_index::tests::mock_book;
use crate::book_index::BookIndex;
use crate::components::book_table::RowFigures;
use crate::components::panels::today::{care_groups, WorkKind};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use clientbook_domain::api::BookResponse;
use clientbook_domain::api::{CustomerDetail, CustomerProfile, IdType, IncomeBand};
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::recommend::RecommendationReason;
use clientbook_domain::service::{CareKind, CareMarker, CareMarkerState};
use clientbook_domain::{
    score_customer, BookCustomer, Holding, Money, Product, ProductFamily, ProductId, ProductRisk,
    ScoringPolicy, UserId,
};
use std::collections::BTreeSet;
use std::sync::Arc;
use wasm_bindgen_test::wasm_bindgen_test;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AS_OF: (i32, u32, u32) = (2026, 11, 23);

fn product(id: i64, family: ProductFamily, risk: ProductRisk) -> Product {
    Product {
        id: ProductId(id),
        code: format!("P{id}"),
        name_en: format!("Product {id}"),
        name_zh: format!("产品{id}"),
        family,
        risk,
        min_amount: Money::from_yuan(1_000),
        term_months: None,
        yield_bp: Some(300 + id as u32),
    }
}

fn shelf() -> Vec<Product> {
    vec![
        product(11, ProductFamily::TimeDeposit, ProductRisk::R1),
        product(12, ProductFamily::WealthManagement, ProductRisk::R2),
        product(13, ProductFamily::Fund, ProductRisk::R3),
        product(14, ProductFamily::Bond, ProductRisk::R2),
        product(15, ProductFamily::Insurance, ProductRisk::R1),
    ]
}

/// A book of varied customers: most hold a fund and insurance (so a customer without
/// them has a peer gap), some have a birthday or a maturity this week, some a questionnaire expired.
fn book() -> Vec<BookCustomer> {
    let mut cs = mock_book(160);
    for (i, c) in cs.iter_mut().enumerate() {
        if i % 5 != 0 {
            c.holdings.push(Holding {
                product_id: ProductId(13),
                family: ProductFamily::Fund,
                risk: ProductRisk::R3,
                balance: Money::from_yuan(20_000 + (i as i64) * 1_000),
                opened_on: day(2024, 3, 1),
                matures_on: None,
            });
            c.holdings.push(Holding {
                product_id: ProductId(15),
                family: ProductFamily::Insurance,
                risk: ProductRisk::R1,
                balance: Money::from_yuan(10_000),
                opened_on: day(2023, 5, 1),
                matures_on: None,
            });
        }
        if i % 7 == 0 {
            c.birth_date = day(1975, 11, 25 + (i % 4) as u32);
        }
        if i % 11 == 0 {
            c.holdings.push(Holding {
                product_id: ProductId(11),
                family: ProductFamily::TimeDeposit,
                risk: ProductRisk::R1,
                balance: Money::from_yuan(100_000),
                opened_on: day(2025, 11, 26),
                matures_on: Some(day(2026, 11, 26)),
            });
        }
        if i % 9 == 0 {
            c.risk_assessed_on = Some(day(2024, 6, 1));
        }
        if i % 17 == 0 {
            c.last_contact_on = None;
        }
    }
    cs
}

fn marker(
    customer: &BookCustomer,
    kind: CareKind,
    state: CareMarkerState,
    on: NaiveDate,
) -> CareMarker {
    CareMarker {
        id: customer.id.0,
        customer_id: customer.id,
        kind,
        state,
        on: day(AS_OF.0, AS_OF.1, 20),
        occasion_on: Some(on),
        until: (state == CareMarkerState::Snoozed).then(|| day(2026, 12, 30)),
        at: Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap(),
        by_id: UserId(1),
    }
}

/// The scored book as the app holds it: the RM's care markers hide one birthday (done)
/// and one maturity (snoozed).
fn scored() -> Arc<BookIndex> {
    let customers = book();
    let birthday = customers
        .iter()
        .find(|c| c.birth_date.year() == 1975)
        .unwrap();
    let maturing = customers
        .iter()
        .find(|c| {
            c.holdings
                .iter()
                .any(|h| h.matures_on == Some(day(2026, 11, 26)))
        })
        .unwrap();
    let next_birthday = day(2026, birthday.birth_date.month(), birthday.birth_date.day());
    let markers = vec![
        marker(
            birthday,
            CareKind::Birthday,
            CareMarkerState::Done,
            next_birthday,
        ),
        marker(
            maturing,
            CareKind::Maturity,
            CareMarkerState::Snoozed,
            day(2026, 11, 26),
        ),
    ];
    let book = BookResponse {
        as_of: day(AS_OF.0, AS_OF.1, AS_OF.2),
        customers,
    };
    Arc::new(
        BookIndex::score(
            Arc::new(book),
            Arc::new(shelf()),
            Arc::new(ScoringPolicy::default()),
        )
        .with_care_markers(Arc::new(markers)),
    )
}

/// The record the server sends for the customer page: the same customer with two years
/// of history and the rest of the record.
fn detail(c: &BookCustomer) -> CustomerDetail {
    CustomerDetail {
        customer: c.clone(),
        profile: CustomerProfile {
            id_type: IdType::ResidentIdCard,
            email: None,
            address: "上海市".into(),
            birth_date: "1970-**-**".into(),
            occupation: "Engineer".into(),
            employer: None,
            income_band: IncomeBand::Under100k,
            hobbies: vec![],
            household_role: None,
        },
        household: vec![],
        interactions: vec![],
        complaints: vec![],
        notes: vec![],
    }
}

type CareKey = (CareKind, Option<NaiveDate>);

/// Care items in a fixed order, to compare lists regardless of how each screen orders
/// them.
fn sorted(mut items: Vec<CareKey>) -> Vec<CareKey> {
    items.sort_by_key(|(kind, on)| (format!("{kind:?}"), *on));
    items
}

/// The page's record is the book's customer: the same in every field, its monthly
/// history ending with the book's (the page is sent more months, for its charts).
fn same_record(book: &BookCustomer, page: &BookCustomer) -> bool {
    let (b, p) = (&book.history, &page.history);
    let tail = b.transactions.is_empty()
        || (p.transactions.ends_with(&b.transactions)
            && p.logins.ends_with(&b.logins)
            && p.inflow.ends_with(&b.inflow)
            && p.outflow.ends_with(&b.outflow)
            && p.aum_end.ends_with(&b.aum_end)
            && p.margin.ends_with(&b.margin)
            && p.first_month
                .checked_add_months(chrono::Months::new((p.len() - b.len()) as u32))
                == Some(b.first_month));
    let mut rest = page.clone();
    rest.history = book.history.clone();
    tail && rest == *book
}

/// What the screens say about a customer where they disagree: one sentence per
/// disagreement, empty when the list row, the customer `pages` (one per customer of the
/// book), the what-if with no edit and the home panels (care, retention list, tiers) all
/// agree. The record the page was sent must also be the customer the book scored.
pub(super) fn disagreements(ix: &Arc<BookIndex>, pages: &[Loaded]) -> Vec<String> {
    let mut out = Vec::new();
    let groups = care_groups(ix);
    let summary = ix.summary();
    let retention: BTreeSet<u32> = summary.retention.iter().map(|r| r.index).collect();
    let mut by_tier = [0_u32; 5];
    macro_rules! agree {
        ($id:expr, $what:expr, $list:expr, $page:expr) => {
            let (list, page) = ($list, $page);
            if list != page {
                out.push(format!(
                    "{:?}: {}: {:?} on one screen, {:?} on the other",
                    $id, $what, list, page
                ));
            }
        };
    }
    for page in pages {
        let at = page.at;
        let c = ix.customer(at);
        let id = c.id;
        let row = RowFigures::of(ix, at);
        if !same_record(c, &page.detail.customer) {
            out.push(format!(
                "{id:?}: the record sent to the page is not the customer the book scored"
            ));
        }

        // Tier and churn band: the list row and the customer page.
        agree!(id, "tier", row.tier, page.scores.tier);
        agree!(id, "churn band", row.band, page.scores.churn.band);
        agree!(id, "churn score", row.churn, page.scores.churn.score);
        agree!(
            id,
            "next contact",
            row.next_contact,
            page.scores.contact.due_on
        );
        by_tier[page.scores.tier as usize] += 1;
        // The home's retention list holds exactly the customers the page calls high risk.
        agree!(
            id,
            "on the retention list (home) / high churn (page)",
            retention.contains(&at),
            page.scores.churn.band == ChurnBand::High
        );

        // Recommendations: the page's, and the what-if's before any edit, are the book's.
        agree!(
            id,
            "recommendations",
            &ix.scores(at).recommendations,
            &page.scores.recommendations
        );
        let unedited = apply_all(page.scored_customer(), &[], &page.shelf, page.today);
        agree!(
            id,
            "what-if with no edit",
            &page.book.rescore(&unedited),
            &page.scores
        );

        // Care: the page's list is the customer's entries of the home's "Today".
        let home: Vec<CareKey> = groups
            .iter()
            .filter(|(k, _)| WorkKind::MARKABLE.contains(k))
            .flat_map(|(_, entries)| entries.iter().filter(|e| e.index == at))
            .filter_map(|e| e.item.marker_key().map(|(k, on)| (k, Some(on))))
            .collect();
        let shown: Vec<CareKey> = care_items(&page.open_care())
            .iter()
            .map(|i| (i.kind, i.occasion_on))
            .collect();
        agree!(id, "care (home, page)", sorted(home), sorted(shown));
    }
    // The tier panel's counts are the pages' tiers.
    let panel: Vec<u32> = summary.by_tier.iter().map(|g| g.customers).collect();
    agree!(
        "the book",
        "customers by tier (panel, pages)",
        panel,
        by_tier.to_vec()
    );
    out
}

/// The customer page of every customer of the book, as it loads from `detail`.
fn every_page(
    ix: &Arc<BookIndex>,
    detail: impl Fn(&BookCustomer) -> CustomerDetail,
) -> Vec<Loaded> {
    (0..ix.len() as u32)
        .map(|at| Loaded::from_book(Arc::clone(ix), detail(ix.customer(at))).expect("in the book"))
        .collect()
}

/// Care items the pages list, all customers together.
pub(super) fn care_shown(pages: &[Loaded]) -> usize {
    pages.iter().map(|p| care_items(&p.open_care()).len()).sum()
}

#[wasm_bindgen_test(unsupported = test)]
fn the_list_the_customer_page_and_the_home_panels_agree_on_every_customer() {
    let ix = scored();
    let pages = every_page(&ix, detail);
    assert_eq!(disagreements(&ix, &pages), Vec::<String>::new());
    assert!(care_shown(&pages) > 0, "the book has care to compare");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_page_scoring_its_customer_alone_is_caught() {
    // The comparison can fail: a customer page that scored its customer on its own (as
    // it did before issue 17) loses the peer gaps and disagrees.
    let ix = scored();
    let mut pages = every_page(&ix, detail);
    for page in &mut pages {
        page.scores = score_customer(
            page.scored_customer(),
            &page.policy,
            &page.shelf,
            page.today,
        );
    }
    let found = disagreements(&ix, &pages);
    assert!(
        found.iter().any(|d| d.contains("recommendations")),
        "{found:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_synthetic_book_exercises_peers_and_markers() {
    // Guards the test above against a book too plain to catch a disagreement: scoring a
    // customer on their own (the customer page before issue 17) loses the peer gaps,
    // and the markers hide care the book would otherwise list.
    let ix = scored();
    let peer_gap = |recs: &[clientbook_domain::recommend::Recommendation]| {
        recs.iter()
            .any(|r| matches!(r.reason, RecommendationReason::PeerGap { .. }))
    };
    let differs = (0..ix.len() as u32).any(|at| {
        let alone = score_customer(ix.customer(at), ix.policy(), ix.shelf(), ix.as_of());
        peer_gap(&ix.scores(at).recommendations)
            && alone.recommendations != ix.scores(at).recommendations
    });
    assert!(
        differs,
        "some customer has a peer-gap recommendation only the book gives"
    );
    let open = ix.open_care();
    assert!(
        open.len() < ix.summary().care_today.len(),
        "markers hide care"
    );
    for m in ix.care_markers() {
        let left = open.iter().any(|e| {
            e.customer == m.customer_id && e.item.marker_key().is_some_and(|(k, _)| k == m.kind)
        });
        assert!(!left, "{:?} of {:?} is still listed", m.kind, m.customer_id);
    }
}
