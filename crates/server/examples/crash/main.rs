//! The crash suite: the REAL `clientbook-server` binary on a fresh database, several
//! clients writing at once (contacts, notes, next-contact dates, complaints and their
//! steps, survey imports, reassignments, new users), each write carrying a unique marker
//! and every acknowledged one recorded; the server is killed with SIGKILL at random
//! moments and restarted. After each kill the database itself is checked
//! (`check.rs`): every acknowledged write is there exactly once, every change has
//! exactly one audit entry and every audit entry its change, versions match the audited
//! changes, and SQLite's `integrity_check` and `foreign_key_check` are clean. With
//! `--pg-dir`, PostgreSQL itself is once stopped with `pg_ctl stop -m immediate` while the
//! writers run: every write in flight must get a clear 503 `storage_unavailable`, never a
//! false acknowledgement, and writing resumes when the database is back.
//!
//! An example rather than a test: it needs the built server binary, kills processes and
//! runs for minutes, so it must not run inside every `cargo test`; `scripts/reliability.sh`
//! runs it (short and full) and records its figures in RELIABILITY.md.
//!
//!     cargo run -p clientbook-server --example crash -- \
//!         --server-bin target/debug/clientbook-server --kills 50 [--database-url postgres://…/postgres --pg-dir DIR --pg-port PORT]

mod check;
mod writers;

use clap::Parser;
use rand::Rng;
use sqlx::{AnyPool, Executor};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use writers::{Tally, Team};

