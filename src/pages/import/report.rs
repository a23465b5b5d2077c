//! The checked import: its counts, the problems by row and column a page at a time (the
//! values masked as the server sends them, the problems in the reader's language), the
//! report as a CSV download, the proposed merges, and the commit or cancel.

use super::merges::MergeList;
use super::text::{self, T};
use super::{use_flow, Notice, Stage};
use crate::api::import::{self as iapi, url};
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading};
use crate::state::{use_book, use_locale};
use clientbook_domain::import::{ImportStatus, ImportSummary, MergeDecision, Problem, ReportLine};
use leptos::prelude::*;
use std::future::IntoFuture;

/// Report lines per page of the table.
const PAGE: i64 = 50;

/// Why the commit button is off, if it is.
pub fn commit_blocked(s: &ImportSummary) -> Option<T> {
    if s.status != ImportStatus::Ready {
        Some(T::NotReady)
    } else if s
        .merges
        .iter()
        .any(|m| m.decision == MergeDecision::Pending)
    {
        Some(T::MergesUndecided)
    } else if s.rows_valid == 0 {
        Some(T::NothingValid)
    } else {
        None
    }
}

/// The counts of the report's first lines: unknown columns are named on row 0.
fn unknown_columns(lines: &[ReportLine]) -> usize {
    lines
        .iter()
        .filter(|l| l.problem == Problem::UnknownColumn)
        .count()
}

#[component]
pub fn ImportReport(id: i64) -> impl IntoView {
    let locale = use_locale();
    // Bumped after each decision so the counts and merges are read again.
    let version = RwSignal::new(0u32);
    let overview = LocalResource::new(move || {
        version.track();
        let lang = locale.get().lang();
        async move { iapi::show(id, lang, 0, PAGE).await }
    });
    let retry = Callback::new(move |()| overview.refetch());
    view! {
        <div class="imp-report" data-testid="import-report">
            <h2>{move || T::ReportTitle.text(locale.get())}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {move || Suspend::new({ let overview = overview.into_future(); async move {
                        let summary = overview.await?;
                        Ok::<_, ApiError>(view! { <ReportBody id summary version /> })
                    }})}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn ReportBody(id: i64, summary: ImportSummary, version: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let book = use_book();
    let tr = move |t: T| move || t.text(locale.get());
    let same_id = summary
        .merges
        .iter()
        .filter(|m| m.reason == Problem::SameIdAsExisting)
        .count();
    let near = summary.merges.len() - same_id;
    let unknown = unknown_columns(&summary.report);
    let counts = [
        (T::CountValid, summary.rows_valid as usize, "valid"),
        (T::CountInvalid, summary.rows_invalid as usize, "invalid"),
        (T::CountMerges, same_id, "merges"),
        (T::CountNear, near, "near"),
        (T::CountUnknown, unknown, "unknown"),
        (T::CountUnchanged, summary.rows_unchanged as usize, "unchanged"),
    ]
    .map(|(t, n, key)| {
        view! {
            <div class="imp-count" data-testid=format!("import-count-{key}") data-count=n.to_string()>
                <dt>{tr(t)}</dt>
                <dd>{crate::i18n::count(n as u64)}</dd>
            </div>
        }
    });
    let blocked = commit_blocked(&summary);
    let status = summary.status;
    let rows_valid = summary.rows_valid;
    let total = summary.report_total;
    let merges = summary.merges.clone();

    let commit = Action::new_local(move |_: &()| iapi::commit(id));
    Effect::new(move |_| match commit.value().get() {
        Some(Ok(done)) => {
            // The new customers belong in the book the app holds.
            book.refetch();
            flow.notice.set(None);
            flow.go(Stage::Committed(Box::new(done)));
        }
        Some(Err(e)) => flow.failed(e),
        None => {}
    });
    let cancel = Action::new_local(move |_: &()| iapi::cancel(id));
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            flow.go(Stage::Choose);
            flow.say(Notice::Said(T::Cancelled));
        }
        Some(Err(e)) => flow.failed(e),
        None => {}
    });
    let busy = move || commit.pending().get() || cancel.pending().get();
    let open = matches!(status, ImportStatus::Ready | ImportStatus::Failed);

    view! {
        {match status {
            ImportStatus::Failed => Some(view! { <p class="form-error" role="alert" data-testid="import-failed">{tr(T::Failed)}</p> }.into_any()),
            ImportStatus::Cancelled => Some(view! { <p class="notice" data-testid="import-cancelled">{tr(T::Cancelled)}</p> }.into_any()),
            _ => None,
        }}
        <dl class="imp-counts" data-testid="import-counts">{counts.into_iter().collect_view()}</dl>
        <div class="imp-actions">
            <a
                class="btn"
                href=move || url::report_csv(id, locale.get().lang())
                download=""
                data-testid="import-report-csv"
            >
                {tr(T::DownloadReport)}
            </a>
        </div>
        <ProblemTable id total />
        {(!merges.is_empty()).then(|| view! { <MergeList id merges version /> })}
        {(!open).then(|| view! {
            <div class="imp-actions imp-finish">
                <button type="button" class="btn" on:click=move |_| flow.go(Stage::Choose) data-testid="import-another">
                    {tr(T::ImportAnother)}
                </button>
            </div>
        })}
        {open.then(|| view! {
            <div class="imp-actions imp-finish">
                {(status == ImportStatus::Ready).then(|| view! {
                    <button
                        type="button"
                        class="btn btn-primary"
                        disabled=move || blocked.is_some() || busy()
                        aria-describedby="imp-commit-why"
                        on:click=move |_| {
                            commit.dispatch(());
                        }
                        data-testid="import-commit"
                    >
                        {move || {
                            if commit.pending().get() {
                                T::Committing.text(locale.get()).to_owned()
                            } else {
                                text::commit_button(rows_valid, locale.get())
                            }
                        }}
                    </button>
                })}
                <button
                    type="button"
                    class="btn"
                    disabled=busy
                    on:click=move |_| {
                        cancel.dispatch(());
                    }
                    data-testid="import-cancel-import"
                >
                    {tr(T::CancelImport)}
                </button>
                <p id="imp-commit-why" class="muted" data-testid="import-commit-why">
                    {move || blocked.filter(|_| status == ImportStatus::Ready).map(|t| t.text(locale.get()))}
                </p>
            </div>
        })}
    }
}

