//! `clientbook-server backup PATH` and `clientbook-server restore PATH` for SQLite, and
//! `clientbook-server verify` for either database (after a `pg_restore`, say).
//!
//! A backup is SQLite's `VACUUM INTO`: it reads the database in one read transaction, so
//! the copy is a consistent snapshot taken while the server goes on serving (WAL lets the
//! writer carry on beside it); a file copy of a live database could tear a page or miss
//! the WAL. A restore goes only into an empty place, checks the copy's integrity and that
//! its migrations are this program's, and says what it restored. PostgreSQL has its own
//! tools for this (`pg_dump -Fc` / `pg_restore`, see the README).

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, ConnectOptions, Connection, Row};
use std::path::{Path, PathBuf};

/// What went wrong, phrased for the operator at the terminal (never sent over HTTP).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "{0} is a PostgreSQL database: back it up with `pg_dump -Fc` and restore it with \
         `pg_restore` (see the README), then run `clientbook-server verify`"
    )]
    Postgres(&'static str),
    #[error("not a sqlite:// or postgres:// database URL")]
    UnsupportedUrl,
    #[error("refusing to overwrite {0}: a backup goes to a new file")]
    TargetExists(PathBuf),
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error(
        "refusing to restore into {path}: it is not an empty database ({summary}); \
         restore into a new file (give another --database-url)"
    )]
    NotEmpty { path: PathBuf, summary: String },
    #[error("integrity check of {path} failed: {problems}")]
    Integrity { path: PathBuf, problems: String },
    #[error("migrations of {path} do not match this program: {problem}")]
    Migrations { path: PathBuf, problem: String },
    #[error("database error on {path}: {source}")]
    Database { path: PathBuf, source: sqlx::Error },
    #[error("cannot restrict the permissions of {path}: {source}")]
    Permissions {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What a database holds, printed after each command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub customers: i64,
    pub users: i64,
    pub audit_entries: i64,
    /// The newest migration applied.
    pub migration: i64,
    /// Triggers that keep the audit log append-only.
    pub audit_triggers: i64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} customers, {} users, {} audit entries; schema at migration {}; \
             {} append-only trigger(s) on the audit log",
            self.customers, self.users, self.audit_entries, self.migration, self.audit_triggers
        )
    }
}

/// Which database a URL names.
enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

fn target(url: &str) -> Result<Target, BackupError> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        Ok(Target::Sqlite(PathBuf::from(path)))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Target::Postgres(url.to_owned()))
    } else {
        Err(BackupError::UnsupportedUrl)
    }
}

fn db_error(path: &Path) -> impl FnOnce(sqlx::Error) -> BackupError + '_ {
    move |source| BackupError::Database {
        path: path.to_owned(),
        source,
    }
}

/// One connection to the SQLite file at `path`, which must exist (`mode`: `ro` or `rw`).
async fn open_sqlite(path: &Path, mode: &str) -> Result<AnyConnection, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.to_owned()));
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode={mode}", path.display());
    let mut conn = url
        .parse::<AnyConnectOptions>()
        .map_err(db_error(path))?
        .disable_statement_logging()
        .connect()
        .await
        .map_err(db_error(path))?;
    // The server may hold the write lock for a moment: wait for it rather than fail.
    sqlx::query("PRAGMA busy_timeout = 10000")
        .execute(&mut conn)
        .await
        .map_err(db_error(path))?;
    Ok(conn)
}

/// `PRAGMA integrity_check` answers a single `ok`, or the problems found.
async fn integrity_check(conn: &mut AnyConnection, path: &Path) -> Result<(), BackupError> {
    let rows = sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error(path))?;
    let lines: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()
        .map_err(db_error(path))?;
    if lines == ["ok"] {
        Ok(())
    } else {
        Err(BackupError::Integrity {
            path: path.to_owned(),
            problems: lines.join("; "),
        })
    }
}

