//! Types of the JSON API under `/api`, shared by the server and the browser so that both
//! sides agree by construction.

use crate::customer::{BookCustomer, BranchId, Product, UserId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a signed-in user may do (scoping is enforced by the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 客户经理: their own book only.
    RelationshipManager,
    /// 支行行长: every book of their branch.
    BranchManager,
    /// 合规: reads everything, changes nothing.
    Compliance,
    /// Manages users and the policy.
    Admin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub branch_id: Option<BranchId>,
}

/// An RM's whole book in one response, for scoring in the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookResponse {
    /// The bank's business date the data is as of (the server's today in the bank's zone).
    pub as_of: NaiveDate,
    pub customers: Vec<BookCustomer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductsResponse {
    pub products: Vec<Product>,
}

/// One field of a rejected request and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// Dotted path of the field, e.g. `tiers.gold` or `password`.
    pub field: String,
    pub problem: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine code, e.g. `invalid_credentials`, `validation`, `not_found`.
    pub code: String,
    /// A readable sentence (English).
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}
