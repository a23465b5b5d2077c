//! The printable client review (客户检视报告): what the server records when a review is
//! opened for printing. The review itself is drawn by the app from the customer's
//! record and the scored book, without internal scores (docs/rules.md, Client review).

use crate::customer::CustomerId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `GET /api/customers/{id}/review`: the review was opened for printing (audited as an
/// export, `print_review`); printed on the review's footer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewStamp {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    /// The bank's business date.
    pub prepared_on: NaiveDate,
    /// The staff member's display name.
    pub prepared_by: String,
}
