//! The service-work forms, and what they share: the state of a submission (field
//! problems, a 409 conflict, any other error) and the small inputs sized for a tablet.

pub mod complaint;
pub mod contact;
pub mod next_contact;
pub mod survey;
pub mod transition;

use super::form_model::problems_of;
use super::text::T;
use super::{tr, use_page};
use crate::api::customer::{Conflict, Written};
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::components::text_field::{self, InputKind};
use crate::i18n::Locale;
use crate::state::{use_locale, use_session, SessionContext};
use clientbook_domain::api::FieldProblem;
use leptos::prelude::*;

/// Where a form's submission stands.
#[derive(Clone, Copy)]
pub struct FormStatus {
    problems: RwSignal<Vec<FieldProblem>>,
    conflict: RwSignal<Option<Conflict>>,
    error: RwSignal<Option<String>>,
    session: SessionContext,
}

impl FormStatus {
    pub fn new() -> Self {
        FormStatus {
            problems: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
            error: RwSignal::new(None),
            session: use_session(),
        }
    }

    pub fn clear(self) {
        self.problems.set(Vec::new());
        self.conflict.set(None);
        self.error.set(None);
    }

    /// Problems found before sending.
    pub fn invalid(self, problems: Vec<FieldProblem>) {
        self.clear();
        self.problems.set(problems);
    }

    /// Read a write's answer: `Some` when saved; otherwise the problem is shown.
    pub fn answer<V>(self, result: Result<Written<V>, ApiError>, locale: Locale) -> Option<V> {
        self.clear();
        match result {
            Ok(Written::Saved(v)) => Some(v),
            Ok(Written::Conflict(conflict)) => {
                self.conflict.set(Some(conflict));
                None
            }
            Err(ApiError::Validation(fields)) => {
                self.problems.set(fields);
                None
            }
            Err(ApiError::Unauthorized) => {
                self.session.session_expired();
                None
            }
            Err(e) => {
                self.error.set(Some(write_error_text(&e, locale)));
                None
            }
        }
    }

    /// The message beside `field`, if any (tracked).
    pub fn field(self, field: &'static str) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|p| problems_of(p, field)))
    }

    /// After a 409 `stale_version`: the record as someone else saved it (tracked), for a
    /// form that offers to keep its own values on top of it.
    pub fn stale_current<R>(self) -> Signal<Option<R>>
    where
        R: serde::de::DeserializeOwned + Send + Sync + 'static,
    {
        let conflict = self.conflict;
        Signal::derive(move || {
            conflict.with(|c| {
                c.as_ref()
                    .filter(|c| c.is_stale())
                    .and_then(Conflict::current)
            })
        })
    }

    pub fn has_problems(self) -> bool {
        self.problems.with(|p| !p.is_empty())
    }
}

/// The sentence for a refused write: the server's own words when it gave some (such as
/// "Not Found" for an endpoint that does not exist yet), else ours.
pub fn write_error_text(e: &ApiError, locale: Locale) -> String {
    match e {
        ApiError::Server(m) | ApiError::Forbidden(m) if !m.is_empty() => match locale {
            Locale::En => m.clone(),
            Locale::ZhCn => format!("{}（{m}）", error_text(e, locale)),
        },
        _ => error_text(e, locale),
    }
}

/// The problem beside a control that is not a text field (a row of score chips); its
/// id is what the control's `aria-describedby` names.
#[component]
pub fn FieldError(status: FormStatus, field: &'static str, id: String) -> impl IntoView {
    view! { <text_field::FieldError id error=status.field(field) field /> }
}

/// The form-level feedback: "some fields need attention", a conflict with "Reload", or
/// the server's refusal.
#[component]
pub fn FormFeedback(status: FormStatus) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    view! {
        <div class="cv-form-feedback">
            <Show when=move || status.has_problems()>
                <p class="form-error" role="alert">{tr(T::FixFields)}</p>
            </Show>
            {move || {
                status
                    .conflict
                    .get()
                    .map(|c| {
                        view! {
                            <div class="form-error cv-conflict" role="alert" data-testid="conflict">
                                <p><strong>{tr(T::ConflictTitle)}</strong></p>
                                <p>{c.message}</p>
                                <button type="button" class="btn" on:click=move |_| page.reload()>
                                    {tr(T::Reload)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                status
                    .error
                    .get()
                    .map(|m| {
                        let _ = locale;
                        view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> }
                    })
            }}
        </div>
    }
}

/// A row of large radio chips, for a few choices one tap away.
#[component]
pub fn Chips<E>(
    value: RwSignal<E>,
    options: &'static [E],
    label: fn(E, Locale) -> &'static str,
    /// The radio group's name (unique on the page).
    name: &'static str,
    legend: T,
) -> impl IntoView
where
    E: Copy + PartialEq + Send + Sync + std::fmt::Debug + 'static,
{
    let locale = use_locale();
    view! {
        <fieldset class="cv-chips">
            <legend>{tr(legend)}</legend>
            <div class="cv-chip-row">
                {options
                    .iter()
                    .map(|&opt| {
                        let id = format!("{name}-{opt:?}");
                        view! {
                            <input
                                type="radio"
                                class="cv-chip-input"
                                id=id.clone()
                                name=name
                                value=format!("{opt:?}")
                                prop:checked=move || value.get() == opt
                                on:change=move |_| value.set(opt)
                            />
                            <label for=id class="cv-chip-label">
                                {move || label(opt, locale.get())}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// A `<select>` over an enum's values.
#[component]
pub fn EnumSelect<E>(
    value: RwSignal<E>,
    options: &'static [E],
    label: fn(E, Locale) -> &'static str,
    id: &'static str,
    caption: T,
) -> impl IntoView
where
    E: Copy + PartialEq + Send + Sync + 'static,
{
    let locale = use_locale();
    view! {
        <div class="field">
            <label for=id>{tr(caption)}</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Some(v) = event_target_value(&ev)
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| options.get(i))
                    {
                        value.set(*v);
                    }
                }
            >
                {options
                    .iter()
                    .enumerate()
                    .map(|(i, &opt)| {
                        view! {
                            <option value=i.to_string() selected=move || value.get() == opt>
                                {move || label(opt, locale.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A customer form's text field: the app's [`text_field::TextField`] with its label from
/// this page's table and its problem from the form's [`FormStatus`]. A field not marked
/// `optional` is required (and says so to assistive technology).
#[component]
pub fn TextField(
    value: RwSignal<String>,
    status: FormStatus,
    /// The server's field name.
    field: &'static str,
    /// The element id (unique on the page).
    #[prop(into)]
    id: String,
    caption: T,
    #[prop(optional)] kind: InputKind,
    #[prop(optional)] optional: bool,
    /// The same as `kind=InputKind::Multiline` (the notes form's spelling).
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let kind = if multiline {
        InputKind::Multiline
    } else {
        kind
    };
    let optional_words = tr(T::Optional);
    let note = Signal::derive(move || optional.then(|| optional_words().to_owned()));
    view! {
        <text_field::TextField
            id
            label=tr(caption)
            value
            kind
            error=status.field(field)
            note
            required=!optional
            field
        />
    }
}

/// The submit button, showing "Saving…" while the write is under way.
#[component]
pub fn Submit(pending: Signal<bool>, caption: T, testid: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="btn btn-primary" disabled=move || pending.get() data-testid=testid>
            {move || if pending.get() { tr(T::Saving)() } else { tr(caption)() }}
        </button>
    }
}
