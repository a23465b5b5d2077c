//! Sending the queued changes when the connection returns, in the order they were made,
//! each with its idempotency key: exactly once, however often a send is retried. What
//! the server answers decides what becomes of each (docs/rules.md, Offline).

use super::store::{self, Change, Conflict, Queued, Refused};
use crate::api::{exchange_once, Answer, ApiError};
use clientbook_domain::api::{ConflictBody, ErrorBody};
use clientbook_domain::error_code::ErrorCode;
use gloo_net::http::Method;
use serde_json::Value;
use std::collections::HashMap;

/// What became of one queued change.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Written (or written before: the server gave its first answer again).
    Sent(Value),
    /// The record changed meanwhile on the server: the advisor chooses.
    Conflict(Value),
    /// Refused for good, with the reason to show.
    Refused(Reason),
    /// Not now (no network, session ended, server busy): stays queued.
    Later,
}

/// Why the server refused a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// 404/403: the customer is no longer in the advisor's book (reassigned).
    OutOfScope,
    /// Anything else, in the server's words.
    Other(String),
}

/// The outcome of a refusal with `status` and its JSON body.
pub fn classify(status: u16, body: Option<&Value>) -> Outcome {
    let error = body.and_then(|b| serde_json::from_value::<ErrorBody>(b.clone()).ok());
    let code = error.as_ref().map(|e| e.code);
    match status {
        409 if code == Some(ErrorCode::StaleVersion) => {
            match body.and_then(|b| serde_json::from_value::<ConflictBody<Value>>(b.clone()).ok()) {
                Some(c) => Outcome::Conflict(c.current),
                None => Outcome::Conflict(Value::Null),
            }
        }
        // The same key still being handled (a send from another tab): retry later.
        409 if code == Some(ErrorCode::AlreadyExists) => Outcome::Later,
        401 | 408 | 423 | 429 => Outcome::Later,
        s if s >= 500 => Outcome::Later,
        403 | 404 => Outcome::Refused(Reason::OutOfScope),
        _ => {
            let mut words = error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| format!("HTTP {status}"));
            for f in error.iter().flat_map(|e| &e.fields) {
                words.push_str(&format!(" {}: {}.", f.field, f.problem));
            }
            Outcome::Refused(Reason::Other(words))
        }
    }
}

impl Change {
    fn method(&self) -> Method {
        match self {
            Change::NextContact(_) => Method::PUT,
            _ => Method::POST,
        }
    }

    fn url(&self, id: clientbook_domain::CustomerId) -> String {
        use crate::api::customer::url;
        match self {
            Change::Contact(_) => url::interactions(id),
            Change::Survey(_) => url::surveys(id),
            Change::Note(_) => url::notes(id),
            Change::NextContact(_) => url::next_contact(id),
        }
    }

    fn body(&self) -> Value {
        match self {
            Change::Contact(b) => serde_json::to_value(b),
            Change::Survey(b) => serde_json::to_value(b),
            Change::Note(b) => serde_json::to_value(b),
            Change::NextContact(b) => serde_json::to_value(b),
        }
        .unwrap_or_default()
    }
}

/// Send one queued change.
pub async fn send(q: &Queued) -> Outcome {
    let body = q.change.body();
    match exchange_once::<Value, Value>(
        q.change.method(),
        &q.change.url(q.customer_id),
        Some(&body),
        Some(&q.key),
    )
    .await
    {
        Ok(Answer::Ok(v)) => Outcome::Sent(v),
        Ok(Answer::Refused { status, body }) => classify(status, body.0.as_ref()),
        Err(ApiError::Network) => Outcome::Later,
        Err(e) => Outcome::Refused(Reason::Other(e.to_string())),
    }
}

/// The version a customer's record moved to by one of our own writes, read from its
/// answer (a contact's answer carries the contact plan's new version).
fn version_after(answer: &Value) -> Option<i64> {
    answer.pointer("/contact/version").and_then(Value::as_i64)
}

/// What a sync run did, for the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub sent: u32,
    pub conflicts: u32,
    pub refused: u32,
    pub waiting: u32,
}

/// Send every queued change in order. A change based on a version our own earlier
/// change moved on is rebased first (our contact is not someone else's edit).
pub async fn sync_all() -> Result<Tally, wasm_bindgen::JsValue> {
    let mut tally = Tally::default();
    let mut moved: HashMap<i64, (i64, i64)> = HashMap::new();
    for (name, mut q) in store::queue().await? {
        if let Change::NextContact(c) = &mut q.change {
            if let Some((from, to)) = moved.get(&q.customer_id.0) {
                if c.version == *from {
                    c.version = *to;
                }
            }
        }
        match send(&q).await {
            Outcome::Sent(answer) => {
                if let Some(v) = version_after(&answer) {
                    let entry = moved.entry(q.customer_id.0).or_insert((v - 1, v));
                    entry.1 = v;
                }
                store::remove(&name).await?;
                tally.sent += 1;
            }
            Outcome::Conflict(theirs) => {
                store::add_conflict(&Conflict {
                    queued: q,
                    theirs,
                    at_ms: store::now_ms(),
                })
                .await?;
                store::remove(&name).await?;
                tally.conflicts += 1;
            }
            Outcome::Refused(reason) => {
                let reason = match reason {
                    Reason::OutOfScope => String::from("out_of_scope"),
                    Reason::Other(words) => words,
                };
                store::refuse(&Refused {
                    queued: q,
                    reason,
                    at_ms: store::now_ms(),
                })
                .await?;
                store::remove(&name).await?;
                tally.refused += 1;
            }
            Outcome::Later => {
                tally.waiting += 1;
                // Keep the order: a later change may depend on this one.
                break;
            }
        }
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_stale_version_is_a_conflict_with_the_servers_record() {
        let body =
            json!({"code": "stale_version", "message": "changed", "current": {"version": 9}});
        assert_eq!(
            classify(409, Some(&body)),
            Outcome::Conflict(json!({"version": 9}))
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_customer_out_of_scope_is_refused_and_kept() {
        let body = json!({"code": "not_found", "message": "Not found."});
        assert_eq!(
            classify(404, Some(&body)),
            Outcome::Refused(Reason::OutOfScope)
        );
        assert_eq!(classify(403, None), Outcome::Refused(Reason::OutOfScope));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn answers_that_say_try_again_keep_the_change_queued() {
        for s in [401, 429, 500, 503] {
            assert_eq!(classify(s, None), Outcome::Later, "{s}");
        }
        let busy = json!({"code": "already_exists", "message": "in progress", "fields": []});
        assert_eq!(classify(409, Some(&busy)), Outcome::Later);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bad_change_is_refused_with_the_fields_named() {
        let body = json!({"code": "validation", "message": "Some fields are not valid.",
            "fields": [{"field": "occurred_on", "problem": "must not be in the future"}]});
        match classify(422, Some(&body)) {
            Outcome::Refused(Reason::Other(w)) => {
                assert!(w.contains("occurred_on: must not be in the future"))
            }
            other => panic!("{other:?}"),
        }
    }
}
