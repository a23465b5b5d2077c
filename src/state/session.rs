//! Who is signed in. The signed-in [`Me`] is a resource loaded from `GET /api/me` when the
//! app starts and set directly on sign-in and sign-out, so that guarded routes follow it.
//!
//! The session cookie is HttpOnly, so the app cannot see it. A hint in localStorage
//! (no secret: just "this browser signed in and has not signed out") decides whether
//! asking `GET /api/me` is worthwhile; a first visit goes straight to the sign-in page
//! without a request that would fail with 401.

use crate::api::{self, ApiError};
use clientbook_domain::api::Me;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionContext {
    me: LocalResource<Result<Me, ApiError>>,
    signed_in: Memo<Option<bool>>,
    /// Set when a call found the session gone, so the sign-in page can say why.
    expired: RwSignal<bool>,
}

impl SessionContext {
    /// The signed-in user; `None` while loading or when signed out (tracked).
    pub fn user(self) -> Option<Me> {
        self.me
            .with(|m| m.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }

    /// `Some(true)` when signed in, `Some(false)` when not, `None` while still asking.
    pub fn signed_in(self) -> Option<bool> {
        self.signed_in.get()
    }

    /// Whether the last sign-out was the session expiring rather than the user's choice.
    pub fn expired(self) -> bool {
        self.expired.get()
    }

    /// Record a successful sign-in.
    pub fn signed_in_as(self, me: Me) {
        hint::set(true);
        self.expired.set(false);
        self.me.set(Some(Ok(me)));
    }

    /// The session was locked to a meeting (`Some`) or left it with the PIN (`None`): the
    /// app follows (meeting mode shows only the meeting).
    pub fn set_meeting(self, meeting_id: Option<i64>) {
        if let Some(Ok(mut me)) = self.me.get_untracked() {
            me.meeting_id = meeting_id;
            self.me.set(Some(Ok(me)));
        }
    }

    /// The meeting the session is locked to, if any (tracked).
    pub fn meeting(self) -> Option<i64> {
        self.user().and_then(|me| me.meeting_id)
    }

    /// Record a sign-out the user asked for.
    pub fn signed_out(self) {
        hint::set(false);
        self.expired.set(false);
        self.me.set(Some(Err(ApiError::Unauthorized)));
    }

    /// Record that the server no longer knows this session (a 401 on any call).
    pub fn session_expired(self) {
        hint::set(false);
        if self.signed_in.get_untracked() != Some(false) {
            self.expired.set(true);
            self.me.set(Some(Err(ApiError::Unauthorized)));
        }
    }
}

pub fn provide_session_context() -> SessionContext {
    let me = LocalResource::new(|| async {
        if !hint::get() {
            return Err(ApiError::Unauthorized);
        }
        let me = api::me().await;
        if me == Err(ApiError::Unauthorized) {
            hint::set(false);
        }
        me
    });
    let signed_in = Memo::new(move |_| me.with(|m| m.as_ref().map(Result::is_ok)));
    let ctx = SessionContext {
        me,
        signed_in,
        expired: RwSignal::new(false),
    };
    provide_context(ctx);
    ctx
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// The "signed in on this browser" hint in localStorage.
mod hint {
    const KEY: &str = "clientbook.signed-in";

    fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    /// Whether to ask the server who is signed in; true when storage is unavailable.
    pub fn get() -> bool {
        match storage() {
            Some(s) => s.get_item(KEY).ok().flatten().is_some(),
            None => true,
        }
    }

    pub fn set(signed_in: bool) {
        if let Some(s) = storage() {
            let _ = if signed_in {
                s.set_item(KEY, "1")
            } else {
                s.remove_item(KEY)
            };
        }
    }
}
