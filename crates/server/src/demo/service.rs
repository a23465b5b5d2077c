//! Service work of each demo customer: the contact log and plan, surveys, complaints and
//! notes. Problems are a minority, as in a well-run branch: the shares are in
//! [`super::shares`], and [`Plan`] deals them out book by book.

use super::shares::{
    Quota, OPEN_COMPLAINTS, OVERDUE_FOLLOW_UPS, OVERDUE_OPEN_COMPLAINTS, PASSIVES, PROMOTERS,
};
use super::{
    days_before, pick, weighted, DemoBank, DemoComplaint, DemoCustomer, DemoInteraction, DemoNote,
    DemoSurvey,
};
use crate::demo_data::*;
use crate::model::{ComplaintChannel, ComplaintContentType, InteractionKind, InteractionOutcome};
use chrono::Days;
use clientbook_domain::policy::ContactPolicy;
use clientbook_domain::ServiceAttribute;
use clientbook_domain::{AttributeRating, Channel, ComplaintSeverity, ComplaintStatus, Tier};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// Who gets which problem: overdue follow-ups by book, open complaints across the bank.
pub(super) struct Plan {
    overdue_follow_ups: HashMap<i64, Quota>,
    open_complaints: Quota,
    overdue_complaints: Quota,
}

impl Plan {
    pub(super) fn new(rng: &mut ChaCha8Rng, rm_ids: &[i64]) -> Self {
        Self {
            overdue_follow_ups: rm_ids
                .iter()
                .map(|id| (*id, Quota::new(OVERDUE_FOLLOW_UPS.aim, rng)))
                .collect(),
            open_complaints: Quota::new(OPEN_COMPLAINTS.aim, rng),
            overdue_complaints: Quota::new(OVERDUE_OPEN_COMPLAINTS.aim, rng),
        }
    }
}

pub(super) fn generate(
    rng: &mut ChaCha8Rng,
    bank: &mut DemoBank,
    c: &mut DemoCustomer,
    tier: Tier,
    plan: &mut Plan,
) {
    contacts(rng, bank, c, tier, plan);
    surveys(rng, bank, c);
    complaints(rng, bank, c, plan);
    notes(rng, bank, c);
}

/// Days of the relationship so far.
fn known_days(bank: &DemoBank, c: &DemoCustomer) -> u64 {
    (bank.as_of - c.since).num_days().max(0) as u64
}

/// The contact log: the last contact within the tier's contact interval for most
/// customers, spread over it; past it by up to half an interval for the book's share of
/// overdue follow-ups. Earlier contacts fill the relationship's last two years.
fn contacts(
    rng: &mut ChaCha8Rng,
    bank: &mut DemoBank,
    c: &mut DemoCustomer,
    tier: Tier,
    plan: &mut Plan,
) {
    let as_of = bank.as_of;
    let interval = u64::from(ContactPolicy::default().interval_days(tier));
    let known = known_days(bank, c);
    // Only a relationship older than one interval can be overdue.
    let overdue = known > interval + 1
        && plan
            .overdue_follow_ups
            .get_mut(&c.rm_id)
            .is_some_and(Quota::take);
    let last_ago = if overdue {
        let late = rng.random_range(1..=(interval / 2).max(1));
        Some((interval + late).min(known))
    } else if known < interval && rng.random_bool(0.3) {
        // New, and not due yet: not contacted so far.
        None
    } else {
        Some(rng.random_range(0..interval.min(known + 1)))
    };
    if !overdue && rng.random_bool(0.05) {
        // The RM agreed a date with the customer.
        c.next_contact_on = Some(as_of + Days::new(rng.random_range(1..30)));
    }
    let Some(last_ago) = last_ago else {
        return;
    };
    let window = known.min(730);
    let earlier = if window > last_ago {
        let most = [3, 5, 8, 12, 20][tier_rank(tier)];
        rng.random_range(0..=most)
    } else {
        0
    };
    let mut days_ago = vec![last_ago];
    days_ago.extend((0..earlier).map(|_| rng.random_range(last_ago..=window)));
    for ago in days_ago {
        let kind = weighted(
            rng,
            &[
                (InteractionKind::Call, 40),
                (InteractionKind::Message, 30),
                (InteractionKind::Visit, 20),
                (InteractionKind::Event, 10),
            ],
        );
        let channel = match kind {
            InteractionKind::Call => Channel::Phone,
            InteractionKind::Message if rng.random_bool(0.5) => Channel::App,
            InteractionKind::Message => Channel::Message,
            InteractionKind::Visit if rng.random_bool(0.5) => Channel::Visit,
            InteractionKind::Visit => Channel::Branch,
            InteractionKind::Event => Channel::Event,
        };
        let outcome = weighted(
            rng,
            &[
                (InteractionOutcome::Interested, 20),
                (InteractionOutcome::NotInterested, 15),
                (InteractionOutcome::FollowUpScheduled, 25),
                (InteractionOutcome::ProductPurchased, 12),
                (InteractionOutcome::NoAnswer, 18),
                (InteractionOutcome::ServiceRequest, 10),
            ],
        );
        let id = (bank.before.interactions + bank.interactions.len()) as i64 + 1;
        bank.interactions.push(DemoInteraction {
            id,
            customer_id: c.id,
            rm_id: c.rm_id,
            occurred_on: days_before(as_of, ago),
            kind,
            channel,
            outcome,
            note: (*pick(rng, INTERACTION_NOTES)).to_owned(),
        });
    }
}

