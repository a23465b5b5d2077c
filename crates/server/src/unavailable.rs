//! When the database cannot take a request — disk full, read-only, shutting down,
//! unreachable — the answer is 503 `storage_unavailable` with `Retry-After`, not a 500:
//! the transaction did not commit, nothing was saved, and the client may simply retry.
//! Found by the crash suite (`crates/server/examples/crash.rs`, PostgreSQL stopped under
//! writes) and the disk-full check (`crates/server/tests/crash_disk.rs`).

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
    fn a_lost_connection_or_pool_timeout_is_unavailable_but_a_missing_row_is_not() {
        assert!(storage_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(storage_unavailable(&sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset"
        ))));
        assert!(!storage_unavailable(&sqlx::Error::RowNotFound));
    }
}
