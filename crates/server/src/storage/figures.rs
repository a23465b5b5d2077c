//! A scope's size, its data version, its customers one batch at a time, and the shared
//! cache of its computed figures (migration 0010; docs/rules.md, Big scopes).
//!
//! The data version is kept by database triggers (one counter per branch, bumped in the
//! transaction of any write to a customer or what the figures read of them), so no code
//! path can write without making the cached figures of its scope stale.

use super::customers::book_customer_from_row;
use super::filter::Filter;
use super::scope_counts::CountedScope;
use super::{col, now_ms, parse_date, parse_enum, parse_opt_date, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::{BookCustomer, CustomerId, Holding, Money, ProductId};
use futures_util::TryStreamExt;

/// The figures stored for a scope, with what they were computed from.
pub struct CachedFigures {
    pub as_of: String,
    pub policy_version: String,
    pub data_version: String,
    pub figures: String,
    /// When they were stored (Unix ms); 0 for figures not stored yet.
    pub computed_at: i64,
}

impl Scope {
    /// The scope's key in the figures cache.
    pub fn cache_key(&self) -> String {
        match self {
            Scope::Rm(rm) => format!("rm:{}", rm.0),
            Scope::Branch(b) => format!("branch:{}", b.0),
            Scope::All => "all".to_owned(),
            Scope::Nothing => "nothing".to_owned(),
        }
    }
}

impl Storage {
    /// How many customers are in `scope`: the count the database keeps beside every
    /// write (migration 0018), not a count of the scope's rows.
    #[tracing::instrument(skip(self))]
    pub async fn scope_size(&self, scope: Scope) -> Result<u64, AppError> {
        match CountedScope::of(scope) {
            Some(kept) => self.kept_count(kept).await,
            None => Ok(0),
        }
    }

    /// The data version of what `scope`'s figures are computed from: a branch's counter
    /// with the bank-wide one (the shelf); for the bank, and for an RM (whose customers
    /// may be in any branch), the sum of every counter. Each counter only grows, so a
    /// version never comes back.
    pub async fn data_version(&self, scope: Scope) -> Result<String, AppError> {
        let version = |sql: &'static str, branch: Option<i64>| async move {
            let mut q = sqlx::query(sql);
            if let Some(b) = branch {
                q = q.bind(b);
            }
            let row = q.fetch_one(&self.pool).await?;
            col::<i64>(&row, "v")
        };
        Ok(match scope {
            Scope::Branch(b) => {
                let own = version(
                    "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) AS v FROM data_versions WHERE branch_id = $1",
                    Some(b.0),
                )
                .await?;
                let bank = version(
                    "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) AS v FROM data_versions WHERE branch_id = 0",
                    None,
                )
                .await?;
                format!("{own}.{bank}")
            }
            Scope::Rm(_) | Scope::All | Scope::Nothing => {
                let all = version(
                    "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) AS v FROM data_versions",
                    None,
                )
                .await?;
                format!("{all}")
            }
        })
    }

    /// The next at most `limit` customers of `scope` after `after` (by id), with
    /// `months` months of history to `as_of`: one batch of a scope folded in turn.
    #[tracing::instrument(skip(self))]
    pub async fn scope_batch(
        &self,
        scope: Scope,
        after: Option<CustomerId>,
        limit: u32,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<Vec<BookCustomer>, AppError> {
        let after = after.map_or(i64::MIN, |id| id.0);
        let filter = Filter::new(scope, None);
        let next = filter.next();
        let last = filter
            .query(&format!(
                "SELECT MAX(id) AS last FROM (SELECT c.id AS id FROM customers c \
                 WHERE ({}) AND c.id > ${next} ORDER BY c.id LIMIT ${}) batch",
                filter.sql,
                next + 1
            ))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_one(&self.pool)
            .await?;
        let Some(last) = col::<Option<i64>>(&last, "last")? else {
            return Ok(Vec::new());
        };
        let range = Filter::id_range(scope, after, last);
        self.load_customers_public(&range, as_of, months).await
    }

    /// The next at most `limit` customers of `scope` after `after` (by id) with their
    /// holdings alone: all the first pass of a scope's fold reads (the peer rates count
    /// each customer's tier by AUM and the product families held). Two queries a batch
    /// instead of seven, and no history (22 of the 28 million rows of a million-customer
    /// bank), so the first pass costs a fraction of the second.
    #[tracing::instrument(skip(self))]
    pub async fn scope_peer_batch(
        &self,
        scope: Scope,
        after: Option<CustomerId>,
        limit: u32,
    ) -> Result<Vec<BookCustomer>, AppError> {
        let after = after.map_or(i64::MIN, |id| id.0);
        let filter = Filter::new(scope, None);
        let next = filter.next();
        let mut customers = Vec::with_capacity(limit as usize);
        let sql = format!(
            "SELECT c.* FROM customers c WHERE ({}) AND c.id > ${next} ORDER BY c.id LIMIT ${}",
            filter.sql,
            next + 1
        );
        let mut rows = filter
            .query(&sql)
            .bind(after)
            .bind(i64::from(limit))
            .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            customers.push(book_customer_from_row(&row)?);
        }
        drop(rows);
        let (Some(first), Some(last)) = (customers.first(), customers.last()) else {
            return Ok(customers);
        };
        let range = Filter::id_range(scope, first.id.0 - 1, last.id.0);
        let sql = format!(
            "SELECT h.customer_id, h.product_id, p.family, p.risk, h.balance, h.opened_on, h.matures_on \
             FROM holdings h JOIN customers c ON c.id = h.customer_id JOIN products p ON p.id = h.product_id \
             WHERE {} ORDER BY h.customer_id, h.id",
            range.sql
        );
        let rows = range.query(&sql).fetch_all(&self.pool).await?;
        let mut at = 0;
        for row in &rows {
            let id = col::<i64>(row, "customer_id")?;
            while at < customers.len() && customers[at].id.0 < id {
                at += 1;
            }
            let Some(c) = customers.get_mut(at).filter(|c| c.id.0 == id) else {
                continue;
            };
            c.holdings.push(Holding {
                product_id: ProductId(col(row, "product_id")?),
                family: parse_enum(&col::<String>(row, "family")?)?,
                risk: parse_enum(&col::<String>(row, "risk")?)?,
                balance: Money::from_fen(col(row, "balance")?),
                opened_on: parse_date(&col::<String>(row, "opened_on")?)?,
                matures_on: parse_opt_date(col(row, "matures_on")?)?,
            });
        }
        Ok(customers)
    }

    /// The masked-elsewhere names of `ids` (at most a few hundred), if in `scope`.
    pub async fn customer_names(
        &self,
        scope: Scope,
        ids: &[CustomerId],
    ) -> Result<Vec<(CustomerId, String)>, AppError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let filter = Filter::new(scope, None);
        let list = ids
            .iter()
            .map(|id| id.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let rows = filter
            .query(&format!(
                "SELECT c.id, c.name FROM customers c WHERE ({}) AND c.id IN ({list}) ORDER BY c.id",
                filter.sql
            ))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((CustomerId(col(r, "id")?), col(r, "name")?)))
            .collect()
    }

    /// The figures last stored for `scope`, whatever they were computed from.
    pub async fn cached_figures(&self, scope: Scope) -> Result<Option<CachedFigures>, AppError> {
        let row = sqlx::query(
            "SELECT as_of, policy_version, data_version, figures, computed_at FROM scope_figures WHERE scope_key = $1",
        )
        .bind(scope.cache_key())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(CachedFigures {
                as_of: col(&r, "as_of")?,
                policy_version: col(&r, "policy_version")?,
                data_version: col(&r, "data_version")?,
                figures: col(&r, "figures")?,
                computed_at: col(&r, "computed_at")?,
            })
        })
        .transpose()
    }

    /// Store `scope`'s figures in place of the last ones, computed by `holder` (the
    /// lease's holder): counts the computation. Answers when they were stored (Unix ms).
    pub async fn store_figures(
        &self,
        scope: Scope,
        as_of: NaiveDate,
        cached: &CachedFigures,
        holder: &str,
    ) -> Result<i64, AppError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO scope_figures (scope_key, as_of, policy_version, data_version, figures, computed_at, computations, computed_by) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) ON CONFLICT (scope_key) DO UPDATE SET \
             as_of = excluded.as_of, policy_version = excluded.policy_version, \
             data_version = excluded.data_version, figures = excluded.figures, computed_at = excluded.computed_at, \
             computations = scope_figures.computations + 1, computed_by = excluded.computed_by",
        )
        .bind(scope.cache_key())
        .bind(as_of.to_string())
        .bind(&cached.policy_version)
        .bind(&cached.data_version)
        .bind(&cached.figures)
        .bind(now)
        .bind(holder)
        .execute(&self.writer)
        .await?;
        Ok(now)
    }

    /// Take the lease on computing `scope`'s figures for `ttl_ms`: one conditional
    /// upsert, which inserts a new lease or takes over an expired one, and which only
    /// one caller can win (PostgreSQL re-checks the condition on the row a concurrent
    /// winner wrote; SQLite writes one statement at a time). True when `holder` won.
    pub async fn take_figures_lease(
        &self,
        scope: Scope,
        holder: &str,
        ttl_ms: i64,
    ) -> Result<bool, AppError> {
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO figures_leases (scope_key, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (scope_key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE figures_leases.expires_at < $4",
        )
        .bind(scope.cache_key())
        .bind(holder)
        .bind(now + ttl_ms)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Extend `holder`'s lease by `ttl_ms` from now: false when it is no longer theirs
    /// (it expired and another instance took it over).
    pub async fn renew_figures_lease(
        &self,
        scope: Scope,
        holder: &str,
        ttl_ms: i64,
    ) -> Result<bool, AppError> {
        let done = sqlx::query(
            "UPDATE figures_leases SET expires_at = $1 WHERE scope_key = $2 AND holder = $3",
        )
        .bind(now_ms() + ttl_ms)
        .bind(scope.cache_key())
        .bind(holder)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Give up `holder`'s lease (nothing when another holds it now).
    pub async fn release_figures_lease(&self, scope: Scope, holder: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM figures_leases WHERE scope_key = $1 AND holder = $2")
            .bind(scope.cache_key())
            .bind(holder)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The bank's branches (ids), for warming their figures.
    pub async fn branch_ids(&self) -> Result<Vec<i64>, AppError> {
        let rows = sqlx::query("SELECT id FROM branches ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| col::<i64>(r, "id")).collect()
    }
}
