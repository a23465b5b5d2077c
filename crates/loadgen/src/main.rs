//! `clientbook-loadgen`: many relationship managers at once against a running Clientbook
//! server on loopback, bounded by time and by a request count. Prints a markdown table:
//! per kind of request and for all, requests per second, p50/p95/p99, errors (any answer
//! but 2xx and 503, or none: must be 0) and 503s (load shed, counted apart), and the
//! server's peak resident memory (`VmHWM` of `--server-pid`). Exits 1 on any error.

mod scenario;
mod stats;

use clap::Parser;
use scenario::{Budget, Only, Session};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(about = "Load a running Clientbook server with many relationship managers at once")]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// Relationship managers to sign in as (comma-separated); clients take them in turn.
    #[arg(long, default_value = "rm01,rm02,rm03,rm04,rm05,rm06,rm07,rm08")]
    users: String,
    /// Their password (the demo bank's).
    #[arg(long, default_value = "clientbook-demo")]
    password: String,
    /// Clients at once.
    #[arg(long, default_value_t = 16)]
    clients: u32,
    /// Seconds at most.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Requests at most, over all clients.
    #[arg(long, default_value_t = 100_000)]
    max_requests: u64,
    /// Load the whole book in every n-th session of a client (0: never).
    #[arg(long, default_value_t = 1)]
    book_every: u32,
    /// Rounds (list, customers, reveal, contact; a complaint every 4th) per session.
    #[arg(long, default_value_t = 8)]
    rounds: u32,
    /// The server's process id, for its peak resident memory.
    #[arg(long)]
    server_pid: Option<u32>,
    /// The run's name in the table's first column.
    #[arg(long, default_value = "run")]
    label: String,
    /// The app's whole mix (default), or one request alone: `customer-page` (signed in
    /// once, then customer pages only), `list` (the list's first and next page only) or
    /// `book` (the whole book, then the same with its ETag: 304).
    #[arg(long, value_enum, default_value_t = Only::Mixed)]
    only: Only,
    /// Print the table's header first.
    #[arg(long)]
    header: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let users: Vec<String> = args
        .users
        .split(',')
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    if users.is_empty() {
        eprintln!("--users: at least one user");
        std::process::exit(2);
    }
    let budget = Arc::new(Budget {
        until: Instant::now() + Duration::from_secs(args.seconds),
        max_requests: args.max_requests,
        sent: AtomicU64::new(0),
    });
    // The bank's today is never before UTC's (its zone is east of Greenwich or on it).
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let mut tasks = vec![];
    for i in 0..args.clients {
        let session = Session {
            base: args.url.trim_end_matches('/').to_owned(),
            only: args.only,
            username: users[i as usize % users.len()].clone(),
            password: args.password.clone(),
            book_every: args.book_every,
            rounds: args.rounds.max(1),
            today,
            seed: 0x9e37_79b9_7f4a_7c15 ^ u64::from(i + 1),
        };
        tasks.push(tokio::spawn(scenario::run(session, budget.clone())));
    }
    let mut all = stats::Stats::default();
    for t in tasks {
        match t.await {
            Ok(s) => all.merge(s),
            Err(e) => {
                eprintln!("a client failed: {e}");
                std::process::exit(1);
            }
        }
    }
    let elapsed = started.elapsed();
    let rss = args.server_pid.and_then(stats::peak_rss_kib);
    if args.header {
        println!("{}", stats::TABLE_HEADER);
    }
    for row in stats::rows(&args.label, &all, elapsed, rss) {
        println!("{row}");
    }
    for sample in &all.samples {
        eprintln!("error: {sample}");
    }
    eprintln!(
        "{}: {} requests in {:.1} s, {} errors",
        args.label,
        all.requests(),
        elapsed.as_secs_f64(),
        all.errors()
    );
    if all.errors() > 0 {
        std::process::exit(1);
    }
}
