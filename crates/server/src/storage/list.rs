//! `GET /api/customers`: one page of the customers in scope, filtered and ordered in SQL
//! with a keyset cursor, so a page costs the same on the first and the thousandth page
//! and a book of any size never has to be loaded whole.

use super::scope_counts::CountedScope;
use super::{col, enum_code, parse_date, parse_enum, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::api::CustomerSort;
use clientbook_domain::risk::RiskLevel;
use clientbook_domain::{BranchId, CustomerId, Money, UserId};

/// The filters of one page request, already validated.
#[derive(Clone, Debug, Default)]
pub struct CustomerListFilter {
    /// Part of the name, or the last digits of the phone or ID number.
    pub search: Option<String>,
    pub rm: Option<UserId>,
    /// Only this branch's customers (compliance's filter over the bank; a branch
    /// manager's own branch narrows nothing, another branch leaves the page empty).
    pub branch: Option<BranchId>,
    pub risk_level: Option<RiskLevel>,
    /// AUM bounds in fen, inclusive / exclusive.
    pub min_aum: Option<Money>,
    pub below_aum: Option<Money>,
    pub sort: CustomerSort,
    pub after: Option<Cursor>,
    /// The total counted on the first page, carried in the cursor: later pages do not
    /// count the whole scope again (a million rows for compliance).
    pub known_total: Option<u64>,
    pub limit: u32,
}

/// Where the previous page ended, in the order it was sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    Id(i64),
    AumDesc { aum: i64, id: i64 },
}

impl Cursor {
    /// The opaque text handed to the client.
    pub fn encode(self) -> String {
        match self {
            Cursor::Id(id) => format!("id.{id}"),
            Cursor::AumDesc { aum, id } => format!("aum.{aum}.{id}"),
        }
    }

    /// The text handed to the client for the next page: the cursor and the total of the
    /// first page (`id.42~610`).
    pub fn encode_with_total(self, total: u64) -> String {
        format!("{}~{total}", self.encode())
    }

    /// A cursor and the total it carries (none in a cursor without one).
    pub fn decode_with_total(text: &str, sort: CustomerSort) -> Option<(Cursor, Option<u64>)> {
        match text.split_once('~') {
            Some((cursor, total)) => {
                Some((Cursor::decode(cursor, sort)?, Some(total.parse().ok()?)))
            }
            None => Some((Cursor::decode(text, sort)?, None)),
        }
    }

