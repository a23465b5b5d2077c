//! What-if: move an amount between holdings or add a product from the shelf, and see the
//! tier, concentration, risk exposure and recommendations recompute at once, in wasm.
//! Nothing is saved and nothing is sent: the edits live in a signal and are applied to a
//! copy of the customer as the book holds them, rescored against the same book
//! (`BookIndex::rescore`: policy, shelf, peers, date); "Reset" forgets them.

use super::recommendations::RecommendationList;
use super::text::{self, T};
use super::whatif_model::{
    apply, apply_all, figures, parse_amount, percent_text, AmountError, Edit, EditError,
    PortfolioFigures,
};
use super::{product_name, tr, Loaded};
use crate::components::{Autocomplete, FieldError, InputKind, MoneyAmount, TextField, TierBadge};
use crate::i18n::Locale;
use crate::state::use_locale;
use clientbook_domain::customer::BookCustomer;
use clientbook_domain::{ProductId, ProductRisk};
use leptos::prelude::*;
use std::sync::Arc;

/// The message for an edit that cannot be applied.
pub const fn edit_error_text(e: EditError) -> T {
    match e {
        EditError::Amount(AmountError::Empty) => T::ErrAmountEmpty,
        EditError::Amount(AmountError::NotANumber) => T::ErrAmountNotNumber,
        EditError::Amount(AmountError::TooPrecise) => T::ErrAmountPrecision,
        EditError::Amount(AmountError::TooLarge) => T::ErrAmountTooLarge,
        EditError::NotPositive => T::ErrAmountPositive,
        EditError::OverBalance => T::ErrAmountOverBalance,
        EditError::SameHolding => T::ErrSameHolding,
        EditError::BelowMinimum => T::ErrBelowMinimum,
        EditError::NoSuchHolding | EditError::NoSuchProduct => T::ErrChoose,
    }
}

/// Which input an edit error belongs beside.
const fn on_amount(e: EditError) -> bool {
    matches!(
        e,
        EditError::Amount(_)
            | EditError::NotPositive
            | EditError::OverBalance
            | EditError::BelowMinimum
    )
}

fn holding_label(
    c: &BookCustomer,
    i: usize,
    shelf: &[clientbook_domain::Product],
    l: Locale,
) -> String {
    c.holdings
        .get(i)
        .map(|h| {
            format!(
                "{} · {} · {}",
                product_name(shelf, h.product_id, l),
                h.risk.code(),
                h.balance
            )
        })
        .unwrap_or_default()
}

fn edit_text(
    e: &Edit,
    before: &BookCustomer,
    shelf: &[clientbook_domain::Product],
    l: Locale,
) -> String {
    let name = |i: usize| {
        before
            .holdings
            .get(i)
            .map(|h| product_name(shelf, h.product_id, l))
            .unwrap_or_default()
    };
    match e {
        Edit::Move { from, to, amount } => format!("{amount}: {} → {}", name(*from), name(*to)),
        Edit::Add {
            product,
            amount,
            funded_from,
        } => format!(
            "+ {} {amount} ({} {})",
            product_name(shelf, *product, l),
            T::FundFrom.text(l),
            funded_from
                .map(name)
                .unwrap_or_else(|| T::NewMoney.text(l).to_owned())
        ),
    }
}

