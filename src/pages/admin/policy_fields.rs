//! The fields of the policy editor: which policy figure each input edits, its wire path
//! (the name the server's 422 uses), and how the figure is read from and written to a
//! [`ScoringPolicy`].

use crate::i18n::{Locale, Msg};
use clientbook_domain::api::FieldProblem;
use clientbook_domain::{Money, ScoringPolicy, Tier};
use leptos::prelude::*;

/// An amount in whole yuan with thousands separators ("1,000,000"), fen only when present.
pub fn yuan_text(m: Money) -> String {
    let s = m.to_string().replacen('¥', "", 1);
    match s.strip_suffix(".00") {
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

/// A per-tier policy field: the tier, its wire path and its input's id.
pub(super) type PolicyField = (Tier, &'static str, &'static str);

/// An input of the policy editor: its label, wire path and id.
pub(super) type InputSpec = (Msg, &'static str, &'static str);

/// The inputs of per-tier fields, labelled with the tier.
pub(super) fn tier_specs(fields: &[PolicyField]) -> impl Iterator<Item = InputSpec> + '_ {
    fields
        .iter()
        .map(|&(t, field, id)| (Msg::tier(t), field, id))
}

/// The tier thresholds.
pub(super) const TIER_FIELDS: [PolicyField; 4] = [
    (Tier::Gold, "tiers.gold", "policy-tier-gold"),
    (Tier::Platinum, "tiers.platinum", "policy-tier-platinum"),
    (Tier::Diamond, "tiers.diamond", "policy-tier-diamond"),
    (
        Tier::PrivateBanking,
        "tiers.private_banking",
        "policy-tier-private-banking",
    ),
];

/// The contact intervals in days, most valuable tier first.
pub(super) const DAY_FIELDS: [PolicyField; 5] = [
    (
        Tier::PrivateBanking,
        "contact.private_banking_days",
        "policy-days-private-banking",
    ),
    (Tier::Diamond, "contact.diamond_days", "policy-days-diamond"),
    (
        Tier::Platinum,
        "contact.platinum_days",
        "policy-days-platinum",
    ),
    (Tier::Gold, "contact.gold_days", "policy-days-gold"),
    (
        Tier::Standard,
        "contact.standard_days",
        "policy-days-standard",
    ),
];

pub(super) fn tier_money(p: &ScoringPolicy, tier: Tier) -> Money {
    match tier {
        Tier::Gold => p.tiers.gold,
        Tier::Platinum => p.tiers.platinum,
        Tier::Diamond => p.tiers.diamond,
        Tier::PrivateBanking => p.tiers.private_banking,
        Tier::Standard => Money::ZERO,
    }
}

pub(super) fn set_tier_money(p: &mut ScoringPolicy, tier: Tier, m: Money) {
    match tier {
        Tier::Gold => p.tiers.gold = m,
        Tier::Platinum => p.tiers.platinum = m,
        Tier::Diamond => p.tiers.diamond = m,
        Tier::PrivateBanking => p.tiers.private_banking = m,
        Tier::Standard => {}
    }
}

pub(super) fn set_days(p: &mut ScoringPolicy, tier: Tier, days: u32) {
    let c = &mut p.contact;
    match tier {
        Tier::PrivateBanking => c.private_banking_days = days,
        Tier::Diamond => c.diamond_days = days,
        Tier::Platinum => c.platinum_days = days,
        Tier::Gold => c.gold_days = days,
        Tier::Standard => c.standard_days = days,
    }
}

/// The whole number typed in `value`, or a problem for `field`.
pub(super) fn whole_number(
    value: RwSignal<String>,
    field: &str,
    lang: Locale,
    problems: &mut Vec<FieldProblem>,
) -> Option<u32> {
    let parsed = value.get_untracked().trim().parse::<u32>().ok();
    if parsed.is_none() {
        problems.push(FieldProblem {
            field: field.into(),
            problem: Msg::MustBeWholeNumber.text(lang).into(),
        });
    }
    parsed
}

/// The care look-ahead windows the editor shows (policy `care.*_days`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CareWindow {
    Birthday,
    Holiday,
}

impl CareWindow {
    pub(super) const ALL: [CareWindow; 2] = [CareWindow::Birthday, CareWindow::Holiday];

    const fn label(self) -> Msg {
        match self {
            CareWindow::Birthday => Msg::Birthdays,
            CareWindow::Holiday => Msg::HolidayGreetings,
        }
    }

    /// The wire path and the input's id.
    pub(super) const fn ids(self) -> (&'static str, &'static str) {
        match self {
            CareWindow::Birthday => ("care.birthday_days", "policy-care-birthday-days"),
            CareWindow::Holiday => ("care.holiday_days", "policy-care-holiday-days"),
        }
    }

    pub(super) fn spec(self) -> InputSpec {
        let (field, id) = self.ids();
        (self.label(), field, id)
    }

    pub(super) fn days(self, p: &ScoringPolicy) -> u32 {
        match self {
            CareWindow::Birthday => p.care.birthday_days,
            CareWindow::Holiday => p.care.holiday_days,
        }
    }

    pub(super) fn set(self, p: &mut ScoringPolicy, days: u32) {
        match self {
            CareWindow::Birthday => p.care.birthday_days = days,
            CareWindow::Holiday => p.care.holiday_days = days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn thresholds_read_in_whole_yuan_with_separators() {
        assert_eq!(yuan_text(Money::from_yuan(1_000_000)), "1,000,000");
        assert_eq!(yuan_text(Money::from_fen(5_000_050)), "50,000.50");
        assert_eq!(
            Money::parse(&yuan_text(Money::from_yuan(6_000_000))),
            Ok(Money::from_yuan(6_000_000))
        );
    }
}