/// The migrations applied to a database must be a prefix of this program's, each with
/// the same checksum: a copy from a newer program, or with an edited migration, would
/// be run by code that does not know its schema. A copy from an older program is fine
/// (the server applies the rest when it starts).
async fn check_migrations(
    conn: &mut AnyConnection,
    path: &Path,
    postgres: bool,
) -> Result<i64, BackupError> {
    let ours = if postgres {
        sqlx::migrate!("./migrations/postgres")
    } else {
        sqlx::migrate!("./migrations/sqlite")
    };
    let mismatch = |problem: String| BackupError::Migrations {
        path: path.to_owned(),
        problem,
    };
    let rows = sqlx::query(
        "SELECT version, checksum, CAST(CASE WHEN success THEN 1 ELSE 0 END AS BIGINT) AS success \
         FROM _sqlx_migrations ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| mismatch(format!("no migration record ({e})")))?;
    let mut newest = 0;
    for row in &rows {
        let version: i64 = row.try_get("version").map_err(db_error(path))?;
        let checksum: Vec<u8> = row.try_get("checksum").map_err(db_error(path))?;
        let success: i64 = row.try_get("success").map_err(db_error(path))?;
        let Some(known) = ours.iter().find(|m| m.version == version) else {
            return Err(mismatch(format!(
                "migration {version} is unknown here (a copy from a newer program?)"
            )));
        };
        if known.checksum.as_ref() != checksum.as_slice() {
            return Err(mismatch(format!(
                "migration {version} ({}) differs from this program's",
                known.description
            )));
        }
        if success != 1 {
            return Err(mismatch(format!("migration {version} did not complete")));
        }
        newest = version;
    }
    if rows.is_empty() {
        return Err(mismatch("no migration has been applied".to_owned()));
    }
    Ok(newest)
}

async fn count(conn: &mut AnyConnection, path: &Path, sql: &str) -> Result<i64, BackupError> {
    sqlx::query(sql)
        .fetch_one(&mut *conn)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .map_err(db_error(path))
}

async fn summary(
    conn: &mut AnyConnection,
    path: &Path,
    postgres: bool,
) -> Result<Summary, BackupError> {
    let migration = check_migrations(conn, path, postgres).await?;
    let triggers = if postgres {
        "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.triggers \
         WHERE event_object_table = 'audit_log'"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    };
    Ok(Summary {
        customers: count(conn, path, "SELECT CAST(COUNT(*) AS BIGINT) FROM customers").await?,
        users: count(conn, path, "SELECT CAST(COUNT(*) AS BIGINT) FROM users").await?,
        audit_entries: count(conn, path, "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log").await?,
        migration,
        audit_triggers: count(conn, path, triggers).await?,
    })
}

/// Copy the SQLite database of `url` to `dest` while it is in use, then check the copy.
pub async fn backup(url: &str, dest: &Path) -> Result<Summary, BackupError> {
    let source = match target(url)? {
        Target::Sqlite(p) => p,
        Target::Postgres(_) => return Err(BackupError::Postgres("the database")),
    };
    if dest.exists() {
        return Err(BackupError::TargetExists(dest.to_owned()));
    }
    let mut conn = open_sqlite(&source, "rw").await?;
    // The copy must not be of a half-migrated or damaged database either.
    check_migrations(&mut conn, &source, false).await?;
    // VACUUM INTO itself refuses a file that appeared meanwhile and is not empty.
    sqlx::query("VACUUM INTO $1")
        .bind(dest.display().to_string())
        .execute(&mut conn)
        .await
        .map_err(db_error(&source))?;
    conn.close().await.map_err(db_error(&source))?;
    restrict_permissions(dest)?;
    let mut copy = open_sqlite(dest, "rw").await?;
    // One self-contained file: no WAL beside it.
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut copy)
        .await
        .map_err(db_error(dest))?;
    integrity_check(&mut copy, dest).await?;
    let s = summary(&mut copy, dest, false).await?;
    copy.close().await.map_err(db_error(dest))?;
    Ok(s)
}

