//! Scoring a book in slices, giving the browser the main thread between them: the same
//! passes as `clientbook_domain::score_book` (the peer rates over the whole book, then
//! every customer scored in book order and folded into the summary), with a
//! [`yield_now`] every [`SLICE`] customers, so a big book's first scoring is a row of
//! short tasks rather than one long one (ARCHITECTURE.md, "The first seconds of home").
//! The result is `score_book`'s, to the byte (the test below checks it).

use crate::yield_now::yield_now;
use chrono::NaiveDate;
use clientbook_domain::book::{add_peer, SummaryFold};
use clientbook_domain::recommend::PeerRates;
use clientbook_domain::scorer::Scorer;
use clientbook_domain::{BookCustomer, BookScores, CustomerScores, Product, ScoringPolicy};

/// Customers scored in one task.
pub const SLICE: usize = 200;

/// `score_book(customers, policy, shelf, today)`, yielding between slices.
pub async fn score_book_in_slices(
    customers: &[BookCustomer],
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) -> BookScores {
    let mut peers = PeerRates::default();
    for c in customers {
        add_peer(&mut peers, c, policy);
    }
    let scorer = Scorer::new(policy, shelf, &peers, today);
    let mut fold = SummaryFold::new(policy, today).expecting(customers.len());
    let mut scores: Vec<CustomerScores> = Vec::with_capacity(customers.len());
    // The peer rates and the `Scorer` are a task of their own too: the first book's
    // first call of much of the scorer's code is a compile as well as a run.
    for slice in customers.chunks(SLICE) {
        yield_now().await;
        for c in slice {
            scores.push(scorer.score(c));
            if let Some(sc) = scores.last() {
                fold.add(c, sc);
            }
        }
    }
    BookScores {
        peers,
        customers: scores,
        summary: fold.finish(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::yield_now::finish_natively as finish;
    use clientbook_domain::score_book;
    use clientbook_domain::synth::{bench_today, generate_book};

    #[test]
    fn scoring_in_slices_gives_score_books_result() {
        let policy = ScoringPolicy::default();
        let today = bench_today();
        // Sizes around the slice: none, one short slice, exactly one, one and a bit, many.
        for n in [0, 1, SLICE, SLICE + 1, 3 * SLICE + 17] {
            let book = generate_book(n, 42, today);
            let whole = score_book(&book.customers, &policy, &book.shelf, today);
            let sliced = finish(score_book_in_slices(
                &book.customers,
                &policy,
                &book.shelf,
                today,
            ));
            assert_eq!(sliced, whole, "{n} customers");
        }
    }
}
