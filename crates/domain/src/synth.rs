//! A deterministic synthetic book for tests and benchmarks: a seeded SplitMix64 PRNG
//! (pure, no platform randomness), customers spread over the tiers with twelve months of
//! history, surveys, complaints and maturities, and a product shelf. The same seed gives
//! the same book on every platform.

use crate::book::score_book;
use crate::customer::*;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::risk::{ProductRisk, RiskLevel};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// SplitMix64 (Steele, Lea, Flood 2014).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    /// True with probability `permille`/1000.
    pub fn chance(&mut self, permille: u64) -> bool {
        self.below(1000) < permille
    }
}

/// A generated book and its shelf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthBook {
    pub customers: Vec<BookCustomer>,
    pub shelf: Vec<Product>,
}

const FAMILY_RISKS: [(ProductFamily, &[ProductRisk]); 8] = {
    use ProductFamily::*;
    use ProductRisk::*;
    [
        (DemandDeposit, &[R1]),
        (TimeDeposit, &[R1, R1, R1]),
        (WealthManagement, &[R1, R2, R2, R3, R3]),
        (Fund, &[R2, R3, R3, R4, R4, R5]),
        (Bond, &[R1, R2, R2]),
        (Insurance, &[R1, R2]),
        (Loan, &[R1, R1]),
        (CreditCard, &[R1, R1]),
    ]
};

/// The shelf: a few products per family across the risk levels (ids 1..).
pub fn shelf() -> Vec<Product> {
    let mut out = Vec::new();
    let mut id = 1;
    for (family, risks) in FAMILY_RISKS {
        for (i, risk) in risks.iter().enumerate() {
            let y = 100 + 60 * risk.rank() as u32 + 15 * i as u32;
            out.push(Product {
                id: ProductId(id),
                code: format!("{:?}-{}", family, i + 1),
                name_en: format!("{family:?} {}", i + 1),
                name_zh: format!("产品{id}"),
                family,
                risk: *risk,
                min_amount: Money::from_yuan(if family.is_investment() { 10_000 } else { 1 }),
                term_months: matches!(
                    family,
                    ProductFamily::TimeDeposit
                        | ProductFamily::WealthManagement
                        | ProductFamily::Bond
                )
                .then_some(12),
                yield_bp: Some(y),
            });
            id += 1;
        }
    }
    out
}

const SURNAMES: [&str; 10] = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];

