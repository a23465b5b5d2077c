//! After the commit: what landed, who committed it, and the way to the book, where the
//! new customers now are.

use super::text::{self, T};
use super::{use_flow, Stage};
use crate::state::use_locale;
use clientbook_domain::import::ImportSummary;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Committed(summary: ImportSummary) -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let tr = move |t: T| move || t.text(locale.get());
    let ImportSummary {
        file_name,
        rows_valid,
        committed_by,
        created_by,
        ..
    } = summary;
    let by = committed_by.unwrap_or(created_by);
    view! {
        <section class="imp-done" aria-labelledby="imp-done-title" data-testid="import-done">
            <h2 id="imp-done-title">{tr(T::DoneTitle)}</h2>
            <p role="status" data-testid="import-done-summary" data-rows=rows_valid.to_string()>
                {move || text::committed(rows_valid, &file_name, &by, locale.get())}
            </p>
            <div class="imp-actions">
                <A href="/customers" attr:class="btn btn-primary" attr:data-testid="import-open-customers">
                    {tr(T::OpenCustomers)}
                </A>
                <A href="/" attr:class="btn">
                    {tr(T::OpenHome)}
                </A>
                <button type="button" class="btn" on:click=move |_| flow.go(Stage::Choose) data-testid="import-another">
                    {tr(T::ImportAnother)}
                </button>
            </div>
        </section>
    }
}
