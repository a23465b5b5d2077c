//! What a well-run branch looks like: the shares of problems the demo bank is generated
//! with. Each is an aim and the range the demo test accepts, measured with the domain's
//! own rules on the stored bank as of its business date (`tests/it/demo.rs`).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A share (0..=1) the generator aims at, and the range a generated bank must land in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub aim: f64,
    pub low: f64,
    pub high: f64,
}

impl Share {
    pub fn accepts(&self, share: f64) -> bool {
        (self.low..=self.high).contains(&share)
    }
}

/// Customers of a book whose follow-up (回访) is overdue by the contact plan.
pub const OVERDUE_FOLLOW_UPS: Share = Share {
    aim: 0.11,
    low: 0.08,
    high: 0.15,
};

/// Customers of the bank with a complaint still open.
pub const OPEN_COMPLAINTS: Share = Share {
    aim: 0.012,
    low: 0.006,
    high: 0.02,
};

/// Open complaints past their internal or regulatory deadline.
pub const OVERDUE_OPEN_COMPLAINTS: Share = Share {
    aim: 0.15,
    low: 0.10,
    high: 0.20,
};

/// Customers of a book in the high churn band. The generator aims at it with the
/// customers whose assets and activity decline (strong fall and net outflow alone are
/// high by the default weights); a few others reach it by other signals.
pub const HIGH_CHURN: Share = Share {
    aim: 0.065,
    low: 0.05,
    high: 0.10,
};

/// The net promoter score of the bank's surveys, as a share (−1..=1): positive, as in a
/// branch whose customers mostly recommend it.
pub const NPS: Share = Share {
    aim: 0.20,
    low: 0.05,
    high: 0.40,
};

/// Customers with a risk questionnaire (风险测评) that has expired: a branch renews them
/// as they fall due, so a few are late (the rest expire over the year and are renewed
/// from the care list's warning, about one in twelve a month).
pub const EXPIRED_QUESTIONNAIRES: Share = Share {
    aim: 0.04,
    low: 0.02,
    high: 0.07,
};

/// Of survey answers: promoters (9–10) and passives (7–8); the rest are detractors.
pub const PROMOTERS: f64 = 0.45;
pub const PASSIVES: f64 = 0.30;

/// Says yes to a share of the calls, to within one call whatever their number: the
/// share accumulates from a seeded start and each whole one is a yes. A book of 125
/// customers and one of 600 get the same share, which coin flips would not give.
#[derive(Clone, Debug)]
pub struct Quota {
    share: f64,
    credit: f64,
}

impl Quota {
    pub fn new(share: f64, rng: &mut ChaCha8Rng) -> Self {
        Self {
            share,
            credit: rng.random::<f64>(),
        }
    }

    pub fn take(&mut self) -> bool {
        self.credit += self.share;
        if self.credit >= 1.0 {
            self.credit -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_quota_gives_its_share_to_within_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for n in [7, 125, 613] {
            let mut q = Quota::new(0.11, &mut rng);
            let yes = (0..n).filter(|_| q.take()).count() as f64;
            assert!((yes - 0.11 * n as f64).abs() <= 1.0, "{yes} of {n}");
        }
    }

    #[test]
    fn every_aim_is_inside_its_range() {
        for s in [
            OVERDUE_FOLLOW_UPS,
            OPEN_COMPLAINTS,
            OVERDUE_OPEN_COMPLAINTS,
            HIGH_CHURN,
            NPS,
            EXPIRED_QUESTIONNAIRES,
        ] {
            assert!(s.accepts(s.aim), "{s:?}");
        }
        let nps = PROMOTERS - (1.0 - PROMOTERS - PASSIVES);
        assert!(NPS.accepts(nps), "{nps}");
    }
}
