//! The `clientbook-server` binary: parse the configuration, then serve (or back up,
//! restore or verify the database) through the library.

use clap::Parser;
use clientbook_server::backup;
use clientbook_server::config::{Command, Config};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
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
