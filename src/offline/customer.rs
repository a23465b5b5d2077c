//! The customer page from the local copy, when the network is down: an "offline — saved
//! <time>" banner, who the customer is (masked, as prepared), their holdings and recent
//! contacts, and the forms whose changes are queued (encrypted) to sync later.

use super::store::{self, Change, Prepared, Queued};
use super::text::T;
use super::{local_time, use_offline};
use crate::components::{InputKind, Loading, TextField};
use crate::state::use_locale;
use clientbook_domain::service::{
    InteractionKind, InteractionOutcome, NewInteraction, NewNote, NewSurvey, SetNextContact,
};
use clientbook_domain::{Channel, CustomerId};
use leptos::prelude::*;
use std::future::IntoFuture;

#[component]
pub fn OfflineCustomer(id: CustomerId) -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let data = LocalResource::new(move || async move { store::prepared(id).await.ok().flatten() });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new({ let data = data.into_future(); async move {
                match data.await {
                    Some(p) => view! { <OfflineLoaded prepared=p /> }.into_any(),
                    None => view! {
                        <div data-testid="offline-not-prepared">
                            <h1 id="cv-title">{move || t(T::NotPreparedTitle)}</h1>
                            <p class="notice" role="status">{move || t(T::NotPrepared)}</p>
                            <super::prepare::ReadyList open=true />
                        </div>
                    }.into_any(),
                }
            }})}
        </Suspense>
    }
}

#[component]
fn OfflineLoaded(prepared: Prepared) -> impl IntoView {
    let locale = use_locale();
    let offline = use_offline();
    let t = move |k: T| k.text(locale.get());
    let c = prepared.detail.customer.clone();
    let id = c.id;
    let name = c.name.clone();
    let version = c.version;
    let saved = prepared.saved_at_ms;
    let flash = RwSignal::new(false);
    let queue = move |change: Change| {
        let q = Queued {
            key: super::crypto::random_uuid(),
            customer_id: id,
            customer: name.clone(),
            change,
            queued_at_ms: store::now_ms(),
        };
        leptos::task::spawn_local(async move {
            if store::enqueue(&q).await.is_ok() {
                flash.set(true);
                offline.changed();
            }
        });
    };
    let products = prepared.products.clone();
    let product = move |pid| {
        products
            .iter()
            .find(|(p, _, _)| *p == pid)
            .map(|(_, en, zh)| match locale.get() {
                crate::i18n::Locale::En => en.clone(),
                crate::i18n::Locale::ZhCn => zh.clone(),
            })
            .unwrap_or_else(|| format!("#{pid}"))
    };
    let holdings = c.holdings.clone();
    let contacts: Vec<_> = prepared
        .detail
        .interactions
        .iter()
        .take(5)
        .cloned()
        .collect();
    // The bank's business date (its clock, fetched at sign-in), else the device's.
    let clock = crate::state::use_clock();
    let today = clock.current().map(|k| k.today).unwrap_or_else(|| {
        chrono::DateTime::from_timestamp_millis(store::now_ms()).map_or(c.since, |t| t.date_naive())
    });
    view! {
        <div class="offline-customer" data-testid="offline-customer">
            <p class="offline-banner" role="status" data-testid="offline-banner">
                {move || {
                    let at = chrono::DateTime::from_timestamp_millis(saved)
                        .map_or_else(|| local_time(saved, locale.get()), |at| clock.format(at));
                    format!("{} {at}", t(T::OfflineBanner))
                }}
            </p>
            <h1 id="cv-title">{c.name.clone()}</h1>
            <dl class="offline-facts">
                <dt>{move || t(T::CustomerLabel)}</dt><dd>{format!("#{}", c.id)}</dd>
                <dt>{move || t(T::Phone)}</dt><dd>{c.phone.clone()}</dd>
                <dt>{move || t(T::RiskLevel)}</dt><dd>{c.risk_level.map(|r| format!("{r:?}")).unwrap_or_default()}</dd>
            </dl>
            <p class="offline-flash" role="status" data-testid="offline-flash">
                {move || flash.get().then(|| t(T::SavedOnTablet))}
            </p>
            <div class="offline-grid">
                <section class="cv-card" aria-labelledby="offline-holdings">
                    <h2 id="offline-holdings">{move || t(T::Holdings)}</h2>
                    <ul>
                        {holdings.into_iter().map(|h| {
                            let product = product.clone();
                            view! { <li>{move || product(h.product_id)}" · "{h.balance.to_string()}</li> }
                        }).collect_view()}
                    </ul>
                </section>
                <section class="cv-card" aria-labelledby="offline-contacts">
                    <h2 id="offline-contacts">{move || t(T::RecentContacts)}</h2>
                    <ul>
                        {contacts.into_iter().map(|i| view! { <li>{i.occurred_on.to_string()}" · "{i.note}</li> }).collect_view()}
                    </ul>
                </section>
                <ContactForm on_save=Callback::new({ let queue = queue.clone(); move |c| queue(c) }) today />
                <SurveyForm on_save=Callback::new({ let queue = queue.clone(); move |c| queue(c) }) today />
                <NoteForm on_save=Callback::new({ let queue = queue.clone(); move |c| queue(c) }) />
                <NextContactForm on_save=Callback::new(queue) version />
            </div>
        </div>
    }
}

