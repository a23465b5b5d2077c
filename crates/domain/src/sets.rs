//! Small copyable sets over the domain's enums, so that scoring one customer allocates
//! nothing for them.

use crate::customer::{Need, ProductFamily};
use serde::{Deserialize, Serialize};

/// A set of product families (bit per `ProductFamily`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FamilySet(u8);

impl FamilySet {
    pub fn insert(&mut self, f: ProductFamily) {
        self.0 |= 1 << (f as u8);
    }
    pub const fn contains(self, f: ProductFamily) -> bool {
        self.0 & (1 << (f as u8)) != 0
    }
    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = ProductFamily> {
        ProductFamily::ALL
            .into_iter()
            .filter(move |f| self.contains(*f))
    }
}

impl FromIterator<ProductFamily> for FamilySet {
    fn from_iter<I: IntoIterator<Item = ProductFamily>>(iter: I) -> Self {
        let mut s = Self::default();
        for f in iter {
            s.insert(f);
        }
        s
    }
}

/// A set of needs (bit per `Need`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NeedSet(u8);

impl NeedSet {
    pub const ALL: [Need; 3] = [
        Need::Investment,
        Need::ConsumerCredit,
        Need::AssetPreservation,
    ];
    pub fn insert(&mut self, n: Need) {
        self.0 |= 1 << (n as u8);
    }
    pub const fn contains(self, n: Need) -> bool {
        self.0 & (1 << (n as u8)) != 0
    }
    pub const fn union(self, other: NeedSet) -> NeedSet {
        NeedSet(self.0 | other.0)
    }
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Need> {
        Self::ALL.into_iter().filter(move |n| self.contains(*n))
    }
}

impl FromIterator<Need> for NeedSet {
    fn from_iter<I: IntoIterator<Item = Need>>(iter: I) -> Self {
        let mut s = Self::default();
        for n in iter {
            s.insert(n);
        }
        s
    }
}
