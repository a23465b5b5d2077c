//! Clientbook's domain model and scoring rules.
//!
//! Architecture invariant: this crate never does I/O and never depends on a platform
//! crate (no tokio, sqlx, web-sys). Every function is pure: "today" and the policy are
//! inputs, explanations are returned as data (codes and figures), and the UI renders them
//! to words in the chosen language. The same code runs in the browser (wasm32) and on the
//! server (native).
#![forbid(unsafe_code)]

pub mod api;
pub mod customer;
pub mod masking;
pub mod money;
pub mod policy;
pub mod risk;
pub mod tier;

pub use customer::*;
pub use money::Money;
pub use policy::ScoringPolicy;
pub use risk::{ProductRisk, RiskLevel};
pub use tier::Tier;
