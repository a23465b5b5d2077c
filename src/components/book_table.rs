//! The book as a virtualised table: fixed-height rows in a focusable scroll container,
//! only the rows in view (plus a small overscan) in the DOM, so 100,000 customers scroll
//! smoothly. Row offsets are set through the CSSOM (`style:` directives), which a
//! `style-src 'self'` content security policy allows.
//!
//! On a tablet (style/book-table.css) each row is a two-line card and the headers wrap,
//! so no cell is cut: the row height is then the stylesheet's `--row-height`, measured
//! from a rendered row rather than assumed, and the header's height is measured too.
//!
//! Each row carries `data-customer-id`; the name is a link to `/customers/{id}` (Enter
//! on it opens the customer) and a click anywhere on the row does the same.

use crate::book_index::{BookIndex, SortKey, SortOrder};
use crate::components::SortHeader;
use crate::i18n::Msg;
use crate::state::use_locale;
use crate::virtual_window::{list_height, visible_rows};
use chrono::NaiveDate;
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::{Money, RiskLevel, Tier};
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use row_pool::RowPool;
use std::sync::Arc;

mod row_pool;

/// Height of a row in CSS pixels until a row is measured (`--row-height` at desk size).
pub const ROW_HEIGHT: f64 = 48.0;
/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 8;

#[component]
pub fn BookTable(
    /// The book, scored.
    index: Arc<BookIndex>,
    /// Positions in `index` of the rows to show, in order.
    #[prop(into)]
    rows: Signal<Arc<Vec<u32>>>,
    /// The order the rows are in (shown by the column headers).
    #[prop(into)]
    sort: Signal<SortOrder>,
    /// Called with the column picked in a header.
    on_sort: Callback<SortKey>,
) -> impl IntoView {
    let locale = use_locale();
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    // Guesses until the container is measured.
    let viewport = RwSignal::new(600.0_f64);
    let row_height = RwSignal::new(ROW_HEIGHT);

    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let height_of = |selector: &str| {
                el.query_selector(selector)
                    .ok()
                    .flatten()
                    .map(|e| f64::from(e.client_height()))
                    .filter(|h| *h > 0.0)
            };
            let row = height_of(".book-body > .book-row").unwrap_or(row_height.get_untracked());
            if row != row_height.get_untracked() {
                row_height.set(row);
            }
            // The sticky header takes its own height of the viewport.
            let head = height_of(".book-head").unwrap_or(row);
            viewport.set((f64::from(el.client_height()) - head).max(row));
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    // The first rows are placed with the guess; measure once they are in the DOM.
    let has_rows = Memo::new(move |_| rows.with(|r| !r.is_empty()));
    Effect::new(move |_| {
        if has_rows.get() && scroller.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // A new order or search starts at the top.
    Effect::new(move |first: Option<()>| {
        rows.track();
        if first.is_some() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });

    let navigate = use_navigate();
    let total = move || rows.with(|r| r.len());
    let range = Memo::new(move |_| {
        visible_rows(
            scroll_top.get(),
            viewport.get(),
            row_height.get(),
            total(),
            OVERSCAN,
        )
    });
    // The rows in view, drawn by hand from a pool kept by customer (`row_pool`): in the
    // language of the moment (a change of language draws them again), moved and
    // rewritten rather than made again when the search, the order or the scroll changes.
    let body = NodeRef::<Div>::new();
    let pool = StoredValue::new_local(None::<RowPool>);
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        let lang = locale.get();
        let height = row_height.get();
        let r = range.get();
        rows.with(|rows| {
            let end = r.end.min(rows.len());
            let start = r.start.min(end);
            pool.update_value(|pool| {
                pool.get_or_insert_with(|| RowPool::new(body.into())).draw(
                    &index,
                    start,
                    &rows[start..end],
                    lang,
                    height,
                );
            });
        });
    });

    view! {
        <div
            class="book-table"
            role="table"
            tabindex="0"
            aria-label=locale.t(Msg::BookTableLabel)
            aria-rowcount=move || total() + 1
            node_ref=scroller
            on:scroll=move |ev| {
                let el = event_target::<web_sys::Element>(&ev);
                scroll_top.set(el.scroll_top() as f64);
            }
        >
            <div role="rowgroup" class="book-head">
                <div role="row" class="book-row" aria-rowindex="1">
                    <SortHeader key=SortKey::Name label=Msg::ColName sort on_sort class="col-name" />
                    <SortHeader key=SortKey::Tier label=Msg::ColTier sort on_sort class="col-tier" />
                    <SortHeader key=SortKey::Aum label=Msg::ColAum sort on_sort class="col-aum" />
                    <SortHeader key=SortKey::Churn label=Msg::ChurnRisk sort on_sort class="col-churn" />
                    <SortHeader
                        key=SortKey::ValueClass
                        label=Msg::ColValueClass
                        sort
                        on_sort
                        class="col-value"
                    />
                    <SortHeader
                        key=SortKey::LastContact
                        label=Msg::ColLastContact
                        sort
                        on_sort
                        class="col-contact"
                    />
                    <SortHeader
                        key=SortKey::NextContact
                        label=Msg::ColNextContact
                        sort
                        on_sort
                        class="col-next"
                    />
                    <SortHeader key=SortKey::Risk label=Msg::ColRisk sort on_sort class="col-risk" />
                </div>
            </div>
            // One click handler for every row: a click anywhere on a row opens the
            // customer (a click on the name's link is the link's own).
            <div
                role="rowgroup"
                class="book-body"
                on:click=move |ev| {
                    let target = event_target::<web_sys::Element>(&ev);
                    if target.closest("a").ok().flatten().is_some() {
                        return;
                    }
                    let id = target
                        .closest("[data-customer-id]")
                        .ok()
                        .flatten()
                        .and_then(|row| row.get_attribute("data-customer-id"));
                    if let Some(id) = id {
                        navigate(&format!("/customers/{id}"), Default::default());
                    }
                }
                style:height=move || format!("{}px", list_height(total(), row_height.get()))
                node_ref=body
            ></div>
        </div>
    }
}

/// The CSS class of a churn band's figure.
const fn churn_class(band: ChurnBand) -> &'static str {
    match band {
        ChurnBand::High => "churn churn-high",
        ChurnBand::Medium => "churn churn-medium",
        ChurnBand::Low => "churn churn-low",
    }
}

/// What a row of the list shows for the customer at `at`, all from the scored book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowFigures {
    pub tier: Tier,
    pub aum: Money,
    pub churn: u8,
    pub band: ChurnBand,
    pub value_class: ValueClass,
    pub last_contact: Option<NaiveDate>,
    pub next_contact: NaiveDate,
    pub overdue: bool,
    pub risk: Option<RiskLevel>,
}

impl RowFigures {
    pub fn of(index: &BookIndex, at: u32) -> RowFigures {
        let (c, s) = (index.customer(at), index.scores(at));
        RowFigures {
            tier: s.tier,
            aum: s.aum,
            churn: s.churn.score,
            band: s.churn.band,
            value_class: s.value_class,
            last_contact: c.last_contact_on,
            next_contact: s.contact.due_on,
            overdue: s.contact.is_overdue(),
            risk: c.risk_level,
        }
    }
}
