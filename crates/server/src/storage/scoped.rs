//! What every change to a customer's service record starts with: the customer, if the
//! caller's scope holds it, read inside the change's own transaction.

use super::filter::Filter;
use super::{col, parse_date, parse_opt_date, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use clientbook_domain::{BookCustomer, BranchId, CustomerId, UserId};
use sqlx::AnyConnection;

/// The outcome of an edit that names the version it was based on.
#[derive(Debug)]
pub enum Versioned<T> {
    Done(T),
    /// The version sent is not the current one: nothing was changed.
    Stale,
}

/// What a write needs to know of the customer it touches.
#[derive(Clone, Debug)]
pub struct CustomerRef {
    pub id: CustomerId,
    pub rm_id: UserId,
    pub branch_id: BranchId,
    pub since: NaiveDate,
    pub version: i64,
    pub next_contact_on: Option<NaiveDate>,
}

pub(crate) fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub(super) async fn scoped_customer(
    conn: &mut AnyConnection,
    scope: Scope,
    id: CustomerId,
) -> Result<Option<CustomerRef>, AppError> {
    let filter = Filter::new(scope, Some(id));
    let row = filter
        .query(&format!(
            "SELECT c.id, c.rm_id, c.branch_id, c.since, c.version, c.next_contact_on \
             FROM customers c WHERE {}",
            filter.sql
        ))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(CustomerRef {
            id: CustomerId(col(&row, "id")?),
            rm_id: UserId(col(&row, "rm_id")?),
            branch_id: BranchId(col(&row, "branch_id")?),
            since: parse_date(&col::<String>(&row, "since")?)?,
            version: col(&row, "version")?,
            next_contact_on: parse_opt_date(col(&row, "next_contact_on")?)?,
        })
    })
    .transpose()
}

impl Storage {
    /// The customer if it is in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn customer_ref(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<CustomerRef>, AppError> {
        let mut conn = self.pool.acquire().await?;
        scoped_customer(&mut conn, scope, id).await
    }

    /// One book customer (12 months of history), unmasked, if it is in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn book_customer(
        &self,
        scope: Scope,
        id: CustomerId,
        as_of: NaiveDate,
    ) -> Result<Option<BookCustomer>, AppError> {
        Ok(self
            .load_customers_public(&Filter::new(scope, Some(id)), as_of, 12)
            .await?
            .pop())
    }
}
