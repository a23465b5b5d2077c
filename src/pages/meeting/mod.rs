//! Meeting mode (`/meeting`, 会面模式): the client-facing screens of one meeting, on the
//! tablet. The session is locked to the meeting on the server (ARCHITECTURE.md, "Meeting
//! mode"), so a reload or Back comes back here; the header shows no navigation.
//!
//! The page fetches only `GET /api/meeting` (the one customer, masked, without
//! complaints or surveys). No internal score is computed for display here: only the
//! portfolio, what suits the client and their own answers. One module per screen.

mod leave;
mod portfolio;
mod products;
mod signature;
mod start;
mod summary;
mod survey;
pub mod text;
mod whatif;

use crate::api::{meeting as mapi, ApiError};
use crate::components::{BoundaryErrors, Loading};
use crate::i18n::Locale;
use crate::state::use_locale;
use clientbook_domain::meeting::{MeetingSurvey, MeetingView, ProductShown, RiskAcknowledged};
use clientbook_domain::recommend::{recommend, Recommendation};
use clientbook_domain::suitability::{self, SuitabilityProfile};
use clientbook_domain::{Product, ProductId};
use leptos::prelude::*;
pub use start::StartMeeting;
use std::future::IntoFuture;
use std::sync::Arc;
use text::T;

/// The screens, in order (tap a tab or swipe).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Portfolio,
    Products,
    WhatIf,
    Survey,
    Summary,
    Leave,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Portfolio,
        Screen::Products,
        Screen::WhatIf,
        Screen::Survey,
        Screen::Summary,
        Screen::Leave,
    ];

    const fn title(self) -> T {
        match self {
            Screen::Portfolio => T::Portfolio,
            Screen::Products => T::Products,
            Screen::WhatIf => T::WhatIf,
            Screen::Survey => T::Survey,
            Screen::Summary => T::Summary,
            Screen::Leave => T::Leave,
        }
    }

    const fn slug(self) -> &'static str {
        match self {
            Screen::Portfolio => "portfolio",
            Screen::Products => "products",
            Screen::WhatIf => "whatif",
            Screen::Survey => "survey",
            Screen::Summary => "summary",
            Screen::Leave => "leave",
        }
    }

    fn step(self, by: i32) -> Screen {
        let i = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0) as i32;
        let n = Screen::ALL.len() as i32;
        Screen::ALL[(i + by).clamp(0, n - 1) as usize]
    }
}

/// The meeting as loaded, and what the meeting has gathered so far (kept in the page
/// until the summary is signed).
#[derive(Clone)]
pub struct Meeting {
    pub view: Arc<MeetingView>,
    pub profile: SuitabilityProfile,
    /// The recommendations, all within the client's level.
    pub recommendations: Arc<Vec<Recommendation>>,
    pub shown: RwSignal<Vec<ProductShown>>,
    pub warnings: RwSignal<Vec<RiskAcknowledged>>,
    pub interest: RwSignal<Vec<ProductId>>,
    pub survey: RwSignal<Option<MeetingSurvey>>,
    pub signed: RwSignal<bool>,
    pub screen: RwSignal<Screen>,
}

impl Meeting {
    fn new(view: MeetingView) -> Meeting {
        let profile = suitability::score(&view.customer, &view.policy, view.today);
        let recs = recommend(
            &view.customer,
            &view.policy,
            &view.shelf,
            &view.peers,
            view.today,
        )
        .into_iter()
        .filter(|r| profile.allows(r.risk))
        .collect();
        Meeting {
            profile,
            recommendations: Arc::new(recs),
            shown: RwSignal::new(view.shown.clone()),
            warnings: RwSignal::new(view.warnings.clone()),
            interest: RwSignal::new(vec![]),
            survey: RwSignal::new(None),
            signed: RwSignal::new(view.signed),
            screen: RwSignal::new(Screen::Portfolio),
            view: Arc::new(view),
        }
    }

    pub fn product(&self, id: ProductId) -> Option<&Product> {
        self.view.shelf.iter().find(|p| p.id == id)
    }

    pub fn product_name(&self, id: ProductId, locale: Locale) -> String {
        self.product(id)
            .map(|p| product_label(p, locale))
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn toggle_interest(&self, id: ProductId) {
        self.interest.update(|v| {
            if let Some(i) = v.iter().position(|p| *p == id) {
                v.remove(i);
            } else {
                v.push(id);
            }
        });
    }
}

pub fn product_label(p: &Product, locale: Locale) -> String {
    match locale {
        Locale::En => p.name_en.clone(),
        Locale::ZhCn => p.name_zh.clone(),
    }
}

pub fn use_meeting() -> Meeting {
    expect_context::<Meeting>()
}

/// The `T` in the current language, as a reactive closure for views.
pub fn tr(t: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || t.text(locale.get())
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let data = LocalResource::new(mapi::meeting);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="page meeting-page" aria-labelledby="mt-title" data-testid="meeting">
            <Suspense fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| {
                    view! { <BoundaryErrors errors on_retry=retry /> }
                }>
                    {move || Suspend::new({ let data = data.into_future(); async move {
                        let view = data.await?;
                        Ok::<_, ApiError>(view! { <MeetingLoaded view /> })
                    }})}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn MeetingLoaded(view: MeetingView) -> impl IntoView {
    let m = Meeting::new(view);
    provide_context(m.clone());
    let screen = m.screen;
    // A horizontal swipe of the section moves to the next or previous screen.
    let start_x = StoredValue::new(None::<i32>);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if ev.pointer_type() != "mouse" {
            start_x.set_value(Some(ev.client_x()));
        }
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        if let Some(x0) = start_x.get_value() {
            start_x.set_value(None);
            let dx = ev.client_x() - x0;
            if dx.abs() > 120 && screen.get_untracked() != Screen::Summary {
                screen.update(|s| *s = s.step(if dx < 0 { 1 } else { -1 }));
            }
        }
    };
    view! {
        <h1 id="mt-title" class="mt-title">{tr(T::Title)}</h1>
        <div class="mt-tabs" role="tablist" aria-label=tr(T::Sections)>
            {Screen::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="mt-tab"
                            id=format!("mt-tab-{}", s.slug())
                            data-testid=format!("mt-tab-{}", s.slug())
                            aria-selected=move || (screen.get() == s).to_string()
                            on:click=move |_| screen.set(s)
                        >
                            {tr(s.title())}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <div
            class="mt-screen"
            role="tabpanel"
            aria-labelledby=move || format!("mt-tab-{}", screen.get().slug())
            on:pointerdown=on_down
            on:pointerup=on_up
        >
            {move || match screen.get() {
                Screen::Portfolio => view! { <portfolio::PortfolioScreen /> }.into_any(),
                Screen::Products => view! { <products::ProductsScreen /> }.into_any(),
                Screen::WhatIf => view! { <whatif::WhatIfScreen /> }.into_any(),
                Screen::Survey => view! { <survey::SurveyScreen /> }.into_any(),
                Screen::Summary => view! { <summary::SummaryScreen /> }.into_any(),
                Screen::Leave => view! { <leave::LeaveScreen /> }.into_any(),
            }}
        </div>
        <div class="mt-steps">
            <button
                type="button"
                class="btn mt-step"
                disabled=move || screen.get() == Screen::Portfolio
                on:click=move |_| screen.update(|s| *s = s.step(-1))
            >
                {tr(T::Previous)}
            </button>
            <button
                type="button"
                class="btn mt-step"
                disabled=move || screen.get() == Screen::Leave
                on:click=move |_| screen.update(|s| *s = s.step(1))
            >
                {tr(T::Next)}
            </button>
        </div>
    }
}
