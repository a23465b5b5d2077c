//! A readable error in place of what could not be loaded, never a raw error or a blank.
//! A missing or expired session (401) ends the session, which sends the user to sign in.

use crate::api::ApiError;
use crate::i18n::{Locale, Msg};
use crate::state::{use_locale, use_session};
use leptos::prelude::*;

/// The sentence the user reads for an error.
pub fn error_text(error: &ApiError, locale: Locale) -> String {
    let own = |msg: Msg| msg.text(locale).to_owned();
    // The server's sentences are English: shown as they are in English, and after our
    // own sentence in Chinese when they carry facts (such as until when).
    let with_detail = |msg: Msg, detail: &str| match (locale, detail.is_empty()) {
        (_, true) => own(msg),
        (Locale::En, false) => detail.to_owned(),
        (Locale::ZhCn, false) => format!("{}（{detail}）", msg.text(locale)),
    };
    match error {
        ApiError::Unauthorized => own(Msg::ErrorSessionExpired),
        ApiError::InvalidCredentials(m) => match locale {
            Locale::En if !m.is_empty() => m.clone(),
            _ => own(Msg::WrongCredentials),
        },
        ApiError::Locked(m) => with_detail(Msg::AccountLocked, m),
        ApiError::Forbidden(_) => own(Msg::ErrorForbidden),
        ApiError::Validation(_) => own(Msg::ErrorValidation),
        ApiError::Network => own(Msg::ErrorNetwork),
        ApiError::Server(_) => own(Msg::ErrorServer),
    }
}

#[component]
pub fn ErrorView(
    /// What went wrong.
    #[prop(into)]
    error: Signal<ApiError>,
    /// Offered as a "Try again" button when given.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    Effect::new(move |_| {
        if error.get() == ApiError::Unauthorized {
            session.session_expired();
        }
    });
    view! {
        <div class="error-view" role="alert">
            <h2 class="error-title">{locale.t(Msg::ErrorTitle)}</h2>
            <p>{move || error_text(&error.get(), locale.get())}</p>
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" class="btn" on:click=move |_| retry.run(())>
                            {locale.t(Msg::TryAgain)}
                        </button>
                    }
                })}
        </div>
    }
}

/// The fallback of an `ErrorBoundary`: the first error, read as an [`ApiError`].
#[component]
pub fn BoundaryErrors(
    /// The boundary's errors.
    errors: ArcRwSignal<Errors>,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        errors.with(|errs| {
            errs.iter()
                .next()
                .map(|(_, e)| {
                    e.downcast_ref::<ApiError>()
                        .cloned()
                        .unwrap_or_else(|| ApiError::Server(e.to_string()))
                })
                .unwrap_or_else(|| ApiError::Server(String::new()))
        })
    });
    match on_retry {
        Some(on_retry) => view! { <ErrorView error on_retry /> }.into_any(),
        None => view! { <ErrorView error /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_wrong_password_uses_the_servers_english_sentence() {
        let e = ApiError::InvalidCredentials("Wrong username or password.".into());
        assert_eq!(error_text(&e, Locale::En), "Wrong username or password.");
        assert_eq!(error_text(&e, Locale::ZhCn), "用户名或密码错误。");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_lockout_keeps_the_time_it_ends_in_both_languages() {
        let e = ApiError::Locked("Locked until 15:30.".into());
        assert_eq!(error_text(&e, Locale::En), "Locked until 15:30.");
        assert!(error_text(&e, Locale::ZhCn).contains("15:30"));
        assert_eq!(
            error_text(&ApiError::Locked(String::new()), Locale::En),
            "This account is locked."
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn internal_details_are_never_shown() {
        let e = ApiError::Server("unreadable answer: expected `,` at line 1".into());
        assert_eq!(
            error_text(&e, Locale::En),
            "The server could not complete the request."
        );
    }
}
