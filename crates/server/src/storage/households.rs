//! Households (docs/rules.md, Households): who is in a customer's household as the
//! caller may see it, and adding or taking out a member. Scoping stays per member: the
//! members outside the caller's scope are only counted, never read.

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::scoped_customer;
use super::{col, parse_enum, NewAuditEntry, Storage, Versioned};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::api::HouseholdRole;
use clientbook_domain::{CustomerId, HouseholdId};
use sqlx::AnyConnection;

/// A customer's household as stored: the members in the caller's scope (the customer
/// first) with their roles, and how many others there are.
#[derive(Clone, Debug)]
pub struct HouseholdRows {
    pub household: Option<HouseholdId>,
    pub visible: Vec<(CustomerId, Option<HouseholdRole>)>,
    pub others_not_in_scope: u32,
    pub version: i64,
}

/// Why a change to a household was not made.
#[derive(Debug, PartialEq, Eq)]
pub enum HouseholdRefusal {
    /// The member is not a customer of the caller's scope.
    MemberNotInScope,
    /// The member belongs to another household.
    MemberInAnotherHousehold,
    /// The member is already in this household.
    AlreadyMember,
    /// The member is not in this household.
    NotAMember,
}

async fn household_of(
    conn: &mut AnyConnection,
    id: CustomerId,
) -> Result<Option<HouseholdId>, AppError> {
    let row = sqlx::query("SELECT household_id FROM customers WHERE id = $1")
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await?;
    Ok(col::<Option<i64>>(&row, "household_id")?.map(HouseholdId))
}

impl Storage {
    /// The household of a customer in `scope`; `None` when the customer is not in it.
    #[tracing::instrument(skip(self))]
    pub async fn household(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<HouseholdRows>, AppError> {
        let mut conn = self.pool.acquire().await?;
        let Some(customer) = scoped_customer(&mut conn, scope, id).await? else {
            return Ok(None);
        };
        let household = household_of(&mut conn, id).await?;
        // A customer in no household is shown alone.
        let mut visible = vec![];
        let mut others_not_in_scope = 0;
        if household.is_none() {
            visible.push((id, None));
        }
        if let Some(h) = household {
            let scoped = Filter::new(scope, None);
            let sql = format!(
                "SELECT c.id, c.household_role FROM customers c WHERE ({}) \
                 AND c.id IN (SELECT h.id FROM customers h WHERE h.household_id = ${}) \
                 ORDER BY CASE WHEN c.id = ${} THEN 0 ELSE 1 END, c.id",
                scoped.sql,
                scoped.next(),
                scoped.next() + 1
            );
            for row in scoped
                .query(&sql)
                .bind(h.0)
                .bind(id.0)
                .fetch_all(&mut *conn)
                .await?
            {
                visible.push((
                    CustomerId(col(&row, "id")?),
                    col::<Option<String>>(&row, "household_role")?
                        .map(|r| parse_enum(&r))
                        .transpose()?,
                ));
            }
            let all: i64 = col(
                &sqlx::query("SELECT COUNT(*) AS n FROM customers WHERE household_id = $1")
                    .bind(h.0)
                    .fetch_one(&mut *conn)
                    .await?,
                "n",
            )?;
            others_not_in_scope = u32::try_from(all)
                .unwrap_or(0)
                .saturating_sub(visible.len() as u32);
        }
        Ok(Some(HouseholdRows {
            household,
            visible,
            others_not_in_scope,
            version: customer.version,
        }))
    }

    /// Put `member` (of `scope`) into the household of customer `id` (of `scope`) with
    /// `role`; a customer in no household gets a new one with themself as head. Both
    /// versions are bumped; the audit is written in the same transaction.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, audit))]
    pub async fn add_household_member(
        &self,
        scope: Scope,
        id: CustomerId,
        member: CustomerId,
        role: HouseholdRole,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<Result<(), HouseholdRefusal>>>, AppError> {
        let mut tx = self.begin_write().await?;
        let Some(customer) = scoped_customer(&mut tx, scope, id).await? else {
            return Ok(None);
        };
        if customer.version != version {
            return Ok(Some(Versioned::Stale));
        }
        if member == id || scoped_customer(&mut tx, scope, member).await?.is_none() {
            return Ok(Some(Versioned::Done(Err(
                HouseholdRefusal::MemberNotInScope,
            ))));
        }
        let household = household_of(&mut tx, id).await?;
        match (household, household_of(&mut tx, member).await?) {
            (Some(h), Some(m)) if h == m => {
                return Ok(Some(Versioned::Done(Err(HouseholdRefusal::AlreadyMember))))
            }
            (_, Some(_)) => {
                return Ok(Some(Versioned::Done(Err(
                    HouseholdRefusal::MemberInAnotherHousehold,
                ))))
            }
            _ => {}
        }
        let (household, done) = match household {
            Some(h) => {
                let done = sqlx::query(
                    "UPDATE customers SET version = version + 1 WHERE id = $1 AND version = $2",
                )
                .bind(id.0)
                .bind(version)
                .execute(&mut *tx)
                .await?;
                (h, done)
            }
            None => {
                let name: String = col(
                    &sqlx::query("SELECT name FROM customers WHERE id = $1")
                        .bind(id.0)
                        .fetch_one(&mut *tx)
                        .await?,
                    "name",
                )?;
                let surname = name.chars().next().unwrap_or('?');
                let row = sqlx::query("INSERT INTO households (name) VALUES ($1) RETURNING id")
                    .bind(format!("{surname}家"))
                    .fetch_one(&mut *tx)
                    .await?;
                let h = HouseholdId(col(&row, "id")?);
                let done = sqlx::query(
                    "UPDATE customers SET household_id = $1, household_role = $2, version = version + 1 \
                     WHERE id = $3 AND version = $4",
                )
                .bind(h.0)
                .bind(role_code(HouseholdRole::Head))
                .bind(id.0)
                .bind(version)
                .execute(&mut *tx)
                .await?;
                (h, done)
            }
        };
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        sqlx::query(
            "UPDATE customers SET household_id = $1, household_role = $2, version = version + 1 WHERE id = $3",
        )
        .bind(household.0)
        .bind(role_code(role))
        .bind(member.0)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(Ok(()))))
    }

