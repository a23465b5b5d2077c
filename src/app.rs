//! The application shell: contexts, the header and the routes.

use crate::components::{AppHeader, Loading};
use crate::pages::{BookPage, CustomerPage, LoginPage, NotFoundPage};
use crate::state::{provide_locale_context, provide_policy_context, provide_session_context};
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_locale_context();
    let session = provide_session_context();
    provide_policy_context();

    view! {
        <Router>
            <div class="app">
                <AppHeader />
                <main class="app-main">
                    <Routes fallback=|| view! { <NotFoundPage /> }>
                        <Route path=path!("/login") view=LoginPage />
                        <ProtectedRoute
                            path=path!("/")
                            view=BookPage
                            condition=move || session.signed_in()
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                        <ProtectedRoute
                            path=path!("/customers/:id")
                            view=CustomerPage
                            condition=move || session.signed_in()
                            redirect_path=|| "/login"
                            fallback=|| view! { <Loading /> }
                        />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
