//! Satisfaction (docs/rules.md, Satisfaction): NPS (share of 9–10 minus
//! share of 0–6 on "would you recommend", −100..100), CSAT (share of 4–5 on 1–5), and the
//! satisfaction index CSI (the importance-weighted mean of attribute scores rescaled by
//! (s − 1)/4 × 100), with trends per month and the importance–satisfaction matrix
//! (四象限) per service attribute, split at the means.

use crate::customer::{ServiceAttribute, Survey};
use crate::history::months_between;
use crate::policy::SatisfactionPolicy;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Additive counts: tallies of parts add up to the tally of the whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionTally {
    pub nps_responses: u32,
    pub promoters: u32,
    pub detractors: u32,
    pub csat_responses: u32,
    pub csat_satisfied: u32,
    /// Σ importance over attribute ratings.
    pub csi_weight: u64,
    /// Σ importance × (satisfaction − 1) × 25.
    pub csi_weighted_points: u64,
}

impl SatisfactionTally {
    /// Count one survey; answers out of their scale are ignored.
    pub fn add(&mut self, s: &Survey, p: &SatisfactionPolicy) {
        if s.recommend <= 10 {
            self.nps_responses += 1;
            if s.recommend >= p.promoter_min {
                self.promoters += 1;
            } else if s.recommend <= p.detractor_max {
                self.detractors += 1;
            }
        }
        if (1..=5).contains(&s.overall) {
            self.csat_responses += 1;
            if s.overall >= p.csat_min {
                self.csat_satisfied += 1;
            }
        }
        for r in &s.ratings {
            if (1..=5).contains(&r.satisfaction) && (1..=5).contains(&r.importance) {
                self.csi_weight += u64::from(r.importance);
                self.csi_weighted_points +=
                    u64::from(r.importance) * u64::from(r.satisfaction - 1) * 25;
            }
        }
    }

    pub fn merge(&mut self, o: &SatisfactionTally) {
        self.nps_responses += o.nps_responses;
        self.promoters += o.promoters;
        self.detractors += o.detractors;
        self.csat_responses += o.csat_responses;
        self.csat_satisfied += o.csat_satisfied;
        self.csi_weight += o.csi_weight;
        self.csi_weighted_points += o.csi_weighted_points;
    }

    /// Net promoter score, −100..=100; `None` without answers.
    pub fn nps(&self) -> Option<f64> {
        (self.nps_responses > 0).then(|| {
            (f64::from(self.promoters) - f64::from(self.detractors)) * 100.0
                / f64::from(self.nps_responses)
        })
    }

    /// Percent of 4–5 answers, 0..=100.
    pub fn csat(&self) -> Option<f64> {
        (self.csat_responses > 0)
            .then(|| f64::from(self.csat_satisfied) * 100.0 / f64::from(self.csat_responses))
    }

    /// Satisfaction index 0..=100.
    pub fn csi(&self) -> Option<f64> {
        (self.csi_weight > 0).then(|| self.csi_weighted_points as f64 / self.csi_weight as f64)
    }
}

/// One month of the trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTally {
    /// The first day of the month.
    pub month: NaiveDate,
    pub tally: SatisfactionTally,
}

/// The four quadrants of the importance–satisfaction matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Quadrant {
    /// High importance, high satisfaction (优势区).
    Strength,
    /// High importance, low satisfaction (改进区).
    Improve,
    /// Low importance, high satisfaction (维持区).
    Maintain,
    /// Both low (次要区).
    LowPriority,
}

/// Sums of one attribute's ratings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeTally {
    pub ratings: u32,
    pub satisfaction_sum: u32,
    pub importance_sum: u32,
}

