//! Administration (`/admin`, admins only): staff accounts (list, create, reset a password,
//! disable and enable) and the scoring policy's tier thresholds, contact intervals and
//! care look-ahead windows (birthdays, holiday greetings).
//! Refusals of the server (422) are shown next to the field they name; a saved policy is
//! put in force at once (`use_policy().replace`), which rescores every book.
//! Other roles read that the view is not for them.

use crate::api::admin::{create_user, reset_password, save_policy, set_disabled, users};
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::components::{ErrorView, Loading};
use crate::i18n::{Locale, Msg};
use crate::state::{use_locale, use_policy, use_session, LocaleContext};
use clientbook_domain::api::{FieldProblem, Role};
use clientbook_domain::service::{NewUser, UserSummary};
use clientbook_domain::{BranchId, Money, ScoringPolicy, Tier, UserId};
use leptos::prelude::*;
use std::sync::Arc;

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

/// The problem the server (or the form) found with `field`, if any.
fn problem_of(errors: &[FieldProblem], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|p| p.field == field)
        .map(|p| p.problem.clone())
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

/// The inline error under an input: `id` is what the input's `aria-describedby` names.
#[component]
fn FieldError(
    errors: RwSignal<Vec<FieldProblem>>,
    field: &'static str,
    id: &'static str,
) -> impl IntoView {
    move || {
        errors.with(|e| problem_of(e, field)).map(|problem| {
            view! {
                <p class="field-error" id=id data-testid=format!("field-error-{field}")>
                    {problem}
                </p>
            }
        })
    }
}

