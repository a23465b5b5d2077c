//! The whole book's ETag, known before the book is read (issue 16: a reload of an
//! unchanged book costs a few hundred bytes *and* a few milliseconds). The tag is the
//! SHA-256 of what the body is made from, not of the body: the caller's scope, the
//! business date, the scope's data version (bumped by triggers in the transaction of every
//! write to what a book holds: ARCHITECTURE.md, "Big scopes"), the masking policy's
//! version, the format, and the encoders' own fingerprint. A matching `If-None-Match`
//! then answers 304 after one small query instead of reading, masking and encoding
//! every customer of the scope again.
//!
//! Why it can be trusted as a strong tag: the data version is read before the book and
//! again after it is encoded; only when both reads agree (no write in between, so the
//! body is exactly the data of that version) does the body go out under the basis tag,
//! and otherwise under the SHA-256 of its bytes, which the next request's basis never
//! matches (one full book more, never a stale one).

use crate::audit::Origin;
use crate::error::AppResult;
use crate::routes::figures::policy_version;
use crate::scope::Scope;
use crate::web::strong_etag;
use crate::AppState;
use clientbook_domain::api::{AuditAction, Me};
use clientbook_domain::columns::BookColumns;
use clientbook_domain::{book_wire, synth, ScoringPolicy};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// What one whole-book body is made from, but for the data version.
pub struct BookBasis {
    fixed: String,
}

impl BookBasis {
    pub fn new(
        state: &AppState,
        me: &Me,
        policy: &ScoringPolicy,
        format: &str,
    ) -> AppResult<BookBasis> {
        Ok(BookBasis {
            fixed: format!(
                "{:?}|{}|{}|{format}|{}",
                Scope::of(me),
                state.settings.today(),
                policy_version(policy)?,
                encoders(),
            ),
        })
    }

    /// The tag of a body made from this basis at the scope's data version now.
    pub async fn tag_now(&self, state: &AppState, me: &Me) -> AppResult<String> {
        let data = state.storage.data_version(Scope::of(me)).await?;
        Ok(strong_etag(format!("{}|{data}", self.fixed).as_bytes()))
    }
}

/// The encoders' fingerprint: this build's version and the SHA-256 of a small generated
/// book in both formats. A server whose encoders lay a book out differently (a new
/// release, instances of two releases behind one balancer) has another, so its tags
/// never revalidate a body the other made; instances of one build agree.
fn encoders() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let book = synth::generate_book(6, 16, today);
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(book_wire::encode(today, &book.customers).unwrap_or_default());
        if let Ok(columns) = BookColumns::from_customers(today, &book.customers) {
            h.update(serde_json::to_vec(&columns).unwrap_or_default());
        }
        hex::encode(&h.finalize()[..8])
    })
}

/// A book the caller already holds: the read is audited all the same (the browser
/// shows the book again), saying it was not sent.
pub async fn audit_not_modified(state: &AppState, me: &Me, origin: &Origin) -> AppResult<()> {
    let mut entry = origin.entry(me, AuditAction::ReadBook);
    entry.detail = Some("not modified".to_owned());
    state.storage.audit(&entry).await
}
