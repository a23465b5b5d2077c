//! Persistence: one [`Storage`] over an sqlx `AnyPool`, SQLite or PostgreSQL chosen by
//! the URL's scheme, each with its own embedded migrations.
//!
//! Portability rules followed by every query here: `$1` placeholders, only i64 / f64 /
//! String column values (money BIGINT fen, dates ISO TEXT, instants BIGINT Unix ms,
//! enums as their wire names), aggregates CAST to BIGINT (PostgreSQL's SUM is NUMERIC).

mod audit;
mod campaigns;
mod care;
mod complaints;
mod contact;
mod customers;
mod export;
mod figures;
mod filter;
mod history;
mod households;
mod instances;
mod list;
mod measures;
mod meetings;
mod merge;
mod notes;
mod opportunities;
mod ownership;
mod scope_counts;
mod scoped;
mod seed;
mod stale;
mod surveys;
mod users;

pub(crate) use audit::insert_audit as insert_audit_entry;
pub use audit::{AuditFilter, NewAuditEntry, StoredAuditEntry};
pub use campaigns::{CampaignView, FrozenMember, FrozenReason};
pub use complaints::{ComplaintSelection, ComplaintWithCustomer, NewComplaintRow, TransitionRow};
pub use contact::NewInteractionRow;
pub use customers::{CustomerDetailRow, Identifiers};
pub use figures::CachedFigures;
pub use households::{HouseholdRefusal, HouseholdRows};
pub use list::{Cursor, CustomerListFilter, CustomerListRow};
pub use meetings::{
    chain_hash, record_hash, MeetingRow, PinOutcome, SignedRow, Signing, GENESIS_HASH,
};
pub use merge::{audit_merge, MergeCustomerRow, MergeRefusal, MergedFrom};
pub use opportunities::{
    MeetingInterestRow, NewOpportunityRow, OpportunityMoveRow, OpportunitySelection,
};
pub use scope_counts::CountedScope;
pub(crate) use scoped::at;
pub use scoped::{CustomerRef, Versioned};
pub use stale::ConfirmationRows;
pub use surveys::NewSurveyRow;
pub use users::{NewSession, SessionUser, StoredUser};

use crate::error::AppError;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::ConnectOptions;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// The database, read through one pool and written through another.
///
/// On SQLite every write goes through [`Storage::writer`], a pool of ONE connection whose
/// waiters are served first come, first served (sqlx's fair pool): writers queue in the
/// process instead of sleeping in SQLite's busy handler (which backs off in growing steps
/// of up to 100 ms and serves no one in order: the tail of every audited read). Reads go
/// through [`Storage::pool`], whose connections are `PRAGMA query_only`: a write through
/// it by mistake fails with "attempt to write a readonly database", so every test that
/// reaches it fails instead of quietly bypassing the queue. On PostgreSQL, which has
/// row locks and no single writer, both are the same pool.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: AnyPool,
    writer: AnyPool,
    kind: DbKind,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageInitError {
    #[error("unsupported database URL scheme (use sqlite:// or postgres://)")]
    UnsupportedScheme,
    #[error("cannot create the database directory {0}: {1}")]
    CreateDir(String, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Storage {
    /// Connect, creating the SQLite file and its directory when missing, and migrate.
    #[tracing::instrument(skip_all)]
    pub async fn connect(url: &str) -> Result<Self, StorageInitError> {
        sqlx::any::install_default_drivers();
        let (kind, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            (DbKind::Sqlite, sqlite_url(rest)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (DbKind::Postgres, url.to_owned())
        } else {
            return Err(StorageInitError::UnsupportedScheme);
        };
        // The demo bank's bulk inserts are legitimately slow-ish and enormous to log.
        let connect_options = url
            .parse::<AnyConnectOptions>()
            .map_err(StorageInitError::Connect)?
            .log_statements(log::LevelFilter::Trace)
            .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(10));
        let (pool, writer) = match kind {
            DbKind::Sqlite if !write_queue() => {
                // As before the queue: one pool of 8 for reads and writes, measured against.
                let pool = sqlite_pool(8, false)
                    .connect_with(connect_options)
                    .await
                    .map_err(StorageInitError::Connect)?;
                migrate_sqlite(&pool).await?;
                (pool.clone(), pool)
            }
            DbKind::Sqlite => {
                // The writer first: it creates the file, puts it in WAL mode and migrates.
                let writer = sqlite_pool(1, false)
                    .connect_with(connect_options.clone())
                    .await
                    .map_err(StorageInitError::Connect)?;
                migrate_sqlite(&writer).await?;
                let pool = sqlite_pool(8, true)
                    .connect_with(connect_options)
                    .await
                    .map_err(StorageInitError::Connect)?;
                (pool, writer)
            }
            DbKind::Postgres => {
                let pool = pool_options()
                    .max_connections(16)
                    .connect_with(connect_options)
                    .await
                    .map_err(StorageInitError::Connect)?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                (pool.clone(), pool)
            }
        };
        Ok(Self { pool, writer, kind })
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// The pool to read through (on SQLite its connections refuse writes).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool to write through outside a transaction (an append, an upsert): on SQLite
    /// its one connection, taken in turn. A write of several statements takes
    /// [`Storage::begin_write`] instead.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// A transaction that will write. On SQLite it takes the write lock at its start
    /// (`BEGIN IMMEDIATE`), where the busy timeout applies: a deferred `BEGIN` that reads
    /// first and writes later cannot wait for a lock another writer holds (WAL refuses the
    /// upgrade at once with "database is locked"), so concurrent writes failed. Found by
    /// the crash suite (`examples/crash`) and the load suite (`crates/loadgen`); regression
    /// tests in `tests/it/crash_disk.rs` and `tests/it/load.rs`.
    /// On SQLite it holds the one writer connection (see [`Storage`]) until it commits or
    /// rolls back: writers wait for it in turn, in the process.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.kind {
            DbKind::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            DbKind::Postgres => self.writer.begin().await,
        }
    }

    #[tracing::instrument(skip(self))]
    pub async fn health(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes both pools. On SQLite the write-ahead log is checkpointed into the database
    /// file first, through the writer, so the file alone holds every write once the server
    /// has stopped: SQLite does that itself only when the last connection to close can
    /// write, and a connection that outlived the pools (a read, `query_only`, of a task
    /// still running at shutdown) left the log beside the file, its writes missing from a
    /// copy of the file alone (the end-to-end lanes' demo bank lost its pipeline history
    /// now and then: RELIABILITY.md, finding 15).
    pub async fn close(&self) {
        self.pool.close().await;
        if self.kind == DbKind::Sqlite && !self.writer.is_closed() {
            // Its row's first column says whether a reader kept it from finishing.
            match sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.writer)
                .await
            {
                Ok(row) if sqlx::Row::try_get::<i64, _>(&row, 0).unwrap_or(1) == 0 => {}
                Ok(_) => tracing::warn!("the write-ahead log was not all checkpointed at close"),
                Err(e) => {
                    tracing::warn!(error = %e, "the write-ahead log was not checkpointed at close");
                }
            }
        }
        self.writer.close().await;
    }
}

/// Whether SQLite writes queue for one writer connection (see [`Storage`]): yes, unless
/// `CLIENTBOOK_SQLITE_WRITE_QUEUE=off`, which brings back one pool of 8 connections for
/// reads and writes alike, racing for SQLite's lock: only to measure the queue against
/// it in the same binary (BENCHMARKS.md, "Customer page and list at scale").
fn write_queue() -> bool {
    std::env::var("CLIENTBOOK_SQLITE_WRITE_QUEUE").as_deref() != Ok("off")
}

/// The options every pool shares.
fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        // Waiters for a connection are served first come, first served (sqlx's pools are
        // fair by default): the writer's queue depends on it.
        .acquire_timeout(Duration::from_secs(30))
        // A connection still inside a transaction is not handed out again but closed:
        // when a disk-full COMMIT fails, SQLite has already rolled back, the driver's
        // ROLLBACK then fails and its count says "in a transaction" for good (found by
        // the disk-full test, `tests/it/crash_disk.rs`).
        // Nor one opened before the database last answered "read-only": it stays
        // read-only when the database is writable again (`unavailable::remember`).
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                Ok(!sqlx::Connection::is_in_transaction(conn)
                    && !crate::unavailable::opened_before_read_only(meta.age))
            })
        })
}

