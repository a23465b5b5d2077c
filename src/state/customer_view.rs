//! What the customers list shows: the search, the filters and the sort, kept in the URL
//! query so that a view can be bookmarked and Back works.
//!
//! `CustomerView::from_query(get)` reads a query (`get` returns a parameter's value) and
//! `CustomerView::to_query()` writes one ("" for the default view, else "?q=…&tier=…").
//! Unknown or malformed parameters are ignored. Codes are stable, lowercase and
//! language-independent:
//!
//! | key        | values                                                   |
//! |------------|----------------------------------------------------------|
//! | `q`        | free text: a name, the last digits of a phone or ID      |
//! | `tier`     | `private` `diamond` `platinum` `gold` `standard`         |
//! | `activity` | `active` `potential` `dormant`                           |
//! | `value`    | `high-value-added` `valuable` `low-value` `dormant`      |
//! | `lifecycle`| `new` `growing` `mature` `declining` `lost`              |
//! | `churn`    | `high` `medium` `low`                                    |
//! | `risk`     | `c1`…`c5`, `none` (never assessed)                       |
//! | `overdue`  | `1`: follow-up overdue                                   |
//! | `maturing` | `1`: a holding matures in the next 30 days               |
//! | `sort`     | `name` `tier` `aum` `last-contact` `risk` `churn` `value` `next-contact` |
//! | `dir`      | `asc` `desc`                                             |

pub use crate::state::book_view::{CustomerFilter, CustomerView, HouseholdFilter, RiskFilter};
use crate::state::book_view::{Direction, SortKey, SortOrder};
use clientbook_domain::activity::ActivityClass;
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::lifecycle::Lifecycle;
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::{RiskLevel, Tier};

pub const TIER_CODES: [(Tier, &str); 5] = [
    (Tier::PrivateBanking, "private"),
    (Tier::Diamond, "diamond"),
    (Tier::Platinum, "platinum"),
    (Tier::Gold, "gold"),
    (Tier::Standard, "standard"),
];
pub const ACTIVITY_CODES: [(ActivityClass, &str); 3] = [
    (ActivityClass::Active, "active"),
    (ActivityClass::Potential, "potential"),
    (ActivityClass::Dormant, "dormant"),
];
pub const VALUE_CODES: [(ValueClass, &str); 4] = [
    (ValueClass::HighValueAdded, "high-value-added"),
    (ValueClass::Valuable, "valuable"),
    (ValueClass::LowValue, "low-value"),
    (ValueClass::Dormant, "dormant"),
];
pub const LIFECYCLE_CODES: [(Lifecycle, &str); 5] = [
    (Lifecycle::New, "new"),
    (Lifecycle::Growing, "growing"),
    (Lifecycle::Mature, "mature"),
    (Lifecycle::Declining, "declining"),
    (Lifecycle::Lost, "lost"),
];
pub const CHURN_CODES: [(ChurnBand, &str); 3] = [
    (ChurnBand::High, "high"),
    (ChurnBand::Medium, "medium"),
    (ChurnBand::Low, "low"),
];
pub const RISK_CODES: [(RiskFilter, &str); 6] = [
    (RiskFilter::Level(RiskLevel::C1), "c1"),
    (RiskFilter::Level(RiskLevel::C2), "c2"),
    (RiskFilter::Level(RiskLevel::C3), "c3"),
    (RiskFilter::Level(RiskLevel::C4), "c4"),
    (RiskFilter::Level(RiskLevel::C5), "c5"),
    (RiskFilter::NotAssessed, "none"),
];
pub const SORT_CODES: [(SortKey, &str); 8] = [
    (SortKey::Name, "name"),
    (SortKey::Tier, "tier"),
    (SortKey::Aum, "aum"),
    (SortKey::LastContact, "last-contact"),
    (SortKey::Risk, "risk"),
    (SortKey::Churn, "churn"),
    (SortKey::ValueClass, "value"),
    (SortKey::NextContact, "next-contact"),
];

/// The code of `value` in `table`.
pub fn code_of<T: Copy + PartialEq>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, c)| *c)
        .unwrap_or_default()
}

