//! Record a complaint (投诉): channel, content type, severity, what happened and what the
//! customer asks → `POST /api/customers/{id}/complaints` (received now).

use super::{Chips, EnumSelect, FormFeedback, FormStatus, Submit, TextField};
use crate::api::customer as capi;
use crate::components::InputKind;
use crate::pages::customer::form_model::complaint_problems;
use crate::pages::customer::text::{self, T};
use crate::pages::customer::{tr, use_page, Loaded};
use crate::state::use_locale;
use clientbook_domain::customer::ComplaintSeverity;
use clientbook_domain::service::{ComplaintChannel, ComplaintContentType, NewComplaint};
use leptos::prelude::*;
use std::sync::Arc;

const CHANNELS: &[ComplaintChannel] = &[
    ComplaintChannel::BranchCounter,
    ComplaintChannel::Phone,
    ComplaintChannel::Online,
    ComplaintChannel::Email,
    ComplaintChannel::App,
];
const CONTENT: &[ComplaintContentType] = &[
    ComplaintContentType::Service,
    ComplaintContentType::Product,
    ComplaintContentType::Operation,
    ComplaintContentType::Policy,
];
const SEVERITIES: &[ComplaintSeverity] = &[
    ComplaintSeverity::General,
    ComplaintSeverity::Major,
    ComplaintSeverity::Urgent,
];

#[component]
pub fn ComplaintForm(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();

    let channel = RwSignal::new(ComplaintChannel::BranchCounter);
    let content = RwSignal::new(ComplaintContentType::Service);
    let severity = RwSignal::new(ComplaintSeverity::General);
    let description = RwSignal::new(String::new());
    let request = RwSignal::new(String::new());

    let save = Action::new_local(move |req: &NewComplaint| {
        let req = req.clone();
        async move { capi::create_complaint(id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::ComplaintRecorded);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (d, r) = (description.get_untracked(), request.get_untracked());
        match complaint_problems(&d, &r, locale.get_untracked()) {
            Err(p) => status.invalid(p),
            Ok(()) => {
                status.clear();
                save.dispatch(NewComplaint {
                    channel: channel.get_untracked(),
                    content_type: content.get_untracked(),
                    severity: severity.get_untracked(),
                    description: d.trim().to_owned(),
                    customer_request: r.trim().to_owned(),
                });
            }
        }
    };

    view! {
        <details class="cv-form-box">
            <summary><h3>{tr(T::RecordComplaint)}</h3></summary>
            <form class="cv-form" novalidate on:submit=submit data-testid="complaint-form" aria-label=tr(T::RecordComplaint)>
                <Chips value=severity options=SEVERITIES label=text::severity name="complaint-severity" legend=T::Severity />
                <div class="cv-form-row">
                    <EnumSelect value=channel options=CHANNELS label=text::complaint_channel id="complaint-channel" caption=T::ChannelLabel />
                    <EnumSelect value=content options=CONTENT label=text::content_type id="complaint-content" caption=T::ContentType />
                </div>
                <TextField value=description status field="description" id="complaint-description" caption=T::Description kind=InputKind::Multiline />
                <TextField value=request status field="customer_request" id="complaint-request" caption=T::CustomerRequest />
                <FormFeedback status />
                <Submit pending=save.pending().into() caption=T::RecordComplaint testid="complaint-submit" />
            </form>
        </details>
    }
}
