//! The whole book (docs/rules.md: the classifications, the scores and the service
//! work): counts and AUM per tier, value class, churn band, activity and
//! lifecycle; satisfaction; deposit concentration (集中度); the retention list (挽留名单);
//! today's care and follow-up list. Book totals are sums of the per-customer figures.
//! One pass over the customers to get peer rates, one to score, one to summarise (plus a
//! sort for the concentration curve).

use crate::care;
use crate::churn::CareAction;
// Kept at their old paths: concentration has its own module.
pub use crate::concentration::{concentration, Concentration, TopShare};
use crate::customer::{BookCustomer, CustomerId, Product, ProductId};
pub use crate::fold::SummaryFold;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::recommend::PeerRates;
use crate::satisfaction::SatisfactionSummary;
use crate::scorer::Scorer;
use crate::scores::CustomerScores;
use crate::service::{CareKind, CareMarker};
use crate::tier::tier_for_aum;
use crate::value_class::families_held;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many customers and how much AUM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub customers: u32,
    pub aum: Money,
}

impl Group {
    pub(crate) fn add(&mut self, aum: Money) {
        self.customers += 1;
        self.aum += aum;
    }
}

/// A customer on the retention list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionEntry {
    pub customer: CustomerId,
    /// Position in the book's customer list.
    pub index: u32,
    pub churn_score: u8,
    pub aum: Money,
    pub clv: Money,
    pub action: Option<CareAction>,
}

/// Something to do today for a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CareItem {
    Birthday {
        on: NaiveDate,
    },
    /// A greeting for an occasion: `occasion` is its position in `CarePolicy::occasions`.
    Holiday {
        on: NaiveDate,
        occasion: u32,
    },
    Maturity {
        on: NaiveDate,
        product_id: ProductId,
        amount: Money,
    },
    QuestionnaireExpiring {
        on: NaiveDate,
    },
    QuestionnaireExpired {
        on: NaiveDate,
    },
    ContactOverdue {
        due_on: NaiveDate,
        days: u32,
        /// No contact was ever logged: the days count from the relationship's start,
        /// which says less than "never contacted" does.
        never_contacted: bool,
    },
}

impl CareItem {
    /// The date the list is ordered by.
    pub fn date(&self) -> NaiveDate {
        match *self {
            Self::Birthday { on }
            | Self::Holiday { on, .. }
            | Self::Maturity { on, .. }
            | Self::QuestionnaireExpiring { on }
            | Self::QuestionnaireExpired { on } => on,
            Self::ContactOverdue { due_on, .. } => due_on,
        }
    }

    /// The kind a care marker names for this item and the occasion it is for; `None`
    /// for an overdue follow-up, which is cleared by logging a contact instead.
    pub fn marker_key(&self) -> Option<(CareKind, NaiveDate)> {
        match *self {
            Self::Birthday { on } => Some((CareKind::Birthday, on)),
            Self::Holiday { on, .. } => Some((CareKind::Holiday, on)),
            Self::Maturity { on, .. } => Some((CareKind::Maturity, on)),
            Self::QuestionnaireExpiring { on } | Self::QuestionnaireExpired { on } => {
                Some((CareKind::QuestionnaireExpiry, on))
            }
            Self::ContactOverdue { .. } => None,
        }
    }
}

