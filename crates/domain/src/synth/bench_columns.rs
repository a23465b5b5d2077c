//! The scoring benchmark over a book's columns ([`crate::scoring_input`]), timed as
//! [`super::bench_samples`] times the records: building the columns alone, scoring from
//! columns built beforehand (what a what-if rescoring pays: the columns survive a policy
//! change), and both together (a book's first scoring).

use super::{bench_checksum, bench_today, generate_book, time_samples, BenchSamples};
use crate::policy::ScoringPolicy;
use crate::scoring_input::{rescore_input, score_input, ScoringInput};

/// What [`bench_columns`] times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnsBench {
    /// `ScoringInput::new` over the records.
    Build,
    /// `score_input` over columns built once beforehand.
    Score,
    /// `rescore_input` into the previous result, over columns built once beforehand.
    Rescore,
    /// `ScoringInput::new`, then `score_input`.
    BuildAndScore,
}

impl ColumnsBench {
    pub const ALL: [ColumnsBench; 4] =
        [Self::Build, Self::Score, Self::Rescore, Self::BuildAndScore];

    /// The benchmark line's kind after `target` (`native`, `wasm`): `native-columns` …
    pub fn kind(self, target: &str) -> String {
        let what = match self {
            Self::Build => "build",
            Self::Score => "columns",
            Self::Rescore => "columns-rescore",
            Self::BuildAndScore => "build+columns",
        };
        format!("{target}-{what}")
    }
}

/// Generate a book of `n` customers once and time `what` as [`super::bench_samples`]
/// times `score_book`. The checksum is the scores' (the columns' length for `Build`),
/// the same as `bench_samples`' for the same book.
pub fn bench_columns(
    n: usize,
    seed: u64,
    samples: usize,
    min_sample_ms: f64,
    now_ms: &mut dyn FnMut() -> f64,
    what: ColumnsBench,
) -> BenchSamples {
    let today = bench_today();
    let book = generate_book(n, seed, today);
    let policy = ScoringPolicy::default();
    let input = ScoringInput::new(&book.customers);
    let mut previous = score_input(&input, &policy, &book.shelf, today);
    let checksum = match what {
        ColumnsBench::Build => input.len() as u64,
        _ => bench_checksum(&previous),
    };
    let mut run = || match what {
        ColumnsBench::Build => drop(std::hint::black_box(ScoringInput::new(&book.customers))),
        ColumnsBench::Score => drop(std::hint::black_box(score_input(
            &input,
            &policy,
            &book.shelf,
            today,
        ))),
        ColumnsBench::Rescore => {
            rescore_input(&mut previous, &input, &policy, &book.shelf, today);
            std::hint::black_box(&previous);
        }
        ColumnsBench::BuildAndScore => {
            let input = ScoringInput::new(&book.customers);
            drop(std::hint::black_box(score_input(
                &input,
                &policy,
                &book.shelf,
                today,
            )))
        }
    };
    time_samples(n, checksum, samples, min_sample_ms, now_ms, &mut run)
}
