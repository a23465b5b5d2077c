//! Charts drawn with plotters' SVG backend: plain functions turn figures into an SVG
//! string (tested without a browser), and [`Chart`] inserts one with a text alternative
//! (`role="img"` + `aria-label`). Plotters writes presentation attributes (`fill=`,
//! `stroke=`), never `style=`, so the content security policy is satisfied.
//!
//! API (for any screen, the customer page included):
//! - `bar_chart(&[Bar], BarOptions) -> String`: one bar per category.
//! - `line_chart(&[Series], &x_labels, y_range) -> String`: monthly trends; `None` points
//!   leave a gap.
//! - `concentration_chart(&curve_bp, &marks) -> String`: the share of deposits held by
//!   the top k% of customers, with the line of equality.
//! - `quadrant_chart(&[QuadrantPoint], split, axis labels) -> String`.
//! - `<Chart svg label />`: shows one of them.

mod draw;

pub use draw::{
    bar_chart, concentration_chart, line_chart, quadrant_chart, Bar, BarOptions, QuadrantPoint,
    Series,
};

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
) -> impl IntoView {
    view! {
        <div class="chart" role="img" aria-label=move || label.get() inner_html=move || svg.get()></div>
    }
}
