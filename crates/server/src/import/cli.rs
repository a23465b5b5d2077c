//! `clientbook-server import --kind customers FILE [--commit]`: the nightly load from
//! the core system, through the same checks as the browser's import. The report goes to
//! stdout; any error in the file gives a non-zero exit and commits nothing. Audited as
//! the command line (no user).

use super::stage::{self, Importer};
use super::validate::{validate, Job};
use crate::error::AppError;
use crate::storage::{NewAuditEntry, Storage};
use clientbook_domain::import::{ImportKind, ImportStatus};
use clientbook_domain::Lang;
use std::fmt::Write as _;
use std::path::Path;

/// The name the command line is audited under.
pub const CLI_USER: &str = "cli";

/// What the command printed and whether it succeeded.
pub struct CliOutcome {
    pub report: String,
    pub ok: bool,
}

/// Validate `file` as `kind` into a batch, print its report, commit it when asked and
/// clean; `today` is the bank's date.
pub async fn run(
    storage: &Storage,
    kind: ImportKind,
    file: &Path,
    do_commit: bool,
    today: chrono::NaiveDate,
) -> Result<CliOutcome, AppError> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let who = Importer {
        user_id: None,
        username: CLI_USER.to_owned(),
        branch_id: None,
    };
    let id = stage::create_batch(storage, kind, &name, &who).await?;
    let audit = NewAuditEntry {
        username: CLI_USER.to_owned(),
        ..NewAuditEntry::default()
    };
    storage
        .audit(&NewAuditEntry {
            action: crate::storage::enum_code(&clientbook_domain::api::AuditAction::ImportFile),
            detail: Some(format!("import={id} kind={} file={name}", kind.as_str())),
            ..audit.clone()
        })
        .await?;
    let status = validate(
        storage,
        Job {
            batch_id: id,
            kind,
            path: file.to_path_buf(),
            who,
            today,
        },
    )
    .await?;
    let batch = stage::batch(storage, id).await?.ok_or(AppError::NotFound)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "import {id}: {} {name} ({:?}): {} rows read, {} valid, {} with errors, {} unchanged; {}",
        kind.as_str(),
        batch.encoding,
        batch.rows_read,
        batch.rows_valid,
        batch.rows_invalid,
        batch.rows_unchanged,
        status.as_str()
    );
    let mut offset = 0;
    let mut errors = false;
    loop {
        let (lines, _) = stage::problems(storage, id, offset, 5000).await?;
        if lines.is_empty() {
            break;
        }
        offset += lines.len() as i64;
        for p in lines {
            errors |= p.error;
            let _ = writeln!(
                out,
                "row {}\t{}\t{}\t{}\t{}",
                p.row,
                p.column.as_deref().unwrap_or("-"),
                p.value.as_deref().unwrap_or("-"),
                if p.error { "error" } else { "note" },
                p.problem.message(Lang::En, p.detail.as_deref())
            );
        }
    }
    let merges = stage::merge_decisions(storage, id).await?;
    let ok = status == ImportStatus::Ready && !errors && merges.is_empty();
    if !merges.is_empty() {
        let _ = writeln!(
            out,
            "{} proposed merge(s) need a decision in the browser (import {id}); nothing committed",
            merges.len()
        );
    }
    if do_commit && ok {
        let done = super::commit::commit(storage, &batch, CLI_USER, audit, today).await?;
        let _ = writeln!(
            out,
            "committed: {} inserted, {} updated, {} unchanged",
            done.inserted, done.updated, done.unchanged
        );
    } else if do_commit {
        stage::cancel(storage, id).await?;
        let _ = writeln!(out, "not committed: the file has errors");
    }
    Ok(CliOutcome { report: out, ok })
}
