//! Resolving checked rows against the bank, a chunk at a time: the RM of a customer
//! row, the customer and product of a holding, the record a row updates, rows that
//! repeat a key of the file, and customers already in the bank under the same ID
//! number (a proposed merge) or its other 15/18-digit form (flagged for review).

use super::existing::{existing_from, incoming_fields, label, Existing, CUSTOMER_FIELDS};
use super::report::mask_cell;
use super::stage::{Importer, StagedRow, StoredProblem};
use super::validate::Checked;
use crate::error::AppResult;
use crate::storage::{col, Storage};
use clientbook_domain::api::Role;
use clientbook_domain::import::columns::columns_of;
use clientbook_domain::import::id_card::eighteen_to_fifteen;
use clientbook_domain::import::rows::{CustomerRow, HoldingRow, ImportRow};
use clientbook_domain::import::{ImportKind, Problem};
use clientbook_domain::policy::MaskingPolicy;
use std::collections::HashMap;

mod history;

/// A user an import may name as RM.
#[derive(Clone, Debug)]
struct Rm {
    id: i64,
    role: Role,
    branch_id: Option<i64>,
}

/// A holding in the bank, as a holdings row compares it.
struct StoredHolding {
    id: i64,
    customer_id: i64,
    product_id: i64,
    balance: i64,
    opened_on: String,
    matures_on: Option<String>,
    /// Its customer's branch.
    branch_id: i64,
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A customer found by a value (`by`): the record itself, or, when the value is a
/// retired record's, the customer it was merged into and the retired one's label.
pub(super) struct Found {
    pub by: String,
    pub existing: Existing,
    pub retired: Option<String>,
}

pub struct Resolver<'a> {
    storage: &'a Storage,
    batch_id: i64,
    kind: ImportKind,
    who: Importer,
    masking: MaskingPolicy,
    users: HashMap<String, Rm>,
    products: HashMap<String, i64>,
    /// Where each documented column is in the file's rows (from its header).
    positions: Vec<Option<usize>>,
}

/// The index of a column in the kind's set, by English name.
fn column_index(kind: ImportKind, en: &str) -> usize {
    columns_of(kind)
        .iter()
        .position(|c| c.en == en)
        .expect("a documented column")
}

impl<'a> Resolver<'a> {
    pub async fn new(
        storage: &'a Storage,
        batch_id: i64,
        kind: ImportKind,
        who: Importer,
        masking: MaskingPolicy,
    ) -> AppResult<Self> {
        let mut users = HashMap::new();
        for r in sqlx::query("SELECT id, username, role, branch_id FROM users")
            .fetch_all(storage.pool())
            .await?
        {
            users.insert(
                col::<String>(&r, "username")?,
                Rm {
                    id: col(&r, "id")?,
                    role: crate::storage::parse_enum(&col::<String>(&r, "role")?)?,
                    branch_id: col(&r, "branch_id")?,
                },
            );
        }
        let mut products = HashMap::new();
        for r in sqlx::query("SELECT id, code FROM products")
            .fetch_all(storage.pool())
            .await?
        {
            products.insert(col::<String>(&r, "code")?, col::<i64>(&r, "id")?);
        }
        Ok(Resolver {
            storage,
            batch_id,
            kind,
            who,
            masking,
            users,
            products,
            positions: vec![],
        })
    }

    pub fn set_header(&mut self, positions: &[Option<usize>]) {
        self.positions = positions.to_vec();
    }

    /// A report line for a cell of row `row`.
    fn cell_problem(
        &self,
        row: i64,
        column: Option<usize>,
        value: Option<&str>,
        problem: Problem,
        detail: Option<String>,
    ) -> StoredProblem {
        let columns = columns_of(self.kind);
        StoredProblem {
            row,
            column: column.map(|c| columns[c].en.to_owned()),
            value: match (column, value) {
                (Some(c), Some(v)) if !v.is_empty() => {
                    Some(mask_cell(columns[c].shown, v, &self.masking))
                }
                _ => None,
            },
            error: problem.is_error(),
            problem,
            detail,
        }
    }

