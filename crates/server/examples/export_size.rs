//! Measures the customer export for a compliance user (who sees every customer) on a
//! SQLite demo bank: rows, bytes, time to the last byte, and how far the process's
//! resident memory rose above what it was just before the request (sampled every 5 ms),
//! for CSV (streamed) and XLSX (built whole).
//!
//! ```text
//! cargo run -p clientbook-server --profile server --example export_size -- 100000
//! ```

use clientbook_server::config::Config;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The process's resident set in KiB (Linux).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a customer count"))
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("cb-export-size-{n}-{}", std::process::id()));
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
        .timeout(Duration::from_secs(900))
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

    println!("| customers | format | rows | bytes | time | RSS before | peak RSS rise |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for format in ["csv", "xlsx", "csv"] {
        // Let the allocator settle after the previous run.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before = rss_kib();
        let peak = Arc::new(AtomicU64::new(before));
        let done = Arc::new(AtomicBool::new(false));
        let sampler = std::thread::spawn({
            let (peak, done) = (peak.clone(), done.clone());
            move || {
                while !done.load(Ordering::SeqCst) {
                    peak.fetch_max(rss_kib(), Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        });
        let t = Instant::now();
        let mut r = client
            .get(format!(
                "{base}/api/exports/customers?format={format}&sort=aum_desc"
            ))
            .header("accept-encoding", "identity")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let mut bytes = 0usize;
        let mut newlines = 0usize;
        while let Some(chunk) = r.chunk().await.unwrap() {
            bytes += chunk.len();
            newlines += chunk.iter().filter(|b| **b == b'\n').count();
        }
        let took = t.elapsed();
        done.store(true, Ordering::SeqCst);
        sampler.join().unwrap();
        let rise = peak.load(Ordering::SeqCst).saturating_sub(before);
        let rows = if format == "csv" {
            (newlines - 1).to_string()
        } else {
            "-".to_owned()
        };
        println!(
            "| {n} | {format} | {rows} | {bytes} | {took:.2?} | {:.1} MiB | {:.1} MiB |",
            before as f64 / 1024.0,
            rise as f64 / 1024.0
        );
    }
    server.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
