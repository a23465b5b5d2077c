//! The app's charts, for every screen: plain functions turn figures into an SVG string
//! with plotters' SVG backend (tested without a browser), and [`Chart`] shows one with
//! its text alternative (`role="img"` + `aria-label`; the drawing itself is hidden from
//! assistive technology). Plotters writes presentation attributes (`fill=`, `stroke=`),
//! never `style=`, so the content security policy is satisfied. Every colour comes from
//! [`palette`]. Amounts become floats only to place pixels; every printed figure is
//! formatted by the caller from the exact value.
//!
//! - [`bar_chart`]: columns over categories with a value axis.
//! - [`row_chart`]: labelled horizontal bars with their figure printed at the end.
//! - [`line_chart`] / [`line_chart_with`]: trends; `None` points leave a gap.
//! - [`concentration_chart`]: the share of deposits held by the top k% of customers.
//! - [`quadrant_chart`]: the importance–satisfaction matrix.

mod axes;
mod bars;
mod concentration;
mod lines;
pub mod palette;
mod quadrant;

pub use axes::ticks;
pub use bars::{bar_chart, row_chart, Bar, BarOptions, RowBar};
pub use concentration::concentration_chart;
pub use lines::{line_chart, line_chart_with, LineOptions, Series};
pub use palette::{Hue, PALETTE};
pub use quadrant::{quadrant_chart, QuadrantPoint};

use leptos::prelude::*;

/// An SVG chart with its text alternative.
#[component]
pub fn Chart(
    /// The SVG markup (from one of this module's functions).
    #[prop(into)]
    svg: Signal<String>,
    /// What the chart shows, in words, with its figures.
    #[prop(into)]
    label: Signal<String>,
    /// A test id for end-to-end tests.
    #[prop(optional, into)]
    testid: Option<String>,
) -> impl IntoView {
    view! {
        <div
            class="chart"
            role="img"
            aria-label=move || label.get()
            data-testid=testid
            inner_html=move || svg.get()
        ></div>
    }
}
