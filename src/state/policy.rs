//! The bank's scoring policy, shared by every screen that scores customers. Fetched once
//! after sign-in and kept for the session in a signal: replacing it (a policy edit, a
//! what-if) rescores the book at once through [`crate::state::book`], without a reload.
//!
//! API: `use_policy()`; `load().await` (the cached policy, else `GET /api/policy`);
//! `current()` (tracked, `None` until loaded); `current_untracked()`; `replace(policy)`;
//! `forget()` on sign-out.
//!
//! Freshness: while signed in (and the policy was loaded), `GET /api/policy` is asked
//! again every [`REFRESH_EVERY`] when the tab is visible, and the policy replaced only when
//! it differs, so an admin's change rescores every open book without a reload.

use crate::api::{self, ApiError};
use clientbook_domain::ScoringPolicy;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How often the policy in force is checked against the server's.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);

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

    /// The policy in force, without tracking.
    pub fn current_untracked(self) -> Option<Arc<ScoringPolicy>> {
        self.current.get_untracked()
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
    #[cfg(target_arch = "wasm32")]
    start_refresh(ctx);
    ctx
}

/// Check the policy against the server's every [`REFRESH_EVERY`] (for the app's life).
/// Nothing is asked while signed out, before the policy was first loaded, or while the
/// tab is hidden; a failed check is ignored (the next one tries again).
#[cfg(target_arch = "wasm32")]
fn start_refresh(ctx: PolicyContext) {
    let in_flight = StoredValue::new_local(false);
    set_interval(
        move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden || in_flight.get_value() || ctx.current.get_untracked().is_none() {
                return;
            }
            in_flight.set_value(true);
            leptos::task::spawn_local(async move {
                let fresh = api::policy().await;
                in_flight.set_value(false);
                if let Ok(fresh) = fresh {
                    ctx.refreshed(fresh);
                }
            });
        },
        REFRESH_EVERY,
    );
}

#[cfg(target_arch = "wasm32")]
impl PolicyContext {
    /// Take a freshly fetched policy: replaced only when it differs from the one in force,
    /// and only while one is in force (a sign-out during the request forgets it).
    fn refreshed(self, fresh: ScoringPolicy) {
        let differs = self
            .current
            .with_untracked(|c| c.as_deref().is_some_and(|c| *c != fresh));
        if differs {
            self.replace(fresh);
        }
    }
}

pub fn use_policy() -> PolicyContext {
    expect_context::<PolicyContext>()
}