impl AttributeTally {
    pub fn mean_satisfaction(&self) -> Option<f64> {
        (self.ratings > 0).then(|| f64::from(self.satisfaction_sum) / f64::from(self.ratings))
    }
    pub fn mean_importance(&self) -> Option<f64> {
        (self.ratings > 0).then(|| f64::from(self.importance_sum) / f64::from(self.ratings))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeSummary {
    pub attribute: ServiceAttribute,
    pub tally: AttributeTally,
    pub mean_satisfaction: f64,
    pub mean_importance: f64,
    pub quadrant: Quadrant,
}

/// The quadrant of a point given the split (at or above a mean counts as high).
pub fn quadrant(
    importance: f64,
    satisfaction: f64,
    mean_importance: f64,
    mean_satisfaction: f64,
) -> Quadrant {
    match (
        importance >= mean_importance,
        satisfaction >= mean_satisfaction,
    ) {
        (true, true) => Quadrant::Strength,
        (true, false) => Quadrant::Improve,
        (false, true) => Quadrant::Maintain,
        (false, false) => Quadrant::LowPriority,
    }
}

/// Place every attribute with ratings in its quadrant, split at the means of the
/// attributes' mean importance and mean satisfaction.
pub fn matrix(tallies: &[AttributeTally; 7]) -> Vec<AttributeSummary> {
    let rated: Vec<(ServiceAttribute, AttributeTally, f64, f64)> = ServiceAttribute::ALL
        .iter()
        .zip(tallies.iter())
        .filter_map(|(a, t)| Some((*a, *t, t.mean_importance()?, t.mean_satisfaction()?)))
        .collect();
    if rated.is_empty() {
        return Vec::new();
    }
    let n = rated.len() as f64;
    let mi = rated.iter().map(|r| r.2).sum::<f64>() / n;
    let ms = rated.iter().map(|r| r.3).sum::<f64>() / n;
    rated
        .into_iter()
        .map(|(attribute, tally, imp, sat)| AttributeSummary {
            attribute,
            tally,
            mean_satisfaction: sat,
            mean_importance: imp,
            quadrant: quadrant(imp, sat, mi, ms),
        })
        .collect()
}

/// The book's satisfaction: totals, the months of the trend and the matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionSummary {
    pub total: SatisfactionTally,
    /// Oldest first; the last is today's month.
    pub months: Vec<MonthTally>,
    pub attributes: Vec<AttributeSummary>,
}

/// Accumulates surveys answered in the trend window.
#[derive(Clone, Debug)]
pub struct SatisfactionAccumulator {
    first_month: NaiveDate,
    months: Vec<SatisfactionTally>,
    attributes: [AttributeTally; 7],
    policy: SatisfactionPolicy,
}

impl SatisfactionAccumulator {
    pub fn new(policy: &SatisfactionPolicy, today: NaiveDate) -> Self {
        let n = policy.trend_months.max(1);
        let this_month = today.with_day(1).unwrap_or(today);
        let first_month = this_month
            .checked_sub_months(Months::new(n - 1))
            .unwrap_or(this_month);
        Self {
            first_month,
            months: vec![SatisfactionTally::default(); n as usize],
            attributes: [AttributeTally::default(); 7],
            policy: policy.clone(),
        }
    }

    /// The first month of the trend window (the oldest of `finish`'s months).
    pub fn first_month(&self) -> NaiveDate {
        self.first_month
    }

    /// Count a survey if it falls in the window; returns whether it did.
    pub fn add(&mut self, s: &Survey) -> bool {
        let i = months_between(self.first_month, s.answered_on);
        let Some(slot) = usize::try_from(i).ok().and_then(|i| self.months.get_mut(i)) else {
            return false;
        };
        slot.add(s, &self.policy);
        for r in &s.ratings {
            if (1..=5).contains(&r.satisfaction) && (1..=5).contains(&r.importance) {
                let t = &mut self.attributes[r.attribute as usize];
                t.ratings += 1;
                t.satisfaction_sum += u32::from(r.satisfaction);
                t.importance_sum += u32::from(r.importance);
            }
        }
        true
    }

