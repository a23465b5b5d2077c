//! Staff users, sessions and sign-in lockout. All of it lives in the database so that
//! several instances can run behind a load balancer.

use super::audit::insert_audit;
use super::{col, now_ms, parse_enum, NewAuditEntry, Storage};
use crate::error::AppError;
use clientbook_domain::api::{Me, Role};
use clientbook_domain::service::UserSummary;
use clientbook_domain::{BranchId, UserId};
use sqlx::any::AnyRow;

#[derive(Clone, Debug)]
pub struct StoredUser {
    pub me: Me,
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    /// A disabled account cannot sign in.
    pub disabled: bool,
}

/// The user behind a live session.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub me: Me,
    pub last_seen: i64,
}

fn me_from_row(row: &AnyRow) -> Result<Me, AppError> {
    Ok(Me {
        id: UserId(col(row, "id")?),
        username: col(row, "username")?,
        display_name: col(row, "display_name")?,
        role: parse_enum::<Role>(&col::<String>(row, "role")?)?,
        branch_id: col::<Option<i64>>(row, "branch_id")?.map(BranchId),
    })
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.branch_id";

impl Storage {
    #[tracing::instrument(skip(self))]
    pub async fn user_by_username(&self, username: &str) -> Result<Option<StoredUser>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.password_hash, u.failed_logins, u.locked_until, u.disabled \
             FROM users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StoredUser {
                me: me_from_row(&row)?,
                password_hash: col(&row, "password_hash")?,
                failed_logins: col(&row, "failed_logins")?,
                locked_until: col(&row, "locked_until")?,
                disabled: col::<i64>(&row, "disabled")? != 0,
            })
        })
        .transpose()
    }

    /// Count one more failed sign-in; at `max_failures` in a row, lock until `lock_until`.
    /// Returns whether the account is now locked. One UPDATE, so concurrent attempts on
    /// two instances cannot both slip under the limit. `audit` is written in the same
    /// transaction, its action set to `account_locked` when this failure locks.
    #[tracing::instrument(skip(self, audit))]
    pub async fn record_failed_login(
        &self,
        user: UserId,
        max_failures: i64,
        lock_until: i64,
        audit: &NewAuditEntry,
    ) -> Result<bool, AppError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE users SET \
               locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END, \
               failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END \
             WHERE id = $1 RETURNING locked_until",
        )
        .bind(user.0)
        .bind(max_failures)
        .bind(lock_until)
        .fetch_one(&mut *tx)
        .await?;
        let locked = col::<Option<i64>>(&row, "locked_until")? == Some(lock_until);
        let mut audit = audit.clone();
        if locked {
            audit.action = super::enum_code(&clientbook_domain::api::AuditAction::AccountLocked);
        }
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(locked)
    }

    /// Open a session (resetting the failure count) and record the sign-in, in one transaction.
    #[tracing::instrument(skip(self, token_hash, audit))]
    pub async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<(), AppError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES ($1, $2, $3, $3)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session's user, if the session exists and was used within `idle_ms`; touches
    /// `last_seen` (at most every few seconds, to spare writes). Expired sessions are deleted.
    #[tracing::instrument(skip_all)]
    pub async fn session_user(
        &self,
        token_hash: &str,
        idle_ms: i64,
    ) -> Result<Option<SessionUser>, AppError> {
        let now = now_ms();
        let Some(row) = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.disabled = 0"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let last_seen: i64 = col(&row, "last_seen")?;
        if now - last_seen > idle_ms {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        if now - last_seen > 5_000 {
            sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(SessionUser {
            me: me_from_row(&row)?,
            last_seen,
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sign out: end the session and record it, in one transaction. Returns whether a
    /// live session was ended (an unknown token records nothing).
    #[tracing::instrument(skip_all)]
    pub async fn end_session(
        &self,
        token_hash: &str,
        audit: impl FnOnce(&Me) -> NewAuditEntry,
    ) -> Result<bool, AppError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut *tx, &audit(&me_from_row(&row)?)).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(skip(self))]
    pub async fn delete_idle_sessions(&self, idle_ms: i64) -> Result<u64, AppError> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen < $1")
            .bind(now_ms() - idle_ms)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(skip(self))]
    pub async fn users(&self, only: Option<UserId>) -> Result<Vec<UserSummary>, AppError> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.disabled FROM users u WHERE ($1 = 0 OR u.id = $1) ORDER BY u.id"
        ))
        .bind(only.map(|u| u.0).unwrap_or(0))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let me = me_from_row(row)?;
            Ok(UserSummary {
                id: me.id,
                username: me.username,
                display_name: me.display_name,
                role: me.role,
                branch_id: me.branch_id,
                disabled: col::<i64>(row, "disabled")? != 0,
            })
        })
        .collect()
    }

    #[tracing::instrument(skip(self))]
    pub async fn branch_exists(&self, branch: BranchId) -> Result<bool, AppError> {
        Ok(sqlx::query("SELECT id FROM branches WHERE id = $1")
            .bind(branch.0)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    /// Create a user. A taken username is `AppError::AlreadyExists` from the database's
    /// unique constraint: no read first, so two admins at once cannot both pass a check
    /// (and SQLite's writer is not a reader upgrading a stale snapshot).
    #[tracing::instrument(skip(self, password_hash, audit))]
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        role: Role,
        branch: Option<BranchId>,
        password_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<UserId, AppError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO users (username, display_name, role, branch_id, password_hash) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(super::enum_code(&role))
        .bind(branch.map(|b| b.0))
        .bind(password_hash)
        .fetch_one(&mut *tx)
        .await?;
        let id = UserId(col(&row, "id")?);
        let mut audit = audit.clone();
        audit.detail = Some(format!("user={id} username={username}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Set a new password, unlock the account and end its sessions. `false`: no such user.
    #[tracing::instrument(skip(self, password_hash, audit))]
    pub async fn reset_password(
        &self,
        user: UserId,
        password_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<bool, AppError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2",
        )
        .bind(password_hash)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("user={user}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disable (ending every session of the user) or enable. `false`: no such user.
    #[tracing::instrument(skip(self, audit))]
    pub async fn set_disabled(
        &self,
        user: UserId,
        disabled: bool,
        audit: &NewAuditEntry,
    ) -> Result<bool, AppError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let ended = if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        } else {
            0
        };
        let mut audit = audit.clone();
        audit.detail = Some(format!("user={user} sessions_ended={ended}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(skip(self))]
    pub async fn is_empty(&self) -> Result<bool, AppError> {
        let row = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(col::<i64>(&row, "n")? == 0)
    }
}
