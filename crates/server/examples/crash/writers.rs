//! The clients: one task per kind of write, each sending writes with a unique marker
//! until it is told to stop, recording what the server acknowledged (2xx) and counting
//! every other outcome. A write whose answer never came (the server was killed) is not
//! acknowledged: it may or may not be stored, but if it is, it must be whole.

use chrono::{Days, NaiveDate};
use clientbook_domain::api::Role;
use clientbook_domain::service::{
    ChangeOwner, ComplaintChannel, ComplaintContentType, ComplaintTransition, ImportedSurvey,
    InteractionKind, InteractionOutcome, NewComplaint, NewInteraction, NewNote, RatingInput,
    SetNextContact, SurveyImport,
};
use clientbook_domain::users::NewUser;
use clientbook_domain::{
    BranchId, Channel, ComplaintSeverity, ComplaintStatus, CustomerId, ServiceAttribute, UserId,
};
use serde_json::Value;
use sqlx::{AnyPool, Row};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

pub const PASSWORD: &str = "clientbook-demo";

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("date")
}

/// A write the server acknowledged, with what identifies it.
#[derive(Clone, Debug)]
pub enum Ack {
    Interaction { id: i64, marker: String },
    Note { id: i64, marker: String },
    NextContact { version: i64 },
    Complaint { id: i64, marker: String },
    Transition { complaint: i64, version: i64 },
    Surveys { ids: Vec<i64> },
    Owner { rm: i64, version: i64 },
    User { id: i64, username: String },
}

/// What the writers saw, over the whole run.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub sent: u64,
    pub acked: u64,
    pub conflicts: u64,
    /// 503 `storage_unavailable`: a clear refusal.
    pub unavailable: u64,
    /// No answer: the server died with the request in flight.
    pub lost_in_flight: u64,
    /// 5xx other than a clear 503.
    pub server_errors: u64,
    pub other: u64,
    /// A 2xx while the database was stopped: a lie unless the write is found.
    pub acked_during_outage: u64,
    pub examples: Vec<String>,
}

impl Tally {
    pub fn merge(&mut self, o: Tally) {
        self.sent += o.sent;
        self.acked += o.acked;
        self.conflicts += o.conflicts;
        self.unavailable += o.unavailable;
        self.lost_in_flight += o.lost_in_flight;
        self.server_errors += o.server_errors;
        self.other += o.other;
        self.acked_during_outage += o.acked_during_outage;
        for e in o.examples {
            if self.examples.len() < 8 {
                self.examples.push(e);
            }
        }
    }
}

enum Outcome {
    Ack(Value),
    Conflict(Value),
    Refused,
}

pub struct Team {
    pub base: String,
    rm: reqwest::Client,
    manager: reqwest::Client,
    admin: reqwest::Client,
    /// rm01's customers: [0] for next-contact dates, the rest for contacts, notes,
    /// complaints and surveys.
    pub customers: Vec<i64>,
    /// A customer of the manager's branch moved between two of its RMs.
    pub owner_customer: i64,
    owner_rms: [i64; 2],
    branch: i64,
    pub acks: Mutex<Vec<Ack>>,
    pub outage: AtomicBool,
    serial: AtomicU64,
    run: u32,
}

async fn client_for(base: &str, user: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let r = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"username": user, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert!(r.status().is_success(), "sign-in of {user}: {}", r.status());
    client
}

async fn ids(db: &AnyPool, sql: &str) -> Vec<i64> {
    sqlx::query(sql)
        .fetch_all(db)
        .await
        .expect(sql)
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect()
}

impl Team {
    pub async fn sign_in(base: &str, db: &AnyPool) -> Team {
        let branch = ids(
            db,
            "SELECT branch_id FROM users WHERE username = 'manager01'",
        )
        .await[0];
        let customers = ids(
            db,
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id \
             WHERE u.username = 'rm01' ORDER BY c.id LIMIT 12",
        )
        .await;
        let rms = ids(
            db,
            &format!(
                "SELECT id FROM users WHERE role = 'RelationshipManager' AND branch_id = {branch} \
                 AND username <> 'rm01' ORDER BY id LIMIT 2"
            ),
        )
        .await;
        assert!(
            customers.len() >= 4 && rms.len() == 2,
            "the demo bank is too small"
        );
        let owner_customer = ids(
            db,
            &format!(
                "SELECT id FROM customers WHERE rm_id = {} ORDER BY id LIMIT 1",
                rms[0]
            ),
        )
        .await[0];
        Team {
            base: base.to_owned(),
            rm: client_for(base, "rm01").await,
            manager: client_for(base, "manager01").await,
            admin: client_for(base, "admin").await,
            customers,
            owner_customer,
            owner_rms: [rms[0], rms[1]],
            branch,
            acks: Mutex::new(vec![]),
            outage: AtomicBool::new(false),
            serial: AtomicU64::new(0),
            run: std::process::id(),
        }
    }

