//! The application shell: contexts, the header and the routes.
//!
//! Routes: `/` home ("My book"), `/customers` the list, `/customers/:id` a customer,
//! `/satisfaction`, `/complaints`, `/branch` (branch managers), `/campaigns` (and
//! `/campaigns/:id`, `/campaigns/:id/results`), `/admin` (admins), `/audit` (compliance
//! and admins), `/login`; anything else is a 404.

use crate::components::{AppHeader, Loading};
use crate::pages::{
    AdminPage, AuditPage, BranchPage, CampaignPage, CampaignResultsPage, CampaignsPage,
    ComplaintsPage, CustomerPage, CustomersPage, HomePage, LoginPage, NotFoundPage,
    SatisfactionPage,
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
    let signed_in = move || session.signed_in();

    view! {
        <Router>
            <div class="app">
                <AppHeader />
                <main class="app-main">
                    <Routes fallback=|| view! { <NotFoundPage /> }>
                        <Route path=path!("/login") view=LoginPage />
                        <ProtectedRoute
                            path=path!("/")
                            view=HomePage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/customers")
                            view=CustomersPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id")
                            view=CustomerPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/satisfaction")
                            view=SatisfactionPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/complaints")
                            view=ComplaintsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/branch")
                            view=BranchPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/campaigns")
                            view=CampaignsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id")
                            view=CampaignPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/campaigns/:id/results")
                            view=CampaignResultsPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/admin")
                            view=AdminPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/audit")
                            view=AuditPage
                            condition=signed_in
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