fn customer(rng: &mut SplitMix64, i: usize, shelf: &[Product], today: NaiveDate) -> BookCustomer {
    let day = |rng: &mut SplitMix64, lo: i64, hi: i64| {
        let back = rng.range(lo, hi);
        if back >= 0 {
            today - Days::new(back as u64)
        } else {
            today + Days::new((-back) as u64)
        }
    };
    // Tier mix: 60% standard, 25% gold, 8% platinum, 5% diamond, 2% private banking.
    let roll = rng.below(100);
    let aum_yuan = match roll {
        0..=59 => rng.range(0, 49_999),
        60..=84 => rng.range(50_000, 499_999),
        85..=92 => rng.range(500_000, 999_999),
        93..=97 => rng.range(1_000_000, 5_999_999),
        _ => rng.range(6_000_000, 30_000_000),
    };
    let mut holdings = Vec::new();
    let mut left = aum_yuan;
    let pick = |rng: &mut SplitMix64, family: ProductFamily| {
        let of: Vec<&Product> = shelf.iter().filter(|p| p.family == family).collect();
        of[rng.below(of.len() as u64) as usize]
    };
    for (family, permille) in [
        (ProductFamily::TimeDeposit, 400),
        (ProductFamily::WealthManagement, 300),
        (ProductFamily::Fund, 200),
        (ProductFamily::Bond, 100),
        (ProductFamily::Insurance, 150),
    ] {
        if left > 1_000 && rng.chance(permille) {
            let amount = rng.range(left / 10, left / 2);
            left -= amount;
            let p = pick(rng, family);
            holdings.push(Holding {
                product_id: p.id,
                family,
                risk: p.risk,
                balance: Money::from_yuan(amount),
                opened_on: day(rng, 30, 2000),
                matures_on: (family != ProductFamily::Insurance && family != ProductFamily::Fund)
                    .then(|| day(rng, -365, -1)),
            });
        }
    }
    let demand = pick(rng, ProductFamily::DemandDeposit);
    holdings.insert(
        0,
        Holding {
            product_id: demand.id,
            family: ProductFamily::DemandDeposit,
            risk: demand.risk,
            balance: Money::from_yuan(left),
            opened_on: day(rng, 365, 7000),
            matures_on: None,
        },
    );
    for (family, permille) in [(ProductFamily::Loan, 100), (ProductFamily::CreditCard, 400)] {
        if rng.chance(permille) {
            let p = pick(rng, family);
            holdings.push(Holding {
                product_id: p.id,
                family,
                risk: p.risk,
                balance: Money::from_yuan(rng.range(0, 200_000)),
                opened_on: day(rng, 30, 3000),
                matures_on: None,
            });
        }
    }
    // Twelve months of history ending in today's month.
    let first_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(11)))
        .unwrap_or(today);
    let base_tx = rng.range(0, 12) as u32;
    let falling = rng.chance(100);
    let mut h = MonthlyHistory {
        first_month,
        ..Default::default()
    };
    let mut aum = aum_yuan as f64 * (0.7 + rng.below(600) as f64 / 1000.0);
    for m in 0..12 {
        let tx = if falling && m >= 9 {
            base_tx / 4
        } else {
            base_tx + rng.below(4) as u32
        };
        h.transactions.push(tx);
        h.logins.push(rng.below(8) as u32);
        let inflow = rng.range(0, (aum_yuan / 20).max(1));
        let outflow = if falling && m >= 9 {
            inflow + aum_yuan / 10
        } else {
            rng.range(0, (aum_yuan / 20).max(1))
        };
        h.inflow.push(Money::from_yuan(inflow));
        h.outflow.push(Money::from_yuan(outflow));
        aum += (aum_yuan as f64 - aum) / (12 - m) as f64;
        h.aum_end.push(Money::from_yuan_f64(aum));
        h.margin
            .push(Money::from_yuan(aum_yuan / 2_400 + i64::from(tx) * 2));
    }
    let risk_level = rng
        .chance(850)
        .then(|| RiskLevel::ALL[rng.below(5) as usize]);
    let surveys = (0..if rng.chance(300) { rng.range(1, 2) } else { 0 })
        .map(|_| Survey {
            answered_on: day(rng, 0, 360),
            recommend: rng.below(11) as u8,
            overall: rng.range(1, 5) as u8,
            ratings: (0..3)
                .map(|_| AttributeRating {
                    attribute: ServiceAttribute::ALL[rng.below(7) as usize],
                    satisfaction: rng.range(1, 5) as u8,
                    importance: rng.range(1, 5) as u8,
                })
                .collect(),
        })
        .collect();
    let complaints = (0..if rng.chance(50) { rng.range(1, 3) } else { 0 })
        .map(|_| ComplaintSummary {
            received_on: day(rng, 0, 60),
            severity: [
                ComplaintSeverity::General,
                ComplaintSeverity::Major,
                ComplaintSeverity::Urgent,
            ][rng.below(3) as usize],
            status: ComplaintStatus::Received,
        })
        .collect();
    let stated_needs = if rng.chance(200) {
        vec![
            [
                Need::Investment,
                Need::ConsumerCredit,
                Need::AssetPreservation,
            ][rng.below(3) as usize],
        ]
    } else {
        Vec::new()
    };
    BookCustomer {
        id: CustomerId(i as i64 + 1),
        rm_id: UserId(1),
        branch_id: BranchId(1),
        name: format!("{}**", SURNAMES[rng.below(10) as usize]),
        phone: "138****0000".into(),
        id_number: "110105********0000".into(),
        gender: if rng.chance(500) {
            Gender::Female
        } else {
            Gender::Male
        },
        birth_date: day(rng, 20 * 365, 85 * 365),
        risk_level,
        risk_assessed_on: risk_level.map(|_| day(rng, 0, 540)),
        lowest_risk_subcategory: risk_level == Some(RiskLevel::C1) && rng.chance(300),
        kyc_reviewed_on: day(rng, 0, 700),
        since: day(rng, 30, 20 * 365),
        household_id: None,
        preferred_channel: Channel::Phone,
        stated_needs,
        holdings,
        history: h,
        last_contact_on: rng.chance(900).then(|| day(rng, 0, 200)),
        next_contact_on: None,
        surveys,
        complaints,
        version: 1,
    }
}

/// A book of `n` customers generated from `seed`, as of `today`.
pub fn generate_book(n: usize, seed: u64, today: NaiveDate) -> SynthBook {
    let shelf = shelf();
    let mut rng = SplitMix64::new(seed);
    let customers = (0..n)
        .map(|i| customer(&mut rng, i, &shelf, today))
        .collect();
    SynthBook { customers, shelf }
}

/// One benchmark measurement.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    pub customers: usize,
    /// Wall-clock time of `score_book` alone (generation excluded).
    pub millis: f64,
    pub customers_per_sec: f64,
    /// Sum of churn scores and recommendation counts: equal on every platform.
    pub checksum: u64,
}