/// Today's care less what the relationship manager already marked done or snoozed
/// (`GET /api/care`), by the rule of [`care::hidden_by`] — the same one the customer page
/// applies; the order is kept.
pub fn care_not_marked(
    care_today: &[CareEntry],
    markers: &[CareMarker],
    today: NaiveDate,
) -> Vec<CareEntry> {
    let mut by_customer: HashMap<CustomerId, Vec<&CareMarker>> = HashMap::new();
    for m in markers {
        by_customer.entry(m.customer_id).or_default().push(m);
    }
    care_today
        .iter()
        .filter(|e| {
            let Some((kind, on)) = e.item.marker_key() else {
                return true;
            };
            !by_customer
                .get(&e.customer)
                .is_some_and(|ms| ms.iter().any(|m| care::hidden_by(kind, Some(on), m, today)))
        })
        .copied()
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareEntry {
    pub customer: CustomerId,
    pub index: u32,
    pub item: CareItem,
}

/// How many care items of each kind the whole book has (docs/rules.md, Big scopes): a
/// big scope's figures list only the soonest items, and these say how many there are.
/// Counted before care markers (done, snoozed) are applied: the markers come with the
/// browser's book, not with the server's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareCounts {
    pub contacts_overdue: u32,
    pub birthdays: u32,
    pub holidays: u32,
    pub maturities: u32,
    /// Risk questionnaires expiring soon or expired.
    pub questionnaires: u32,
}

impl CareCounts {
    /// Count one care item.
    pub fn add(&mut self, item: &CareItem) {
        let n = match item {
            CareItem::ContactOverdue { .. } => &mut self.contacts_overdue,
            CareItem::Birthday { .. } => &mut self.birthdays,
            CareItem::Holiday { .. } => &mut self.holidays,
            CareItem::Maturity { .. } => &mut self.maturities,
            CareItem::QuestionnaireExpiring { .. } | CareItem::QuestionnaireExpired { .. } => {
                &mut self.questionnaires
            }
        };
        *n += 1;
    }
}

/// The book's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookSummary {
    pub as_of: NaiveDate,
    pub customers: u32,
    pub aum: Money,
    pub deposits: Money,
    pub clv: Money,
    /// Indexed by `Tier as usize`.
    pub by_tier: [Group; 5],
    /// Indexed by `ValueClass as usize`.
    pub by_value_class: [Group; 4],
    /// Indexed by `ChurnBand as usize`.
    pub by_churn_band: [Group; 3],
    /// Indexed by `ActivityClass as usize`.
    pub by_activity: [Group; 3],
    /// Indexed by `Lifecycle as usize`.
    pub by_lifecycle: [Group; 5],
    pub overdue_contacts: u32,
    pub satisfaction: SatisfactionSummary,
    pub concentration: Concentration,
    /// Highest churn risk × AUM first; high band only.
    pub retention: Vec<RetentionEntry>,
    /// Soonest first.
    pub care_today: Vec<CareEntry>,
    /// Every care item of the book by kind, however many `care_today` lists.
    #[serde(default)]
    pub care_counts: CareCounts,
}

/// A scored book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookScores {
    pub peers: PeerRates,
    pub customers: Vec<CustomerScores>,
    pub summary: BookSummary,
}

/// Count a customer in the book's peer rates (the first pass over a book, or over a
/// scope batch by batch).
pub fn add_peer(peers: &mut PeerRates, c: &BookCustomer, policy: &ScoringPolicy) {
    peers.add(tier_for_aum(c.aum(), &policy.tiers), families_held(c));
}

/// Score every customer of a book and summarise: one pass for the peer rates, then one
/// that scores each customer and counts them in the summary while their record is
/// still in the cache (a book of 100,000 customers is far bigger than the cache, and a
/// third pass would fetch every record again). The result is [`summarize`]'s over the
/// scores, customer for customer.
pub fn score_book(
    customers: &[BookCustomer],
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) -> BookScores {
    let mut scores = Vec::new();
    let (peers, summary) = score_into(customers, policy, shelf, today, &mut scores);
    BookScores {
        peers,
        customers: scores,
        summary,
    }
}

/// [`score_book`] again into the result of an earlier scoring (a what-if, a new day, an
/// edited customer), reusing its list of scores: a book of 100,000 customers has 40 MB
/// of scores, and natively a fresh list of that size is mapped page by page on every
/// scoring (above glibc's 32 MB mmap threshold), about a quarter of the time (BENCHMARKS.md,
/// "Scoring speed, measured alike"). The result equals [`score_book`]'s.
pub fn rescore_book(
    previous: &mut BookScores,
    customers: &[BookCustomer],
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) {
    let (peers, summary) = score_into(customers, policy, shelf, today, &mut previous.customers);
    previous.peers = peers;
    previous.summary = summary;
}

