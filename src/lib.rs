//! Clientbook's browser app (Leptos CSR). `main.rs` only mounts [`app::App`].
//!
//! Layout: `boot` takes over from index.html's first screen; `api` makes every HTTP call; `state` holds app-wide contexts; `pages` are the
//! routes; `components` are small reusable views; `i18n` is the typed message table;
//! `book_index` and `virtual_window` are plain logic, tested without a browser.

pub mod api;
pub mod app;
pub mod book_index;
pub mod boot;
pub mod components;
pub mod i18n;
pub mod offline;
pub mod pages;
pub mod pwa;
pub mod score_in_slices;
pub mod state;
pub mod virtual_window;
pub mod yield_now;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
