//! Policy of masking: which part of each C2 identifier stays visible (docs/rules.md,
//! Masking).

use serde::{Deserialize, Serialize};

/// How many leading and trailing characters of each C2 identifier stay visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MaskingPolicy {
    pub card: KeepEnds,
    pub mobile: KeepEnds,
    pub id_number: KeepEnds,
    pub account: KeepEnds,
    /// Names keep this many leading characters (the surname).
    pub name_keep: u8,
    /// Compound surnames (复姓): a name starting with one keeps the whole surname
    /// (欧阳** rather than 欧***), docs/rules.md, Masking.
    pub compound_surnames: Vec<String>,
    /// How much of a home address stays visible.
    pub address: AddressMask,
    /// How much of a birth date stays visible.
    pub birth_date: BirthDateMask,
}

/// The visible part of a masked address (docs/rules.md, Masking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressMask {
    /// Up to and including the district (区/县/旗): 北京市朝阳区****. Text without
    /// Chinese characters keeps what precedes its first comma.
    #[default]
    District,
    /// Nothing: ****.
    Hidden,
}

/// The visible part of a masked birth date (docs/rules.md, Masking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BirthDateMask {
    /// The year: 1958-**-**.
    #[default]
    Year,
    /// Nothing: ****-**-**.
    Hidden,
}

/// The most compound surnames a policy may hold (each masked name is checked against
/// every one).
pub const COMPOUND_SURNAMES_MAX: usize = 200;

/// The compound surnames (复姓) most common in mainland China.
pub const DEFAULT_COMPOUND_SURNAMES: [&str; 30] = [
    "欧阳", "上官", "司马", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "夏侯", "长孙", "宇文",
    "司徒", "令狐", "澹台", "公冶", "申屠", "太史", "端木", "独孤", "南宫", "轩辕", "西门", "呼延",
    "百里", "东郭", "万俟", "闻人", "赫连", "钟离",
];

/// Keep `first` leading and `last` trailing characters; mask the rest with `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeepEnds {
    pub first: u8,
    pub last: u8,
}

impl Default for MaskingPolicy {
    fn default() -> Self {
        Self {
            card: KeepEnds { first: 6, last: 4 },
            mobile: KeepEnds { first: 3, last: 4 },
            id_number: KeepEnds { first: 6, last: 4 },
            account: KeepEnds { first: 0, last: 4 },
            name_keep: 1,
            compound_surnames: DEFAULT_COMPOUND_SURNAMES.map(String::from).to_vec(),
            address: AddressMask::District,
            birth_date: BirthDateMask::Year,
        }
    }
}

impl MaskingPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        let surnames = &self.compound_surnames;
        if surnames.len() > COMPOUND_SURNAMES_MAX {
            push(
                "masking.compound_surnames",
                "must hold at most 200 surnames",
            );
        }
        for (i, s) in surnames.iter().enumerate() {
            if !(2..=4).contains(&s.chars().count()) {
                push(
                    &format!("masking.compound_surnames[{i}]"),
                    "must be 2 to 4 characters",
                );
            }
        }
    }
}
