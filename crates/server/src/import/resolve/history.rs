//! Resolving the rows of a customer's history (monthly aggregates, contacts, surveys):
//! the customer of each row's customer number (reported per row when the bank has none,
//! or when it is outside the importing branch manager's branch), the person of a
//! contact, keys repeated in the file, and the stored record of each key, which the row
//! updates, or leaves alone when it says the same.

use super::{placeholders, Resolver};
use crate::error::{AppError, AppResult};
use crate::import::existing::Existing;
use crate::import::stage::{StagedRow, StoredProblem};
use crate::storage::{col, enum_code, parse_date, parse_enum};
use clientbook_domain::api::Role;
use clientbook_domain::import::rows::history::{contact_key, month_key, survey_key};
use clientbook_domain::import::rows::ImportRow;
use clientbook_domain::import::{ImportKind, Problem};
use clientbook_domain::Channel;
use std::collections::HashMap;

/// A stored history record: its id (for a month, its customer's) and the values a row
/// is compared with, in [`parts`]' order.
struct Stored {
    id: i64,
    parts: Vec<String>,
}

/// The values of a row in the stored form; `None`: an empty optional cell, which keeps
/// the stored value.
fn parts(row: &ImportRow, rm_id: Option<i64>) -> Vec<Option<String>> {
    match row {
        ImportRow::Monthly(m) => vec![
            Some(m.transactions.to_string()),
            Some(m.logins.to_string()),
            Some(m.inflow.fen().to_string()),
            Some(m.outflow.fen().to_string()),
            Some(m.aum_end.fen().to_string()),
            Some(m.margin.fen().to_string()),
        ],
        ImportRow::Contact(c) => vec![
            Some(enum_code(&c.kind)),
            Some(enum_code(&c.outcome)),
            c.note.clone(),
            rm_id.map(|r| r.to_string()),
        ],
        ImportRow::Survey(s) => vec![
            Some(s.recommend.to_string()),
            Some(s.overall.to_string()),
            (!s.ratings.is_empty()).then(|| {
                ratings_text(s.ratings.iter().map(|r| {
                    (
                        enum_code(&r.attribute),
                        r.satisfaction.into(),
                        r.importance.into(),
                    )
                }))
            }),
        ],
        ImportRow::Customer(_) | ImportRow::Holding(_) => vec![],
    }
}

/// Ratings as one comparable text, sorted by attribute.
fn ratings_text(ratings: impl Iterator<Item = (String, i64, i64)>) -> String {
    let mut v: Vec<String> = ratings.map(|(a, s, i)| format!("{a}:{s}:{i}")).collect();
    v.sort();
    v.join(",")
}

