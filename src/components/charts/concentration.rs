//! The concentration of deposits: the share held by the top k% of customers, against
//! the line of equality.

use super::axes::{font, frame, render};
use super::palette::{Hue, AXIS, INK};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

fn percent(v: f64) -> String {
    format!("{v:.0}%")
}

/// The concentration curve: `curve_bp[k]` is the share (basis points) of deposits held
/// by the top k% of customers; `marks` are the percents to call out. Axis captions are
/// the caller's (HTML).
pub fn concentration_chart(curve_bp: &[u32], marks: &[u32]) -> String {
    render((520, 300), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(14)
            .x_label_area_size(26)
            .y_label_area_size(44)
            .build_cartesian_2d(0.0_f64..100.0, 0.0_f64..100.0)?;
        let steps = [0.0, 20.0, 40.0, 60.0, 80.0, 100.0];
        let labels: Vec<(f64, String)> = steps.iter().map(|s| (*s, percent(*s))).collect();
        frame(
            &mut chart,
            (0.0, 100.0),
            (0.0, 100.0),
            &steps,
            &percent,
            &labels,
        )?;
        chart.draw_series(LineSeries::new(
            [(0.0, 0.0), (100.0, 100.0)],
            AXIS.stroke_width(1),
        ))?;
        let curve: Vec<(f64, f64)> = curve_bp
            .iter()
            .enumerate()
            .map(|(k, bp)| (k as f64, f64::from(*bp) / 100.0))
            .collect();
        chart.draw_series(AreaSeries::new(
            curve.clone(),
            0.0,
            Hue::Navy.rgb().mix(0.15),
        ))?;
        chart.draw_series(LineSeries::new(curve, Hue::Navy.rgb().stroke_width(3)))?;
        for k in marks {
            if let Some(bp) = curve_bp.get(*k as usize) {
                let y = f64::from(*bp) / 100.0;
                chart.draw_series([Circle::new(
                    (f64::from(*k), y),
                    5,
                    Hue::Rust.rgb().filled(),
                )])?;
                chart.draw_series([EmptyElement::at((f64::from(*k), y))
                    + Text::new(
                        format!("{k}% → {y:.1}%"),
                        (8, 4),
                        font(16, INK, HPos::Left, VPos::Top),
                    )])?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_marked_shares_are_called_out() {
        let curve: Vec<u32> = (0..=100).map(|k| (k * 100).min(10_000)).collect();
        let svg = concentration_chart(&curve, &[10, 20]);
        assert!(svg.contains("10% → 10.0%") && svg.contains("20% → 20.0%"));
        assert!(!svg.contains("style="));
    }
}
