//! Risk levels of the suitability rule (适当性管理): a customer's tolerance C1–C5 from
//! the latest questionnaire, and a product's risk R1–R5.

use serde::{Deserialize, Serialize};

/// The customer's risk tolerance from the questionnaire (C1 most cautious).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskLevel {
    C1,
    C2,
    C3,
    C4,
    C5,
}

/// A product's risk level (R1 lowest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProductRisk {
    R1,
    R2,
    R3,
    R4,
    R5,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 5] = [Self::C1, Self::C2, Self::C3, Self::C4, Self::C5];

    /// 1..=5
    pub const fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// The highest product risk this level may hold: C*n* may see up to R*n*.
    pub const fn max_product_risk(self) -> ProductRisk {
        match self {
            Self::C1 => ProductRisk::R1,
            Self::C2 => ProductRisk::R2,
            Self::C3 => ProductRisk::R3,
            Self::C4 => ProductRisk::R4,
            Self::C5 => ProductRisk::R5,
        }
    }

    pub fn code(self) -> &'static str {
        ["C1", "C2", "C3", "C4", "C5"][self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(s.trim()))
    }
}

impl ProductRisk {
    pub const ALL: [ProductRisk; 5] = [Self::R1, Self::R2, Self::R3, Self::R4, Self::R5];

    /// 1..=5
    pub const fn rank(self) -> u8 {
        self as u8 + 1
    }

    pub fn code(self) -> &'static str {
        ["R1", "R2", "R3", "R4", "R5"][self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(s.trim()))
    }
}
