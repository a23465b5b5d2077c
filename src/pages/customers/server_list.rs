//! The customer list of a scope too big for the browser (docs/rules.md, Big scopes): the
//! book is not downloaded, so the list pages through `GET /api/customers`, filtered,
//! ordered and counted by the server. The search, tier, risk level and order live in the
//! URL like the whole-book list's (`CustomerView`; a tier becomes its AUM bounds, as in
//! the export); the RM filter is `?rm=`; the page is a keyset cursor kept on this screen
//! (Previous goes back through the cursors already seen). The export menu exports exactly
//! these filters. Filters on scores the browser computes (churn, value, activity) are
//! not offered: the server has no scores to filter on.

use super::use_customer_view;
use crate::api::customer_list::{customer_page, PAGE_ROWS};
use crate::api::export::ExportRequest;
use crate::api::staff::staff;
use crate::components::export_button::customer_export;
use crate::components::filter_bar::{select, ViewChange};
use crate::components::text_field::{InputKind, TextField};
use crate::components::{BoundaryErrors, ExportMenu, Loading, MoneyAmount};
use crate::i18n::{self, customer_count, Msg};
use crate::state::book_view::{Direction, SortKey, SortOrder};
use crate::state::customer_view::{RiskFilter, RISK_CODES, TIER_CODES};
use crate::state::{use_locale, use_policy};
use clientbook_domain::api::CustomerPage;
use clientbook_domain::users::Role;
use clientbook_domain::UserId;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::Arc;

/// The risk levels the server stores ("never assessed" is not one of its filters).
const RISK_LEVEL_CODES: &[(RiskFilter, &str)] = RISK_CODES.split_at(5).0;

/// The orders the server keeps an index for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ServerOrder {
    AumDesc,
    Number,
}

const ORDER_CODES: [(ServerOrder, &str); 2] = [
    (ServerOrder::AumDesc, "aum"),
    (ServerOrder::Number, "number"),
];

impl ServerOrder {
    fn of(sort: SortOrder) -> ServerOrder {
        if sort.key == SortKey::Aum {
            ServerOrder::AumDesc
        } else {
            ServerOrder::Number
        }
    }

    /// The list's sort that the server reads as this order (any key but AUM is read as
    /// the customer number, as the export does).
    fn sort(self) -> SortOrder {
        match self {
            ServerOrder::AumDesc => SortOrder::default(),
            ServerOrder::Number => SortOrder {
                key: SortKey::Name,
                direction: Direction::Ascending,
            },
        }
    }

    const fn label(self) -> Msg {
        match self {
            ServerOrder::AumDesc => Msg::BigListByAum,
            ServerOrder::Number => Msg::BigListByNumber,
        }
    }
}

/// The cursors of the pages before the one shown, for the filters they were read with.
#[derive(Clone, Debug, Default, PartialEq)]
struct Paging {
    of: Option<ExportRequest>,
    cursors: Vec<String>,
}

impl Paging {
    /// The cursors that apply to `filters` (none once the filters changed).
    fn cursors_for(&self, filters: &ExportRequest) -> &[String] {
        if self.of.as_ref() == Some(filters) {
            &self.cursors
        } else {
            &[]
        }
    }
}

