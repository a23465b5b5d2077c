//! One-byte tags for the book's enums. Each mapping is an exhaustive `match`, so a new
//! variant does not compile until it has a tag; tags are never reused.

use crate::customer::{
    Channel, ComplaintSeverity, ComplaintStatus, Gender, Need, ProductFamily, ServiceAttribute,
};
use crate::risk::{ProductRisk, RiskLevel};

pub(super) trait Tagged: Sized + Copy {
    /// One past the largest tag.
    const LIMIT: u8;
    fn tag(self) -> u8;
    fn from_tag(t: u8) -> Option<Self>;
}

macro_rules! tagged {
    ($ty:ident { $($v:ident = $n:literal),* $(,)? }) => {
        impl Tagged for $ty {
            const LIMIT: u8 = [$($n),*].len() as u8;
            fn tag(self) -> u8 {
                match self { $($ty::$v => $n),* }
            }
            fn from_tag(t: u8) -> Option<Self> {
                match t { $($n => Some($ty::$v),)* _ => None }
            }
        }
    };
}

tagged!(Gender { Female = 0, Male = 1, Unspecified = 2 });
tagged!(RiskLevel { C1 = 0, C2 = 1, C3 = 2, C4 = 3, C5 = 4 });
tagged!(ProductRisk { R1 = 0, R2 = 1, R3 = 2, R4 = 3, R5 = 4 });
tagged!(Channel { Branch = 0, Phone = 1, Message = 2, App = 3, Email = 4, Visit = 5, Event = 6 });
tagged!(Need { Investment = 0, ConsumerCredit = 1, AssetPreservation = 2 });
tagged!(ProductFamily {
    DemandDeposit = 0, TimeDeposit = 1, WealthManagement = 2, Fund = 3, Bond = 4,
    Insurance = 5, Loan = 6, CreditCard = 7,
});
tagged!(ServiceAttribute {
    WaitingTime = 0, StaffAttitude = 1, Expertise = 2, ProductRange = 3,
    DigitalChannels = 4, Fees = 5, BranchEnvironment = 6,
});
tagged!(ComplaintSeverity { General = 0, Major = 1, Urgent = 2 });
tagged!(ComplaintStatus {
    Received = 0, Investigating = 1, Resolved = 2, CustomerInformed = 3, Closed = 4,
});