impl Resolver<'_> {
    /// The stored records of `kind` of these customers (id → customer number), by key.
    async fn stored_history(
        &self,
        numbers: &HashMap<i64, String>,
    ) -> AppResult<HashMap<String, Stored>> {
        let mut out = HashMap::new();
        if numbers.is_empty() {
            return Ok(out);
        }
        let ids: Vec<i64> = numbers.keys().copied().collect();
        let list = placeholders(1, ids.len());
        let sql = match self.kind {
            ImportKind::MonthlyFlows => format!(
                "SELECT customer_id, month, transactions, logins, inflow, outflow, aum_end, margin \
                 FROM monthly_history WHERE customer_id IN ({list})"
            ),
            ImportKind::Contacts => format!(
                "SELECT id, customer_id, occurred_on, channel, kind, outcome, note, rm_id \
                 FROM interactions WHERE customer_id IN ({list}) ORDER BY id"
            ),
            ImportKind::Surveys => format!(
                "SELECT id, customer_id, answered_on, recommend, overall FROM surveys \
                 WHERE customer_id IN ({list}) ORDER BY id"
            ),
            ImportKind::Customers | ImportKind::Holdings => return Ok(out),
        };
        let mut q = sqlx::query(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(self.storage.pool()).await?;
        let mut ratings: HashMap<i64, Vec<(String, i64, i64)>> = HashMap::new();
        if self.kind == ImportKind::Surveys {
            let sql = format!(
                "SELECT r.survey_id, r.attribute, r.satisfaction, r.importance FROM survey_ratings r \
                 JOIN surveys s ON s.id = r.survey_id WHERE s.customer_id IN ({list})"
            );
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            for r in q.fetch_all(self.storage.pool()).await? {
                ratings.entry(col(&r, "survey_id")?).or_default().push((
                    col(&r, "attribute")?,
                    col(&r, "satisfaction")?,
                    col(&r, "importance")?,
                ));
            }
        }
        for r in rows {
            let customer: i64 = col(&r, "customer_id")?;
            let no = &numbers[&customer];
            let (key, stored) = match self.kind {
                ImportKind::MonthlyFlows => {
                    let month = parse_date(&col::<String>(&r, "month")?)?;
                    let mut parts = vec![];
                    for c in [
                        "transactions",
                        "logins",
                        "inflow",
                        "outflow",
                        "aum_end",
                        "margin",
                    ] {
                        parts.push(col::<i64>(&r, c)?.to_string());
                    }
                    (
                        month_key(no, month),
                        Stored {
                            id: customer,
                            parts,
                        },
                    )
                }
                ImportKind::Contacts => {
                    let on = parse_date(&col::<String>(&r, "occurred_on")?)?;
                    let channel: Channel = parse_enum(&col::<String>(&r, "channel")?)?;
                    let parts = vec![
                        col::<String>(&r, "kind")?,
                        col::<String>(&r, "outcome")?,
                        col::<String>(&r, "note")?,
                        col::<i64>(&r, "rm_id")?.to_string(),
                    ];
                    let id = col(&r, "id")?;
                    (contact_key(no, on, channel), Stored { id, parts })
                }
                _ => {
                    let on = parse_date(&col::<String>(&r, "answered_on")?)?;
                    let id: i64 = col(&r, "id")?;
                    let parts = vec![
                        col::<i64>(&r, "recommend")?.to_string(),
                        col::<i64>(&r, "overall")?.to_string(),
                        ratings_text(ratings.remove(&id).unwrap_or_default().into_iter()),
                    ];
                    (survey_key(no, on), Stored { id, parts })
                }
            };
            // Two stored records under one key (entered by hand): the first is the one
            // a re-import updates.
            out.entry(key).or_insert(stored);
        }
        Ok(out)
    }

    /// Resolve a chunk of history rows.
    pub(super) async fn history(
        &mut self,
        mut good: Vec<(i64, ImportRow)>,
    ) -> AppResult<(Vec<StagedRow>, Vec<StoredProblem>, i64)> {
        let mut nos: Vec<String> = good
            .iter()
            .filter_map(|(_, r)| r.history_customer_no().map(str::to_owned))
            .collect();
        nos.sort();
        nos.dedup();
        let mut customers: HashMap<String, Existing> = HashMap::new();
        for f in self.customers_where("customer_no", &nos).await? {
            if let (Some(_), Some(own)) = (&f.retired, &f.existing.customer_no) {
                // A record merged into another: its rows go to the surviving customer,
                // under that one's number (so they meet its stored history).
                for (_, r) in good.iter_mut() {
                    if r.history_customer_no() == Some(f.by.as_str()) {
                        r.set_history_customer_no(own);
                    }
                }
                customers.insert(own.clone(), f.existing);
            } else {
                customers.insert(f.by, f.existing);
            }
        }
        let numbers: HashMap<i64, String> =
            customers.iter().map(|(no, e)| (e.id, no.clone())).collect();
        let stored = self.stored_history(&numbers).await?;
        let keys: Vec<String> = good.iter().map(|(_, r)| r.key()).collect();
        let staged_keys = self.staged_keys("row_key", &keys).await?;
        // Only a contact names a person.
        let c_rm = match self.kind {
            ImportKind::Contacts => super::column_index(self.kind, "rm_username"),
            _ => 0,
        };
        let mut seen: HashMap<String, i64> = HashMap::new();
        let (mut staged, mut problems, mut bad) = (vec![], vec![], 0);
        for ((row, r), key) in good.into_iter().zip(keys) {
            let no = r.history_customer_no().unwrap_or_default().to_owned();
            let mut errors = vec![];
            if let Some(earlier) = seen
                .get(&key)
                .copied()
                .or_else(|| staged_keys.get(&key).map(|s| s.0))
            {
                errors.push((
                    0,
                    no.clone(),
                    Problem::DuplicateInFile,
                    Some(earlier.to_string()),
                ));
            }
            seen.entry(key.clone()).or_insert(row);
            let customer = customers.get(&no);
            match customer {
                None => errors.push((0, no.clone(), Problem::UnknownCustomer, None)),
                Some(c) if self.outside(Some(c.branch_id)) => {
                    errors.push((0, no.clone(), Problem::CustomerOutsideBranch, None))
                }
                Some(_) => {}
            }
            let old = stored.get(&key);
            // Who made a contact: as written, else as stored, else the customer's RM.
            let mut person = None;
            if let ImportRow::Contact(c) = &r {
                match &c.rm_username {
                    Some(name) => match self.users.get(name) {
                        Some(u)
                            if matches!(
                                u.role,
                                Role::RelationshipManager | Role::BranchManager
                            ) =>
                        {
                            if self.outside(u.branch_id) {
                                errors.push((c_rm, name.clone(), Problem::RmOutsideBranch, None));
                            }
                            person = Some(u.id);
                        }
                        _ => errors.push((c_rm, name.clone(), Problem::UnknownRm, None)),
                    },
                    None => {
                        person = old
                            .and_then(|o| o.parts[3].parse().ok())
                            .or(customer.map(|c| c.rm_id));
                    }
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
            let customer_id = customer.expect("checked above").id;
            let unchanged = old.is_some_and(|o| {
                parts(&r, person)
                    .iter()
                    .zip(&o.parts)
                    .all(|(new, stored)| new.as_ref().is_none_or(|n| n == stored))
            });
            staged.push(StagedRow {
                row,
                key,
                id_number: None,
                data: serde_json::to_string(&r).map_err(AppError::internal)?,
                ref_a: Some(customer_id),
                ref_b: person,
                target_id: old.map(|o| o.id),
                unchanged,
                merge: None,
            });
        }
        Ok((staged, problems, bad))
    }
}
