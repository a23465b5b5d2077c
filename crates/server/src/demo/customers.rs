//! Who the demo customers are: name, identity documents, contact details, age, wealth,
//! risk profile and household (a spouse of an earlier customer now and then).

use super::{days_before, pick, tier_index, weighted, DemoBank, DemoCustomer, DemoUser};
use crate::demo_data::*;
use chrono::{Days, Months};
use clientbook_domain::{Channel, Gender, Need, RiskLevel};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

/// How far back a spouse is looked for: the generator keeps this many of the last
/// customers in hand when it hands a batch out.
pub(super) const PARTNER_LOOKBACK: i64 = 300;

/// Phone and ID numbers already given: each is unique in the bank. Kept as numbers (an ID
/// number by its first 17 digits, which decide the check character) so that a bank of a
/// million customers costs tens of megabytes here, not hundreds.
#[derive(Default)]
pub(super) struct Taken {
    phones: HashSet<u64>,
    id_numbers: HashSet<u64>,
}

/// The digits of `s` as a number (the generator only makes digit strings here).
fn digits(s: &str) -> u64 {
    s.bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b.wrapping_sub(b'0')))
}

/// ISO 7064 MOD 11-2 check character of a mainland resident ID number.
pub fn id_check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    C[(sum % 11) as usize]
}

/// Whether a customer joined a household as a parent or a child of its couple.
fn is_relative(c: &DemoCustomer) -> bool {
    matches!(c.household_role.as_deref(), Some("Parent" | "Child"))
}

/// Share of customers (with no spouse drawn) who are a grown child or a parent of an
/// earlier couple of their branch, when one of a believable age is in hand.
const RELATIVE_SHARE: f64 = 0.06;

/// The household (and role) a new customer born on `birth_date` joins as the parent or
/// grown child of an earlier couple of `branch`: a child 22 to 40 years younger than the
/// couple's head or spouse, a parent as much older; one of the same surname first (a
/// son keeps his father's; a mother keeps her own). Drawn from a generator of its own,
/// seeded by the customer's id, so the rest of the bank is drawn exactly as before.
fn relative_of(
    bank: &DemoBank,
    id: i64,
    branch: i64,
    birth_date: chrono::NaiveDate,
    surname: &str,
) -> Option<(i64, &'static str)> {
    use rand::SeedableRng;
    let mut rng = ChaCha8Rng::seed_from_u64(0x686f_7573_6568_6f6c ^ id as u64);
    if !rng.random_bool(RELATIVE_SHARE) {
        return None;
    }
    let gap = |c: &DemoCustomer| -> Option<&'static str> {
        let (older, younger, role) = if c.birth_date < birth_date {
            (c.birth_date, birth_date, "Child")
        } else {
            (birth_date, c.birth_date, "Parent")
        };
        let years = younger.years_since(older)?;
        (22..=40).contains(&years).then_some(role)
    };
    let couple = |c: &&DemoCustomer| {
        c.branch_id == branch
            && c.household_id.is_some()
            && matches!(c.household_role.as_deref(), Some("Head" | "Spouse"))
    };
    let mut best = None;
    // The last PARTNER_LOOKBACK customers: the ones a streamed batch still holds.
    let in_hand = bank
        .customers
        .iter()
        .rev()
        .take_while(|c| c.id >= id - PARTNER_LOOKBACK);
    let in_window = |c: &&DemoCustomer| c.id >= id - PARTNER_LOOKBACK;
    // At most two parents and three children to a household (of those in hand).
    let room = |hid: i64, role: &str| {
        let n = bank
            .customers
            .iter()
            .rev()
            .take_while(in_window)
            .filter(|m| m.household_id == Some(hid) && m.household_role.as_deref() == Some(role))
            .count();
        n < if role == "Parent" { 2 } else { 3 }
    };
    for c in in_hand.filter(couple) {
        if let Some(role) = gap(c) {
            let hid = c.household_id?;
            if !room(hid, role) {
                continue;
            }
            if c.name.starts_with(surname) {
                return Some((hid, role));
            }
            best.get_or_insert((hid, role));
        }
    }
    best
}

