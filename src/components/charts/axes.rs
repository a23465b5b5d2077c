//! What every chart shares: a fresh SVG drawing, text styles, round tick values, and
//! the frame (grid, axes and their labels).
//!
//! Plotters measures text in the browser by inserting a `<span style=…>`, which the
//! content security policy blocks (and which would be slow); so these charts never ask
//! plotters to lay out text (no mesh labels, captions or legends): grid lines, ticks and
//! labels are drawn here as plain elements, and SVG's `text-anchor` aligns them. Where
//! room for text must be reserved, it is estimated from the number of characters.

use super::palette::{AXIS, CANVAS, GRID};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FONT: &str = "sans-serif";
/// The size of tick and category labels.
pub const LABEL_SIZE: u32 = 15;

pub type DrawResult = Result<(), Box<dyn std::error::Error>>;
pub type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
pub type Plot<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Run a drawing into a fresh SVG string that scales to its box ([`responsive`]); an
/// empty string if plotters fails.
pub fn render(size: (u32, u32), draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        let ok = root.fill(&CANVAS).is_ok() && draw(&root).is_ok();
        ok && root.present().is_ok()
    };
    if ok {
        responsive(buf)
    } else {
        String::new()
    }
}

/// A text style; plotters writes `font-size` as `size / 1.24`.
pub fn font(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color).pos(Pos::new(h, v))
}

/// About how many pixels `text` takes at `size` (a [`font`] size; wide characters count
/// double): enough to reserve room, without asking the browser.
pub fn text_width(text: &str, size: u32) -> u32 {
    let units: u32 = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    // A narrow glyph is about 0.55 em, and the em is `size / 1.24`.
    units * size * 9 / 20
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

/// Every `k`-th of `labels` (the first always), with `k` as small as lets them sit side
/// by side in `width` pixels without touching.
pub fn spaced_labels(labels: &[String], width: u32) -> Vec<(usize, &String)> {
    let widest = labels
        .iter()
        .map(|l| text_width(l, LABEL_SIZE) + 4)
        .max()
        .unwrap_or(1);
    let fit = (width / widest).max(1) as usize;
    let k = labels.len().div_ceil(fit).max(1);
    labels.iter().enumerate().step_by(k).collect()
}

/// Grid lines and labels of the value axis, the two axis lines, and the category
/// labels under the x axis.
pub fn frame(
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
                font(LABEL_SIZE, AXIS, HPos::Right, VPos::Center),
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
                font(LABEL_SIZE, AXIS, HPos::Center, VPos::Top),
            )])?;
    }
    Ok(())
}

/// Let CSS size the chart: drop the root's fixed width and height (the viewBox stays, so
/// it scales), and hide the drawing from assistive technology, the chart box's label
/// being its text alternative.
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

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
    fn labels_are_thinned_only_when_they_would_touch() {
        // The dashboard's twelve months in Chinese, in its 480-pixel chart.
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        assert_eq!(spaced_labels(&months, 410).len(), 12);
        let two_years: Vec<String> = (0..24).map(|m| format!("25-{m:02}")).collect();
        let shown = spaced_labels(&two_years, 640);
        assert!(shown.len() < 24 && shown.len() >= 6, "{}", shown.len());
        assert_eq!(shown[0].0, 0);
        let k = shown[1].0;
        assert!(shown.iter().all(|(i, _)| i % k == 0));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn wide_characters_take_twice_the_room() {
        assert_eq!(text_width("11月", 20), 36);
        assert!(text_width("¥1.2M", 15) > text_width("12", 15));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_root_loses_its_fixed_size_but_keeps_its_view_box() {
        let svg = render((600, 100), |_| Ok(()));
        let head = &svg[..svg.find('>').unwrap()];
        assert!(!head.contains(" width=\""), "{head}");
        assert!(!head.contains(" height=\""), "{head}");
        assert!(head.contains("viewBox=\"0 0 600 100\""), "{head}");
        assert!(head.contains("aria-hidden=\"true\""));
    }
}