    /// Take `member` (of `scope`, in the same household) out of customer `id`'s
    /// household; `member` may be `id` itself. A household left empty is deleted.
    #[tracing::instrument(skip(self, audit))]
    pub async fn remove_household_member(
        &self,
        scope: Scope,
        id: CustomerId,
        member: CustomerId,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<Result<(), HouseholdRefusal>>>, AppError> {
        let mut tx = self.begin_write().await?;
        let Some(customer) = scoped_customer(&mut tx, scope, id).await? else {
            return Ok(None);
        };
        if customer.version != version {
            return Ok(Some(Versioned::Stale));
        }
        if scoped_customer(&mut tx, scope, member).await?.is_none() {
            return Ok(Some(Versioned::Done(Err(
                HouseholdRefusal::MemberNotInScope,
            ))));
        }
        let household = household_of(&mut tx, id).await?;
        let Some(h) = household else {
            return Ok(Some(Versioned::Done(Err(HouseholdRefusal::NotAMember))));
        };
        if household_of(&mut tx, member).await? != Some(h) {
            return Ok(Some(Versioned::Done(Err(HouseholdRefusal::NotAMember))));
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
        sqlx::query(
            "UPDATE customers SET household_id = NULL, household_role = NULL, version = version + 1 WHERE id = $1",
        )
        .bind(member.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM households WHERE id = $1 AND NOT EXISTS \
             (SELECT 1 FROM customers WHERE household_id = $1)",
        )
        .bind(h.0)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(Ok(()))))
    }
}

fn role_code(role: HouseholdRole) -> String {
    match serde_json::to_value(role) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "Other".to_owned(),
    }
}
