//! Defining a campaign: its name, kind, goal, offer and dates, and the segment built
//! from the book's filters and scores. The count is previewed in the browser with the
//! same function the server freezes the segment with when the campaign starts.

use super::text::{self, T};
use crate::api::campaigns as api;
use crate::api::ApiError;
use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::error_view::error_text;
use crate::components::labels::family;
use crate::components::{Autocomplete, InputKind, TextField};
use crate::i18n::{self, Msg};
use crate::state::{use_locale, use_session};
use chrono::NaiveDate;
use clientbook_domain::activity::ActivityClass;
use clientbook_domain::api::{FieldProblem, Role};
use clientbook_domain::campaign::{
    select, Campaign, CampaignId, CampaignKind, CampaignStatus, NewCampaign, Segment,
};
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::{CustomerId, ProductFamily, Tier};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A `<select>` over `options` with "Any" first; `value` is the index chosen (`None`: any).
#[component]
fn Choice(
    id: &'static str,
    label: T,
    #[prop(into)] options: Signal<Vec<String>>,
    value: RwSignal<Option<usize>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="field">
            <label for=id>{move || label.text(locale.get())}</label>
            <select
                id=id
                data-testid=testid
                on:change=move |ev| value.set(event_target_value(&ev).parse::<usize>().ok())
            >
                <option value="" selected=move || value.get().is_none()>
                    {move || T::Any.text(locale.get())}
                </option>
                {move || options
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| {
                        view! {
                            <option value=i.to_string() selected=move || value.get() == Some(i)>
                                {o}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The problem the server named for `field`.
fn problem_of(errors: RwSignal<Vec<FieldProblem>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|p| p.field == field)
                .map(|p| p.problem.clone())
        })
    })
}

