//! What one run measured: each request's kind, time and outcome, and the figures the
//! report gives (requests per second, p50/p95/p99, errors, 503s). Latencies are kept
//! whole (a run is bounded by a request count, four bytes each) and sorted for exact
//! percentiles.

use std::collections::BTreeMap;
use std::time::Duration;

/// What a request did, in a relationship manager's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    SignIn,
    WholeBook,
    /// The whole book asked again with its ETag, unchanged: a 304 (a reload's).
    BookUnchanged,
    ListFirstPage,
    ListNextPage,
    CustomerPage,
    Reveal,
    ContactWrite,
    ComplaintStep,
    SignOut,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::SignIn => "sign-in",
            Kind::WholeBook => "whole book",
            Kind::BookUnchanged => "whole book, unchanged (304)",
            Kind::ListFirstPage => "list, first page",
            Kind::ListNextPage => "list, next page",
            Kind::CustomerPage => "customer page",
            Kind::Reveal => "reveal",
            Kind::ContactWrite => "contact write",
            Kind::ComplaintStep => "complaint step",
            Kind::SignOut => "sign-out",
        }
    }
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// 503: shed by the server (counted apart; not an error).
    Busy,
    /// Any other status, or no answer.
    Error,
}

#[derive(Clone, Debug, Default)]
pub struct KindStats {
    /// Microseconds of each answered request (busy ones included: they were answered).
    pub micros: Vec<u32>,
    pub errors: u64,
    pub busy: u64,
}

/// The requests of one client, merged into the run's at the end.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub by_kind: BTreeMap<Kind, KindStats>,
    /// The first few errors, to say what went wrong.
    pub samples: Vec<String>,
}

impl Stats {
    pub fn record(&mut self, kind: Kind, took: Duration, outcome: Outcome) {
        let k = self.by_kind.entry(kind).or_default();
        k.micros
            .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        match outcome {
            Outcome::Ok => {}
            Outcome::Busy => k.busy += 1,
            Outcome::Error => k.errors += 1,
        }
    }

    pub fn note_error(&mut self, what: String) {
        if self.samples.len() < 10 {
            self.samples.push(what);
        }
    }

    pub fn merge(&mut self, other: Stats) {
        for (kind, s) in other.by_kind {
            let k = self.by_kind.entry(kind).or_default();
            k.micros.extend(s.micros);
            k.errors += s.errors;
            k.busy += s.busy;
        }
        for s in other.samples {
            self.note_error(s);
        }
    }

    pub fn errors(&self) -> u64 {
        self.by_kind.values().map(|k| k.errors).sum()
    }

    pub fn requests(&self) -> u64 {
        self.by_kind.values().map(|k| k.micros.len() as u64).sum()
    }
}

/// Requests, requests per second, p50, p95 and p99 (milliseconds), errors, 503s.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub busy: u64,
}

/// The `q`-quantile (0..=1) of sorted values, nearest rank.
pub fn quantile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn figures(micros: &[u32], errors: u64, busy: u64, elapsed: Duration) -> Figures {
    let mut sorted = micros.to_vec();
    sorted.sort_unstable();
    let ms = |q| f64::from(quantile(&sorted, q)) / 1000.0;
    Figures {
        requests: sorted.len() as u64,
        per_second: sorted.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        p50_ms: ms(0.50),
        p95_ms: ms(0.95),
        p99_ms: ms(0.99),
        errors,
        busy,
    }
}

pub const TABLE_HEADER: &str = "| run | requests | kind | req/s | p50 ms | p95 ms | p99 ms | errors | 503 | server peak RSS |\n\
                                |---|---|---|---:|---:|---:|---:|---:|---:|---:|";

/// One markdown row.
pub fn row(run: &str, kind: &str, f: &Figures, peak_rss: &str) -> String {
    format!(
        "| {run} | {} | {kind} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {} | {peak_rss} |",
        f.requests, f.per_second, f.p50_ms, f.p95_ms, f.p99_ms, f.errors, f.busy
    )
}

/// The rows of a run: every kind, then all requests together with the peak RSS.
pub fn rows(run: &str, stats: &Stats, elapsed: Duration, peak_rss_kib: Option<u64>) -> Vec<String> {
    let mut out = vec![];
    let mut all = vec![];
    let (mut errors, mut busy) = (0, 0);
    for (kind, k) in &stats.by_kind {
        out.push(row(
            run,
            kind.label(),
            &figures(&k.micros, k.errors, k.busy, elapsed),
            "",
        ));
        all.extend_from_slice(&k.micros);
        errors += k.errors;
        busy += k.busy;
    }
    let rss = peak_rss_kib.map_or("–".to_owned(), |k| format!("{} MiB", k / 1024));
    out.push(row(
        run,
        "**all**",
        &figures(&all, errors, busy, elapsed),
        &rss,
    ));
    out
}

/// The peak resident memory of process `pid` (Linux `VmHWM`), in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(quantile(&v, 0.50), 50);
        assert_eq!(quantile(&v, 0.95), 95);
        assert_eq!(quantile(&v, 0.99), 99);
        assert_eq!(quantile(&v, 1.0), 100);
        assert_eq!(quantile(&[7], 0.99), 7);
        assert_eq!(quantile(&[], 0.5), 0);
    }

    #[test]
    fn busy_answers_are_counted_apart_from_errors() {
        let mut s = Stats::default();
        s.record(Kind::Reveal, Duration::from_millis(2), Outcome::Ok);
        s.record(Kind::Reveal, Duration::from_millis(1), Outcome::Busy);
        s.record(Kind::SignIn, Duration::from_millis(9), Outcome::Error);
        let mut all = Stats::default();
        all.merge(s);
        assert_eq!(all.requests(), 3);
        assert_eq!(all.errors(), 1);
        assert_eq!(all.by_kind[&Kind::Reveal].busy, 1);
        let rows = rows("t", &all, Duration::from_secs(1), Some(2048));
        assert_eq!(rows.len(), 3);
        assert!(rows[2].contains("| 3 | **all** | 3 |"), "{}", rows[2]);
        assert!(rows[2].ends_with("| 1 | 1 | 2 MiB |"), "{}", rows[2]);
    }

    #[test]
    fn the_peak_rss_is_read_from_proc_status() {
        let status = "Name:\tx\nVmPeak:\t  100 kB\nVmHWM:\t   51234 kB\nVmRSS:\t 20 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(51234));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
        // This process has one.
        assert!(peak_rss_kib(std::process::id()).is_some_and(|k| k > 0));
    }
}
