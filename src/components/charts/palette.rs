//! The one chart palette: every colour a chart draws with is named here. The series
//! colours keep WCAG AA contrast (4.5:1, the bar for text) against both the chart's white
//! and the page's background, so a line or a coloured label stays legible; grid lines are
//! the exception, being decoration under labelled ticks. `style/components.css` mirrors
//! the series colours for HTML legends (`--chart-N`; a test holds the two together).

use plotters::style::RGBColor;

/// Text on a chart.
pub const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
/// Axes, tick labels and reference lines (the page's muted text colour).
pub const AXIS: RGBColor = RGBColor(0x54, 0x5d, 0x69);
/// Grid lines: decoration only, so below text contrast on purpose.
pub const GRID: RGBColor = RGBColor(0xe4, 0xe7, 0xec);
/// What a chart is drawn on.
pub const CANVAS: RGBColor = RGBColor(0xff, 0xff, 0xff);
/// The page behind the panels (`--bg`), which the colours must also stand out from.
pub const PAGE: RGBColor = RGBColor(0xf4, 0xf5, 0xf7);

/// A series colour, in the order series take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hue {
    Navy,
    Teal,
    Rust,
    Ochre,
    Slate,
}

impl Hue {
    /// The series order: neighbours differ in hue and in lightness, so two lines stay
    /// apart for the common colour-vision deficiencies too.
    pub const ALL: [Hue; 5] = [Hue::Navy, Hue::Teal, Hue::Rust, Hue::Ochre, Hue::Slate];

    pub const fn rgb(self) -> RGBColor {
        match self {
            Hue::Navy => RGBColor(0x1f, 0x3a, 0x5f),
            Hue::Teal => RGBColor(0x17, 0x6e, 0x69),
            Hue::Rust => RGBColor(0xb3, 0x40, 0x1f),
            Hue::Ochre => RGBColor(0x87, 0x6a, 0x1c),
            Hue::Slate => RGBColor(0x5b, 0x64, 0x72),
        }
    }

    /// The colour of series (or bar) number `i`, cycling through [`Hue::ALL`].
    pub const fn nth(i: usize) -> Hue {
        Hue::ALL[i % Hue::ALL.len()]
    }
}

/// The series colours by index (`color: usize` in the chart inputs is an index here).
pub const PALETTE: [RGBColor; 5] = [
    Hue::Navy.rgb(),
    Hue::Teal.rgb(),
    Hue::Rust.rgb(),
    Hue::Ochre.rgb(),
    Hue::Slate.rgb(),
];

/// `#rrggbb`, as the style sheets write it.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// WCAG 2 relative luminance.
    fn luminance(c: RGBColor) -> f64 {
        let lin = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    /// WCAG 2 contrast ratio, 1–21.
    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_contrast_formula_matches_wcag_reference_values() {
        assert!((contrast(RGBColor(0, 0, 0), CANVAS) - 21.0).abs() < 1e-9);
        // #767676 on white is the usual example of just passing AA (4.54:1).
        assert!((contrast(RGBColor(0x76, 0x76, 0x76), CANVAS) - 4.54).abs() < 0.01);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_series_colour_and_the_text_pass_aa_on_the_chart_and_the_page() {
        let named = Hue::ALL
            .map(|h| (format!("{h:?}"), h.rgb()))
            .into_iter()
            .chain([("INK".to_owned(), INK), ("AXIS".to_owned(), AXIS)]);
        for (name, c) in named {
            for (bg_name, bg) in [("canvas", CANVAS), ("page", PAGE)] {
                let r = contrast(c, bg);
                assert!(r >= 4.5, "{name} on the {bg_name}: {r:.2}:1");
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_css_legend_swatches_are_the_palette() {
        let css = include_str!("../../../style/components.css");
        for (i, c) in PALETTE.iter().enumerate() {
            let rule = format!("--chart-{i}: {};", hex(*c));
            assert!(css.contains(&rule), "style/components.css lacks {rule}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn series_cycle_through_the_palette() {
        assert_eq!(Hue::nth(0), Hue::Navy);
        assert_eq!(Hue::nth(6), Hue::Teal);
        assert_eq!(PALETTE[3], Hue::Ochre.rgb());
    }
}
