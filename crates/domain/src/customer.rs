//! The customer record (客户档案) as the scoring engine sees it, and the product shelf.
//!
//! These types cross the wire: the server sends a relationship manager's whole book as
//! `Vec<BookCustomer>` and the browser scores it. Personal identifiers arrive already
//! masked (see [`crate::masking`]); the full value of a field is only ever sent by an
//! explicit, audited reveal.

use crate::money::Money;
use crate::risk::{ProductRisk, RiskLevel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A customer's stable key.
    CustomerId
);
id_type!(
    /// A staff user (RM, branch manager, compliance, admin).
    UserId
);
id_type!(
    /// A branch (支行/网点).
    BranchId
);
id_type!(
    /// A household (家庭) grouping customers.
    HouseholdId
);
id_type!(
    /// A product on the bank's shelf.
    ProductId
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
    Unspecified,
}

/// The families of products a customer can hold (持仓). Liabilities (loans, cards) count
/// for product depth but never toward AUM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProductFamily {
    DemandDeposit,
    TimeDeposit,
    WealthManagement,
    Fund,
    Bond,
    Insurance,
    Loan,
    CreditCard,
}

impl ProductFamily {
    pub const ALL: [ProductFamily; 8] = [
        Self::DemandDeposit,
        Self::TimeDeposit,
        Self::WealthManagement,
        Self::Fund,
        Self::Bond,
        Self::Insurance,
        Self::Loan,
        Self::CreditCard,
    ];

    /// Counted in AUM (deposits + investments + insurance cash value).
    pub const fn is_asset(self) -> bool {
        !matches!(self, Self::Loan | Self::CreditCard)
    }

    pub const fn is_deposit(self) -> bool {
        matches!(self, Self::DemandDeposit | Self::TimeDeposit)
    }

    pub const fn is_investment(self) -> bool {
        matches!(
            self,
            Self::WealthManagement | Self::Fund | Self::Bond | Self::Insurance
        )
    }
}

/// The customer's preferred channel of contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    Branch,
    Phone,
    Message,
    App,
    Email,
    Visit,
    Event,
}

/// A need (需求) stated by the customer or inferred from holdings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Need {
    Investment,
    ConsumerCredit,
    AssetPreservation,
}

/// One holding (持仓): a product and its balance. For insurance the balance is the cash value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub product_id: ProductId,
    pub family: ProductFamily,
    pub risk: ProductRisk,
    pub balance: Money,
    pub opened_on: NaiveDate,
    /// Maturity of time deposits, wealth products, bonds; `None` for open-ended ones.
    pub matures_on: Option<NaiveDate>,
}

/// Monthly activity history (enough to count frequency and net flows per month), stored
/// column-wise: a 100,000-customer book is sent to the browser in one response, and
/// parallel arrays are several times smaller than an array of month objects.
/// Every vector has the same length; index 0 is `first_month`, the last is the current
/// month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyHistory {
    /// The first day of the oldest month.
    pub first_month: NaiveDate,
    /// Customer-initiated transactions per month.
    pub transactions: Vec<u32>,
    /// Digital logins per month.
    pub logins: Vec<u32>,
    pub inflow: Vec<Money>,
    pub outflow: Vec<Money>,
    /// AUM at each month end.
    pub aum_end: Vec<Money>,
    /// The bank's margin from the customer in each month (contribution, 贡献度).
    pub margin: Vec<Money>,
}

impl MonthlyHistory {
    pub fn len(&self) -> usize {
        self.transactions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.transactions.is_empty()
    }
}

/// A service attribute rated in satisfaction surveys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ServiceAttribute {
    WaitingTime,
    StaffAttitude,
    Expertise,
    ProductRange,
    DigitalChannels,
    Fees,
    BranchEnvironment,
}

impl ServiceAttribute {
    pub const ALL: [ServiceAttribute; 7] = [
        Self::WaitingTime,
        Self::StaffAttitude,
        Self::Expertise,
        Self::ProductRange,
        Self::DigitalChannels,
        Self::Fees,
        Self::BranchEnvironment,
    ];
}

/// One attribute's rating in a survey: satisfaction and importance, both 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRating {
    pub attribute: ServiceAttribute,
    pub satisfaction: u8,
    pub importance: u8,
}

/// A satisfaction survey answered by the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub answered_on: NaiveDate,
    /// "Would you recommend us?" 0–10 (NPS).
    pub recommend: u8,
    /// Overall satisfaction 1–5 (CSAT).
    pub overall: u8,
    pub ratings: Vec<AttributeRating>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComplaintSeverity {
    General,
    Major,
    Urgent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComplaintStatus {
    Received,
    Investigating,
    Resolved,
    CustomerInformed,
    Closed,
}

impl ComplaintStatus {
    pub const fn is_open(self) -> bool {
        !matches!(self, Self::Closed)
    }
}

/// What the scoring engine needs of a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSummary {
    pub received_on: NaiveDate,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
}

/// A customer of the book, as sent to the browser for scoring. Identifiers are masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookCustomer {
    pub id: CustomerId,
    pub rm_id: UserId,
    pub branch_id: BranchId,
    /// Masked by policy: the surname kept, 张**.
    pub name: String,
    /// Masked by policy: 138****5678.
    pub phone: String,
    /// Masked by policy: 110105********1234.
    pub id_number: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    /// `None` when the customer never completed a risk questionnaire.
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    /// In the lowest sub-category of C1 (最低类别): a protected customer.
    pub lowest_risk_subcategory: bool,
    pub kyc_reviewed_on: NaiveDate,
    /// The date the relationship began.
    pub since: NaiveDate,
    pub household_id: Option<HouseholdId>,
    pub preferred_channel: Channel,
    pub stated_needs: Vec<Need>,
    pub holdings: Vec<Holding>,
    /// The last 12 months in the book response; 24 in a customer's own record.
    pub history: MonthlyHistory,
    pub last_contact_on: Option<NaiveDate>,
    /// A next contact date the RM set by hand, overriding the tier's interval.
    pub next_contact_on: Option<NaiveDate>,
    pub surveys: Vec<Survey>,
    pub complaints: Vec<ComplaintSummary>,
    /// Bumped on every change; a stale write is refused (409).
    pub version: i64,
}

impl BookCustomer {
    /// AUM = deposits + investments + insurance cash value (docs/rules.md, Tiers).
    pub fn aum(&self) -> Money {
        self.holdings
            .iter()
            .filter(|h| h.family.is_asset())
            .map(|h| h.balance)
            .sum()
    }

    /// Age in whole years on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        today.years_since(self.birth_date).unwrap_or(0)
    }
}

/// A product on the bank's shelf (产品货架).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
    pub family: ProductFamily,
    pub risk: ProductRisk,
    /// The smallest amount one can buy.
    pub min_amount: Money,
    /// Term in months for products that mature.
    pub term_months: Option<u16>,
    /// Indicative annual yield in basis points (for display only).
    pub yield_bp: Option<u32>,
}
