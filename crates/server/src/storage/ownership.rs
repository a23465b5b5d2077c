//! Book ownership: which relationship manager a customer belongs to.

use super::audit::insert_audit;
use super::scoped::{scoped_customer, Versioned};
use super::{NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::{CustomerId, UserId};

impl Storage {
    /// Give the customer to another RM of the same branch (checked here, in the
    /// transaction). `Err(Validation)` when `rm` is not an active RM of the branch.
    #[tracing::instrument(skip(self, audit))]
    pub async fn change_owner(
        &self,
        scope: Scope,
        customer: CustomerId,
        rm: UserId,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<i64>>, AppError> {
        let mut tx = self.begin_write().await?;
        let Some(c) = scoped_customer(&mut tx, scope, customer).await? else {
            return Ok(None);
        };
        let ok = sqlx::query(
            "SELECT id FROM users WHERE id = $1 AND role = 'RelationshipManager' AND branch_id = $2 \
             AND disabled = 0",
        )
        .bind(rm.0)
        .bind(c.branch_id.0)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if !ok {
            return Err(AppError::invalid(
                "rm_id",
                "must be an active relationship manager of the customer's branch",
            ));
        }
        let done = sqlx::query(
            "UPDATE customers SET rm_id = $1, version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(rm.0)
        .bind(customer.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("from={} to={}", c.rm_id, rm));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(version + 1)))
    }
}
