//! Confirmations of contact fields (docs/rules.md, Stale fields): when each field of a
//! customer was last confirmed. Whether a field is stale is the domain's rule
//! (`clientbook_domain::stale`); this module only stores and reads the dates.

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::scoped_customer;
use super::{col, parse_date, NewAuditEntry, Storage, Versioned};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::stale::ContactField;
use clientbook_domain::{CustomerId, UserId};
use std::collections::BTreeMap;

/// A customer's confirmations and what a field without one counts from.
#[derive(Clone, Debug, Default)]
pub struct ConfirmationRows {
    pub kyc_reviewed_on: Option<NaiveDate>,
    pub confirmations: Vec<(ContactField, NaiveDate)>,
    pub version: i64,
}

impl Storage {
    /// The confirmations of a customer in `scope`; `None` when not in it.
    #[tracing::instrument(skip(self))]
    pub async fn field_confirmations(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<ConfirmationRows>, AppError> {
        Ok(self
            .scope_confirmations(Filter::new(scope, Some(id)))
            .await?
            .into_values()
            .next())
    }

    /// The confirmations of every customer in `scope`, by customer.
    #[tracing::instrument(skip(self))]
    pub async fn book_confirmations(
        &self,
        scope: Scope,
    ) -> Result<BTreeMap<CustomerId, ConfirmationRows>, AppError> {
        self.scope_confirmations(Filter::new(scope, None)).await
    }

    async fn scope_confirmations(
        &self,
        filter: Filter,
    ) -> Result<BTreeMap<CustomerId, ConfirmationRows>, AppError> {
        let mut out = BTreeMap::new();
        let sql = format!(
            "SELECT c.id, c.kyc_reviewed_on, c.version FROM customers c WHERE {}",
            filter.sql
        );
        for row in filter.query(&sql).fetch_all(&self.pool).await? {
            out.insert(
                CustomerId(col(&row, "id")?),
                ConfirmationRows {
                    kyc_reviewed_on: Some(parse_date(&col::<String>(&row, "kyc_reviewed_on")?)?),
                    confirmations: vec![],
                    version: col(&row, "version")?,
                },
            );
        }
        let sql = format!(
            "SELECT f.customer_id, f.field, f.confirmed_on FROM field_confirmations f \
             JOIN customers c ON c.id = f.customer_id WHERE {}",
            filter.sql
        );
        for row in filter.query(&sql).fetch_all(&self.pool).await? {
            let id = CustomerId(col(&row, "customer_id")?);
            let field = col::<String>(&row, "field")?;
            let field = ContactField::parse(&field)
                .ok_or_else(|| AppError::internal(format!("unknown stored field {field:?}")))?;
            let on = parse_date(&col::<String>(&row, "confirmed_on")?)?;
            if let Some(c) = out.get_mut(&id) {
                c.confirmations.push((field, on));
            }
        }
        Ok(out)
    }

    /// Confirm `fields` of a customer in `scope` on `on`, by `by`: bumps the version,
    /// writes the audit in the same transaction.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, audit))]
    pub async fn confirm_fields(
        &self,
        scope: Scope,
        id: CustomerId,
        fields: &[ContactField],
        on: NaiveDate,
        by: UserId,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<()>>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, id).await?.is_none() {
            return Ok(None);
        }
        let done = sqlx::query(
            "UPDATE customers SET version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        for field in fields {
            sqlx::query(
                "INSERT INTO field_confirmations (customer_id, field, confirmed_on, confirmed_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, field) DO UPDATE SET \
                 confirmed_on = excluded.confirmed_on, confirmed_by = excluded.confirmed_by",
            )
            .bind(id.0)
            .bind(field.as_str())
            .bind(on.to_string())
            .bind(by.0)
            .execute(&mut *tx)
            .await?;
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(())))
    }
}
