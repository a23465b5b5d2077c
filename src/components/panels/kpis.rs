//! The book's headline figures: total AUM and customers, each with the change since the
//! end of last month.

use crate::book_index::BookIndex;
use crate::i18n::{self, customer_count, Msg};
use crate::state::figures::month_change;
use crate::state::use_locale;
use clientbook_domain::Money;
use leptos::prelude::*;
use std::sync::Arc;

fn signed_money(m: Money) -> String {
    if m.is_negative() {
        m.to_string()
    } else {
        format!("+{m}")
    }
}

fn signed_count(n: i64) -> String {
    if n < 0 {
        format!("-{}", i18n::count(n.unsigned_abs()))
    } else {
        format!("+{}", i18n::count(n as u64))
    }
}

#[component]
pub fn BookKpis(index: Arc<BookIndex>) -> impl IntoView {
    let locale = use_locale();
    let change = month_change(&index);
    let total = index.len();
    let as_of = index.as_of();
    let aum = change.aum_now;
    let aum_delta = change.aum_delta();
    let customers_delta = change.customers_delta();
    view! {
        <div class="kpis">
            <div class="kpi">
                <p class="kpi-label">{locale.t(Msg::TotalAum)}</p>
                <p class="kpi-value money" data-testid="total-aum">
                    {aum.to_string()}
                </p>
                <p class="kpi-change" class:down=aum_delta.is_negative()>
                    {move || i18n::vs_last_month(&signed_money(aum_delta), locale.get())}
                </p>
            </div>
            <div class="kpi">
                <p class="kpi-label">{locale.t(Msg::KpiCustomers)}</p>
                <p
                    class="kpi-value customer-count"
                    data-testid="customer-count"
                    data-count=total
                >
                    {move || customer_count(total, locale.get())}
                </p>
                <p class="kpi-change" class:down=customers_delta < 0>
                    {move || i18n::vs_last_month(&signed_count(customers_delta), locale.get())}
                </p>
            </div>
            <p class="as-of muted">
                {locale.t(Msg::DataAsOf)} " "
                <time datetime=as_of.to_string()>{move || i18n::date(as_of, locale.get())}</time>
            </p>
        </div>
    }
}
