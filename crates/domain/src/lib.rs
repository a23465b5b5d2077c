//! Clientbook's domain model and scoring rules.
//!
//! Architecture invariant: this crate never does I/O and never depends on a platform
//! crate (no tokio, sqlx, web-sys). Every function is pure: "today" and the policy are
//! inputs, explanations are returned as data (codes and figures), and the UI renders them
//! to words in the chosen language. The same code runs in the browser (wasm32) and on the
//! server (native).
#![forbid(unsafe_code)]

pub mod activity;
pub mod allocation;
pub mod api;
pub mod book;
pub mod book_wire;
pub mod calendar;
pub mod campaign;
pub mod care;
pub mod churn;
pub mod clv;
pub mod columns;
pub mod concentration;
pub mod contact;
pub mod customer;
pub mod customer_merge;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod edge_dates;
pub mod error_code;
pub mod figures;
mod fold;
mod history;
pub mod household;
pub mod import;
pub mod kano;
pub mod lang;
pub mod lifecycle;
pub mod masking;
pub mod measures;
pub mod meeting;
pub mod money;
pub mod needs;
pub mod offline;
pub mod opportunity;
pub mod policy;
pub mod recommend;
pub mod release;
pub mod review;
pub mod rfm;
pub mod risk;
pub mod satisfaction;
pub mod scorer;
pub mod scores;
pub mod scoring_input;
pub mod service;
pub mod sets;
pub mod stale;
pub mod suitability;
pub mod survey_csv;
#[cfg(any(test, feature = "synth"))]
pub mod synth;
#[cfg(test)]
mod testkit;
pub mod tier;
pub mod users;
pub mod value_class;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub use book::{score_book, BookScores, BookSummary};
pub use customer::*;
pub use lang::Lang;
pub use money::Money;
pub use policy::ScoringPolicy;
pub use risk::{ProductRisk, RiskLevel};
pub use scores::{score_customer, score_customer_with_peers, CustomerScores};
pub use tier::Tier;
