//! Overdue next steps of opportunities (商机跟进逾期): the open opportunities of the
//! caller's scope whose next step's date has passed, oldest first, from
//! `GET /api/opportunities?open=true`, each linking to its customer; the whole list is on
//! `/pipeline`.

use crate::api::opportunities::opportunities;
use crate::components::opportunity::text::{self, T};
use crate::components::{ErrorView, Loading};
use crate::i18n;
use crate::state::use_locale;
use chrono::NaiveDate;
use clientbook_domain::opportunity::Opportunity;
use leptos::prelude::*;
use leptos_router::components::A;

/// Rows shown on home.
const SHOWN: usize = 8;

/// The overdue ones of `list` as of `today`, oldest date first.
pub fn overdue(list: Vec<Opportunity>, today: NaiveDate) -> Vec<Opportunity> {
    let mut out: Vec<Opportunity> = list
        .into_iter()
        .filter(|o| o.next_step_overdue(today))
        .collect();
    out.sort_by_key(|o| (o.next_step_on, o.id));
    out
}

#[component]
pub fn OverdueNextSteps() -> impl IntoView {
    let locale = use_locale();
    let list = LocalResource::new(|| opportunities(true));
    view! {
        <section class="panel overdue-steps" aria-labelledby="overdue-steps-title" data-testid="overdue-next-steps">
            <h2 id="overdue-steps-title">
                <A href="/pipeline">{move || T::OverdueTitle.text(locale.get())}</A>
            </h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| list.refetch()) /> }
                        .into_any()
                }
                Some(Ok(r)) => {
                    let rows = overdue(r.opportunities, r.as_of);
                    if rows.is_empty() {
                        return view! { <p class="muted">{move || T::OverdueNone.text(locale.get())}</p> }.into_any();
                    }
                    let n = rows.len();
                    view! {
                        <p class="muted" data-count=n>{n}</p>
                        <ul class="overdue-list">
                            {rows
                                .into_iter()
                                .take(SHOWN)
                                .map(|o| {
                                    let stage = o.stage;
                                    let on = o.next_step_on;
                                    view! {
                                        <li data-opportunity-id=o.id>
                                            <A href=format!("/customers/{}", o.customer_id.0)>{o.customer_name}</A>
                                            " · " {move || text::stage(stage, locale.get())}
                                            " · " {o.next_step.unwrap_or_default()}
                                            {on.map(|d| view! { " · " <time class="overdue" datetime=d.to_string()>{move || i18n::date(d, locale.get())}</time> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