#[component]
pub fn NewCampaignForm(
    /// The campaigns listed (the started ones are offered for "invited to").
    #[prop(into)]
    earlier: Signal<Vec<Campaign>>,
    /// Bumped when a draft is saved, so the list reloads.
    saved: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(Some(1usize));
    let goal = RwSignal::new(String::new());
    let offer = RwSignal::new(String::new());
    let starts_on = RwSignal::new(String::new());
    let ends_on = RwSignal::new(String::new());
    let event_on = RwSignal::new(String::new());
    let tier = RwSignal::new(None::<usize>);
    let holds = RwSignal::new(None::<usize>);
    let maturing = RwSignal::new(String::new());
    let activity = RwSignal::new(None::<usize>);
    let churn = RwSignal::new(None::<usize>);
    let value = RwSignal::new(None::<usize>);
    let invited = RwSignal::new(None::<usize>);
    let started = move || -> Vec<(CampaignId, String)> {
        earlier.with(|e| {
            e.iter()
                .filter(|c| c.status != CampaignStatus::Draft)
                .map(|c| (c.id, format!("#{} {}", c.id, c.name)))
                .collect()
        })
    };
    let segment = Memo::new(move |_| Segment {
        tier_at_least: tier.get().map(|i| Tier::ALL[i]),
        holds_family: holds.get().map(|i| ProductFamily::ALL[i]),
        deposit_maturing_within_days: maturing.with(|m| m.trim().parse::<u32>().ok()),
        activity: activity.get().map(|i| ActivityClass::ALL[i]),
        churn_band: churn.get().map(|i| ChurnBand::ALL[i]),
        value_class: value.get().map(|i| ValueClass::ALL[i]),
        invited_to: invited.get().and_then(|i| started().get(i).map(|c| c.0)),
    });
    // The members of the campaign "invited to" names, for the preview.
    let invited_members = LocalResource::new(move || {
        let id = segment.with(|s| s.invited_to);
        async move {
            match id {
                Some(id) => api::members(id)
                    .await
                    .map(|m| {
                        m.members
                            .into_iter()
                            .filter(|m| m.excluded.is_none())
                            .map(|m| m.customer_id)
                            .collect()
                    })
                    .unwrap_or_default(),
                None => BTreeSet::<CustomerId>::new(),
            }
        }
    });
    let errors = RwSignal::new(Vec::<FieldProblem>::new());
    let create = Action::new_local(|c: &NewCampaign| {
        let c = c.clone();
        async move { api::create(&c).await }
    });
    let pending = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            saved.update(|v| *v += 1);
        }
        Some(Err(ApiError::Validation(p))) => errors.set(p),
        _ => {}
    });
    let date =
        |s: RwSignal<String>| NaiveDate::parse_from_str(s.get_untracked().trim(), "%Y-%m-%d").ok();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut local = Vec::new();
        let mut need = |field: &str, d: Option<NaiveDate>| {
            if d.is_none() {
                local.push(FieldProblem {
                    field: field.into(),
                    problem: Msg::ErrorValidation.text(locale.get_untracked()).into(),
                });
            }
            d
        };
        let (s, e) = (
            need("starts_on", date(starts_on)),
            need("ends_on", date(ends_on)),
        );
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        create.dispatch(NewCampaign {
            name: name.get_untracked(),
            kind: CampaignKind::ALL[kind.get_untracked().unwrap_or(3)],
            goal: goal.get_untracked(),
            offer: offer.get_untracked(),
            starts_on: s.unwrap_or_default(),
            ends_on: e.unwrap_or_default(),
            event_on: date(event_on),
            segment: segment.get_untracked(),
        });
    };
    let has_book = move || session.user().is_some_and(|me| me.role != Role::Admin);
    view! {
        <section class="panel campaign-form-panel" aria-labelledby="new-campaign-title">
            <h2 id="new-campaign-title">{move || T::NewTitle.text(locale.get())}</h2>
            <form class="campaign-form" data-testid="new-campaign-form" on:submit=submit novalidate=true>
                <TextField id="campaign-name" label=Signal::derive(move || T::Name.text(locale.get()).to_owned())
                    value=name autocomplete=Autocomplete::Off field="name" required=true
                    error=problem_of(errors, "name") testid="campaign-name" />
                <Choice id="campaign-kind" label=T::Kind value=kind testid="campaign-kind"
                    options=Signal::derive(move || CampaignKind::ALL.iter().map(|k| text::kind(*k).text(locale.get()).to_owned()).collect()) />
                <TextField id="campaign-goal" label=Signal::derive(move || T::Goal.text(locale.get()).to_owned())
                    value=goal autocomplete=Autocomplete::Off field="goal" required=true
                    error=problem_of(errors, "goal") testid="campaign-goal" />
                <TextField id="campaign-offer" label=Signal::derive(move || T::Offer.text(locale.get()).to_owned())
                    value=offer autocomplete=Autocomplete::Off field="offer" required=true
                    error=problem_of(errors, "offer") testid="campaign-offer" />
                <div class="campaign-dates">
                    <TextField id="campaign-starts" label=Signal::derive(move || T::StartsOn.text(locale.get()).to_owned())
                        value=starts_on kind=InputKind::Date field="starts_on" required=true
                        error=problem_of(errors, "starts_on") testid="campaign-starts" />
                    <TextField id="campaign-ends" label=Signal::derive(move || T::EndsOn.text(locale.get()).to_owned())
                        value=ends_on kind=InputKind::Date field="ends_on" required=true
                        error=problem_of(errors, "ends_on") testid="campaign-ends" />
                    <TextField id="campaign-event" label=Signal::derive(move || T::EventOn.text(locale.get()).to_owned())
                        value=event_on kind=InputKind::Date field="event_on"
                        error=problem_of(errors, "event_on") testid="campaign-event" />
                </div>
                <fieldset class="segment-builder">
                    <legend>{move || T::SegmentTitle.text(locale.get())}</legend>
                    <Choice id="seg-tier" label=T::TierAtLeast value=tier testid="segment-tier"
                        options=Signal::derive(move || Tier::ALL.iter().map(|t| Msg::tier(*t).text(locale.get()).to_owned()).collect()) />
                    <Choice id="seg-family" label=T::HoldsFamily value=holds testid="segment-family"
                        options=Signal::derive(move || ProductFamily::ALL.iter().map(|f| family(*f, locale.get()).to_owned()).collect()) />
                    <TextField id="seg-maturing" label=Signal::derive(move || T::MaturingWithin.text(locale.get()).to_owned())
                        value=maturing kind=InputKind::WholeNumber field="segment.deposit_maturing_within_days"
                        error=problem_of(errors, "segment.deposit_maturing_within_days") testid="segment-maturing" />
                    <Choice id="seg-activity" label=T::Activity value=activity testid="segment-activity"
                        options=Signal::derive(move || ActivityClass::ALL.iter().map(|a| Msg::activity(*a).text(locale.get()).to_owned()).collect()) />
                    <Choice id="seg-churn" label=T::ChurnBand value=churn testid="segment-churn"
                        options=Signal::derive(move || ChurnBand::ALL.iter().map(|b| Msg::churn_band(*b).text(locale.get()).to_owned()).collect()) />
                    <Choice id="seg-value" label=T::ValueClass value=value testid="segment-value"
                        options=Signal::derive(move || ValueClass::ALL.iter().map(|v| Msg::value_class(*v).text(locale.get()).to_owned()).collect()) />
                    <Choice id="seg-invited" label=T::InvitedTo value=invited testid="segment-invited"
                        options=Signal::derive(move || started().into_iter().map(|c| c.1).collect()) />
                    <p class="field-error" data-field="segment" aria-live="polite">
                        {move || problem_of(errors, "segment").get()}
                    </p>
                    <div class="segment-preview" aria-live="polite">
                        {move || if has_book() {
                            book_gate(move |index: Arc<BookIndex>| {
                                let invited_set = invited_members.get().unwrap_or_default();
                                let n = segment.with(|s| {
                                    if s.problems().is_empty() {
                                        Some(select(s, &index.book().customers, &index.all_scores().customers, &invited_set, index.as_of()).len())
                                    } else {
                                        None
                                    }
                                });
                                view! {
                                    <p>
                                        {move || T::PreviewCount.text(locale.get())} ": "
                                        <strong data-testid="segment-preview-count">
                                            {n.map_or_else(|| "–".to_owned(), |n| i18n::count(n as u64))}
                                        </strong>
                                    </p>
                                }
                            }).into_any()
                        } else {
                            view! { <p class="muted">{move || T::PreviewUnavailable.text(locale.get())}</p> }.into_any()
                        }}
                        <p class="muted">{move || T::PreviewOptOut.text(locale.get())}</p>
                    </div>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" data-testid="create-campaign"
                        disabled=move || pending.get()>
                        {move || T::Create.text(locale.get())}
                    </button>
                </div>
            </form>
            {move || match create.value().get() {
                Some(Ok(c)) if !pending.get() => view! {
                    <p class="notice" role="status" data-testid="campaign-created" data-campaign-id=c.id.0>
                        {move || T::Created.text(locale.get())} " "
                        <a href=format!("/campaigns/{}", c.id)>{c.name.clone()}</a>
                    </p>
                }.into_any(),
                Some(Err(e)) if !pending.get() && !matches!(e, ApiError::Validation(_)) => view! {
                    <p class="form-error" role="alert">{error_text(&e, locale.get())}</p>
                }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
