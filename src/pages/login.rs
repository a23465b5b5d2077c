//! The sign-in page: username and password, the server's answer shown inline.

use crate::api;
use crate::components::error_view::error_text;
use crate::components::{Autocomplete, InputKind, TextField};
use crate::i18n::Msg;
use crate::state::{use_locale, use_session};
use clientbook_domain::api::LoginRequest;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The sign-in problem under the form, which describes both inputs.
const PROBLEM_ID: &str = "login-problem";

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();

    // Typed into index.html's first screen before the app took over.
    let typed = crate::boot::typed_sign_in();
    let username = RwSignal::new(typed.username);
    let password = RwSignal::new(typed.password);
    let incomplete = RwSignal::new(false);
    // Drawn after the mount (the session check came first): take the focus over now.
    Effect::new(|_| crate::boot::restore_focus());

    let sign_in = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { api::sign_in(&request).await }
    });
    let pending = sign_in.pending();

    Effect::new(move |_| {
        if let Some(Ok(me)) = sign_in.value().get() {
            password.set(String::new());
            crate::boot::forget_typed();
            session.signed_in_as(me);
        }
    });
    // Signed in, now or already: go to the book.
    Effect::new(move |_| {
        if session.signed_in() == Some(true) {
            navigate("/", Default::default());
        }
    });

    let problem = move || {
        if pending.get() {
            return None;
        }
        if incomplete.get() {
            return Some(Msg::FillBothFields.text(locale.get()).to_owned());
        }
        match sign_in.value().get() {
            Some(Err(e)) => Some(error_text(&e, locale.get())),
            _ => None,
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let missing = request.username.is_empty() || request.password.is_empty();
        incomplete.set(missing);
        if !missing {
            sign_in.dispatch(request);
        }
    };

    view! {
        <section class="page login-page" aria-labelledby="login-title">
            <form class="login-card" on:submit=on_submit novalidate=true>
                <h1 id="login-title">{locale.t(Msg::SignInTitle)}</h1>
                <p class="muted">{locale.t(Msg::SignInIntro)}</p>
                <Show when=move || session.expired()>
                    <p class="notice" role="status">
                        {locale.t(Msg::ErrorSessionExpired)}
                    </p>
                </Show>
                <TextField
                    id="username"
                    label=locale.t(Msg::Username)
                    value=username
                    autocomplete=Autocomplete::Username
                    field="username"
                    invalid=Signal::derive(move || problem().is_some())
                    described_by=PROBLEM_ID
                />
                <TextField
                    id="password"
                    label=locale.t(Msg::Password)
                    value=password
                    kind=InputKind::Password
                    autocomplete=Autocomplete::CurrentPassword
                    field="password"
                    invalid=Signal::derive(move || problem().is_some())
                    described_by=PROBLEM_ID
                />
                {move || {
                    problem()
                        .map(|text| {
                            view! {
                                <p class="form-error" role="alert" id=PROBLEM_ID>
                                    {text}
                                </p>
                            }
                        })
                }}
                <button
                    type="submit"
                    class="btn btn-primary btn-block"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                >
                    <Show when=move || pending.get()>
                        <span class="spinner spinner-on-dark" aria-hidden="true"></span>
                    </Show>
                    {locale.t(Msg::SignIn)}
                </button>
            </form>
        </section>
    }
}
