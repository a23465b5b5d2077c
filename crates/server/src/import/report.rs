//! An import's report as the API shows it (problems in the reader's language, personal
//! values masked, proposed merges side by side) and as a CSV download, streamed a page
//! at a time with every text cell neutralised for spreadsheets.

use super::existing::{existing_from, incoming_fields, CUSTOMER_FIELDS};
use super::stage::{self, BatchRow};
use crate::error::{AppError, AppResult};
use crate::export::table::neutralise;
use crate::storage::Storage;
use clientbook_domain::import::columns::{Shown, CUSTOMER_COLUMNS};
use clientbook_domain::import::rows::ImportRow;
use clientbook_domain::import::{ImportSummary, MergeField, ProposedMerge, ReportLine};
use clientbook_domain::masking::{mask_id_number, mask_mobile, mask_name};
use clientbook_domain::policy::MaskingPolicy;
use clientbook_domain::Lang;

/// A cell's value as a report may show it.
pub fn mask_cell(shown: Shown, value: &str, masking: &MaskingPolicy) -> String {
    let value: String = value.chars().take(100).collect();
    match shown {
        Shown::Plain => value,
        Shown::Name => mask_name(&value, masking),
        Shown::IdNumber => mask_id_number(&value, masking),
        Shown::Mobile => mask_mobile(&value, masking),
        Shown::Hidden => {
            let first: String = value.chars().take(1).collect();
            format!("{first}***")
        }
    }
}

/// Proposed merges listed at most (the report's lines are paged; merges are few).
pub const MERGES_SHOWN: i64 = 500;

/// The batch with `limit` report lines from `offset`.
pub async fn summary(
    storage: &Storage,
    batch: &BatchRow,
    lang: Lang,
    offset: i64,
    limit: i64,
) -> AppResult<ImportSummary> {
    let masking = crate::routes::policy::load_policy(storage).await?.masking;
    let (lines, total) = stage::problems(storage, batch.id, offset, limit).await?;
    let report = lines
        .into_iter()
        .map(|p| ReportLine {
            row: p.row,
            message: p.problem.message(lang, p.detail.as_deref()),
            column: p.column,
            value: p.value,
            problem: p.problem,
            detail: p.detail,
            error: p.error,
        })
        .collect();
    Ok(ImportSummary {
        id: batch.id,
        kind: batch.kind,
        file_name: batch.file_name.clone(),
        status: batch.status,
        encoding: batch.encoding,
        rows_read: batch.rows_read,
        rows_valid: batch.rows_valid,
        rows_invalid: batch.rows_invalid,
        rows_unchanged: batch.rows_unchanged,
        created_by: batch.created_by_name.clone(),
        created_at: chrono::DateTime::from_timestamp_millis(batch.created_at).unwrap_or_default(),
        committed_by: batch.committed_by_name.clone(),
        report,
        report_total: total,
        merges: merges(storage, batch.id, &masking).await?,
    })
}

/// The proposed merges: each field of the bank's customer beside the file's value.
async fn merges(
    storage: &Storage,
    id: i64,
    masking: &MaskingPolicy,
) -> AppResult<Vec<ProposedMerge>> {
    let staged = stage::staged_rows(storage.pool(), id, 0, MERGES_SHOWN, true).await?;
    let decisions: std::collections::HashMap<i64, _> = stage::merge_decisions(storage, id)
        .await?
        .into_iter()
        .collect();
    let mut out = vec![];
    for s in staged {
        let Some((customer_id, reason)) = s.merge else {
            continue;
        };
        let Ok(ImportRow::Customer(row)) = serde_json::from_str::<ImportRow>(&s.data) else {
            return Err(AppError::internal("bad staged merge row"));
        };
        let existing = sqlx::query(&format!(
            "SELECT {CUSTOMER_FIELDS} FROM customers WHERE id = $1"
        ))
        .bind(customer_id)
        .fetch_optional(storage.pool())
        .await?;
        let Some(existing) = existing else { continue };
        let existing = existing_from(&existing)?;
        let mut fields = vec![MergeField {
            column: "customer_no".into(),
            existing: existing.customer_no.clone(),
            incoming: Some(row.customer_no.clone()),
            differs: existing.customer_no.as_deref() != Some(row.customer_no.as_str()),
            file_wins: true,
        }];
        for (column, incoming) in incoming_fields(&row) {
            let shown = CUSTOMER_COLUMNS
                .iter()
                .find(|c| c.en == column)
                .map_or(Shown::Plain, |c| c.shown);
            let old = existing.get(column).map(str::to_owned);
            let differs = incoming.is_some() && incoming != old;
            fields.push(MergeField {
                column: column.to_owned(),
                existing: old.map(|v| mask_cell(shown, &v, masking)),
                incoming: incoming.as_deref().map(|v| mask_cell(shown, v, masking)),
                differs,
                file_wins: incoming.is_some(),
            });
        }
        out.push(ProposedMerge {
            row: s.row,
            customer_id,
            reason,
            decision: decisions
                .get(&s.row)
                .copied()
                .unwrap_or(clientbook_domain::import::MergeDecision::Pending),
            fields,
        });
    }
    Ok(out)
}

/// The report's heading in each language.
fn heading(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["row", "column", "value", "problem", "error"],
        Lang::ZhCn => ["行", "列", "值", "问题", "错误"],
    }
}

/// One page of the report as CSV lines (the heading and a BOM on the first page).
pub async fn csv_page(
    storage: &Storage,
    id: i64,
    lang: Lang,
    offset: i64,
    limit: i64,
) -> AppResult<(Vec<u8>, usize)> {
    let (lines, _) = stage::problems(storage, id, offset, limit).await?;
    let mut buf = vec![];
    if offset == 0 {
        buf.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut buf);
        if offset == 0 {
            w.write_record(heading(lang)).map_err(AppError::internal)?;
        }
        for p in &lines {
            let yes_no = match (lang, p.error) {
                (Lang::En, true) => "yes",
                (Lang::En, false) => "no",
                (Lang::ZhCn, true) => "是",
                (Lang::ZhCn, false) => "否",
            };
            w.write_record([
                p.row.to_string(),
                neutralise(p.column.as_deref().unwrap_or("")),
                neutralise(p.value.as_deref().unwrap_or("")),
                neutralise(&p.problem.message(lang, p.detail.as_deref())),
                yes_no.to_owned(),
            ])
            .map_err(AppError::internal)?;
        }
        w.flush().map_err(AppError::internal)?;
    }
    Ok((buf, lines.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_values_are_masked_in_a_report() {
        let m = MaskingPolicy::default();
        assert_eq!(
            mask_cell(Shown::Mobile, "13800138000", &m),
            mask_mobile("13800138000", &m)
        );
        assert_ne!(
            mask_cell(Shown::IdNumber, "11010519491231002X", &m),
            "11010519491231002X"
        );
        assert_eq!(
            mask_cell(Shown::Hidden, "北京市朝阳区建国路1号", &m),
            "北***"
        );
        assert_eq!(mask_cell(Shown::Plain, "C0001", &m), "C0001");
    }
}
