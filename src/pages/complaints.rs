//! Complaints (`/complaints`, RMs, branch managers and compliance; the server scopes the
//! list: an RM's own book, a branch manager's branch, everything for compliance): the
//! open complaints by where they stand against their deadlines, and the monthly analysis
//! (`GET /api/complaints/analysis?month=YYYY-MM`). Administrators read that the view is
//! not for them.

use crate::api::complaints::{analysis, complaints};
use crate::api::export::{ComplaintList, ExportRequest};
use crate::components::{ErrorView, ExportMenu, InputKind, Loading, TextField};
use crate::i18n::{self, Msg};
use crate::pages::customer::text;
use crate::state::{use_clock, use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::service::{
    ComplaintAnalysis, ComplaintFilter, ComplaintListItem, DeadlineState,
};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

/// The filters of the state switch, in order.
const FILTERS: [(ComplaintFilter, Msg); 3] = [
    (ComplaintFilter::Open, Msg::ComplaintsOpen),
    (ComplaintFilter::Nearing, Msg::ComplaintsNearing),
    (ComplaintFilter::Overdue, Msg::ComplaintsOverdue),
];

/// The server's own spelling of a deadline state, for `data-deadline-state`.
const fn deadline_code(s: DeadlineState) -> &'static str {
    match s {
        DeadlineState::Closed => "Closed",
        DeadlineState::OnTrack => "OnTrack",
        DeadlineState::Nearing => "Nearing",
        DeadlineState::Overdue => "Overdue",
    }
}

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let role = move || session.user().map(|me| me.role);
    view! {
        <section class="page complaints-page" aria-labelledby="complaints-title">
            <header class="page-header">
                <h1 id="complaints-title">{locale.t(Msg::NavComplaints)}</h1>
            </header>
            {move || match role() {
                None => view! { <Loading /> }.into_any(),
                Some(Role::Admin) => {
                    view! {
                        <p class="notice" role="status" data-testid="not-for-role">
                            {locale.t(Msg::NotForRoleComplaints)}
                        </p>
                    }
                        .into_any()
                }
                Some(_) => view! { <ComplaintsLoaded /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ComplaintsLoaded() -> impl IntoView {
    let locale = use_locale();
    let filter = RwSignal::new(ComplaintFilter::Open);
    let list = LocalResource::new(move || {
        let state = filter.get();
        async move { complaints(state).await }
    });
    // The month of the analysis: `None` until the user picks one (the server's current
    // month, which is the month of `as_of`).
    let month = RwSignal::new(None::<String>);
    let figures = LocalResource::new(move || {
        let m = month.get();
        async move { analysis(m.as_deref()).await }
    });
    let as_of_month = move || {
        list.get()
            .and_then(Result::ok)
            .map(|r| r.as_of.format("%Y-%m").to_string())
    };
    let shown_month = move || {
        month
            .get()
            .or_else(as_of_month)
            .or_else(|| {
                figures
                    .get()
                    .and_then(Result::ok)
                    .map(|a| a.month.format("%Y-%m").to_string())
            })
            .unwrap_or_default()
    };
    // The month field shows the month of the figures until the user picks one.
    let typed_month = RwSignal::new(String::new());
    Effect::new(move |_| {
        let shown = shown_month();
        if month.with_untracked(Option::is_none) {
            typed_month.set(shown);
        }
    });
    view! {
        <div class="panel complaints-panel">
            <div class="state-switch" role="group" aria-labelledby="complaints-show">
                <span id="complaints-show" class="state-switch-label">
                    {locale.t(Msg::ComplaintsShow)}
                </span>
                {FILTERS
                    .into_iter()
                    .map(|(f, msg)| {
                        view! {
                            <button
                                type="button"
                                class="btn"
                                class:btn-primary=move || filter.get() == f
                                aria-pressed=move || (filter.get() == f).to_string()
                                on:click=move |_| filter.set(f)
                            >
                                {locale.t(msg)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <ExportMenu
                name="complaints"
                request=Signal::derive(move || ExportRequest::Complaints(match filter.get() {
                    ComplaintFilter::Open => ComplaintList::Open,
                    ComplaintFilter::Nearing => ComplaintList::Nearing,
                    ComplaintFilter::Overdue => ComplaintList::Overdue,
                }))
            />
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <ErrorView
                            error=Signal::stored(e)
                            on_retry=Callback::new(move |_| list.refetch())
                        />
                    }
                        .into_any()
                }
                Some(Ok(r)) => view! { <ComplaintsTable items=r.complaints /> }.into_any(),
            }}
        </div>
        <section
            class="panel complaint-analysis"
            aria-labelledby="analysis-title"
            data-testid="complaint-analysis"
        >
            <h2 id="analysis-title">{locale.t(Msg::AnalysisTitle)}</h2>
            <TextField
                id="analysis-month"
                label=locale.t(Msg::MonthCol)
                value=typed_month
                kind=InputKind::Month
                field="month"
                class="filter"
                on_change=Callback::new(move |v: String| {
                    if !v.trim().is_empty() {
                        month.set(Some(v.trim().to_owned()));
                    }
                })
            />
            <ExportMenu
                name="analysis"
                request=Signal::derive(move || ExportRequest::ComplaintAnalysis(month.get()))
            />
            {move || match figures.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <ErrorView
                            error=Signal::stored(e)
                            on_retry=Callback::new(move |_| figures.refetch())
                        />
                    }
                        .into_any()
                }
                Some(Ok(a)) => view! { <AnalysisFigures a /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ComplaintsTable(items: Vec<ComplaintListItem>) -> impl IntoView {
    let locale = use_locale();
    let n = items.len();
    let count = view! {
        <p class="muted complaints-count" data-testid="complaints-count" data-count=n>
            {move || i18n::complaint_count(n, locale.get())}
        </p>
    };
    if items.is_empty() {
        return view! {
            {count}
            <p class="notice" role="status" data-testid="complaints-empty">
                {locale.t(Msg::ComplaintsEmpty)}
            </p>
        }
        .into_any();
    }
    // Instants in the bank's time zone, as the customer page shows them.
    let clock = use_clock();
    let rows = items
        .into_iter()
        .map(|item| {
            let c = item.complaint;
            let state = item.deadline_state;
            let (severity, content, status) = (c.severity, c.content_type, c.status);
            let href = format!("/customers/{}", c.customer_id.0);
            let received = clock.format(c.received_at);
            let internal = clock.format(c.internal_deadline);
            let regulatory = c.regulatory_deadline;
            let flag = match state {
                DeadlineState::Overdue => Some(("deadline-flag overdue", Msg::ComplaintsOverdue)),
                DeadlineState::Nearing => Some(("deadline-flag nearing", Msg::ComplaintsNearing)),
                _ => None,
            };
            view! {
                <tr
                    data-complaint-id=c.id
                    data-deadline-state=deadline_code(state)
                    class:overdue-row=state == DeadlineState::Overdue
                    class:nearing-row=state == DeadlineState::Nearing
                >
                    <th scope="row">
                        <A href=href>{item.customer_name}</A>
                    </th>
                    <td>{move || text::severity(severity, locale.get())}</td>
                    <td>{move || text::content_type(content, locale.get())}</td>
                    <td>
                        <time>{received}</time>
                    </td>
                    <td>
                        <time>{internal}</time>
                    </td>
                    <td>
                        <time datetime=regulatory.to_string()>
                            {move || i18n::date(regulatory, locale.get())}
                        </time>
                    </td>
                    <td>
                        {move || text::status(status, locale.get())}
                        {flag
                            .map(|(class, msg)| {
                                view! { " " <span class=class>{locale.t(msg)}</span> }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {count}
        <div class="table-scroll">
            <table class="figures complaints-table" aria-label=locale.t(Msg::ComplaintsTableLabel)>
                <thead>
                    <tr>
                        <th scope="col">{locale.t(Msg::ColCustomer)}</th>
                        <th scope="col">{locale.t(Msg::ColSeverity)}</th>
                        <th scope="col">{locale.t(Msg::ColContentType)}</th>
                        <th scope="col">{locale.t(Msg::ColReceived)}</th>
                        <th scope="col">{locale.t(Msg::ColInternalDeadline)}</th>
                        <th scope="col">{locale.t(Msg::ColRegulatoryDeadline)}</th>
                        <th scope="col">{locale.t(Msg::ColStatus)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One small table of counts by a category.
fn count_table<K: Copy + Send + Sync + 'static>(
    title: Msg,
    column: Msg,
    testid: &'static str,
    counts: BTreeMap<K, u32>,
    label: fn(K, i18n::Locale) -> &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let rows = counts
        .into_iter()
        .map(|(k, n)| {
            view! {
                <tr>
                    <th scope="row">{move || label(k, locale.get())}</th>
                    <td class="num">{i18n::count(u64::from(n))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="figures analysis-table" data-testid=testid>
            <caption>{locale.t(title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{locale.t(column)}</th>
                    <th scope="col" class="num">{locale.t(Msg::ColCount)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn AnalysisFigures(a: ComplaintAnalysis) -> impl IntoView {
    let locale = use_locale();
    let month = a.month;
    let summary = view! {
        <table class="figures analysis-table" data-testid="analysis-summary">
            <caption>
                {locale.t(Msg::AnalysisSummary)} " · " {move || i18n::month(month, locale.get())}
            </caption>
            <tbody>
                <tr data-figure="received">
                    <th scope="row">{locale.t(Msg::AnalysisReceived)}</th>
                    <td class="num">{i18n::count(u64::from(a.received))}</td>
                </tr>
                <tr data-figure="resolved">
                    <th scope="row">{locale.t(Msg::AnalysisResolved)}</th>
                    <td class="num">{i18n::count(u64::from(a.resolved))}</td>
                </tr>
                <tr data-figure="median-hours-to-resolve">
                    <th scope="row">{locale.t(Msg::AnalysisMedianHours)}</th>
                    <td class="num">{i18n::score(a.median_hours_to_resolve)}</td>
                </tr>
                <tr data-figure="resolved-within-deadline">
                    <th scope="row">{locale.t(Msg::AnalysisWithinDeadline)}</th>
                    <td class="num">
                        {format!(
                            "{} ({})",
                            i18n::count(u64::from(a.resolved_within_deadline)),
                            i18n::percent(a.share_resolved_within_deadline),
                        )}
                    </td>
                </tr>
            </tbody>
        </table>
    };
    if a.received == 0 {
        return view! {
            {summary}
            <p class="notice" role="status">
                {locale.t(Msg::AnalysisNone)}
            </p>
        }
        .into_any();
    }
    let repeat = if a.repeat_complainants.is_empty() {
        view! { <p class="muted">{locale.t(Msg::AnalysisNoRepeat)}</p> }.into_any()
    } else {
        let rows = a
            .repeat_complainants
            .into_iter()
            .map(|r| {
                let id = r.customer_id.0;
                view! {
                    <tr data-customer-id=id>
                        <th scope="row">
                            <A href=format!("/customers/{id}")>{format!("#{id}")}</A>
                        </th>
                        <td class="num">{i18n::count(u64::from(r.complaints))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="figures analysis-table" data-testid="analysis-repeat">
                <caption>{locale.t(Msg::AnalysisRepeat)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{locale.t(Msg::CustomerIdLabel)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColCount)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="analysis-grid">
            {summary}
            {count_table(
                Msg::AnalysisByContentType,
                Msg::ColContentType,
                "analysis-content-type",
                a.by_content_type,
                text::content_type,
            )}
            {count_table(
                Msg::AnalysisBySeverity,
                Msg::ColSeverity,
                "analysis-severity",
                a.by_severity,
                text::severity,
            )}
            {count_table(
                Msg::AnalysisByChannel,
                Msg::ColChannel,
                "analysis-channel",
                a.by_channel,
                text::complaint_channel,
            )}
        </div>
        {repeat}
    }
    .into_any()
}
