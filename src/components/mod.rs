//! Small reusable components, one per file, each with typed props.

pub mod app_header;
pub mod book_table;
pub mod error_view;
pub mod export_button;
pub mod labels;
pub mod language_switch;
pub mod loading;
pub mod money;
pub mod opportunity;
pub mod search_box;
pub mod sort_header;
pub mod text_field;
pub mod tier_badge;

pub use app_header::AppHeader;
pub use book_table::BookTable;
pub use error_view::{BoundaryErrors, ErrorView};
pub use export_button::{CustomerExportMenu, ExportMenu};
pub use language_switch::LanguageSwitch;
pub use loading::Loading;
pub use money::MoneyAmount;
pub use search_box::SearchBox;
pub use sort_header::SortHeader;
pub use text_field::{Autocomplete, Combobox, FieldError, InputKind, TextField};
pub use tier_badge::TierBadge;

pub mod book_gate;
pub mod charts;
pub mod filter_bar;
pub mod kano_panel;
pub mod panels;

pub use charts::Chart;
pub use filter_bar::FilterBar;
