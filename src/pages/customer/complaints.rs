//! The customer's complaints, newest first, each with its deadlines, its history of
//! steps and the form for its next step.

use super::forms::transition::{next_step, TransitionForm};
use super::text::{self, T};
use super::{tr, Loaded};
use crate::state::{use_clock, use_locale};
use clientbook_domain::service::Complaint;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ComplaintsSection(loaded: Arc<Loaded>) -> impl IntoView {
    let complaints = loaded.detail.complaints.clone();
    let empty = complaints.is_empty();
    view! {
        <section class="cv-card" id="cv-complaints" aria-labelledby="cv-complaints-title">
            <h2 id="cv-complaints-title">{tr(T::ComplaintsTitle)}</h2>
            {empty.then(|| view! { <p class="muted">{tr(T::NoComplaints)}</p> })}
            <ul class="cv-complaints" data-testid="complaints">
                {complaints
                    .into_iter()
                    .map(|c| view! { <ComplaintItem complaint=c /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ComplaintItem(complaint: Complaint) -> impl IntoView {
    let locale = use_locale();
    let c = complaint.clone();
    let status = c.status;
    let severity = c.severity;
    let channel = c.channel;
    let content = c.content_type;
    let next = next_step(&c);
    let open = status.is_open();
    let clock = use_clock();
    let deadline = clock.format(c.internal_deadline);
    let events = c
        .events
        .iter()
        .map(|e| {
            let to = e.to;
            let at = clock.format(e.at);
            let by = e.by_name.clone();
            let note = e.note.clone();
            view! {
                <li>
                    <time>{at}</time> " · " {move || text::status(to, locale.get())} " · " {by}
                    {note.map(|n| view! { " — " <span>{n}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <li
            class="cv-complaint"
            data-testid=format!("complaint-{}", c.id)
            data-status=format!("{status:?}")
        >
            <div class="cv-complaint-head">
                <span class="cv-chip cv-status" data-testid="complaint-status">
                    {move || text::status(status, locale.get())}
                </span>
                <span class="cv-chip" class:cv-chip-alert=severity != clientbook_domain::customer::ComplaintSeverity::General>
                    {move || text::severity(severity, locale.get())}
                </span>
                <span class="muted">
                    {move || text::complaint_channel(channel, locale.get())} " · "
                    {move || text::content_type(content, locale.get())}
                </span>
            </div>
            <p class="cv-text">{c.description.clone()}</p>
            <dl class="cv-facts cv-facts-tight">
                <div>
                    <dt>{tr(T::ReceivedOn)}</dt>
                    <dd>{c.received_on.to_string()}</dd>
                </div>
                {open
                    .then(|| {
                        view! {
                            <div>
                                <dt>{tr(T::InternalDeadline)}</dt>
                                <dd>{deadline.clone()}</dd>
                            </div>
                            <div>
                                <dt>{tr(T::RegulatoryDeadline)}</dt>
                                <dd>{c.regulatory_deadline.to_string()}</dd>
                            </div>
                        }
                    })}
                {c.customer_request.clone().map(|r| view! { <div><dt>{tr(T::CustomerRequest)}</dt><dd class="cv-text">{r}</dd></div> })}
                {c.resolution.clone().map(|r| view! { <div><dt>{tr(T::Resolution)}</dt><dd class="cv-text">{r}</dd></div> })}
                {c.feedback.clone().map(|r| view! { <div><dt>{tr(T::Feedback)}</dt><dd class="cv-text">{r}</dd></div> })}
                {c.no_feedback_reason.clone().map(|r| view! { <div><dt>{tr(T::NoFeedbackReason)}</dt><dd class="cv-text">{r}</dd></div> })}
            </dl>
            <details class="cv-history">
                <summary>{tr(T::History)}</summary>
                <ol>{events}</ol>
            </details>
            {match next {
                Some(next) => view! { <TransitionForm complaint=complaint next /> }.into_any(),
                None => view! { <p class="muted">{tr(T::ClosedState)}</p> }.into_any(),
            }}
        </li>
    }
}
