//! Importing a bank's own data (docs/rules.md, Import), split by concern:
//! [`decode`] (what the file is: XLSX, or CSV in UTF-8 / GB18030, its delimiter),
//! [`parse`] (its rows, one at a time), the column sets and cell checks in the domain
//! crate (`clientbook_domain::import`), [`validate`] + [`resolve`] (checking every row
//! against the bank into a staged batch), [`stage`] (the batch in the database),
//! [`report`] (the report, masked, and its CSV), [`commit`] (one transaction),
//! [`templates`], [`routes`] (`/api/imports`) and [`cli`] (`clientbook-server import`).

pub mod cli;
pub mod commit;
pub mod decode;
pub mod existing;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod routes;
pub mod stage;
pub mod templates;
pub mod validate;

pub use routes::router;
