//! The demo bank looks like a well-run branch: each share of problems stated in
//! `demo::shares` is measured on the stored bank, as of its business date, with the
//! domain's own rules (the ones the app scores with). And a bank of no customers starts
//! cleanly, with its staff.

use crate::common::{as_of, Db, TestServer, SEED};
use chrono::{Months, NaiveDate};
use clientbook_domain::calendar::{complaint_deadlines, Complexity};
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::satisfaction::SatisfactionTally;
use clientbook_domain::{BookCustomer, ComplaintStatus, ScoringPolicy};
use clientbook_server::config::Config;
use clientbook_server::demo::shares::{
    Share, EXPIRED_QUESTIONNAIRES, HIGH_CHURN, NPS, OPEN_COMPLAINTS, OVERDUE_FOLLOW_UPS,
    OVERDUE_OPEN_COMPLAINTS,
};
use clientbook_server::scope::Scope;
use std::collections::BTreeMap;

/// Smaller than the default 5,000 to stay quick, with about 250 customers a book.
const CUSTOMERS: u32 = 2_000;

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

fn check(what: &str, target: Share, part: usize, whole: usize) {
    let s = share(part, whole);
    eprintln!("{what}: {part} of {whole} = {:.1}%", s * 100.0);
    assert!(
        target.accepts(s),
        "{what}: {part} of {whole} = {:.1}%, outside {:.1}%..={:.1}%",
        s * 100.0,
        target.low * 100.0,
        target.high * 100.0
    );
}