    /// Staged rows, report lines, and the number of rows with an error.
    pub async fn resolve(
        &mut self,
        chunk: Vec<Checked>,
    ) -> AppResult<(Vec<StagedRow>, Vec<StoredProblem>, i64)> {
        let mut problems = vec![];
        let mut good = vec![];
        let mut invalid = 0;
        for checked in chunk {
            match checked.result {
                Ok(row) => good.push((checked.row, row)),
                Err((cell_problems, cells)) => {
                    invalid += 1;
                    for p in cell_problems {
                        let value = p.column.and_then(|c| {
                            // The cell as written, found through the header's position.
                            cells.get(self.position_of(c)?).map(String::as_str)
                        });
                        problems.push(self.cell_problem(
                            checked.row,
                            p.column,
                            value,
                            p.problem,
                            p.detail,
                        ));
                    }
                }
            }
        }
        let (staged, more, bad) = match self.kind {
            ImportKind::Customers => self.customers(good).await?,
            ImportKind::Holdings => self.holdings(good).await?,
            ImportKind::MonthlyFlows | ImportKind::Contacts | ImportKind::Surveys => {
                self.history(good).await?
            }
        };
        problems.extend(more);
        Ok((staged, problems, invalid + bad))
    }

    fn position_of(&self, column: usize) -> Option<usize> {
        self.positions.get(column).copied().flatten()
    }

