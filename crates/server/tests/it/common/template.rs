//! Template databases: each test server's database starts as a copy of one made earlier
//! in this process by the server's own start-up (`clientbook_server::prepare`: the
//! migrations, the demo bank, the complaint deadlines) with the same configuration,
//! instead of making it again for every test. A copy is what a fresh start would have
//! written (the demo bank is seeded and its date pinned), at a fraction of the cost: the
//! migrations, the generation and the staff's eleven argon2 hashes take a second on
//! SQLite and a few on PostgreSQL, per test, on both databases.
//!
//! SQLite: a file copied per test. PostgreSQL: `CREATE DATABASE … TEMPLATE`. A template
//! is keyed by the whole configuration (less the database and the app's files), so a
//! test that changes anything the start-up reads gets a template of its own or, when it
//! changes the database itself, none. Templates are named by this process's id; ones left
//! by processes that have ended are removed when the next process makes its first.

use clientbook_server::config::Config;
use sqlx::{AnyPool, Executor, Row};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Where the database of one test comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A SQLite file to copy.
    SqliteFile(PathBuf),
    /// A PostgreSQL database to name as the template.
    PostgresDatabase(String),
}

type Slot = Arc<OnceLock<Source>>;

static TEMPLATES: OnceLock<Mutex<HashMap<String, Slot>>> = OnceLock::new();

/// The configuration as the start-up reads it: everything but the database and the
/// app's files (which differ per test and do not reach the database).
fn key(config: &Config) -> u64 {
    let mut c = config.clone();
    c.dist = PathBuf::new();
    c.database_url = Config::for_database("sqlite://key").database_url;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{c:?}").hash(&mut h);
    h.finish()
}

fn sqlite_dir() -> PathBuf {
    std::env::temp_dir().join("clientbook-test-templates")
}

/// Whether the process `pid` still runs (anywhere without /proc: assumed so).
fn alive(pid: &str) -> bool {
    !cfg!(target_os = "linux")
        || pid == std::process::id().to_string()
        || Path::new("/proc").join(pid).exists()
}

/// The template for `config` on `admin` (PostgreSQL) or SQLite (`None`), made on first use
/// in this process; callers with the same key wait for the first.
pub fn source(config: &Config, admin: Option<&str>) -> Source {
    let name = format!(
        "{}_{}_{:016x}",
        if admin.is_some() { "pg" } else { "sqlite" },
        std::process::id(),
        key(config)
    );
    let slot = {
        let mut map = TEMPLATES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.entry(name.clone()).or_default().clone()
    };
    slot.get_or_init(|| {
        let config = config.clone();
        let admin = admin.map(str::to_owned);
        // Made on a thread with a runtime of its own: callers may be on any runtime.
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(make(name, config, admin))
        })
        .join()
        .expect("making a template database")
    })
    .clone()
}

/// Copy the SQLite template to `to` (with its WAL, should one be left).
pub fn copy_sqlite(template: &Path, to: &Path) {
    std::fs::copy(template, to).expect("copy the template database");
    let wal = PathBuf::from(format!("{}-wal", template.display()));
    if wal.exists() {
        std::fs::copy(&wal, format!("{}-wal", to.display())).expect("copy its WAL");
    }
}

async fn make(name: String, mut config: Config, admin: Option<String>) -> Source {
    match admin {
        None => {
            let dir = sqlite_dir();
            std::fs::create_dir_all(&dir).unwrap();
            remove_ended_sqlite(&dir);
            let file = dir.join(format!("cb_tmpl_{name}.sqlite"));
            let _ = std::fs::remove_file(&file);
            config.database_url =
                Config::for_database(&format!("sqlite://{}", file.display())).database_url;
            let state = clientbook_server::prepare(&config)
                .await
                .expect("the template's start-up");
            // The last connection closed checkpoints the WAL into the file: one file to copy.
            state.storage.close().await;
            Source::SqliteFile(file)
        }
        Some(admin) => {
            let db = format!("cb_tmpl_{name}");
            sqlx::any::install_default_drivers();
            let pool = AnyPool::connect(&admin)
                .await
                .expect("connect to PostgreSQL");
            remove_ended_postgres(&pool).await;
            pool.execute(format!("CREATE DATABASE {db}").as_str())
                .await
                .expect("create the template database");
            pool.close().await;
            let (prefix, _) = admin.rsplit_once('/').expect("URL with a database");
            config.database_url = Config::for_database(&format!("{prefix}/{db}")).database_url;
            let state = clientbook_server::prepare(&config)
                .await
                .expect("the template's start-up");
            // No session may stay on a template while it is copied.
            state.storage.close().await;
            Source::PostgresDatabase(db)
        }
    }
}

/// Templates of test processes that have ended (`cb_tmpl_sqlite_PID_KEY.sqlite`).
fn remove_ended_sqlite(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix("cb_tmpl_sqlite_")
            .and_then(|rest| rest.split('_').next())
        {
            if !alive(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Template databases of test processes that have ended (`cb_tmpl_pg_PID_KEY`).
async fn remove_ended_postgres(pool: &AnyPool) {
    let Ok(rows) = sqlx::query("SELECT datname FROM pg_database WHERE datname LIKE 'cb_tmpl_pg_%'")
        .fetch_all(pool)
        .await
    else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let pid = name
            .trim_start_matches("cb_tmpl_pg_")
            .split('_')
            .next()
            .unwrap_or_default()
            .to_owned();
        if !alive(&pid) {
            let _ = pool
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await;
        }
    }
}
