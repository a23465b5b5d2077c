//! Branch view (`/branch`, branch managers): every RM's book side by side (AUM,
//! customers, NPS, overdue follow-ups, open complaints), computed from the branch book
//! the server returns to a branch manager, and reassigning a customer to another RM
//! (`PUT /api/customers/{id}/owner`). Other roles read that the view is not for them.

use crate::api::dashboard::{change_owner, users};
use crate::api::ApiError;
use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::error_view::error_text;
use crate::components::panels::CustomerLink;
use crate::components::{Loading, MoneyAmount};
use crate::i18n::{self, Locale, Msg};
use crate::state::figures::{rm_books, RmBook};
use crate::state::{use_book, use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::{CustomerId, UserId};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// RM display names by id; empty when the server does not list users to this role.
type Names = Arc<HashMap<UserId, String>>;

#[component]
pub fn BranchPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let role = move || session.user().map(|me| me.role);
    view! {
        <section class="page branch-page" aria-labelledby="branch-title">
            <header class="page-header">
                <h1 id="branch-title">{locale.t(Msg::BranchTitle)}</h1>
            </header>
            {move || match role() {
                None => view! { <Loading /> }.into_any(),
                Some(Role::BranchManager) => view! { <BranchLoaded /> }.into_any(),
                Some(_) => {
                    view! {
                        <p class="notice" role="status" data-testid="not-for-role">
                            {locale.t(Msg::NotForRole)}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn BranchLoaded() -> impl IntoView {
    let session = use_session();
    // Names are a nicety: the server lists users to admins only today, so other roles do
    // not ask (a 403 would only fill the console) and read "RM #id"; any failure falls
    // back the same way.
    let names = LocalResource::new(move || {
        let may_list = session.user().is_some_and(|me| me.role == Role::Admin);
        async move {
            if !may_list {
                return Arc::new(HashMap::new());
            }
            let map: HashMap<UserId, String> = users()
                .await
                .map(|r| {
                    r.users
                        .into_iter()
                        .map(|u| (u.id, u.display_name))
                        .collect()
                })
                .unwrap_or_default();
            Arc::new(map)
        }
    });
    book_gate(move |index| {
        let names: Names = names.get().unwrap_or_default();
        view! { <BranchBooks index names /> }
    })
}

fn rm_name(names: &Names, id: UserId, locale: Locale) -> String {
    names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| i18n::rm_label(id.0, locale))
}

#[component]
fn BranchBooks(index: Arc<BookIndex>, names: Names) -> impl IntoView {
    let locale = use_locale();
    let (rms, total) = rm_books(&index);
    let rm_ids: Vec<UserId> = rms.iter().map(|r| r.rm).collect();
    let row = {
        let names = Arc::clone(&names);
        move |b: RmBook, total: bool| {
            let names = Arc::clone(&names);
            let rm = b.rm;
            view! {
                <tr data-rm-id=(!total).then_some(rm.0) class:total-row=total>
                    <th scope="row">
                        {move || {
                            if total {
                                Msg::BranchTotal.text(locale.get()).to_owned()
                            } else {
                                rm_name(&names, rm, locale.get())
                            }
                        }}
                    </th>
                    <td class="num">
                        <MoneyAmount amount=b.aum />
                    </td>
                    <td class="num">{i18n::count(u64::from(b.customers))}</td>
                    <td class="num">{i18n::score(b.satisfaction.nps())}</td>
                    <td class="num">{i18n::count(u64::from(b.overdue))}</td>
                    <td class="num">{i18n::count(u64::from(b.open_complaints))}</td>
                </tr>
            }
        }
    };
    view! {
        <div class="table-scroll">
            <table class="figures branch-table" data-testid="branch-books">
                <thead>
                    <tr>
                        <th scope="col">{locale.t(Msg::ColRm)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColAum)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColCustomerCount)}</th>
                        <th scope="col" class="num">{locale.t(Msg::Nps)}</th>
                        <th scope="col" class="num">{locale.t(Msg::FollowUpsOverdue)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColOpenComplaints)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rms.into_iter().map(|b| row.clone()(b, false)).collect_view()}
                </tbody>
                <tfoot>{row(total, true)}</tfoot>
            </table>
        </div>
        <ReassignForm index names rm_ids />
    }
}

/// The sentence shown when a reassignment is refused: the server's own words where it
/// gave some (a 404 or 409 message, the fields of a 422).
pub fn refusal_text(error: &ApiError, locale: Locale) -> String {
    match error {
        ApiError::Server(m) | ApiError::Forbidden(m) if !m.is_empty() => m.clone(),
        ApiError::Validation(fields) if !fields.is_empty() => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.problem))
            .collect::<Vec<_>>()
            .join("; "),
        other => error_text(other, locale),
    }
}

