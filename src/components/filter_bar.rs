//! The customers list's search and filters. Stateless: it shows a [`CustomerView`] and
//! reports the view the user asks for (the page keeps it in the URL). Every control is
//! a labelled native element (`<input type=search>`, `<select>`, checkboxes).

use crate::i18n::{Locale, Msg};
use crate::state::customer_view::{
    parse_code, CustomerFilter, CustomerView, HouseholdFilter, RiskFilter, ACTIVITY_CODES,
    CHURN_CODES, LIFECYCLE_CODES, RISK_CODES, TIER_CODES, VALUE_CODES,
};
use crate::state::use_locale;
use leptos::prelude::*;

/// A change the user made: the new view, and whether it replaces the history entry
/// (typing in the search) rather than adding one (picking a filter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewChange {
    pub view: CustomerView,
    pub replace: bool,
}

#[component]
pub fn FilterBar(
    /// The view shown.
    #[prop(into)]
    view: Signal<CustomerView>,
    /// Called with the view the user asks for.
    on_change: Callback<ViewChange>,
) -> impl IntoView {
    let locale = use_locale();
    let change = move |replace: bool, edit: &dyn Fn(&mut CustomerFilter)| {
        let mut v = view.get_untracked();
        edit(&mut v.filter);
        on_change.run(ViewChange { view: v, replace });
    };
    // Each control follows its own part of the view (a memo each), so that a keystroke
    // in the search re-runs none of the filters' selects, options and boxes.
    let part =
        |pick: fn(&CustomerFilter) -> bool| Memo::new(move |_| view.with(|v| pick(&v.filter)));
    let overdue = part(|f| f.overdue);
    let maturing = part(|f| f.maturing);
    let in_household = part(|f| f.household.is_some());
    let narrowed = part(|f| f.any_set() || !f.query.is_empty());

    view! {
        <div class="filter-bar" role="search">
            <div class="search-box">
                <label for="customer-search">{locale.t(Msg::Search)}</label>
                <input
                    id="customer-search"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=locale.t(Msg::SearchAnyPlaceholder)
                    prop:value=move || view.with(|v| v.filter.query.clone())
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        change(true, &|f| f.query = q.clone());
                    }
                />
            </div>
            <fieldset class="filters">
                <legend class="visually-hidden">{locale.t(Msg::Filters)}</legend>
                {select(
                    "filter-tier",
                    Msg::ColTier,
                    &TIER_CODES,
                    |t, l| Msg::tier(t).text(l).to_owned(),
                    Memo::new(move |_| view.with(|v| v.filter.tier)).into(),
                    move |v| change(false, &|f| f.tier = v),
                )}
                {select(
                    "filter-activity",
                    Msg::FilterActivity,
                    &ACTIVITY_CODES,
                    |a, l| Msg::activity(a).text(l).to_owned(),
                    Memo::new(move |_| view.with(|v| v.filter.activity)).into(),
                    move |v| change(false, &|f| f.activity = v),
                )}
                {select(
                    "filter-value",
                    Msg::ColValueClass,
                    &VALUE_CODES,
                    |a, l| Msg::value_class(a).text(l).to_owned(),
                    Memo::new(move |_| view.with(|v| v.filter.value)).into(),
                    move |v| change(false, &|f| f.value = v),
                )}
                {select(
                    "filter-lifecycle",
                    Msg::FilterLifecycle,
                    &LIFECYCLE_CODES,
                    |a, l| Msg::lifecycle(a).text(l).to_owned(),
                    Memo::new(move |_| view.with(|v| v.filter.lifecycle)).into(),
                    move |v| change(false, &|f| f.lifecycle = v),
                )}
                {select(
                    "filter-churn",
                    Msg::ChurnRisk,
                    &CHURN_CODES,
                    |a, l| Msg::churn_band(a).text(l).to_owned(),
                    Memo::new(move |_| view.with(|v| v.filter.churn)).into(),
                    move |v| change(false, &|f| f.churn = v),
                )}
                {select(
                    "filter-risk",
                    Msg::ColRisk,
                    &RISK_CODES,
                    |r, l| match r {
                        RiskFilter::Level(level) => level.code().to_owned(),
                        RiskFilter::NotAssessed => Msg::NotAssessed.text(l).to_owned(),
                    },
                    Memo::new(move |_| view.with(|v| v.filter.risk)).into(),
                    move |v| change(false, &|f| f.risk = v),
                )}
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || overdue.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            change(false, &|f| f.overdue = on);
                        }
                    />
                    {locale.t(Msg::OnlyOverdue)}
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || maturing.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            change(false, &|f| f.maturing = on);
                        }
                    />
                    {locale.t(Msg::OnlyMaturing)}
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="filter-household"
                        prop:checked=move || in_household.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            change(false, &|f| f.household = on.then_some(HouseholdFilter::Any));
                        }
                    />
                    {locale.t(Msg::OnlyInHousehold)}
                </label>
                <Show when=move || narrowed.get()>
                    <button
                        type="button"
                        class="btn btn-quiet clear-filters"
                        on:click=move |_| {
                            let v = CustomerView {
                                sort: view.get_untracked().sort,
                                ..Default::default()
                            };
                            on_change.run(ViewChange { view: v, replace: false });
                        }
                    >
                        {locale.t(Msg::ClearFilters)}
                    </button>
                </Show>
            </fieldset>
        </div>
    }
}

/// A labelled `<select>` over a code table, with "Any" first.
pub(crate) fn select<T>(
    id: &'static str,
    label: Msg,
    table: &'static [(T, &'static str)],
    name: fn(T, Locale) -> String,
    current: Signal<Option<T>>,
    set: impl Fn(Option<T>) + 'static,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let locale = use_locale();
    view! {
        <div class="filter">
            <label for=id>{locale.t(label)}</label>
            <select
                id=id
                class:set=move || current.get().is_some()
                on:change=move |ev| set(parse_code(table, &event_target_value(&ev)))
            >
                <option value="" selected=move || current.get().is_none()>
                    {locale.t(Msg::AnyValue)}
                </option>
                {table
                    .iter()
                    .map(|(v, code)| {
                        let v = *v;
                        view! {
                            <option value=*code selected=move || current.get() == Some(v)>
                                {move || name(v, locale.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
