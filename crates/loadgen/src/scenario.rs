//! One relationship manager's working session, as the app makes it: sign in, load the
//! whole book (every `book_every`-th session), then page through the list, open
//! customers, reveal a mobile number, record contacts and take a complaint from receipt
//! to closing; sign out and start again, until the run's time or request count is spent.

use crate::stats::{Kind, Outcome, Stats};
use chrono::NaiveDate;
use clientbook_domain::api::{CustomerPage, LoginRequest, RevealField, RevealRequest};
use clientbook_domain::service::{
    next_complaint_status, Complaint, ComplaintChannel, ComplaintContentType, ComplaintTransition,
    InteractionKind, InteractionOutcome, NewComplaint, NewInteraction,
};
use clientbook_domain::{Channel, ComplaintSeverity, ComplaintStatus};
use reqwest::{Client, Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What bounds a run, shared by its clients.
pub struct Budget {
    pub until: Instant,
    pub max_requests: u64,
    pub sent: AtomicU64,
}

impl Budget {
    /// Take one request from the budget; false when it is spent.
    fn take(&self) -> bool {
        Instant::now() < self.until && self.sent.fetch_add(1, Ordering::Relaxed) < self.max_requests
    }
}

/// What a client asks for: the app's whole mix, or one request alone (to measure it apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Sign-in, book, list, customers, reveal, contacts, complaints: the mix of a session.
    Mixed,
    /// Signed in once, then customer pages of the first two list pages' customers.
    CustomerPage,
    /// Signed in once, then the list's first page and the page after it, again and again.
    List,
    /// Signed in once, then the whole book as the app asks for it (the compact format,
    /// brotli), again and again, each followed by the same request with its ETag (the
    /// 304 a reload of an unchanged book gets).
    Book,
}

pub struct Session {
    pub base: String,
    /// The mix, or one kind of request alone.
    pub only: Only,
    pub username: String,
    pub password: String,
    /// Load the whole book in every n-th session (0: never).
    pub book_every: u32,
    /// Rounds of list / customer / reveal / contact per session.
    pub rounds: u32,
    /// Today's date for the contacts written (not in the future for the bank).
    pub today: NaiveDate,
    pub seed: u64,
}

/// Why a session stopped early.
enum Stop {
    /// The run's budget is spent.
    Spent,
    /// This request failed (recorded); start a new session.
    Failed,
}

struct Client1<'a> {
    http: Client,
    s: &'a Session,
    budget: &'a Budget,
    stats: Stats,
    rng: u64,
}