/// A backup holds every customer's personal data: readable by its owner only.
fn restrict_permissions(path: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| BackupError::Permissions {
                path: path.to_owned(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Restore the backup at `src` into the SQLite database of `url`, which must not exist
/// yet (or be an empty file); the server is not to run on it meanwhile.
pub async fn restore(url: &str, src: &Path) -> Result<Summary, BackupError> {
    let dest = match target(url)? {
        Target::Sqlite(p) => p,
        Target::Postgres(_) => return Err(BackupError::Postgres("the target")),
    };
    refuse_non_empty(&dest).await?;
    let mut backup = open_sqlite(src, "ro").await?;
    integrity_check(&mut backup, src).await?;
    check_migrations(&mut backup, src, false).await?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::Database {
            path: dir.to_owned(),
            source: sqlx::Error::Io(e),
        })?;
    }
    sqlx::query("VACUUM INTO $1")
        .bind(dest.display().to_string())
        .execute(&mut backup)
        .await
        .map_err(db_error(&dest))?;
    backup.close().await.map_err(db_error(src))?;
    restrict_permissions(&dest)?;
    // (The server puts the file in WAL mode when it starts on it.)
    let mut restored = open_sqlite(&dest, "rw").await?;
    integrity_check(&mut restored, &dest).await?;
    let s = summary(&mut restored, &dest, false).await?;
    restored.close().await.map_err(db_error(&dest))?;
    Ok(s)
}

/// A restore writes only where nothing is: no file, or an empty one (no WAL either).
async fn refuse_non_empty(dest: &Path) -> Result<(), BackupError> {
    let wal = PathBuf::from(format!("{}-wal", dest.display()));
    let len = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    if len == 0 && !wal.exists() {
        return Ok(());
    }
    let described = match open_sqlite(dest, "rw").await {
        Ok(mut conn) => {
            let tables = count(
                &mut conn,
                dest,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            )
            .await;
            let existing = summary(&mut conn, dest, false).await;
            let _ = conn.close().await;
            match (existing, tables) {
                (Ok(s), _) => format!(
                    "{} customers, {} users, {} audit entries",
                    s.customers, s.users, s.audit_entries
                ),
                (Err(_), Ok(tables)) => format!("{tables} tables"),
                (Err(_), Err(_)) => format!("{len} bytes that are not a readable database"),
            }
        }
        Err(_) => format!("{len} bytes that are not a readable database"),
    };
    Err(BackupError::NotEmpty {
        path: dest.to_owned(),
        summary: described,
    })
}

/// Check the database of `url` as a restore does (SQLite: integrity; both: migrations)
/// and say what it holds.
pub async fn verify(url: &str) -> Result<Summary, BackupError> {
    match target(url)? {
        Target::Sqlite(path) => {
            // Read-write only because a WAL database needs its shared-memory file.
            let mut conn = open_sqlite(&path, "rw").await?;
            integrity_check(&mut conn, &path).await?;
            let s = summary(&mut conn, &path, false).await?;
            conn.close().await.map_err(db_error(&path))?;
            Ok(s)
        }
        Target::Postgres(url) => {
            // Named in messages without its credentials.
            let shown = PathBuf::from("the PostgreSQL database");
            sqlx::any::install_default_drivers();
            let mut conn = url
                .parse::<AnyConnectOptions>()
                .map_err(db_error(&shown))?
                .disable_statement_logging()
                .connect()
                .await
                .map_err(db_error(&shown))?;
            let s = summary(&mut conn, &shown, true).await?;
            conn.close().await.map_err(db_error(&shown))?;
            Ok(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_url_names_its_file_and_a_postgres_url_is_sent_to_its_own_tools() {
        assert!(matches!(
            target("sqlite://data/x.sqlite?mode=rwc"),
            Ok(Target::Sqlite(p)) if p == Path::new("data/x.sqlite")
        ));
        assert!(matches!(
            target("sqlite:///tmp/a.sqlite"),
            Ok(Target::Sqlite(p)) if p == Path::new("/tmp/a.sqlite")
        ));
        assert!(matches!(
            target("postgres://u@h/db"),
            Ok(Target::Postgres(_))
        ));
        assert!(matches!(
            target("mysql://x"),
            Err(BackupError::UnsupportedUrl)
        ));
    }

    #[tokio::test]
    async fn a_backup_never_overwrites_and_a_restore_never_lands_on_data() {
        let dir = std::env::temp_dir().join(format!("cb-backup-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let taken = dir.join("taken.sqlite");
        std::fs::write(&taken, b"something").unwrap();
        let url = format!("sqlite://{}", dir.join("live.sqlite").display());
        assert!(matches!(
            backup(&url, &taken).await,
            Err(BackupError::TargetExists(_))
        ));
        let into_taken = format!("sqlite://{}", taken.display());
        let err = restore(&into_taken, &dir.join("none.sqlite"))
            .await
            .unwrap_err();
        assert!(matches!(err, BackupError::NotEmpty { .. }), "{err}");
        assert!(err.to_string().contains("not an empty database"));
        let err = restore(
            &format!("sqlite://{}", dir.join("new.sqlite").display()),
            &dir.join("none.sqlite"),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, BackupError::Missing(_)), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
