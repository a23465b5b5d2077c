//! How a list of the book is ordered and narrowed: the sort (key and direction), the
//! filter and the typed search, as plain types. `crate::book_index` applies them to a scored book and
//! `crate::state::customer_view` reads and writes them in the URL; both depend on this
//! module and not on each other.

use clientbook_domain::activity::ActivityClass;
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::lifecycle::Lifecycle;
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::{BookCustomer, HouseholdId, RiskLevel, Tier};

/// A column the book can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Tier,
    Aum,
    LastContact,
    Risk,
    Churn,
    ValueClass,
    NextContact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Ascending,
    Descending,
}

/// How the table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SortOrder {
    pub key: SortKey,
    pub direction: Direction,
}

impl Default for SortOrder {
    /// Largest AUM first.
    fn default() -> Self {
        SortOrder {
            key: SortKey::Aum,
            direction: Direction::Descending,
        }
    }
}

impl SortOrder {
    /// The order after the user picks `key`: the same key flips direction; a new key
    /// starts with the natural direction (names A–Z, amounts, tiers, churn risk and value
    /// largest first, contacts oldest/soonest first so overdue customers come up).
    pub fn toggled(self, key: SortKey) -> SortOrder {
        if self.key == key {
            let direction = match self.direction {
                Direction::Ascending => Direction::Descending,
                Direction::Descending => Direction::Ascending,
            };
            SortOrder { key, direction }
        } else {
            let direction = match key {
                SortKey::Name | SortKey::LastContact | SortKey::NextContact => Direction::Ascending,
                SortKey::Tier
                | SortKey::Aum
                | SortKey::Risk
                | SortKey::Churn
                | SortKey::ValueClass => Direction::Descending,
            };
            SortOrder { key, direction }
        }
    }
}

/// The risk-level filter: one level, or customers never assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiskFilter {
    Level(RiskLevel),
    NotAssessed,
}

/// Which customers the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    pub query: String,
    pub tier: Option<Tier>,
    pub activity: Option<ActivityClass>,
    pub value: Option<ValueClass>,
    pub lifecycle: Option<Lifecycle>,
    pub churn: Option<ChurnBand>,
    pub risk: Option<RiskFilter>,
    /// Only customers whose follow-up is overdue.
    pub overdue: bool,
    /// Only customers with a holding maturing in the next 30 days.
    pub maturing: bool,
    /// Only customers in a household, or in one household (docs/rules.md, Households).
    pub household: Option<HouseholdFilter>,
}

/// The household filter: customers in any household, or the members of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HouseholdFilter {
    Any,
    Of(HouseholdId),
}

impl HouseholdFilter {
    pub fn passes(self, c: &BookCustomer) -> bool {
        match self {
            HouseholdFilter::Any => c.household_id.is_some(),
            HouseholdFilter::Of(h) => c.household_id == Some(h),
        }
    }

    /// The URL's value: `any`, or the household's id.
    pub fn code(self) -> String {
        match self {
            HouseholdFilter::Any => "any".to_owned(),
            HouseholdFilter::Of(h) => h.0.to_string(),
        }
    }

    pub fn parse(code: &str) -> Option<HouseholdFilter> {
        match code.trim() {
            "any" => Some(HouseholdFilter::Any),
            id => id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(|id| HouseholdFilter::Of(HouseholdId(id))),
        }
    }
}

impl CustomerFilter {
    /// True when a filter other than the search is set.
    pub fn any_set(&self) -> bool {
        self.tier.is_some()
            || self.activity.is_some()
            || self.value.is_some()
            || self.lifecycle.is_some()
            || self.churn.is_some()
            || self.risk.is_some()
            || self.overdue
            || self.maturing
            || self.household.is_some()
    }
}

/// The list's whole state, as in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerView {
    pub filter: CustomerFilter,
    pub sort: SortOrder,
}

/// A search typed by the user: words matched against the masked name, digits against
/// the tail of the masked phone and ID number (the digits that stay visible) and the
/// customer id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    text: String,
    digits: bool,
    /// The digits as a customer id, parsed once rather than per row.
    id: Option<i64>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let text: String = raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        // Digits, or digits ending in the ID check character X.
        let body = text.strip_suffix('x').unwrap_or(&text);
        let digits = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit());
        let id = text.parse::<i64>().ok();
        Query { text, digits, id }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// What was typed, words single-spaced and lower-cased.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it is digits (or digits ending in the ID check character X).
    pub fn digits(&self) -> bool {
        self.digits
    }

    /// The digits as a customer id.
    pub fn id(&self) -> Option<i64> {
        self.id
    }

    pub fn matches(&self, c: &BookCustomer) -> bool {
        if self.text.is_empty() {
            true
        } else if self.digits {
            c.phone.ends_with(&self.text)
                || ends_with_ignore_case(&c.id_number, &self.text)
                || self.id == Some(c.id.0)
        } else if self.text.is_ascii() {
            c.name.to_ascii_lowercase().contains(&self.text)
        } else {
            c.name.contains(&self.text)
        }
    }
}

fn ends_with_ignore_case(value: &str, tail: &str) -> bool {
    value.len() >= tail.len()
        && value.is_char_boundary(value.len() - tail.len())
        && value[value.len() - tail.len()..].eq_ignore_ascii_case(tail)
}
