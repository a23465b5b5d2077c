//! Reads for exports: a whole customer list, streamed row by row from one snapshot, so
//! a 100,000-row export never sits in memory.

use super::list::{bound, list_row, list_sql};
use super::{col, CustomerListFilter, CustomerListRow, DbKind, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use futures_util::stream::{BoxStream, StreamExt};

/// Rows read ahead of the writer: enough to keep the database busy, small in memory.
const READ_AHEAD: usize = 512;

impl Storage {
    /// Every customer in `scope` matching `filter` (its cursor and limit ignored), in the
    /// filter's order, and how many there are. Count and rows come from one read-only
    /// snapshot, so the count audited is the count sent.
    #[tracing::instrument(skip(self))]
    pub async fn customer_rows(
        &self,
        scope: Scope,
        filter: &CustomerListFilter,
    ) -> Result<(u64, BoxStream<'static, Result<CustomerListRow, AppError>>), AppError> {
        let filter = CustomerListFilter {
            after: None,
            ..filter.clone()
        };
        let sql = list_sql(scope, &filter);
        let mut tx = self.pool.begin().await?;
        if self.kind == DbKind::Postgres {
            // SQLite's read transaction is a snapshot already (WAL); PostgreSQL's default
            // READ COMMITTED would see rows committed between the count and the rows.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let total: i64 = col(
            &bound(&sql.count, &sql.params[..sql.count_params])
                .fetch_one(&mut *tx)
                .await?,
            "n",
        )?;
        let (sender, receiver) = tokio::sync::mpsc::channel(READ_AHEAD);
        tokio::spawn(async move {
            {
                let mut rows = bound(&sql.rows, &sql.params).fetch(&mut *tx);
                while let Some(row) = rows.next().await {
                    let item = row.map_err(AppError::from).and_then(|r| list_row(&r));
                    let failed = item.is_err();
                    // The reader went away (the client hung up): stop reading.
                    if sender.send(item).await.is_err() || failed {
                        break;
                    }
                }
            }
            let _ = tx.rollback().await;
        });
        let stream = futures_util::stream::unfold(receiver, |mut r| async move {
            r.recv().await.map(|item| (item, r))
        });
        Ok((u64::try_from(total).unwrap_or(0), stream.boxed()))
    }
}
