//! The branch's pipeline per RM (branch managers): open opportunities and their expected
//! amount, won and lost counts and the amount won.

use crate::components::opportunity::text::T;
use crate::components::MoneyAmount;
use crate::state::use_locale;
use clientbook_domain::opportunity::{Opportunity, OpportunityStage};
use clientbook_domain::{Money, UserId};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// One RM's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RmFigures {
    pub name: String,
    pub open: u32,
    pub open_expected: Money,
    pub won: u32,
    pub lost: u32,
    pub won_amount: Money,
}

/// The figures per RM of `list`, by RM id.
pub fn per_rm(list: &[Opportunity]) -> BTreeMap<UserId, RmFigures> {
    let mut out: BTreeMap<UserId, RmFigures> = BTreeMap::new();
    for o in list {
        let f = out.entry(o.rm_id).or_default();
        f.name.clone_from(&o.rm_name);
        match o.stage {
            OpportunityStage::Won => {
                f.won += 1;
                f.won_amount += o.won_amount_fen.unwrap_or(o.expected_amount_fen);
            }
            OpportunityStage::Lost => f.lost += 1,
            _ => {
                f.open += 1;
                f.open_expected += o.expected_amount_fen;
            }
        }
    }
    out
}

#[component]
pub fn PerRm(shown: Signal<Vec<Opportunity>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="panel pipeline-per-rm" aria-labelledby="per-rm-title" data-testid="per-rm">
            <h2 id="per-rm-title">{move || T::PerRm.text(locale.get())}</h2>
            <div class="table-scroll">
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{move || T::ColRm.text(locale.get())}</th>
                            <th scope="col">{move || T::ColOpen.text(locale.get())}</th>
                            <th scope="col">{move || T::OpenAmount.text(locale.get())}</th>
                            <th scope="col">{move || T::ColWonCount.text(locale.get())}</th>
                            <th scope="col">{move || T::Won.text(locale.get())}</th>
                            <th scope="col">{move || T::ColLostCount.text(locale.get())}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            shown
                                .with(|l| per_rm(l))
                                .into_values()
                                .map(|f| {
                                    view! {
                                        <tr>
                                            <th scope="row">{f.name}</th>
                                            <td>{f.open}</td>
                                            <td><MoneyAmount amount=f.open_expected /></td>
                                            <td>{f.won}</td>
                                            <td><MoneyAmount amount=f.won_amount /></td>
                                            <td>{f.lost}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::opportunity;
    use super::*;
    use clientbook_domain::ProductFamily;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn each_rm_gets_their_open_won_and_lost() {
        let mut won = opportunity(1, 2, ProductFamily::Fund, OpportunityStage::Won);
        won.won_amount_fen = Some(Money::from_yuan(80_000));
        let list = vec![
            won,
            opportunity(2, 2, ProductFamily::Fund, OpportunityStage::Proposed),
            opportunity(3, 3, ProductFamily::Bond, OpportunityStage::Lost),
        ];
        let f = per_rm(&list);
        assert_eq!(f[&UserId(2)].won_amount, Money::from_yuan(80_000));
        assert_eq!((f[&UserId(2)].open, f[&UserId(2)].won), (1, 1));
        assert_eq!(f[&UserId(2)].open_expected, Money::from_yuan(100_000));
        assert_eq!((f[&UserId(3)].lost, f[&UserId(3)].open), (1, 0));
    }
}
