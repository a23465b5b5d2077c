//! Bar charts: columns over categories with a value axis ([`bar_chart`]), and labelled
//! rows with their value printed at the end ([`row_chart`]), for a share of a whole.

use super::axes::{font, frame, render, text_width, ticks};
use super::palette::{Hue, AXIS, INK, PALETTE};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One bar: its category label and value.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

#[derive(Clone, Debug)]
pub struct BarOptions {
    pub width: u32,
    pub height: u32,
    /// Index into [`PALETTE`].
    pub color: usize,
    /// How value-axis ticks read (e.g. "1.2M").
    pub y_format: fn(f64) -> String,
}

/// A bar chart, one bar per category, values from zero.
pub fn bar_chart(bars: &[Bar], o: &BarOptions) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let y_ticks = ticks(0.0, if max > 0.0 { max } else { 1.0 }, 4);
    let top = y_ticks.last().copied().unwrap_or(1.0).max(max) * 1.05;
    let n = bars.len().max(1) as f64;
    let color = PALETTE[o.color % PALETTE.len()];
    render((o.width, o.height), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..n, 0.0..top)?;
        let labels: Vec<(f64, String)> = bars
            .iter()
            .enumerate()
            .map(|(i, b)| (i as f64 + 0.5, b.label.clone()))
            .collect();
        frame(
            &mut chart,
            (0.0, n),
            (0.0, top),
            &y_ticks,
            &o.y_format,
            &labels,
        )?;
        chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
            Rectangle::new(
                [(i as f64 + 0.18, 0.0), (i as f64 + 0.82, b.value)],
                color.filled(),
            )
        }))?;
        Ok(())
    })
}

/// One row of a [`row_chart`]: its label, its value (for the length) and the text
/// printed after the bar (the exact figure, formatted by the caller).
#[derive(Clone, Debug, PartialEq)]
pub struct RowBar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

const ROW: i32 = 34;
const ROW_FONT: u32 = 14;

/// Horizontal bars, one per row in the palette's order, labelled on the left with the
/// value printed at the end; `width` pixels wide.
pub fn row_chart(rows: &[RowBar], width: u32) -> String {
    let height = (rows.len() as i32 * ROW).max(ROW) + 8;
    let label_w = (width as f64 * 0.34) as i32;
    // Room for the longest value text, so the longest bar never pushes it out.
    let value_w = rows
        .iter()
        .map(|r| text_width(&r.value_text, ROW_FONT) as i32 + 12)
        .max()
        .unwrap_or(0)
        .max(60);
    let bar_max = (width as i32 - label_w - value_w - 8).max(20);
    let max = rows.iter().map(|r| r.value).fold(0.0_f64, f64::max);
    render((width, height as u32), |root| {
        for (i, r) in rows.iter().enumerate() {
            let y = 4 + i as i32 * ROW;
            let mid = y + ROW / 2;
            let len = if max > 0.0 {
                ((r.value / max) * f64::from(bar_max)).round() as i32
            } else {
                0
            };
            root.draw(&Text::new(
                r.label.clone(),
                (label_w - 8, mid),
                font(ROW_FONT, INK, HPos::Right, VPos::Center),
            ))?;
            root.draw(&Rectangle::new(
                [(label_w, y + 6), (label_w + len.max(1), y + ROW - 6)],
                Hue::nth(i).rgb().filled(),
            ))?;
            root.draw(&Text::new(
                r.value_text.clone(),
                (label_w + len + 8, mid),
                font(ROW_FONT, AXIS, HPos::Left, VPos::Center),
            ))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn whole(v: f64) -> String {
        format!("{v:.0}")
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bar_chart_draws_one_bar_per_category_without_inline_styles() {
        let bars = vec![
            Bar {
                label: "Gold".into(),
                value: 10.0,
            },
            Bar {
                label: "Diamond".into(),
                value: 4.0,
            },
        ];
        let svg = bar_chart(
            &bars,
            &BarOptions {
                width: 400,
                height: 240,
                color: 0,
                y_format: whole,
            },
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Gold") && svg.contains("Diamond"));
        assert!(svg.contains("\n10\n"), "a tick at the top value: {svg}");
        assert!(!svg.contains("style="), "no inline styles: CSP");
        // One filled rectangle per bar, in the palette's navy.
        assert_eq!(svg.matches("fill=\"#1F3A5F\"").count(), 2, "{svg}");
    }

    fn rows() -> Vec<RowBar> {
        vec![
            RowBar {
                label: "Fund".into(),
                value: 2.0,
                value_text: "¥2.00 · 66.7%".into(),
            },
            RowBar {
                label: "Bond".into(),
                value: 1.0,
                value_text: "¥1.00 · 33.3%".into(),
            },
        ]
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_row_chart_prints_each_label_and_figure_and_no_inline_style() {
        let svg = row_chart(&rows(), 600);
        assert!(
            svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 600 76\""),
            "{svg}"
        );
        for text in ["Fund", "Bond", "¥2.00 · 66.7%", "¥1.00 · 33.3%"] {
            assert!(svg.contains(text), "{text}: {svg}");
        }
        assert!(!svg.contains("style=") && !svg.contains("<script"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rows_take_the_palette_in_order_and_the_longest_bar_leaves_room_for_its_figure() {
        let svg = row_chart(&rows(), 600);
        let navy = svg.find("fill=\"#1F3A5F\"").expect("first row navy");
        let teal = svg.find("fill=\"#176E69\"").expect("second row teal");
        assert!(navy < teal);
        // Bars start at 34% of the width; the longest ends before its text needs to.
        let label_w = 204;
        let bar_max = 600 - label_w - (text_width("¥2.00 · 66.7%", ROW_FONT) as i32 + 12) - 8;
        assert!(svg.contains(&format!("width=\"{bar_max}\"")), "{svg}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_empty_row_chart_is_still_a_drawing() {
        let svg = row_chart(&[], 300);
        assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 300 42\""));
    }
}
