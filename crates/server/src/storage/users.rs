//! Staff users, sessions, sign-in throttling and trusted devices. All of it lives in the
//! database so that several instances can run behind a load balancer.

use super::audit::insert_audit;
use super::{col, now_ms, parse_enum, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::throttle::{Rule, DEVICE_MAX_FAILURES, DEVICE_TTL_MS};
use clientbook_domain::api::{Me, Role};
use clientbook_domain::service::UserSummary;
use clientbook_domain::{BranchId, UserId};
use sqlx::any::AnyRow;

#[derive(Clone, Debug)]
pub struct StoredUser {
    pub me: Me,
    pub password_hash: String,
    /// A disabled account cannot sign in.
    pub disabled: bool,
}

/// What a successful sign-in stores (token hashes only).
#[derive(Clone, Copy, Debug)]
pub struct NewSession<'a> {
    pub user: UserId,
    pub session_hash: &'a str,
    /// The session cookie the browser sent, if any: it is ended.
    pub replaced_session: Option<&'a str>,
    pub device_hash: &'a str,
    /// The device cookie the browser sent, if any: replaced by the new one.
    pub replaced_device: Option<&'a str>,
    /// The throttle key of the account's name, cleared when the sign-in had to pass the
    /// throttle (`None` from a trusted device: the real user signing in does not give an
    /// attacker a fresh set of tries).
    pub account_key: Option<&'a str>,
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
        meeting_id: None,
    })
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.branch_id";