/// The business date benchmarks score on.
pub fn bench_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// Generate a book of `n` customers and time scoring it with `now_ms` (a wall clock in
/// milliseconds the caller provides: `Instant` natively, `performance.now()` in the
/// browser). The crate stays pure: it never reads a clock itself.
pub fn bench_book(n: usize, seed: u64, now_ms: &mut dyn FnMut() -> f64) -> BenchResult {
    let today = bench_today();
    let book = generate_book(n, seed, today);
    let policy = ScoringPolicy::default();
    let start = now_ms();
    let scored = score_book(&book.customers, &policy, &book.shelf, today);
    let millis = (now_ms() - start).max(1e-6);
    let checksum = bench_checksum(&scored);
    BenchResult {
        customers: n,
        millis,
        customers_per_sec: n as f64 / (millis / 1000.0),
        checksum,
    }
}

/// A benchmark of one book size measured the way both targets can compare (issue 16): the
/// book is generated once, then scored `reps` times back to back per sample, `reps` chosen
/// so a sample lasts at least `min_sample_ms` (a browser's `performance.now()` is
/// coarsened to 0.1 ms or more, and a 1k book scores in about a millisecond), and the
/// time per scoring of each sample is kept. Each scoring's result is dropped before the
/// next, as a recompute drops the scores it replaces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchSamples {
    pub customers: usize,
    /// Scorings per sample.
    pub reps: u32,
    /// Milliseconds per scoring, one per sample, in the order measured.
    pub millis: Vec<f64>,
    /// [`BenchResult::checksum`] of the book's scores.
    pub checksum: u64,
}

impl BenchSamples {
    /// The median time per scoring, in milliseconds.
    pub fn median(&self) -> f64 {
        let mut m = self.millis.clone();
        m.sort_by(f64::total_cmp);
        match m.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => m[n / 2],
            n => (m[n / 2 - 1] + m[n / 2]) / 2.0,
        }
    }

    pub fn min(&self) -> f64 {
        self.millis.iter().copied().fold(f64::INFINITY, f64::min)
    }

    pub fn max(&self) -> f64 {
        self.millis
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The benchmark's line, the same on both targets (`scripts/bench.sh` reads it):
    /// `KIND n=… customers_per_sec=… millis=MEDIAN min=… max=… reps=… samples=… checksum=…`.
    pub fn line(&self, kind: &str) -> String {
        let median = self.median();
        format!(
            "{kind} n={} customers_per_sec={:.0} millis={:.3} min={:.3} max={:.3} reps={} samples={} checksum={}",
            self.customers,
            self.customers as f64 / (median / 1000.0),
            median,
            self.min(),
            self.max(),
            self.reps,
            self.millis.len(),
            self.checksum
        )
    }
}

fn bench_checksum(scored: &crate::book::BookScores) -> u64 {
    scored
        .customers
        .iter()
        .map(|c| u64::from(c.churn.score) + c.recommendations.len() as u64)
        .sum::<u64>()
        + u64::from(scored.summary.customers)
}

mod bench_columns;
pub use bench_columns::{bench_columns, ColumnsBench};

/// At most this many scorings per sample (a clock that never moves would not stop it).
const MAX_REPS: u32 = 1 << 16;

/// Generate a book of `n` customers once and time `samples` samples of scoring it, each
/// at least `min_sample_ms` long (see [`BenchSamples`]); the calibration's last sample,
/// as long as the others, is the warm-up.
pub fn bench_samples(
    n: usize,
    seed: u64,
    samples: usize,
    min_sample_ms: f64,
    now_ms: &mut dyn FnMut() -> f64,
) -> BenchSamples {
    let today = bench_today();
    let book = generate_book(n, seed, today);
    let policy = ScoringPolicy::default();
    let score = || score_book(&book.customers, &policy, &book.shelf, today);
    let checksum = bench_checksum(&score());
    let mut run = || drop(std::hint::black_box(score()));
    time_samples(n, checksum, samples, min_sample_ms, now_ms, &mut run)
}

