//! Validating a file into a staged batch: the file is parsed and each row checked by
//! the domain on a blocking thread, chunk by chunk; each chunk is then resolved against
//! the bank (RMs, products, customers, duplicates within the file and with the bank) and
//! written to the database with the counts so far. Memory holds one chunk per side.

use super::decode::{sniff, FileProblem};
use super::parse::rows;
use super::resolve::Resolver;
use super::stage::{self, Importer, StoredProblem};
use crate::error::{AppError, AppResult};
use crate::storage::Storage;
use chrono::NaiveDate;
use clientbook_domain::import::columns::{columns_of, match_header, HeaderMatch};
use clientbook_domain::import::rows::{check_row, CellProblem, ImportRow};
use clientbook_domain::import::{ImportKind, ImportStatus, Problem};
use std::path::PathBuf;

/// Rows per chunk: checked together, resolved with one query per lookup, written in
/// one transaction.
pub const CHUNK: usize = 1000;

/// A file to validate into batch `batch_id`.
pub struct Job {
    pub batch_id: i64,
    pub kind: ImportKind,
    pub path: PathBuf,
    pub who: Importer,
    pub today: NaiveDate,
}

/// One checked row: the values, or the problems with the cells as written.
pub struct Checked {
    pub row: i64,
    pub result: Result<ImportRow, (Vec<CellProblem>, Vec<String>)>,
}

enum Msg {
    Header(HeaderMatch),
    Chunk(Vec<Checked>),
    Fatal(FileProblem),
}

/// Validate the file; the batch ends ready (or failed when the file cannot be read).
pub async fn validate(storage: &Storage, job: Job) -> AppResult<ImportStatus> {
    let policy = crate::routes::policy::load_policy(storage).await?;
    let mut writer = Writer {
        storage,
        id: job.batch_id,
        seq: 0,
        counts: (0, 0, 0, 0),
        chunks: 0,
    };
    let path = job.path.clone();
    let sniffed = tokio::task::spawn_blocking(move || sniff(&path))
        .await
        .map_err(AppError::internal)?;
    let sniffed = match sniffed {
        Ok(s) => s,
        Err(p) => return writer.fail(p).await,
    };
    stage::set_encoding(storage, job.batch_id, sniffed.encoding()).await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(2);
    let (kind, today, path) = (job.kind, job.today, job.path.clone());
    let producer = tokio::task::spawn_blocking(move || produce(kind, today, &path, sniffed, tx));
    let mut resolver = Resolver::new(
        storage,
        job.batch_id,
        job.kind,
        job.who.clone(),
        policy.masking,
    )
    .await?;
    let mut header = None;
    let mut fatal = None;
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Header(h) => {
                let problems: Vec<StoredProblem> = h
                    .problems()
                    .into_iter()
                    .map(|(problem, detail)| StoredProblem {
                        row: 1,
                        column: None,
                        value: None,
                        error: problem.is_error(),
                        problem,
                        detail: Some(detail),
                    })
                    .collect();
                writer.write(&[], &problems).await?;
                resolver.set_header(&h.positions);
                header = Some(h);
            }
            Msg::Chunk(chunk) => {
                if !stage::still_validating(storage, job.batch_id).await? {
                    // Cancelled: the producer stops when its next send fails.
                    return Ok(ImportStatus::Cancelled);
                }
                let read = chunk.len() as i64;
                let (staged, problems, invalid) = resolver.resolve(chunk).await?;
                writer.counts.0 += read;
                writer.counts.1 += staged.len() as i64;
                writer.counts.2 += invalid;
                writer.counts.3 += staged.iter().filter(|r| r.unchanged).count() as i64;
                writer.write(&staged, &problems).await?;
            }
            Msg::Fatal(p) => fatal = Some(p),
        }
    }
    producer.await.map_err(AppError::internal)?;
    if let Some(p) = fatal {
        return writer.fail(p).await;
    }
    match header {
        None => writer.fail(FileProblem::new(Problem::EmptyFile)).await,
        Some(h) if !h.is_usable() => {
            stage::finish(storage, job.batch_id, ImportStatus::Failed).await?;
            Ok(ImportStatus::Failed)
        }
        Some(_) if writer.counts.0 == 0 => writer.fail(FileProblem::new(Problem::HeaderOnly)).await,
        Some(_) => {
            let (_, valid, invalid, unchanged) = writer.counts;
            if invalid == 0 && valid == unchanged {
                writer.write(&[], &[note(Problem::NothingToChange)]).await?;
            }
            // The commit pages through the batch by `(batch_id, row_no)`.
            stage::refresh_statistics(storage).await?;
            stage::finish(storage, job.batch_id, ImportStatus::Ready).await?;
            Ok(ImportStatus::Ready)
        }
    }
}

