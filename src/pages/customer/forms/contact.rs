//! Log a contact (联系记录): kind, channel, date (today by default), outcome, note, next
//! step and an optional next contact date → `POST /api/customers/{id}/interactions`.

use super::{Chips, EnumSelect, FormFeedback, FormStatus, Submit, TextField};
use crate::api::customer as capi;
use crate::components::InputKind;
use crate::pages::customer::form_model::{contact_problems, opt_text};
use crate::pages::customer::text::{self, T};
use crate::pages::customer::{tr, use_page, Loaded};
use crate::state::use_locale;
use clientbook_domain::customer::Channel;
use clientbook_domain::service::{InteractionKind, InteractionOutcome, NewInteraction};
use leptos::prelude::*;
use std::sync::Arc;

const KINDS: &[InteractionKind] = &[
    InteractionKind::Visit,
    InteractionKind::Call,
    InteractionKind::Message,
    InteractionKind::Event,
];
const CHANNELS: &[Channel] = &[
    Channel::Visit,
    Channel::Branch,
    Channel::Phone,
    Channel::Message,
    Channel::App,
    Channel::Email,
    Channel::Event,
];
const OUTCOMES: &[InteractionOutcome] = &[
    InteractionOutcome::Interested,
    InteractionOutcome::NotInterested,
    InteractionOutcome::FollowUpScheduled,
    InteractionOutcome::ProductPurchased,
    InteractionOutcome::NoAnswer,
    InteractionOutcome::ServiceRequest,
    InteractionOutcome::CareDelivered,
];

/// The channel that usually goes with a kind of contact (the advisor may change it).
pub const fn default_channel(kind: InteractionKind) -> Channel {
    match kind {
        InteractionKind::Visit => Channel::Visit,
        InteractionKind::Call => Channel::Phone,
        InteractionKind::Message => Channel::Message,
        InteractionKind::Event => Channel::Event,
    }
}

#[component]
pub fn ContactForm(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let id = loaded.id();
    let today = loaded.today;
    let since = loaded.detail.customer.since;

    let kind = RwSignal::new(InteractionKind::Visit);
    let channel = RwSignal::new(Channel::Visit);
    let occurred_on = RwSignal::new(today.to_string());
    let outcome = RwSignal::new(InteractionOutcome::Interested);
    let note = RwSignal::new(String::new());
    let next_step = RwSignal::new(String::new());
    let next_contact_on = RwSignal::new(String::new());
    // Choosing a kind suggests its channel.
    Effect::new(move |prev: Option<InteractionKind>| {
        let k = kind.get();
        if prev.is_some_and(|p| p != k) {
            channel.set(default_channel(k));
        }
        k
    });

    let save = Action::new_local(move |req: &NewInteraction| {
        let req = req.clone();
        async move { capi::record_interaction(id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::ContactLogged);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = contact_problems(
            &occurred_on.get_untracked(),
            &next_contact_on.get_untracked(),
            &note.get_untracked(),
            &next_step.get_untracked(),
            since,
            today,
            locale.get_untracked(),
        );
        match checked {
            Err(p) => status.invalid(p),
            Ok((on, next)) => {
                status.clear();
                save.dispatch(NewInteraction {
                    kind: kind.get_untracked(),
                    channel: channel.get_untracked(),
                    occurred_on: on,
                    outcome: outcome.get_untracked(),
                    note: opt_text(&note.get_untracked()),
                    next_step: opt_text(&next_step.get_untracked()),
                    next_contact_on: next,
                });
            }
        }
    };

    view! {
        <details class="cv-form-box" open>
            <summary><h3>{tr(T::LogContact)}</h3></summary>
            <form class="cv-form" novalidate on:submit=submit data-testid="contact-form" aria-label=tr(T::LogContact)>
                <Chips value=kind options=KINDS label=text::interaction_kind name="contact-kind" legend=T::ContactKind />
                <div class="cv-form-row">
                    <EnumSelect value=channel options=CHANNELS label=text::channel id="contact-channel" caption=T::ChannelLabel />
                    <TextField value=occurred_on status field="occurred_on" id="contact-date" caption=T::DateLabel kind=InputKind::Date />
                    <EnumSelect value=outcome options=OUTCOMES label=text::outcome id="contact-outcome" caption=T::OutcomeLabel />
                </div>
                <TextField value=note status field="note" id="contact-note" caption=T::ContactNote optional=true kind=InputKind::Multiline />
                <div class="cv-form-row">
                    <TextField value=next_step status field="next_step" id="contact-next-step" caption=T::NextStep optional=true />
                    <TextField value=next_contact_on status field="next_contact_on" id="contact-next-date" caption=T::NextContactOn kind=InputKind::Date optional=true />
                </div>
                <FormFeedback status />
                <Submit pending=save.pending().into() caption=T::LogContact testid="contact-submit" />
            </form>
        </details>
    }
}