/// `aria-invalid` of the input for `field`.
fn invalid(errors: RwSignal<Vec<FieldProblem>>, field: &'static str) -> impl Fn() -> &'static str {
    move || {
        if errors.with(|e| e.iter().any(|p| p.field == field)) {
            "true"
        } else {
            "false"
        }
    }
}

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

type UsersResult = Result<clientbook_domain::service::UsersResponse, ApiError>;

#[component]
fn UsersPanel(list: LocalResource<UsersResult>, version: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let toggle = Action::new_local(|(id, disabled): &(UserId, bool)| {
        let (id, disabled) = (*id, *disabled);
        async move { set_disabled(id, disabled).await }
    });
    let pending = toggle.pending();
    Effect::new(move |_| {
        if let Some(Ok(_)) = toggle.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let row = move |u: UserSummary| {
        let id = u.id;
        let disabled = u.disabled;
        view! {
            <tr data-username=u.username.clone() data-user-id=u.id.0>
                <th scope="row">{u.username.clone()}</th>
                <td>{u.display_name.clone()}</td>
                <td data-testid="user-role">{locale.t(Msg::role(u.role))}</td>
                <td class="num">
                    {match u.branch_id {
                        Some(b) => b.0.to_string().into_any(),
                        None => locale.t(Msg::NoBranch).into_any(),
                    }}
                </td>
                <td data-testid="user-state">
                    <span class="user-state" class:user-disabled=disabled>
                        {locale.t(if disabled { Msg::UserDisabled } else { Msg::UserActive })}
                    </span>
                </td>
                <td>
                    <button
                        type="button"
                        class="btn btn-quiet"
                        data-testid="toggle-user"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            toggle.dispatch((id, !disabled));
                        }
                    >
                        {locale.t(if disabled { Msg::EnableUser } else { Msg::DisableUser })}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="panel admin-panel" aria-labelledby="users-title">
            <h2 id="users-title">{locale.t(Msg::UsersTitle)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| version.update(|v| *v += 1)) /> }
                        .into_any()
                }
                Some(Ok(r)) => {
                    view! {
                        <div class="table-scroll">
                            <table class="figures users-table" data-testid="users-table">
                                <caption class="visually-hidden">
                                    {locale.t(Msg::UsersTableLabel)}
                                </caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{locale.t(Msg::Username)}</th>
                                        <th scope="col">{locale.t(Msg::ColDisplayName)}</th>
                                        <th scope="col">{locale.t(Msg::ColRole)}</th>
                                        <th scope="col" class="num">{locale.t(Msg::ColBranch)}</th>
                                        <th scope="col">{locale.t(Msg::ColState)}</th>
                                        <th scope="col">{locale.t(Msg::ColActions)}</th>
                                    </tr>
                                </thead>
                                <tbody>{r.users.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            {move || match toggle.value().get() {
                Some(Ok(_)) if !pending.get() => {
                    view! {
                        <p class="notice" role="status" data-testid="user-state-changed">
                            {locale.t(Msg::UserStateChanged)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if !pending.get() => {
                    let text = form_error(&e, &[], locale.get()).unwrap_or_default();
                    view! {
                        <p class="form-error" role="alert" data-testid="user-state-error">
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
fn CreateUserPanel(version: RwSignal<u32>) -> impl IntoView {
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
                <div class="field">
                    <label for="new-username">{locale.t(Msg::Username)}</label>
                    <input
                        id="new-username"
                        name="username"
                        type="text"
                        autocomplete="off"
                        aria-invalid=invalid(errors, "username")
                        aria-describedby="new-username-error"
                        bind:value=username
                    />
                    <FieldError errors field="username" id="new-username-error" />
                </div>
                <div class="field">
                    <label for="new-display-name">{locale.t(Msg::ColDisplayName)}</label>
                    <input
                        id="new-display-name"
                        name="display_name"
                        type="text"
                        autocomplete="off"
                        aria-invalid=invalid(errors, "display_name")
                        aria-describedby="new-display-name-error"
                        bind:value=display_name
                    />
                    <FieldError errors field="display_name" id="new-display-name-error" />
                </div>
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
                    <FieldError errors field="role" id="new-role-error" />
                </div>
                <div class="field">
                    <label for="new-branch">{locale.t(Msg::BranchOptional)}</label>
                    <input
                        id="new-branch"
                        name="branch_id"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        aria-invalid=invalid(errors, "branch_id")
                        aria-describedby="new-branch-error"
                        bind:value=branch
                    />
                    <FieldError errors field="branch_id" id="new-branch-error" />
                </div>
                <div class="field">
                    <label for="new-password">{locale.t(Msg::InitialPassword)}</label>
                    <input
                        id="new-password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        aria-invalid=invalid(errors, "password")
                        aria-describedby="new-password-error"
                        bind:value=password
                    />
                    <FieldError errors field="password" id="new-password-error" />
                </div>
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
                    match form_error(&e, &SHOWN, locale.get()) {
                        Some(text) => {
                            view! {
                                <p class="form-error" role="alert" data-testid="create-user-error">
                                    {text}
                                </p>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p class="form-error" role="alert" data-testid="create-user-error">
                                    {locale.t(Msg::ErrorValidation)}
                                </p>
                            }
                                .into_any()
                        }
                    }
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn ResetPasswordPanel(list: LocalResource<UsersResult>, version: RwSignal<u32>) -> impl IntoView {
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
                <div class="field">
                    <label for="reset-password">{locale.t(Msg::NewPassword)}</label>
                    <input
                        id="reset-password"
                        type="password"
                        autocomplete="new-password"
                        aria-invalid=invalid(errors, "password")
                        aria-describedby="reset-password-error"
                        bind:value=password
                    />
                    <FieldError errors field="password" id="reset-password-error" />
                </div>
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

// ------------------------------------------------------------------ policy editor

/// An amount in whole yuan with thousands separators ("1,000,000"), fen only when present.
pub fn yuan_text(m: Money) -> String {
    let s = m.to_string().replacen('¥', "", 1);
    match s.strip_suffix(".00") {
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

type PolicyField = (Tier, &'static str, &'static str, &'static str);

/// An input of the policy editor: its label, wire path, input id and error id.
type InputSpec = (Msg, &'static str, &'static str, &'static str);

/// The inputs of per-tier fields, labelled with the tier.
fn tier_specs(fields: &[PolicyField]) -> impl Iterator<Item = InputSpec> + '_ {
    fields
        .iter()
        .map(|&(t, field, id, error_id)| (Msg::tier(t), field, id, error_id))
}

/// One labelled text input per policy field, each with its inline server error.
fn policy_inputs(
    specs: impl Iterator<Item = InputSpec>,
    values: Vec<RwSignal<String>>,
    inputmode: &'static str,
    errors: RwSignal<Vec<FieldProblem>>,
    locale: LocaleContext,
) -> impl IntoView {
    specs
        .zip(values)
        .map(|((label, field, id, error_id), value)| {
            view! {
                <div class="field">
                    <label for=id>{locale.t(label)}</label>
                    <input
                        id=id
                        name=field
                        type="text"
                        inputmode=inputmode
                        autocomplete="off"
                        data-field=field
                        aria-invalid=invalid(errors, field)
                        aria-describedby=error_id
                        bind:value=value
                    />
                    <FieldError errors field id=error_id />
                </div>
            }
        })
        .collect_view()
}

/// The editable fields: tier, wire path, input id, error id.
const TIER_FIELDS: [PolicyField; 4] = [
    (
        Tier::Gold,
        "tiers.gold",
        "policy-tier-gold",
        "policy-tier-gold-error",
    ),
    (
        Tier::Platinum,
        "tiers.platinum",
        "policy-tier-platinum",
        "policy-tier-platinum-error",
    ),
    (
        Tier::Diamond,
        "tiers.diamond",
        "policy-tier-diamond",
        "policy-tier-diamond-error",
    ),
    (
        Tier::PrivateBanking,
        "tiers.private_banking",
        "policy-tier-private-banking",
        "policy-tier-private-banking-error",
    ),
];

const DAY_FIELDS: [PolicyField; 5] = [
    (
        Tier::PrivateBanking,
        "contact.private_banking_days",
        "policy-days-private-banking",
        "policy-days-private-banking-error",
    ),
    (
        Tier::Diamond,
        "contact.diamond_days",
        "policy-days-diamond",
        "policy-days-diamond-error",
    ),
    (
        Tier::Platinum,
        "contact.platinum_days",
        "policy-days-platinum",
        "policy-days-platinum-error",
    ),
    (
        Tier::Gold,
        "contact.gold_days",
        "policy-days-gold",
        "policy-days-gold-error",
    ),
    (
        Tier::Standard,
        "contact.standard_days",
        "policy-days-standard",
        "policy-days-standard-error",
    ),
];

fn tier_money(p: &ScoringPolicy, tier: Tier) -> Money {
    match tier {
        Tier::Gold => p.tiers.gold,
        Tier::Platinum => p.tiers.platinum,
        Tier::Diamond => p.tiers.diamond,
        Tier::PrivateBanking => p.tiers.private_banking,
        Tier::Standard => Money::ZERO,
    }
}

fn set_tier_money(p: &mut ScoringPolicy, tier: Tier, m: Money) {
    match tier {
        Tier::Gold => p.tiers.gold = m,
        Tier::Platinum => p.tiers.platinum = m,
        Tier::Diamond => p.tiers.diamond = m,
        Tier::PrivateBanking => p.tiers.private_banking = m,
        Tier::Standard => {}
    }
}

fn set_days(p: &mut ScoringPolicy, tier: Tier, days: u32) {
    let c = &mut p.contact;
    match tier {
        Tier::PrivateBanking => c.private_banking_days = days,
        Tier::Diamond => c.diamond_days = days,
        Tier::Platinum => c.platinum_days = days,
        Tier::Gold => c.gold_days = days,
        Tier::Standard => c.standard_days = days,
    }
}

/// The whole number typed in `value`, or a problem for `field`.
fn whole_number(
    value: RwSignal<String>,
    field: &str,
    lang: Locale,
    problems: &mut Vec<FieldProblem>,
) -> Option<u32> {
    let parsed = value.get_untracked().trim().parse::<u32>().ok();
    if parsed.is_none() {
        problems.push(FieldProblem {
            field: field.into(),
            problem: Msg::MustBeWholeNumber.text(lang).into(),
        });
    }
    parsed
}

/// The care look-ahead windows the editor shows (policy `care.*_days`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CareWindow {
    Birthday,
    Holiday,
}

impl CareWindow {
    const ALL: [CareWindow; 2] = [CareWindow::Birthday, CareWindow::Holiday];

    const fn label(self) -> Msg {
        match self {
            CareWindow::Birthday => Msg::Birthdays,
            CareWindow::Holiday => Msg::HolidayGreetings,
        }
    }

    /// The wire path, the input's id and its error's id.
    const fn ids(self) -> (&'static str, &'static str, &'static str) {
        match self {
            CareWindow::Birthday => (
                "care.birthday_days",
                "policy-care-birthday-days",
                "policy-care-birthday-days-error",
            ),
            CareWindow::Holiday => (
                "care.holiday_days",
                "policy-care-holiday-days",
                "policy-care-holiday-days-error",
            ),
        }
    }

    fn spec(self) -> InputSpec {
        let (field, id, error_id) = self.ids();
        (self.label(), field, id, error_id)
    }

    fn days(self, p: &ScoringPolicy) -> u32 {
        match self {
            CareWindow::Birthday => p.care.birthday_days,
            CareWindow::Holiday => p.care.holiday_days,
        }
    }

    fn set(self, p: &mut ScoringPolicy, days: u32) {
        match self {
            CareWindow::Birthday => p.care.birthday_days = days,
            CareWindow::Holiday => p.care.holiday_days = days,
        }
    }
}

#[component]
fn PolicyPanel() -> impl IntoView {
    let locale = use_locale();
    let policy = use_policy();
    let loaded = LocalResource::new(move || policy.load());
    view! {
        <section class="panel admin-panel" aria-labelledby="policy-title">
            <h2 id="policy-title">{locale.t(Msg::PolicyTitle)}</h2>
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=Signal::stored(e) /> }.into_any(),
                Some(Ok(p)) => view! { <PolicyForm base=p /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PolicyForm(base: Arc<ScoringPolicy>) -> impl IntoView {
    let locale = use_locale();
    let policy = use_policy();
    let tiers: Vec<RwSignal<String>> = TIER_FIELDS
        .iter()
        .map(|(t, _, _, _)| RwSignal::new(yuan_text(tier_money(&base, *t))))
        .collect();
    let days: Vec<RwSignal<String>> = DAY_FIELDS
        .iter()
        .map(|(t, _, _, _)| RwSignal::new(base.contact.interval_days(*t).to_string()))
        .collect();
    let care: Vec<RwSignal<String>> = CareWindow::ALL
        .iter()
        .map(|w| RwSignal::new(w.days(&base).to_string()))
        .collect();
    let errors = RwSignal::new(Vec::<FieldProblem>::new());
    let save = Action::new_local(|p: &ScoringPolicy| {
        let p = p.clone();
        async move { save_policy(&p).await }
    });
    let pending = save.pending();
    {
        let (tiers, days, care) = (tiers.clone(), days.clone(), care.clone());
        Effect::new(move |_| match save.value().get() {
            Some(Ok(saved)) => {
                errors.set(Vec::new());
                for ((t, _, _, _), s) in TIER_FIELDS.iter().zip(&tiers) {
                    s.set(yuan_text(tier_money(&saved, *t)));
                }
                for ((t, _, _, _), s) in DAY_FIELDS.iter().zip(&days) {
                    s.set(saved.contact.interval_days(*t).to_string());
                }
                for (w, s) in CareWindow::ALL.iter().zip(&care) {
                    s.set(w.days(&saved).to_string());
                }
                policy.replace(saved);
            }
            Some(Err(e)) => errors.set(field_problems(&e)),
            None => {}
        });
    }
    let submit = {
        let (tiers, days, care, base) =
            (tiers.clone(), days.clone(), care.clone(), Arc::clone(&base));
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let lang = locale.get_untracked();
            // Edit the policy in force (it may have been refreshed since the form opened).
            let mut next = (*policy
                .current_untracked()
                .unwrap_or_else(|| Arc::clone(&base)))
            .clone();
            let mut problems = Vec::new();
            for ((t, field, _, _), s) in TIER_FIELDS.iter().zip(&tiers) {
                match Money::parse(&s.get_untracked()) {
                    Ok(m) => set_tier_money(&mut next, *t, m),
                    Err(e) => problems.push(FieldProblem {
                        field: (*field).into(),
                        problem: e.to_string(),
                    }),
                }
            }
            for ((t, field, _, _), s) in DAY_FIELDS.iter().zip(&days) {
                if let Some(d) = whole_number(*s, field, lang, &mut problems) {
                    set_days(&mut next, *t, d);
                }
            }
            for (w, s) in CareWindow::ALL.iter().zip(&care) {
                if let Some(d) = whole_number(*s, w.ids().0, lang, &mut problems) {
                    w.set(&mut next, d);
                }
            }
            errors.set(problems.clone());
            if problems.is_empty() {
                save.dispatch(next);
            }
        }
    };
    let tier_inputs = policy_inputs(tier_specs(&TIER_FIELDS), tiers, "decimal", errors, locale);
    let day_inputs = policy_inputs(tier_specs(&DAY_FIELDS), days, "numeric", errors, locale);
    let care_inputs = policy_inputs(
        CareWindow::ALL.into_iter().map(CareWindow::spec),
        care,
        "numeric",
        errors,
        locale,
    );
    let known: Vec<&'static str> = TIER_FIELDS
        .iter()
        .chain(DAY_FIELDS.iter())
        .map(|(_, f, _, _)| *f)
        .chain(CareWindow::ALL.iter().map(|w| w.ids().0))
        .collect();
    view! {
        <form class="admin-form policy-form" data-testid="policy-form" on:submit=submit novalidate=true>
            <fieldset>
                <legend>{locale.t(Msg::TierThresholds)}</legend>
                <div class="field-grid">{tier_inputs}</div>
            </fieldset>
            <fieldset>
                <legend>{locale.t(Msg::ContactIntervals)}</legend>
                <div class="field-grid">{day_inputs}</div>
            </fieldset>
            <fieldset>
                <legend>{locale.t(Msg::CareLookAhead)}</legend>
                <div class="field-grid">{care_inputs}</div>
            </fieldset>
            <div class="form-actions">
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="save-policy"
                    disabled=move || pending.get()
                >
                    {move || {
                        if pending.get() {
                            Msg::Saving.text(locale.get())
                        } else {
                            Msg::SavePolicy.text(locale.get())
                        }
                    }}
                </button>
            </div>
        </form>
        {move || match save.value().get() {
            Some(Ok(_)) if !pending.get() => {
                view! {
                    <p class="notice" role="status" data-testid="policy-saved">
                        {locale.t(Msg::PolicySaved)}
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) if !pending.get() => {
                let text = form_error(&e, &known, locale.get())
                    .unwrap_or_else(|| Msg::ErrorValidation.text(locale.get()).to_owned());
                view! {
                    <p class="form-error" role="alert" data-testid="policy-error">
                        {text}
                    </p>
                }
                    .into_any()
            }
            _ => ().into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn thresholds_read_in_whole_yuan_with_separators() {
        assert_eq!(yuan_text(Money::from_yuan(1_000_000)), "1,000,000");
        assert_eq!(yuan_text(Money::from_fen(5_000_050)), "50,000.50");
        assert_eq!(
            Money::parse(&yuan_text(Money::from_yuan(6_000_000))),
            Ok(Money::from_yuan(6_000_000))
        );
    }
}
