//! The bank's scoring policy, shared by every page that scores customers (tiers are
//! computed in the browser from it). Fetched on first use after sign-in and kept for
//! the session; pages await it inside their own resource, next to their data, so a
//! page never scores with a policy from before the sign-in.

use crate::api::{self, ApiError};
use clientbook_domain::ScoringPolicy;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct PolicyContext {
    cached: StoredValue<Option<Arc<ScoringPolicy>>>,
}

impl PolicyContext {
    /// The policy: the one already fetched this session, else `GET /api/policy`.
    pub async fn load(self) -> Result<Arc<ScoringPolicy>, ApiError> {
        if let Some(policy) = self.cached.get_value() {
            return Ok(policy);
        }
        let policy = Arc::new(api::policy().await?);
        self.cached.set_value(Some(Arc::clone(&policy)));
        Ok(policy)
    }

    /// Forget the policy (on sign-out): the next session fetches it afresh.
    pub fn forget(self) {
        self.cached.set_value(None);
    }
}

pub fn provide_policy_context() -> PolicyContext {
    let ctx = PolicyContext {
        cached: StoredValue::new(None),
    };
    provide_context(ctx);
    ctx
}

pub fn use_policy() -> PolicyContext {
    expect_context::<PolicyContext>()
}
