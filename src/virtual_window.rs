//! Arithmetic of the virtualised list: which rows of a long list are in the DOM for a
//! given scroll position. Rows have a fixed height.

use std::ops::Range;

/// The rows to render: those intersecting the viewport, plus `overscan` rows on each
/// side, clamped to the list.
pub fn visible_rows(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> Range<usize> {
    if total == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let top = scroll_top.max(0.0);
    let height = viewport_height.max(0.0);
    let first = (top / row_height).floor() as usize;
    let last = ((top + height) / row_height).ceil() as usize;
    let start = first.saturating_sub(overscan).min(total);
    let end = last.saturating_add(overscan).min(total).max(start);
    start..end
}

/// The height of the whole list in pixels.
pub fn list_height(total: usize, row_height: f64) -> f64 {
    total as f64 * row_height
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_top_of_the_list_renders_the_viewport_and_the_overscan_below() {
        assert_eq!(visible_rows(0.0, 480.0, 48.0, 100_000, 5), 0..15);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn scrolling_moves_the_window_with_overscan_on_both_sides() {
        // Row 1000 starts at 48,000 px.
        assert_eq!(visible_rows(48_000.0, 480.0, 48.0, 100_000, 5), 995..1015);
        // Half a row in: the partly visible rows are included.
        assert_eq!(visible_rows(48_024.0, 480.0, 48.0, 100_000, 0), 1000..1011);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_window_never_leaves_the_list() {
        assert_eq!(visible_rows(1e9, 480.0, 48.0, 100, 5), 100..100);
        assert_eq!(visible_rows(-50.0, 480.0, 48.0, 3, 5), 0..3);
        assert_eq!(visible_rows(0.0, 480.0, 48.0, 0, 5), 0..0);
        assert_eq!(visible_rows(0.0, 480.0, 0.0, 10, 5), 0..0);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_dom_holds_a_few_dozen_rows_of_a_hundred_thousand() {
        let r = visible_rows(2_400_000.0, 900.0, 48.0, 100_000, 8);
        assert!(r.len() <= 40, "{r:?}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_list_is_as_tall_as_all_its_rows() {
        assert_eq!(list_height(100_000, 48.0), 4_800_000.0);
    }
}
