//! Service work end to end: notes, the contact log, complaints, care, surveys, ownership
//! and users, over HTTP against SQLite and PostgreSQL. Each test gets a fresh 200-customer
//! demo bank as of Monday 2026-06-15 (rm01–rm04 and manager01 in branch 1, rm05–rm08 in
//! branch 2).
//!
//! One module per concern, as the routes are split.

mod helpers;

mod care;
mod complaints;
mod contact;
mod malformed;
mod notes;
mod openapi;
mod ownership;
mod roles;
mod surveys;
mod users;
