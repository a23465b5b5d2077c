//! The `clientbook-server` binary: parse the configuration, then serve (or back up,
//! restore or verify the database) through the library.

use clap::Parser;
use clientbook_server::backup;
use clientbook_server::config::{Command, Config};
use std::process::ExitCode;

/// Bounded memory (RELIABILITY.md, "Memory"): glibc raises its mmap threshold to the size
/// of each large block freed (up to 32 MiB), so after the first sign-in argon2id's 19 MiB
/// blocks, and a book's large vectors, came from the heaps of per-thread arenas and stayed
/// there: 16 sign-ins at once left 170 MB more resident each time (0 customers; 573 MB
/// after 32). A fixed threshold of 1 MiB keeps large blocks in their own mappings, given
/// back to the system when freed: 48 MB resident and an 87 MB peak after the same 32.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bound_malloc() {
    const MMAP_THRESHOLD: libc::c_int = 1024 * 1024;
    // SAFETY: mallopt only sets a parameter of the allocator; called before any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bound_malloc() {}

fn main() -> ExitCode {
    bound_malloc();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the async runtime starts")
        .block_on(run())
}

async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let config = Config::parse();
    let url = config.database_url.expose().to_owned();
    let done = match &config.command {
        None => return serve(config).await,
        Some(Command::Backup { path }) => backup::backup(&url, path)
            .await
            .map(|s| format!("backed up to {}: {s}", path.display())),
        Some(Command::Restore { path }) => backup::restore(&url, path)
            .await
            .map(|s| format!("restored {}: {s}", path.display())),
        Some(Command::Verify) => backup::verify(&url).await.map(|s| format!("verified: {s}")),
        Some(Command::Import { kind, file, commit }) => {
            return import(&config, &url, kind, file, *commit).await
        }
    };
    match done {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("clientbook-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    match clientbook_server::launch(config, listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clientbook-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `clientbook-server import`: the report on stdout; failure on any error.
async fn import(
    config: &Config,
    url: &str,
    kind: &str,
    file: &std::path::Path,
    commit: bool,
) -> ExitCode {
    let Some(kind) = clientbook_domain::import::ImportKind::parse(kind) else {
        eprintln!("clientbook-server: --kind must be customers, holdings, monthly_flows, contacts or surveys");
        return ExitCode::FAILURE;
    };
    let storage = match clientbook_server::storage::Storage::connect(url).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("clientbook-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let today = clientbook_server::Settings::from_config(config).today();
    let outcome = clientbook_server::import::cli::run(&storage, kind, file, commit, today).await;
    storage.close().await;
    match outcome {
        Ok(o) => {
            print!("{}", o.report);
            if o.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("clientbook-server: {e}");
            ExitCode::FAILURE
        }
    }
}
