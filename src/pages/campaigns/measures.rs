//! How the rules work (docs/rules.md, Measuring the rules), read-only: of the
//! recommendations shown in the last three months, how many became opportunities and
//! were won, by reason type; the retention list against the customers nearest below it.
//! On the branch screen and beside the weights in the policy editor.

use super::text::{self, T};
use crate::api::campaigns as api;
use crate::components::{ErrorView, Loading, MoneyAmount};
use crate::i18n;
use crate::state::use_locale;
use clientbook_domain::measures::RuleMeasures;
use leptos::prelude::*;

#[component]
pub fn RuleMeasuresPanel() -> impl IntoView {
    let locale = use_locale();
    let data = LocalResource::new(api::rule_measures);
    view! {
        <section class="panel rule-measures" aria-labelledby="measures-title" data-testid="rule-measures">
            <h2 id="measures-title">{move || T::MeasuresTitle.text(locale.get())}</h2>
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| data.refetch()) />
                }.into_any(),
                Some(Ok(m)) => view! { <Figures m /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Figures(m: RuleMeasures) -> impl IntoView {
    let locale = use_locale();
    let count = |n: u32| i18n::count(u64::from(n));
    let r = m.retention;
    view! {
        <div class="table-scroll">
            <table class="figures measures-table">
                <thead>
                    <tr>
                        <th scope="col">{move || T::Reason.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::Shown.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::Opportunities.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::OpportunityRate.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::WonCustomers.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::WonRate.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::WonAmount.text(locale.get())}</th>
                    </tr>
                </thead>
                <tbody>
                    {m.by_reason.into_iter().map(|x| {
                        let t = text::reason_kind(x.reason);
                        view! {
                            <tr data-reason=format!("{:?}", x.reason)>
                                <th scope="row">{move || t.text(locale.get())}</th>
                                <td class="num">{count(x.shown)}</td>
                                <td class="num">{count(x.opportunities)}</td>
                                <td class="num">{text::rate(x.opportunity_rate_bp)}</td>
                                <td class="num">{count(x.won)}</td>
                                <td class="num">{text::rate(x.won_rate_bp)}</td>
                                <td class="num"><MoneyAmount amount=x.won_amount /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="table-scroll">
            <table class="figures measures-table">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col" class="num">{move || T::Customers.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::Left.text(locale.get())}</th>
                        <th scope="col" class="num">{move || T::LeftRate.text(locale.get())}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{move || T::RetentionListed.text(locale.get())}</th>
                        <td class="num">{count(r.listed)}</td>
                        <td class="num">{count(r.listed_left)}</td>
                        <td class="num">{text::rate(r.listed_left_rate_bp)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{move || T::RetentionSimilar.text(locale.get())}</th>
                        <td class="num">{count(r.similar)}</td>
                        <td class="num">{count(r.similar_left)}</td>
                        <td class="num">{text::rate(r.similar_left_rate_bp)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// Tell the server which customers the home page shows on the retention list (the first
/// `limit`) and, as the comparison group, as many customers nearest below them by churn
/// risk (docs/rules.md, Measuring the rules). Once per view, deduplicated per customer and
/// day there; only roles that work customers record.
pub fn record_retention_shown(index: &crate::book_index::BookIndex, limit: usize) {
    use clientbook_domain::api::Role;
    use clientbook_domain::measures::{RetentionShown, ShownBatch};
    let writes = crate::state::use_session()
        .user()
        .is_some_and(|me| matches!(me.role, Role::RelationshipManager | Role::BranchManager));
    let listed: Vec<u32> = index
        .summary()
        .retention
        .iter()
        .take(limit)
        .map(|e| e.index)
        .collect();
    if !writes || listed.is_empty() {
        return;
    }
    let mut below: Vec<u32> = (0..index.len() as u32)
        .filter(|at| !listed.contains(at))
        .collect();
    below.sort_by_key(|at| std::cmp::Reverse(index.scores(*at).churn.score));
    below.truncate(listed.len());
    let shown = |at: u32, listed: bool| RetentionShown {
        customer_id: index.customer(at).id,
        churn_score: index.scores(at).churn.score,
        listed,
    };
    let batch = ShownBatch {
        recommendations: Vec::new(),
        retention: listed
            .iter()
            .map(|at| shown(*at, true))
            .chain(below.iter().map(|at| shown(*at, false)))
            .collect(),
    };
    let send = Action::new_local(|b: &ShownBatch| {
        let b = b.clone();
        async move { api::record_shown(&b).await }
    });
    send.dispatch(batch);
}
