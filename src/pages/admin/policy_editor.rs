//! The policy editor: tier thresholds, contact intervals and care look-ahead windows.
//! The form edits the policy in force and, once the server accepts it, puts the saved
//! one in force for every screen.

use super::policy_fields::{
    set_days, set_tier_money, tier_money, tier_specs, whole_number, yuan_text, CareWindow,
    InputSpec, DAY_FIELDS, TIER_FIELDS,
};
use super::{field_problems, form_error, problem_of};
use crate::api::admin::save_policy;
use crate::components::{Autocomplete, ErrorView, InputKind, Loading, TextField};
use crate::i18n::Msg;
use crate::pages::campaigns::RuleMeasuresPanel;
use crate::state::{use_locale, use_policy, LocaleContext};
use clientbook_domain::api::FieldProblem;
use clientbook_domain::{Money, ScoringPolicy};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub(super) fn PolicyPanel() -> impl IntoView {
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
        <RuleMeasuresPanel />
    }
}

#[component]
fn PolicyForm(base: Arc<ScoringPolicy>) -> impl IntoView {
    let locale = use_locale();
    let policy = use_policy();
    let tiers: Vec<RwSignal<String>> = TIER_FIELDS
        .iter()
        .map(|(t, _, _)| RwSignal::new(yuan_text(tier_money(&base, *t))))
        .collect();
    let days: Vec<RwSignal<String>> = DAY_FIELDS
        .iter()
        .map(|(t, _, _)| RwSignal::new(base.contact.interval_days(*t).to_string()))
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
                for ((t, _, _), s) in TIER_FIELDS.iter().zip(&tiers) {
                    s.set(yuan_text(tier_money(&saved, *t)));
                }
                for ((t, _, _), s) in DAY_FIELDS.iter().zip(&days) {
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
            for ((t, field, _), s) in TIER_FIELDS.iter().zip(&tiers) {
                match Money::parse(&s.get_untracked()) {
                    Ok(m) => set_tier_money(&mut next, *t, m),
                    Err(e) => problems.push(FieldProblem {
                        field: (*field).into(),
                        problem: e.to_string(),
                    }),
                }
            }
            for ((t, field, _), s) in DAY_FIELDS.iter().zip(&days) {
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
    let tier_inputs = policy_inputs(
        tier_specs(&TIER_FIELDS),
        tiers,
        InputKind::Amount,
        errors,
        locale,
    );
    let day_inputs = policy_inputs(
        tier_specs(&DAY_FIELDS),
        days,
        InputKind::WholeNumber,
        errors,
        locale,
    );
    let care_inputs = policy_inputs(
        CareWindow::ALL.into_iter().map(CareWindow::spec),
        care,
        InputKind::WholeNumber,
        errors,
        locale,
    );
    let known: Vec<&'static str> = TIER_FIELDS
        .iter()
        .chain(DAY_FIELDS.iter())
        .map(|(_, f, _)| *f)
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

/// One labelled input per policy field, each with its inline server error.
fn policy_inputs(
    specs: impl Iterator<Item = InputSpec>,
    values: Vec<RwSignal<String>>,
    kind: InputKind,
    errors: RwSignal<Vec<FieldProblem>>,
    locale: LocaleContext,
) -> impl IntoView {
    specs
        .zip(values)
        .map(|((label, field, id), value)| {
            view! {
                <TextField
                    id=id
                    label=locale.t(label)
                    value
                    kind
                    autocomplete=Autocomplete::Off
                    field
                    error=problem_of(errors, field)
                />
            }
        })
        .collect_view()
}
