//! Customers, their holdings, history, contacts, surveys and complaints; the product
//! shelf. Every customer query takes a [`Scope`] and filters on it in SQL.

use super::{col, parse_date, parse_enum, parse_opt_date, Storage};
use crate::error::AppError;
use crate::model::{Complaint, CustomerProfile, HouseholdRole, Interaction, Note};
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::{
    AttributeRating, BookCustomer, BranchId, ComplaintSummary, CustomerId, Holding, HouseholdId,
    Money, MonthlyHistory, Need, Product, ProductId, Survey, UserId,
};
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

use super::filter::Filter;

/// The full (unmasked) identifiers of one customer, for an audited reveal.
#[derive(Clone, Debug)]
pub struct Identifiers {
    pub name: String,
    pub phone: String,
    pub id_number: String,
    pub address: String,
    /// ISO date text, as stored.
    pub birth_date: String,
}

/// A customer's whole record, unmasked: the route masks it.
#[derive(Clone, Debug)]
pub struct CustomerDetailRow {
    pub customer: BookCustomer,
    pub profile: CustomerProfile,
    pub interactions: Vec<Interaction>,
    pub complaints: Vec<Complaint>,
    pub notes: Vec<Note>,
    /// Other members of the household that the caller may see.
    pub household_members: Vec<(CustomerId, String, Option<HouseholdRole>)>,
}

pub(super) fn book_customer_from_row(row: &AnyRow) -> Result<BookCustomer, AppError> {
    let needs: String = col(row, "stated_needs")?;
    Ok(BookCustomer {
        id: CustomerId(col(row, "id")?),
        rm_id: UserId(col(row, "rm_id")?),
        branch_id: BranchId(col(row, "branch_id")?),
        name: col(row, "name")?,
        phone: col(row, "phone")?,
        id_number: col(row, "id_number")?,
        gender: parse_enum(&col::<String>(row, "gender")?)?,
        birth_date: parse_date(&col::<String>(row, "birth_date")?)?,
        risk_level: col::<Option<String>>(row, "risk_level")?
            .map(|s| parse_enum(&s))
            .transpose()?,
        risk_assessed_on: parse_opt_date(col(row, "risk_assessed_on")?)?,
        lowest_risk_subcategory: col::<i64>(row, "lowest_risk_subcategory")? != 0,
        kyc_reviewed_on: parse_date(&col::<String>(row, "kyc_reviewed_on")?)?,
        since: parse_date(&col::<String>(row, "since")?)?,
        household_id: col::<Option<i64>>(row, "household_id")?.map(HouseholdId),
        preferred_channel: parse_enum(&col::<String>(row, "preferred_channel")?)?,
        stated_needs: needs
            .split(',')
            .filter(|s| !s.is_empty())
            .map(parse_enum::<Need>)
            .collect::<Result<_, _>>()?,
        holdings: vec![],
        history: MonthlyHistory::default(),
        last_contact_on: None,
        next_contact_on: parse_opt_date(col(row, "next_contact_on")?)?,
        surveys: vec![],
        complaints: vec![],
        version: col(row, "version")?,
    })
}

impl Storage {
    pub(crate) async fn load_customers_public(
        &self,
        filter: &Filter,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<Vec<BookCustomer>, AppError> {
        self.load_customers(filter, as_of, months).await
    }

    /// The customers in `scope` (optionally just one), with `months` months of history
    /// ending with the month of `as_of`. Identifiers are unmasked.
    async fn load_customers(
        &self,
        filter: &Filter,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<Vec<BookCustomer>, AppError> {
        let mut conn = self.pool.acquire().await?;
        load_customers_on(&mut conn, filter, as_of, months).await
    }
}

/// [`Storage::load_customers`] on one connection: its seven queries do not each wait
/// for one of the pool's (nor ping it), and the customer page runs its own on the same.
async fn load_customers_on(
    conn: &mut AnyConnection,
    filter: &Filter,
    as_of: NaiveDate,
    months: u32,
) -> Result<Vec<BookCustomer>, AppError> {
    let cond = &filter.sql;
    let customers_sql = format!("SELECT c.* FROM customers c WHERE {cond} ORDER BY c.id");
    let mut customers = vec![];
    let mut rows = filter.query(&customers_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        customers.push(book_customer_from_row(&row)?);
    }
    drop(rows);
    let index: HashMap<i64, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.0, i))
        .collect();
    if customers.is_empty() {
        return Ok(customers);
    }