/// The value of `code` in `table` (case-insensitive).
pub fn parse_code<T: Copy>(table: &[(T, &'static str)], code: &str) -> Option<T> {
    let code = code.trim();
    table
        .iter()
        .find(|(_, c)| c.eq_ignore_ascii_case(code))
        .map(|(v, _)| *v)
}

impl CustomerView {
    /// Read a view from a URL query; `get(key)` gives a parameter's value.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> CustomerView {
        let pick = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        let flag = |key: &str| pick(key).is_some_and(|v| matches!(v.trim(), "1" | "true"));
        let filter = CustomerFilter {
            query: pick("q").unwrap_or_default(),
            tier: pick("tier").and_then(|v| parse_code(&TIER_CODES, &v)),
            activity: pick("activity").and_then(|v| parse_code(&ACTIVITY_CODES, &v)),
            value: pick("value").and_then(|v| parse_code(&VALUE_CODES, &v)),
            lifecycle: pick("lifecycle").and_then(|v| parse_code(&LIFECYCLE_CODES, &v)),
            churn: pick("churn").and_then(|v| parse_code(&CHURN_CODES, &v)),
            risk: pick("risk").and_then(|v| parse_code(&RISK_CODES, &v)),
            overdue: flag("overdue"),
            maturing: flag("maturing"),
            household: pick("household").and_then(|v| HouseholdFilter::parse(&v)),
        };
        let sort = match pick("sort").and_then(|v| parse_code(&SORT_CODES, &v)) {
            None => SortOrder::default(),
            Some(key) => {
                let natural = SortOrder::default().toggled(key);
                let direction = match pick("dir").as_deref().map(str::trim) {
                    Some("asc") => Direction::Ascending,
                    Some("desc") => Direction::Descending,
                    _ if key == SortOrder::default().key => SortOrder::default().direction,
                    _ => natural.direction,
                };
                SortOrder { key, direction }
            }
        };
        CustomerView { filter, sort }
    }

    /// The URL query of this view: "" for the default view, else "?k=v&…".
    pub fn to_query(&self) -> String {
        let f = &self.filter;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        // Kept as typed (the search field shows the URL's value: trimming would eat the
        // space between two words while typing); the search itself ignores extra spaces.
        if !f.query.trim().is_empty() {
            pairs.push(("q", f.query.clone()));
        }
        let mut code = |key, c: Option<&'static str>| {
            if let Some(c) = c {
                pairs.push((key, c.to_owned()));
            }
        };
        code("tier", f.tier.map(|v| code_of(&TIER_CODES, v)));
        code("activity", f.activity.map(|v| code_of(&ACTIVITY_CODES, v)));
        code("value", f.value.map(|v| code_of(&VALUE_CODES, v)));
        code(
            "lifecycle",
            f.lifecycle.map(|v| code_of(&LIFECYCLE_CODES, v)),
        );
        code("churn", f.churn.map(|v| code_of(&CHURN_CODES, v)));
        code("risk", f.risk.map(|v| code_of(&RISK_CODES, v)));
        code("overdue", f.overdue.then_some("1"));
        code("maturing", f.maturing.then_some("1"));
        if self.sort != SortOrder::default() {
            code("sort", Some(code_of(&SORT_CODES, self.sort.key)));
            code(
                "dir",
                Some(match self.sort.direction {
                    Direction::Ascending => "asc",
                    Direction::Descending => "desc",
                }),
            );
        }
        if let Some(h) = f.household {
            pairs.push(("household", h.code()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", body.join("&"))
    }
}

/// Percent-encode a query value (RFC 3986 unreserved characters stay as they are).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Parse a query string the way the router does (percent-decoding included).
    fn parse(query: &str) -> CustomerView {
        let map: HashMap<String, String> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), decode(v)))
            .collect();
        CustomerView::from_query(|k| map.get(k).cloned())
    }

    fn decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_default_view_has_an_empty_query() {
        assert_eq!(CustomerView::default().to_query(), "");
        assert_eq!(parse(""), CustomerView::default());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_filter_and_the_sort_survive_a_round_trip_through_the_url() {
        let view = CustomerView {
            filter: CustomerFilter {
                query: "张 5678".into(),
                tier: Some(Tier::Diamond),
                activity: Some(ActivityClass::Dormant),
                value: Some(ValueClass::HighValueAdded),
                lifecycle: Some(Lifecycle::Declining),
                churn: Some(ChurnBand::High),
                risk: Some(RiskFilter::NotAssessed),
                overdue: true,
                maturing: true,
                household: Some(HouseholdFilter::Of(clientbook_domain::HouseholdId(12))),
            },
            sort: SortOrder {
                key: SortKey::NextContact,
                direction: Direction::Descending,
            },
        };
        let q = view.to_query();
        assert!(q.starts_with("?q=%E5%BC%A0%205678&tier=diamond"), "{q}");
        assert_eq!(parse(&q), view);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn each_code_table_round_trips() {
        for (v, c) in TIER_CODES {
            assert_eq!(parse_code(&TIER_CODES, c), Some(v));
        }
        for (v, c) in RISK_CODES {
            assert_eq!(parse_code(&RISK_CODES, c), Some(v));
        }
        for (v, c) in SORT_CODES {
            assert_eq!(parse_code(&SORT_CODES, c), Some(v));
            let view = CustomerView {
                sort: SortOrder {
                    key: v,
                    direction: Direction::Ascending,
                },
                ..Default::default()
            };
            assert_eq!(parse(&view.to_query()), view);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_values_are_ignored_and_a_sort_without_direction_takes_its_natural_one() {
        let v = parse("?tier=ruby&churn=HIGH&overdue=yes&sort=name");
        assert_eq!(v.filter.tier, None);
        assert_eq!(v.filter.churn, Some(ChurnBand::High));
        assert!(!v.filter.overdue);
        assert_eq!(
            v.sort,
            SortOrder {
                key: SortKey::Name,
                direction: Direction::Ascending
            }
        );
    }
}