/// 0 Standard ..= 4 Private banking.
fn tier_rank(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0)
}

/// A third of the customers answered a survey or a few; most would recommend the bank.
fn surveys(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer) {
    if !rng.random_bool(0.35) {
        return;
    }
    let window = known_days(bank, c).clamp(1, 730);
    for _ in 0..rng.random_range(1..4) {
        let mood: f64 = rng.random();
        let recommend: i64 = if mood < PROMOTERS {
            rng.random_range(9..=10)
        } else if mood < PROMOTERS + PASSIVES {
            rng.random_range(7..=8)
        } else {
            rng.random_range(0..=6)
        };
        let overall =
            ((recommend as f64 / 2.5).round() as i64 + rng.random_range(-1..=1)).clamp(1, 5);
        let mut ratings = vec![];
        for attribute in ServiceAttribute::ALL {
            if rng.random_bool(0.8) {
                ratings.push(AttributeRating {
                    attribute,
                    satisfaction: (overall + rng.random_range(-1..=1)).clamp(1, 5) as u8,
                    importance: rng.random_range(1..=5),
                });
            }
        }
        let id = (bank.before.surveys + bank.surveys.len()) as i64 + 1;
        bank.surveys.push(DemoSurvey {
            id,
            customer_id: c.id,
            answered_on: days_before(bank.as_of, rng.random_range(0..window)),
            recommend,
            overall,
            ratings,
        });
    }
}

/// Closed complaints over the relationship, and the bank's share of open ones: received
/// within their internal deadline (urgent today, major and general in the last two
/// days), or, for the share that is overdue, well past it.
fn complaints(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer, plan: &mut Plan) {
    let known = known_days(bank, c);
    let window = known.clamp(1, 730);
    let closed = if rng.random_bool(0.05) {
        1
    } else if rng.random_bool(0.01) {
        rng.random_range(2..4)
    } else {
        0
    };
    for _ in 0..closed {
        let age = rng.random_range(0..window);
        let severity = severity(rng);
        complaint(rng, bank, c, age, severity, ComplaintStatus::Closed);
    }
    if plan.open_complaints.take() {
        let overdue = plan.overdue_complaints.take();
        let severity = severity(rng);
        let age = match (overdue, severity) {
            (false, ComplaintSeverity::Urgent) => 0,
            (false, _) => rng.random_range(0..=2),
            (true, ComplaintSeverity::Urgent) => rng.random_range(2..=6),
            (true, ComplaintSeverity::Major) => rng.random_range(4..=10),
            (true, ComplaintSeverity::General) => rng.random_range(8..=20),
        };
        let status = weighted(
            rng,
            &[
                (ComplaintStatus::Received, 3),
                (ComplaintStatus::Investigating, 4),
                (ComplaintStatus::Resolved, 2),
                (ComplaintStatus::CustomerInformed, 1),
            ],
        );
        complaint(rng, bank, c, age.min(known), severity, status);
    }
}

fn severity(rng: &mut ChaCha8Rng) -> ComplaintSeverity {
    weighted(
        rng,
        &[
            (ComplaintSeverity::General, 70),
            (ComplaintSeverity::Major, 22),
            (ComplaintSeverity::Urgent, 8),
        ],
    )
}

fn complaint(
    rng: &mut ChaCha8Rng,
    bank: &mut DemoBank,
    c: &DemoCustomer,
    age: u64,
    severity: ComplaintSeverity,
    status: ComplaintStatus,
) {
    let resolved = matches!(
        status,
        ComplaintStatus::Resolved | ComplaintStatus::CustomerInformed | ComplaintStatus::Closed
    );
    let id = (bank.before.complaints + bank.complaints.len()) as i64 + 1;
    bank.complaints.push(DemoComplaint {
        id,
        customer_id: c.id,
        received_on: days_before(bank.as_of, age),
        channel: weighted(
            rng,
            &[
                (ComplaintChannel::Phone, 35),
                (ComplaintChannel::BranchCounter, 25),
                (ComplaintChannel::Online, 15),
                (ComplaintChannel::Email, 5),
                (ComplaintChannel::App, 20),
            ],
        ),
        content_type: weighted(
            rng,
            &[
                (ComplaintContentType::Service, 40),
                (ComplaintContentType::Product, 25),
                (ComplaintContentType::Operation, 25),
                (ComplaintContentType::Policy, 10),
            ],
        ),
        severity,
        status,
        summary: (*pick(rng, COMPLAINT_SUMMARIES)).to_owned(),
        resolution: resolved.then(|| "已向客户解释并处理完毕".to_owned()),
    });
}

/// A fifth of the customers have a note or two from their RM.
fn notes(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer) {
    if !rng.random_bool(0.2) {
        return;
    }
    let window = known_days(bank, c).clamp(1, 730);
    for _ in 0..rng.random_range(1..3) {
        let id = (bank.before.notes + bank.notes.len()) as i64 + 1;
        let day = days_before(bank.as_of, rng.random_range(0..window));
        let at = day
            .and_hms_opt(rng.random_range(1..10), rng.random_range(0..60), 0)
            .expect("valid time")
            .and_utc()
            .timestamp_millis();
        bank.notes.push(DemoNote {
            id,
            customer_id: c.id,
            author_id: c.rm_id,
            written_at_ms: at,
            body: (*pick(rng, NOTES)).to_owned(),
        });
    }
}