    pub fn acks_now(&self) -> usize {
        self.acks.lock().expect("acks").len()
    }

    fn marker(&self, kind: &str) -> String {
        let n = self.serial.fetch_add(1, Ordering::SeqCst);
        format!("crash-{}-{kind}-{n}", self.run)
    }

    fn ack(&self, ack: Ack) {
        self.acks.lock().expect("acks").push(ack);
    }

    /// Sends one write and sorts its answer into the tally.
    async fn send(&self, tally: &mut Tally, req: reqwest::RequestBuilder) -> Outcome {
        tally.sent += 1;
        let during_outage = self.outage.load(Ordering::SeqCst);
        let response = match req.send().await {
            Ok(r) => r,
            Err(_) => {
                tally.lost_in_flight += 1;
                return Outcome::Refused;
            }
        };
        let status = response.status();
        let body: Value = match response.json().await {
            Ok(v) => v,
            Err(_) if status.is_success() => {
                // The head came and the body did not: not an acknowledgement.
                tally.lost_in_flight += 1;
                return Outcome::Refused;
            }
            Err(_) => Value::Null,
        };
        if status.is_success() {
            tally.acked += 1;
            if during_outage {
                tally.acked_during_outage += 1;
            }
            return Outcome::Ack(body);
        }
        match status.as_u16() {
            409 => tally.conflicts += 1,
            503 if body["code"] == "storage_unavailable" => tally.unavailable += 1,
            s if s >= 500 => {
                tally.server_errors += 1;
                if tally.examples.len() < 8 {
                    tally.examples.push(format!("{s} {body}"));
                }
            }
            _ => {
                tally.other += 1;
                if tally.examples.len() < 8 {
                    tally.examples.push(format!("{} {body}", status.as_u16()));
                }
            }
        }
        if status.as_u16() == 409 {
            Outcome::Conflict(body)
        } else {
            Outcome::Refused
        }
    }

    pub fn spawn(self: Arc<Self>, stop: Arc<AtomicBool>) -> Vec<JoinHandle<Tally>> {
        type Job = fn(Arc<Team>, Arc<AtomicBool>) -> JoinHandle<Tally>;
        let jobs: [Job; 7] = [
            |t, s| tokio::spawn(async move { t.contacts(&s).await }),
            |t, s| tokio::spawn(async move { t.notes(&s).await }),
            |t, s| tokio::spawn(async move { t.next_contact(&s).await }),
            |t, s| tokio::spawn(async move { t.complaints(&s).await }),
            |t, s| tokio::spawn(async move { t.surveys(&s).await }),
            |t, s| tokio::spawn(async move { t.owners(&s).await }),
            |t, s| tokio::spawn(async move { t.users(&s).await }),
        ];
        jobs.iter()
            .map(|job| job(self.clone(), stop.clone()))
            .collect()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn customer(&self, n: u64) -> i64 {
        self.customers[1 + (n as usize % (self.customers.len() - 1))]
    }

    async fn contacts(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let marker = self.marker("contact");
            let body = NewInteraction {
                kind: InteractionKind::Call,
                channel: Channel::Phone,
                occurred_on: as_of(),
                outcome: InteractionOutcome::Interested,
                note: Some(marker.clone()),
                next_step: None,
                next_contact_on: None,
            };
            let path = format!("/api/customers/{}/interactions", self.customer(n));
            if let Outcome::Ack(v) = self
                .send(&mut t, self.rm.post(self.url(&path)).json(&body))
                .await
            {
                let id = v["interaction"]["id"].as_i64().expect("interaction id");
                self.ack(Ack::Interaction { id, marker });
            }
            pause().await;
        }
        t
    }

