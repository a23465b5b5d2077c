//! The drawing functions behind the chart components.
//!
//! Plotters measures text in the browser by inserting a `<span style=…>`, which the
//! content security policy blocks (and which would be slow); so these charts never ask
//! plotters to lay out text (no mesh labels, captions or legends): grid lines, ticks and
//! labels are drawn here as plain elements, and SVG's `text-anchor` aligns them.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FONT: &str = "sans-serif";
const AXIS: RGBColor = RGBColor(0x54, 0x5d, 0x69);
const GRID: RGBColor = RGBColor(0xe4, 0xe7, 0xec);
const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
/// The house palette (navy, teal, coral, gold, slate); CSS mirrors it for legends
/// (`.swatch-0` … `.swatch-4`).
pub const PALETTE: [RGBColor; 5] = [
    RGBColor(0x1f, 0x3a, 0x5f),
    RGBColor(0x1b, 0x7f, 0x79),
    RGBColor(0xc4, 0x4b, 0x2b),
    RGBColor(0xb0, 0x8d, 0x2e),
    RGBColor(0x6b, 0x72, 0x80),
];

type DrawResult = Result<(), Box<dyn std::error::Error>>;
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Run a drawing into a fresh SVG string; an empty string if plotters fails.
fn render(size: (u32, u32), draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        let ok = root.fill(&WHITE).is_ok() && draw(&root).is_ok();
        ok && root.present().is_ok()
    };
    if ok {
        buf
    } else {
        String::new()
    }
}

/// A text style; plotters writes `font-size` as `size / 1.24`.
fn font(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color).pos(Pos::new(h, v))
}

/// About `n` round tick values covering `lo..=hi` (steps of 1, 2 or 5 × 10^k).
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi <= lo || n == 0 || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Grid lines and labels of the value axis, the two axis lines, and the category
/// labels under the x axis.
fn frame(
    chart: &mut Plot,
    x: (f64, f64),
    y: (f64, f64),
    y_ticks: &[f64],
    y_format: &dyn Fn(f64) -> String,
    x_labels: &[(f64, String)],
) -> DrawResult {
    for t in y_ticks {
        chart.draw_series(LineSeries::new(
            [(x.0, *t), (x.1, *t)],
            GRID.stroke_width(1),
        ))?;
        chart.draw_series([EmptyElement::at((x.0, *t))
            + Text::new(
                y_format(*t),
                (-6, 0),
                font(15, AXIS, HPos::Right, VPos::Center),
            )])?;
    }
    chart.draw_series(LineSeries::new(
        [(x.0, y.0), (x.1, y.0)],
        AXIS.stroke_width(1),
    ))?;
    chart.draw_series(LineSeries::new(
        [(x.0, y.0), (x.0, y.1)],
        AXIS.stroke_width(1),
    ))?;
    for (at, label) in x_labels {
        chart.draw_series([EmptyElement::at((*at, y.0))
            + Text::new(
                label.clone(),
                (0, 6),
                font(15, AXIS, HPos::Center, VPos::Top),
            )])?;
    }
    Ok(())
}

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

/// A line of a trend chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// Index into [`PALETTE`].
    pub color: usize,
    /// One value per x label; `None` leaves a gap.
    pub points: Vec<Option<f64>>,
}

/// A trend chart: one line per series over the `x_labels` (months). The legend is
/// the caller's (HTML), in the series' palette colours.
pub fn line_chart(series: &[Series], x_labels: &[String], y_range: (f64, f64)) -> String {
    let n = x_labels.len().max(1);
    let x = (-0.4_f64, n as f64 - 0.6);
    render((480, 250), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(26)
            .y_label_area_size(40)
            .build_cartesian_2d(x.0..x.1, y_range.0..y_range.1)?;
        let labels: Vec<(f64, String)> = x_labels
            .iter()
            .enumerate()
            .map(|(i, l)| (i as f64, l.clone()))
            .collect();
        let y_ticks = ticks(y_range.0, y_range.1, 5);
        frame(
            &mut chart,
            x,
            y_range,
            &y_ticks,
            &|v| format!("{v:.0}"),
            &labels,
        )?;
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
        chart.draw_series(AreaSeries::new(curve.clone(), 0.0, PALETTE[0].mix(0.15)))?;
        chart.draw_series(LineSeries::new(curve, PALETTE[0].stroke_width(3)))?;
        for k in marks {
            if let Some(bp) = curve_bp.get(*k as usize) {
                let y = f64::from(*bp) / 100.0;
                chart.draw_series([Circle::new((f64::from(*k), y), 5, PALETTE[2].filled())])?;
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

    #[wasm_bindgen_test(unsupported = test)]
    fn ticks_are_round_numbers_inside_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(
            ticks(-100.0, 100.0, 4),
            vec![-100.0, -50.0, 0.0, 50.0, 100.0]
        );
        assert_eq!(ticks(0.0, 367.0, 4), vec![0.0, 100.0, 200.0, 300.0]);
        assert_eq!(ticks(1.0, 1.0, 4), vec![1.0]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn gaps_in_a_trend_split_the_line() {
        let s = segments(&[Some(1.0), None, Some(2.0), Some(3.0), None]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(segments(&[None, None]).is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_other_charts_render_to_svg() {
        let labels: Vec<String> = (1..=12).map(|m| format!("M{m}")).collect();
        let series = [Series {
            name: "NPS".into(),
            color: 0,
            points: (0..12)
                .map(|i| (i % 3 != 0).then_some(i as f64 * 5.0))
                .collect(),
        }];
        let line = line_chart(&series, &labels, (-100.0, 100.0));
        assert!(line.contains("M12"));
        let curve: Vec<u32> = (0..=100).map(|k| (k * 100).min(10_000)).collect();
        let conc = concentration_chart(&curve, &[10, 20]);
        assert!(conc.contains("10% → 10.0%"));
        let q = quadrant_chart(
            &[QuadrantPoint {
                label: "Fees".into(),
                importance: 4.2,
                satisfaction: 2.9,
                color: 2,
            }],
            (3.5, 3.5),
            ["S", "I", "M", "L"],
        );
        assert!(q.contains("Fees"));
        for svg in [line, conc, q] {
            assert!(!svg.is_empty());
            assert!(!svg.contains("style="));
        }
    }
}
