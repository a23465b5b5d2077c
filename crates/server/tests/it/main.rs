//! The server's integration tests, one binary: the real server on port 0 against a real
//! SQLite file and (when `CLIENTBOOK_TEST_POSTGRES_URL` is set) PostgreSQL. One binary
//! rather than one per file: the server and its dependencies are linked once, and the
//! test harness runs every module's tests side by side. Run one concern with a filter,
//! e.g. `cargo test -p clientbook-server --test it security::`.

#[macro_use]
mod common;

mod api;
mod backup;
mod big_scope;
mod big_scope_list;
mod book_history;
mod book_wire;
mod campaigns;
mod closed_file;
mod contract;
mod crash_disk;
mod demo;
mod export;
mod figures_refresh;
mod household;
mod import;
mod listing;
mod load;
mod meeting;
mod merge_customers;
mod merged_customer;
mod offline;
mod oneshot;
mod opportunities;
mod pwa;
mod read_only;
mod review;
mod scope_counts;
mod security;
mod service;
mod serving;
mod staff;
mod stale;
mod two_instances;
mod unique_values;
mod write_queue;
