//! The branch view's customer search for a reassignment: what the manager types is
//! matched against the branch book as every list matches it (the masked name, the tail
//! of the masked phone or ID number), against the customer number (its leading digits,
//! so the list narrows while typing) and against the name of the customer's RM.

use crate::book_index::{BookIndex, Query, SortOrder};
use clientbook_domain::UserId;

/// Most customers offered at once: enough to pick from, few enough to read on a tablet.
pub const MATCHES_SHOWN: usize = 8;

/// The positions of the customers matching `typed`, at most `limit`: an exact customer
/// number first, then the rest largest AUM first. Nothing for an empty search.
pub fn reassign_matches(
    index: &BookIndex,
    rm_name: impl Fn(UserId) -> Option<String>,
    typed: &str,
    limit: usize,
) -> Vec<u32> {
    let query = Query::parse(typed);
    if query.is_empty() {
        return Vec::new();
    }
    let needle = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = needle.to_lowercase();
    let digits = !needle.is_empty() && needle.chars().all(|c| c.is_ascii_digit());
    let exact = needle.parse::<i64>().ok();
    let rm_matches = |id: UserId| rm_name(id).is_some_and(|n| n.to_lowercase().contains(&lower));
    let mut found: Vec<u32> = index
        .sorted(SortOrder::default())
        .into_iter()
        .filter(|at| {
            let c = index.customer(*at);
            query.matches(c)
                || (digits && c.id.0.to_string().starts_with(&needle))
                || (!digits && rm_matches(c.rm_id))
        })
        .collect();
    if let Some(pos) =
        exact.and_then(|id| found.iter().position(|at| index.customer(*at).id.0 == id))
    {
        let at = found.remove(pos);
        found.insert(0, at);
    }
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book_index::tests::{customer, index};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn ids(ix: &BookIndex, at: &[u32]) -> Vec<i64> {
        at.iter().map(|a| ix.customer(*a).id.0).collect()
    }

    fn book() -> BookIndex {
        let mut cs = vec![
            customer(12, "张**", "138****5678", 10_000),
            customer(120, "李**", "139****1234", 7_000_000),
            customer(7, "王**", "137****0012", 600_000),
        ];
        cs[1].rm_id = UserId(2);
        index(cs)
    }

    fn name(id: UserId) -> Option<String> {
        (id == UserId(2)).then(|| "Wang Fang".to_owned())
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_customer_number_matches_by_its_leading_digits_and_an_exact_one_comes_first() {
        let ix = book();
        // "12": customer 12 exactly, 120 by its leading digits, 7 by its phone tail.
        assert_eq!(
            ids(&ix, &reassign_matches(&ix, name, "12", 8)),
            vec![12, 120, 7]
        );
        assert_eq!(ids(&ix, &reassign_matches(&ix, name, "120", 8)), vec![120]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_name_or_the_rm_s_name_matches_and_nothing_is_offered_for_an_empty_search() {
        let ix = book();
        assert_eq!(ids(&ix, &reassign_matches(&ix, name, "王", 8)), vec![7]);
        assert_eq!(
            ids(&ix, &reassign_matches(&ix, name, "wang f", 8)),
            vec![120]
        );
        assert!(reassign_matches(&ix, name, "  ", 8).is_empty());
        assert!(reassign_matches(&ix, name, "nobody", 8).is_empty());
        assert_eq!(reassign_matches(&ix, name, "1", 2).len(), 2);
    }
}