#[component]
pub fn ServerCustomers() -> impl IntoView {
    let locale = use_locale();
    let policy = use_policy();
    let (view, on_change) = use_customer_view();
    let query = use_query_map();
    let rm = Memo::new(move |_| {
        query.with(|q| q.get("rm").and_then(|v| v.trim().parse().ok()).map(UserId))
    });
    let filters = Memo::new(move |_| {
        let tiers = policy
            .current()
            .map(|p| p.tiers.clone())
            .unwrap_or_default();
        let (mut req, _) = view.with(|v| customer_export(v, &tiers));
        if let ExportRequest::Customers { rm: r, .. } = &mut req {
            *r = rm.get();
        }
        req
    });
    let paging = RwSignal::new(Paging::default());
    let page = LocalResource::new(move || {
        let filters = filters.get();
        let cursor = paging.with(|p| p.cursors_for(&filters).last().cloned());
        async move {
            customer_page(&filters, cursor.as_deref())
                .await
                .map(Arc::new)
        }
    });
    let page_number = move || filters.with(|f| paging.with(|p| p.cursors_for(f).len() + 1));
    let go_next = Callback::new(move |cursor: String| {
        let f = filters.get_untracked();
        paging.update(|p| {
            let mut cursors = p.cursors_for(&f).to_vec();
            cursors.push(cursor);
            *p = Paging {
                of: Some(f),
                cursors,
            };
        });
    });
    let go_back = Callback::new(move |()| paging.update(|p| _ = p.cursors.pop()));
    let names = LocalResource::new(|| async {
        staff()
            .await
            .map(|r| {
                r.staff
                    .into_iter()
                    .filter(|m| m.role == Role::RelationshipManager)
                    .map(|m| (m.id, m.display_name))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let rm_names = Memo::new(move |_| {
        Arc::new(
            names
                .get()
                .unwrap_or_default()
                .into_iter()
                .collect::<HashMap<_, _>>(),
        )
    });
    let (pending, set_pending) = signal(false);
    let export = Signal::derive(move || filters.get());

    view! {
        <p class="notice big-scope-note" role="status" data-testid="server-list">
            {locale.t(Msg::BigListNote)}
        </p>
        <ServerFilterBar view on_change rm names=Signal::derive(move || names.get().unwrap_or_default()) />
        <ExportMenu request=export name="customers" />
        <div class="big-list" aria-busy=move || pending.get().to_string()>
            <Show when=move || pending.get()>
                <p class="big-list-loading muted" role="status" data-testid="server-list-loading">
                    {locale.t(Msg::Loading)}
                </p>
            </Show>
            <Transition fallback=|| view! { <Loading /> } set_pending>
                <ErrorBoundary fallback=move |errors| {
                    view! { <BoundaryErrors errors on_retry=Callback::new(move |()| page.refetch()) /> }
                }>
                    {move || {
                        let page = page.into_future();
                        let number = page_number();
                        Suspend::new(async move {
                            page.await
                                .map(|p| {
                                    view! {
                                        <ServerPage page=p number rm_names go_next go_back />
                                    }
                                })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

/// The search, tier, risk level, RM and order of the server's list.
#[component]
fn ServerFilterBar(
    view: Signal<crate::state::customer_view::CustomerView>,
    on_change: Callback<ViewChange>,
    rm: Memo<Option<UserId>>,
    #[prop(into)] names: Signal<Vec<(UserId, String)>>,
) -> impl IntoView {
    let locale = use_locale();
    let change =
        move |replace: bool, edit: &dyn Fn(&mut crate::state::customer_view::CustomerView)| {
            let mut v = view.get_untracked();
            edit(&mut v);
            on_change.run(ViewChange { view: v, replace });
        };
    let typed = RwSignal::new(view.get_untracked().filter.query);
    let navigate = StoredValue::new_local(use_navigate());
    let set_rm = move |id: Option<UserId>| {
        let mut url = format!("/customers{}", view.get_untracked().to_query());
        if let Some(id) = id {
            let join = if url.contains('?') { '&' } else { '?' };
            url.push_str(&format!("{join}rm={}", id.0));
        }
        navigate.with_value(|go| go(&url, NavigateOptions::default()));
    };
    view! {
        <div class="filter-bar big-list-filters" role="search">
            <TextField
                id="big-list-search"
                label=locale.t(Msg::Search)
                value=typed
                kind=InputKind::Search
                class="search-box"
                testid="big-list-search"
                note=Signal::derive(move || Some(Msg::BigListSearchHint.text(locale.get()).to_owned()))
                on_change=Callback::new(move |q: String| change(false, &|v| v.filter.query = q.clone()))
            />
            <fieldset class="filters">
                <legend class="visually-hidden">{locale.t(Msg::Filters)}</legend>
                {select(
                    "filter-tier",
                    Msg::ColTier,
                    &TIER_CODES,
                    |t, l| Msg::tier(t).text(l).to_owned(),
                    Signal::derive(move || view.with(|v| v.filter.tier)),
                    move |t| change(false, &|v| v.filter.tier = t),
                )}
                {select(
                    "filter-risk",
                    Msg::ColRisk,
                    RISK_LEVEL_CODES,
                    |r, _| match r {
                        RiskFilter::Level(level) => level.code().to_owned(),
                        RiskFilter::NotAssessed => String::new(),
                    },
                    Signal::derive(move || view.with(|v| v.filter.risk)),
                    move |r| change(false, &|v| v.filter.risk = r),
                )}
                <Show when=move || names.with(|n| n.len() > 1)>
                    <div class="filter">
                        <label for="filter-rm">{locale.t(Msg::ColRm)}</label>
                        <select
                            id="filter-rm"
                            class:set=move || rm.get().is_some()
                            on:change=move |ev| set_rm(event_target_value(&ev).parse().ok().map(UserId))
                        >
                            <option value="" selected=move || rm.get().is_none()>
                                {locale.t(Msg::AnyValue)}
                            </option>
                            {move || {
                                names
                                    .get()
                                    .into_iter()
                                    .map(|(id, name)| {
                                        view! {
                                            <option value=id.0 selected=move || rm.get() == Some(id)>
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </Show>
                {select(
                    "big-list-order",
                    Msg::SortBy,
                    &ORDER_CODES,
                    |o, l| o.label().text(l).to_owned(),
                    Signal::derive(move || Some(view.with(|v| ServerOrder::of(v.sort)))),
                    move |o: Option<ServerOrder>| {
                        let o = o.unwrap_or(ServerOrder::AumDesc);
                        change(false, &|v| v.sort = o.sort());
                    },
                )}
            </fieldset>
        </div>
    }
}

/// One page: the count, the rows and the way to the next and previous pages.
#[component]
fn ServerPage(
    page: Arc<CustomerPage>,
    number: usize,
    rm_names: Memo<Arc<HashMap<UserId, String>>>,
    go_next: Callback<String>,
    go_back: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let total = usize::try_from(page.total).unwrap_or(usize::MAX);
    let first = (number - 1) * PAGE_ROWS as usize + 1;
    let last = first + page.items.len().saturating_sub(1);
    let next = page.next_cursor.clone();
    let rows = page
        .items
        .iter()
        .map(|c| {
            let id = c.id.0;
            let rm = c.rm_id;
            let tier = c.tier;
            view! {
                <tr data-customer-id=id>
                    <th scope="row">
                        <a href=format!("/customers/{id}")>{c.name.clone()}</a>
                    </th>
                    <td class="num">{id}</td>
                    <td>{move || Msg::tier(tier).text(locale.get())}</td>
                    <td class="num"><MoneyAmount amount=c.aum /></td>
                    <td>{c.risk_level.map(|r| r.code().to_owned())}</td>
                    <td>
                        {move || {
                            rm_names
                                .with(|n| n.get(&rm).cloned())
                                .unwrap_or_else(|| i18n::rm_label(rm.0, locale.get()))
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="book-summary">
            <p class="customer-count" data-testid="customers-total" data-count=total>
                {move || customer_count(total, locale.get())}
            </p>
            <p class="showing muted" aria-live="polite" data-testid="big-list-rows" data-first=first data-last=last>
                {move || (total > 0).then(|| i18n::rows_of(first, last, total, locale.get()))}
            </p>
        </div>
        {if page.items.is_empty() {
            view! { <p class="empty-state">{locale.t(Msg::NoMatch)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="figures big-list-table" data-testid="big-list">
                        <caption class="visually-hidden">{locale.t(Msg::BigListCaption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{locale.t(Msg::ColName)}</th>
                                <th scope="col" class="num">{locale.t(Msg::BigListNumber)}</th>
                                <th scope="col">{locale.t(Msg::ColTier)}</th>
                                <th scope="col" class="num">{locale.t(Msg::ColAum)}</th>
                                <th scope="col">{locale.t(Msg::ColRisk)}</th>
                                <th scope="col">{locale.t(Msg::ColRm)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <nav class="big-list-pages" aria-label=move || locale.t(Msg::BigListPages)()>
            <button
                type="button"
                class="btn"
                data-testid="big-list-previous"
                disabled=number == 1
                on:click=move |_| go_back.run(())
            >
                {locale.t(Msg::BigListPrevious)}
            </button>
            <span class="muted" data-testid="big-list-page" data-page=number>
                {move || i18n::page_number(number, locale.get())}
            </span>
            <button
                type="button"
                class="btn"
                data-testid="big-list-next"
                disabled=next.is_none()
                on:click=move |_| {
                    if let Some(c) = next.clone() {
                        go_next.run(c);
                    }
                }
            >
                {locale.t(Msg::BigListNext)}
            </button>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn filters(search: &str) -> ExportRequest {
        ExportRequest::Customers {
            search: search.into(),
            risk_level: None,
            min_aum: None,
            below_aum: None,
            aum_desc: true,
            rm: None,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn cursors_read_with_other_filters_are_not_used() {
        let p = Paging {
            of: Some(filters("王")),
            cursors: vec!["aum.1.2~9".into()],
        };
        assert_eq!(p.cursors_for(&filters("王")).len(), 1);
        assert!(
            p.cursors_for(&filters("李")).is_empty(),
            "a new search starts at page one"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn each_order_is_read_back_from_the_sort_it_writes() {
        for (o, _) in ORDER_CODES {
            assert_eq!(ServerOrder::of(o.sort()), o);
        }
        assert_eq!(RISK_LEVEL_CODES.len(), 5);
        assert!(RISK_LEVEL_CODES
            .iter()
            .all(|(r, _)| matches!(r, RiskFilter::Level(_))));
    }
}