/// A SQLite pool of `connections`; `reads_only`: its connections refuse any write.
fn sqlite_pool(connections: u32, reads_only: bool) -> AnyPoolOptions {
    pool_options()
        .max_connections(connections)
        // No ping before each use: a SQLite connection lives in this process and cannot
        // drop like a socket, and the ping was a round trip to the connection's thread on
        // every acquire (8 of the customer page's 42 thread switches; BENCHMARKS.md, "The
        // customer page at a million, on a quiet machine"). `before_acquire` still runs.
        .test_before_acquire(false)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                // WAL lets readers run beside the one writer; busy_timeout makes a writer
                // wait for the lock instead of failing at once (another process's writer:
                // this one's wait in turn for the writer connection).
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                if reads_only {
                    conn.execute("PRAGMA query_only = ON").await?;
                }
                Ok(())
            })
        })
}

/// `sqlite://data/x.sqlite` → create `data/` and ask SQLite to create the file.
fn sqlite_url(rest: &str) -> Result<String, StorageInitError> {
    let path_and_query = rest.trim_start_matches("//");
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    if path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StorageInitError::CreateDir(dir.display().to_string(), e))?;
            }
        }
    }
    let query = match query {
        Some(q) if q.contains("mode=") => q.to_owned(),
        Some(q) => format!("{q}&mode=rwc"),
        None => "mode=rwc".to_owned(),
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// SQLite's migrations. sqlx takes an advisory lock on PostgreSQL but has none for
/// SQLite, so two instances started together on one file may both try a migration: each
/// runs in its own transaction, the loser's fails and is rolled back whole, and it runs
/// the migrator again, which skips what the winner applied.
async fn migrate_sqlite(pool: &AnyPool) -> Result<(), sqlx::migrate::MigrateError> {
    let migrator = sqlx::migrate!("./migrations/sqlite");
    let mut attempt = 0;
    loop {
        match migrator.run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 20 => {
                attempt += 1;
                tracing::info!(attempt, error = %e, "migration raced another instance; again");
                tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// An enum's wire name (its serde name), so the database and the JSON agree.
pub fn enum_code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("not a unit enum: {other:?}"),
    }
}

pub fn parse_enum<T: DeserializeOwned>(code: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .map_err(|_| AppError::internal(format!("unknown stored code {code:?}")))
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, AppError> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| AppError::internal(format!("bad stored date {s:?}")))
}

pub(crate) fn parse_opt_date(s: Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    s.as_deref().map(parse_date).transpose()
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Typed access by column name with a useful error.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, AppError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    use sqlx::Row;
    row.try_get(name).map_err(AppError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_sqlite_url_gets_create_mode() {
        let dir = std::env::temp_dir().join(format!("cb-url-{}", std::process::id()));
        let url = format!("//{}/x.sqlite", dir.display());
        assert_eq!(
            sqlite_url(&url).unwrap(),
            format!("sqlite://{}/x.sqlite?mode=rwc", dir.display())
        );
        assert!(dir.is_dir());
        let _ = std::fs::remove_dir_all(dir);
    }
}