fn score_into(
    customers: &[BookCustomer],
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
    scores: &mut Vec<CustomerScores>,
) -> (PeerRates, BookSummary) {
    let mut peers = PeerRates::default();
    for c in customers {
        add_peer(&mut peers, c, policy);
    }
    let scorer = Scorer::new(policy, shelf, &peers, today);
    let mut fold = SummaryFold::new(policy, today).expecting(customers.len());
    scores.clear();
    scores.reserve_exact(customers.len());
    for c in customers {
        // Scored straight into the list (a customer's scores are 400 bytes: no copy).
        scores.push(scorer.score(c));
        if let Some(sc) = scores.last() {
            fold.add(c, sc);
        }
    }
    (peers, fold.finish())
}

/// Summarise scored customers (`customers[i]` scored as `scores[i]`): the
/// [`SummaryFold`] over the whole book.
pub fn summarize(
    customers: &[BookCustomer],
    scores: &[CustomerScores],
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> BookSummary {
    let mut fold = SummaryFold::new(policy, today).expecting(customers.len());
    for (c, sc) in customers.iter().zip(scores) {
        fold.add(c, sc);
    }
    fold.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::churn::ChurnBand;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_scored_book_survives_a_round_trip_through_json() {
        let b = crate::synth::generate_book(60, 3, today());
        let scored = score_book(&b.customers, &ScoringPolicy::default(), &b.shelf, today());
        let json = serde_json::to_string(&scored).unwrap();
        let back: BookScores = serde_json::from_str(&json).unwrap();
        assert_eq!(back, scored);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_small_book_adds_up_and_lists_its_high_risk_customer_for_retention() {
        let p = ScoringPolicy::default();
        let steady = customer();
        let mut leaving = customer();
        leaving.id = CustomerId(2);
        leaving.history.transactions = vec![0, 0, 0, 0, 0, 0, 7, 7, 7, 0, 0, 0];
        leaving.history.outflow[11] = Money::from_yuan(50_000);
        leaving.last_contact_on = Some(date(2026, 1, 1));
        let book = [steady, leaving];
        let scored = score_book(&book, &p, &[], today());
        let s = &scored.summary;
        assert_eq!(s.customers, 2);
        assert_eq!(s.aum, Money::from_yuan(200_000));
        assert_eq!(s.by_tier[crate::Tier::Gold as usize].customers, 2);
        assert_eq!(s.by_churn_band[ChurnBand::High as usize].customers, 1);
        assert_eq!(s.retention.len(), 1);
        assert_eq!(s.retention[0].customer, CustomerId(2));
        assert_eq!(s.retention[0].action, Some(CareAction::ReengagementCall));
        assert_eq!(s.overdue_contacts, 1);
        assert!(s.care_today.iter().any(|e| e.customer == CustomerId(2)
            && matches!(
                e.item,
                CareItem::ContactOverdue {
                    never_contacted: false,
                    ..
                }
            )));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_customer_never_contacted_is_overdue_and_says_so() {
        let mut c = customer();
        c.last_contact_on = None;
        c.since = date(2007, 3, 1);
        let s = score_book(&[c], &ScoringPolicy::default(), &[], today()).summary;
        assert_eq!(s.overdue_contacts, 1);
        assert!(s.care_today.iter().any(|e| matches!(
            e.item,
            CareItem::ContactOverdue {
                never_contacted: true,
                ..
            }
        )));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn todays_care_greets_the_tiers_an_occasion_is_for_and_drops_what_was_marked() {
        use crate::service::{CareKind, CareMarkerState};
        let p = ScoringPolicy::default();
        let today = date(2027, 2, 1);
        // Gold: the Spring Festival only; Platinum: the Lantern Festival too; Standard: none.
        let gold = customer();
        let mut platinum = customer();
        platinum.id = CustomerId(2);
        platinum.holdings[0].balance = Money::from_yuan(600_000);
        let mut standard = customer();
        standard.id = CustomerId(3);
        standard.holdings[0].balance = Money::from_yuan(10_000);
        let book = [gold, platinum, standard];
        let s = score_book(&book, &p, &[], today).summary;
        let holidays: Vec<(CustomerId, NaiveDate)> = s
            .care_today
            .iter()
            .filter_map(|e| match e.item {
                CareItem::Holiday { on, occasion } => {
                    assert_eq!(p.care.occasions[occasion as usize].on, on);
                    Some((e.customer, on))
                }
                _ => None,
            })
            .collect();
        let spring = date(2027, 2, 6);
        let lantern = date(2027, 2, 20);
        assert!(lantern > today + chrono::Days::new(14));
        assert_eq!(
            holidays,
            vec![(CustomerId(1), spring), (CustomerId(2), spring)]
        );

        let marker = |customer, state, until| CareMarker {
            id: 1,
            customer_id: customer,
            kind: CareKind::Holiday,
            state,
            on: today,
            occasion_on: Some(spring),
            until,
            at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            by_id: crate::customer::UserId(1),
        };
        let done = marker(CustomerId(1), CareMarkerState::Done, None);
        let left = care_not_marked(&s.care_today, &[done], today);
        assert_eq!(left.len(), s.care_today.len() - 1);
        assert!(!left
            .iter()
            .any(|e| e.customer == CustomerId(1) && matches!(e.item, CareItem::Holiday { .. })));
        let snoozed = marker(
            CustomerId(2),
            CareMarkerState::Snoozed,
            Some(date(2027, 2, 8)),
        );
        let left = care_not_marked(&s.care_today, std::slice::from_ref(&snoozed), today);
        assert!(!left
            .iter()
            .any(|e| e.customer == CustomerId(2) && matches!(e.item, CareItem::Holiday { .. })));
        // The snooze is over on its last day: the greeting is back.
        assert_eq!(
            care_not_marked(&s.care_today, &[snoozed], date(2027, 2, 8)).len(),
            s.care_today.len()
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::churn::ChurnBand;
    use crate::synth::generate_book;
    use crate::testkit::today;
    use proptest::prelude::*;

    fn any_book() -> impl Strategy<Value = crate::synth::SynthBook> {
        (0usize..120, any::<u64>()).prop_map(|(n, seed)| generate_book(n, seed, today()))
    }

    /// The straightforward reference for `score_book` (issue 16 made it fast): the peer
    /// rates by their own pass, each score by its module's public function (each works
    /// out on its own what it needs: AUM, tier, the questionnaire, the day's windows,
    /// the best product by a scan of the shelf), the summary folded over the lot
    /// afterwards.
    fn reference(b: &crate::synth::SynthBook, p: &ScoringPolicy, day: NaiveDate) -> BookScores {
        use crate::*;
        let peers = PeerRates::from_book(&b.customers, p);
        let scores: Vec<CustomerScores> = b
            .customers
            .iter()
            .map(|c| CustomerScores {
                id: c.id,
                aum: c.aum(),
                deposits: c
                    .holdings
                    .iter()
                    .filter(|h| h.family.is_deposit())
                    .map(|h| h.balance)
                    .sum(),
                tier: tier::tier(c, &p.tiers),
                families: families_held(c),
                activity: activity::score(c, p, day),
                value_class: value_class::score(c, p, day),
                lifecycle: lifecycle::score(c, p, day),
                needs: needs::score(c, p, day),
                rfm: rfm::score(c, p, day),
                churn: churn::score(c, p, day),
                clv: clv::score(c, p, day),
                contact: contact::score(c, p, day),
                care: care::score(c, p, day),
                suitability: suitability::score(c, p, day),
                recommendations: crate::recommend::properties::by_shelf_scan(
                    c, p, &b.shelf, &peers, day,
                )
                .into(),
                allocation: allocation::score(c, p, day),
            })
            .collect();
        let summary = summarize(&b.customers, &scores, p, day);
        BookScores {
            peers,
            customers: scores,
            summary,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn a_scored_book_equals_the_straightforward_reference(
            b in any_book(),
            // Mostly near the day the book was made for (its maturities, birthdays and
            // occasions fall in the windows), sometimes far from it.
            days in prop_oneof![3 => -5i64..5, 1 => -400i64..400],
            windows in proptest::collection::vec(0u32..120, 6),
        ) {
            let day = today() + chrono::Duration::days(days);
            let mut p = ScoringPolicy::default();
            p.care.birthday_days = windows[0];
            p.care.holiday_days = windows[1];
            p.care.maturity_days = windows[2];
            p.care.questionnaire_warning_days = windows[3];
            p.recommend.maturity_days = windows[4];
            p.churn.maturing_days = windows[5];
            for p in [ScoringPolicy::default(), p] {
                prop_assert_eq!(score_book(&b.customers, &p, &b.shelf, day), reference(&b, &p, day));
            }
        }

        #[test]
        fn scoring_the_same_book_twice_gives_the_same_result(b in any_book()) {
            let p = ScoringPolicy::default();
            let one = score_book(&b.customers, &p, &b.shelf, today());
            let two = score_book(&b.customers, &p, &b.shelf, today());
            prop_assert_eq!(one, two);
        }

        #[test]
        fn rescoring_into_an_earlier_result_equals_scoring_afresh(
            b in any_book(),
            earlier in any_book(),
            days in -400i64..400,
        ) {
            let p = ScoringPolicy::default();
            let day = today() + chrono::Duration::days(days);
            let mut previous = score_book(&earlier.customers, &p, &earlier.shelf, today());
            rescore_book(&mut previous, &b.customers, &p, &b.shelf, day);
            prop_assert_eq!(previous, score_book(&b.customers, &p, &b.shelf, day));
        }

        #[test]
        fn book_totals_equal_the_sum_of_the_per_customer_figures(b in any_book()) {
            let p = ScoringPolicy::default();
            let scored = score_book(&b.customers, &p, &b.shelf, today());
            let s = &scored.summary;
            let n = scored.customers.len() as u32;
            let aum: Money = scored.customers.iter().map(|c| c.aum).sum();
            let deposits: Money = scored.customers.iter().map(|c| c.deposits).sum();
            let clv: Money = scored.customers.iter().map(|c| c.clv.value).sum();
            prop_assert_eq!(s.customers, n);
            prop_assert_eq!(s.aum, aum);
            prop_assert_eq!(s.deposits, deposits);
            prop_assert_eq!(s.clv, clv);
            prop_assert_eq!(s.concentration.total_deposits, deposits);
            for groups in [&s.by_tier[..], &s.by_value_class[..], &s.by_churn_band[..], &s.by_activity[..], &s.by_lifecycle[..]] {
                prop_assert_eq!(groups.iter().map(|g| g.customers).sum::<u32>(), n);
                prop_assert_eq!(groups.iter().map(|g| g.aum).sum::<Money>(), aum);
            }
            let overdue = scored.customers.iter().filter(|c| c.contact.is_overdue()).count() as u32;
            prop_assert_eq!(s.overdue_contacts, overdue);
            let high = scored.customers.iter().filter(|c| c.churn.band == ChurnBand::High).count();
            prop_assert_eq!(s.retention.len(), high.min(p.retention.list_size as usize));
            let mut month_sum = crate::satisfaction::SatisfactionTally::default();
            for m in &s.satisfaction.months {
                month_sum.merge(&m.tally);
            }
            prop_assert_eq!(month_sum, s.satisfaction.total);
        }
    }
}
