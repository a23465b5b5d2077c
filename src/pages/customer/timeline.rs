//! The timeline: contacts, complaints, surveys, care events and product changes together,
//! newest first.

use super::text::{self, T};
use super::{tr, Loaded};
use crate::i18n::Locale;
use crate::state::use_locale;
use chrono::NaiveDate;
use clientbook_domain::api::CustomerDetail;
use clientbook_domain::service::{CareMarker, CareMarkerState, InteractionOutcome};
use leptos::prelude::*;
use std::sync::Arc;

/// How many entries are shown before "Show all".
const FIRST_ENTRIES: usize = 12;

/// What happened, with what the line needs to say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Contact { index: usize },
    Care { index: usize },
    Complaint { index: usize },
    Survey { recommend: u8, overall: u8 },
    ProductOpened { holding: usize },
    ProductMatured { holding: usize },
    CareMarked { marker: usize },
}

impl Event {
    pub const fn kind(&self) -> T {
        match self {
            Event::Contact { .. } => T::TlContact,
            Event::Care { .. } => T::TlCare,
            Event::Complaint { .. } => T::TlComplaint,
            Event::Survey { .. } => T::TlSurvey,
            Event::ProductOpened { .. } => T::TlProductOpened,
            Event::ProductMatured { .. } => T::TlProductMatured,
            Event::CareMarked { .. } => T::TlCareDone,
        }
    }

