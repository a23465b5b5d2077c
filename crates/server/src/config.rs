//! Configuration from flags and environment variables.

use chrono::NaiveDate;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "clientbook-server",
    version,
    about = "Clientbook's API and app server"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CLIENTBOOK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// `sqlite://path/to/file.sqlite` (created if missing) or `postgres://...`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/clientbook.sqlite"
    )]
    pub database_url: Secret,

    /// The built app (Trunk's output) served for every path outside /api.
    #[arg(long, env = "CLIENTBOOK_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Seed of the demo bank generated when the database is empty.
    #[arg(long, env = "CLIENTBOOK_DEMO_SEED", default_value_t = 42)]
    pub demo_seed: u64,

    /// Number of customers in the demo bank (0: its staff only, no customers).
    #[arg(long, env = "CLIENTBOOK_DEMO_CUSTOMERS", default_value_t = 5000)]
    pub demo_customers: u32,

    /// The date the demo bank is generated as of (default: today in the bank's zone).
    /// When given it also pins the bank's business date, so a demo stays coherent.
    #[arg(long, env = "CLIENTBOOK_DEMO_AS_OF")]
    pub demo_as_of: Option<NaiveDate>,

    /// The bank's time zone: "today" is the bank's business date.
    #[arg(
        long,
        env = "CLIENTBOOK_BANK_TIMEZONE",
        default_value = "Asia/Shanghai"
    )]
    pub bank_timezone: chrono_tz::Tz,

    /// Sessions end after this many minutes without a request.
    #[arg(long, env = "CLIENTBOOK_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,

    /// Mark the session cookie Secure even without `X-Forwarded-Proto: https`.
    #[arg(long, env = "CLIENTBOOK_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Sessions end this many hours after sign-in, however active (a working day).
    #[arg(long, env = "CLIENTBOOK_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: u32,

    /// The server runs behind a reverse proxy that appends the client's address to
    /// `X-Forwarded-For` (and sets `X-Forwarded-Host`): sign-in throttling and the
    /// origin check trust those headers. Without it they are ignored (a client can forge them).
    #[arg(long, env = "CLIENTBOOK_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// A client that has not sent its whole request head within this many seconds is
    /// disconnected.
    #[arg(
        long,
        env = "CLIENTBOOK_HEADER_READ_TIMEOUT_SECS",
        default_value_t = 10
    )]
    pub header_read_timeout_secs: u64,

    /// A request body that stalls this many seconds between two pieces answers 408.
    #[arg(long, env = "CLIENTBOOK_BODY_READ_TIMEOUT_SECS", default_value_t = 30)]
    pub body_read_timeout_secs: u64,

    /// Open connections served at once; beyond it a new connection is answered 503.
    #[arg(long, env = "CLIENTBOOK_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Requests handled at once; more wait in a queue (load shedding).
    #[arg(long, env = "CLIENTBOOK_MAX_IN_FLIGHT", default_value_t = 64)]
    pub max_in_flight: usize,

    /// Requests waiting for their turn at most; beyond it (or after 10 s of waiting) a
    /// request is answered 503 with `Retry-After`.
    #[arg(long, env = "CLIENTBOOK_MAX_QUEUED", default_value_t = 512)]
    pub max_queued: usize,
    /// Largest file accepted by `POST /api/imports`, in bytes (a larger declared upload
    /// is refused with 413 before it is read).
    #[arg(long, env = "CLIENTBOOK_IMPORT_MAX_BYTES", default_value_t = 256 * 1024 * 1024)]
    pub import_max_bytes: u64,

    /// Compute the big scopes' figures (the bank's, each big branch's) in the background
    /// after start and after an import commits, so the first sign-in finds them ready.
    #[arg(long, env = "CLIENTBOOK_WARM_FIGURES", default_value_t = true, action = clap::ArgAction::Set)]
    pub warm_figures: bool,

    /// A lease on computing a scope's figures lasts this long unless its holder renews
    /// it (it does while folding): after a crash, another instance takes over then.
    #[arg(long, env = "CLIENTBOOK_FIGURES_LEASE_SECS", default_value_t = 60)]
    pub figures_lease_secs: u64,

    /// A request for a scope with no figures yet waits this long for the instance
    /// computing them, then answers 503 with Retry-After.
    #[arg(long, env = "CLIENTBOOK_FIGURES_WAIT_SECS", default_value_t = 20)]
    pub figures_wait_secs: u64,

    /// Without a command: serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of serving.
#[derive(clap::Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Copy the SQLite database to a new file while the server runs (a consistent
    /// snapshot); refuses to overwrite a file. PostgreSQL: use `pg_dump -Fc`.
    Backup {
        /// The new file.
        path: PathBuf,
    },
    /// Restore a backup into the database given by --database-url, which must not exist
    /// yet; checks integrity and migrations and says what it restored.
    Restore {
        /// The backup file.
        path: PathBuf,
    },
    /// Check the database (integrity, migrations) and say what it holds; after a
    /// PostgreSQL `pg_restore`, say.
    Verify,
    /// Import a CSV or XLSX file (the nightly load from the core system): the report on
    /// stdout, a non-zero exit on any error; with --commit, commit a clean file.
    Import {
        /// `customers` or `holdings`.
        #[arg(long)]
        kind: String,
        /// The file.
        file: PathBuf,
        /// Commit the rows when the file has no error (else only report).
        #[arg(long)]
        commit: bool,
    },
}

impl Config {
    /// A configuration for tests and embedding: defaults, with the given database.
    pub fn for_database(url: &str) -> Self {
        let mut c = Config::parse_from(["clientbook-server"]);
        c.database_url = Secret(url.to_owned());
        c
    }
}

/// A value that must never reach a log or a terminal (a database URL may carry a password).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let c = Config::for_database("postgres://u:hunter2@db/x");
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(c.database_url.expose(), "postgres://u:hunter2@db/x");
    }

    #[test]
    fn the_defaults_are_those_of_the_brief() {
        let c = Config::parse_from(["clientbook-server"]);
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.bank_timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(c.session_idle_minutes, 30);
        assert_eq!(c.demo_customers, 5000);
        assert_eq!(c.command, None);
    }

    #[test]
    fn backup_and_restore_are_commands_taking_the_database_flag_after_them() {
        let c = Config::parse_from([
            "clientbook-server",
            "backup",
            "/tmp/b.sqlite",
            "--database-url",
            "sqlite:///tmp/live.sqlite",
        ]);
        assert_eq!(
            c.command,
            Some(Command::Backup {
                path: "/tmp/b.sqlite".into()
            })
        );
        assert_eq!(c.database_url.expose(), "sqlite:///tmp/live.sqlite");
        let c = Config::parse_from(["clientbook-server", "restore", "b.sqlite"]);
        assert_eq!(
            c.command,
            Some(Command::Restore {
                path: "b.sqlite".into()
            })
        );
    }

    #[test]
    fn the_security_limits_default_to_safe_values() {
        let c = Config::parse_from(["clientbook-server"]);
        assert_eq!(c.session_absolute_hours, 12);
        assert!(
            !c.behind_proxy,
            "X-Forwarded-For is not trusted unless asked"
        );
        assert_eq!(c.header_read_timeout_secs, 10);
        assert_eq!(c.body_read_timeout_secs, 30);
        assert_eq!(c.max_connections, 1024);
    }
}
