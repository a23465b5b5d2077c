//! The home, satisfaction and branch screens of a scope too big for the browser
//! (docs/rules.md, Big scopes): the figures the server computed with the same folds of
//! the scoring crate (`GET /api/scope/figures`), nothing downloaded customer by
//! customer. `crate::state::book` decides (`use_book().server_figures()`).

use crate::api::figures::scope_figures;
use crate::components::{BoundaryErrors, Loading, MoneyAmount};
use crate::i18n::{self, customer_count, Msg};
use crate::state::use_locale;
use clientbook_domain::figures::ScopeFiguresAnswer;
use clientbook_domain::{Tier, UserId};
use leptos::prelude::*;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::Arc;

/// The server's figures of the signed-in user's scope: loading, error, then `render`.
fn with_server_figures<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<ScopeFiguresAnswer>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let figures = LocalResource::new(|| async { scope_figures().await.map(Arc::new) });
    let retry = Callback::new(move |()| figures.refetch());
    view! {
        <p class="notice big-scope-note" role="status" data-testid="server-figures">
            {use_locale().t(Msg::BigScopeNote)}
        </p>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                {move || {
                    let render = render.clone();
                    Suspend::new({ let figures = figures.into_future(); async move { figures.await.map(render) }})
                }}
            </ErrorBoundary>
        </Transition>
    }
}

const TIERS: [Tier; 5] = [
    Tier::PrivateBanking,
    Tier::Diamond,
    Tier::Platinum,
    Tier::Gold,
    Tier::Standard,
];

/// Home for a big scope: the headline figures, the tiers, satisfaction and the
/// retention list, as the server computed them.
#[component]
pub fn ServerHome() -> impl IntoView {
    with_server_figures(|answer| {
        let locale = use_locale();
        let s = answer.figures.summary.clone();
        let change = answer.figures.month_change;
        let total = s.customers as usize;
        let names: HashMap<i64, String> = answer
            .names
            .iter()
            .map(|n| (n.id.0, n.name.clone()))
            .collect();
        view! {
            <div class="kpis">
                <div class="kpi">
                    <p class="kpi-label">{locale.t(Msg::TotalAum)}</p>
                    <p class="kpi-value money" data-testid="total-aum">{s.aum.to_string()}</p>
                    <p class="kpi-change">{change.aum_delta().to_string()}</p>
                </div>
                <div class="kpi">
                    <p class="kpi-label">{locale.t(Msg::KpiCustomers)}</p>
                    <p class="kpi-value customer-count" data-testid="customer-count" data-count=total>
                        {move || customer_count(total, locale.get())}
                    </p>
                    <p class="kpi-change">{change.customers_delta().to_string()}</p>
                </div>
            </div>
            <p class="muted">{locale.t(Msg::BigScopeCustomersList)}</p>
            <div class="dashboard-grid">
                <section class="panel" aria-labelledby="big-tier-title">
                    <h2 id="big-tier-title">{locale.t(Msg::ByTierTitle)}</h2>
                    <table class="figures" data-testid="server-tiers">
                        <tbody>
                            {TIERS
                                .iter()
                                .map(|t| {
                                    let g = s.by_tier[*t as usize];
                                    view! {
                                        <tr>
                                            <th scope="row">{locale.t(i18n::Msg::tier(*t))}</th>
                                            <td class="num">{i18n::count(u64::from(g.customers))}</td>
                                            <td class="num"><MoneyAmount amount=g.aum /></td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
                <SatisfactionFigures answer=Arc::clone(&answer) />
                <section class="panel" aria-labelledby="big-retention-title">
                    <h2 id="big-retention-title">{locale.t(Msg::RetentionTitle)}</h2>
                    <ol data-testid="server-retention">
                        {s
                            .retention
                            .iter()
                            .map(|r| {
                                let id = r.customer.0;
                                let name = names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
                                view! {
                                    <li>
                                        <a href=format!("/customers/{id}")>{name}</a>
                                        " " {r.churn_score} " · " <MoneyAmount amount=r.aum />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
            </div>
        }
    })
}

/// NPS, CSAT and CSI of the scope's trend window.
#[component]
fn SatisfactionFigures(answer: Arc<ScopeFiguresAnswer>) -> impl IntoView {
    let locale = use_locale();
    let total = answer.figures.summary.satisfaction.total;
    view! {
        <section class="panel" aria-labelledby="big-sat-title">
            <h2 id="big-sat-title">{locale.t(Msg::SatisfactionThisMonth)}</h2>
            <dl class="figures" data-testid="server-satisfaction">
                <dt>{locale.t(Msg::Nps)}</dt>
                <dd>{i18n::score(total.nps())}</dd>
                <dt>{locale.t(Msg::Csat)}</dt>
                <dd>{i18n::percent(total.csat())}</dd>
                <dt>{locale.t(Msg::Csi)}</dt>
                <dd>{i18n::score(total.csi())}</dd>
            </dl>
        </section>
    }
}

/// The satisfaction screen of a big scope.
#[component]
pub fn ServerSatisfaction() -> impl IntoView {
    with_server_figures(|answer| view! { <SatisfactionFigures answer /> })
}

/// Every RM's book of a big branch, as the server computed them.
#[component]
pub fn ServerBranch(names: Arc<HashMap<UserId, String>>) -> impl IntoView {
    with_server_figures(move |answer| {
        let locale = use_locale();
        let names = Arc::clone(&names);
        let row = move |b: &clientbook_domain::figures::RmBook, total: bool| {
            let label = if total {
                Msg::BranchTotal.text(locale.get_untracked()).to_owned()
            } else {
                names
                    .get(&b.rm)
                    .cloned()
                    .unwrap_or_else(|| i18n::rm_label(b.rm.0, locale.get_untracked()))
            };
            view! {
                <tr data-rm-id=(!total).then_some(b.rm.0) class:total-row=total>
                    <th scope="row">{label}</th>
                    <td class="num"><MoneyAmount amount=b.aum /></td>
                    <td class="num">{i18n::count(u64::from(b.customers))}</td>
                    <td class="num">{i18n::score(b.satisfaction.nps())}</td>
                    <td class="num">{i18n::count(u64::from(b.overdue))}</td>
                    <td class="num">{i18n::count(u64::from(b.open_complaints))}</td>
                </tr>
            }
        };
        let f = &answer.figures;
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
                    <tbody>{f.rm_books.iter().map(|b| row(b, false)).collect_view()}</tbody>
                    <tfoot>{row(&f.rm_total, true)}</tfoot>
                </table>
            </div>
        }
    })
}