impl Storage {
    #[tracing::instrument(skip(self))]
    pub async fn user_by_username(&self, username: &str) -> Result<Option<StoredUser>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.password_hash, u.disabled \
             FROM users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StoredUser {
                me: me_from_row(&row)?,
                password_hash: col(&row, "password_hash")?,
                disabled: col::<i64>(&row, "disabled")? != 0,
            })
        })
        .transpose()
    }

    /// The latest time one of `keys` is blocked until, if one is blocked at `now`.
    #[tracing::instrument(skip(self))]
    pub async fn sign_in_blocked_until(
        &self,
        keys: &[&str],
        now: i64,
    ) -> Result<Option<i64>, AppError> {
        let mut until = None;
        for key in keys {
            let row = sqlx::query(
                "SELECT blocked_until FROM sign_in_throttle WHERE key = $1 AND blocked_until > $2",
            )
            .bind(*key)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = row {
                until = until.max(Some(col::<i64>(&row, "blocked_until")?));
            }
        }
        Ok(until)
    }

    /// Count a failed sign-in under each key by its rule; returns the time sign-ins are
    /// now blocked until when this failure blocked a key. Each count is one upsert, so
    /// attempts on two instances at once cannot both slip under a limit. `audit` is
    /// written in the same transaction, its action `account_locked` when a block starts.
    #[tracing::instrument(skip(self, audit))]
    pub async fn record_sign_in_failure(
        &self,
        keys: &[(&str, Rule)],
        now: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        let mut blocked = None;
        for (key, rule) in keys {
            let row = sqlx::query(
                "INSERT INTO sign_in_throttle (key, failures, last_failure, blocked_until) \
                 VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET \
                   failures = CASE WHEN sign_in_throttle.last_failure < $3 THEN 1 \
                                   ELSE sign_in_throttle.failures + 1 END, \
                   last_failure = $2 \
                 RETURNING failures",
            )
            .bind(*key)
            .bind(now)
            .bind(now - rule.forget_after_ms)
            .fetch_one(&mut *tx)
            .await?;
            let delay = rule.delay_ms(col::<i64>(&row, "failures")?);
            if delay > 0 {
                sqlx::query("UPDATE sign_in_throttle SET blocked_until = $2 WHERE key = $1")
                    .bind(*key)
                    .bind(now + delay)
                    .execute(&mut *tx)
                    .await?;
                blocked = blocked.max(Some(now + delay));
            }
        }
        let mut audit = audit.clone();
        if blocked.is_some() {
            audit.action = super::enum_code(&clientbook_domain::api::AuditAction::AccountLocked);
        }
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(blocked)
    }

    /// The user a trusted device belongs to, unless it went unused too long.
    #[tracing::instrument(skip_all)]
    pub async fn trusted_device(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<UserId>, AppError> {
        let row = sqlx::query(
            "SELECT user_id FROM trusted_devices WHERE token_hash = $1 AND last_used >= $2",
        )
        .bind(token_hash)
        .bind(now - DEVICE_TTL_MS)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| col(&r, "user_id").map(UserId)).transpose()
    }

    /// A wrong password from a trusted device: counted, and at `DEVICE_MAX_FAILURES` the
    /// device is trusted no more. Returns whether it was forgotten.
    #[tracing::instrument(skip_all)]
    pub async fn record_device_failure(
        &self,
        token_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<bool, AppError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE trusted_devices SET failures = failures + 1 WHERE token_hash = $1 RETURNING failures",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let failures = row.map(|r| col::<i64>(&r, "failures")).transpose()?;
        let forgotten = failures.is_some_and(|n| n >= DEVICE_MAX_FAILURES);
        if forgotten {
            sqlx::query("DELETE FROM trusted_devices WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("trusted device; device_forgotten={forgotten}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(forgotten)
    }

    /// A successful sign-in, in one transaction: the account's failure count is cleared,
    /// the session and device cookies the browser had are replaced by new ones (a session
    /// planted before sign-in never becomes the signed-in one), and the sign-in recorded.
    #[tracing::instrument(skip_all)]
    pub async fn open_session(
        &self,
        new: &NewSession<'_>,
        audit: &NewAuditEntry,
    ) -> Result<(), AppError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        if let Some(key) = new.account_key {
            sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(old) = new.replaced_session {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(old) = new.replaced_device {
            sqlx::query("DELETE FROM trusted_devices WHERE token_hash = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES ($1, $2, $3, $3)",
        )
        .bind(new.session_hash)
        .bind(new.user.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used, failures) \
             VALUES ($1, $2, $3, $3, 0)",
        )
        .bind(new.device_hash)
        .bind(new.user.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session's user, if the session exists, was used within `idle_ms` and began
    /// within `absolute_ms`; touches `last_seen` (at most every few seconds, to spare
    /// writes). An expired session is deleted.
    #[tracing::instrument(skip_all)]
    pub async fn session_user(
        &self,
        token_hash: &str,
        idle_ms: i64,
        absolute_ms: i64,
    ) -> Result<Option<SessionUser>, AppError> {
        let now = now_ms();
        let Some(row) = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.last_seen, s.created_at, s.meeting_id FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled = 0"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let last_seen: i64 = col(&row, "last_seen")?;
        let created_at: i64 = col(&row, "created_at")?;
        if now - last_seen > idle_ms || now - created_at > absolute_ms {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        if now - last_seen > 5_000 {
            let touched = sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(now)
                .execute(&self.writer)
                .await;
            // A database that cannot take writes (read-only, full) still lets a live
            // session read what needs no write; its idle clock just does not move.
            match touched {
                Err(e) if crate::unavailable::storage_unavailable(&e) => {
                    crate::unavailable::remember(&e);
                    tracing::warn!(error = %e, "session not touched: storage unavailable");
                }
                other => {
                    other?;
                }
            }
        }
        let mut me = me_from_row(&row)?;
        me.meeting_id = col(&row, "meeting_id")?;
        Ok(Some(SessionUser { me, last_seen }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
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
        let mut tx = self.begin_write().await?;
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

    /// Delete expired sessions (idle or past the absolute limit), throttle counts that
    /// are forgotten and blocked no more, and trusted devices unused for too long.
    #[tracing::instrument(skip(self))]
    pub async fn delete_idle_sessions(
        &self,
        idle_ms: i64,
        absolute_ms: i64,
    ) -> Result<u64, AppError> {
        let now = now_ms();
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2")
            .bind(now - idle_ms)
            .bind(now - absolute_ms)
            .execute(&self.writer)
            .await?;
        let forget = crate::throttle::ACCOUNT
            .forget_after_ms
            .max(crate::throttle::SOURCE.forget_after_ms);
        sqlx::query("DELETE FROM sign_in_throttle WHERE last_failure < $1 AND blocked_until < $2")
            .bind(now - forget)
            .bind(now)
            .execute(&self.writer)
            .await?;
        sqlx::query("DELETE FROM trusted_devices WHERE last_used < $1")
            .bind(now - crate::throttle::DEVICE_TTL_MS)
            .execute(&self.writer)
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
        let mut tx = self.begin_write().await?;
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
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
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
        // A reset may follow a compromise: the browsers trusted so far are trusted no
        // more, and the account's name is no longer held back.
        sqlx::query("DELETE FROM trusted_devices WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM sign_in_throttle WHERE key = (SELECT 'account:' || username FROM users WHERE id = $1)",
        )
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
        let mut tx = self.begin_write().await?;
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
