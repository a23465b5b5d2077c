//! When the database cannot take a request — disk full, read-only, shutting down,
//! unreachable — the answer is 503 `storage_unavailable` with `Retry-After`, not a 500:
//! the transaction did not commit, nothing was saved, and the client may simply retry.
//! Found by the crash suite (`crates/server/examples/crash.rs`, PostgreSQL stopped under
//! writes) and the disk-full check (`crates/server/tests/it/crash_disk.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Seconds a client is asked to wait after a 503 `storage_unavailable`.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 5;

/// Whether a database error means "cannot store now" rather than a fault in our code:
/// the connection is gone or never came (pool timeout, I/O), SQLite's disk full (13),
/// read-only (8), I/O error (10), locked past the busy timeout (5, 6) or cannot open
/// (14); PostgreSQL's connection exceptions (class 08), shutdown or starting up (57P0x),
/// insufficient resources such as a full disk (class 53) or a read-only transaction
/// (25006). All of these leave the transaction uncommitted.
pub fn storage_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| unavailable_code(&c)),
        _ => false,
    }
}

/// [`storage_unavailable`] on a database's own error code: a SQLSTATE from PostgreSQL
/// (always five characters), else SQLite's (extended) result code, whose low byte is the
/// primary code (extended codes stay under 10,000).
fn unavailable_code(code: &str) -> bool {
    if code.len() == 5 {
        return code.starts_with("08")
            || code.starts_with("57P")
            || code.starts_with("53")
            || code == "25006"
            // deadlock_detected: this transaction was the victim and rolled back whole
            // (SQLite's busy, 5, is the same case); a retry goes through.
            || code == "40P01";
    }
    code.parse::<i64>()
        .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
}

/// When a connection last found the database read-only (SQLite's `SQLITE_READONLY`, a
/// file system mounted read-only; PostgreSQL's `read_only_sql_transaction`, a standby or
/// `default_transaction_read_only`), in milliseconds since [`clock`]'s start; 0 = never.
/// A connection keeps the mode it was opened in (SQLite opens a file on a read-only file
/// system read-only, a PostgreSQL session keeps its setting), so connections opened
/// before that moment are closed rather than handed out again (`Storage::connect`'s
/// `before_acquire`): once the database is writable again, the next connections are too,
/// without a restart.
static READ_ONLY_SEEN_MS: AtomicU64 = AtomicU64::new(0);

fn clock() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Notes a database error that says "read-only" (see [`READ_ONLY_SEEN_MS`]).
pub fn remember(e: &sqlx::Error) {
    let read_only = match e {
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            c == "25006" || (c.len() != 5 && c.parse::<i64>().is_ok_and(|n| n & 0xff == 8))
        }),
        _ => false,
    };
    if read_only {
        let now = clock().as_millis().max(1) as u64;
        READ_ONLY_SEEN_MS.fetch_max(now, Ordering::SeqCst);
    }
}

/// Whether a connection of this age was opened before the database last said it was
/// read-only (and should be opened afresh).
pub fn opened_before_read_only(age: Duration) -> bool {
    let seen = READ_ONLY_SEEN_MS.load(Ordering::SeqCst);
    seen != 0 && clock().saturating_sub(age) <= Duration::from_millis(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_for_full_read_only_locked_and_io_mean_unavailable() {
        for code in [
            "13", "8", "10", "5", "6", "14", "778", "1032", "3338", "261",
        ] {
            assert!(unavailable_code(code), "{code}");
        }
        for code in ["19", "2067", "1555", "787", "1", "11", "2"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }

    #[test]
    fn postgres_connection_shutdown_and_resource_states_mean_unavailable() {
        for code in [
            "08006", "08003", "57P01", "57P02", "57P03", "53100", "53300", "25006",
        ] {
            assert!(unavailable_code(code), "{code}");
        }
        for code in ["23505", "23503", "22001", "42P01", "57014", "40001"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }

    #[test]
    fn connections_opened_before_a_read_only_answer_are_renewed() {
        let old = Duration::from_secs(3600);
        assert!(!opened_before_read_only(Duration::ZERO));
        // No read-only error yet in this process (the tests of this module are the only
        // ones that call remember): nothing is renewed.
        if READ_ONLY_SEEN_MS.load(Ordering::SeqCst) == 0 {
            assert!(!opened_before_read_only(old));
        }
        // Not a read-only error: nothing noted.
        let before = READ_ONLY_SEEN_MS.load(Ordering::SeqCst);
        remember(&sqlx::Error::RowNotFound);
        assert_eq!(READ_ONLY_SEEN_MS.load(Ordering::SeqCst), before);
        clock();
        std::thread::sleep(Duration::from_millis(5));
        let mark = clock();
        READ_ONLY_SEEN_MS.fetch_max(mark.as_millis().max(1) as u64, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            opened_before_read_only(old),
            "a connection older than the error"
        );
        assert!(
            !opened_before_read_only(Duration::from_millis(1)),
            "a connection opened after it"
        );
    }

    #[test]
    fn a_lost_connection_or_pool_timeout_is_unavailable_but_a_missing_row_is_not() {
        assert!(storage_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(storage_unavailable(&sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset"
        ))));
        assert!(!storage_unavailable(&sqlx::Error::RowNotFound));
    }
}
