//! Who is signed in. The signed-in [`Me`] is a resource loaded from `GET /api/me` when the
//! app starts and set directly on sign-in and sign-out, so that guarded routes follow it.
//!
//! The session cookie is HttpOnly, so the app cannot see it. A hint in localStorage
//! (no secret: just "this browser signed in and has not signed out") decides whether
//! asking `GET /api/me` is worthwhile; a first visit goes straight to the sign-in page
//! without a request that would fail with 401.
//!
//! With no network, `GET /api/me` cannot answer: if this browser kept a sealed session
//! and prepared customers (src/offline/), the app opens from them, "offline only"
//! ([`SessionContext::offline_only`]), and asks the server again when the network
//! returns. A 401 is always "signed out".

use crate::api::{self, ApiError};
use clientbook_domain::api::Me;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionContext {
    me: LocalResource<Result<Me, ApiError>>,
    signed_in: Memo<Option<bool>>,
    /// Set when a call found the session gone, so the sign-in page can say why.
    expired: RwSignal<bool>,
    /// Set while the signed-in user comes from the copy kept for offline use, not from
    /// the server (no network when the app started).
    offline_only: RwSignal<bool>,
}

impl SessionContext {
    /// The signed-in user; `None` while loading or when signed out (tracked).
    pub fn user(self) -> Option<Me> {
        self.me
            .with(|m| m.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }

    /// The signed-in user, without tracking.
    pub fn user_untracked(self) -> Option<Me> {
        self.me
            .with_untracked(|m| m.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }

    /// Whether the session was opened from the copy kept for offline use (tracked): only
    /// the prepared customers can be shown until the server is asked again.
    pub fn offline_only(self) -> bool {
        self.offline_only.get()
    }

    pub fn offline_only_untracked(self) -> bool {
        self.offline_only.get_untracked()
    }

    /// Ask the server again who is signed in (the network returned).
    pub fn recheck(self) {
        self.me.refetch();
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
        self.offline_only.set(false);
        self.me.set(Some(Ok(me.clone())));
        remember(me);
    }

    /// The session was locked to a meeting (`Some`) or left it with the PIN (`None`): the
    /// app follows (meeting mode shows only the meeting).
    pub fn set_meeting(self, meeting_id: Option<i64>) {
        if let Some(Ok(mut me)) = self.me.get_untracked() {
            me.meeting_id = meeting_id;
            self.me.set(Some(Ok(me.clone())));
            remember(me);
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
        self.offline_only.set(false);
        self.me.set(Some(Err(ApiError::Unauthorized)));
    }

    /// Record that the server no longer knows this session (a 401 on any call).
    pub fn session_expired(self) {
        hint::set(false);
        self.offline_only.set(false);
        leptos::task::spawn_local(crate::offline::session_ended());
        if self.signed_in.get_untracked() != Some(false) {
            self.expired.set(true);
            self.me.set(Some(Err(ApiError::Unauthorized)));
        }
    }
}

/// Keep the signed-in user sealed for opening offline (src/offline/).
fn remember(me: Me) {
    let locale = use_context::<super::LocaleContext>().map(|l| l.get_untracked());
    leptos::task::spawn_local(crate::offline::remember_session(
        me,
        locale.unwrap_or_default(),
        None,
    ));
}

pub fn provide_session_context() -> SessionContext {
    let offline_only = RwSignal::new(false);
    let expired = RwSignal::new(false);
    let locale = use_context::<super::LocaleContext>();
    let me = LocalResource::new(move || async move {
        if !hint::get() {
            return Err(ApiError::Unauthorized);
        }
        let me = api::me().await;
        match &me {
            Ok(me) => {
                offline_only.set(false);
                let locale = locale.map(|l| l.get_untracked()).unwrap_or_default();
                crate::offline::remember_session(me.clone(), locale, None).await;
            }
            Err(ApiError::Unauthorized) => {
                hint::set(false);
                // Opened offline, and the server ended the session meanwhile.
                if offline_only.get_untracked() {
                    expired.set(true);
                }
                offline_only.set(false);
                crate::offline::session_ended().await;
            }
            Err(ApiError::Network) => {
                if let Some(sealed) = crate::offline::sealed_session().await {
                    let kept = crate::i18n::Locale::from_tag(&sealed.locale);
                    if let (Some(ctx), Some(kept)) = (locale, kept) {
                        ctx.set(kept);
                    }
                    offline_only.set(true);
                    return Ok(sealed.me);
                }
            }
            Err(_) => {}
        }
        me
    });
    let signed_in = Memo::new(move |_| me.with(|m| m.as_ref().map(Result::is_ok)));
    let ctx = SessionContext {
        me,
        signed_in,
        expired,
        offline_only,
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
