//! The home, satisfaction and branch screens of a scope too big for the browser
//! (docs/rules.md, Big scopes): the figures the server computed with the same folds of
//! the scoring crate (`GET /api/scope/figures`), nothing downloaded customer by
//! customer. `crate::state::book` decides (`use_book().server_figures()`).

use crate::api::figures::scope_figures;
use crate::components::panels::today::{entries_of, ComplaintsGroup, WorkKind};
use crate::components::panels::{ConcentrationOf, SatisfactionTrendOf, TierFigures};
use crate::components::{BoundaryErrors, Loading, MoneyAmount};
use crate::i18n::{self, customer_count, Msg};
use crate::state::use_locale;
use clientbook_domain::book::{CareCounts, CareItem};
use clientbook_domain::figures::ScopeFiguresAnswer;
use clientbook_domain::UserId;
use leptos::prelude::*;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::Arc;

/// The server's figures of the signed-in user's scope: loading, error, then `render`.
/// Figures the server marks stale ("as of HH:MM, being updated": it computes new ones
/// in the background) are shown with that note and asked for again every few seconds
/// until fresh ones come.
fn with_server_figures<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<ScopeFiguresAnswer>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let figures = LocalResource::new(|| async { scope_figures().await.map(Arc::new) });
    let retry = Callback::new(move |()| figures.refetch());
    Effect::new(move |_| {
        let stale = matches!(figures.get(), Some(Ok(a)) if a.stale);
        if stale {
            let again = set_timeout_with_handle(
                move || figures.refetch(),
                std::time::Duration::from_secs(STALE_REFETCH_SECS),
            );
            if let Ok(handle) = again {
                on_cleanup(move || handle.clear());
            }
        }
    });
    view! {
        <p class="notice big-scope-note" role="status" data-testid="server-figures">
            {use_locale().t(Msg::BigScopeNote)}
        </p>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                {move || {
                    let render = render.clone();
                    Suspend::new({ let figures = figures.into_future(); async move {
                        figures.await.map(|a| view! { <StaleNote answer=Arc::clone(&a) /> {render(a)} })
                    }})
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// Seconds between two asks for figures while the server computes new ones.
const STALE_REFETCH_SECS: u64 = 5;

/// "Figures as of 14:05, being updated" when the server answered stale figures.
#[component]
fn StaleNote(answer: Arc<ScopeFiguresAnswer>) -> impl IntoView {
    let locale = use_locale();
    answer.stale.then(|| {
        let when = computed_at_local(answer.computed_at);
        view! {
            <p class="notice figures-stale" role="status" data-testid="figures-stale">
                {move || i18n::figures_as_of(&when, locale.get())}
            </p>
        }
    })
}

/// The browser's local time of an instant in Unix ms: "14:05" today, else
/// "2026-06-14 14:05".
fn computed_at_local(ms: i64) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let now = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", at.get_hours(), at.get_minutes());
    let same_day = at.get_full_year() == now.get_full_year()
        && at.get_month() == now.get_month()
        && at.get_date() == now.get_date();
    if same_day {
        time
    } else {
        format!(
            "{}-{:02}-{:02} {time}",
            at.get_full_year(),
            at.get_month() + 1,
            at.get_date()
        )
    }
}

/// Care items listed per kind on home, as for a small book.
const CARE_SHOWN: usize = 5;

/// Home for a big scope: the headline figures, the tiers, satisfaction now and by month,
/// today's work (care counts and the soonest items, the open complaints), the retention
/// list and deposit concentration, as the server computed them.
#[component]
pub fn ServerHome() -> impl IntoView {
    with_server_figures(|answer| {
        let locale = use_locale();
        let s = answer.figures.summary.clone();
        let change = answer.figures.month_change;
        let total = s.customers as usize;
        let names: Arc<HashMap<i64, String>> = Arc::new(
            answer
                .names
                .iter()
                .map(|n| (n.id.0, n.name.clone()))
                .collect(),
        );
        let name_of = {
            let names = Arc::clone(&names);
            move |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
        };
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
            <p class="muted">
                <a href="/customers">{locale.t(Msg::BigScopeCustomersList)}</a>
            </p>
            <div class="dashboard-grid">
                <TierFigures by_tier=s.by_tier />
                <section class="panel satisfaction-panel" aria-labelledby="big-sat-title">
                    <SatisfactionFigures answer=Arc::clone(&answer) />
                    <h3>{locale.t(Msg::TrendByMonth)}</h3>
                    <SatisfactionTrendOf months=Arc::new(s.satisfaction.months.clone()) />
                </section>
                <ServerCare answer=Arc::clone(&answer) names=Arc::clone(&names) />
                <section class="panel" aria-labelledby="big-retention-title">
                    <h2 id="big-retention-title">{locale.t(Msg::RetentionTitle)}</h2>
                    <ol data-testid="server-retention">
                        {s
                            .retention
                            .iter()
                            .map(|r| {
                                let id = r.customer.0;
                                view! {
                                    <li>
                                        <a href=format!("/customers/{id}")>{name_of(id)}</a>
                                        " " {r.churn_score} " · " <MoneyAmount amount=r.aum />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
                <ConcentrationOf c=Arc::new(s.concentration.clone()) />
            </div>
        }
    })
}

/// How many items of `kind` the whole scope has.
fn care_count(counts: &CareCounts, kind: WorkKind) -> u32 {
    match kind {
        WorkKind::Overdue => counts.contacts_overdue,
        WorkKind::Birthday => counts.birthdays,
        WorkKind::Holiday => counts.holidays,
        WorkKind::Maturity => counts.maturities,
        WorkKind::Questionnaire => counts.questionnaires,
    }
}

/// Today's work of a big scope: for each kind the scope's count and its soonest items
/// (of the `scale.server_care_listed` the server sends), each linking to the customer;
/// the open complaints against their deadlines, as on a small book's home.
#[component]
fn ServerCare(answer: Arc<ScopeFiguresAnswer>, names: Arc<HashMap<i64, String>>) -> impl IntoView {
    let locale = use_locale();
    let s = &answer.figures.summary;
    let group = |kind: WorkKind| {
        let total = care_count(&s.care_counts, kind);
        let entries = entries_of(&s.care_today, kind);
        let shown = entries.len().min(CARE_SHOWN);
        let more = (total as usize).saturating_sub(shown);
        let items = entries
            .into_iter()
            .take(CARE_SHOWN)
            .map(|e| {
                let id = e.customer.0;
                let name = names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
                let detail = move || {
                    let l = locale.get();
                    match e.item {
                        CareItem::ContactOverdue {
                            never_contacted: true,
                            ..
                        } => i18n::never_contacted(l).to_owned(),
                        CareItem::ContactOverdue { days, .. } => i18n::days_overdue(days, l),
                        other => i18n::date(other.date(), l),
                    }
                };
                view! {
                    <li class="work-item">
                        <a href=format!("/customers/{id}")>{name}</a>
                        <span class="work-detail">{detail}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="today-group" data-work=kind.code() data-count=total>
                <h3>
                    {locale.t(kind.title())}
                    <span class="count-pill">{i18n::count(u64::from(total))}</span>
                </h3>
                {if total == 0 {
                    view! { <p class="muted">{locale.t(Msg::NothingDue)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="work-list">{items}</ul>
                        {(more > 0)
                            .then(|| view! { <p class="muted">{move || i18n::and_more(more, locale.get())}</p> })}
                    }
                        .into_any()
                }}
            </div>
        }
    };
    let mut kinds = WorkKind::ALL.into_iter();
    let overdue = kinds.next().map(group);
    let care = kinds.map(group).collect_view();
    view! {
        <section class="panel today-panel" aria-labelledby="big-today-title" data-testid="server-care">
            <h2 id="big-today-title">{locale.t(Msg::TodayTitle)}</h2>
            <div class="today-groups">{overdue} <ComplaintsGroup /> {care}</div>
            <p class="muted">{locale.t(Msg::BigCareNote)}</p>
        </section>
    }
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
                // Already a percentage (0–100), shown as the book's own panel shows it.
                <dd data-testid="server-csat">{i18n::score(total.csat())}</dd>
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