    let holdings_sql = format!(
            "SELECT h.customer_id, h.product_id, p.family, p.risk, h.balance, h.opened_on, h.matures_on \
             FROM holdings h JOIN customers c ON c.id = h.customer_id JOIN products p ON p.id = h.product_id \
             WHERE {cond} ORDER BY h.customer_id, h.id"
        );
    let mut rows = filter.query(&holdings_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&i) = index.get(&col::<i64>(&row, "customer_id")?) else {
            continue;
        };
        customers[i].holdings.push(Holding {
            product_id: ProductId(col(&row, "product_id")?),
            family: parse_enum(&col::<String>(&row, "family")?)?,
            risk: parse_enum(&col::<String>(&row, "risk")?)?,
            balance: Money::from_fen(col(&row, "balance")?),
            opened_on: parse_date(&col::<String>(&row, "opened_on")?)?,
            matures_on: parse_opt_date(col(&row, "matures_on")?)?,
        });
    }
    drop(rows);

    super::history::read_history(conn, filter, &mut customers, &index, as_of, months).await?;

    let contact_sql = format!(
        "SELECT i.customer_id, MAX(i.occurred_on) AS last_on FROM interactions i \
             JOIN customers c ON c.id = i.customer_id WHERE {cond} GROUP BY i.customer_id"
    );
    let mut rows = filter.query(&contact_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&i) = index.get(&col::<i64>(&row, "customer_id")?) else {
            continue;
        };
        customers[i].last_contact_on = parse_opt_date(col(&row, "last_on")?)?;
    }
    drop(rows);

    let survey_sql = format!(
            "SELECT s.id, s.customer_id, s.answered_on, s.recommend, s.overall FROM surveys s \
             JOIN customers c ON c.id = s.customer_id WHERE {cond} ORDER BY s.customer_id, s.answered_on, s.id"
        );
    let mut survey_index: HashMap<i64, (usize, usize)> = HashMap::new();
    let mut rows = filter.query(&survey_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&i) = index.get(&col::<i64>(&row, "customer_id")?) else {
            continue;
        };
        survey_index.insert(col(&row, "id")?, (i, customers[i].surveys.len()));
        customers[i].surveys.push(Survey {
            answered_on: parse_date(&col::<String>(&row, "answered_on")?)?,
            recommend: col::<i64>(&row, "recommend")?.clamp(0, 10) as u8,
            overall: col::<i64>(&row, "overall")?.clamp(1, 5) as u8,
            ratings: vec![],
        });
    }
    drop(rows);
    let ratings_sql = format!(
        "SELECT r.survey_id, r.attribute, r.satisfaction, r.importance FROM survey_ratings r \
             JOIN surveys s ON s.id = r.survey_id JOIN customers c ON c.id = s.customer_id \
             WHERE {cond} ORDER BY r.survey_id, r.attribute"
    );
    let mut rows = filter.query(&ratings_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&(i, k)) = survey_index.get(&col::<i64>(&row, "survey_id")?) else {
            continue;
        };
        customers[i].surveys[k].ratings.push(AttributeRating {
            attribute: parse_enum(&col::<String>(&row, "attribute")?)?,
            satisfaction: col::<i64>(&row, "satisfaction")?.clamp(1, 5) as u8,
            importance: col::<i64>(&row, "importance")?.clamp(1, 5) as u8,
        });
    }
    drop(rows);

    let complaint_sql = format!(
            "SELECT k.customer_id, k.received_on, k.severity, k.status FROM complaints k \
             JOIN customers c ON c.id = k.customer_id WHERE {cond} ORDER BY k.customer_id, k.received_on, k.id"
        );
    let mut rows = filter.query(&complaint_sql).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&i) = index.get(&col::<i64>(&row, "customer_id")?) else {
            continue;
        };
        customers[i].complaints.push(ComplaintSummary {
            received_on: parse_date(&col::<String>(&row, "received_on")?)?,
            severity: parse_enum(&col::<String>(&row, "severity")?)?,
            status: parse_enum(&col::<String>(&row, "status")?)?,
        });
    }
    drop(rows);
    Ok(customers)
}

