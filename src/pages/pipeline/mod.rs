//! The pipeline (`/pipeline`, 商机管道): the caller's opportunities by stage with their
//! amounts (an RM their own, a branch manager the branch's with a summary per RM,
//! compliance every one, read-only), filtered by product family, tier and (branch
//! managers) RM. Tiers come from the one scored book; the opportunities from
//! `GET /api/opportunities`.

mod board;
mod per_rm;

use crate::api::opportunities::opportunities;
use crate::api::ApiError;
use crate::book_index::BookIndex;
use crate::components::book_gate::book_gate;
use crate::components::labels;
use crate::components::opportunity::text::T;
use crate::components::{ErrorView, Loading};
use crate::i18n::Msg;
use crate::state::{use_locale, use_session};
use board::Board;
use clientbook_domain::api::Role;
use clientbook_domain::opportunity::{OpportunitiesResponse, Opportunity};
use clientbook_domain::{ProductFamily, Tier, UserId};
use leptos::prelude::*;
use per_rm::PerRm;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The filters of the board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PipelineFilter {
    pub family: Option<ProductFamily>,
    pub tier: Option<Tier>,
    pub rm: Option<UserId>,
}

impl PipelineFilter {
    /// Whether `o` passes; `tier_of` gives a customer's tier from the scored book.
    pub fn keeps(&self, o: &Opportunity, tier_of: impl Fn(&Opportunity) -> Option<Tier>) -> bool {
        self.family.is_none_or(|f| o.product_family == f)
            && self.rm.is_none_or(|rm| o.rm_id == rm)
            && self.tier.is_none_or(|t| tier_of(o) == Some(t))
    }
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let role = move || session.user().map(|me| me.role);
    view! {
        <section class="page pipeline-page" aria-labelledby="pipeline-title">
            <header class="page-header">
                <h1 id="pipeline-title">{move || T::PipelineTitle.text(locale.get())}</h1>
            </header>
            {move || match role() {
                None => view! { <Loading /> }.into_any(),
                Some(Role::Admin) => {
                    view! {
                        <p class="notice" role="status" data-testid="not-for-role">
                            {move || T::NotForRole.text(locale.get())}
                        </p>
                    }
                        .into_any()
                }
                Some(role) => {
                    // Asked beside the book, not once it is scored, and kept (with the
                    // filters) when the book is rescored and the gate draws the board again.
                    let list = LocalResource::new(|| opportunities(false));
                    let filter = RwSignal::new(PipelineFilter::default());
                    book_gate(move |index| view! { <PipelineLoaded index role list filter /> })
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn PipelineLoaded(
    index: Arc<BookIndex>,
    role: Role,
    list: LocalResource<Result<OpportunitiesResponse, ApiError>>,
    filter: RwSignal<PipelineFilter>,
) -> impl IntoView {
    let locale = use_locale();
    let manager = role == Role::BranchManager;
    let intro = if manager {
        T::BranchIntro
    } else {
        T::PipelineIntro
    };
    let refetch = Callback::new(move |_| list.refetch());
    view! {
        <p class="muted">{move || intro.text(locale.get())}</p>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                view! { <ErrorView error=Signal::stored(e) on_retry=refetch /> }.into_any()
            }
            Some(Ok(r)) => {
                let all = Arc::new(r.opportunities);
                let index = Arc::clone(&index);
                let rms: BTreeMap<UserId, String> = all
                    .iter()
                    .map(|o| (o.rm_id, o.rm_name.clone()))
                    .collect();
                let shown = {
                    let all = Arc::clone(&all);
                    let index = Arc::clone(&index);
                    Signal::derive(move || {
                        let f = filter.get();
                        all.iter()
                            .filter(|o| f.keeps(o, |o| index.position(o.customer_id).map(|at| index.tier(at))))
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                };
                view! {
                    <Filters filter rms=rms.clone() manager />
                    {manager.then(|| view! { <PerRm shown /> })}
                    <Board shown index as_of=r.as_of writable=role != Role::Compliance show_rm=manager refetch />
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Filters(
    filter: RwSignal<PipelineFilter>,
    rms: BTreeMap<UserId, String>,
    manager: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="pipeline-filters" role="group">
            <label>
                <span>{move || T::FilterFamily.text(locale.get())}</span>
                <select
                    data-testid="filter-family"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let family = ProductFamily::ALL.into_iter().find(|f| format!("{f:?}") == v);
                        filter.update(|f| f.family = family);
                    }
                >
                    <option value="">{move || T::Any.text(locale.get())}</option>
                    {ProductFamily::ALL
                        .into_iter()
                        .filter(|f| f.is_asset())
                        .map(|f| {
                            view! {
                                <option value=format!("{f:?}")>
                                    {move || labels::family(f, locale.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{move || T::FilterTier.text(locale.get())}</span>
                <select
                    data-testid="filter-tier"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let tier = Tier::ALL.into_iter().find(|t| format!("{t:?}") == v);
                        filter.update(|f| f.tier = tier);
                    }
                >
                    <option value="">{move || T::Any.text(locale.get())}</option>
                    {Tier::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <option value=format!("{t:?}")>{locale.t(Msg::tier(t))}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {manager
                .then(|| {
                    view! {
                        <label>
                            <span>{move || T::FilterRm.text(locale.get())}</span>
                            <select
                                data-testid="filter-rm"
                                on:change=move |ev| {
                                    let rm = event_target_value(&ev).parse().ok().map(UserId);
                                    filter.update(|f| f.rm = rm);
                                }
                            >
                                <option value="">{move || T::Any.text(locale.get())}</option>
                                {rms
                                    .into_iter()
                                    .map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use clientbook_domain::opportunity::{OpportunitySource, OpportunityStage};
    use clientbook_domain::{CustomerId, Money};
    use wasm_bindgen_test::wasm_bindgen_test;

    pub(super) fn opportunity(
        id: i64,
        rm: i64,
        family: ProductFamily,
        stage: OpportunityStage,
    ) -> Opportunity {
        Opportunity {
            id,
            customer_id: CustomerId(id),
            customer_name: "张**".into(),
            rm_id: UserId(rm),
            rm_name: format!("RM {rm}"),
            product_id: None,
            product_family: family,
            expected_amount_fen: Money::from_yuan(100_000),
            source: OpportunitySource::Manual,
            source_detail: Default::default(),
            campaign_id: None,
            stage,
            lost_reason: None,
            won_amount_fen: None,
            next_step: None,
            next_step_on: None,
            confirmation: None,
            opened_at: DateTime::UNIX_EPOCH,
            closed_at: None,
            version: 1,
            events: vec![],
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_filter_keeps_the_family_rm_and_tier_asked_for() {
        let o = opportunity(1, 2, ProductFamily::Fund, OpportunityStage::Proposed);
        let gold = |_: &Opportunity| Some(Tier::Gold);
        assert!(PipelineFilter::default().keeps(&o, gold));
        let f = PipelineFilter {
            family: Some(ProductFamily::Fund),
            tier: Some(Tier::Gold),
            rm: Some(UserId(2)),
        };
        assert!(f.keeps(&o, gold));
        assert!(!PipelineFilter {
            family: Some(ProductFamily::Bond),
            ..f
        }
        .keeps(&o, gold));
        assert!(!PipelineFilter {
            rm: Some(UserId(3)),
            ..f
        }
        .keeps(&o, gold));
        assert!(!f.keeps(&o, |_| Some(Tier::Diamond)));
        assert!(!f.keeps(&o, |_| None));
    }
}
