//! Kano categories (KANO 模型), docs/rules.md, Kano: each service attribute is asked as a
//! pair — "how would you feel if it were there" (functional) and "if it were not"
//! (dysfunctional) — each answered on the same five answers. One pair of answers gives
//! one category by the standard Kano evaluation table; an attribute's category is the
//! most frequent one among its answers, ties broken by the usual order must-be >
//! one-dimensional > attractive > indifferent > reverse > questionable.

use crate::customer::ServiceAttribute;
use serde::{Deserialize, Serialize};

/// One of the five answers to either question of a Kano pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KanoAnswer {
    /// "I like it that way."
    Like,
    /// "It must be that way."
    Expect,
    /// "I am neutral."
    Neutral,
    /// "I can live with it that way."
    Tolerate,
    /// "I dislike it that way."
    Dislike,
}

impl KanoAnswer {
    pub const ALL: [KanoAnswer; 5] = [
        Self::Like,
        Self::Expect,
        Self::Neutral,
        Self::Tolerate,
        Self::Dislike,
    ];
}

/// The Kano category of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KanoCategory {
    /// 必备型: expected; its absence dissatisfies, its presence goes unnoticed.
    MustBe,
    /// 期望型: the more the better.
    OneDimensional,
    /// 魅力型: delights when there, not missed when not.
    Attractive,
    /// 无差异型: the client does not care either way.
    Indifferent,
    /// 反向型: the client would rather not have it.
    Reverse,
    /// 可疑: contradictory answers (likes it both there and not).
    Questionable,
}

impl KanoCategory {
    /// The tie-break order (first wins).
    pub const ALL: [KanoCategory; 6] = [
        Self::MustBe,
        Self::OneDimensional,
        Self::Attractive,
        Self::Indifferent,
        Self::Reverse,
        Self::Questionable,
    ];
}

/// One client's answers to one attribute's pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KanoPair {
    pub attribute: ServiceAttribute,
    /// "How would you feel if it were there?"
    pub functional: KanoAnswer,
    /// "How would you feel if it were not there?"
    pub dysfunctional: KanoAnswer,
}

/// The standard Kano evaluation table: functional answer (row) × dysfunctional (column).
pub fn category(functional: KanoAnswer, dysfunctional: KanoAnswer) -> KanoCategory {
    use KanoAnswer::*;
    use KanoCategory::*;
    match (functional, dysfunctional) {
        (Like, Like) | (Dislike, Dislike) => Questionable,
        (Like, Dislike) => OneDimensional,
        (Like, _) => Attractive,
        (_, Like) | (Dislike, _) => Reverse,
        (_, Dislike) => MustBe,
        _ => Indifferent,
    }
}

/// How the answers for one attribute fall into the categories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KanoTally {
    /// Counts in the order of [`KanoCategory::ALL`].
    pub counts: [u32; 6],
}

impl KanoTally {
    pub fn add(&mut self, functional: KanoAnswer, dysfunctional: KanoAnswer) {
        let c = category(functional, dysfunctional);
        let i = KanoCategory::ALL
            .iter()
            .position(|k| *k == c)
            .unwrap_or_default();
        self.counts[i] += 1;
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    pub fn count(&self, c: KanoCategory) -> u32 {
        KanoCategory::ALL
            .iter()
            .position(|k| *k == c)
            .map_or(0, |i| self.counts[i])
    }

    /// The most frequent category, ties to the earlier in [`KanoCategory::ALL`];
    /// `None` without answers.
    pub fn category(&self) -> Option<KanoCategory> {
        let mut best: Option<(KanoCategory, u32)> = None;
        for (k, n) in KanoCategory::ALL.into_iter().zip(self.counts) {
            if n > 0 && best.is_none_or(|(_, b)| n > b) {
                best = Some((k, n));
            }
        }
        best.map(|(k, _)| k)
    }
}

/// Each attribute's tally from a set of pairs, in [`ServiceAttribute::ALL`] order,
/// attributes without answers left out.
pub fn tally<'a>(
    pairs: impl IntoIterator<Item = &'a KanoPair>,
) -> Vec<(ServiceAttribute, KanoTally)> {
    let mut out: Vec<(ServiceAttribute, KanoTally)> = ServiceAttribute::ALL
        .iter()
        .map(|a| (*a, KanoTally::default()))
        .collect();
    for p in pairs {
        if let Some((_, t)) = out.iter_mut().find(|(a, _)| *a == p.attribute) {
            t.add(p.functional, p.dysfunctional);
        }
    }
    out.retain(|(_, t)| t.total() > 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use KanoAnswer::*;
    use KanoCategory::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_evaluation_table_reads_as_the_standard_one() {
        // Rows: functional; columns: dysfunctional (Like, Expect, Neutral, Tolerate, Dislike).
        let table = [
            [
                Questionable,
                Attractive,
                Attractive,
                Attractive,
                OneDimensional,
            ],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
            [Reverse, Reverse, Reverse, Reverse, Questionable],
        ];
        for (f, row) in KanoAnswer::ALL.into_iter().zip(table) {
            for (d, want) in KanoAnswer::ALL.into_iter().zip(row) {
                assert_eq!(category(f, d), want, "{f:?} × {d:?}");
            }
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_attribute_takes_its_most_frequent_category() {
        let mut t = KanoTally::default();
        t.add(Like, Neutral); // attractive
        t.add(Like, Tolerate); // attractive
        t.add(Expect, Dislike); // must-be
        assert_eq!(t.category(), Some(Attractive));
        assert_eq!(t.count(Attractive), 2);
        assert_eq!(t.total(), 3);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_tie_goes_to_must_be_before_one_dimensional_before_attractive() {
        let mut t = KanoTally::default();
        t.add(Like, Neutral); // attractive
        t.add(Like, Dislike); // one-dimensional
        assert_eq!(t.category(), Some(OneDimensional));
        t.add(Neutral, Dislike); // must-be
        assert_eq!(t.category(), Some(MustBe));
        assert_eq!(KanoTally::default().category(), None);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn pairs_are_tallied_per_attribute_and_unanswered_ones_left_out() {
        let pairs = [
            KanoPair {
                attribute: ServiceAttribute::Fees,
                functional: Like,
                dysfunctional: Dislike,
            },
            KanoPair {
                attribute: ServiceAttribute::WaitingTime,
                functional: Neutral,
                dysfunctional: Neutral,
            },
        ];
        let t = tally(&pairs);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, ServiceAttribute::WaitingTime);
        assert_eq!(t[0].1.category(), Some(Indifferent));
        assert_eq!(t[1].1.category(), Some(OneDimensional));
    }
}