    /// The stable name of the kind, for CSS and tests.
    pub const fn code(&self) -> &'static str {
        match self {
            Event::Contact { .. } => "contact",
            Event::Care { .. } => "care",
            Event::Complaint { .. } => "complaint",
            Event::Survey { .. } => "survey",
            Event::ProductOpened { .. } => "product-opened",
            Event::ProductMatured { .. } => "product-matured",
            Event::CareMarked { .. } => "care-marked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub on: NaiveDate,
    pub event: Event,
}

/// Every event of the record up to `today`, newest first (same day: the order of kinds
/// above, contacts first).
pub fn timeline(d: &CustomerDetail, markers: &[CareMarker], today: NaiveDate) -> Vec<Entry> {
    let mut v = Vec::new();
    for (index, i) in d.interactions.iter().enumerate() {
        let event = if i.outcome == InteractionOutcome::CareDelivered {
            Event::Care { index }
        } else {
            Event::Contact { index }
        };
        v.push(Entry {
            on: i.occurred_on,
            event,
        });
    }
    for (index, c) in d.complaints.iter().enumerate() {
        v.push(Entry {
            on: c.received_on,
            event: Event::Complaint { index },
        });
    }
    for s in &d.customer.surveys {
        v.push(Entry {
            on: s.answered_on,
            event: Event::Survey {
                recommend: s.recommend,
                overall: s.overall,
            },
        });
    }
    for (holding, h) in d.customer.holdings.iter().enumerate() {
        v.push(Entry {
            on: h.opened_on,
            event: Event::ProductOpened { holding },
        });
        if let Some(m) = h.matures_on.filter(|m| *m <= today) {
            v.push(Entry {
                on: m,
                event: Event::ProductMatured { holding },
            });
        }
    }
    for (marker, m) in markers.iter().enumerate() {
        if m.state == CareMarkerState::Snoozed {
            v.push(Entry {
                on: m.on,
                event: Event::CareMarked { marker },
            });
        }
    }
    v.retain(|e| e.on <= today);
    // Stable: same-day entries keep the order they were added in.
    v.sort_by_key(|e| std::cmp::Reverse(e.on));
    v
}

fn describe(e: &Entry, l: &Loaded, locale: Locale) -> String {
    let d = &l.detail;
    match e.event {
        Event::Contact { index } | Event::Care { index } => {
            let i = &d.interactions[index];
            let mut s = format!(
                "{} · {} · {} · {}",
                text::interaction_kind(i.kind, locale),
                text::channel(i.channel, locale),
                text::outcome(i.outcome, locale),
                i.rm_name
            );
            if !i.note.is_empty() {
                s.push_str(&format!(" — {}", i.note));
            }
            if let Some(n) = &i.next_step {
                s.push_str(&format!(" · {}: {n}", T::NextStep.text(locale)));
            }
            s
        }
        Event::Complaint { index } => {
            let c = &d.complaints[index];
            format!(
                "{} · {} · {} — {}",
                text::severity(c.severity, locale),
                text::content_type(c.content_type, locale),
                text::status(c.status, locale),
                c.description
            )
        }
        Event::Survey { recommend, overall } => format!(
            "{} {recommend} · {} {overall}",
            T::Recommend.text(locale),
            T::Overall.text(locale)
        ),
        Event::ProductOpened { holding } | Event::ProductMatured { holding } => {
            let h = &d.customer.holdings[holding];
            format!(
                "{} · {} · {}",
                l.product_name(h.product_id, locale),
                text::family(h.family, locale),
                h.balance
            )
        }
        Event::CareMarked { marker } => {
            let m = &l.markers[marker];
            format!(
                "{} · {}",
                text::care_kind(m.kind, locale),
                T::TlCareSnoozed.text(locale)
            )
        }
    }
}

#[component]
pub fn TimelineSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let entries = timeline(&loaded.detail, &loaded.markers, loaded.today);
    let total = entries.len();
    let show_all = RwSignal::new(false);
    let rows = entries
        .into_iter()
        .enumerate()
        .map(|(n, e)| {
            let loaded = Arc::clone(&loaded);
            let kind = e.event.kind();
            let code = e.event.code();
            let on = e.on.to_string();
            let later = n >= FIRST_ENTRIES;
            view! {
                <li class=format!("cv-tl cv-tl-{code}") class:cv-hidden=move || later && !show_all.get() data-kind=code>
                    <time datetime=on.clone()>{on.clone()}</time>
                    <span class="cv-tl-kind">{tr(kind)}</span>
                    <span class="cv-tl-text">{move || describe(&e, &loaded, locale.get())}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="cv-card" id="cv-timeline" aria-labelledby="cv-tl-title">
            <h2 id="cv-tl-title">{tr(T::TimelineTitle)}</h2>
            {(total == 0).then(|| view! { <p class="muted">{tr(T::TimelineEmpty)}</p> })}
            <ol class="cv-timeline" data-testid="timeline">{rows}</ol>
            <Show when=move || { total > FIRST_ENTRIES && !show_all.get() }>
                <button type="button" class="btn" on:click=move |_| show_all.set(true)>
                    {tr(T::ShowAll)} " (" {total} ")"
                </button>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::customer::whatif_model::tests::{customer, day};
    use clientbook_domain::api::{CustomerProfile, IdType, IncomeBand};
    use clientbook_domain::customer::{Channel, Survey, UserId};
    use clientbook_domain::service::{Interaction, InteractionKind};

    fn detail() -> CustomerDetail {
        let mut c = customer();
        c.surveys = vec![Survey {
            answered_on: day(2026, 10, 1),
            recommend: 9,
            overall: 5,
            ratings: vec![],
        }];
        c.holdings[0].matures_on = Some(day(2026, 9, 1));
        c.holdings[1].matures_on = Some(day(2027, 9, 1));
        CustomerDetail {
            customer: c,
            profile: CustomerProfile {
                id_type: IdType::ResidentIdCard,
                email: None,
                address: String::new(),
                birth_date: String::new(),
                occupation: String::new(),
                employer: None,
                income_band: IncomeBand::Under100k,
                hobbies: vec![],
                household_role: None,
            },
            household: vec![],
            interactions: vec![Interaction {
                id: 1,
                occurred_on: day(2026, 11, 2),
                kind: InteractionKind::Call,
                channel: Channel::Phone,
                outcome: InteractionOutcome::CareDelivered,
                note: String::new(),
                next_step: None,
                rm_id: UserId(1),
                rm_name: "RM".into(),
            }],
            complaints: vec![],
            notes: vec![],
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_timeline_puts_every_kind_together_newest_first() {
        let t = timeline(&detail(), &[], day(2026, 11, 23));
        let codes: Vec<&str> = t.iter().map(|e| e.event.code()).collect();
        assert_eq!(
            codes,
            vec![
                "care",
                "survey",
                "product-matured",
                "product-opened",
                "product-opened",
                "product-opened"
            ]
        );
        assert!(t.windows(2).all(|w| w[0].on >= w[1].on));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn nothing_after_today_is_listed() {
        let t = timeline(&detail(), &[], day(2026, 10, 15));
        assert!(t.iter().all(|e| e.on <= day(2026, 10, 15)));
        assert!(!t.iter().any(|e| matches!(e.event, Event::Care { .. })));
    }
}