#[derive(Parser, Debug)]
struct Args {
    /// The server binary to run (built by `cargo build -p clientbook-server`).
    #[arg(long)]
    server_bin: PathBuf,
    /// How many times to SIGKILL the server.
    #[arg(long, default_value_t = 50)]
    kills: usize,
    /// A scratch directory (the SQLite file, the server's log).
    #[arg(long, default_value = "/tmp/clientbook-crash")]
    work: PathBuf,
    /// PostgreSQL admin URL (a fresh database is created on it); SQLite when absent.
    #[arg(long)]
    database_url: Option<String>,
    /// The PostgreSQL data directory (from `scripts/pg.sh start`): stop the database
    /// itself once, with `pg_ctl stop -m immediate`, while the writers run.
    #[arg(long)]
    pg_dir: Option<PathBuf>,
    /// The port that PostgreSQL listens on, to start it again.
    #[arg(long)]
    pg_port: Option<u16>,
    /// Append a one-line result (tab-separated) to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Customers in the demo bank.
    #[arg(long, default_value_t = 300)]
    customers: u32,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Server {
    bin: PathBuf,
    url: String,
    port: u16,
    log: PathBuf,
    dist: PathBuf,
    customers: u32,
    child: Option<Child>,
}

impl Server {
    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("the server log");
        let child = Command::new(&self.bin)
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .args(["--database-url", &self.url])
            .arg("--dist")
            .arg(&self.dist)
            .args(["--demo-customers", &self.customers.to_string()])
            .args(["--demo-as-of", "2026-06-15"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::from(log.try_clone().expect("log")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the server");
        self.child = Some(child);
        let health = format!("{}/api/health", self.base());
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(&health).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            if let Some(Some(status)) = self.child.as_mut().map(|c| c.try_wait().ok().flatten()) {
                panic!("the server exited ({status}); see {}", self.log.display());
            }
            assert!(
                started.elapsed() < Duration::from_secs(180),
                "the server did not answer in 180 s; see {}",
                self.log.display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL (std's `Child::kill` on Unix), then reap.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The database the server gets: a fresh SQLite file, or a fresh PostgreSQL database.
async fn fresh_database(args: &Args) -> String {
    match &args.database_url {
        None => {
            let file = args.work.join("crash.sqlite");
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", file.display()));
            }
            format!("sqlite://{}", file.display())
        }
        Some(admin) => {
            sqlx::any::install_default_drivers();
            let name = format!("cb_crash_{}", std::process::id());
            let pool = AnyPool::connect(admin).await.expect("PostgreSQL admin");
            pool.execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
                .await
                .expect("drop");
            pool.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create");
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
            format!("{base}/{name}")
        }
    }
}

fn pg_ctl() -> PathBuf {
    std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL binaries")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin/pg_ctl")))
        .find(|p| p.exists())
        .expect("pg_ctl")
}

/// `pg_ctl stop -m immediate`: the database dies as in a crash (no checkpoint).
fn stop_postgres_immediately(dir: &std::path::Path) {
    let mut cmd = if unsafe_is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(pg_ctl());
        c
    } else {
        Command::new(pg_ctl())
    };
    let status = cmd
        .arg("-D")
        .arg(dir)
        .args(["-m", "immediate", "-w", "stop"])
        .stdout(Stdio::null())
        .status()
        .expect("pg_ctl stop");
    assert!(status.success(), "pg_ctl stop -m immediate failed");
}

fn start_postgres(dir: &std::path::Path, port: u16) {
    // The repository the suite runs from (scripts/reliability.sh runs at its root), not
    // the one the binary was compiled in: a shared build cache may hold a binary built
    // from another clone, whose path need not exist here.
    let here = std::path::Path::new("scripts/pg.sh");
    let script = if here.exists() {
        here.to_path_buf()
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg.sh")
    };
    let status = Command::new(&script)
        .arg("start")
        .arg(dir)
        .arg(port.to_string())
        .stdout(Stdio::null())
        .status()
        .expect("scripts/pg.sh start");
    assert!(status.success(), "PostgreSQL did not start again");
}

fn unsafe_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    sqlx::any::install_default_drivers();
    std::fs::create_dir_all(&args.work).expect("work dir");
    let dist = args.work.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><title>crash</title>",
    )
    .expect("index");
    let kind = if args.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let url = fresh_database(&args).await;
    let log = args
        .work
        .join(format!("server-{}.log", kind.to_lowercase()));
    let _ = std::fs::remove_file(&log);
    let mut server = Server {
        bin: args.server_bin.clone(),
        url: url.clone(),
        port: free_port(),
        log: log.clone(),
        dist,
        customers: args.customers,
        child: None,
    };
    let started = Instant::now();
    server.start().await;
    let db = AnyPool::connect(&url)
        .await
        .expect("the checker's connection");
    let team = Arc::new(Team::sign_in(&server.base(), &db).await);
    let baseline = check::Baseline::take(&db, &team, args.database_url.is_none()).await;
    let mut tally = Tally::default();
    let mut report = check::Report::default();
    let db_stop_at = args.pg_dir.as_ref().map(|_| args.kills / 2);
    let mut rng = rand::rng();
    for kill in 0..args.kills {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = team.clone().spawn(stop.clone());
        tokio::time::sleep(Duration::from_millis(rng.random_range(150..1500))).await;
        if db_stop_at == Some(kill) {
            let (dir, port) = (
                args.pg_dir.clone().expect("dir"),
                args.pg_port.expect("--pg-port"),
            );
            report.db_stops += 1;
            team.outage.store(true, Ordering::SeqCst);
            stop_postgres_immediately(&dir);
            tokio::time::sleep(Duration::from_secs(3)).await;
            team.outage.store(false, Ordering::SeqCst);
            let before = team.acks_now();
            start_postgres(&dir, port);
            // The same server process goes on writing once the database is back.
            let resumed = Instant::now();
            while team.acks_now() == before && resumed.elapsed() < Duration::from_secs(30) {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            report.resumed_after_db_restart = team.acks_now() > before;
        }
        server.kill();
        stop.store(true, Ordering::SeqCst);
        for t in tasks {
            tally.merge(t.await.expect("a writer task"));
        }
        report.kills += 1;
        check::after_kill(&db, &baseline, &team, &mut report).await;
        server.start().await;
    }
    server.kill();
    check::after_kill(&db, &baseline, &team, &mut report).await;
    report.checker_catches = check::self_test(&db, &baseline, &team).await;
    let panics = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .matches("panicked")
        .count();
    report.finish(
        kind,
        &tally,
        panics,
        started.elapsed(),
        args.report.as_deref(),
    );
    db.close().await;
    if let Some(admin) = &args.database_url {
        if let Ok(pool) = AnyPool::connect(admin).await {
            let name = url.rsplit('/').next().unwrap_or_default();
            let _ = pool
                .execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
                .await;
        }
    }
    if !report.ok(&tally, panics) {
        std::process::exit(1);
    }
}
