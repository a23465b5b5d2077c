//! Policy of the target allocation per risk level and its drift tolerance
//! (docs/rules.md, Target allocation).

use crate::risk::RiskLevel;
use serde::{Deserialize, Serialize};

/// Target allocation per risk level (docs/rules.md, Target allocation): percent of AUM per
/// asset class, each row summing to 100; a class off its target by more than
/// `tolerance_points` percentage points is a drift to correct.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AllocationPolicy {
    /// Indexed by `RiskLevel` (C1..C5), then by `AssetClass` (deposits, fixed income,
    /// equity funds, insurance).
    pub targets: [[u32; 4]; 5],
    pub tolerance_points: u32,
}

impl Default for AllocationPolicy {
    fn default() -> Self {
        Self {
            targets: [
                [80, 15, 0, 5],
                [50, 35, 10, 5],
                [30, 35, 25, 10],
                [20, 30, 40, 10],
                [10, 20, 60, 10],
            ],
            tolerance_points: 5,
        }
    }
}

impl AllocationPolicy {
    pub fn target(&self, level: RiskLevel) -> [u32; 4] {
        self.targets[level as usize]
    }

    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        for (i, row) in self.targets.iter().enumerate() {
            // In u64: four percents near u32::MAX must not overflow the sum.
            if row.iter().map(|p| u64::from(*p)).sum::<u64>() != 100 {
                let field = [
                    "allocation.targets.C1",
                    "allocation.targets.C2",
                    "allocation.targets.C3",
                    "allocation.targets.C4",
                    "allocation.targets.C5",
                ][i];
                push(field, "must sum to 100 percent");
            }
        }
        if self.tolerance_points > 100 {
            push("allocation.tolerance_points", "must be at most 100");
        }
    }
}
