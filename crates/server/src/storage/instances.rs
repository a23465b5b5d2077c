//! What several server instances on one database must agree on at start: which one
//! creates the demo bank of an empty database (the others wait for it), so two
//! instances started together never insert it twice.

use super::{col, Storage};
use crate::error::AppError;
use std::time::{Duration, Instant};

impl Storage {
    /// Claim the creation of the demo bank: true for the one instance whose claim is
    /// stored first (a unique key of `meta`), false for every other.
    pub async fn claim_demo_bank(&self, instance: &str) -> Result<bool, AppError> {
        let done = sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('demo_claimed_by', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(instance)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Say the demo bank is whole (its pipeline and campaign too): the last step.
    pub async fn demo_bank_ready(&self) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('demo_ready', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(super::now_ms().to_string())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Wait until the instance that claimed the demo bank has finished it.
    pub async fn wait_for_demo_bank(&self, limit: Duration) -> Result<(), AppError> {
        let started = Instant::now();
        loop {
            let row = sqlx::query("SELECT value FROM meta WHERE key = 'demo_ready'")
                .fetch_optional(&self.pool)
                .await?;
            if let Some(row) = row {
                col::<String>(&row, "value")?;
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(AppError::internal(
                    "another instance claimed the demo bank and has not finished it",
                ));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
