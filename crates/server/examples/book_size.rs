//! Measures the whole-book endpoints for a compliance user (who sees every customer),
//! records (`GET /api/book`) and columns (`GET /api/book/columns`, what the app loads)
//! side by side: response size raw, gzip and brotli, and time to the last byte, for demo
//! banks of the given sizes on SQLite.
//!
//! ```text
//! cargo run -p clientbook-server --profile server --example book_size -- 5000 100000
//! ```

use clientbook_server::config::Config;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

#[tokio::main]
async fn main() {
    let sizes: Vec<u32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a customer count"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![5_000, 100_000]
    } else {
        sizes
    };
    println!("| customers | layout | encoding | bytes | time (median of {RUNS}) |");
    println!("|---:|---|---|---:|---:|");
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("cb-book-size-{n}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut config = Config::for_database(&format!("sqlite://{}/cb.sqlite", dir.display()));
        config.demo_customers = n;
        config.demo_as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 15);
        config.dist = dir.join("no-dist");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let started = Instant::now();
        let server = tokio::spawn(async move {
            clientbook_server::launch(config, listener).await.unwrap();
        });
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(600))
            .build()
            .unwrap();
        loop {
            if let Ok(r) = client.get(format!("{base}/api/health")).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        eprintln!(
            "{n} customers: demo bank created in {:.1?}",
            started.elapsed()
        );
        let r = client
            .post(format!("{base}/api/session"))
            .json(&serde_json::json!({"username": "compliance01", "password": "clientbook-demo"}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        for (layout, path, encoding) in
            ["/api/book", "/api/book/columns"]
                .into_iter()
                .flat_map(|p| {
                    ["identity", "gzip", "br"].map(|e| (p.rsplit('/').next().unwrap_or(p), p, e))
                })
        {
            let mut times = vec![];
            let mut bytes = 0;
            for _ in 0..RUNS {
                let t = Instant::now();
                let r = client
                    .get(format!("{base}{path}"))
                    .header("accept-encoding", encoding)
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                bytes = r.bytes().await.unwrap().len();
                times.push(t.elapsed());
            }
            times.sort();
            println!(
                "| {n} | {layout} | {encoding} | {bytes} ({:.1} MiB) | {:.1?} |",
                bytes as f64 / 1_048_576.0,
                times[RUNS / 2]
            );
        }
        server.abort();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