#[component]
fn ReassignForm(index: Arc<BookIndex>, names: Names, rm_ids: Vec<UserId>) -> impl IntoView {
    let locale = use_locale();
    let book = use_book();
    let customer_text = RwSignal::new(String::new());
    let target = RwSignal::new(None::<UserId>);
    let found = {
        let index = Arc::clone(&index);
        Memo::new(move |_| {
            customer_text
                .with(|t| t.trim().parse::<i64>().ok())
                .and_then(|id| index.position(CustomerId(id)))
        })
    };
    let reassign = Action::new_local(|(id, rm, version): &(CustomerId, UserId, i64)| {
        let (id, rm, version) = (*id, *rm, *version);
        async move { change_owner(id, rm, version).await }
    });
    let pending = reassign.pending();
    Effect::new(move |_| {
        if let Some(Ok(_)) = reassign.value().get() {
            // The book changed on the server: fetch it again so every screen agrees.
            book.refetch();
        }
    });
    let submit = {
        let index = Arc::clone(&index);
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let (Some(at), Some(rm)) = (found.get_untracked(), target.get_untracked()) {
                let c = index.customer(at);
                reassign.dispatch((c.id, rm, c.version));
            }
        }
    };
    let current = {
        let index = Arc::clone(&index);
        let names = Arc::clone(&names);
        move || {
            let typed = customer_text.with(|t| !t.trim().is_empty());
            match found.get() {
                Some(at) => {
                    let rm = index.customer(at).rm_id;
                    let names = Arc::clone(&names);
                    view! {
                        <p class="reassign-current" data-testid="reassign-current">
                            <CustomerLink index=Arc::clone(&index) at with_tier=true />
                            " · " {locale.t(Msg::CurrentRm)} ": "
                            {move || rm_name(&names, rm, locale.get())}
                        </p>
                    }
                    .into_any()
                }
                None if typed => {
                    view! { <p class="muted">{locale.t(Msg::UnknownCustomer)}</p> }.into_any()
                }
                None => ().into_any(),
            }
        }
    };
    view! {
        <section class="panel reassign-panel" aria-labelledby="reassign-title">
            <h2 id="reassign-title">{locale.t(Msg::ReassignTitle)}</h2>
            <form class="reassign-form" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="reassign-customer">{locale.t(Msg::CustomerIdLabel)}</label>
                    <input
                        id="reassign-customer"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        bind:value=customer_text
                    />
                </div>
                <div class="field">
                    <label for="reassign-rm">{locale.t(Msg::NewRm)}</label>
                    <select
                        id="reassign-rm"
                        on:change=move |ev| {
                            target.set(event_target_value(&ev).parse::<i64>().ok().map(UserId))
                        }
                    >
                        <option value="" selected=move || target.get().is_none()>
                            {locale.t(Msg::ChooseRm)}
                        </option>
                        {rm_ids
                            .iter()
                            .map(|id| {
                                let id = *id;
                                let names = Arc::clone(&names);
                                view! {
                                    <option value=id.0 selected=move || target.get() == Some(id)>
                                        {move || rm_name(&names, id, locale.get())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button
                    type="submit"
                    class="btn btn-primary"
                    disabled=move || pending.get() || found.get().is_none() || target.get().is_none()
                >
                    {locale.t(Msg::Reassign)}
                </button>
            </form>
            {current}
            {move || match reassign.value().get() {
                Some(Ok(_)) if !pending.get() => {
                    view! {
                        <p class="notice" role="status">
                            {locale.t(Msg::Reassigned)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if !pending.get() => {
                    view! {
                        <p class="form-error" role="alert" data-testid="reassign-error">
                            {refusal_text(&e, locale.get())}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}