#[component]
pub fn WhatIfSection(loaded: Arc<Loaded>) -> impl IntoView {
    let locale = use_locale();
    // The customer as the book scored them, rescored with the book's policy, shelf, peers
    // and date: with no edit the what-if shows exactly what the list shows.
    let original = Arc::new(loaded.scored_customer().clone());
    let book = Arc::clone(&loaded.book);
    let shelf = Arc::clone(&loaded.shelf);
    let policy = Arc::clone(&loaded.policy);
    let today = loaded.today;
    let max_risk = loaded.scores.suitability.max_risk;
    let before = figures(&original, &policy, max_risk);

    let edits = RwSignal::new(Vec::<Edit>::new());
    let customer = {
        let (original, shelf) = (Arc::clone(&original), Arc::clone(&shelf));
        Memo::new(move |_| Arc::new(edits.with(|e| apply_all(&original, e, &shelf, today))))
    };
    let scores = Memo::new(move |_| Arc::new(book.rescore(&customer.get())));
    let after = {
        let policy = Arc::clone(&policy);
        Memo::new(move |_| figures(&customer.get(), &policy, max_risk))
    };
    let recs = Signal::derive(move || scores.with(|s| s.recommendations.to_vec()));

    // Move form.
    let move_from = RwSignal::new(None::<usize>);
    let move_to = RwSignal::new(None::<usize>);
    let move_amount = RwSignal::new(String::new());
    let move_error = RwSignal::new(None::<EditError>);
    let holding_options = {
        let shelf = Arc::clone(&shelf);
        move || {
            let c = customer.get();
            let l = locale.get();
            (0..c.holdings.len())
                .filter(|i| c.holdings[*i].family.is_asset())
                .map(|i| (i, holding_label(&c, i, &shelf, l)))
                .collect::<Vec<_>>()
        }
    };
    let try_edit = {
        let shelf = Arc::clone(&shelf);
        move |edit: Edit| -> Result<(), EditError> {
            let mut c = (*customer.get_untracked()).clone();
            apply(&mut c, &edit, &shelf, today)?;
            edits.update(|e| e.push(edit));
            Ok(())
        }
    };
    let apply_move = {
        let try_edit = try_edit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let r = (|| {
                let from = move_from.get_untracked().ok_or(EditError::NoSuchHolding)?;
                let to = move_to.get_untracked().ok_or(EditError::NoSuchHolding)?;
                let amount = parse_amount(&move_amount.get_untracked())?;
                try_edit(Edit::Move { from, to, amount })
            })();
            move_error.set(r.err());
            if r.is_ok() {
                move_amount.set(String::new());
            }
        }
    };

    // Add form.
    let add_product = RwSignal::new(None::<ProductId>);
    let add_amount = RwSignal::new(String::new());
    let add_from = RwSignal::new(None::<usize>);
    let add_error = RwSignal::new(None::<EditError>);
    let apply_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = (|| {
            let product = add_product
                .get_untracked()
                .ok_or(EditError::NoSuchProduct)?;
            let amount = parse_amount(&add_amount.get_untracked())?;
            try_edit(Edit::Add {
                product,
                amount,
                funded_from: add_from.get_untracked(),
            })
        })();
        add_error.set(r.err());
        if r.is_ok() {
            add_amount.set(String::new());
        }
    };

    // A problem that is not the amount's, under the select it is about.
    let err_view = move |sig: RwSignal<Option<EditError>>, id: &'static str| {
        let error = Signal::derive(move || {
            sig.get()
                .filter(|e| !on_amount(*e))
                .map(|e| edit_error_text(e).text(locale.get()).to_owned())
        });
        view! { <FieldError id error /> }
    };
    // A problem with the amount, shown under the amount field.
    let amount_problem = move |sig: RwSignal<Option<EditError>>| {
        Signal::derive(move || {
            sig.get()
                .filter(|e| on_amount(*e))
                .map(|e| edit_error_text(e).text(locale.get()).to_owned())
        })
    };
    let holding_select =
        move |id: &'static str,
              sig: RwSignal<Option<usize>>,
              none: Option<T>,
              opts: Box<dyn Fn() -> Vec<(usize, String)> + Send + Sync>| {
            view! {
                <select
                    id=id
                    on:change=move |ev| sig.set(event_target_value(&ev).parse::<usize>().ok())
                >
                    <option value="" selected=move || sig.get().is_none()>
                        {move || none.map(|t| t.text(locale.get())).unwrap_or("—")}
                    </option>
                    {move || {
                        opts()
                            .into_iter()
                            .map(|(i, label)| {
                                view! { <option value=i.to_string() selected=move || sig.get() == Some(i)>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            }
        };
    let shelf_options = {
        let shelf = Arc::clone(&shelf);
        move || {
            let l = locale.get();
            shelf
                .iter()
                .map(|p| {
                    let id = p.id;
                    let label = format!("{} · {} · {} ≥ {}", product_name(&shelf, id, l), text::family(p.family, l), p.risk.code(), p.min_amount);
                    view! { <option value=id.0.to_string() selected=move || add_product.get() == Some(id)>{label}</option> }
                })
                .collect_view()
        }
    };
    let edits_list = {
        let (original, shelf) = (Arc::clone(&original), Arc::clone(&shelf));
        move || {
            let l = locale.get();
            let c = customer.get();
            let _ = &original;
            edits
                .get()
                .iter()
                .map(|e| view! { <li>{edit_text(e, &c, &shelf, l)}</li> })
                .collect_view()
        }
    };
    let before2 = before.clone();
    let ho1 = holding_options.clone();
    let ho2 = holding_options.clone();
    let ho3 = holding_options;

    view! {
        <section class="cv-card cv-whatif" id="cv-whatif" aria-labelledby="cv-whatif-title" data-testid="whatif">
            <div class="cv-card-head">
                <h2 id="cv-whatif-title">{tr(T::WhatIfTitle)}</h2>
                <button
                    type="button"
                    class="btn"
                    data-testid="whatif-reset"
                    disabled=move || edits.with(Vec::is_empty)
                    on:click=move |_| {
                        edits.set(Vec::new());
                        move_error.set(None);
                        add_error.set(None);
                    }
                >
                    {tr(T::Reset)}
                </button>
            </div>
            <p class="muted">{tr(T::WhatIfIntro)}</p>
            <div class="cv-whatif-forms">
                <form class="cv-form" novalidate on:submit=apply_move data-testid="whatif-move" aria-label=tr(T::MoveAmount)>
                    <h3>{tr(T::MoveAmount)}</h3>
                    <div class="field">
                        <label for="wi-from">{tr(T::FromHolding)}</label>
                        {holding_select("wi-from", move_from, None, Box::new(ho1))}
                    </div>
                    <div class="field">
                        <label for="wi-to">{tr(T::ToHolding)}</label>
                        {holding_select("wi-to", move_to, None, Box::new(ho2))}
                        {err_view(move_error, "wi-move-holding-err")}
                    </div>
                    <TextField
                        id="wi-move-amount"
                        label=tr(T::Amount)
                        value=move_amount
                        kind=InputKind::Amount
                        autocomplete=Autocomplete::Off
                        field="amount"
                        error=amount_problem(move_error)
                    />
                    <button type="submit" class="btn btn-primary" data-testid="whatif-apply-move">{tr(T::ApplyMove)}</button>
                </form>
                <form class="cv-form" novalidate on:submit=apply_add data-testid="whatif-add" aria-label=tr(T::AddProduct)>
                    <h3>{tr(T::AddProduct)}</h3>
                    <div class="field">
                        <label for="wi-product">{tr(T::ShelfProduct)}</label>
                        <select
                            id="wi-product"
                            on:change=move |ev| add_product.set(event_target_value(&ev).parse::<i64>().ok().map(ProductId))
                        >
                            <option value="" selected=move || add_product.get().is_none()>"—"</option>
                            {shelf_options}
                        </select>
                        {err_view(add_error, "wi-add-product-err")}
                    </div>
                    <TextField
                        id="wi-add-amount"
                        label=tr(T::Amount)
                        value=add_amount
                        kind=InputKind::Amount
                        autocomplete=Autocomplete::Off
                        field="amount"
                        error=amount_problem(add_error)
                    />
                    <div class="field">
                        <label for="wi-fund">{tr(T::FundFrom)}</label>
                        {holding_select("wi-fund", add_from, Some(T::NewMoney), Box::new(ho3))}
                    </div>
                    <button type="submit" class="btn btn-primary" data-testid="whatif-apply-add">{tr(T::ApplyAdd)}</button>
                </form>
            </div>
            <h3>{tr(T::Edits)}</h3>
            <Show when=move || edits.with(|e| !e.is_empty()) fallback=|| view! { <p class="muted">{tr(T::NoEdits)}</p> }>
                <ol class="cv-edits" data-testid="whatif-edits">{edits_list.clone()}</ol>
            </Show>
            <Compare before=before2 after=after.into() />
            <h3>{tr(T::WhatIfRecs)}</h3>
            <RecommendationList recs shelf=Arc::clone(&shelf) confirm=false testid="whatif-recommendations" />
        </section>
    }
}

/// Risk mix "R1 80.0% · R4 20.0%" (levels held only).
pub fn risk_mix(f: &PortfolioFigures) -> String {
    ProductRisk::ALL
        .into_iter()
        .filter(|r| f.by_risk[*r as usize] > clientbook_domain::Money::ZERO)
        .map(|r| {
            let bp = (i128::from(f.by_risk[r as usize].fen()) * 10_000
                / i128::from(f.aum.fen().max(1))) as u32;
            format!("{} {}", r.code(), percent_text(bp))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The figures now and in the what-if, side by side.
#[component]
fn Compare(before: PortfolioFigures, after: Signal<PortfolioFigures>) -> impl IntoView {
    let b = before.clone();
    let changed = move |f: fn(&PortfolioFigures) -> String| {
        let b = f(&before);
        move || after.with(|a| f(a) != b)
    };
    let cell = move |f: fn(&PortfolioFigures) -> String, testid: &'static str| {
        let ch = changed(f);
        view! { <td class:cv-changed=ch data-testid=testid>{move || after.with(f)}</td> }
    };
    view! {
        <div class="cv-table-wrap">
            <table class="cv-table cv-compare" data-testid="whatif-compare">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{tr(T::Before)}</th>
                        <th scope="col">{tr(T::After)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{tr(T::TierWord)}</th>
                        <td><TierBadge tier=Signal::stored(b.tier) /></td>
                        <td data-testid="whatif-tier" class:cv-changed=move || after.with(|a| a.tier != b.tier)>
                            <TierBadge tier=Signal::derive(move || after.with(|a| a.tier)) />
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{tr(T::AumLabel)}</th>
                        <td><MoneyAmount amount=Signal::stored(b.aum) /></td>
                        <td data-testid="whatif-aum"><MoneyAmount amount=Signal::derive(move || after.with(|a| a.aum)) /></td>
                    </tr>
                    <tr>
                        <th scope="row">{tr(T::Concentration)}</th>
                        <td>{percent_text(b.top_family_bp)}</td>
                        {cell(|f| percent_text(f.top_family_bp), "whatif-concentration")}
                    </tr>
                    <tr>
                        <th scope="row">{tr(T::TopHolding)}</th>
                        <td>{percent_text(b.top_holding_bp)}</td>
                        {cell(|f| percent_text(f.top_holding_bp), "whatif-top-holding")}
                    </tr>
                    <tr>
                        <th scope="row">{tr(T::RiskExposure)}</th>
                        <td><MoneyAmount amount=Signal::stored(b.above_level) /></td>
                        {cell(|f| f.above_level.to_string(), "whatif-above-level")}
                    </tr>
                    <tr>
                        <th scope="row">{tr(T::RiskMix)}</th>
                        <td>{risk_mix(&b)}</td>
                        {cell(risk_mix, "whatif-risk-mix")}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn amount_errors_sit_beside_the_amount_and_choice_errors_beside_the_choice() {
        assert!(on_amount(EditError::OverBalance));
        assert!(on_amount(EditError::Amount(AmountError::NotANumber)));
        assert!(!on_amount(EditError::SameHolding));
        assert_eq!(edit_error_text(EditError::SameHolding), T::ErrSameHolding);
    }
}
