//! What the database must hold after every kill, read straight from the database (the
//! server is down): each acknowledged write exactly once; every change written since the
//! run began paired with exactly one audit entry, and every audit entry of a change with
//! its change; the versions of the records written by version equal to their audited
//! changes; SQLite's `integrity_check` and `foreign_key_check` clean.

use crate::writers::{Ack, Tally, Team};
use sqlx::{AnyPool, Row};
use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

/// The database before the writers began.
pub struct Baseline {
    interactions: i64,
    notes: i64,
    complaints: i64,
    surveys: i64,
    users: i64,
    audit: i64,
    next_contact_version: i64,
    owner_version: i64,
    sqlite: bool,
}

async fn one(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

async fn rows(db: &AnyPool, sql: &str) -> Vec<(i64, i64)> {
    sqlx::query(sql)
        .fetch_all(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| (r.get::<i64, _>(0), r.get::<i64, _>(1)))
        .collect()
}

impl Baseline {
    pub async fn take(db: &AnyPool, team: &Team, sqlite: bool) -> Baseline {
        let max = |t: &'static str| async move {
            one(
                db,
                &format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {t}"),
            )
            .await
        };
        Baseline {
            interactions: max("interactions").await,
            notes: max("notes").await,
            complaints: max("complaints").await,
            surveys: max("surveys").await,
            users: max("users").await,
            audit: max("audit_log").await,
            next_contact_version: one(
                db,
                &format!(
                    "SELECT version FROM customers WHERE id = {}",
                    team.customers[0]
                ),
            )
            .await,
            owner_version: one(
                db,
                &format!(
                    "SELECT version FROM customers WHERE id = {}",
                    team.owner_customer
                ),
            )
            .await,
            sqlite,
        }
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub kills: usize,
    pub checks: usize,
    pub db_stops: usize,
    pub resumed_after_db_restart: bool,
    pub acked_writes: usize,
    pub found: usize,
    pub missing: usize,
    pub duplicates: usize,
    /// Changes without their audit entry, or audit entries without their change.
    pub unpaired: usize,
    /// Versions that do not match the count of audited changes, or a state behind an ack.
    pub behind: usize,
    pub integrity_failures: usize,
    pub problems: Vec<String>,
    /// The checker's self-test: a planted change without its audit entry and a planted
    /// acknowledgement of a write that is not there are both reported.
    pub checker_catches: bool,
}

impl Report {
    fn problem(&mut self, what: String) {
        if self.problems.len() < 20 {
            eprintln!("PROBLEM: {what}");
            self.problems.push(what);
        }
    }

    pub fn ok(&self, tally: &Tally, panics: usize) -> bool {
        self.missing == 0
            && self.duplicates == 0
            && self.unpaired == 0
            && self.behind == 0
            && self.integrity_failures == 0
            && tally.server_errors == 0
            && panics == 0
            && (self.db_stops == 0 || self.resumed_after_db_restart)
            && self.checker_catches
    }

    pub fn finish(
        &self,
        kind: &str,
        t: &Tally,
        panics: usize,
        took: Duration,
        file: Option<&std::path::Path>,
    ) {
        let verdict = if self.ok(t, panics) { "ok" } else { "FAILED" };
        println!(
            "crash suite on {kind}: {verdict} in {:.0} s\n  kills {} (database stopped {}, writing resumed: {}), checks {}\n  \
             writes sent {}, acknowledged {} (during the outage {}), found {} of {}, missing {}, duplicates {}\n  \
             change/audit unpaired {}, versions behind {}, integrity failures {}\n  \
             in flight at a kill {}, clear 503 storage_unavailable {}, conflicts {}, other 4xx {}, 5xx {}, panics {}\n  \
             the checker's self-test (a planted unaudited change and a planted lost ack reported): {}",
            took.as_secs_f64(),
            self.kills,
            self.db_stops,
            self.resumed_after_db_restart,
            self.checks,
            t.sent,
            t.acked,
            t.acked_during_outage,
            self.found,
            self.acked_writes,
            self.missing,
            self.duplicates,
            self.unpaired,
            self.behind,
            self.integrity_failures,
            t.lost_in_flight,
            t.unavailable,
            t.conflicts,
            t.other,
            t.server_errors,
            panics,
            if self.checker_catches { "ok" } else { "FAILED" },
        );
        for e in &t.examples {
            println!("  example answer: {e}");
        }
        if let Some(file) = file {
            let line = format!(
                "crash\t{kind}\t{verdict}\t{:.0}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                took.as_secs_f64(),
                self.kills,
                self.db_stops,
                t.sent,
                t.acked,
                self.found,
                self.missing,
                self.duplicates,
                self.unpaired,
                t.lost_in_flight,
                t.unavailable,
                t.server_errors,
                panics,
            );
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(file)
                .expect("report file");
            f.write_all(line.as_bytes()).expect("write report");
        }
    }
}

/// Counts of `(id, n)` as a map.
fn counts(pairs: Vec<(i64, i64)>) -> HashMap<i64, i64> {
    pairs.into_iter().collect()
}

/// Every row of `table` newer than `base` has exactly one audit entry of `action` whose
/// detail starts with `<key>=<id>`, and every such audit entry since the run began names
/// a row that exists.
async fn paired(
    db: &AnyPool,
    r: &mut Report,
    table: &str,
    base: i64,
    audit_base: i64,
    action: &str,
    key: &str,
) {
    let changes = counts(
        rows(
            db,
            &format!("SELECT id, CAST(1 AS BIGINT) FROM {table} WHERE id > {base}"),
        )
        .await,
    );
    let audits = audited_ids(db, audit_base, action, key).await;
    for id in changes.keys() {
        match audits.get(id) {
            Some(1) => {}
            n => {
                r.unpaired += 1;
                r.problem(format!("{table} {id} has {n:?} {action} audit entries"));
            }
        }
    }
    for id in audits.keys() {
        if !changes.contains_key(id) {
            r.unpaired += 1;
            r.problem(format!(
                "audit {action} names {table} {id}, which is not there"
            ));
        }
    }
}

/// The record ids named `<key>=<id>` at the start of the details of audit entries of
/// `action` since `audit_base`, with how many entries name each.
async fn audited_ids(db: &AnyPool, audit_base: i64, action: &str, key: &str) -> HashMap<i64, i64> {
    let details = sqlx::query(&format!(
        "SELECT detail FROM audit_log WHERE id > {audit_base} AND action = '{action}'"
    ))
    .fetch_all(db)
    .await
    .expect("audit details");
    let mut out = HashMap::new();
    for row in details {
        let detail: Option<String> = row.get(0);
        let id = detail
            .as_deref()
            .and_then(|d| d.strip_prefix(key)?.strip_prefix('='))
            .and_then(|d| d.split(' ').next()?.parse::<i64>().ok())
            .unwrap_or(-1);
        *out.entry(id).or_default() += 1;
    }
    out
}

async fn count_where(db: &AnyPool, sql: &str, value: &str) -> i64 {
    sqlx::query(sql)
        .bind(value.to_owned())
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

/// One check, after a kill (the server is down).
pub async fn after_kill(db: &AnyPool, b: &Baseline, team: &Team, r: &mut Report) {
    r.checks += 1;
    if b.sqlite {
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(db)
            .await
            .expect("integrity_check")
            .get(0);
        if integrity != "ok" {
            r.integrity_failures += 1;
            r.problem(format!("integrity_check: {integrity}"));
        }
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(db)
            .await
            .expect("foreign_key_check");
        if !broken.is_empty() {
            r.integrity_failures += 1;
            r.problem(format!("foreign_key_check: {} rows", broken.len()));
        }
    }
    let acks = team.acks.lock().expect("acks").clone();
    r.acked_writes = 0;
    r.found = 0;
    let (mut missing, mut duplicates) = (0, 0);
    let mut last_next_contact = 0;
    let mut last_owner = None;
    let mut complaint_version: HashMap<i64, i64> = HashMap::new();
    for ack in &acks {
        let found = match ack {
            Ack::Interaction { id, marker } => {
                count_where(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE id = {id} AND note = $1"), marker).await
                    .max(count_where(db, "SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE note = $1", marker).await)
            }
            Ack::Note { id, marker } => {
                count_where(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM notes WHERE id = {id} AND body = $1"), marker).await
                    .max(count_where(db, "SELECT CAST(COUNT(*) AS BIGINT) FROM notes WHERE body = $1", marker).await)
            }
            Ack::Complaint { id, marker } => {
                count_where(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM complaints WHERE id = {id} AND summary = $1"), marker).await
                    .max(count_where(db, "SELECT CAST(COUNT(*) AS BIGINT) FROM complaints WHERE summary = $1", marker).await)
            }
            Ack::User { id, username } => {
                count_where(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE id = {id} AND username = $1"), username).await
            }
            Ack::Surveys { ids } => {
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let n = one(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM surveys WHERE id IN ({list})")).await;
                i64::from(n == ids.len() as i64)
            }
            Ack::NextContact { version } => {
                last_next_contact = last_next_contact.max(*version);
                1
            }
            Ack::Owner { rm, version } => {
                last_owner = Some((*rm, *version));
                1
            }
            Ack::Transition { complaint, version } => {
                let v = complaint_version.entry(*complaint).or_default();
                *v = (*v).max(*version);
                1
            }
        };
        r.acked_writes += 1;
        match found {
            1 => r.found += 1,
            0 => {
                missing += 1;
                r.problem(format!("acknowledged but missing: {ack:?}"));
            }
            n => {
                duplicates += 1;
                r.found += 1;
                r.problem(format!("acknowledged once, stored {n} times: {ack:?}"));
            }
        }
    }
    // States that only move forward: never behind the last acknowledgement.
    let version_of = |table: &str, id: i64| format!("SELECT version FROM {table} WHERE id = {id}");
    let nc = team.customers[0];
    let nc_version = one(db, &version_of("customers", nc)).await;
    if nc_version < last_next_contact {
        r.behind += 1;
        r.problem(format!(
            "next contact: version {nc_version} behind acknowledged {last_next_contact}"
        ));
    }
    if let Some((rm, version)) = last_owner {
        let oc = team.owner_customer;
        let now = one(db, &version_of("customers", oc)).await;
        let owner = one(db, &format!("SELECT rm_id FROM customers WHERE id = {oc}")).await;
        if now < version || (now == version && owner != rm) {
            r.behind += 1;
            r.problem(format!(
                "owner: version {now} rm {owner}, acknowledged {version} rm {rm}"
            ));
        }
    }
    for (complaint, acked) in &complaint_version {
        let now = one(db, &version_of("complaints", *complaint)).await;
        if now < *acked {
            r.behind += 1;
            r.problem(format!(
                "complaint {complaint}: version {now} behind {acked}"
            ));
        }
    }
    r.missing = missing;
    r.duplicates = duplicates;
    // Changes and audit entries in pairs.
    r.unpaired = 0;
    paired(
        db,
        r,
        "interactions",
        b.interactions,
        b.audit,
        "record_interaction",
        "interaction",
    )
    .await;
    paired(db, r, "notes", b.notes, b.audit, "create_note", "note").await;
    paired(
        db,
        r,
        "complaints",
        b.complaints,
        b.audit,
        "create_complaint",
        "complaint",
    )
    .await;
    paired(
        db,
        r,
        "surveys",
        b.surveys,
        b.audit,
        "import_survey",
        "survey",
    )
    .await;
    paired(db, r, "users", b.users, b.audit, "create_user", "user").await;
    // A complaint's steps: one event per audited transition (plus its receipt), and its
    // version one more than its steps.
    let events = counts(rows(db, &format!("SELECT complaint_id, CAST(COUNT(*) AS BIGINT) FROM complaint_events WHERE complaint_id > {} GROUP BY complaint_id", b.complaints)).await);
    let versions = counts(
        rows(
            db,
            &format!(
                "SELECT id, version FROM complaints WHERE id > {}",
                b.complaints
            ),
        )
        .await,
    );
    let steps = audited_ids(db, b.audit, "complaint_transition", "complaint").await;
    for (id, version) in &versions {
        let audited = steps.get(id).copied().unwrap_or(0);
        let stored = events.get(id).copied().unwrap_or(0);
        if stored != audited + 1 || *version != audited + 1 {
            r.unpaired += 1;
            r.problem(format!(
                "complaint {id}: {stored} events, version {version}, {audited} audited steps"
            ));
        }
    }
    // Records changed by version: each version step is one audited change.
    for (customer, action, first) in [
        (nc, "set_next_contact", b.next_contact_version),
        (team.owner_customer, "change_owner", b.owner_version),
    ] {
        let audited = one(db, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE id > {} AND customer_id = {customer} AND action = '{action}'", b.audit)).await;
        let version = one(db, &version_of("customers", customer)).await;
        if version - first != audited {
            r.unpaired += 1;
            r.problem(format!(
                "customer {customer}: version {first} → {version} with {audited} audited changes"
            ));
        }
    }
}

/// Plants what the checks must catch — an interaction without its audit entry, and an
/// acknowledgement of a note that was never stored — and answers whether both were
/// reported. Run once at the end (the planted row stays in the scratch database).
pub async fn self_test(db: &AnyPool, b: &Baseline, team: &Team) -> bool {
    let customer = team.customers[1];
    sqlx::query(
        "INSERT INTO interactions (customer_id, rm_id, occurred_on, kind, channel, outcome, note) \
         SELECT id, rm_id, '2026-06-15', 'Call', 'Phone', 'Interested', 'planted' FROM customers WHERE id = $1",
    )
    .bind(customer)
    .execute(db)
    .await
    .expect("plant an unaudited change");
    team.acks.lock().expect("acks").push(Ack::Note {
        id: -1,
        marker: "never-stored".to_owned(),
    });
    let mut r = Report::default();
    eprintln!("(the checker's self-test: the next two PROBLEM lines are planted)");
    after_kill(db, b, team, &mut r).await;
    team.acks.lock().expect("acks").pop();
    r.unpaired == 1 && r.missing == 1
}
