//! The panels of the dashboard screens, one per file, each showing part of a scored book
//! (`Arc<BookIndex>` from `crate::state::book`). Any screen may reuse them.

pub mod concentration;
pub mod customer_link;
pub mod details_to_confirm;
pub mod kpis;
pub mod overdue_steps;
pub mod retention;
pub mod satisfaction;
pub mod tiers;
pub mod today;

pub use concentration::{ConcentrationOf, ConcentrationPanel};
pub use customer_link::CustomerLink;
pub use details_to_confirm::DetailsToConfirm;
pub use kpis::BookKpis;
pub use overdue_steps::OverdueNextSteps;
pub use retention::RetentionList;
pub use satisfaction::{SatisfactionNow, SatisfactionTrend, SatisfactionTrendOf};
pub use tiers::{TierFigures, TierPanel};
pub use today::TodayWork;

use crate::i18n::{self, Locale};

/// A compact amount for chart axes: "1.2M" / "120万".
pub fn compact_yuan(yuan: f64, locale: Locale) -> String {
    match locale {
        Locale::En if yuan.abs() >= 1e9 => format!("{:.1}B", yuan / 1e9),
        Locale::En if yuan.abs() >= 1e6 => format!("{:.1}M", yuan / 1e6),
        Locale::En if yuan.abs() >= 1e3 => format!("{:.0}K", yuan / 1e3),
        Locale::ZhCn if yuan.abs() >= 1e8 => format!("{:.1}亿", yuan / 1e8),
        Locale::ZhCn if yuan.abs() >= 1e4 => format!("{:.0}万", yuan / 1e4),
        _ => format!("{yuan:.0}"),
    }
}

pub fn compact_en(yuan: f64) -> String {
    compact_yuan(yuan, Locale::En)
}

pub fn compact_zh(yuan: f64) -> String {
    compact_yuan(yuan, Locale::ZhCn)
}

/// A whole count for chart axes.
pub fn whole(v: f64) -> String {
    i18n::count(v.max(0.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn compact_amounts_read_in_each_language() {
        assert_eq!(compact_yuan(1_250_000.0, Locale::En), "1.2M");
        assert_eq!(compact_yuan(1_250_000.0, Locale::ZhCn), "125万");
        assert_eq!(compact_yuan(350.0, Locale::En), "350");
        assert_eq!(whole(12345.4), "12,345");
    }
}
