//! The customer's header: name, tier, value class, lifecycle, risk level and the state of
//! the questionnaire, and the masked identifiers, each with a "Reveal" button that shows
//! the full value for [`REVEAL_SECONDS`] (the reveal is audited by the server).

use super::text::{self, reveal_label, T};
use super::{tr, Loaded};
use crate::api::customer as capi;
use crate::components::error_view::error_text;
use crate::components::{MoneyAmount, TierBadge};
use crate::state::use_locale;
use clientbook_domain::api::RevealField;
use clientbook_domain::care::QuestionnaireStatus;
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How long a revealed value stays on screen.
pub const REVEAL_SECONDS: u32 = 30;

/// The stable name of a reveal field, for test ids.
const fn field_code(f: RevealField) -> &'static str {
    match f {
        RevealField::Name => "name",
        RevealField::Phone => "phone",
        RevealField::IdNumber => "id-number",
        RevealField::Address => "address",
        RevealField::BirthDate => "birth-date",
    }
}

#[component]
pub fn CustomerHeader(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let c = &loaded.detail.customer;
    let s = &loaded.scores;
    let id = c.id;
    let tier = s.tier;
    let value_class = s.value_class;
    let lifecycle = s.lifecycle;
    let level = c.risk_level.map(|l| l.code()).unwrap_or("—");
    let questionnaire = s.care.questionnaire;
    let assessed = c
        .risk_assessed_on
        .map(|d| d.to_string())
        .unwrap_or_else(|| "—".into());
    let aum = s.aum;
    let q_warning = match questionnaire {
        QuestionnaireStatus::Expired { .. } => Some(T::QuestionnaireExpired),
        QuestionnaireStatus::Missing => Some(T::QuestionnaireMissing),
        QuestionnaireStatus::ExpiringSoon { .. } => Some(T::QuestionnaireExpiring),
        QuestionnaireStatus::Valid { .. } => None,
    };
    let q_class = match questionnaire {
        QuestionnaireStatus::Expired { .. } | QuestionnaireStatus::Missing => {
            "cv-warning cv-warning-strong"
        }
        _ => "cv-warning",
    };
    let since = c.since.to_string();
    let last = c.last_contact_on.map(|d| d.to_string());
    let due = s.contact.due_on.to_string();
    let overdue = s.contact.is_overdue();
    let occupation = loaded.detail.profile.occupation.clone();
    let (name, phone, id_number) = (c.name.clone(), c.phone.clone(), c.id_number.clone());

    view! {
        <header class="cv-card cv-header" data-testid="customer-header">
            <div class="cv-header-main">
                <h1 id="cv-title" class="cv-name">
                    <MaskedField id field=RevealField::Name masked=name heading=true />
                </h1>
                <div class="cv-badges">
                    <TierBadge tier=Signal::stored(tier) />
                    <span class="cv-chip" data-testid="value-class">
                        {move || text::value_class(value_class, locale.get())}
                    </span>
                    <span class="cv-chip">{move || text::lifecycle(lifecycle, locale.get())}</span>
                </div>
            </div>
            <dl class="cv-facts">
                <div>
                    <dt>{tr(T::AumLabel)}</dt>
                    <dd><MoneyAmount amount=Signal::stored(aum) /></dd>
                </div>
                <div>
                    <dt>{tr(T::RiskLevelLabel)}</dt>
                    <dd data-testid="risk-level">{level}</dd>
                </div>
                <div>
                    <dt>{tr(T::QuestionnaireOn)}</dt>
                    <dd>{assessed}</dd>
                </div>
                <div>
                    <dt>{tr(T::Since)}</dt>
                    <dd>{since}</dd>
                </div>
                <div>
                    <dt>{tr(T::LastContact)}</dt>
                    <dd>{last.unwrap_or_else(|| tr(T::Never)().to_owned())}</dd>
                </div>
                <div>
                    <dt>{tr(T::NextContact)}</dt>
                    <dd class:cv-overdue=overdue>
                        {due} {overdue.then(|| view! { " · " {tr(T::Overdue)} })}
                    </dd>
                </div>
                <div>
                    <dt>{tr(T::Occupation)}</dt>
                    <dd>{occupation}</dd>
                </div>
            </dl>
            {q_warning
                .map(|w| {
                    view! {
                        <p class=q_class role="note" data-testid="questionnaire-warning">
                            {tr(w)}
                        </p>
                    }
                })}
            <dl class="cv-ids">
                <div>
                    <dt>{tr(T::PhoneLabel)}</dt>
                    <dd><MaskedField id field=RevealField::Phone masked=phone /></dd>
                </div>
                <div>
                    <dt>{tr(T::IdNumberLabel)}</dt>
                    <dd><MaskedField id field=RevealField::IdNumber masked=id_number /></dd>
                </div>
            </dl>
            <p class="muted cv-small">{tr(T::RevealLogged)}</p>
        </header>
    }
}

