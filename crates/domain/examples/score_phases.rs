//! Where scoring's time goes (issue 16's profile): a generated book scored phase by
//! phase and score by score, with the heap allocations each makes, at 10k and 100k
//! customers. A profiling aid, not a benchmark of record (that is `examples/bench.rs`):
//! `cargo run --release -p clientbook-domain --example score_phases --features synth`

use clientbook_domain::book::{add_peer, rescore_book, summarize};
use clientbook_domain::recommend::PeerRates;
use clientbook_domain::scoring_input::{rescore_input, score_input, ScoringInput};
use clientbook_domain::synth::{bench_today, generate_book};
use clientbook_domain::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting allocations.
struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
// SAFETY: forwards to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;

/// Nanoseconds this thread has run on a CPU (Linux's schedstat): on a shared machine
/// the wall clock counts the time other processes had the core too.
fn on_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn phase<T>(name: &str, n: usize, f: impl FnOnce() -> T) -> T {
    let a = ALLOCS.load(Relaxed);
    let cpu = on_cpu_ns();
    let t = Instant::now();
    let out = std::hint::black_box(f());
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let cpu_ms = match (cpu, on_cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e6,
        _ => f64::NAN,
    };
    let allocs = ALLOCS.load(Relaxed) - a;
    println!(
        "  {name:<28} wall {ms:>8.2} ms  on-CPU {cpu_ms:>8.2} ms {:>7.0} ns/customer {:>5.2} allocs/customer",
        cpu_ms * 1e6 / n as f64,
        allocs as f64 / n as f64
    );
    out
}

fn main() {
    let today = bench_today();
    let p = ScoringPolicy::default();
    // `score_phases N REPS`: generate a book of N and score it REPS times, nothing else
    // (for `perf stat`: subtract the run with REPS = 0 to leave scoring alone; with
    // REPS = 0 the reuse variant scores nothing either).
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    // `score_phases N REPS reuse`: each scoring into the previous result
    // (`book::rescore_book`), as a recompute can.
    let reuse = std::env::args().any(|a| a == "reuse");
    // `score_phases sizes`: the bytes of the score types and how long their lists are
    // on a generated book (what an inline list's capacity has to hold).
    if std::env::args().any(|a| a == "sizes") {
        sizes(today, &p);
        return;
    }
    // `score_phases N REPS columns [reuse]`: build the book's columns once
    // (`ScoringInput`) and score from them; `score_phases N REPS build`: build the
    // columns REPS times; `score_phases N REPS build+columns`: both, REPS times.
    let mode = |m: &str| std::env::args().any(|a| a == m);
    if let [n, reps] = args[..] {
        let b = generate_book(n, 42, today);
        let mut previous = score_book(&b.customers[..0], &p, &b.shelf, today);
        let input = mode("columns").then(|| ScoringInput::new(&b.customers));
        for _ in 0..reps {
            if let Some(input) = &input {
                if reuse {
                    rescore_input(&mut previous, input, &p, &b.shelf, today);
                    std::hint::black_box(&previous);
                } else {
                    std::hint::black_box(score_input(input, &p, &b.shelf, today));
                }
            } else if mode("build") {
                std::hint::black_box(ScoringInput::new(&b.customers));
            } else if mode("build+columns") {
                let input = ScoringInput::new(&b.customers);
                std::hint::black_box(score_input(&input, &p, &b.shelf, today));
            } else if reuse {
                rescore_book(&mut previous, &b.customers, &p, &b.shelf, today);
                std::hint::black_box(&previous);
            } else {
                std::hint::black_box(score_book(&b.customers, &p, &b.shelf, today));
            }
        }
        return;
    }
    for n in [10_000, 100_000] {
        let b = generate_book(n, 42, today);
        let (cs, shelf) = (&b.customers, &b.shelf);
        println!("n={n} shelf={}", shelf.len());
        for _ in 0..2 {
            let mut peers = PeerRates::default();
            phase("peers", n, || {
                for c in cs {
                    add_peer(&mut peers, c, &p);
                }
            });
            let scores: Vec<CustomerScores> = phase("score (collect)", n, || {
                cs.iter()
                    .map(|c| score_customer_with_peers(c, &p, shelf, &peers, today))
                    .collect()
            });
            phase("summarize", n, || summarize(cs, &scores, &p, today));
            phase("drop scores", n, || drop(scores));
            phase("score_book", n, || score_book(cs, &p, shelf, today));
            macro_rules! each {
                ($($m:ident),*) => {$(
                    phase(concat!("  ", stringify!($m)), n, || {
                        cs.iter().map(|c| $m::score(c, &p, today)).collect::<Vec<_>>()
                    });
                )*};
            }
            each!(
                activity,
                allocation,
                care,
                churn,
                clv,
                contact,
                lifecycle,
                needs,
                rfm,
                suitability,
                value_class
            );
            phase("  recommend", n, || {
                cs.iter()
                    .map(|c| recommend::recommend(c, &p, shelf, &peers, today))
                    .collect::<Vec<_>>()
            });
        }
    }
}

fn sizes(today: chrono::NaiveDate, p: &ScoringPolicy) {
    use std::mem::size_of;
    println!(
        "bytes: CustomerScores {} ChurnRisk {} AllocationDrift {} Care {} Recommendation {} \
         ChurnFactor {} allocation::Move {} BookCustomer {}",
        size_of::<CustomerScores>(),
        size_of::<churn::ChurnRisk>(),
        size_of::<allocation::AllocationDrift>(),
        size_of::<care::Care>(),
        size_of::<recommend::Recommendation>(),
        size_of::<churn::ChurnFactor>(),
        size_of::<allocation::Move>(),
        size_of::<BookCustomer>(),
    );
    let b = generate_book(100_000, 42, today);
    let scored = score_book(&b.customers, p, &b.shelf, today);
    let mut lens = [[0u32; 10]; 5];
    for s in &scored.customers {
        for (row, n) in [
            s.recommendations.len(),
            s.churn.factors.len(),
            s.allocation.moves.len(),
            s.care.holidays.len(),
            s.care.maturities.len(),
        ]
        .into_iter()
        .enumerate()
        {
            lens[row][n.min(9)] += 1;
        }
    }
    for (name, row) in [
        "recommendations",
        "churn factors",
        "allocation moves",
        "care holidays",
        "care maturities",
    ]
    .iter()
    .zip(lens)
    {
        println!("{name:<18} customers with 0..=9 (9: 9 or more): {row:?}");
    }
}
