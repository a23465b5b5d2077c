//! Move a complaint one step along received → investigating → resolved → customer
//! informed → closed (`POST /api/complaints/{id}/transitions`). Resolving asks for the
//! resolution; closing needs it and the customer's feedback or why there is none. The
//! server's sentence is shown when it refuses (409 `illegal_transition` or `stale_version`).

use super::{FormFeedback, FormStatus, TextField};
use crate::api::customer as capi;
use crate::components::InputKind;
use crate::pages::customer::form_model::{opt_text, transition_problems};
use crate::pages::customer::text::{self, T};
use crate::pages::customer::{tr, use_page};
use crate::state::use_locale;
use clientbook_domain::customer::ComplaintStatus;
use clientbook_domain::service::{next_complaint_status, Complaint, ComplaintTransition};
use leptos::prelude::*;

#[component]
pub fn TransitionForm(complaint: Complaint, next: ComplaintStatus) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let cid = complaint.id;
    let version = complaint.version;
    let asks_resolution = matches!(next, ComplaintStatus::Resolved | ComplaintStatus::Closed)
        && complaint.resolution.is_none();
    let asks_feedback = matches!(
        next,
        ComplaintStatus::CustomerInformed | ComplaintStatus::Closed
    ) && complaint.feedback.is_none()
        && complaint.no_feedback_reason.is_none();
    let note = RwSignal::new(String::new());
    let resolution = RwSignal::new(String::new());
    let feedback = RwSignal::new(String::new());
    let no_feedback = RwSignal::new(String::new());
    let save = Action::new_local(move |req: &ComplaintTransition| {
        let req = req.clone();
        async move { capi::transition_complaint(cid, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::ComplaintMoved);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (r, f, nf) = (
            resolution.get_untracked(),
            feedback.get_untracked(),
            no_feedback.get_untracked(),
        );
        match transition_problems(&complaint, next, &r, &f, &nf, locale.get_untracked()) {
            Err(p) => status.invalid(p),
            Ok(()) => {
                status.clear();
                save.dispatch(ComplaintTransition {
                    to: next,
                    version,
                    note: opt_text(&note.get_untracked()),
                    resolution: opt_text(&r),
                    feedback: opt_text(&f),
                    no_feedback_reason: opt_text(&nf),
                });
            }
        }
    };
    let p = move |s: &str| format!("tr-{cid}-{s}");
    view! {
        <form
            class="cv-form cv-transition"
            novalidate
            on:submit=submit
            data-testid=format!("transition-form-{cid}")
            aria-label=move || format!("{} {}", tr(T::MoveTo)(), text::status(next, locale.get()))
        >
            {asks_resolution
                .then(|| {
                    view! { <TextField value=resolution status field="resolution" id=p("resolution") caption=T::Resolution kind=InputKind::Multiline optional=next != ComplaintStatus::Closed /> }
                })}
            {asks_feedback
                .then(|| {
                    view! {
                        <div class="cv-form-row">
                            <TextField value=feedback status field="feedback" id=p("feedback") caption=T::Feedback optional=true />
                            <TextField value=no_feedback status field="no_feedback_reason" id=p("no-feedback") caption=T::NoFeedbackReason optional=true />
                        </div>
                    }
                })}
            <TextField value=note status field="note" id=p("note") caption=T::StepNote />
            <FormFeedback status />
            <button
                type="submit"
                class="btn btn-primary"
                disabled=move || save.pending().get()
                data-testid=format!("transition-submit-{cid}")
                data-to=format!("{next:?}")
            >
                {move || {
                    if save.pending().get() {
                        tr(T::Saving)().to_owned()
                    } else {
                        format!("{} {}", tr(T::MoveTo)(), text::status(next, locale.get()))
                    }
                }}
            </button>
        </form>
    }
}

/// The next step of a complaint, if any (re-exported for the list).
pub fn next_step(c: &Complaint) -> Option<ComplaintStatus> {
    next_complaint_status(c.status)
}