fn note(problem: Problem) -> StoredProblem {
    StoredProblem {
        row: 0,
        column: None,
        value: None,
        problem,
        detail: None,
        error: problem.is_error(),
    }
}

struct Writer<'a> {
    storage: &'a Storage,
    id: i64,
    seq: i64,
    /// read, valid, invalid, unchanged
    counts: (i64, i64, i64, i64),
    /// Chunks of staged rows written so far.
    chunks: u64,
}

impl Writer<'_> {
    async fn write(
        &mut self,
        rows: &[stage::StagedRow],
        problems: &[StoredProblem],
    ) -> AppResult<()> {
        stage::write_chunk(self.storage, self.id, self.seq, rows, problems, self.counts).await?;
        self.seq += problems.len() as i64;
        if !rows.is_empty() {
            self.chunks += 1;
            // After chunks 1, 2, 4, 8, …: the planner sees this batch as it grows
            // (stage::refresh_statistics).
            if self.chunks.is_power_of_two() {
                stage::refresh_statistics(self.storage).await?;
            }
        }
        Ok(())
    }

    async fn fail(&mut self, p: FileProblem) -> AppResult<ImportStatus> {
        let line = StoredProblem {
            row: p.row,
            detail: p.detail,
            ..note(p.problem)
        };
        self.write(&[], &[line]).await?;
        stage::finish(self.storage, self.id, ImportStatus::Failed).await?;
        Ok(ImportStatus::Failed)
    }
}

/// The blocking side: parse and check, a chunk at a time. Stops when the receiver is
/// gone (the batch was cancelled).
fn produce(
    kind: ImportKind,
    today: NaiveDate,
    path: &std::path::Path,
    sniffed: super::decode::Sniffed,
    tx: tokio::sync::mpsc::Sender<Msg>,
) {
    let mut rows = match rows(path, sniffed) {
        Ok(r) => r,
        Err(p) => {
            let _ = tx.blocking_send(Msg::Fatal(p));
            return;
        }
    };
    let header = match rows.next() {
        None => return,
        Some(Err(p)) => {
            let _ = tx.blocking_send(Msg::Fatal(p));
            return;
        }
        Some(Ok((_, cells))) => {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            match_header(kind, &refs)
        }
    };
    debug_assert_eq!(header.positions.len(), columns_of(kind).len());
    let usable = header.is_usable();
    if tx.blocking_send(Msg::Header(header.clone())).is_err() || !usable {
        return;
    }
    let mut chunk = Vec::with_capacity(CHUNK);
    for row in rows {
        match row {
            Ok((row, cells)) => {
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                let result = match check_row(kind, &header, &refs, today) {
                    Ok(r) => Ok(r),
                    Err(problems) => Err((problems, cells)),
                };
                chunk.push(Checked { row, result });
                if chunk.len() == CHUNK
                    && tx
                        .blocking_send(Msg::Chunk(std::mem::replace(
                            &mut chunk,
                            Vec::with_capacity(CHUNK),
                        )))
                        .is_err()
                {
                    return;
                }
            }
            Err(p) => {
                let _ = tx.blocking_send(Msg::Chunk(chunk));
                let _ = tx.blocking_send(Msg::Fatal(p));
                return;
            }
        }
    }
    if !chunk.is_empty() {
        let _ = tx.blocking_send(Msg::Chunk(chunk));
    }
}
