//! The household (家庭) on the customer page (docs/rules.md, Households): the members
//! the RM may see, each with their own tier and AUM; a member of another book only as
//! "another member (not in your book)"; the combined AUM, allocation and household tier
//! beside the customer's own; adding a member found in the RM's book and taking one out.
//! The server sends the figures already limited to what the viewer may see.

use super::household_text::{role, T};
use super::{text, use_page, Loaded};
use crate::api::customer::Written;
use crate::api::household as hapi;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading, MoneyAmount, TextField, TierBadge};
use crate::state::use_locale;
use clientbook_domain::allocation::AssetClass;
use clientbook_domain::api::HouseholdRole;
use clientbook_domain::household::{AddHouseholdMember, HouseholdView};
use clientbook_domain::{CustomerId, Money};
use leptos::prelude::*;
use leptos_router::components::A;
use std::future::IntoFuture;
use std::sync::Arc;

/// The words of `t` in the current language, as a closure for views.
pub fn ht(t: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || t.text(locale.get())
}

/// Share of `part` in `whole` as "12.5%".
fn share(part: Money, whole: Money) -> String {
    if whole.fen() <= 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", part.fen() as f64 * 100.0 / whole.fen() as f64)
}

/// The roles a member can be given by hand.
const ROLES: [HouseholdRole; 5] = [
    HouseholdRole::Spouse,
    HouseholdRole::Child,
    HouseholdRole::Parent,
    HouseholdRole::Other,
    HouseholdRole::Head,
];

/// The household section's last answer, owned by the customer page so it outlives the
/// section's rebuild on reload.
#[derive(Clone, Copy)]
pub struct HouseholdFlash(pub RwSignal<Option<T>>);

/// The same for the details-to-confirm section.
#[derive(Clone, Copy)]
pub struct StaleFlash(pub RwSignal<Option<T>>);

