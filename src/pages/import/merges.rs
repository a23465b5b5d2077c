//! The proposed merges side by side: each field of the bank's customer beside the file's
//! value (masked as the server sends them), the differing ones marked, which value is
//! kept, and Accept / Reject. A near-duplicate (the other form of the ID number) is
//! flagged for review: nothing is merged without a decision.

use super::text::{self, T};
use super::use_flow;
use crate::api::import as iapi;
use crate::api::ApiError;
use crate::state::use_locale;
use clientbook_domain::import::{ImportSummary, MergeDecision, MergeField, Problem, ProposedMerge};
use leptos::prelude::*;

#[component]
pub fn MergeList(id: i64, merges: Vec<ProposedMerge>, version: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let decide = Action::new_local(move |(row, decision): &(i64, MergeDecision)| {
        iapi::decide(id, *row, *decision)
    });
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(_)) => version.update(|v| *v += 1),
        Some(Err(e)) => flow.failed(e),
        None => {}
    });
    let items = merges
        .into_iter()
        .map(|m| view! { <Merge merge=m decide /> })
        .collect_view();
    view! {
        <section class="imp-merges" aria-labelledby="imp-merges-title" data-testid="import-merges">
            <h2 id="imp-merges-title">{move || T::MergesTitle.text(locale.get())}</h2>
            <p class="muted">{move || T::MergesIntro.text(locale.get())}</p>
            {items}
        </section>
    }
}

#[component]
fn Merge(
    merge: ProposedMerge,
    decide: Action<(i64, MergeDecision), Result<ImportSummary, ApiError>>,
) -> impl IntoView {
    let locale = use_locale();
    let tr = move |t: T| move || t.text(locale.get());
    let ProposedMerge {
        row,
        customer_id,
        reason,
        decision,
        fields,
    } = merge;
    let near = reason == Problem::NearDuplicate;
    let state = match decision {
        MergeDecision::Pending => T::Undecided,
        MergeDecision::Accepted => T::Accepted,
        MergeDecision::Rejected => T::Rejected,
    };
    let title_id = format!("imp-merge-{row}");
    let labelled_by = title_id.clone();
    let button = move |choice: MergeDecision, t: T, key: &'static str| {
        view! {
            <button
                type="button"
                class="btn"
                class:btn-primary=choice == MergeDecision::Accepted
                aria-pressed=(decision == choice).to_string()
                disabled=move || decide.pending().get()
                on:click=move |_| {
                    decide.dispatch((row, choice));
                }
                data-testid=format!("merge-{key}")
            >
                {tr(t)}
            </button>
        }
    };
    view! {
        <article
            class="imp-merge"
            class:imp-merge-near=near
            aria-labelledby=labelled_by
            data-testid="import-merge"
            data-row=row.to_string()
            data-decision=decision.as_str()
        >
            <h3 id=title_id>
                {move || text::merge_heading(row, customer_id, locale.get())}
                " "
                <span class="imp-tag" data-testid="merge-state">{tr(state)}</span>
            </h3>
            {near.then(|| view! { <p class="form-error" data-testid="merge-near">{tr(T::NearDuplicateFlag)}</p> })}
            <div class="imp-table-wrap">
                <table class="figures imp-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr(T::Field)}</th>
                            <th scope="col">{tr(T::InBank)}</th>
                            <th scope="col">{tr(T::InFile)}</th>
                            <th scope="col">{tr(T::Kept)}</th>
                        </tr>
                    </thead>
                    <tbody>{fields.into_iter().map(|f| view! { <FieldRow field=f /> }).collect_view()}</tbody>
                </table>
            </div>
            <div class="imp-actions">
                {button(MergeDecision::Accepted, T::Accept, "accept")}
                {button(MergeDecision::Rejected, T::Reject, "reject")}
            </div>
        </article>
    }
}

#[component]
fn FieldRow(field: MergeField) -> impl IntoView {
    let locale = use_locale();
    let MergeField {
        column,
        existing,
        incoming,
        differs,
        file_wins,
    } = field;
    let kept = if file_wins { T::FromFile } else { T::FromBank };
    let column_attr = column.clone();
    view! {
        <tr class:imp-differs=differs data-testid="merge-field" data-column=column_attr data-differs=differs.to_string()>
            <th scope="row">
                {move || super::field_text::field_name(&column, locale.get())}
                {differs.then(|| view! { " " <span class="imp-tag">{move || T::Differs.text(locale.get())}</span> })}
            </th>
            <td class:imp-loses=differs && file_wins>{existing}</td>
            <td class:imp-wins=differs && file_wins>{incoming}</td>
            <td>{move || kept.text(locale.get())}</td>
        </tr>
    }
}