/// Time `samples` samples of `run` (one scoring of a book of `n`), each at least
/// `min_sample_ms` long, after calibrating how many runs that takes.
fn time_samples(
    n: usize,
    checksum: u64,
    samples: usize,
    min_sample_ms: f64,
    now_ms: &mut dyn FnMut() -> f64,
    run: &mut dyn FnMut(),
) -> BenchSamples {
    // Calibrate: double the repetitions until one sample lasts long enough.
    let mut reps: u32 = 1;
    loop {
        let start = now_ms();
        for _ in 0..reps {
            run();
        }
        let took = now_ms() - start;
        if took >= min_sample_ms || reps >= MAX_REPS {
            break;
        }
        // Aim 10% over the mark, at most 64 times as many at once (a coarse clock can
        // read 0 for a short run).
        let grow = (min_sample_ms * 1.1 / took.max(1e-9)).clamp(2.0, 64.0);
        reps = ((f64::from(reps) * grow).ceil() as u32).min(MAX_REPS);
    }
    let millis = (0..samples)
        .map(|_| {
            let start = now_ms();
            for _ in 0..reps {
                run();
            }
            (now_ms() - start).max(1e-6) / f64::from(reps)
        })
        .collect();
    BenchSamples {
        customers: n,
        reps,
        millis,
        checksum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_same_seed_gives_the_same_book() {
        let t = bench_today();
        assert_eq!(generate_book(50, 7, t), generate_book(50, 7, t));
        assert_ne!(
            generate_book(50, 7, t).customers,
            generate_book(50, 8, t).customers
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn splitmix_matches_the_reference_sequence() {
        // Reference values for seed 1234567 (from the published C implementation).
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_generated_book_has_every_tier_and_scores() {
        let t = bench_today();
        let b = generate_book(500, 1, t);
        let mut tiers = [0; 5];
        for c in &b.customers {
            tiers[crate::tier::tier(c, &ScoringPolicy::default().tiers) as usize] += 1;
        }
        assert!(tiers.iter().all(|n| *n > 0), "{tiers:?}");
        let mut ms = 0.0;
        let r = bench_book(100, 1, &mut || {
            ms += 1.0;
            ms
        });
        assert_eq!(r.customers, 100);
        assert_eq!(r.millis, 1.0);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn bench_samples_repeat_the_scoring_until_a_sample_is_long_enough() {
        let mut ms = 0.0;
        let mut reads = 0u32;
        // The first run of one scoring takes 1 ms, every later sample 10 ms.
        let r = bench_samples(20, 1, 3, 5.0, &mut || {
            reads += 1;
            ms += if reads > 2 { 10.0 } else { 1.0 };
            ms
        });
        assert_eq!(r.reps, 6, "1 scoring took 1 ms and 5.5 ms are aimed at");
        assert_eq!(r.millis, vec![10.0 / 6.0; 3]);
        assert_eq!(r.median(), 10.0 / 6.0);
        assert!(r.line("native").starts_with("native n=20 "));
        assert!(r.line("native").contains(" reps=6 samples=3 "));
    }
}

/// The properties of the proptest suites, checked over generated books on BOTH targets:
/// proptest itself cannot run in wasm32 (its random source needs a JS backend), so these
/// sweeps are what shows that wasm and native keep the same rules.
#[cfg(test)]
mod properties_on_both_targets {
    use super::*;
    use crate::recommend::RecommendationReason;
    use crate::ProductRisk;

    fn scored(seed: u64) -> (SynthBook, crate::book::BookScores) {
        let book = generate_book(400, seed, bench_today());
        let scores = score_book(
            &book.customers,
            &ScoringPolicy::default(),
            &book.shelf,
            bench_today(),
        );
        (book, scores)
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_generated_customer_is_ever_offered_an_unsuitable_product() {
        let mut offered_above_r1 = 0;
        for seed in 1..=4 {
            let (book, scores) = scored(seed);
            for (c, s) in book.customers.iter().zip(&scores.customers) {
                assert!(s.recommendations.len() <= 5);
                let max = match (c.risk_level, s.suitability.questionnaire.is_valid()) {
                    (Some(level), true) => level.max_product_risk(),
                    _ => ProductRisk::R1,
                };
                let protected = c.age_on(bench_today()) >= 65 || c.lowest_risk_subcategory;
                for r in &s.recommendations {
                    assert!(r.risk <= max, "customer {} offered {:?}", c.id, r.risk);
                    offered_above_r1 += usize::from(r.risk > ProductRisk::R1);
                    assert_eq!(
                        r.advisor_confirmation_required,
                        protected && r.risk > ProductRisk::R1
                    );
                    if c.holdings.iter().any(|h| h.product_id == r.product_id) {
                        assert!(matches!(
                            r.reason,
                            RecommendationReason::ReinvestMaturing { .. }
                        ));
                    }
                }
            }
        }
        assert!(
            offered_above_r1 > 0,
            "the sweep exercises more than R1 offers"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn scores_stay_in_range_and_book_totals_equal_the_sum_of_customers() {
        let (book, scores) = scored(7);
        assert_eq!(scores.summary.customers as usize, book.customers.len());
        let sum: Money = scores.customers.iter().map(|s| s.aum).sum();
        assert_eq!(scores.summary.aum, sum);
        for s in &scores.customers {
            // A CLV has its margin's sign (a loss-making relationship is shown as such).
            assert!(
                s.clv.value == Money::ZERO
                    || s.clv.value.is_negative() == s.clv.annual_margin.is_negative(),
                "CLV of {} has the wrong sign",
                s.id
            );
            assert!(s.churn.score <= 100);
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn scoring_the_same_book_twice_gives_the_same_result() {
        assert_eq!(scored(11).1, scored(11).1);
    }
}