/// AUM target in fen: a tier (docs/rules.md, Tiers) drawn with fixed shares, then a long-tailed
/// amount inside it (log-uniform; a Pareto tail for private banking).
fn draw_aum(rng: &mut ChaCha8Rng) -> i64 {
    let u: f64 = rng.random();
    let (lo, hi): (f64, f64) = if u < 0.605 {
        (5.0, 49_999.0)
    } else if u < 0.885 {
        (50_000.0, 499_999.0)
    } else if u < 0.955 {
        (500_000.0, 999_999.0)
    } else if u < 0.994 {
        (1_000_000.0, 5_999_999.0)
    } else {
        let pareto = 6_000_000.0 / (1.0 - rng.random::<f64>() * 0.97).powf(1.0 / 1.6);
        return (pareto.min(300_000_000.0) * 100.0) as i64;
    };
    let v = (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp();
    (v.clamp(lo, hi) * 100.0) as i64
}

/// Customer `id` of `rm`, with no contact plan yet.
pub(super) fn customer(
    rng: &mut ChaCha8Rng,
    bank: &mut DemoBank,
    taken: &mut Taken,
    id: i64,
    rm: &DemoUser,
) -> DemoCustomer {
    let i = id - 1;
    let as_of = bank.as_of;
    let aum = draw_aum(rng);
    let tier = tier_index(aum);

    // A spouse of an earlier customer of the same branch now and then (家庭).
    let mut partner: Option<usize> = None;
    if i > 10 && rng.random_bool(0.07) {
        // Absolute index drawn, then relative to the customers still in hand (the
        // generator keeps the last PARTNER_LOOKBACK of them when it hands a batch out).
        let j = rng.random_range((i - PARTNER_LOOKBACK).max(0)..i) as usize;
        let j = j - bank.before.customers;
        let c = &bank.customers[j];
        // A grown child or a parent who joined a household (see `relative_of`) may
        // still marry and start their own: the same draw as if they were in none.
        if (c.household_id.is_none() || is_relative(c))
            && c.branch_id == rm.branch_id.unwrap_or(1)
            && as_of.years_since(c.birth_date).unwrap_or(0) >= 24
        {
            partner = Some(j);
        }
    }

    let gender = match partner {
        Some(j) if bank.customers[j].gender == Gender::Male => Gender::Female,
        Some(_) => Gender::Male,
        None if rng.random_bool(0.5) => Gender::Male,
        None => Gender::Female,
    };
    let birth_date = match partner {
        Some(j) => {
            let b = bank.customers[j].birth_date;
            let shift = rng.random_range(0..3650u64);
            days_before(b + Days::new(1825), shift)
        }
        None => {
            // Wealth comes with age: the richer tiers skew older.
            let age = rng.random_range(22..60) + rng.random_range(0..(8 + 6 * tier as i32)).min(25);
            let days = age as u64 * 365 + rng.random_range(0..365);
            days_before(as_of, days)
        }
    };
    let surname = if rng.random_bool(0.6) {
        SURNAMES[rng.random_range(0..20)]
    } else {
        pick(rng, SURNAMES)
    };
    let given = if gender == Gender::Male {
        pick(rng, GIVEN_MALE)
    } else {
        pick(rng, GIVEN_FEMALE)
    };
    let name = format!("{surname}{given}");

    let phone = loop {
        let prefix = pick(
            rng,
            &[
                "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "158",
                "159", "186", "187", "188", "189", "177", "199",
            ],
        );
        let p = format!("{prefix}{:08}", rng.random_range(0..100_000_000u32));
        if taken.phones.insert(digits(&p)) {
            break p;
        }
    };
    let (area, place) = match partner {
        Some(j) => {
            let code = &bank.customers[j].id_number[..6];
            *AREAS.iter().find(|(a, _)| *a == code).unwrap_or(&AREAS[0])
        }
        None => *pick(rng, AREAS),
    };
    let id_number = loop {
        let mut seq = rng.random_range(0..500u32) * 2;
        if gender == Gender::Male {
            seq += 1;
        }
        let first17 = format!("{area}{}{:03}", birth_date.format("%Y%m%d"), seq);
        let full = format!("{first17}{}", id_check_char(&first17));
        if taken.id_numbers.insert(digits(&first17)) {
            break full;
        }
    };
    let address = match partner {
        Some(j) => bank.customers[j].address.clone(),
        None => format!(
            "{place}{}{}号{}室",
            pick(rng, STREETS),
            rng.random_range(1..999),
            rng.random_range(101..2808)
        ),
    };
    let email = rng.random_bool(0.6).then(|| {
        let local: String = (0..rng.random_range(5..10))
            .map(|_| (b'a' + rng.random_range(0..26u8)) as char)
            .collect();
        format!(
            "{local}{}@{}",
            rng.random_range(1..99),
            pick(rng, EMAIL_DOMAINS)
        )
    });
    let age = as_of.years_since(birth_date).unwrap_or(30);
    let occupation = if age >= 62 {
        "Retired".to_owned()
    } else {
        (*pick(rng, &OCCUPATIONS[..OCCUPATIONS.len() - 1])).to_owned()
    };
    let employer = (occupation != "Retired").then(|| (*pick(rng, EMPLOYERS)).to_owned());
    let income_band = ["<100k", "100k-200k", "200k-500k", "500k-1m", ">1m"]
        [(tier + rng.random_range(0..2)).min(4)]
    .to_owned();
    let hobbies = (0..rng.random_range(0..4))
        .map(|_| (*pick(rng, HOBBIES)).to_owned())
        .collect::<HashSet<_>>();
    let mut hobbies: Vec<String> = hobbies.into_iter().collect();
    hobbies.sort();
    let preferred_channel = weighted(
        rng,
        &[
            (Channel::App, 30),
            (Channel::Phone, 25),
            (Channel::Message, 15),
            (Channel::Branch, 15),
            (Channel::Visit, 8),
            (Channel::Email, 4),
            (Channel::Event, 3),
        ],
    );
    let risk_level = rng.random_bool(0.95).then(|| {
        weighted(
            rng,
            &[
                (RiskLevel::C1, 14),
                (RiskLevel::C2, 28),
                (RiskLevel::C3, 32),
                (RiskLevel::C4, 18),
                (RiskLevel::C5, 8),
            ],
        )
    });
    // A few questionnaires have expired (older than 12 months); the others were taken
    // over the last year (`shares::EXPIRED_QUESTIONNAIRES`).
    let risk_assessed_on = risk_level.map(|_| {
        let days = if rng.random_bool(1.0 - super::shares::EXPIRED_QUESTIONNAIRES.aim) {
            rng.random_range(0..360)
        } else {
            rng.random_range(370..1000)
        };
        days_before(as_of, days)
    });
    let lowest_risk_subcategory = risk_level == Some(RiskLevel::C1) && rng.random_bool(0.2);
    let kyc_reviewed_on = days_before(as_of, rng.random_range(0..800));
    let adult = birth_date + Months::new(18 * 12);
    let since_days = if rng.random_bool(0.08) {
        rng.random_range(20..365)
    } else {
        rng.random_range(365..7300)
    };
    let since = days_before(as_of, since_days).max(adult).min(as_of);
    let mut stated_needs: Vec<Need> = vec![];
    for need in [
        Need::Investment,
        Need::ConsumerCredit,
        Need::AssetPreservation,
    ] {
        if rng.random_bool(0.25) {
            stated_needs.push(need);
        }
    }
    let (household_id, household_role) = match partner {
        Some(j) => {
            let hid = (bank.before.households + bank.households.len()) as i64 + 1;
            let head = &mut bank.customers[j];
            let hname: String = format!("{}家", head.name.chars().next().unwrap_or('王'));
            head.household_id = Some(hid);
            head.household_role = Some("Head".into());
            bank.households.push((hid, hname));
            (Some(hid), Some("Spouse".to_owned()))
        }
        None if i > 10 => {
            match relative_of(bank, id, rm.branch_id.unwrap_or(1), birth_date, surname) {
                Some((hid, role)) => (Some(hid), Some(role.to_owned())),
                None => (None, None),
            }
        }
        None => (None, None),
    };

    DemoCustomer {
        id,
        rm_id: rm.id,
        branch_id: rm.branch_id.unwrap_or(1),
        name,
        phone,
        id_number,
        gender,
        birth_date,
        email,
        address,
        occupation,
        employer,
        income_band,
        hobbies,
        preferred_channel,
        risk_level,
        risk_assessed_on,
        lowest_risk_subcategory,
        kyc_reviewed_on,
        since,
        household_id,
        household_role,
        stated_needs,
        // The contact plan sets it (see `service`).
        next_contact_on: None,
        aum,
    }
}
