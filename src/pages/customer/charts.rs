//! Charts of the customer page, drawn with plotters into an SVG string and inserted as
//! markup. The SVG carries presentation attributes only (no `style=`, no script), which
//! the page's CSP allows. Each chart sits in a `role="img"` box whose `aria-label` is the
//! text alternative; the SVG itself is hidden from assistive technology.
//!
//! Amounts are turned into floats here only to place pixels; every label is formatted
//! from the exact `Money`.

use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
const MUTED: RGBColor = RGBColor(0x54, 0x5d, 0x69);
const GRID: RGBColor = RGBColor(0xd5, 0xd9, 0xe0);
/// Bar and series colours, distinguishable for common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(0x1f, 0x3a, 0x5f),
    RGBColor(0xd9, 0x7d, 0x0d),
    RGBColor(0x2a, 0x9d, 0x8f),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0xa4, 0x16, 0x1a),
];

/// One bar: its label, its value (for the length) and the text printed after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

/// Horizontal bars, one per row, labelled on the left, the value printed at the end.
pub fn bar_chart_svg(bars: &[Bar], width: u32) -> String {
    let row = 34u32;
    let height = (bars.len() as u32 * row).max(row) + 8;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let label_w = (width as f64 * 0.34) as i32;
        let value_w = 150i32;
        let bar_max = (width as i32 - label_w - value_w - 16).max(20);
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let font = ("sans-serif", 14).into_font();
        for (i, b) in bars.iter().enumerate() {
            let y = 4 + i as i32 * row as i32;
            let mid = y + row as i32 / 2;
            let len = if max > 0.0 {
                ((b.value / max) * bar_max as f64).round() as i32
            } else {
                0
            };
            let _ = root.draw(&Text::new(
                b.label.clone(),
                (label_w - 8, mid),
                font.color(&INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
            let _ = root.draw(&Rectangle::new(
                [(label_w, y + 6), (label_w + len.max(1), y + row as i32 - 6)],
                PALETTE[i % PALETTE.len()].filled(),
            ));
            let _ = root.draw(&Text::new(
                b.value_text.clone(),
                (label_w + len + 8, mid),
                font.color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
        let _ = root.present();
    }
    responsive(svg)
}

/// One line of a line chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, f64)>,
}

/// A line chart over integer x positions (months, or survey indices) with labelled ticks.
pub fn line_chart_svg(
    series: &[Series],
    x_labels: &[String],
    y_range: (f64, f64),
    y_format: &dyn Fn(f64) -> String,
    size: (u32, u32),
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let _ = root.fill(&WHITE);
        let n = x_labels.len().max(1) as i32;
        let built = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(96)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y_range.0..y_range.1);
        let Ok(mut chart) = built else {
            return String::new();
        };
        let label_at = |x: &f64| {
            let i = x.round() as i64;
            if (x - i as f64).abs() < 0.01 && i >= 0 {
                x_labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .x_labels(x_labels.len().min(12))
            .x_label_formatter(&label_at)
            .y_labels(5)
            .y_label_formatter(&|y| y_format(*y))
            .label_style(("sans-serif", 13).into_font().color(&MUTED))
            .draw();
        for (i, s) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let pts: Vec<(f64, f64)> = s.points.iter().map(|(x, y)| (*x as f64, *y)).collect();
            let _ = chart.draw_series(LineSeries::new(pts.clone(), color.stroke_width(3)));
            let _ = chart.draw_series(
                pts.into_iter()
                    .map(move |p| Circle::new(p, 4, color.filled())),
            );
        }
        let _ = root.present();
    }
    responsive(svg)
}

/// Let CSS size the chart: drop the fixed width and height, keep the viewBox.
fn responsive(svg: String) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    let (head, rest) = svg.split_at(end);
    let head = strip_attr(&strip_attr(head, "width"), "height");
    format!(
        "{head} preserveAspectRatio=\"xMinYMin meet\" aria-hidden=\"true\" focusable=\"false\"{rest}"
    )
}

fn strip_attr(tag: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    match tag.find(&needle) {
        Some(start) => {
            let after = start + needle.len();
            match tag[after..].find('"') {
                Some(close) => format!("{}{}", &tag[..start], &tag[after + close + 1..]),
                None => tag.to_owned(),
            }
        }
        None => tag.to_owned(),
    }
}

/// A chart box: the SVG markup inside a `role="img"` element labelled by `alt`.
#[component]
pub fn Chart(
    /// The SVG markup (from this module's functions).
    #[prop(into)]
    svg: Signal<String>,
    /// The text alternative: what the chart shows, in words and figures.
    #[prop(into)]
    alt: Signal<String>,
    /// A test id for end-to-end tests.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    view! {
        <div class="cv-chart" role="img" aria-label=move || alt.get() data-testid=testid inner_html=move || svg.get()></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "Fund".into(),
                value: 2.0,
                value_text: "¥2.00".into(),
            },
            Bar {
                label: "Bond".into(),
                value: 1.0,
                value_text: "¥1.00".into(),
            },
        ]
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn charts_carry_no_inline_style_or_script() {
        let svg = bar_chart_svg(&bars(), 600);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("viewBox"));
        assert!(!svg.contains("style="));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("Fund"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_root_loses_its_fixed_size_but_keeps_its_view_box() {
        let svg = bar_chart_svg(&bars(), 600);
        let head = &svg[..svg.find('>').unwrap()];
        assert!(!head.contains(" width=\""));
        assert!(!head.contains(" height=\""));
        assert!(head.contains("viewBox=\"0 0 600"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_line_chart_draws_each_series() {
        let s = Series {
            name: "AUM".into(),
            points: vec![(0, 1.0), (1, 3.0), (2, 2.0)],
        };
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let svg = line_chart_svg(&[s], &labels, (0.0, 4.0), &|y| format!("{y}"), (600, 240));
        assert!(svg.contains("<polyline") || svg.contains("<path"));
        assert!(!svg.contains("style="));
    }
}
