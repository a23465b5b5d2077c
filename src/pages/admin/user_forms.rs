//! The account forms: create a staff account, and set a new password for one.

use super::{field_problems, form_error, problem_of, UsersResult};
use crate::api::admin::{create_user, reset_password};
use crate::components::{Autocomplete, FieldError, InputKind, TextField};
use crate::i18n::Msg;
use crate::state::use_locale;
use clientbook_domain::api::{FieldProblem, Role};
use clientbook_domain::service::NewUser;
use clientbook_domain::{BranchId, UserId};
use leptos::prelude::*;

const ROLES: [Role; 4] = [
    Role::RelationshipManager,
    Role::BranchManager,
    Role::Compliance,
    Role::Admin,
];

fn role_code(role: Role) -> &'static str {
    match role {
        Role::RelationshipManager => "RelationshipManager",
        Role::BranchManager => "BranchManager",
        Role::Compliance => "Compliance",
        Role::Admin => "Admin",
    }
}

#[component]
pub(super) fn CreateUserPanel(version: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::RelationshipManager);
    let branch = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldProblem>::new());
    let create = Action::new_local(|u: &NewUser| {
        let u = u.clone();
        async move { create_user(&u).await }
    });
    let pending = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            username.set(String::new());
            display_name.set(String::new());
            branch.set(String::new());
            password.set(String::new());
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => errors.set(field_problems(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let branch_text = branch.get_untracked();
        let branch_id = match branch_text.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) => Some(BranchId(n)),
                Err(_) => {
                    errors.set(vec![FieldProblem {
                        field: "branch_id".into(),
                        problem: Msg::MustBeWholeNumber.text(locale.get_untracked()).into(),
                    }]);
                    return;
                }
            },
        };
        errors.set(Vec::new());
        create.dispatch(NewUser {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            branch_id,
            password: password.get_untracked(),
        });
    };
    const SHOWN: [&str; 5] = ["username", "display_name", "role", "branch_id", "password"];
    view! {
        <section class="panel admin-panel" aria-labelledby="create-user-title">
            <h2 id="create-user-title">{locale.t(Msg::CreateUserTitle)}</h2>
            <form
                class="admin-form"
                data-testid="create-user-form"
                on:submit=submit
                novalidate=true
            >
                <TextField
                    id="new-username"
                    label=locale.t(Msg::Username)
                    value=username
                    autocomplete=Autocomplete::Off
                    field="username"
                    error=problem_of(errors, "username")
                />
                <TextField
                    id="new-display-name"
                    label=locale.t(Msg::ColDisplayName)
                    value=display_name
                    autocomplete=Autocomplete::Off
                    field="display_name"
                    error=problem_of(errors, "display_name")
                />
                <div class="field">
                    <label for="new-role">{locale.t(Msg::ColRole)}</label>
                    <select
                        id="new-role"
                        name="role"
                        aria-describedby="new-role-error"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(r) = ROLES.into_iter().find(|r| role_code(*r) == v) {
                                role.set(r);
                            }
                        }
                    >
                        {ROLES
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <option value=role_code(r) selected=move || role.get() == r>
                                        {locale.t(Msg::role(r))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldError id="new-role-error" error=problem_of(errors, "role") field="role" />
                </div>
                <TextField
                    id="new-branch"
                    label=locale.t(Msg::BranchOptional)
                    value=branch
                    kind=InputKind::WholeNumber
                    autocomplete=Autocomplete::Off
                    field="branch_id"
                    error=problem_of(errors, "branch_id")
                />
                <TextField
                    id="new-password"
                    label=locale.t(Msg::InitialPassword)
                    value=password
                    kind=InputKind::Password
                    autocomplete=Autocomplete::NewPassword
                    field="password"
                    error=problem_of(errors, "password")
                />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="create-user"
                        disabled=move || pending.get()
                    >
                        {locale.t(Msg::CreateUser)}
                    </button>
                </div>
            </form>
            {move || match create.value().get() {
                Some(Ok(u)) if !pending.get() => {
                    view! {
                        <p class="notice" role="status" data-testid="user-created">
                            {locale.t(Msg::UserCreated)}
                            " "
                            {u.username}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if !pending.get() => {
                    let text = form_error(&e, &SHOWN, locale.get())
                        .unwrap_or_else(|| Msg::ErrorValidation.text(locale.get()).to_owned());
                    view! {
                        <p class="form-error" role="alert" data-testid="create-user-error">
                            {text}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
pub(super) fn ResetPasswordPanel(
    list: LocalResource<UsersResult>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let target = RwSignal::new(None::<UserId>);
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldProblem>::new());
    let reset = Action::new_local(|(id, password): &(UserId, String)| {
        let (id, password) = (*id, password.clone());
        async move { reset_password(id, password).await }
    });
    let pending = reset.pending();
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            password.set(String::new());
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => errors.set(field_problems(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = target.get_untracked() {
            errors.set(Vec::new());
            reset.dispatch((id, password.get_untracked()));
        }
    };
    let options = move || {
        list.get()
            .and_then(Result::ok)
            .map(|r| r.users)
            .unwrap_or_default()
            .into_iter()
            .map(|u| {
                let id = u.id;
                view! {
                    <option value=id.0 selected=move || target.get() == Some(id)>
                        {format!("{} ({})", u.username, u.display_name)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel admin-panel" aria-labelledby="reset-title">
            <h2 id="reset-title">{locale.t(Msg::ResetPasswordTitle)}</h2>
            <form class="admin-form" data-testid="reset-password-form" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="reset-user">{locale.t(Msg::ResetPasswordUser)}</label>
                    <select
                        id="reset-user"
                        on:change=move |ev| {
                            target.set(event_target_value(&ev).parse::<i64>().ok().map(UserId))
                        }
                    >
                        <option value="" selected=move || target.get().is_none()>
                            {locale.t(Msg::ChooseRm)}
                        </option>
                        {options}
                    </select>
                </div>
                <TextField
                    id="reset-password"
                    label=locale.t(Msg::NewPassword)
                    value=password
                    kind=InputKind::Password
                    autocomplete=Autocomplete::NewPassword
                    field="password"
                    error=problem_of(errors, "password")
                />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="reset-password"
                        disabled=move || pending.get() || target.get().is_none()
                    >
                        {locale.t(Msg::ResetPassword)}
                    </button>
                </div>
            </form>
            {move || match reset.value().get() {
                Some(Ok(_)) if !pending.get() => {
                    view! {
                        <p class="notice" role="status" data-testid="password-reset">
                            {locale.t(Msg::PasswordWasReset)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if !pending.get() => {
                    form_error(&e, &["password"], locale.get())
                        .map(|text| {
                            view! {
                                <p class="form-error" role="alert" data-testid="reset-password-error">
                                    {text}
                                </p>
                            }
                        })
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}
