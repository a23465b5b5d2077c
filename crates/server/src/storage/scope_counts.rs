//! How many live customers a scope holds, as the database keeps it (migration 0018;
//! ARCHITECTURE.md, "A scope's count"): triggers on `customers` add to `scope_counts` in
//! the transaction of every insert, delete, merge and move between RMs or branches, so a
//! count is a read of a row or a few instead of a count of 125,000 index entries (one RM
//! of a million-customer bank) or of the whole table (the bank).

use super::list::CustomerListFilter;
use super::{col, DbKind, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::{BranchId, UserId};

/// A scope whose live customers the database counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountedScope {
    Rm(UserId),
    Branch(BranchId),
    Bank,
}

/// On PostgreSQL a scope's count is the sum of append-only deltas; past this many rows
/// for one scope, a read folds them all into one row per scope.
const FOLD_AFTER_ROWS: i64 = 64;

impl CountedScope {
    /// The counted scope a user's scope is (none for a scope without customers).
    pub fn of(scope: Scope) -> Option<CountedScope> {
        match scope {
            Scope::Rm(rm) => Some(CountedScope::Rm(rm)),
            Scope::Branch(b) => Some(CountedScope::Branch(b)),
            Scope::All => Some(CountedScope::Bank),
            Scope::Nothing => None,
        }
    }

    /// The counted scope holding exactly the customers a list of `scope` filtered by
    /// `filter` holds, when there is one: no search, risk or AUM filter, and an RM or
    /// branch filter that either narrows nothing (the caller's own) or narrows the bank
    /// to one RM or one branch. Anything else is counted by SQL.
    pub fn of_list(scope: Scope, filter: &CustomerListFilter) -> Option<CountedScope> {
        if filter.search.is_some()
            || filter.risk_level.is_some()
            || filter.min_aum.is_some()
            || filter.below_aum.is_some()
        {
            return None;
        }
        match (scope, filter.rm, filter.branch) {
            (Scope::Rm(me), None, None) => Some(CountedScope::Rm(me)),
            (Scope::Rm(me), Some(rm), None) if rm == me => Some(CountedScope::Rm(me)),
            (Scope::Branch(mine), None, None) => Some(CountedScope::Branch(mine)),
            (Scope::Branch(mine), None, Some(b)) if b == mine => Some(CountedScope::Branch(mine)),
            (Scope::All, None, None) => Some(CountedScope::Bank),
            (Scope::All, Some(rm), None) => Some(CountedScope::Rm(rm)),
            (Scope::All, None, Some(b)) => Some(CountedScope::Branch(b)),
            _ => None,
        }
    }

    /// The scope's key in `scope_counts`.
    fn key(self) -> (&'static str, i64) {
        match self {
            CountedScope::Rm(rm) => ("rm", rm.0),
            CountedScope::Branch(b) => ("branch", b.0),
            CountedScope::Bank => ("bank", 0),
        }
    }
}

impl Storage {
    /// The live customers of `scope`, as kept by the database.
    #[tracing::instrument(skip(self))]
    pub async fn kept_count(&self, scope: CountedScope) -> Result<u64, AppError> {
        let (kind, id) = scope.key();
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT) AS n, CAST(COUNT(*) AS BIGINT) AS deltas \
             FROM scope_counts WHERE scope = $1 AND scope_id = $2",
        )
        .bind(kind)
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        if col::<i64>(&row, "deltas")? > FOLD_AFTER_ROWS {
            // The count read is right either way: a failed fold only leaves more rows.
            if let Err(e) = self.fold_scope_counts().await {
                tracing::warn!(error = %e, "folding the scope counts' deltas failed");
            }
        }
        Ok(col::<i64>(&row, "n")?.max(0) as u64)
    }

    /// On PostgreSQL, replace every scope's count deltas by their sum (migration 0018's
    /// `fold_scope_counts`: safe beside writers and other folders). SQLite keeps one row
    /// per scope already.
    pub async fn fold_scope_counts(&self) -> Result<(), AppError> {
        if self.kind == DbKind::Postgres {
            sqlx::query("SELECT fold_scope_counts()")
                .execute(self.writer())
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::api::CustomerSort;
    use clientbook_domain::risk::RiskLevel;

    fn filter(rm: Option<i64>, branch: Option<i64>) -> CustomerListFilter {
        CustomerListFilter {
            rm: rm.map(UserId),
            branch: branch.map(BranchId),
            sort: CustomerSort::Id,
            limit: 50,
            ..CustomerListFilter::default()
        }
    }

    #[test]
    fn a_list_reads_the_kept_count_only_where_it_holds_the_same_customers() {
        let rm = Scope::Rm(UserId(7));
        let branch = Scope::Branch(BranchId(2));
        let cases = [
            (rm, filter(None, None), Some(CountedScope::Rm(UserId(7)))),
            (rm, filter(Some(7), None), Some(CountedScope::Rm(UserId(7)))),
            (rm, filter(Some(8), None), None),
            (rm, filter(None, Some(2)), None),
            (
                branch,
                filter(None, None),
                Some(CountedScope::Branch(BranchId(2))),
            ),
            (
                branch,
                filter(None, Some(2)),
                Some(CountedScope::Branch(BranchId(2))),
            ),
            (branch, filter(None, Some(3)), None),
            (branch, filter(Some(7), None), None),
            (Scope::All, filter(None, None), Some(CountedScope::Bank)),
            (
                Scope::All,
                filter(Some(7), None),
                Some(CountedScope::Rm(UserId(7))),
            ),
            (
                Scope::All,
                filter(None, Some(3)),
                Some(CountedScope::Branch(BranchId(3))),
            ),
            (Scope::All, filter(Some(7), Some(3)), None),
            (Scope::Nothing, filter(None, None), None),
        ];
        for (scope, f, want) in cases {
            assert_eq!(CountedScope::of_list(scope, &f), want, "{scope:?} {f:?}");
        }
        let narrowed = [
            CustomerListFilter {
                search: Some("王".into()),
                ..filter(None, None)
            },
            CustomerListFilter {
                risk_level: Some(RiskLevel::C3),
                ..filter(None, None)
            },
            CustomerListFilter {
                min_aum: Some(clientbook_domain::Money::from_fen(1)),
                ..filter(None, None)
            },
            CustomerListFilter {
                below_aum: Some(clientbook_domain::Money::from_fen(1)),
                ..filter(None, None)
            },
        ];
        for f in narrowed {
            assert_eq!(CountedScope::of_list(Scope::All, &f), None, "{f:?}");
        }
    }

    #[test]
    fn every_user_scope_but_nothing_is_counted() {
        assert_eq!(CountedScope::of(Scope::All), Some(CountedScope::Bank));
        assert_eq!(
            CountedScope::of(Scope::Rm(UserId(1))),
            Some(CountedScope::Rm(UserId(1)))
        );
        assert_eq!(CountedScope::of(Scope::Nothing), None);
        assert_eq!(CountedScope::Bank.key(), ("bank", 0));
    }
}
