//! The importance–satisfaction matrix: service attributes placed by mean importance and
//! mean satisfaction, in four named quadrants.

use super::axes::{font, frame, render, ticks};
use super::palette::{AXIS, INK, PALETTE};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// An attribute in the importance–satisfaction matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct QuadrantPoint {
    pub label: String,
    /// Mean importance, 1–5.
    pub importance: f64,
    /// Mean satisfaction, 1–5.
    pub satisfaction: f64,
    /// Index into [`PALETTE`] (by quadrant).
    pub color: usize,
}

/// The four-quadrant matrix: importance across, satisfaction up, split at `split`
/// (mean importance, mean satisfaction); each quadrant named in its corner
/// (`corners`: strength, improve, maintain, low priority).
pub fn quadrant_chart(points: &[QuadrantPoint], split: (f64, f64), corners: [&str; 4]) -> String {
    let (mut x0, mut x1, mut y0, mut y1) = (split.0, split.0, split.1, split.1);
    for p in points {
        x0 = x0.min(p.importance);
        x1 = x1.max(p.importance);
        y0 = y0.min(p.satisfaction);
        y1 = y1.max(p.satisfaction);
    }
    let pad = |lo: f64, hi: f64| {
        let d = ((hi - lo) * 0.25).max(0.25);
        ((lo - d).max(0.0), (hi + d).min(5.5))
    };
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    render((600, 400), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .x_label_area_size(26)
            .y_label_area_size(40)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let xt = ticks(x0, x1, 5);
        let labels: Vec<(f64, String)> = xt.iter().map(|t| (*t, format!("{t:.1}"))).collect();
        frame(
            &mut chart,
            (x0, x1),
            (y0, y1),
            &ticks(y0, y1, 5),
            &|v| format!("{v:.1}"),
            &labels,
        )?;
        let split_style = AXIS.stroke_width(2);
        chart.draw_series(LineSeries::new([(split.0, y0), (split.0, y1)], split_style))?;
        chart.draw_series(LineSeries::new([(x0, split.1), (x1, split.1)], split_style))?;
        let corner = |text: &str, x: f64, y: f64, dx: i32, dy: i32, h: HPos, v: VPos| {
            EmptyElement::at((x, y)) + Text::new(text.to_owned(), (dx, dy), font(16, AXIS, h, v))
        };
        chart.draw_series([
            corner(corners[0], x1, y1, -6, 6, HPos::Right, VPos::Top),
            corner(corners[1], x1, y0, -6, -6, HPos::Right, VPos::Bottom),
            corner(corners[2], x0, y1, 6, 6, HPos::Left, VPos::Top),
            corner(corners[3], x0, y0, 6, -6, HPos::Left, VPos::Bottom),
        ])?;
        for p in points {
            let color = PALETTE[p.color % PALETTE.len()];
            chart.draw_series([EmptyElement::at((p.importance, p.satisfaction))
                + Circle::new((0, 0), 7, color.filled())
                + Text::new(
                    p.label.clone(),
                    (10, 0),
                    font(16, INK, HPos::Left, VPos::Center),
                )])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn each_attribute_and_each_quadrant_is_named() {
        let svg = quadrant_chart(
            &[QuadrantPoint {
                label: "Fees".into(),
                importance: 4.2,
                satisfaction: 2.9,
                color: 2,
            }],
            (3.5, 3.5),
            ["Strength", "Improve", "Maintain", "Low"],
        );
        for text in ["Fees", "Strength", "Improve", "Maintain", "Low"] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(svg.contains("fill=\"#B3401F\""), "the point in its colour");
        assert!(!svg.contains("style="));
    }
}
