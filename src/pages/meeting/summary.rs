//! The summary the client reads and confirms: the products shown, the risk warnings
//! given, the interest noted and the survey; the advisor's note; "I have read this",
//! and the signature. Signing stores it all (with a hash chained into the audit log) as
//! the usual records: the meeting on the contact log, the survey.

use super::signature::{SignaturePad, PAD};
use super::text::{self, T};
use super::{tr, use_meeting};
use crate::api::meeting as mapi;
use crate::api::ApiError;
use crate::components::{InputKind, TextField};
use crate::state::{use_clock, use_locale};
use clientbook_domain::meeting::{EndMeeting, MeetingEnded, Signature};
use leptos::prelude::*;

#[component]
pub fn SummaryScreen() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let clock = use_clock();
    let note = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let strokes = RwSignal::new(Vec::<Vec<[i32; 2]>>::new());
    let problem = RwSignal::new(false);
    let sign = Action::new_local(|body: &EndMeeting| mapi::end(body.clone()));
    let signed = m.signed;
    let result = RwSignal::new(None::<Result<MeetingEnded, ApiError>>);
    Effect::new(move |_| {
        if let Some(r) = sign.value().get() {
            if r.is_ok() {
                signed.set(true);
            }
            result.set(Some(r));
        }
    });
    let (shown, warnings, interest, survey) = (m.shown, m.warnings, m.interest, m.survey);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let points: usize = strokes.with_untracked(|s| s.iter().map(Vec::len).sum());
        if !confirmed.get_untracked() || points < 2 {
            problem.set(true);
            return;
        }
        problem.set(false);
        sign.dispatch(EndMeeting {
            note: note.get_untracked(),
            interest: interest.get_untracked(),
            survey: survey.get_untracked(),
            confirmed: true,
            signature: Signature {
                width: PAD.0,
                height: PAD.1,
                strokes: strokes.get_untracked(),
            },
        });
    };
    let m_names = m.clone();
    let name = move |id| m_names.product_name(id, locale.get());
    let name2 = name.clone();
    let name3 = name.clone();
    let time = move |at: chrono::DateTime<chrono::Utc>| clock.format(at);
    view! {
        <form class="mt-card mt-summary" data-testid="mt-summary" on:submit=submit>
            <p class="mt-note">{tr(T::SummaryIntro)}</p>
            <h2>{tr(T::ShownList)}</h2>
            <ul class="mt-list" data-testid="mt-summary-shown">
                {move || {
                    let v = shown.get();
                    if v.is_empty() {
                        return view! { <li>{tr(T::NoneYet)}</li> }.into_any();
                    }
                    v.into_iter()
                        .map(|s| view! { <li><span>{name(s.product_id)}</span><span>{time(s.shown_at)}</span></li> })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <h2>{tr(T::WarningsList)}</h2>
            <ul class="mt-list">
                {move || {
                    let v = warnings.get();
                    if v.is_empty() {
                        return view! { <li>{tr(T::NoneYet)}</li> }.into_any();
                    }
                    v.into_iter()
                        .map(|w| view! {
                            <li>
                                <span>{name2(w.product_id)}</span>
                                <span>{format!("{} > {}", text::risk(w.product_risk), text::risk(w.max_risk))}</span>
                                <span>{time(w.acknowledged_at)}</span>
                            </li>
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <h2>{tr(T::InterestList)}</h2>
            <ul class="mt-list">
                {move || {
                    let v = interest.get();
                    if v.is_empty() {
                        return view! { <li>{tr(T::NoneYet)}</li> }.into_any();
                    }
                    v.into_iter().map(|id| view! { <li>{name3(id)}</li> }).collect_view().into_any()
                }}
            </ul>
            <h2>{tr(T::SurveyLine)}</h2>
            <p>
                {move || match survey.get() {
                    Some(s) => text::survey_line(s.recommend, s.overall, locale.get()),
                    None => tr(T::NotAnswered)().to_owned(),
                }}
            </p>
            <Show
                when=move || !signed.get()
                fallback=move || {
                    view! {
                        <p class="mt-big-text" role="status" data-testid="mt-signed">{tr(T::Signed)}</p>
                        {move || {
                            result
                                .get()
                                .and_then(Result::ok)
                                .map(|r| {
                                    view! {
                                        <p class="mt-note">
                                            {tr(T::RecordHash)} ": " <code>{r.record_hash[..16].to_owned()}</code>
                                        </p>
                                    }
                                })
                        }}
                    }
                }
            >
                <TextField
                    id="mt-note"
                    label=Signal::derive(move || tr(T::AdvisorNote)().to_owned())
                    value=note
                    kind=InputKind::Multiline
                />
                <label class="mt-check">
                    <input
                        type="checkbox"
                        data-testid="mt-confirm"
                        prop:checked=move || confirmed.get()
                        on:change=move |ev| confirmed.set(event_target_checked(&ev))
                    />
                    <span>{tr(T::ConfirmRead)}</span>
                </label>
                <p id="mt-sign-label">{tr(T::SignHere)}</p>
                <SignaturePad strokes label=Signal::derive(move || tr(T::SignHere)().to_owned()) />
                <div class="mt-actions">
                    <button type="button" class="btn mt-touch" on:click=move |_| strokes.set(vec![])>
                        {tr(T::ClearSignature)}
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary mt-touch"
                        data-testid="mt-sign"
                        disabled=move || sign.pending().get()
                    >
                        {move || if sign.pending().get() { tr(T::Signing)() } else { tr(T::ConfirmSign)() }}
                    </button>
                </div>
                {move || problem.get().then(|| view! { <p role="alert">{tr(T::NeedConfirmSign)}</p> })}
                {move || {
                    result
                        .get()
                        .and_then(Result::err)
                        .map(|e| view! { <p role="alert">{e.to_string()}</p> })
                }}
            </Show>
        </form>
    }
}
