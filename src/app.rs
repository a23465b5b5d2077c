//! The application shell: contexts, the header and the routes.
//!
//! Routes: `/` home ("My book"), `/customers` the list, `/customers/:id` a customer
//! (`/customers/:id/review` its printable client review), `/satisfaction`, `/complaints`,
//! `/branch` (branch managers), `/pipeline` (opportunities), `/campaigns` (and
//! `/campaigns/:id`, `/campaigns/:id/results`), `/meeting` (the client-facing meeting),
//! `/settings`, `/admin` (admins), `/import` (admins and branch managers), `/audit` (compliance and admins), `/login`; anything
//! else is a 404.

use crate::components::{AppHeader, Loading};
use crate::pages::{
    AdminPage, AuditPage, BranchPage, CampaignPage, CampaignResultsPage, CampaignsPage,
    ComplaintsPage, CustomerPage, CustomersPage, HomePage, ImportPage, LoginPage, MeetingPage,
    NotFoundPage, PipelinePage, ReviewPage, SatisfactionPage, SettingsPage,
};
use crate::state::{
    provide_book_context, provide_clock_context, provide_locale_context, provide_policy_context,
    provide_session_context,
};
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_locale_context();
    let session = provide_session_context();
    provide_clock_context(session);
    provide_policy_context();
    provide_book_context();
    preload_customer_pages_on_intent();
    crate::offline::provide_offline_context();
    // Opened signed in with no network (src/offline/main.rs): every guarded route waits,
    // drawing nothing, and only the prepared customers are shown beside them.
    let signed_in = move || {
        if session.offline_only() {
            None
        } else {
            session.signed_in()
        }
    };
    let loading = move || (!session.offline_only()).then(|| view! { <Loading /> });
    // The page's main part is drawn once the app knows who is signed in (and stays drawn
    // after): a signed-in user's header gains its navigation then, several rows on a
    // phone, and a page drawn under the short header before would be pushed down (a
    // layout shift). Meanwhile the loading state floats over the page, where the header
    // cannot move it.
    //
    // It is drawn a task after the header, not in the header's task: the first signed-in
    // drawing of both (every function a first call, compiled then) was one long task of
    // the first load (ARCHITECTURE.md, "The first seconds of home").
    let session_known = RwSignal::new(false);
    Effect::new(move |_| {
        if !session_known.get_untracked()
            && (session.signed_in().is_some() || session.offline_only())
        {
            crate::yield_now::set_in_a_later_task(session_known);
        }
    });

    view! {
        <Router>
            <MeetingLock />
            <div class="app">
                <AppHeader />
                <Show when=move || session.signed_in() == Some(true)>
                    <crate::offline::OfflinePanel />
                </Show>
                <crate::pwa::PwaStatus />
                <Show
                    when=move || session_known.get()
                    fallback=|| view! { <div class="session-pending"><Loading /></div> }
                >
                // The main part scrolls on its own (the header stays), so it takes focus
                // itself: a keyboard user can scroll it even while a page has drawn nothing
                // focusable yet (home draws its panels one per frame).
                <main class="app-main" tabindex="0">
                    {move || session.offline_only().then(|| view! { <crate::offline::OfflineMain /> })}
                    <Routes fallback=|| view! { <NotFoundPage /> }>
                        <Route path=path!("/login") view=LoginPage />
                        <ProtectedRoute
                            path=path!("/")
                            view=HomePage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/customers")
                            view=|| lazy_page(customers_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id")
                            view=|| lazy_page(customer_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id/review")
                            view=|| lazy_page(review_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/satisfaction")
                            view=|| lazy_page(satisfaction_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/complaints")
                            view=|| lazy_page(complaints_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/branch")
                            view=|| lazy_page(branch_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/pipeline")
                            view=|| lazy_page(pipeline_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns")
                            view=|| lazy_page(campaigns_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id")
                            view=|| lazy_page(campaign_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id/results")
                            view=|| lazy_page(campaign_results_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/admin")
                            view=|| lazy_page(admin_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/meeting")
                            view=|| lazy_page(meeting_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/settings")
                            view=|| lazy_page(settings_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/import")
                            view=|| lazy_page(import_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/audit")
                            view=|| lazy_page(audit_page)
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                    </Routes>
                </main>
                </Show>
            </div>
        </Router>
    }
}

/// Meeting mode: while the session is locked to a meeting, every route but `/meeting`
/// (Back, a typed URL, a reload) goes to the meeting. The server refuses the book to
/// such a session anyway (ARCHITECTURE.md, "Meeting mode").
#[component]
fn MeetingLock() -> impl IntoView {
    let session = crate::state::use_session();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        if session.meeting().is_some() && location.pathname.get() != "/meeting" {
            // A full load (replacing the entry, so Back does not return here): the
            // meeting starts from the server's state, with nothing of the book in memory.
            if let Some(w) = web_sys::window() {
                let _ = w.location().replace("/meeting");
            }
        }
    });
}

/// The two parts of the app a customer link leads to.
#[derive(Clone, Copy)]
enum CustomerPart {
    List,
    One,
}

thread_local! {
    /// Whether the customers list's and the customer page's parts were asked for (each is
    /// fetched once; the loader keeps it after).
    static CUSTOMER_PARTS_ASKED: std::cell::Cell<(bool, bool)> =
        const { std::cell::Cell::new((false, false)) };
}

/// Starts fetching a customer part, once.
fn preload_once(part: CustomerPart) {
    let (list, one) = CUSTOMER_PARTS_ASKED.get();
    let asked = match part {
        CustomerPart::List => list,
        CustomerPart::One => one,
    };
    if asked {
        return;
    }
    CUSTOMER_PARTS_ASKED.set(match part {
        CustomerPart::List => (true, one),
        CustomerPart::One => (list, true),
    });
    // The unit tests' wasm is not split: the loader's imports would be left unresolved
    // and the test module would not load at all (the list page is in their reach).
    #[cfg(not(test))]
    match part {
        CustomerPart::List => leptos::task::spawn_local(__preload_customers_page()),
        CustomerPart::One => leptos::task::spawn_local(__preload_customer_page()),
    }
}

/// Starts fetching the customer page's part, once. Called on the user's intent (below)
/// and by the customers list a second after it is shown: from the list, a
/// customer is the next page, and a tablet has no pointer over a link to warn of the tap
/// (a tap's pointer down comes only just before its click).
pub fn preload_customer_page() {
    preload_once(CustomerPart::One);
}

/// Fetches the part of the customers list or of the customer page as soon as the user
/// shows the intent to open it (a pointer over or down on a link to it, or the keyboard's
/// focus on one), so that the click finds it loaded or on the way. Not right after home:
/// fetching and instantiating both while home settles kept the main thread busy for
/// ~0.5 s on Lighthouse's mobile profile (BENCHMARKS.md, "The customer pages split off").
fn preload_customer_pages_on_intent() {
    let intent = move |target: Option<web_sys::EventTarget>| {
        use wasm_bindgen::JsCast;
        let Some(href) = target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href^='/customers']").ok().flatten())
            .and_then(|a| a.get_attribute("href"))
        else {
            return;
        };
        let path = href.split(['?', '#']).next().unwrap_or_default();
        let one = path
            .strip_prefix("/customers/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        if one {
            preload_customer_page();
        } else if path == "/customers" || path == "/customers/" {
            preload_once(CustomerPart::List);
        }
    };
    let _ = window_event_listener(leptos::ev::pointerover, move |e| intent(e.target()));
    let _ = window_event_listener(leptos::ev::pointerdown, move |e| intent(e.target()));
    let _ = window_event_listener(leptos::ev::focusin, move |e| intent(e.target()));
}

/// A page whose code is not in the app's first download: its `#[lazy]` function is cut
/// into a wasm chunk of its own by `scripts/wasm-split.sh` and fetched (with any chunk it
/// shares with other pages) the first time the page is shown, then kept (the service
/// worker has every part by then, after a first visit). Sign-in and home stay in the main
/// module.
fn lazy_page<Load>(load: fn() -> Load) -> impl IntoView
where
    Load: std::future::Future<Output = AnyView> + Send + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {Suspend::new(load())}
        </Suspense>
    }
}

// One function per page but sign-in and home: each is a split point (ARCHITECTURE.md,
// "Splitting the wasm").
#[lazy]
fn customers_page() -> AnyView {
    view! { <CustomersPage /> }.into_any()
}
#[lazy]
fn customer_page() -> AnyView {
    view! { <CustomerPage /> }.into_any()
}
#[lazy]
fn review_page() -> AnyView {
    view! { <ReviewPage /> }.into_any()
}
#[lazy]
fn satisfaction_page() -> AnyView {
    view! { <SatisfactionPage /> }.into_any()
}
#[lazy]
fn complaints_page() -> AnyView {
    view! { <ComplaintsPage /> }.into_any()
}
#[lazy]
fn branch_page() -> AnyView {
    view! { <BranchPage /> }.into_any()
}
#[lazy]
fn pipeline_page() -> AnyView {
    view! { <PipelinePage /> }.into_any()
}
#[lazy]
fn campaigns_page() -> AnyView {
    view! { <CampaignsPage /> }.into_any()
}
#[lazy]
fn campaign_page() -> AnyView {
    view! { <CampaignPage /> }.into_any()
}
#[lazy]
fn campaign_results_page() -> AnyView {
    view! { <CampaignResultsPage /> }.into_any()
}
#[lazy]
fn admin_page() -> AnyView {
    view! { <AdminPage /> }.into_any()
}
#[lazy]
fn meeting_page() -> AnyView {
    view! { <MeetingPage /> }.into_any()
}
#[lazy]
fn settings_page() -> AnyView {
    view! { <SettingsPage /> }.into_any()
}
#[lazy]
fn import_page() -> AnyView {
    view! { <ImportPage /> }.into_any()
}
#[lazy]
fn audit_page() -> AnyView {
    view! { <AuditPage /> }.into_any()
}