#[component]
fn ContactForm(on_save: Callback<Change>, today: chrono::NaiveDate) -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(Change::Contact(NewInteraction {
            kind: InteractionKind::Visit,
            channel: Channel::Visit,
            occurred_on: today,
            outcome: InteractionOutcome::Interested,
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            next_step: None,
            next_contact_on: None,
        }));
        note.set(String::new());
    };
    view! {
        <form class="cv-card offline-form" on:submit=submit data-testid="offline-contact-form">
            <h2>{move || t(T::LogContactOffline)}</h2>
            <TextField id="offline-contact-note" label=Signal::derive(move || t(T::ContactNoteOffline).to_owned()) value=note kind=InputKind::Multiline field="note" />
            <button type="submit" class="btn btn-primary">{move || t(T::SaveOffline)}</button>
        </form>
    }
}

#[component]
fn SurveyForm(on_save: Callback<Change>, today: chrono::NaiveDate) -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let recommend = RwSignal::new(9u8);
    let overall = RwSignal::new(5u8);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(Change::Survey(NewSurvey {
            answered_on: today,
            recommend: recommend.get_untracked(),
            overall: overall.get_untracked(),
            ratings: Vec::new(),
        }));
    };
    let select = move |id: &'static str,
                       caption: T,
                       range: std::ops::RangeInclusive<u8>,
                       value: RwSignal<u8>| {
        view! {
            <div class="field">
                <label for=id>{move || t(caption)}</label>
                <select id=id on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() { value.set(n) }
                }>
                    {range.map(|n| view! { <option value=n.to_string() selected=move || value.get() == n>{n}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="cv-card offline-form" on:submit=submit data-testid="offline-survey-form">
            <h2>{move || t(T::SurveyOffline)}</h2>
            {select("offline-recommend", T::RecommendScore, 0..=10, recommend)}
            {select("offline-overall", T::OverallScore, 1..=5, overall)}
            <button type="submit" class="btn btn-primary">{move || t(T::SaveOffline)}</button>
        </form>
    }
}

#[component]
fn NoteForm(on_save: Callback<Change>) -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.get_untracked().trim().is_empty() {
            return;
        }
        on_save.run(Change::Note(NewNote {
            text: text.get_untracked(),
        }));
        text.set(String::new());
    };
    view! {
        <form class="cv-card offline-form" on:submit=submit data-testid="offline-note-form">
            <h2>{move || t(T::NoteOffline)}</h2>
            <TextField id="offline-note-text" label=Signal::derive(move || t(T::NoteText).to_owned()) value=text kind=InputKind::Multiline field="text" />
            <button type="submit" class="btn btn-primary">{move || t(T::SaveOffline)}</button>
        </form>
    }
}

#[component]
fn NextContactForm(on_save: Callback<Change>, version: i64) -> impl IntoView {
    let locale = use_locale();
    let t = move |k: T| k.text(locale.get());
    let date = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = chrono::NaiveDate::parse_from_str(date.get_untracked().trim(), "%Y-%m-%d").ok();
        on_save.run(Change::NextContact(SetNextContact {
            next_contact_on: next,
            version,
        }));
    };
    view! {
        <form class="cv-card offline-form" on:submit=submit data-testid="offline-next-contact-form">
            <h2>{move || t(T::NextContactOffline)}</h2>
            <TextField id="offline-next-date" label=Signal::derive(move || t(T::NextContactOffline).to_owned()) value=date kind=InputKind::Date field="next_contact_on" />
            <button type="submit" class="btn btn-primary">{move || t(T::SaveOffline)}</button>
        </form>
    }
}