/// An open complaint is overdue past its internal deadline (received at 09:00, as the
/// server dates the demo's) at the end of the business day, or past its regulatory one.
fn overdue(
    received_on: NaiveDate,
    c: &clientbook_domain::ComplaintSummary,
    p: &ScoringPolicy,
) -> bool {
    let received = received_on.and_hms_opt(9, 0, 0).unwrap();
    let d = complaint_deadlines(
        received,
        c.severity,
        Complexity::Standard,
        false,
        &p.complaints,
        &p.calendar,
    );
    let end_of_day = as_of().and_hms_opt(18, 0, 0).unwrap();
    d.internal_overdue(end_of_day) || d.regulatory_overdue(as_of())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_bank_has_a_realistic_minority_of_problems() {
    let dir = std::env::temp_dir().join(format!("cb-demo-shares-{}", std::process::id()));
    let mut config = Config::for_database(&format!("sqlite://{}/cb.sqlite", dir.display()));
    config.demo_seed = SEED;
    config.demo_customers = CUSTOMERS;
    config.demo_as_of = Some(as_of());
    let state = clientbook_server::prepare(&config)
        .await
        .expect("demo bank");
    let storage = &state.storage;
    let policy = clientbook_server::routes::policy::load_policy(storage)
        .await
        .unwrap();
    let today = as_of();
    let book: Vec<BookCustomer> = storage.book(Scope::All, today, 12).await.unwrap();
    assert_eq!(book.len(), CUSTOMERS as usize);

    let mut books: BTreeMap<i64, Vec<&BookCustomer>> = BTreeMap::new();
    for c in &book {
        books.entry(c.rm_id.0).or_default().push(c);
    }
    assert_eq!(books.len(), 8, "eight relationship managers");
    let mut high_churn = 0;
    for (rm, customers) in &books {
        let overdue = customers
            .iter()
            .filter(|c| clientbook_domain::contact::score(c, &policy, today).is_overdue())
            .count();
        check(
            &format!("overdue follow-ups of RM {rm}"),
            OVERDUE_FOLLOW_UPS,
            overdue,
            customers.len(),
        );
        let high = customers
            .iter()
            .filter(|c| clientbook_domain::churn::score(c, &policy, today).band == ChurnBand::High)
            .count();
        check(
            &format!("high churn of RM {rm}"),
            HIGH_CHURN,
            high,
            customers.len(),
        );
        high_churn += high;
    }
    check("high churn of the bank", HIGH_CHURN, high_churn, book.len());

    let open: Vec<_> = book
        .iter()
        .flat_map(|c| &c.complaints)
        .filter(|k| k.status != ComplaintStatus::Closed)
        .collect();
    let with_open = book
        .iter()
        .filter(|c| {
            c.complaints
                .iter()
                .any(|k| k.status != ComplaintStatus::Closed)
        })
        .count();
    check(
        "customers with an open complaint",
        OPEN_COMPLAINTS,
        with_open,
        book.len(),
    );
    let late = open
        .iter()
        .filter(|k| overdue(k.received_on, k, &policy))
        .count();
    check(
        "overdue open complaints",
        OVERDUE_OPEN_COMPLAINTS,
        late,
        open.len(),
    );

    // NPS over the surveys of the last 12 months, as the satisfaction screen counts them.
    let since = today - Months::new(12);
    let mut tally = SatisfactionTally::default();
    for s in book.iter().flat_map(|c| &c.surveys) {
        if s.answered_on > since {
            tally.add(s, &policy.satisfaction);
        }
    }
    let nps = tally.nps().expect("surveys were answered") / 100.0;
    eprintln!("NPS {:.0} of {} answers", nps * 100.0, tally.nps_responses);
    assert!(NPS.accepts(nps), "NPS {:.0}", nps * 100.0);

    // Risk questionnaires: a few expired, as in a branch that renews them when due.
    let expired = book
        .iter()
        .filter(|c| {
            matches!(
                clientbook_domain::care::questionnaire_status(c.risk_assessed_on, &policy, today),
                clientbook_domain::care::QuestionnaireStatus::Expired { .. }
            )
        })
        .count();
    check(
        "expired risk questionnaires",
        EXPIRED_QUESTIONNAIRES,
        expired,
        book.len(),
    );

    // Recent contacts are spread over each tier's interval, not bunched at its start.
    let recent_halves = book
        .iter()
        .filter_map(|c| {
            let s = clientbook_domain::contact::score(c, &policy, today);
            (!s.is_overdue() && c.last_contact_on.is_some())
                .then(|| s.days_since_contact * 2 < s.interval_days)
        })
        .fold(
            (0, 0),
            |(a, b), first_half| {
                if first_half {
                    (a + 1, b)
                } else {
                    (a, b + 1)
                }
            },
        );
    let first = share(recent_halves.0, recent_halves.0 + recent_halves.1);
    eprintln!(
        "in-plan contacts in the first half of the interval: {:.0}%",
        first * 100.0
    );
    assert!(
        (0.35..=0.65).contains(&first),
        "{:.0}% of in-plan contacts in the first half of the interval",
        first * 100.0
    );
    households_have_couples_their_parents_and_grown_children(storage.pool(), today).await;
    storage.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// Households (家庭): each has one head, stays in one branch, and besides couples holds
/// parents 22–40 years older and grown children 22–40 years younger than its head or
/// spouse.
async fn households_have_couples_their_parents_and_grown_children(
    pool: &sqlx::AnyPool,
    today: NaiveDate,
) {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT household_id, household_role, birth_date, branch_id FROM customers \
         WHERE household_id IS NOT NULL ORDER BY household_id, id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut households: BTreeMap<i64, Vec<(String, NaiveDate, i64)>> = BTreeMap::new();
    for r in &rows {
        let born: String = r.get(2);
        households.entry(r.get(0)).or_default().push((
            r.get(1),
            NaiveDate::parse_from_str(&born, "%Y-%m-%d").unwrap(),
            r.get(3),
        ));
    }
    let (mut parents, mut children) = (0, 0);
    for (id, members) in &households {
        assert!(
            (2..=7).contains(&members.len()),
            "household {id}: {members:?}"
        );
        let heads = members.iter().filter(|m| m.0 == "Head").count();
        assert_eq!(heads, 1, "household {id}: {members:?}");
        assert!(
            members.iter().all(|m| m.2 == members[0].2),
            "one branch: {members:?}"
        );
        let couple: Vec<NaiveDate> = members
            .iter()
            .filter(|m| m.0 == "Head" || m.0 == "Spouse")
            .map(|m| m.1)
            .collect();
        for (role, born, _) in members {
            let gap_to = |other: &NaiveDate, older: bool| {
                let (o, y) = if older { (born, other) } else { (other, born) };
                y.years_since(*o).is_some_and(|g| (22..=40).contains(&g))
            };
            match role.as_str() {
                "Parent" => {
                    parents += 1;
                    assert!(
                        couple.iter().any(|c| gap_to(c, true)),
                        "household {id}: {members:?}"
                    );
                }
                "Child" => {
                    children += 1;
                    assert!(
                        couple.iter().any(|c| gap_to(c, false)),
                        "household {id}: {members:?}"
                    );
                    assert!(today.years_since(*born).unwrap_or(0) >= 18, "a grown child");
                }
                "Head" | "Spouse" => {}
                other => panic!("role {other}"),
            }
        }
    }
    eprintln!(
        "{} households: {parents} parents, {children} children",
        households.len()
    );
    assert!(
        parents > 0 && children > 0,
        "{parents} parents, {children} children"
    );
}

async fn no_customers_starts_a_bank_of_staff(server: TestServer) {
    let admin = server.signed_in("admin").await;
    let users: serde_json::Value = admin
        .get(server.url("/api/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users["users"].as_array().map(Vec::len), Some(11), "{users}");
    let rm = server.signed_in("rm01").await;
    let r = rm.get(server.url("/api/book")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let book: serde_json::Value = r.json().await.unwrap();
    assert_eq!(book["customers"].as_array().map(Vec::len), Some(0));
    let products: serde_json::Value = rm
        .get(server.url("/api/products"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(products["products"]
        .as_array()
        .is_some_and(|p| !p.is_empty()));
}

mod empty {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        if let Some(s) = TestServer::start_with(Db::Sqlite, |c| c.demo_customers = 0).await {
            no_customers_starts_a_bank_of_staff(s).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(s) = TestServer::start_with(Db::Postgres, |c| c.demo_customers = 0).await {
            no_customers_starts_a_bank_of_staff(s).await;
        }
    }
}