    /// Keys (and, for customers, ID numbers) already staged by earlier chunks.
    async fn staged_keys(
        &self,
        column: &str,
        values: &[String],
    ) -> AppResult<HashMap<String, (i64, String)>> {
        let mut out = HashMap::new();
        if values.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT row_no, row_key, {column} AS v FROM import_rows WHERE batch_id = $1 AND {column} IN ({})",
            placeholders(2, values.len())
        );
        let mut q = sqlx::query(&sql).bind(self.batch_id);
        for v in values {
            q = q.bind(v);
        }
        for r in q.fetch_all(self.storage.pool()).await? {
            out.insert(
                col::<String>(&r, "v")?,
                (col(&r, "row_no")?, col(&r, "row_key")?),
            );
        }
        Ok(out)
    }

    /// The customers whose `column` is one of `values`, each under the value it was found
    /// by. A customer merged into another (docs/rules.md, Merging customers) is found as
    /// the customer it was merged into, with its own label in `retired`: a row naming a
    /// retired record updates the surviving one and never brings the retired one back.
    async fn customers_where(&self, column: &str, values: &[String]) -> AppResult<Vec<Found>> {
        if values.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {CUSTOMER_FIELDS}, merged_into, {column} AS found_by FROM customers \
             WHERE {column} IN ({})",
            placeholders(1, values.len())
        );
        let mut q = sqlx::query(&sql);
        for v in values {
            q = q.bind(v);
        }
        let mut found = vec![];
        let mut retired = vec![];
        for r in q.fetch_all(self.storage.pool()).await? {
            let e = existing_from(&r)?;
            let by: String = col(&r, "found_by")?;
            match col::<Option<i64>>(&r, "merged_into")? {
                None => found.push(Found {
                    by,
                    existing: e,
                    retired: None,
                }),
                Some(into) => retired.push((by, label(&e), into)),
            }
        }
        // Follow each retired record to the one it lives on in (a chain, when the
        // survivor was later merged too; bounded in case of a loop).
        for _ in 0..8 {
            if retired.is_empty() {
                break;
            }
            let ids: Vec<i64> = retired.iter().map(|(_, _, into)| *into).collect();
            let sql = format!(
                "SELECT {CUSTOMER_FIELDS}, merged_into FROM customers WHERE id IN ({})",
                placeholders(1, ids.len())
            );
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(id);
            }
            let mut next: HashMap<i64, (Existing, Option<i64>)> = HashMap::new();
            for r in q.fetch_all(self.storage.pool()).await? {
                let e = existing_from(&r)?;
                next.insert(e.id, (e, col(&r, "merged_into")?));
            }
            let mut still = vec![];
            for (by, was, into) in retired {
                match next.get(&into) {
                    Some((e, None)) => found.push(Found {
                        by,
                        existing: e.clone(),
                        retired: Some(was),
                    }),
                    Some((_, Some(further))) => still.push((by, was, *further)),
                    None => {}
                }
            }
            retired = still;
        }
        Ok(found)
    }

    fn outside(&self, branch_id: Option<i64>) -> bool {
        self.who.branch_id.is_some() && self.who.branch_id != branch_id
    }

    async fn customers(
        &mut self,
        good: Vec<(i64, ImportRow)>,
    ) -> AppResult<(Vec<StagedRow>, Vec<StoredProblem>, i64)> {
        let rows: Vec<(i64, CustomerRow)> = good
            .into_iter()
            .filter_map(|(n, r)| match r {
                ImportRow::Customer(c) => Some((n, c)),
                _ => None,
            })
            .collect();
        let nos: Vec<String> = rows.iter().map(|(_, c)| c.customer_no.clone()).collect();
        let ids: Vec<String> = rows.iter().map(|(_, c)| c.id_number.clone()).collect();
        let mut forms: Vec<String> = ids.clone();
        forms.extend(ids.iter().filter_map(|i| eighteen_to_fifteen(i)));
        let by_no: HashMap<String, Found> = self
            .customers_where("customer_no", &nos)
            .await?
            .into_iter()
            .map(|f| (f.by.clone(), f))
            .collect();
        let by_id: HashMap<String, Found> = self
            .customers_where("id_number", &forms)
            .await?
            .into_iter()
            .map(|f| (f.by.clone(), f))
            .collect();
        let staged_nos = self.staged_keys("row_key", &nos).await?;
        let staged_ids = self.staged_keys("id_number", &ids).await?;
        let (c_no, c_id, c_rm) = (
            column_index(self.kind, "customer_no"),
            column_index(self.kind, "id_number"),
            column_index(self.kind, "rm_username"),
        );
        let mut seen_no: HashMap<String, i64> = HashMap::new();
        let mut seen_id: HashMap<String, (i64, String)> = HashMap::new();
        let (mut staged, mut problems, mut bad) = (vec![], vec![], 0);
        for (row, mut c) in rows {
            let mut errors = vec![];
            let rm = self.users.get(&c.rm_username).cloned();
            match &rm {
                Some(rm) if rm.role == Role::RelationshipManager => {
                    if self.outside(rm.branch_id) || rm.branch_id.is_none() {
                        errors.push((c_rm, c.rm_username.clone(), Problem::RmOutsideBranch, None));
                    }
                }
                _ => errors.push((c_rm, c.rm_username.clone(), Problem::UnknownRm, None)),
            }
            let earlier_no = seen_no
                .get(&c.customer_no)
                .copied()
                .or_else(|| staged_nos.get(&c.customer_no).map(|s| s.0));
            if let Some(earlier) = earlier_no {
                errors.push((
                    c_no,
                    c.customer_no.clone(),
                    Problem::DuplicateInFile,
                    Some(earlier.to_string()),
                ));
            }
            let earlier_id = seen_id
                .get(&c.id_number)
                .cloned()
                .or_else(|| staged_ids.get(&c.id_number).cloned());
            if let Some((earlier, key)) = earlier_id {
                if key != c.customer_no {
                    errors.push((
                        c_id,
                        c.id_number.clone(),
                        Problem::DuplicateInFile,
                        Some(earlier.to_string()),
                    ));
                }
            }
            let found_no = by_no.get(&c.customer_no);
            // A customer stored under the old 15-digit form of this number is found too.
            let other_form = eighteen_to_fifteen(&c.id_number);
            let found_id = by_id
                .get(&c.id_number)
                .or_else(|| other_form.as_ref().and_then(|f| by_id.get(f)));
            let (same_no, same_id) = (found_no.map(|f| &f.existing), found_id.map(|f| &f.existing));
            // Reached through a record merged into it: the surviving customer keeps its
            // own customer number and ID (the retired record holds those it had), and the
            // report says where the row went.
            let retired = found_no
                .and_then(|f| f.retired.as_ref())
                .or_else(|| found_id.and_then(|f| f.retired.as_ref()));
            if let Some(was) = retired {
                let e = same_no.or(same_id).expect("found");
                problems.push(self.cell_problem(
                    row,
                    Some(if found_no.is_some() { c_no } else { c_id }),
                    Some(if found_no.is_some() {
                        &c.customer_no
                    } else {
                        &c.id_number
                    }),
                    Problem::MergedCustomer,
                    Some(format!("{was} → {}", label(e))),
                ));
                if found_no.is_some_and(|f| f.retired.is_some()) {
                    if let Some(no) = &e.customer_no {
                        c.customer_no = no.clone();
                    }
                }
                if let (Some(id), Some(t)) = (e.get("id_number"), e.get("id_type")) {
                    c.id_number = id.to_owned();
                    c.id_was_fifteen = id.len() == 15;
                    c.id_type = crate::storage::parse_enum(t)?;
                }
            }
            let mut target = None;
            let mut merge = None;
            if let Some(e) = same_no {
                if self.outside(Some(e.branch_id)) {
                    errors.push((
                        c_no,
                        c.customer_no.clone(),
                        Problem::CustomerOutsideBranch,
                        None,
                    ));
                }
                if let Some(other) = same_id.filter(|o| o.id != e.id) {
                    errors.push((
                        c_id,
                        c.id_number.clone(),
                        Problem::IdOfAnotherCustomer,
                        Some(label(other)),
                    ));
                }
                target = Some(e.id);
            } else if let Some(e) = same_id {
                if self.outside(Some(e.branch_id)) {
                    errors.push((
                        c_id,
                        c.id_number.clone(),
                        Problem::CustomerOutsideBranch,
                        None,
                    ));
                } else {
                    // The same number written in the same form is the same person; the
                    // other form (15 vs 18 digits) is flagged for review.
                    let stored = e.get("id_number").unwrap_or_default();
                    let reason = if (stored.len() == 15) == c.id_was_fifteen {
                        Problem::SameIdAsExisting
                    } else {
                        Problem::NearDuplicate
                    };
                    target = Some(e.id);
                    merge = Some((e.id, reason));
                }
            }
            seen_no.entry(c.customer_no.clone()).or_insert(row);
            seen_id
                .entry(c.id_number.clone())
                .or_insert((row, c.customer_no.clone()));
            if !errors.is_empty() {
                bad += 1;
                for (column, value, problem, detail) in errors {
                    problems.push(self.cell_problem(
                        row,
                        Some(column),
                        Some(&value),
                        problem,
                        detail,
                    ));
                }
                continue;
            }
            let rm = rm.expect("checked above");
            let unchanged = merge.is_none()
                && same_no.is_some_and(|e| {
                    e.rm_id == rm.id
                        && incoming_fields(&c)
                            .iter()
                            .all(|(col, v)| v.is_none() || e.get(col) == v.as_deref())
                });
            if let (Some((_, reason)), Some(e)) = (merge, same_id) {
                problems.push(self.cell_problem(
                    row,
                    Some(c_id),
                    Some(&c.id_number),
                    reason,
                    Some(label(e)),
                ));
            }
            staged.push(StagedRow {
                row,
                key: c.customer_no.clone(),
                id_number: Some(c.id_number.clone()),
                data: serde_json::to_string(&ImportRow::Customer(c))
                    .map_err(crate::error::AppError::internal)?,
                ref_a: Some(rm.id),
                ref_b: rm.branch_id,
                target_id: target,
                unchanged,
                merge,
            });
        }
        Ok((staged, problems, bad))
    }

    async fn holdings(
        &mut self,
        good: Vec<(i64, ImportRow)>,
    ) -> AppResult<(Vec<StagedRow>, Vec<StoredProblem>, i64)> {
        let rows: Vec<(i64, HoldingRow)> = good
            .into_iter()
            .filter_map(|(n, r)| match r {
                ImportRow::Holding(h) => Some((n, h)),
                _ => None,
            })
            .collect();
        let nos: Vec<String> = rows.iter().map(|(_, h)| h.customer_no.clone()).collect();
        let accounts: Vec<String> = rows.iter().map(|(_, h)| h.account_no.clone()).collect();
        // A holding of a record merged into another is the surviving customer's.
        let customers: HashMap<String, Existing> = self
            .customers_where("customer_no", &nos)
            .await?
            .into_iter()
            .map(|f| (f.by, f.existing))
            .collect();
        let mut existing: HashMap<String, StoredHolding> = HashMap::new();
        if !accounts.is_empty() {
            let sql = format!(
                "SELECT h.id, h.account_no, h.customer_id, h.product_id, h.balance, h.opened_on, \
                 h.matures_on, c.branch_id FROM holdings h JOIN customers c ON c.id = h.customer_id \
                 WHERE h.account_no IN ({})",
                placeholders(1, accounts.len())
            );
            let mut q = sqlx::query(&sql);
            for a in &accounts {
                q = q.bind(a);
            }
            for r in q.fetch_all(self.storage.pool()).await? {
                existing.insert(
                    col(&r, "account_no")?,
                    StoredHolding {
                        id: col(&r, "id")?,
                        customer_id: col(&r, "customer_id")?,
                        product_id: col(&r, "product_id")?,
                        balance: col(&r, "balance")?,
                        opened_on: col(&r, "opened_on")?,
                        matures_on: col(&r, "matures_on")?,
                        branch_id: col(&r, "branch_id")?,
                    },
                );
            }
        }
        let staged_keys = self.staged_keys("row_key", &accounts).await?;
        let (c_acc, c_no, c_prod) = (
            column_index(self.kind, "account_no"),
            column_index(self.kind, "customer_no"),
            column_index(self.kind, "product_code"),
        );
        let mut seen: HashMap<String, i64> = HashMap::new();
        let (mut staged, mut problems, mut bad) = (vec![], vec![], 0);
        for (row, h) in rows {
            let mut errors = vec![];
            if let Some(earlier) = seen
                .get(&h.account_no)
                .copied()
                .or_else(|| staged_keys.get(&h.account_no).map(|s| s.0))
            {
                errors.push((
                    c_acc,
                    h.account_no.clone(),
                    Problem::DuplicateInFile,
                    Some(earlier.to_string()),
                ));
            }
            seen.entry(h.account_no.clone()).or_insert(row);
            let customer = customers.get(&h.customer_no);
            match customer {
                None => errors.push((c_no, h.customer_no.clone(), Problem::UnknownCustomer, None)),
                Some(c) if self.outside(Some(c.branch_id)) => errors.push((
                    c_no,
                    h.customer_no.clone(),
                    Problem::CustomerOutsideBranch,
                    None,
                )),
                Some(_) => {}
            }
            let product = self.products.get(&h.product_code).copied();
            if product.is_none() {
                errors.push((
                    c_prod,
                    h.product_code.clone(),
                    Problem::UnknownProduct,
                    None,
                ));
            }
            let old = existing.get(&h.account_no);
            if let Some(o) = old {
                if self.outside(Some(o.branch_id)) {
                    errors.push((
                        c_acc,
                        h.account_no.clone(),
                        Problem::CustomerOutsideBranch,
                        None,
                    ));
                }
            }
            if !errors.is_empty() {
                bad += 1;
                for (column, value, problem, detail) in errors {
                    problems.push(self.cell_problem(
                        row,
                        Some(column),
                        Some(&value),
                        problem,
                        detail,
                    ));
                }
                continue;
            }
            let (customer_id, product_id) =
                (customer.expect("checked").id, product.expect("checked"));
            let matures = h.matures_on.map(|d| d.format("%Y-%m-%d").to_string());
            let unchanged = old.is_some_and(|o| {
                o.customer_id == customer_id
                    && o.product_id == product_id
                    && o.balance == h.balance.fen()
                    && o.opened_on == h.opened_on.format("%Y-%m-%d").to_string()
                    && o.matures_on == matures
            });
            staged.push(StagedRow {
                row,
                key: h.account_no.clone(),
                id_number: None,
                target_id: old.map(|o| o.id),
                data: serde_json::to_string(&ImportRow::Holding(h))
                    .map_err(crate::error::AppError::internal)?,
                ref_a: Some(customer_id),
                ref_b: Some(product_id),
                unchanged,
                merge: None,
            });
        }
        Ok((staged, problems, bad))
    }
}
