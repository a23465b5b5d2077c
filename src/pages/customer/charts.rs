//! The customer page's charts, drawn by the app's one chart module
//! ([`crate::components::charts`]); these names keep the page's call sites as they were.

use crate::components::charts::{self, LineOptions};
use leptos::prelude::*;

/// One bar of the customer page: its label, its value and the figure printed after it.
pub use charts::RowBar as Bar;

/// One line: its name and its (x index, value) points; series take the palette in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, f64)>,
}

/// Horizontal bars, one per row (see [`charts::row_chart`]).
pub fn bar_chart_svg(bars: &[Bar], width: u32) -> String {
    charts::row_chart(bars, width)
}

/// A line chart over the `x_labels` (see [`charts::line_chart_with`]); a point whose x
/// is outside the labels is left out.
pub fn line_chart_svg(
    series: &[Series],
    x_labels: &[String],
    y_range: (f64, f64),
    y_format: &dyn Fn(f64) -> String,
    size: (u32, u32),
) -> String {
    let lines: Vec<charts::Series> = series
        .iter()
        .enumerate()
        .map(|(color, s)| {
            let mut points = vec![None; x_labels.len()];
            for &(x, y) in &s.points {
                if let Some(p) = usize::try_from(x).ok().and_then(|i| points.get_mut(i)) {
                    *p = Some(y);
                }
            }
            charts::Series {
                name: s.name.clone(),
                color,
                points,
            }
        })
        .collect();
    charts::line_chart_with(&lines, x_labels, y_range, &LineOptions { size, y_format })
}

/// A chart box labelled by `alt` (see [`charts::Chart`]).
#[component]
pub fn Chart(
    #[prop(into)] svg: Signal<String>,
    #[prop(into)] alt: Signal<String>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! { <charts::Chart svg label=alt testid /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn points_land_on_their_label_and_strays_are_dropped() {
        let s = Series {
            name: "AUM".into(),
            points: vec![(0, 1.0), (2, 3.0), (7, 9.0), (-1, 5.0)],
        };
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let svg = line_chart_svg(&[s], &labels, (0.0, 4.0), &|y| format!("{y}"), (600, 240));
        // Two points, a circle each.
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
    }
}
