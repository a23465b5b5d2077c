//! Trend charts: one line per series over categories (months, or survey dates), with a
//! gap where a series has no value.

use super::axes::{frame, render, spaced_labels, text_width, ticks, LABEL_SIZE};
use super::palette::PALETTE;
use plotters::prelude::*;

/// A line of a trend chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// Index into [`PALETTE`].
    pub color: usize,
    /// One value per x label; `None` leaves a gap.
    pub points: Vec<Option<f64>>,
}

/// How a trend chart is sized and how its value axis reads.
pub struct LineOptions<'a> {
    pub size: (u32, u32),
    pub y_format: &'a dyn Fn(f64) -> String,
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

/// A trend chart at the dashboard's panel size with whole-number ticks (see
/// [`line_chart_with`]).
pub fn line_chart(series: &[Series], x_labels: &[String], y_range: (f64, f64)) -> String {
    line_chart_with(
        series,
        x_labels,
        y_range,
        &LineOptions {
            size: (480, 250),
            y_format: &whole,
        },
    )
}

/// A trend chart: one line per series over the `x_labels`, as many of them printed as
/// fit. The legend is the caller's (HTML), in the series' palette colours.
pub fn line_chart_with(
    series: &[Series],
    x_labels: &[String],
    y_range: (f64, f64),
    o: &LineOptions,
) -> String {
    let n = x_labels.len().max(1);
    let x = (-0.4_f64, n as f64 - 0.6);
    let y_ticks = ticks(y_range.0, y_range.1, 5);
    // Room for the widest tick label, estimated (plotters may not measure text here).
    let y_area = y_ticks
        .iter()
        .map(|t| text_width(&(o.y_format)(*t), LABEL_SIZE) + 12)
        .max()
        .unwrap_or(0)
        .max(40);
    let plot_width = o.size.0.saturating_sub(y_area + 24);
    let labels: Vec<(f64, String)> = spaced_labels(x_labels, plot_width)
        .into_iter()
        .map(|(i, l)| (i as f64, l.clone()))
        .collect();
    render(o.size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(26)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x.0..x.1, y_range.0..y_range.1)?;
        frame(&mut chart, x, y_range, &y_ticks, o.y_format, &labels)?;
        for s in series {
            let color = PALETTE[s.color % PALETTE.len()];
            for segment in segments(&s.points) {
                chart.draw_series(LineSeries::new(segment, color.stroke_width(3)))?;
            }
            chart.draw_series(
                s.points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.map(|v| Circle::new((i as f64, v), 4, color.filled()))),
            )?;
        }
        Ok(())
    })
}

/// The runs of consecutive `Some` points, as (x, y) pairs.
fn segments(points: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p {
            Some(v) => run.push((i as f64, *v)),
            None if !run.is_empty() => out.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn gaps_in_a_trend_split_the_line() {
        let s = segments(&[Some(1.0), None, Some(2.0), Some(3.0), None]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(segments(&[None, None]).is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_trend_draws_each_series_in_its_colour_with_every_month_named() {
        let labels: Vec<String> = (1..=12).map(|m| format!("M{m}")).collect();
        let series = [
            Series {
                name: "NPS".into(),
                color: 0,
                points: (0..12)
                    .map(|i| (i % 3 != 0).then_some(i as f64 * 5.0))
                    .collect(),
            },
            Series {
                name: "CSAT".into(),
                color: 2,
                points: vec![Some(50.0); 12],
            },
        ];
        let svg = line_chart(&series, &labels, (-100.0, 100.0));
        assert!(
            labels.iter().all(|l| svg.contains(&format!(">\n{l}\n<"))),
            "{svg}"
        );
        assert!(svg.contains("stroke=\"#1F3A5F\"") && svg.contains("stroke=\"#B3401F\""));
        assert!(!svg.contains("style="));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_long_history_names_every_other_month_and_ticks_read_as_asked() {
        let labels: Vec<String> = (0..24).map(|m| format!("25-{m:02}")).collect();
        let series = [Series {
            name: "AUM".into(),
            color: 0,
            points: (0..24).map(|i| Some(f64::from(i) * 1e6)).collect(),
        }];
        let money = |v: f64| format!("¥{:.1}M", v / 1e6);
        let svg = line_chart_with(
            &series,
            &labels,
            (0.0, 25e6),
            &LineOptions {
                size: (760, 260),
                y_format: &money,
            },
        );
        assert!(svg.contains("¥10.0M"), "{svg}");
        assert!(svg.contains(">\n25-00\n<"));
        assert!(!svg.contains(">\n25-23\n<"), "not all 24 months fit: {svg}");
    }
}
