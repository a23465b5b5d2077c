//! The satisfaction survey the client fills on the tablet: one question a screen, the
//! 0–10 and 1–5 scales as large buttons, two attributes rated (satisfaction and
//! importance) and two Kano pairs ("if we offered it" / "if we did not"). Kept with the
//! meeting and saved when the summary is signed.

use super::text::{self, T};
use super::{tr, use_meeting};
use crate::components::labels;
use crate::state::use_locale;
use clientbook_domain::kano::{KanoAnswer, KanoPair};
use clientbook_domain::meeting::MeetingSurvey;
use clientbook_domain::service::RatingInput;
use clientbook_domain::ServiceAttribute;
use leptos::prelude::*;

/// The attributes rated, and those asked as Kano pairs.
const RATED: [ServiceAttribute; 2] = [ServiceAttribute::Expertise, ServiceAttribute::StaffAttitude];
const KANO: [ServiceAttribute; 2] = [
    ServiceAttribute::DigitalChannels,
    ServiceAttribute::WaitingTime,
];

/// A question's prompt, attribute, the words at both ends of its scale and its buttons.
type Shape = (
    T,
    Option<ServiceAttribute>,
    Option<T>,
    Option<T>,
    Vec<(u8, String)>,
);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
    Recommend,
    Overall,
    Satisfaction(ServiceAttribute),
    Importance(ServiceAttribute),
    Functional(ServiceAttribute),
    Dysfunctional(ServiceAttribute),
}

fn questions() -> Vec<Question> {
    let mut q = vec![Question::Recommend, Question::Overall];
    for a in RATED {
        q.push(Question::Satisfaction(a));
        q.push(Question::Importance(a));
    }
    for a in KANO {
        q.push(Question::Functional(a));
        q.push(Question::Dysfunctional(a));
    }
    q
}

fn kano_index(a: KanoAnswer) -> u8 {
    KanoAnswer::ALL.iter().position(|k| *k == a).unwrap_or(0) as u8
}

/// The survey from every answer (`None` until each question is answered).
fn survey_of(answers: &[Option<u8>]) -> Option<MeetingSurvey> {
    let qs = questions();
    let get = |q: Question| qs.iter().position(|x| *x == q).and_then(|i| answers[i]);
    let kano = |a| KanoAnswer::ALL[usize::from(a)];
    Some(MeetingSurvey {
        recommend: get(Question::Recommend)?,
        overall: get(Question::Overall)?,
        ratings: RATED
            .into_iter()
            .map(|a| {
                Some(RatingInput {
                    attribute: a,
                    satisfaction: get(Question::Satisfaction(a))?,
                    importance: get(Question::Importance(a))?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
        kano: KANO
            .into_iter()
            .map(|a| {
                Some(KanoPair {
                    attribute: a,
                    functional: kano(get(Question::Functional(a))?),
                    dysfunctional: kano(get(Question::Dysfunctional(a))?),
                })
            })
            .collect::<Option<Vec<_>>>()?,
    })
}

#[component]
pub fn SurveyScreen() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let qs = questions();
    let total = qs.len();
    let answers = RwSignal::new(vec![None::<u8>; total]);
    let step = RwSignal::new(if m.survey.get_untracked().is_some() {
        total
    } else {
        0
    });
    let survey = m.survey;
    let answer = move |value: u8| {
        let i = step.get_untracked();
        answers.update(|a| a[i] = Some(value));
        if i + 1 == total {
            survey.set(answers.with_untracked(|a| survey_of(a)));
        }
        step.set(i + 1);
    };
    let qs = StoredValue::new(qs);
    view! {
        <section class="mt-card mt-survey" data-testid="mt-survey">
            {move || {
                let i = step.get();
                if i >= total {
                    return view! {
                        <p class="mt-big-text" data-testid="mt-survey-done">{tr(T::SurveyDone)}</p>
                        <button
                            type="button"
                            class="btn mt-touch"
                            on:click=move |_| {
                                answers.set(vec![None; total]);
                                survey.set(None);
                                step.set(0);
                            }
                        >
                            {tr(T::SurveyAgain)}
                        </button>
                    }
                        .into_any();
                }
                let q = qs.with_value(|q| q[i]);
                let l = locale.get();
                let (prompt, about, low, high, scale): Shape = match q {
                    Question::Recommend => (T::Recommend, None, Some(T::NotLikely), Some(T::VeryLikely), (0..=10).map(|n| (n, n.to_string())).collect()),
                    Question::Overall => (T::Overall, None, Some(T::VeryDissatisfied), Some(T::VerySatisfied), (1..=5).map(|n| (n, n.to_string())).collect()),
                    Question::Satisfaction(a) => (T::HowSatisfied, Some(a), Some(T::VeryDissatisfied), Some(T::VerySatisfied), (1..=5).map(|n| (n, n.to_string())).collect()),
                    Question::Importance(a) => (T::HowImportant, Some(a), Some(T::NotImportant), Some(T::VeryImportant), (1..=5).map(|n| (n, n.to_string())).collect()),
                    Question::Functional(a) | Question::Dysfunctional(a) => (
                        if matches!(q, Question::Functional(_)) { T::IfThere } else { T::IfNotThere },
                        Some(a),
                        None,
                        None,
                        KanoAnswer::ALL.into_iter().map(|k| (kano_index(k), text::kano_answer(k, l).to_owned())).collect(),
                    ),
                };
                let kano = matches!(q, Question::Functional(_) | Question::Dysfunctional(_));
                view! {
                    <p class="mt-progress">{text::question_of(i + 1, total, l)}</p>
                    {(i == 0).then(|| view! { <p class="mt-note">{tr(T::SurveyIntro)}</p> })}
                    {about.map(|a| view! { <p class="mt-attribute">{labels::attribute(a, l)}</p> })}
                    <h2 class="mt-question" id="mt-question">{prompt.text(l)}</h2>
                    <div class="mt-scale" class:mt-scale-words=kano role="group" aria-labelledby="mt-question">
                        {scale
                            .into_iter()
                            .map(|(value, label)| {
                                let chosen = move || answers.with(|a| a.get(i).copied().flatten() == Some(value));
                                view! {
                                    <button
                                        type="button"
                                        class="mt-answer"
                                        aria-pressed=move || chosen().to_string()
                                        data-testid="mt-answer"
                                        on:click=move |_| answer(value)
                                    >
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    {low.zip(high).map(|(lo, hi)| view! {
                        <p class="mt-scale-ends"><span>{lo.text(l)}</span><span>{hi.text(l)}</span></p>
                    })}
                    <button
                        type="button"
                        class="btn btn-quiet mt-touch"
                        disabled=i == 0
                        on:click=move |_| step.update(|s| *s = s.saturating_sub(1))
                    >
                        {tr(T::Back)}
                    </button>
                }
                    .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_survey_is_complete_only_when_every_question_is_answered() {
        let n = questions().len();
        let mut a = vec![Some(3u8); n];
        a[0] = Some(9);
        let s = survey_of(&a).unwrap();
        assert_eq!((s.recommend, s.overall), (9, 3));
        assert_eq!(s.ratings.len(), 2);
        assert_eq!(s.kano[0].functional, KanoAnswer::Tolerate);
        a[n - 1] = None;
        assert_eq!(survey_of(&a), None);
    }
}
