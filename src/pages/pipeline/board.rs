//! The board: one column per stage with its count and amount, one card per opportunity
//! (customer, tier, product, amount, source, next step, overdue flag) and the moves an
//! open one may make. A move the server refuses for want of the protection confirmation
//! asks for it on the card and is sent again with it.

use crate::api::opportunities::move_stage;
use crate::api::ApiError;
use crate::book_index::BookIndex;
use crate::components::labels;
use crate::components::opportunity::refusal_text;
use crate::components::opportunity::text::{self, T};
use crate::components::{MoneyAmount, TierBadge};
use crate::i18n;
use crate::state::use_locale;
use chrono::NaiveDate;
use clientbook_domain::opportunity::{LostReason, Opportunity, OpportunityMove, OpportunityStage};
use clientbook_domain::Money;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

/// The amount a column adds up: the won amount of a won opportunity, else the expected.
pub fn amount_of(o: &Opportunity) -> Money {
    match o.stage {
        OpportunityStage::Won => o.won_amount_fen.unwrap_or(o.expected_amount_fen),
        _ => o.expected_amount_fen,
    }
}

#[component]
pub fn Board(
    shown: Signal<Vec<Opportunity>>,
    index: Arc<BookIndex>,
    as_of: NaiveDate,
    /// Moves offered (not for compliance).
    writable: bool,
    /// Each card names its RM (branch managers).
    show_rm: bool,
    refetch: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Show
            when=move || shown.with(|l| !l.is_empty())
            fallback=move || {
                view! { <p class="notice" role="status">{move || T::NoOpportunities.text(locale.get())}</p> }
            }
        >
            <div class="pipeline-board" role="list" aria-label=move || T::BoardLabel.text(locale.get())>
                {OpportunityStage::ALL
                    .into_iter()
                    .map(|stage| {
                        let index = Arc::clone(&index);
                        let in_stage = Memo::new(move |_| {
                            shown.with(|l| l.iter().filter(|o| o.stage == stage).cloned().collect::<Vec<_>>())
                        });
                        let total = Signal::derive(move || in_stage.with(|l| l.iter().map(amount_of).sum::<Money>()));
                        view! {
                            <section class="pipeline-column" role="listitem" data-stage=text::stage_code(stage)>
                                <header class="pipeline-column-head">
                                    <h2>{move || text::stage(stage, locale.get())}</h2>
                                    <span class="pipeline-count" data-testid="stage-count">
                                        {move || in_stage.with(Vec::len)}
                                    </span>
                                    <MoneyAmount amount=total />
                                </header>
                                {move || {
                                    in_stage
                                        .get()
                                        .into_iter()
                                        .map(|o| {
                                            let index = Arc::clone(&index);
                                            view! { <Card o index as_of writable show_rm refetch /> }
                                        })
                                        .collect_view()
                                }}
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        </Show>
    }
}

#[component]
fn Card(
    o: Opportunity,
    index: Arc<BookIndex>,
    as_of: NaiveDate,
    writable: bool,
    show_rm: bool,
    refetch: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let error = RwSignal::new(None::<ApiError>);
    let confirm_for = RwSignal::new(None::<OpportunityStage>);
    let confirmed = RwSignal::new(false);
    let losing = RwSignal::new(false);
    let reason = RwSignal::new(LostReason::NotInterested);
    let (id, version, stage) = (o.id, o.version, o.stage);
    let action = Action::new_local(move |m: &OpportunityMove| {
        let m = m.clone();
        async move { (m.to, move_stage(id, &m).await) }
    });
    Effect::new(move |_| match action.value().get() {
        Some((_, Ok(_))) => refetch.run(()),
        Some((to, Err(ApiError::Validation(p))))
            if p.iter().any(|p| p.field == "protection_discussed") =>
        {
            confirm_for.set(Some(to));
        }
        Some((_, Err(e))) => error.set(Some(e)),
        None => {}
    });
    let send = move |to: OpportunityStage, discussed: bool| {
        error.set(None);
        action.dispatch(OpportunityMove {
            to,
            version,
            lost_reason: (to == OpportunityStage::Lost).then(|| reason.get_untracked()),
            won_amount_fen: None,
            protection_discussed: discussed,
            note: None,
        });
    };
    let busy = action.pending();
    let overdue = o.next_step_overdue(as_of);
    let tier = index.position(o.customer_id).map(|at| index.tier(at));
    let product = o
        .product_id
        .and_then(|p| index.shelf().iter().find(|x| x.id == p).cloned());
    let family = o.product_family;
    let source = o.source;
    let lost_reason = o.lost_reason;
    let amount = amount_of(&o);
    let href = format!("/customers/{}", o.customer_id.0);
    let next_on = o.next_step_on;
    let later: Vec<OpportunityStage> = [
        OpportunityStage::Proposed,
        OpportunityStage::Interested,
        OpportunityStage::Won,
    ]
    .into_iter()
    .filter(|t| *t > stage)
    .collect();
    let open = !stage.is_closed() && writable;
    view! {
        <article
            class="pipeline-card"
            class:overdue=overdue
            data-opportunity-id=id
            data-customer-id=o.customer_id.0
            data-testid="opportunity-card"
        >
            <header>
                <A href=href>{o.customer_name.clone()}</A>
                {tier.map(|t| view! { <TierBadge tier=t /> })}
            </header>
            <p class="pipeline-product">
                {move || match &product {
                    Some(p) => match locale.get() {
                        i18n::Locale::En => p.name_en.clone(),
                        i18n::Locale::ZhCn => p.name_zh.clone(),
                    },
                    None => labels::family(family, locale.get()).to_owned(),
                }}
            </p>
            <p class="pipeline-amount"><MoneyAmount amount /></p>
            <p class="muted pipeline-source">
                {move || T::Source.text(locale.get())} ": " {move || text::source(source, locale.get())}
            </p>
            {show_rm.then(|| view! { <p class="muted">{o.rm_name.clone()}</p> })}
            {lost_reason.map(|r| view! { <p class="pipeline-lost">{move || text::lost_reason(r, locale.get())}</p> })}
            {o.next_step
                .clone()
                .filter(|_| !stage.is_closed())
                .map(|step| {
                    view! {
                        <p class="pipeline-next">
                            <span class="muted">{move || T::NextStep.text(locale.get())} ": "</span>
                            {step}
                            {next_on.map(|d| view! { " · " <time datetime=d.to_string()>{move || i18n::date(d, locale.get())}</time> })}
                            {overdue.then(|| view! { " " <span class="deadline-flag overdue">{move || T::NextStepOverdue.text(locale.get())}</span> })}
                        </p>
                    }
                })}
            {open
                .then(|| {
                    view! {
                        <div class="pipeline-moves">
                            {later
                                .into_iter()
                                .map(|to| {
                                    view! {
                                        <button
                                            type="button"
                                            class="btn btn-small"
                                            data-testid=format!("move-{}", text::stage_code(to))
                                            prop:disabled=move || busy.get()
                                            on:click=move |_| send(to, false)
                                        >
                                            "→ " {move || text::stage(to, locale.get())}
                                        </button>
                                    }
                                })
                                .collect_view()}
                            <button
                                type="button"
                                class="btn btn-small"
                                data-testid="mark-lost"
                                prop:disabled=move || busy.get()
                                on:click=move |_| losing.update(|l| *l = !*l)
                            >
                                {move || T::MarkLost.text(locale.get())}
                            </button>
                        </div>
                        <Show when=move || losing.get()>
                            <div class="pipeline-lost-form">
                                <label>
                                    <span>{move || T::LostReasonLabel.text(locale.get())}</span>
                                    <select
                                        data-testid="lost-reason"
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            if let Some(r) = LostReason::ALL.into_iter().find(|r| format!("{r:?}") == v) {
                                                reason.set(r);
                                            }
                                        }
                                    >
                                        {LostReason::ALL
                                            .into_iter()
                                            .map(|r| view! { <option value=format!("{r:?}")>{move || text::lost_reason(r, locale.get())}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <button type="button" class="btn btn-small" data-testid="confirm-lost" on:click=move |_| send(OpportunityStage::Lost, false)>
                                    {move || T::MarkLost.text(locale.get())}
                                </button>
                            </div>
                        </Show>
                    }
                })}
            {move || {
                confirm_for
                    .get()
                    .map(|to| {
                        let box_id = format!("confirm-protection-{id}");
                        view! {
                            <div class="pipeline-confirm" role="group" data-testid="protection-confirmation">
                                <input
                                    type="checkbox"
                                    id=box_id.clone()
                                    prop:checked=move || confirmed.get()
                                    on:change=move |ev| confirmed.set(event_target_checked(&ev))
                                />
                                <label for=box_id>{move || T::ConfirmProtection.text(locale.get())}</label>
                                <button
                                    type="button"
                                    class="btn btn-small btn-primary"
                                    prop:disabled=move || !confirmed.get() || busy.get()
                                    on:click=move |_| send(to, true)
                                >
                                    {move || T::ConfirmAndMove.text(locale.get())}
                                </button>
                                <button type="button" class="btn btn-small" on:click=move |_| confirm_for.set(None)>
                                    {move || T::Cancel.text(locale.get())}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| view! { <p class="refusal" role="alert">{move || refusal_text(&e, locale.get())}</p> })
            }}
        </article>
    }
}
