//! The append-only audit log and the stored policy. There is deliberately no UPDATE or
//! DELETE of `audit_log` anywhere; the database's triggers refuse one as well.

use super::{col, now_ms, Storage};
use crate::error::AppError;
use sqlx::{Any, Executor};

/// An entry to append. `origin` fields come from the request.
#[derive(Clone, Debug, Default)]
pub struct NewAuditEntry {
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Option<String>,
    pub action: String,
    pub customer_id: Option<i64>,
    pub fields: Vec<String>,
    pub detail: Option<String>,
    pub client_ip: Option<String>,
    pub forwarded_for: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug)]
pub struct StoredAuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub entry: NewAuditEntry,
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub customer_id: Option<i64>,
    pub action: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub limit: i64,
}

/// Append one entry through `executor`: pass the transaction of the change it records.
pub(crate) async fn insert_audit<'e, E>(executor: E, e: &NewAuditEntry) -> Result<(), AppError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, role, action, customer_id, fields, detail, \
         client_ip, forwarded_for, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(now_ms())
    .bind(e.user_id)
    .bind(&e.username)
    .bind(&e.role)
    .bind(&e.action)
    .bind(e.customer_id)
    .bind(e.fields.join(","))
    .bind(&e.detail)
    .bind(&e.client_ip)
    .bind(&e.forwarded_for)
    .bind(&e.user_agent)
    .execute(executor)
    .await?;
    Ok(())
}

enum Param {
    I(i64),
    S(String),
}

impl Storage {
    /// Append an entry that records a read (no change to go with it).
    #[tracing::instrument(skip(self, entry), fields(action = %entry.action))]
    pub async fn audit(&self, entry: &NewAuditEntry) -> Result<(), AppError> {
        insert_audit(&self.writer, entry).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<StoredAuditEntry>, AppError> {
        let mut conds = vec!["1 = 1".to_owned()];
        let mut params = vec![];
        let mut add = |sql: &str, p: Param| {
            params.push(p);
            conds.push(format!("{sql} ${}", params.len()));
        };
        if let Some(u) = &f.username {
            add("username =", Param::S(u.clone()));
        }
        if let Some(c) = f.customer_id {
            add("customer_id =", Param::I(c));
        }
        if let Some(a) = &f.action {
            add("action =", Param::S(a.clone()));
        }
        if let Some(from) = f.from_ms {
            add("at >=", Param::I(from));
        }
        if let Some(to) = f.to_ms {
            add("at <", Param::I(to));
        }
        let sql = format!(
            "SELECT id, at, user_id, username, role, action, customer_id, fields, detail, client_ip, \
             forwarded_for, user_agent FROM audit_log WHERE {} ORDER BY id DESC LIMIT ${}",
            conds.join(" AND "),
            params.len() + 1
        );
        let mut q = sqlx::query(&sql);
        for p in params {
            q = match p {
                Param::I(i) => q.bind(i),
                Param::S(s) => q.bind(s),
            };
        }
        q.bind(f.limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let fields: String = col(row, "fields")?;
                Ok(StoredAuditEntry {
                    id: col(row, "id")?,
                    at_ms: col(row, "at")?,
                    entry: NewAuditEntry {
                        user_id: col(row, "user_id")?,
                        username: col(row, "username")?,
                        role: col(row, "role")?,
                        action: col(row, "action")?,
                        customer_id: col(row, "customer_id")?,
                        fields: fields
                            .split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect(),
                        detail: col(row, "detail")?,
                        client_ip: col(row, "client_ip")?,
                        forwarded_for: col(row, "forwarded_for")?,
                        user_agent: col(row, "user_agent")?,
                    },
                })
            })
            .collect()
    }

    /// The stored policy document (JSON), if one was ever saved.
    #[tracing::instrument(skip(self))]
    pub async fn policy_document(&self) -> Result<Option<String>, AppError> {
        let row = sqlx::query("SELECT document FROM policy WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| col(&r, "document")).transpose()
    }

    /// Replace the policy and record who did it, in one transaction.
    #[tracing::instrument(skip(self, document, audit))]
    pub async fn save_policy(
        &self,
        document: &str,
        by: i64,
        audit: &NewAuditEntry,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO policy (id, document, updated_at, updated_by) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET document = excluded.document, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(document)
        .bind(now_ms())
        .bind(by)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
