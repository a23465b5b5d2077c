//! Enter a satisfaction survey after a meeting: would recommend 0–10, overall 1–5, and
//! satisfaction and importance 1–5 per service attribute (an attribute left unrated is
//! not sent) → `POST /api/customers/{id}/surveys`.

use super::{FieldError, FormFeedback, FormStatus, Submit, TextField};
use crate::api::customer as capi;
use crate::components::InputKind;
use crate::pages::customer::form_model::survey_problems;
use crate::pages::customer::text::{self, T};
use crate::pages::customer::{tr, use_page, Loaded};
use crate::state::use_locale;
use clientbook_domain::customer::ServiceAttribute;
use clientbook_domain::service::{NewSurvey, RatingInput};
use leptos::prelude::*;
use std::sync::Arc;

/// The ratings actually given: both scores chosen.
pub fn ratings(given: &[(ServiceAttribute, Option<u8>, Option<u8>)]) -> Vec<RatingInput> {
    given
        .iter()
        .filter_map(|(attribute, s, i)| {
            Some(RatingInput {
                attribute: *attribute,
                satisfaction: (*s)?,
                importance: (*i)?,
            })
        })
        .collect()
}

/// An attribute with its satisfaction and importance inputs.
type AttributeInputs = (ServiceAttribute, RwSignal<Option<u8>>, RwSignal<Option<u8>>);

/// A row of score buttons (radio chips) from `lo` to `hi`.
#[component]
fn ScoreRow(
    value: RwSignal<Option<u8>>,
    lo: u8,
    hi: u8,
    name: String,
    #[prop(into)] legend: Signal<String>,
) -> impl IntoView {
    view! {
        <fieldset class="cv-chips cv-scores">
            <legend>{move || legend.get()}</legend>
            <div class="cv-chip-row">
                {(lo..=hi)
                    .map(|n| {
                        let id = format!("{name}-{n}");
                        view! {
                            <input
                                type="radio"
                                class="cv-chip-input"
                                id=id.clone()
                                name=name.clone()
                                value=n.to_string()
                                prop:checked=move || value.get() == Some(n)
                                on:change=move |_| value.set(Some(n))
                            />
                            <label for=id class="cv-chip-label cv-score-label">{n}</label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
pub fn SurveyForm(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();
    let today = loaded.today;
    let since = loaded.detail.customer.since;
    let answered_on = RwSignal::new(today.to_string());
    let recommend = RwSignal::new(None::<u8>);
    let overall = RwSignal::new(None::<u8>);
    let attrs: Vec<AttributeInputs> = ServiceAttribute::ALL
        .into_iter()
        .map(|a| (a, RwSignal::new(None), RwSignal::new(None)))
        .collect();
    let attrs_for_submit = attrs.clone();

    let save = Action::new_local(move |req: &NewSurvey| {
        let req = req.clone();
        async move { capi::create_survey(id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::SurveySaved);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let date = survey_problems(&answered_on.get_untracked(), since, today, l);
        let (rec, ovr) = (recommend.get_untracked(), overall.get_untracked());
        let mut problems = date.clone().err().unwrap_or_default();
        for (field, v) in [("recommend", rec), ("overall", ovr)] {
            if v.is_none() {
                problems.push(clientbook_domain::api::FieldProblem {
                    field: field.into(),
                    problem: T::ErrChoose.text(l).into(),
                });
            }
        }
        match (date, rec, ovr) {
            (Ok(on), Some(recommend), Some(overall)) if problems.is_empty() => {
                status.clear();
                let given: Vec<_> = attrs_for_submit
                    .iter()
                    .map(|(a, s, i)| (*a, s.get_untracked(), i.get_untracked()))
                    .collect();
                save.dispatch(NewSurvey {
                    answered_on: on,
                    recommend,
                    overall,
                    ratings: ratings(&given),
                });
            }
            _ => status.invalid(problems),
        }
    };

    let rows = attrs
        .into_iter()
        .map(|(a, s, i)| {
            let code = format!("{a:?}");
            view! {
                <div class="cv-attr">
                    <p class="cv-attr-name">{move || text::attribute(a, locale.get())}</p>
                    <ScoreRow value=s lo=1 hi=5 name=format!("survey-{code}-s") legend=Signal::derive(move || tr(T::SatisfactionWord)().to_owned()) />
                    <ScoreRow value=i lo=1 hi=5 name=format!("survey-{code}-i") legend=Signal::derive(move || tr(T::ImportanceWord)().to_owned()) />
                </div>
            }
        })
        .collect_view();

    view! {
        <details class="cv-form-box">
            <summary><h3>{tr(T::EnterSurvey)}</h3></summary>
            <form class="cv-form" novalidate on:submit=submit data-testid="survey-form" aria-label=tr(T::EnterSurvey)>
                <TextField value=answered_on status field="answered_on" id="survey-date" caption=T::AnsweredOn kind=InputKind::Date />
                <ScoreRow value=recommend lo=0 hi=10 name="survey-recommend".into() legend=Signal::derive(move || tr(T::Recommend)().to_owned()) />
                <FieldError status field="recommend" id="survey-recommend-err".into() />
                <ScoreRow value=overall lo=1 hi=5 name="survey-overall".into() legend=Signal::derive(move || tr(T::Overall)().to_owned()) />
                <FieldError status field="overall" id="survey-overall-err".into() />
                <div class="cv-attrs">{rows}</div>
                <FieldError status field="ratings" id="survey-ratings-err".into() />
                <FormFeedback status />
                <Submit pending=save.pending().into() caption=T::Save testid="survey-submit" />
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn only_attributes_with_both_scores_are_sent() {
        let r = ratings(&[
            (ServiceAttribute::Fees, Some(2), Some(5)),
            (ServiceAttribute::Expertise, Some(4), None),
            (ServiceAttribute::WaitingTime, None, None),
        ]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].attribute, ServiceAttribute::Fees);
        assert_eq!((r[0].satisfaction, r[0].importance), (2, 5));
    }
}