impl Storage {
    /// The caller's book with `months` months of history, unmasked.
    #[tracing::instrument(skip(self))]
    pub async fn book(
        &self,
        scope: Scope,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<Vec<BookCustomer>, AppError> {
        self.load_customers(&Filter::new(scope, None), as_of, months)
            .await
    }

    /// One customer's whole record if it is in `scope`, unmasked.
    #[tracing::instrument(skip(self))]
    pub async fn customer_detail(
        &self,
        scope: Scope,
        id: CustomerId,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<Option<CustomerDetailRow>, AppError> {
        let filter = Filter::new(scope, Some(id));
        // One connection for every query of the page (see `load_customers_on`), taken
        // once: a page that held one while waiting for a second deadlocked the pool once
        // every connection was held so (8 customer pages at once: the load client's p99
        // was the 30 s acquire timeout).
        let mut conn = self.pool.acquire().await?;
        let Some(customer) = load_customers_on(&mut conn, &filter, as_of, months)
            .await?
            .pop()
        else {
            return Ok(None);
        };
        // In `scope` like the customer, whom the page has just found there.
        let complaints: Vec<Complaint> = super::complaints::complaints_on(
            &mut conn,
            scope,
            super::ComplaintSelection::OfCustomer(id),
        )
        .await?
        .into_iter()
        .map(|k| k.complaint)
        .collect();
        let row = sqlx::query(
            "SELECT id_type, email, address, birth_date, occupation, employer, income_band, hobbies, household_role \
             FROM customers WHERE id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await?;
        let hobbies: String = col(&row, "hobbies")?;
        let profile = CustomerProfile {
            id_type: parse_enum(&col::<String>(&row, "id_type")?)?,
            email: col(&row, "email")?,
            address: col(&row, "address")?,
            birth_date: col(&row, "birth_date")?,
            occupation: col(&row, "occupation")?,
            employer: col(&row, "employer")?,
            income_band: parse_enum(&col::<String>(&row, "income_band")?)?,
            hobbies: hobbies
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            household_role: col::<Option<String>>(&row, "household_role")?
                .map(|r| parse_enum(&r))
                .transpose()?,
        };

        let interactions = super::contact::interactions_on(&mut conn, id, None).await?;
        let notes = super::notes::notes_on(&mut conn, id, None).await?;

        let mut household_members = vec![];
        if let Some(h) = customer.household_id {
            let scoped = Filter::new(scope, None);
            let sql = format!(
                // The household's members found by its index (`IN`): with `c.household_id = $n`
                // SQLite's planner walked the RM's partial scope index instead, the
                // whole book (125,000 at a million customers, 0.3 s) for two or three rows.
                "SELECT c.id, c.name, c.household_role FROM customers c WHERE ({}) \
                 AND c.id IN (SELECT h.id FROM customers h WHERE h.household_id = ${}) AND c.id <> ${} ORDER BY c.id",
                scoped.sql,
                scoped.next(),
                scoped.next() + 1
            );
            for row in scoped
                .query(&sql)
                .bind(h.0)
                .bind(id.0)
                .fetch_all(&mut *conn)
                .await?
            {
                household_members.push((
                    CustomerId(col(&row, "id")?),
                    col(&row, "name")?,
                    col::<Option<String>>(&row, "household_role")?
                        .map(|r| parse_enum(&r))
                        .transpose()?,
                ));
            }
        }

        Ok(Some(CustomerDetailRow {
            customer,
            profile,
            interactions,
            complaints,
            notes,
            household_members,
        }))
    }

    /// The full identifiers of a customer in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn identifiers(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<Identifiers>, AppError> {
        let filter = Filter::new(scope, Some(id));
        let row = filter
            .query(&format!(
                "SELECT c.name, c.phone, c.id_number, c.address, c.birth_date FROM customers c WHERE {}",
                filter.sql
            ))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Identifiers {
                name: col(&row, "name")?,
                phone: col(&row, "phone")?,
                id_number: col(&row, "id_number")?,
                address: col(&row, "address")?,
                birth_date: col(&row, "birth_date")?,
            })
        })
        .transpose()
    }

    #[tracing::instrument(skip(self))]
    pub async fn products(&self) -> Result<Vec<Product>, AppError> {
        sqlx::query(
            "SELECT id, code, name_en, name_zh, family, risk, min_amount, term_months, yield_bp \
             FROM products ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Product {
                id: ProductId(col(row, "id")?),
                code: col(row, "code")?,
                name_en: col(row, "name_en")?,
                name_zh: col(row, "name_zh")?,
                family: parse_enum(&col::<String>(row, "family")?)?,
                risk: parse_enum(&col::<String>(row, "risk")?)?,
                min_amount: Money::from_fen(col(row, "min_amount")?),
                term_months: col::<Option<i64>>(row, "term_months")?
                    .map(|m| m.clamp(0, u16::MAX as i64) as u16),
                yield_bp: col::<Option<i64>>(row, "yield_bp")?
                    .map(|b| b.clamp(0, u32::MAX as i64) as u32),
            })
        })
        .collect()
    }

    /// Bank-wide meta values (the demo's seed and as-of date).
    #[tracing::instrument(skip(self))]
    pub async fn meta(&self, key: &str) -> Result<Option<String>, AppError> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| col(&r, "value")).transpose()
    }
}
