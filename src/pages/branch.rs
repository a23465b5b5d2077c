//! Branch view (`/branch`, branch managers): every RM's book side by side (AUM,
//! customers, NPS, overdue follow-ups, open complaints), computed from the branch book
//! the server returns to a branch manager, each RM named (`GET /api/staff`), and
//! reassigning a customer, found by search, to another RM (`PUT
//! /api/customers/{id}/owner`). Other roles read that the view is not for them.

use crate::api::dashboard::change_owner;
use crate::api::staff::staff;
use crate::api::ApiError;
use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::error_view::error_text;
use crate::components::panels::CustomerLink;
use crate::components::{Autocomplete, Combobox, InputKind, Loading, MoneyAmount, TextField};
use crate::i18n::{self, Locale, Msg};
use crate::pages::big_scope::ServerBranch;
use crate::pages::campaigns::RuleMeasuresPanel;
use crate::state::figures::{rm_books, RmBook};
use crate::state::reassign_search::{reassign_matches, MATCHES_SHOWN};
use crate::state::{use_book, use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::service::OwnerChanged;
use clientbook_domain::{CustomerId, UserId};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// RM display names by id (`GET /api/staff`); empty if they could not be loaded.
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
                Some(Role::BranchManager) => view! { <BranchLoaded /> <RuleMeasuresPanel /> }.into_any(),
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
    // Names are a nicety: if they cannot be loaded the books still show, with "RM #id".
    let names = LocalResource::new(|| async {
        let map: HashMap<UserId, String> = staff()
            .await
            .map(|r| {
                r.staff
                    .into_iter()
                    .map(|m| (m.id, m.display_name))
                    .collect()
            })
            .unwrap_or_default();
        Arc::new(map)
    });
    // Owned here, above the book: a reassignment refetches the book, which renders the
    // form anew, and its outcome must still be shown.
    let book = use_book();
    let reassign: Reassign = Action::new_local(|(id, rm, version): &(CustomerId, UserId, i64)| {
        let (id, rm, version) = (*id, *rm, *version);
        async move { change_owner(id, rm, version).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = reassign.value().get() {
            // The book changed on the server: fetch it again so every screen agrees.
            book.refetch();
        }
    });
    book_gate(move |index| {
        let names: Names = names.get().unwrap_or_default();
        if book.server_figures() {
            // A branch too big for the browser: the server's figures, no reassignment
            // search over a downloaded book.
            return view! { <ServerBranch names /> }.into_any();
        }
        view! { <BranchBooks index names reassign /> }.into_any()
    })
}

/// Giving a customer (with the version read) to another RM.
type Reassign = Action<(CustomerId, UserId, i64), Result<OwnerChanged, ApiError>>;

fn rm_name(names: &Names, id: UserId, locale: Locale) -> String {
    names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| i18n::rm_label(id.0, locale))
}

