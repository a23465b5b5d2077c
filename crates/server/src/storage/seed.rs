//! Inserting the demo bank: one transaction per batch of the generator, multi-row
//! INSERTs of up to ~30,000 parameters each (under SQLite's 32,766 and PostgreSQL's
//! 65,535 limits), and the bank's marks (seed, date, sequences) once all are in.

use super::{enum_code, DbKind, Storage};
use crate::demo::DemoBank;
use crate::error::AppError;
use sqlx::AnyConnection;

enum V {
    I(i64),
    OI(Option<i64>),
    S(String),
    OS(Option<String>),
}

const MAX_PARAMS: usize = 30_000;

async fn insert_rows(
    conn: &mut AnyConnection,
    kind: DbKind,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<(), AppError> {
    let per_row = columns.len();
    let chunk_rows = (MAX_PARAMS / per_row).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(chunk_rows).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (r, _) in chunk.iter().enumerate() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..per_row {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                // SQLite looks named parameters up in a list, so 30,000 `$N` in one
                // statement cost seconds to prepare; bare `?` are numbered in order.
                match kind {
                    DbKind::Sqlite => sql.push('?'),
                    DbKind::Postgres => {
                        sql.push('$');
                        sql.push_str(&n.to_string());
                    }
                }
            }
            sql.push(')');
        }
        // Used once: not worth a place in the statement cache.
        let mut q = sqlx::query(&sql).persistent(false);
        for v in chunk.into_iter().flatten() {
            q = match v {
                V::I(i) => q.bind(i),
                V::OI(i) => q.bind(i),
                V::S(s) => q.bind(s),
                V::OS(s) => q.bind(s),
            };
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

fn date(d: chrono::NaiveDate) -> V {
    V::S(d.to_string())
}

fn opt_date(d: Option<chrono::NaiveDate>) -> V {
    V::OS(d.map(|d| d.to_string()))
}

impl Storage {
    /// Insert one batch of the demo bank in one transaction; `password_hashes[i]`
    /// belongs to `bank.users[i]`. [`Storage::finish_demo_bank`] follows the last batch.
    #[tracing::instrument(skip_all, fields(customers = bank.customers.len()))]
    pub async fn insert_demo_batch(
        &self,
        bank: &DemoBank,
        password_hashes: &[String],
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let conn: &mut AnyConnection = &mut tx;
        let kind = self.kind;
        insert_rows(
            conn,
            kind,
            "branches",
            &["id", "code", "name_en", "name_zh"],
            bank.branches
                .iter()
                .map(|b| {
                    vec![
                        V::I(b.id),
                        V::S(b.code.clone()),
                        V::S(b.name_en.clone()),
                        V::S(b.name_zh.clone()),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "users",
            &[
                "id",
                "username",
                "display_name",
                "role",
                "branch_id",
                "password_hash",
            ],
            bank.users
                .iter()
                .zip(password_hashes)
                .map(|(u, h)| {
                    vec![
                        V::I(u.id),
                        V::S(u.username.clone()),
                        V::S(u.display_name.clone()),
                        V::S(enum_code(&u.role)),
                        V::OI(u.branch_id),
                        V::S(h.clone()),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "products",
            &[
                "id",
                "code",
                "name_en",
                "name_zh",
                "family",
                "risk",
                "min_amount",
                "term_months",
                "yield_bp",
            ],
            bank.products
                .iter()
                .map(|p| {
                    vec![
                        V::I(p.id.0),
                        V::S(p.code.clone()),
                        V::S(p.name_en.clone()),
                        V::S(p.name_zh.clone()),
                        V::S(enum_code(&p.family)),
                        V::S(enum_code(&p.risk)),
                        V::I(p.min_amount.fen()),
                        V::OI(p.term_months.map(i64::from)),
                        V::OI(p.yield_bp.map(i64::from)),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "households",
            &["id", "name"],
            bank.households
                .iter()
                .map(|(id, name)| vec![V::I(*id), V::S(name.clone())])
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "customers",
            &[
                "id",
                "rm_id",
                "branch_id",
                "name",
                "phone",
                "id_type",
                "id_number",
                "gender",
                "birth_date",
                "email",
                "address",
                "occupation",
                "employer",
                "income_band",
                "hobbies",
                "preferred_channel",
                "risk_level",
                "risk_assessed_on",
                "lowest_risk_subcategory",
                "kyc_reviewed_on",
                "since",
                "household_id",
                "household_role",
                "stated_needs",
                "next_contact_on",
                "version",
            ],
            bank.customers
                .iter()
                .map(|c| {
                    vec![
                        V::I(c.id),
                        V::I(c.rm_id),
                        V::I(c.branch_id),
                        V::S(c.name.clone()),
                        V::S(c.phone.clone()),
                        V::S("ResidentIdCard".into()),
                        V::S(c.id_number.clone()),
                        V::S(enum_code(&c.gender)),
                        date(c.birth_date),
                        V::OS(c.email.clone()),
                        V::S(c.address.clone()),
                        V::S(c.occupation.clone()),
                        V::OS(c.employer.clone()),
                        V::S(c.income_band.clone()),
                        V::S(c.hobbies.join(",")),
                        V::S(enum_code(&c.preferred_channel)),
                        V::OS(c.risk_level.map(|r| enum_code(&r))),
                        opt_date(c.risk_assessed_on),
                        V::I(c.lowest_risk_subcategory as i64),
                        date(c.kyc_reviewed_on),
                        date(c.since),
                        V::OI(c.household_id),
                        V::OS(c.household_role.clone()),
                        V::S(
                            c.stated_needs
                                .iter()
                                .map(enum_code)
                                .collect::<Vec<_>>()
                                .join(","),
                        ),
                        opt_date(c.next_contact_on),
                        V::I(1),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "holdings",
            &[
                "id",
                "customer_id",
                "product_id",
                "balance",
                "opened_on",
                "matures_on",
            ],
            bank.holdings
                .iter()
                .map(|h| {
                    vec![
                        V::I(h.id),
                        V::I(h.customer_id),
                        V::I(h.product_id),
                        V::I(h.balance),
                        date(h.opened_on),
                        opt_date(h.matures_on),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "monthly_history",
            &[
                "customer_id",
                "month",
                "transactions",
                "logins",
                "inflow",
                "outflow",
                "aum_end",
                "margin",
            ],
            bank.history
                .iter()
                .map(|m| {
                    vec![
                        V::I(m.customer_id),
                        date(m.month),
                        V::I(m.transactions),
                        V::I(m.logins),
                        V::I(m.inflow),
                        V::I(m.outflow),
                        V::I(m.aum_end),
                        V::I(m.margin),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "interactions",
            &[
                "id",
                "customer_id",
                "rm_id",
                "occurred_on",
                "kind",
                "channel",
                "outcome",
                "note",
            ],
            bank.interactions
                .iter()
                .map(|i| {
                    vec![
                        V::I(i.id),
                        V::I(i.customer_id),
                        V::I(i.rm_id),
                        date(i.occurred_on),
                        V::S(enum_code(&i.kind)),
                        V::S(enum_code(&i.channel)),
                        V::S(enum_code(&i.outcome)),
                        V::S(i.note.clone()),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "surveys",
            &["id", "customer_id", "answered_on", "recommend", "overall"],
            bank.surveys
                .iter()
                .map(|s| {
                    vec![
                        V::I(s.id),
                        V::I(s.customer_id),
                        date(s.answered_on),
                        V::I(s.recommend),
                        V::I(s.overall),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "survey_ratings",
            &["survey_id", "attribute", "satisfaction", "importance"],
            bank.surveys
                .iter()
                .flat_map(|s| {
                    s.ratings.iter().map(move |r| {
                        vec![
                            V::I(s.id),
                            V::S(enum_code(&r.attribute)),
                            V::I(r.satisfaction.into()),
                            V::I(r.importance.into()),
                        ]
                    })
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "complaints",
            &[
                "id",
                "customer_id",
                "received_on",
                "channel",
                "content_type",
                "severity",
                "status",
                "summary",
                "resolution",
            ],
            bank.complaints
                .iter()
                .map(|k| {
                    vec![
                        V::I(k.id),
                        V::I(k.customer_id),
                        date(k.received_on),
                        V::S(enum_code(&k.channel)),
                        V::S(enum_code(&k.content_type)),
                        V::S(enum_code(&k.severity)),
                        V::S(enum_code(&k.status)),
                        V::S(k.summary.clone()),
                        V::OS(k.resolution.clone()),
                    ]
                })
                .collect(),
        )
        .await?;
        insert_rows(
            conn,
            kind,
            "notes",
            &["id", "customer_id", "author_id", "written_at", "body"],
            bank.notes
                .iter()
                .map(|n| {
                    vec![
                        V::I(n.id),
                        V::I(n.customer_id),
                        V::I(n.author_id),
                        V::I(n.written_at_ms),
                        V::S(n.body.clone()),
                    ]
                })
                .collect(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// After the last batch: the demo's seed and date, and (PostgreSQL) the identity
    /// sequences moved past the demo's explicit ids.
    pub async fn finish_demo_bank(
        &self,
        seed: u64,
        as_of: chrono::NaiveDate,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        let conn: &mut AnyConnection = &mut tx;
        let kind = self.kind;
        insert_rows(
            conn,
            kind,
            "meta",
            &["key", "value"],
            vec![
                vec![V::S("demo_seed".into()), V::S(seed.to_string())],
                vec![V::S("demo_as_of".into()), V::S(as_of.to_string())],
            ],
        )
        .await?;
        if kind == DbKind::Postgres {
            // The demo's explicit ids: move the identity sequences past them.
            for table in [
                "users",
                "interactions",
                "complaints",
                "notes",
                "surveys",
                "households",
            ] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut *conn)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