#[component]
pub fn HouseholdSection(loaded: Arc<Loaded>) -> impl IntoView {
    let id = loaded.id();
    let data = LocalResource::new(move || hapi::household(id));
    // The last answer of a change, kept by the page: the section is rebuilt when the
    // page reloads after the change.
    let flash = use_context::<HouseholdFlash>().map_or_else(|| RwSignal::new(None), |f| f.0);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="cv-card cv-household" id="cv-household" aria-labelledby="cv-household-title" data-testid="household">
            <h2 id="cv-household-title">{ht(T::Title)}</h2>
            <p class="cv-flash" role="status" aria-live="polite" data-testid="household-flash">
                {move || flash.get().map(|t| ht(t)())}
            </p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {
                        let loaded = Arc::clone(&loaded);
                        move || {
                            let loaded = Arc::clone(&loaded);
                            Suspend::new({ let data = data.into_future(); async move {
                                let view = data.await?;
                                Ok::<_, ApiError>(view! { <HouseholdBody loaded view flash /> })
                            }})
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn HouseholdBody(
    loaded: Arc<Loaded>,
    view: HouseholdView,
    flash: RwSignal<Option<T>>,
) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let id = loaded.id();
    let version = view.version;
    let remove = Action::new_local(move |member: &CustomerId| {
        let member = *member;
        async move { hapi::remove_member(id, member, version).await }
    });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            flash.set(Some(match r {
                Ok(Written::Saved(_)) => T::MemberRemoved,
                Ok(Written::Conflict(_)) => T::ChangedMeanwhile,
                Err(_) => T::Refused,
            }));
            // The reload rebuilds this section with a fresh fetch; refetching the old one
            // as well polled a resource already disposed (a panic in the browser).
            page.reload();
        }
    });
    let in_household = view.summary.is_some();
    let members = view
        .members
        .iter()
        .map(|m| {
            let name = m.name.clone();
            let member = m.id;
            let tier = m.tier;
            let aum = m.aum;
            let role_text = m.role.map(role);
            let is_self = member == id;
            view! {
                <li class="hh-member" data-testid="household-member" data-customer=member.0>
                    {if is_self {
                        view! { <span class="hh-name">{name}</span> " (" {ht(T::ThisCustomer)} ")" }.into_any()
                    } else {
                        view! { <A href=format!("/customers/{member}")><span class="hh-name">{name}</span></A> }.into_any()
                    }}
                    " " <span class="hh-role">{move || role_text.map(|t| t.text(locale.get()))}</span>
                    " " <TierBadge tier=tier />
                    " " <MoneyAmount amount=aum />
                    {in_household.then(|| view! {
                        " "
                        <button type="button" class="btn btn-small" data-testid="household-remove"
                            disabled=move || remove.pending().get()
                            on:click=move |_| { remove.dispatch(member); }>
                            {ht(T::RemoveMember)}
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();
    let others = view.summary.as_ref().map_or(0, |s| s.others_not_in_book);
    let own_tier = loaded.book.tier(loaded.at);
    let summary = view.summary.clone().map(|s| {
        let total = s.combined_aum;
        let classes = AssetClass::ALL
            .into_iter()
            .map(|class| {
                let amount = s.allocation[class as usize];
                view! {
                    <tr>
                        <th scope="row">{move || text::asset_class(class, locale.get())}</th>
                        <td class="num"><MoneyAmount amount /></td>
                        <td class="num">{share(amount, total)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <dl class="hh-figures">
                <div><dt>{ht(T::CombinedAum)}</dt><dd data-testid="household-aum"><MoneyAmount amount=total /></dd></div>
                <div><dt>{ht(T::HouseholdTier)}</dt><dd data-testid="household-tier"><TierBadge tier=s.tier /></dd></div>
                <div><dt>{ht(T::OwnTier)}</dt><dd data-testid="own-tier"><TierBadge tier=own_tier /></dd></div>
            </dl>
            {(s.others_not_in_book > 0).then(|| view! {
                <p class="muted" data-testid="household-partial">{ht(T::OthersNotCounted)}</p>
            })}
            <h3>{ht(T::CombinedAllocation)}</h3>
            <div class="cv-table-wrap">
                <table class="cv-table" data-testid="household-allocation">
                    <tbody>{classes}</tbody>
                </table>
            </div>
        }
    });
    let list_link = loaded
        .detail
        .customer
        .household_id
        .filter(|_| in_household)
        .map(|h| {
            view! {
                <A href=format!("/customers?household={}", h.0) attr:data-testid="household-in-list">
                    {ht(T::ShowInList)}
                </A>
            }
        });
    view! {
        {view.summary.is_none().then(|| view! { <p class="muted">{ht(T::NoHousehold)}</p> })}
        <h3 class="visually-hidden">{ht(T::MembersLabel)}</h3>
        <ul class="hh-members">
            {members}
            {(0..others)
                .map(|_| view! { <li class="hh-member hh-other" data-testid="household-other">{ht(T::OtherMember)}</li> })
                .collect_view()}
        </ul>
        {summary}
        {list_link}
        <AddMember loaded version flash />
    }
}

/// Find a customer of the RM's book who is in no household, and add them with a role.
#[component]
fn AddMember(loaded: Arc<Loaded>, version: i64, flash: RwSignal<Option<T>>) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let id = loaded.id();
    let query = RwSignal::new(String::new());
    let chosen_role = RwSignal::new(HouseholdRole::Spouse);
    let add = Action::new_local(move |member: &CustomerId| {
        let body = AddHouseholdMember {
            member: *member,
            role: chosen_role.get_untracked(),
            version,
        };
        async move { hapi::add_member(id, &body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            flash.set(Some(match r {
                Ok(Written::Saved(_)) => T::MemberAdded,
                Ok(Written::Conflict(_)) => T::ChangedMeanwhile,
                Err(_) => T::Refused,
            }));
            // The reload rebuilds this section with a fresh fetch; refetching the old one
            // as well polled a resource already disposed (a panic in the browser).
            page.reload();
        }
    });
    let book = Arc::clone(&loaded.book);
    let matches = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return vec![];
        }
        let all: Vec<u32> = (0..book.len() as u32).collect();
        book.filter(&all, q.trim())
            .into_iter()
            .map(|at| book.customer(at))
            .filter(|c| c.id != id && c.household_id.is_none())
            .take(8)
            .map(|c| (c.id, c.name.clone()))
            .collect::<Vec<_>>()
    };
    let label = Signal::derive(move || T::FindCustomer.text(locale.get()).to_owned());
    view! {
        <details class="cv-form-box hh-add" data-testid="household-add">
            <summary><h3>{ht(T::AddMember)}</h3></summary>
            <TextField id="household-find" label value=query testid="household-find" />
            <label class="hh-role-pick">
                {ht(T::RoleLabel)} " "
                <select data-testid="household-role" on:change=move |ev| {
                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                    chosen_role.set(ROLES[i.min(ROLES.len() - 1)]);
                }>
                    {ROLES
                        .iter()
                        .enumerate()
                        .map(|(i, r)| view! { <option value=i.to_string()>{ht(role(*r))}</option> })
                        .collect_view()}
                </select>
            </label>
            {move || {
                let found = matches();
                if found.is_empty() {
                    (!query.get().trim().is_empty())
                        .then(|| view! { <p class="muted">{ht(T::NoMatches)}</p> })
                        .into_any()
                } else {
                    view! {
                        <ul class="hh-matches">
                            {found
                                .into_iter()
                                .map(|(member, name)| view! {
                                    <li data-testid="household-match" data-customer=member.0>
                                        <span>{name}</span> " #" {member.0} " "
                                        <button type="button" class="btn btn-small" data-testid="household-add-button"
                                            disabled=move || add.pending().get()
                                            on:click=move |_| { add.dispatch(member); }>
                                            {ht(T::AddButton)}
                                        </button>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </details>
    }
}
