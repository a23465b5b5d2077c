//! The bar at the top of every page: the product name, the main navigation (Home,
//! Customers, Satisfaction, Complaints for every role but admins, Branch for branch
//! managers, Admin for admins, Import for admins and branch managers, Audit log for
//! compliance and admins) once signed in, who is signed in, the language switch and
//! sign-out. Links are `<A>`: the current page gets `aria-current="page"`.

use crate::api;
use crate::components::LanguageSwitch;
use crate::i18n::Msg;
use crate::state::{use_locale, use_policy, use_session};
use clientbook_domain::api::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn AppHeader() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let policy = use_policy();
    let navigate = use_navigate();

    // Signing out erases what was prepared for offline use (docs/rules.md, Offline).
    // Signed out locally whatever the server said: the user asked to leave. The steps
    // after the requests run in the action itself, not in an effect watching its value:
    // the header may be drawn again while the requests are out (an effect of the old one
    // would then never see the answer and the page would stay where it was).
    let sign_out = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            crate::offline::erase().await;
            let answer = api::sign_out().await;
            session.signed_out();
            policy.forget();
            navigate("/login", Default::default());
            answer
        }
    });

    view! {
        <header class="app-header">
            // Meeting mode: no way to the book in the page (ARCHITECTURE.md, "Meeting mode").
            <Show
                when=move || session.meeting().is_none()
                fallback=move || {
                    view! {
                        <span class="brand">
                            <span class="brand-mark" aria-hidden="true">"CB"</span>
                            <span>{locale.t(Msg::AppName)}</span>
                        </span>
                    }
                }
            >
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"CB"</span>
                    <span>{locale.t(Msg::AppName)}</span>
                </A>
            </Show>
            <Show when=move || session.signed_in() == Some(true) && session.meeting().is_none()>
                <MainNav />
            </Show>
            <div class="header-tools">
                {move || {
                    session
                        .user()
                        .map(|me| {
                            view! {
                                <span class="header-user">
                                    <span class="visually-hidden">
                                        {locale.t(Msg::SignedInAs)}
                                    </span>
                                    {me.display_name}
                                </span>
                            }
                        })
                }}
                <LanguageSwitch />
                <Show when=move || session.signed_in() == Some(true) && session.meeting().is_none()>
                    <button
                        type="button"
                        class="btn btn-quiet"
                        disabled=move || sign_out.pending().get()
                        on:click=move |_| {
                            sign_out.dispatch(());
                        }
                    >
                        {locale.t(Msg::SignOut)}
                    </button>
                </Show>
            </div>
        </header>
    }
}

/// The links to the dashboard screens.
#[component]
fn MainNav() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let manager = move || {
        session
            .user()
            .is_some_and(|me| me.role == Role::BranchManager)
    };
    let admin = move || session.user().is_some_and(|me| me.role == Role::Admin);
    let complaints = move || session.user().is_some_and(|me| me.role != Role::Admin);
    let advisor = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::RelationshipManager | Role::BranchManager))
    };
    let campaigns = move || session.user().is_some();
    let importer = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::Admin | Role::BranchManager))
    };
    let auditor = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::Compliance | Role::Admin))
    };
    view! {
        <nav class="main-nav" aria-label=locale.t(Msg::MainNav)>
            <A href="/" exact=true attr:class="nav-link">
                {locale.t(Msg::NavHome)}
            </A>
            <A href="/customers" exact=true attr:class="nav-link">
                {locale.t(Msg::NavCustomers)}
            </A>
            <A href="/satisfaction" attr:class="nav-link">
                {locale.t(Msg::NavSatisfaction)}
            </A>
            <Show when=complaints>
                <A href="/complaints" attr:class="nav-link">
                    {locale.t(Msg::NavComplaints)}
                </A>
            </Show>
            <Show when=complaints>
                <A href="/pipeline" attr:class="nav-link">
                    {move || crate::components::opportunity::text::T::PipelineTitle.text(locale.get())}
                </A>
            </Show>
            <Show when=manager>
                <A href="/branch" attr:class="nav-link">
                    {locale.t(Msg::NavBranch)}
                </A>
            </Show>
            <Show when=campaigns>
                <A href="/campaigns" attr:class="nav-link">
                    {locale.t(Msg::NavCampaigns)}
                </A>
            </Show>
            <Show when=admin>
                <A href="/admin" attr:class="nav-link">
                    {locale.t(Msg::NavAdmin)}
                </A>
            </Show>
            <Show when=importer>
                <A href="/import" attr:class="nav-link">
                    {locale.t(Msg::NavImport)}
                </A>
            </Show>
            <Show when=auditor>
                <A href="/audit" attr:class="nav-link">
                    {locale.t(Msg::NavAudit)}
                </A>
            </Show>
            <Show when=advisor>
                <A href="/settings" attr:class="nav-link">
                    {locale.t(Msg::NavSettings)}
                </A>
            </Show>
        </nav>
    }
}