    /// A cursor from a page sorted by `sort`; `None` for anything else.
    pub fn decode(text: &str, sort: CustomerSort) -> Option<Cursor> {
        let mut parts = text.split('.');
        let cursor = match (sort, parts.next()?) {
            (CustomerSort::Id, "id") => Cursor::Id(parts.next()?.parse().ok()?),
            (CustomerSort::AumDesc, "aum") => Cursor::AumDesc {
                aum: parts.next()?.parse().ok()?,
                id: parts.next()?.parse().ok()?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(cursor)
    }
}

/// A row as stored: identifiers unmasked (the route masks them).
#[derive(Clone, Debug)]
pub struct CustomerListRow {
    pub id: CustomerId,
    pub rm_id: UserId,
    pub branch_id: BranchId,
    pub name: String,
    pub phone: String,
    pub risk_level: Option<RiskLevel>,
    pub aum: Money,
    pub since: NaiveDate,
    pub version: i64,
}

pub(super) enum Param {
    Int(i64),
    Text(String),
}

/// `%` and `_` in what the user typed are letters, not wildcards.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `sql` with `params` bound in order.
pub(super) fn bound<'q>(
    sql: &'q str,
    params: &'q [Param],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for p in params {
        q = match p {
            Param::Int(i) => q.bind(*i),
            Param::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

/// The SQL of a customer list: the count, the rows (ordered, after the cursor, without a
/// limit) and their parameters. `GET /api/customers` pages it; the export streams it.
pub(super) struct ListSql {
    pub(super) count: String,
    pub(super) count_params: usize,
    pub(super) rows: String,
    pub(super) params: Vec<Param>,
}

pub(super) fn list_sql(scope: Scope, filter: &CustomerListFilter) -> ListSql {
    // AUM as docs/rules.md (Tiers) defines it (asset families only): kept in the
    // customer's row by the holdings' triggers (migration 0011), so a page sorted or
    // filtered by it walks an index of the scope instead of summing its holdings.
    let aum = "c.aum";
    let from = "FROM customers c";
    let (scope_sql, scope_param) = scope.condition(1);
    let mut params: Vec<Param> = scope_param.into_iter().map(Param::Int).collect();
    let mut conds = vec![format!("({scope_sql})")];
    let push = |params: &mut Vec<Param>, p: Param| {
        params.push(p);
        params.len()
    };
    if let Some(s) = &filter.search {
        let n = push(&mut params, Param::Text(format!("%{}%", like_escape(s))));
        let t = push(&mut params, Param::Text(format!("%{}", like_escape(s))));
        conds.push(format!(
            "(c.name LIKE ${n} ESCAPE '\\' OR c.phone LIKE ${t} ESCAPE '\\' OR c.id_number LIKE ${t} ESCAPE '\\')"
        ));
    }
    if let Some(rm) = filter.rm {
        let n = push(&mut params, Param::Int(rm.0));
        conds.push(format!("c.rm_id = ${n}"));
    }
    if let Some(b) = filter.branch {
        // Walks `customers_branch_id` / `customers_branch_aum` (migration 0011).
        let n = push(&mut params, Param::Int(b.0));
        conds.push(format!("c.branch_id = ${n}"));
    }
    if let Some(r) = filter.risk_level {
        let n = push(&mut params, Param::Text(enum_code(&r)));
        conds.push(format!("c.risk_level = ${n}"));
    }
    if let Some(m) = filter.min_aum {
        let n = push(&mut params, Param::Int(m.fen()));
        conds.push(format!("{aum} >= ${n}"));
    }
    if let Some(m) = filter.below_aum {
        let n = push(&mut params, Param::Int(m.fen()));
        conds.push(format!("{aum} < ${n}"));
    }
    let count = format!("SELECT COUNT(*) AS n {from} WHERE {}", conds.join(" AND "));
    let count_params = params.len();

    match filter.after {
        None => {}
        Some(Cursor::Id(id)) => {
            let n = push(&mut params, Param::Int(id));
            conds.push(format!("c.id > ${n}"));
        }
        Some(Cursor::AumDesc { aum: a, id }) => {
            let n = push(&mut params, Param::Int(a));
            let k = push(&mut params, Param::Int(id));
            conds.push(format!("({aum} < ${n} OR ({aum} = ${n} AND c.id > ${k}))"));
        }
    }
    let order = match filter.sort {
        CustomerSort::Id => "c.id".to_owned(),
        CustomerSort::AumDesc => format!("{aum} DESC, c.id"),
    };
    let rows = format!(
        "SELECT c.id, c.rm_id, c.branch_id, c.name, c.phone, c.risk_level, c.since, c.version, \
         {aum} AS aum {from} WHERE {} ORDER BY {order}",
        conds.join(" AND "),
    );
    ListSql {
        count,
        count_params,
        rows,
        params,
    }
}

pub(super) fn list_row(row: &sqlx::any::AnyRow) -> Result<CustomerListRow, AppError> {
    Ok(CustomerListRow {
        id: CustomerId(col(row, "id")?),
        rm_id: UserId(col(row, "rm_id")?),
        branch_id: BranchId(col(row, "branch_id")?),
        name: col(row, "name")?,
        phone: col(row, "phone")?,
        risk_level: col::<Option<String>>(row, "risk_level")?
            .map(|s| parse_enum(&s))
            .transpose()?,
        aum: Money::from_fen(col(row, "aum")?),
        since: parse_date(&col::<String>(row, "since")?)?,
        version: col(row, "version")?,
    })
}

impl Storage {
    /// One page of customers in `scope` matching `filter`, and how many match in all.
    #[tracing::instrument(skip(self))]
    pub async fn customer_page(
        &self,
        scope: Scope,
        filter: &CustomerListFilter,
    ) -> Result<(Vec<CustomerListRow>, u64), AppError> {
        let sql = list_sql(scope, filter);
        let page_sql = format!("{} LIMIT {}", sql.rows, filter.limit);
        let total: i64 = match (filter.known_total, CountedScope::of_list(scope, filter)) {
            (Some(n), _) => i64::try_from(n).unwrap_or(i64::MAX),
            // The first page of a scope, or of the bank narrowed to one RM or branch:
            // the count the database keeps (migration 0018), not 125,000 index entries.
            (None, Some(kept)) => i64::try_from(self.kept_count(kept).await?).unwrap_or(i64::MAX),
            // Searched or filtered: counted here (no count is kept per filter).
            (None, None) => col(
                &bound(&sql.count, &sql.params[..sql.count_params])
                    .fetch_one(&self.pool)
                    .await?,
                "n",
            )?,
        };
        let rows = bound(&page_sql, &sql.params)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(list_row)
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok((rows, u64::try_from(total).unwrap_or(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_other_orders_and_junk() {
        for (c, sort) in [
            (Cursor::Id(42), CustomerSort::Id),
            (
                Cursor::AumDesc {
                    aum: 1_000_000,
                    id: 7,
                },
                CustomerSort::AumDesc,
            ),
            (Cursor::AumDesc { aum: -5, id: 7 }, CustomerSort::AumDesc),
        ] {
            assert_eq!(Cursor::decode(&c.encode(), sort), Some(c));
        }
        assert_eq!(Cursor::decode("id.42", CustomerSort::AumDesc), None);
        let c = Cursor::Id(42);
        assert_eq!(
            Cursor::decode_with_total(&c.encode_with_total(610), CustomerSort::Id),
            Some((c, Some(610)))
        );
        assert_eq!(
            Cursor::decode_with_total("id.42", CustomerSort::Id),
            Some((c, None))
        );
        for junk in ["id.42~", "id.42~x", "id.42~-1", "id.42~1~2", "~5"] {
            assert_eq!(
                Cursor::decode_with_total(junk, CustomerSort::Id),
                None,
                "{junk}"
            );
        }
        for junk in [
            "",
            "id",
            "id.",
            "id.x",
            "id.1.2",
            "aum.1",
            "aum.1.2.3",
            "'; DROP",
        ] {
            assert_eq!(Cursor::decode(junk, CustomerSort::Id), None, "{junk}");
            assert_eq!(Cursor::decode(junk, CustomerSort::AumDesc), None, "{junk}");
        }
    }

    #[test]
    fn wildcards_typed_by_the_user_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_escape("王"), "王");
    }
}
