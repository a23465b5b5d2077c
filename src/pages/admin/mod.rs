//! Administration (`/admin`, admins only): staff accounts (list, create, reset a password,
//! disable and enable) and the scoring policy's tier thresholds, contact intervals and
//! care look-ahead windows (birthdays, holiday greetings).
//! Refusals of the server (422) are shown next to the field they name; a saved policy is
//! put in force at once (`use_policy().replace`), which rescores every book.
//! Other roles read that the view is not for them.

mod policy_editor;
mod policy_fields;
mod user_forms;
mod users_list;

pub use policy_fields::yuan_text;

use crate::api::admin::users;
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::components::Loading;
use crate::i18n::{Locale, Msg};
use crate::state::{use_locale, use_session};
use clientbook_domain::api::{FieldProblem, Role};
use clientbook_domain::service::UsersResponse;
use leptos::prelude::*;
use policy_editor::PolicyPanel;
use user_forms::{CreateUserPanel, ResetPasswordPanel};
use users_list::UsersPanel;

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let role = move || session.user().map(|me| me.role);
    view! {
        <section class="page admin-page" aria-labelledby="admin-title">
            <header class="page-header">
                <h1 id="admin-title">{locale.t(Msg::AdminTitle)}</h1>
            </header>
            {move || match role() {
                None => view! { <Loading /> }.into_any(),
                Some(Role::Admin) => view! { <AdminLoaded /> }.into_any(),
                Some(_) => {
                    view! {
                        <p class="notice" role="status" data-testid="not-for-role">
                            {locale.t(Msg::NotForRoleAdmin)}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The accounts as last listed.
type UsersResult = Result<UsersResponse, ApiError>;

#[component]
fn AdminLoaded() -> impl IntoView {
    // Bumped after every change to an account, to list the accounts again.
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        users()
    });
    view! {
        <UsersPanel list version />
        <CreateUserPanel version />
        <ResetPasswordPanel list version />
        <PolicyPanel />
    }
}

/// The problem with `field` among `errors` (tracked), for the field's inline message.
fn problem_of(errors: RwSignal<Vec<FieldProblem>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|p| p.field == field)
                .map(|p| p.problem.clone())
        })
    })
}

/// The sentence for a refusal that no field of the form shows: the problems of fields
/// the form does not have, or the error itself.
fn form_error(error: &ApiError, shown: &[&str], locale: Locale) -> Option<String> {
    match error {
        ApiError::Validation(fields) => {
            let rest: Vec<String> = fields
                .iter()
                .filter(|f| !shown.contains(&f.field.as_str()))
                .map(|f| format!("{}: {}", f.field, f.problem))
                .collect();
            (!rest.is_empty()).then(|| rest.join("; "))
        }
        ApiError::Server(m) | ApiError::Forbidden(m) if !m.is_empty() && locale == Locale::En => {
            Some(m.clone())
        }
        other => Some(error_text(other, locale)),
    }
}

/// The field problems of a refusal (none for other errors).
fn field_problems(error: &ApiError) -> Vec<FieldProblem> {
    match error {
        ApiError::Validation(f) => f.clone(),
        _ => Vec::new(),
    }
}
