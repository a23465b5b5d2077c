//! The scope filter every customer query of the storage layer is built on.

use crate::scope::Scope;
use clientbook_domain::CustomerId;

/// A filter on customers `c`: a condition and its parameters numbered from `$1`.
pub(crate) struct Filter {
    pub(crate) sql: String,
    pub(crate) params: Vec<i64>,
}

impl Filter {
    pub(crate) fn new(scope: Scope, customer: Option<CustomerId>) -> Self {
        let (mut sql, p) = scope.condition(1);
        let mut params: Vec<i64> = p.into_iter().collect();
        if let Some(id) = customer {
            params.push(id.0);
            sql = format!("({sql}) AND c.id = ${}", params.len());
        }
        Filter { sql, params }
    }

    /// The customers of `scope` with `after < id <= last` (one batch of a scope).
    pub(crate) fn id_range(scope: Scope, after: i64, last: i64) -> Self {
        let mut f = Filter::new(scope, None);
        let (a, b) = (f.next(), f.next() + 1);
        f.sql = format!("({}) AND c.id > ${a} AND c.id <= ${b}", f.sql);
        f.params.extend([after, last]);
        f
    }

    pub(crate) fn next(&self) -> usize {
        self.params.len() + 1
    }

    pub(crate) fn query<'q>(
        &self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for p in &self.params {
            q = q.bind(*p);
        }
        q
    }
}