/// The report's lines, [`PAGE`] at a time.
#[component]
fn ProblemTable(id: i64, total: i64) -> impl IntoView {
    let locale = use_locale();
    let offset = RwSignal::new(0i64);
    let page = LocalResource::new(move || {
        let (lang, at) = (locale.get().lang(), offset.get());
        async move { iapi::show(id, lang, at, PAGE).await }
    });
    let tr = move |t: T| move || t.text(locale.get());
    let retry = Callback::new(move |()| page.refetch());
    if total == 0 {
        return view! { <p class="notice" data-testid="import-no-problems">{tr(T::NoProblems)}</p> }
            .into_any();
    }
    view! {
        <div class="imp-problems">
            <p class="muted" role="status">
                {move || {
                    let from = offset.get() + 1;
                    let to = (offset.get() + PAGE).min(total);
                    text::lines_shown(from, to, total, locale.get())
                }}
            </p>
            <div class="imp-table-wrap">
                <table class="figures imp-table" data-testid="import-problems">
                    <caption class="visually-hidden">{tr(T::ReportTable)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="num">{tr(T::ColRow)}</th>
                            <th scope="col">{tr(T::ColColumn)}</th>
                            <th scope="col">{tr(T::ColValue)}</th>
                            <th scope="col">{tr(T::ColProblem)}</th>
                        </tr>
                    </thead>
                    <Transition fallback=|| view! { <tbody><tr><td colspan="4"><Loading /></td></tr></tbody> }>
                        <ErrorBoundary fallback=move |errors| view! { <tbody><tr><td colspan="4"><BoundaryErrors errors on_retry=retry /></td></tr></tbody> }>
                            {move || Suspend::new({ let page = page.into_future(); async move {
                                let lines = page.await?.report;
                                Ok::<_, ApiError>(view! { <tbody>{lines.into_iter().map(|l| view! { <ProblemRow line=l /> }).collect_view()}</tbody> })
                            }})}
                        </ErrorBoundary>
                    </Transition>
                </table>
            </div>
            <div class="imp-actions">
                <button
                    type="button"
                    class="btn"
                    disabled=move || offset.get() == 0
                    on:click=move |_| offset.update(|o| *o = (*o - PAGE).max(0))
                    data-testid="import-previous"
                >
                    {tr(T::Previous)}
                </button>
                <button
                    type="button"
                    class="btn"
                    disabled=move || offset.get() + PAGE >= total
                    on:click=move |_| offset.update(|o| *o += PAGE)
                    data-testid="import-next"
                >
                    {tr(T::Next)}
                </button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn ProblemRow(line: ReportLine) -> impl IntoView {
    let locale = use_locale();
    let row = line.row;
    let column_attr = line.column.clone().unwrap_or_default();
    view! {
        <tr
            data-testid="import-problem"
            data-row=row.to_string()
            data-column=column_attr
            data-problem=serde_json::to_value(line.problem).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            class:imp-note=!line.error
        >
            <td class="num">
                {move || if row == 0 { T::WholeFile.text(locale.get()).to_owned() } else { text::row(row, locale.get()) }}
            </td>
            <td>{line.column.map(|c| view! { <code>{c}</code> })}</td>
            <td class="imp-value">{line.value}</td>
            <td>
                {(!line.error).then(|| view! { <span class="imp-tag">{move || T::Note.text(locale.get())}</span> " " })}
                {line.message}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::import::{ImportKind, ProposedMerge};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn summary(status: ImportStatus, valid: i64, merges: Vec<MergeDecision>) -> ImportSummary {
        ImportSummary {
            id: 1,
            kind: ImportKind::Customers,
            file_name: "c.csv".into(),
            status,
            encoding: None,
            rows_read: 3,
            rows_valid: valid,
            rows_invalid: 0,
            rows_unchanged: 0,
            created_by: "manager01".into(),
            created_at: chrono::DateTime::default(),
            committed_by: None,
            report: vec![],
            report_total: 0,
            merges: merges
                .into_iter()
                .map(|decision| ProposedMerge {
                    row: 2,
                    customer_id: 9,
                    reason: Problem::SameIdAsExisting,
                    decision,
                    fields: vec![],
                })
                .collect(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_commit_waits_for_every_merge_decision_and_a_valid_row() {
        use MergeDecision::*;
        assert_eq!(
            commit_blocked(&summary(ImportStatus::Ready, 3, vec![Accepted, Rejected])),
            None
        );
        assert_eq!(
            commit_blocked(&summary(ImportStatus::Ready, 3, vec![Accepted, Pending])),
            Some(T::MergesUndecided)
        );
        assert_eq!(
            commit_blocked(&summary(ImportStatus::Ready, 0, vec![])),
            Some(T::NothingValid)
        );
        assert_eq!(
            commit_blocked(&summary(ImportStatus::Failed, 3, vec![])),
            Some(T::NotReady)
        );
    }
}