    pub fn finish(self) -> SatisfactionSummary {
        let mut total = SatisfactionTally::default();
        for m in &self.months {
            total.merge(m);
        }
        let first = self.first_month;
        SatisfactionSummary {
            total,
            months: self
                .months
                .into_iter()
                .enumerate()
                .map(|(i, tally)| MonthTally {
                    month: first
                        .checked_add_months(Months::new(i as u32))
                        .unwrap_or(first),
                    tally,
                })
                .collect(),
            attributes: matrix(&self.attributes),
        }
    }
}

/// Satisfaction of a list of surveys on `today` (the trend window ends in today's month).
pub fn summarize<'a>(
    surveys: impl IntoIterator<Item = &'a Survey>,
    policy: &SatisfactionPolicy,
    today: NaiveDate,
) -> SatisfactionSummary {
    let mut acc = SatisfactionAccumulator::new(policy, today);
    for s in surveys {
        acc.add(s);
    }
    acc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::AttributeRating;
    use crate::testkit::*;

    fn survey(on: NaiveDate, recommend: u8, overall: u8) -> Survey {
        Survey {
            answered_on: on,
            recommend,
            overall,
            ratings: Vec::new(),
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn five_promoters_three_passives_and_two_detractors_give_an_nps_of_30() {
        let p = SatisfactionPolicy::default();
        let scores = [10, 9, 9, 10, 9, 8, 7, 7, 6, 0];
        let overall = [5, 5, 4, 4, 4, 3, 3, 3, 2, 1];
        let surveys: Vec<Survey> = scores
            .iter()
            .zip(overall)
            .map(|(r, o)| survey(today(), *r, o))
            .collect();
        let s = summarize(&surveys, &p, today());
        assert_eq!(s.total.nps(), Some(30.0));
        assert_eq!(s.total.csat(), Some(50.0));
        assert_eq!(s.months.len(), 12);
        assert_eq!(s.months[11].month, date(2026, 11, 1));
        assert_eq!(s.months[11].tally, s.total);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn surveys_older_than_the_trend_window_are_left_out() {
        let p = SatisfactionPolicy::default();
        let surveys = [
            survey(date(2025, 11, 30), 0, 1),
            survey(date(2025, 12, 1), 10, 5),
        ];
        let s = summarize(&surveys, &p, today());
        assert_eq!(s.total.nps(), Some(100.0));
        assert_eq!(s.months[0].tally.promoters, 1);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn csi_weights_rescaled_scores_by_importance() {
        // (5 → 100) with importance 3 and (2 → 25) with importance 1: (300 + 25) / 4 = 81.25.
        let mut t = SatisfactionTally::default();
        let mut s = survey(today(), 8, 4);
        s.ratings = vec![
            AttributeRating {
                attribute: ServiceAttribute::Fees,
                satisfaction: 5,
                importance: 3,
            },
            AttributeRating {
                attribute: ServiceAttribute::WaitingTime,
                satisfaction: 2,
                importance: 1,
            },
        ];
        t.add(&s, &SatisfactionPolicy::default());
        assert_eq!(t.csi(), Some(81.25));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_attribute_lands_in_its_quadrant_split_at_the_means() {
        use ServiceAttribute::*;
        // (importance, satisfaction): means are 3 and 3.
        let mut s = survey(today(), 8, 4);
        s.ratings = [
            (Expertise, 5, 5),
            (WaitingTime, 5, 1),
            (BranchEnvironment, 1, 5),
            (Fees, 1, 1),
        ]
        .into_iter()
        .map(|(attribute, importance, satisfaction)| AttributeRating {
            attribute,
            satisfaction,
            importance,
        })
        .collect();
        let m = summarize([&s], &SatisfactionPolicy::default(), today()).attributes;
        let q = |a| m.iter().find(|x| x.attribute == a).unwrap().quadrant;
        assert_eq!(q(Expertise), Quadrant::Strength);
        assert_eq!(q(WaitingTime), Quadrant::Improve);
        assert_eq!(q(BranchEnvironment), Quadrant::Maintain);
        assert_eq!(q(Fees), Quadrant::LowPriority);
        assert_eq!(m.len(), 4);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::testkit::today;
    use proptest::prelude::*;

    fn any_survey() -> impl Strategy<Value = Survey> {
        (0u8..=12, 0u8..=6, 0i64..400).prop_map(|(recommend, overall, back)| Survey {
            answered_on: today() - chrono::Days::new(back as u64),
            recommend,
            overall,
            ratings: Vec::new(),
        })
    }

    proptest! {
        #[test]
        fn nps_stays_within_minus_100_and_100_and_csat_within_0_and_100(
            surveys in proptest::collection::vec(any_survey(), 0..60)
        ) {
            let s = summarize(&surveys, &SatisfactionPolicy::default(), today());
            if let Some(nps) = s.total.nps() {
                prop_assert!((-100.0..=100.0).contains(&nps));
            }
            if let Some(csat) = s.total.csat() {
                prop_assert!((0.0..=100.0).contains(&csat));
            }
            for m in &s.months {
                if let Some(nps) = m.tally.nps() {
                    prop_assert!((-100.0..=100.0).contains(&nps));
                }
            }
        }
    }
}