impl Client1<'_> {
    fn random(&mut self, n: usize) -> usize {
        // xorshift64*: enough to spread the customers opened; the same seed, the same walk.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1) as u64) as usize
    }

    /// Send one request and record it; the body decoded as `T` when it succeeds.
    async fn call<T: DeserializeOwned>(
        &mut self,
        kind: Kind,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, Stop> {
        let mut req = self.http.request(method, format!("{}{path}", self.s.base));
        if let Some(b) = &body {
            req = req.json(b);
        }
        let (_, bytes, took) = self.send(kind, path, req, StatusCode::OK).await?;
        let value = if bytes.is_empty() {
            serde_json::from_slice(b"null")
        } else {
            serde_json::from_slice(&bytes)
        };
        match value {
            Ok(v) => {
                self.stats.record(kind, took, Outcome::Ok);
                Ok(v)
            }
            Err(e) => {
                self.stats.record(kind, took, Outcome::Error);
                self.stats
                    .note_error(format!("{} {path}: undecodable answer: {e}", kind.label()));
                Err(Stop::Failed)
            }
        }
    }

    /// Send one request; an answer that is a success (any 2xx, or exactly `expected`)
    /// is returned with its time for the caller to record, anything else is recorded
    /// here and ends the session.
    async fn send(
        &mut self,
        kind: Kind,
        path: &str,
        req: reqwest::RequestBuilder,
        expected: StatusCode,
    ) -> Result<(reqwest::header::HeaderMap, bytes::Bytes, Duration), Stop> {
        if !self.budget.take() {
            return Err(Stop::Spent);
        }
        let started = Instant::now();
        let answer = match req.send().await {
            Ok(r) => {
                let (status, headers) = (r.status(), r.headers().clone());
                r.bytes().await.map(|b| (status, headers, b))
            }
            Err(e) => Err(e),
        };
        let took = started.elapsed();
        match answer {
            Ok((status, headers, bytes)) if status.is_success() || status == expected => {
                Ok((headers, bytes, took))
            }
            Ok((StatusCode::SERVICE_UNAVAILABLE, _, _)) => {
                self.stats.record(kind, took, Outcome::Busy);
                // Retry-After is a second: back off a little before the next session.
                tokio::time::sleep(Duration::from_millis(200)).await;
                Err(Stop::Failed)
            }
            Ok((status, _, bytes)) => {
                self.stats.record(kind, took, Outcome::Error);
                self.stats.note_error(format!(
                    "{} {path}: {status} {}",
                    kind.label(),
                    String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                ));
                Err(Stop::Failed)
            }
            Err(e) => {
                self.stats.record(kind, took, Outcome::Error);
                self.stats
                    .note_error(format!("{} {path}: no answer: {e}", kind.label()));
                Err(Stop::Failed)
            }
        }
    }

    /// The customers of the list's first two pages.
    async fn first_two_pages(&mut self) -> Result<Vec<i64>, Stop> {
        let first: CustomerPage = self
            .call(
                Kind::ListFirstPage,
                Method::GET,
                "/api/customers?limit=50",
                None,
            )
            .await?;
        let mut ids: Vec<i64> = first.items.iter().map(|c| c.id.0).collect();
        if let Some(cursor) = &first.next_cursor {
            let path = format!("/api/customers?limit=50&sort=id&cursor={cursor}");
            let next: CustomerPage = self
                .call(Kind::ListNextPage, Method::GET, &path, None)
                .await?;
            ids.extend(next.items.iter().map(|c| c.id.0));
        }
        Ok(ids)
    }

    /// The whole book as the app asks for it (compact, brotli: the bytes are not
    /// decoded), then the same with its ETag, which must answer 304 with no body.
    async fn book_twice(&mut self) -> Result<(), Stop> {
        const PATH: &str = "/api/book/columns";
        let url = format!("{}{PATH}", self.s.base);
        let ask = |http: &Client| {
            http.get(&url)
                .header("Accept", "application/x-clientbook-book")
                .header("Accept-Encoding", "br")
        };
        let req = ask(&self.http);
        let (headers, _, took) = self
            .send(Kind::WholeBook, PATH, req, StatusCode::OK)
            .await?;
        self.stats.record(Kind::WholeBook, took, Outcome::Ok);
        let Some(etag) = headers.get(reqwest::header::ETAG).cloned() else {
            self.stats
                .record(Kind::BookUnchanged, Duration::ZERO, Outcome::Error);
            self.stats.note_error(format!("{PATH}: no ETag"));
            return Err(Stop::Failed);
        };
        let req = ask(&self.http).header(reqwest::header::IF_NONE_MATCH, etag);
        let kind = Kind::BookUnchanged;
        let (_, body, took) = self.send(kind, PATH, req, StatusCode::NOT_MODIFIED).await?;
        // A book that changed in between (the run writes nothing in this mode) or a 200
        // where a 304 belongs both count as errors: a reload would pay the whole book.
        let outcome = if body.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        self.stats.record(kind, took, outcome);
        if outcome == Outcome::Error {
            self.stats
                .note_error(format!("{PATH}: the ETag did not give a 304"));
            return Err(Stop::Failed);
        }
        Ok(())
    }

    /// One kind of request alone, signed in once, until the budget is spent.
    async fn alone(&mut self) -> Result<(), Stop> {
        self.sign_in().await?;
        if self.s.only == Only::Book {
            loop {
                self.book_twice().await?;
            }
        }
        let ids = self.first_two_pages().await?;
        loop {
            match self.s.only {
                Only::CustomerPage if !ids.is_empty() => {
                    let id = ids[self.random(ids.len())];
                    let _: serde_json::Value = self
                        .call(
                            Kind::CustomerPage,
                            Method::GET,
                            &format!("/api/customers/{id}"),
                            None,
                        )
                        .await?;
                }
                _ => {
                    self.first_two_pages().await?;
                }
            }
        }
    }

    async fn sign_in(&mut self) -> Result<(), Stop> {
        let login = LoginRequest {
            username: self.s.username.clone(),
            password: self.s.password.clone(),
        };
        let _: serde_json::Value = self
            .call(
                Kind::SignIn,
                Method::POST,
                "/api/session",
                Some(json(&login)),
            )
            .await?;
        Ok(())
    }

    async fn session(&mut self, number: u32) -> Result<(), Stop> {
        if self.s.only != Only::Mixed {
            return self.alone().await;
        }
        self.sign_in().await?;
        if self.s.book_every > 0 && number.is_multiple_of(self.s.book_every) {
            let _: serde_json::Value = self
                .call(Kind::WholeBook, Method::GET, "/api/book/columns", None)
                .await?;
        }
        for round in 0..self.s.rounds {
            let ids = self.first_two_pages().await?;
            if ids.is_empty() {
                continue;
            }
            for _ in 0..3 {
                let id = ids[self.random(ids.len())];
                let _: serde_json::Value = self
                    .call(
                        Kind::CustomerPage,
                        Method::GET,
                        &format!("/api/customers/{id}"),
                        None,
                    )
                    .await?;
            }
            let id = ids[self.random(ids.len())];
            let reveal = RevealRequest {
                field: RevealField::Phone,
            };
            let _: serde_json::Value = self
                .call(
                    Kind::Reveal,
                    Method::POST,
                    &format!("/api/customers/{id}/reveal"),
                    Some(json(&reveal)),
                )
                .await?;
            let contact = NewInteraction {
                kind: InteractionKind::Call,
                channel: Channel::Phone,
                occurred_on: self.s.today,
                outcome: InteractionOutcome::Interested,
                note: Some("load test: call about a maturing deposit".into()),
                next_step: None,
                next_contact_on: None,
            };
            let _: serde_json::Value = self
                .call(
                    Kind::ContactWrite,
                    Method::POST,
                    &format!("/api/customers/{id}/interactions"),
                    Some(json(&contact)),
                )
                .await?;
            if round % 4 == 3 {
                self.complaint(id).await?;
            }
        }
        let _: serde_json::Value = self
            .call(Kind::SignOut, Method::DELETE, "/api/session", None)
            .await?;
        Ok(())
    }

    /// A complaint received and taken step by step to closed.
    async fn complaint(&mut self, customer: i64) -> Result<(), Stop> {
        let new = NewComplaint {
            channel: ComplaintChannel::Phone,
            content_type: ComplaintContentType::Service,
            severity: ComplaintSeverity::General,
            description: "load test: waited too long at the counter".into(),
            customer_request: "an apology".into(),
        };
        let mut c: Complaint = self
            .call(
                Kind::ComplaintStep,
                Method::POST,
                &format!("/api/customers/{customer}/complaints"),
                Some(json(&new)),
            )
            .await?;
        while let Some(to) = next_complaint_status(c.status) {
            let step = ComplaintTransition {
                to,
                version: c.version,
                note: None,
                resolution: (to == ComplaintStatus::Resolved)
                    .then(|| "apologised; the queue system was fixed".into()),
                feedback: (to == ComplaintStatus::Closed).then(|| "satisfied".into()),
                no_feedback_reason: None,
            };
            c = self
                .call(
                    Kind::ComplaintStep,
                    Method::POST,
                    &format!("/api/complaints/{}/transitions", c.id),
                    Some(json(&step)),
                )
                .await?;
        }
        Ok(())
    }
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("request bodies serialise")
}

/// Sessions one after another until the budget is spent.
pub async fn run(session: Session, budget: Arc<Budget>) -> Stats {
    let mut client = Client1 {
        http: Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(120))
            .build()
            .expect("an HTTP client"),
        rng: session.seed.max(1),
        s: &session,
        budget: &budget,
        stats: Stats::default(),
    };
    let mut number = 0;
    // A failed session (recorded) is followed by a new one; a spent budget ends the run.
    while let Ok(()) | Err(Stop::Failed) = client.session(number).await {
        number += 1;
    }
    client.stats
}