    async fn notes(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let marker = self.marker("note");
            let body = NewNote {
                text: marker.clone(),
            };
            let path = format!("/api/customers/{}/notes", self.customer(n + 3));
            if let Outcome::Ack(v) = self
                .send(&mut t, self.rm.post(self.url(&path)).json(&body))
                .await
            {
                let id = v["id"].as_i64().expect("note id");
                self.ack(Ack::Note { id, marker });
            }
            pause().await;
        }
        t
    }

    async fn next_contact(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let customer = self.customers[0];
        let path = self.url(&format!("/api/customers/{customer}/next-contact"));
        // Unknown at first (and after each kill): a 409 tells the version as it is.
        let mut version = 0;
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let body = SetNextContact {
                next_contact_on: as_of().checked_add_days(Days::new(1 + n % 60)),
                version,
            };
            match self.send(&mut t, self.rm.put(&path).json(&body)).await {
                Outcome::Ack(v) => {
                    version = v["version"].as_i64().expect("version");
                    self.ack(Ack::NextContact { version });
                }
                Outcome::Conflict(v) => version = v["current"]["version"].as_i64().unwrap_or(0),
                Outcome::Refused => {}
            }
            pause().await;
        }
        t
    }

    async fn complaints(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let mut open: Option<(i64, i64, ComplaintStatus)> = None;
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            match open {
                None => {
                    let marker = self.marker("complaint");
                    let body = NewComplaint {
                        channel: ComplaintChannel::Phone,
                        content_type: ComplaintContentType::Service,
                        severity: ComplaintSeverity::General,
                        description: marker.clone(),
                        customer_request: "A call back".to_owned(),
                    };
                    let path = format!("/api/customers/{}/complaints", self.customer(n + 5));
                    if let Outcome::Ack(v) = self
                        .send(&mut t, self.rm.post(self.url(&path)).json(&body))
                        .await
                    {
                        let id = v["id"].as_i64().expect("complaint id");
                        self.ack(Ack::Complaint { id, marker });
                        open = Some((
                            id,
                            v["version"].as_i64().expect("version"),
                            ComplaintStatus::Received,
                        ));
                    }
                }
                Some((id, version, status)) => {
                    let Some(to) = clientbook_domain::service::next_complaint_status(status) else {
                        open = None;
                        continue;
                    };
                    let body = ComplaintTransition {
                        to,
                        version,
                        note: Some(self.marker("step")),
                        resolution: (to == ComplaintStatus::Resolved)
                            .then(|| "Refunded".to_owned()),
                        feedback: (to == ComplaintStatus::Closed).then(|| "Satisfied".to_owned()),
                        no_feedback_reason: None,
                    };
                    let path = self.url(&format!("/api/complaints/{id}/transitions"));
                    match self.send(&mut t, self.rm.post(&path).json(&body)).await {
                        Outcome::Ack(v) => {
                            let version = v["version"].as_i64().expect("version");
                            self.ack(Ack::Transition {
                                complaint: id,
                                version,
                            });
                            open = Some((id, version, to));
                        }
                        Outcome::Conflict(v) => {
                            let current = &v["current"];
                            let status = serde_json::from_value(current["status"].clone());
                            match (current["version"].as_i64(), status) {
                                (Some(version), Ok(status)) => open = Some((id, version, status)),
                                _ => open = None,
                            }
                        }
                        Outcome::Refused => {}
                    }
                }
            }
            pause().await;
        }
        t
    }

    async fn surveys(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let surveys = (0..1 + n % 3)
                .map(|i| ImportedSurvey {
                    customer_id: CustomerId(self.customer(n + i)),
                    answered_on: as_of(),
                    recommend: (n % 11) as u8,
                    overall: 1 + (n % 5) as u8,
                    ratings: vec![RatingInput {
                        attribute: ServiceAttribute::WaitingTime,
                        satisfaction: 1 + (i % 5) as u8,
                        importance: 3,
                    }],
                })
                .collect();
            let body = SurveyImport { surveys };
            let req = self.rm.post(self.url("/api/surveys/import")).json(&body);
            if let Outcome::Ack(v) = self.send(&mut t, req).await {
                let ids = serde_json::from_value(v["ids"].clone()).expect("survey ids");
                self.ack(Ack::Surveys { ids });
            }
            pause().await;
        }
        t
    }

    async fn owners(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        let path = self.url(&format!("/api/customers/{}/owner", self.owner_customer));
        let mut version = 0;
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let rm = self.owner_rms[(n % 2) as usize];
            let body = ChangeOwner {
                rm_id: UserId(rm),
                version,
            };
            match self.send(&mut t, self.manager.put(&path).json(&body)).await {
                Outcome::Ack(v) => {
                    version = v["version"].as_i64().expect("version");
                    self.ack(Ack::Owner { rm, version });
                }
                Outcome::Conflict(v) => version = v["current"]["version"].as_i64().unwrap_or(0),
                Outcome::Refused => {}
            }
            pause().await;
        }
        t
    }

    async fn users(&self, stop: &AtomicBool) -> Tally {
        let mut t = Tally::default();
        while !stop.load(Ordering::SeqCst) {
            let username = self.marker("u").replace('-', "_");
            let body = NewUser {
                username: username.clone(),
                display_name: "Crash Test".to_owned(),
                role: Role::RelationshipManager,
                branch_id: Some(BranchId(self.branch)),
                password: "crash-suite-password-1".to_owned(),
            };
            let req = self.admin.post(self.url("/api/users")).json(&body);
            if let Outcome::Ack(v) = self.send(&mut t, req).await {
                let id = v["id"].as_i64().expect("user id");
                self.ack(Ack::User { id, username });
            }
            pause().await;
        }
        t
    }
}

async fn pause() {
    tokio::time::sleep(Duration::from_millis(5)).await;
}
