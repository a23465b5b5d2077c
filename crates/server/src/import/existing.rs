//! An existing customer as an import compares it: the stored columns a customer row
//! is checked against, read from the database, and a row's values in the same form.

use crate::error::AppResult;
use crate::storage::{col, enum_code};
use clientbook_domain::import::rows::CustomerRow;

/// An existing customer as an import compares it.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    pub id: i64,
    pub customer_no: Option<String>,
    pub rm_id: i64,
    pub branch_id: i64,
    pub fields: Vec<(&'static str, Option<String>)>,
}

impl Existing {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// The compared columns of a customer, as stored text.
pub const CUSTOMER_FIELDS: &str = "id, customer_no, rm_id, branch_id, name, phone, id_type, \
    id_number, gender, birth_date, email, address, occupation, income_band, risk_level, \
    risk_assessed_on, since";

pub fn existing_from(row: &sqlx::any::AnyRow) -> AppResult<Existing> {
    let mut fields = vec![];
    for c in [
        "name",
        "phone",
        "id_type",
        "id_number",
        "gender",
        "birth_date",
        "email",
        "address",
        "occupation",
        "income_band",
        "risk_level",
        "risk_assessed_on",
        "since",
    ] {
        fields.push((c, col::<Option<String>>(row, c)?));
    }
    Ok(Existing {
        id: col(row, "id")?,
        customer_no: col(row, "customer_no")?,
        rm_id: col(row, "rm_id")?,
        branch_id: col(row, "branch_id")?,
        fields,
    })
}

/// A customer row's values as the database stores them, by column; `None` for an
/// optional cell left empty (which keeps the stored value).
pub fn incoming_fields(c: &CustomerRow) -> Vec<(&'static str, Option<String>)> {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    vec![
        ("name", Some(c.name.clone())),
        ("phone", Some(c.phone.clone())),
        ("id_type", Some(enum_code(&c.id_type))),
        ("id_number", Some(c.id_number.clone())),
        ("gender", Some(enum_code(&c.gender))),
        ("birth_date", Some(date(c.birth_date))),
        ("email", c.email.clone()),
        ("address", c.address.clone()),
        ("occupation", c.occupation.clone()),
        ("income_band", Some(enum_code(&c.income_band))),
        ("risk_level", c.risk_level.map(|r| enum_code(&r))),
        ("risk_assessed_on", c.risk_assessed_on.map(date)),
        ("since", c.since.map(date)),
    ]
}

/// How a report names an existing customer: the bank's number, else our id.
pub fn label(e: &Existing) -> String {
    e.customer_no
        .clone()
        .unwrap_or_else(|| format!("#{}", e.id))
}
