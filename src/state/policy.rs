//! The bank's scoring policy, shared by every screen that scores customers. Fetched once
//! after sign-in and kept for the session in a signal: replacing it (a policy edit, a
//! what-if) rescores the book at once through [`crate::state::book`], without a reload.
//!
//! API: `use_policy()`; `load().await` (the cached policy, else `GET /api/policy`);
//! `current()` (tracked, `None` until loaded); `replace(policy)`; `forget()` on sign-out.

use crate::api::{self, ApiError};
use clientbook_domain::ScoringPolicy;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct PolicyContext {
    current: RwSignal<Option<Arc<ScoringPolicy>>>,
}

impl PolicyContext {
    /// The policy: the one already fetched this session, else `GET /api/policy`.
    pub async fn load(self) -> Result<Arc<ScoringPolicy>, ApiError> {
        if let Some(policy) = self.current.get_untracked() {
            return Ok(policy);
        }
        let policy = Arc::new(api::policy().await?);
        self.current.set(Some(Arc::clone(&policy)));
        Ok(policy)
    }

    /// The policy in force (tracked); `None` before it is loaded.
    pub fn current(self) -> Option<Arc<ScoringPolicy>> {
        self.current.get()
    }

    /// Use another policy from now on: everything scored with it is rescored.
    pub fn replace(self, policy: ScoringPolicy) {
        self.current.set(Some(Arc::new(policy)));
    }

    /// Forget the policy (on sign-out): the next session fetches it afresh.
    pub fn forget(self) {
        self.current.set(None);
    }
}

pub fn provide_policy_context() -> PolicyContext {
    let ctx = PolicyContext {
        current: RwSignal::new(None),
    };
    provide_context(ctx);
    ctx
}

pub fn use_policy() -> PolicyContext {
    expect_context::<PolicyContext>()
}
