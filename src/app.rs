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
    let session_known = Memo::new(move |known: Option<&bool>| {
        known.copied().unwrap_or(false) || session.signed_in().is_some() || session.offline_only()
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
                            view=CustomersPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id")
                            view=CustomerPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id/review")
                            view=ReviewPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/satisfaction")
                            view=SatisfactionPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/complaints")
                            view=ComplaintsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/branch")
                            view=BranchPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/pipeline")
                            view=PipelinePage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns")
                            view=CampaignsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id")
                            view=CampaignPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id/results")
                            view=CampaignResultsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/admin")
                            view=AdminPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/meeting")
                            view=MeetingPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/settings")
                            view=SettingsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/import")
                            view=ImportPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=loading
                        />
                        <ProtectedRoute
                            path=path!("/audit")
                            view=AuditPage
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
