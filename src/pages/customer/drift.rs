//! Allocation drift from the target of the customer's risk level, and the moves that
//! would bring it back.

use super::text::{self, T};
use super::whatif_model::percent_text;
use super::{tr, Loaded};
use crate::components::MoneyAmount;
use crate::state::use_locale;
use leptos::prelude::*;
use std::sync::Arc;

/// "+3.2%" / "−1.0%" from signed basis points.
pub fn signed_percent(bp: i32) -> String {
    let sign = if bp > 0 {
        "+"
    } else if bp < 0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", percent_text(bp.unsigned_abs()))
}

#[component]
pub fn DriftSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    let d = loaded.scores.allocation.clone();
    let level = d.level.code();
    let assessed = d.assessed;
    let rows = d
        .classes()
        .into_iter()
        .map(|c| {
            view! {
                <tr class:cv-out=c.outside_tolerance>
                    <th scope="row">{move || text::asset_class(c.class, locale.get())}</th>
                    <td class="num">{percent_text(c.current_bp)}</td>
                    <td class="num">{percent_text(c.target_bp)}</td>
                    <td class="num">{signed_percent(c.drift_bp)}</td>
                </tr>
            }
        })
        .collect_view();
    let moves = d.moves.clone();
    view! {
        <section class="cv-card" aria-labelledby="cv-drift-title" data-testid="drift">
            <h2 id="cv-drift-title">{tr(T::DriftTitle)}</h2>
            <p class="muted">
                {tr(T::TargetLevelNote)} " " {level} " "
                {(!assessed).then(|| tr(T::NotAssessedTarget))}
            </p>
            <div class="cv-table-wrap">
                <table class="cv-table">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col" class="num">{tr(T::Current)}</th>
                            <th scope="col" class="num">{tr(T::Target)}</th>
                            <th scope="col" class="num">{tr(T::Drift)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {if moves.is_empty() {
                view! { <p class="muted">{tr(T::WithinTolerance)}</p> }.into_any()
            } else {
                view! {
                    <h3>{tr(T::SuggestedMoves)}</h3>
                    <ul class="cv-moves" data-testid="drift-moves">
                        {moves
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <li>
                                        {move || text::asset_class(m.from, locale.get())} " → "
                                        {move || text::asset_class(m.to, locale.get())} ": "
                                        <MoneyAmount amount=Signal::stored(m.amount) />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn drift_reads_with_its_sign() {
        assert_eq!(signed_percent(320), "+3.2%");
        assert_eq!(signed_percent(-100), "−1.0%");
        assert_eq!(signed_percent(0), "0.0%");
    }
}