#[component]
fn BranchBooks(index: Arc<BookIndex>, names: Names, reassign: Reassign) -> impl IntoView {
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
        <ReassignForm index names rm_ids reassign />
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

/// The reassignment: search the branch book for the customer (name, customer number or
/// RM), pick one from the matches (click, tap, or arrow keys and Enter), choose the new
/// RM, submit.
#[component]
fn ReassignForm(
    index: Arc<BookIndex>,
    names: Names,
    rm_ids: Vec<UserId>,
    reassign: Reassign,
) -> impl IntoView {
    let locale = use_locale();
    let typed = RwSignal::new(String::new());
    // The customer picked from the matches (a position in the book).
    let picked = RwSignal::new(None::<u32>);
    // The match the arrow keys are on.
    let active = RwSignal::new(0_usize);
    let target = RwSignal::new(None::<UserId>);
    let matches = {
        let (index, names) = (Arc::clone(&index), Arc::clone(&names));
        Memo::new(move |_| {
            typed.with(|t| reassign_matches(&index, |id| names.get(&id).cloned(), t, MATCHES_SHOWN))
        })
    };
    let pending = reassign.pending();
    let submit = {
        let index = Arc::clone(&index);
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let (Some(at), Some(rm)) = (picked.get_untracked(), target.get_untracked()) {
                let c = index.customer(at);
                reassign.dispatch((c.id, rm, c.version));
            }
        }
    };
    let pick = move |at: u32| {
        picked.set(Some(at));
        typed.set(String::new());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1).min(n - 1));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" if n > 0 => {
                // Enter picks the match rather than submitting half a form.
                ev.prevent_default();
                let at = matches.with_untracked(|m| m[active.get_untracked().min(n - 1)]);
                pick(at);
            }
            "Escape" => typed.set(String::new()),
            _ => {}
        }
    };
    let option_id = |at: u32| format!("reassign-option-{at}");
    let options = {
        let (index, names) = (Arc::clone(&index), Arc::clone(&names));
        move || {
            let shown = matches.get();
            if shown.is_empty() {
                let searched = typed.with(|t| !t.trim().is_empty());
                return searched
                    .then(|| {
                        view! {
                            <p class="muted" role="status" data-testid="reassign-no-match">
                                {locale.t(Msg::NoCustomerMatches)}
                            </p>
                        }
                    })
                    .into_any();
            }
            let (index, names) = (Arc::clone(&index), Arc::clone(&names));
            view! {
                <ul
                    id="reassign-matches"
                    class="reassign-matches"
                    role="listbox"
                    aria-label=locale.t(Msg::CustomersToPick)
                    data-testid="reassign-matches"
                >
                    {shown
                        .into_iter()
                        .enumerate()
                        .map(|(k, at)| {
                            let c = index.customer(at);
                            let (id, name, rm) = (c.id, c.name.clone(), c.rm_id);
                            let names = Arc::clone(&names);
                            view! {
                                <li
                                    id=option_id(at)
                                    role="option"
                                    class="reassign-match"
                                    class:active=move || active.get() == k
                                    aria-selected=move || (active.get() == k).to_string()
                                    data-customer-id=id.0
                                    on:click=move |_| pick(at)
                                >
                                    <span class="match-name">{name}</span>
                                    <span class="match-number">"#" {id.0}</span>
                                    <span class="match-rm muted">
                                        {move || rm_name(&names, rm, locale.get())}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    let current = {
        let index = Arc::clone(&index);
        let names = Arc::clone(&names);
        move || {
            picked.get().map(|at| {
                let rm = index.customer(at).rm_id;
                let names = Arc::clone(&names);
                view! {
                    <p class="reassign-current" data-testid="reassign-current">
                        <span class="muted">{locale.t(Msg::PickedCustomer)} ": "</span>
                        <CustomerLink index=Arc::clone(&index) at with_tier=true />
                        " · " {locale.t(Msg::CurrentRm)} ": "
                        {move || rm_name(&names, rm, locale.get())}
                    </p>
                }
            })
        }
    };
    let combobox = Combobox {
        listbox: "reassign-matches",
        expanded: Signal::derive(move || !matches.with(Vec::is_empty)),
        active: Signal::derive(move || {
            matches.with(|m| m.get(active.get()).map(|at| option_id(*at)))
        }),
        on_key: Callback::new(on_key),
    };
    view! {
        <section class="panel reassign-panel" aria-labelledby="reassign-title">
            <h2 id="reassign-title">{locale.t(Msg::ReassignTitle)}</h2>
            <form class="reassign-form" on:submit=submit novalidate=true>
                <TextField
                    id="reassign-customer"
                    label=locale.t(Msg::FindCustomer)
                    value=typed
                    kind=InputKind::Search
                    autocomplete=Autocomplete::Off
                    described_by="reassign-hint"
                    class="reassign-search"
                    combobox
                    on_input=Callback::new(move |_| active.set(0))
                >
                    <small id="reassign-hint" class="muted">
                        {locale.t(Msg::FindCustomerHint)}
                    </small>
                    {options}
                </TextField>
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
                    disabled=move || pending.get() || picked.get().is_none() || target.get().is_none()
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