/// A masked identifier with its "Reveal" button and, once revealed, a countdown.
#[component]
fn MaskedField(
    id: CustomerId,
    field: RevealField,
    masked: String,
    /// Shown as the page heading (the name): larger text, the label only for screen readers.
    #[prop(optional)]
    heading: bool,
) -> impl IntoView {
    let locale = use_locale();
    let revealed = RwSignal::new(None::<String>);
    let remaining = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        revealed.set(None);
        remaining.set(0);
    };
    on_cleanup(move || {
        if let Some(h) = timer.try_get_value().flatten() {
            h.clear();
        }
    });
    let reveal = Action::new_local(move |_: &()| async move { capi::reveal(id, field).await });
    Effect::new(move |_| {
        if let Some(result) = reveal.value().get() {
            match result {
                Ok(r) => {
                    error.set(None);
                    stop();
                    revealed.set(Some(r.value));
                    remaining.set(REVEAL_SECONDS);
                    let handle = set_interval_with_handle(
                        move || {
                            let left = remaining.get_untracked().saturating_sub(1);
                            if left == 0 {
                                stop();
                            } else {
                                remaining.set(left);
                            }
                        },
                        Duration::from_secs(1),
                    );
                    timer.set_value(handle.ok());
                }
                Err(e) => error.set(Some(error_text(&e, locale.get_untracked()))),
            }
        }
    });
    let code = field_code(field);
    let label = reveal_label(field);
    let shown = move || revealed.get().unwrap_or_else(|| masked.clone());
    view! {
        <span class="cv-masked" data-testid=format!("masked-{code}")>
            {heading.then(|| view! { <span class="visually-hidden">{tr(label)} ": "</span> })}
            <span
                class="cv-masked-value"
                class:cv-revealed=move || revealed.with(Option::is_some)
                data-testid=format!("value-{code}")
            >
                {shown}
            </span>
            <Show
                when=move || revealed.with(Option::is_some)
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="btn btn-small"
                            data-testid=format!("reveal-{code}")
                            aria-label=move || format!("{} {}", tr(T::Reveal)(), tr(label)())
                            disabled=move || reveal.pending().get()
                            on:click=move |_| {
                                reveal.dispatch(());
                            }
                        >
                            {move || {
                                if reveal.pending().get() { tr(T::Revealing)() } else { tr(T::Reveal)() }
                            }}
                        </button>
                    }
                }
            >
                <span class="cv-countdown" role="timer" aria-live="off" data-testid=format!("countdown-{code}")>
                    {tr(T::RevealedFor)} " " {move || remaining.get()} {tr(T::Seconds)}
                </span>
                <button type="button" class="btn btn-small btn-quiet" on:click=move |_| stop()>
                    {tr(T::HideNow)}
                </button>
            </Show>
            {move || error.get().map(|e| view! { <span class="cv-field-error" role="alert">{e}</span> })}
        </span>
    }
}
