//! Notes on a customer and their revisions. An edit names the version it was based on
//! and keeps the text it replaces.

use super::audit::insert_audit;
use super::scoped::{at, scoped_customer, Versioned};
use super::{col, now_ms, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::service::{Note, NoteRevision};
use clientbook_domain::{CustomerId, UserId};
use std::collections::HashMap;

impl Storage {
    /// The notes of a customer with their revisions, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn notes(
        &self,
        customer: CustomerId,
        only: Option<i64>,
    ) -> Result<Vec<Note>, AppError> {
        let mut conn = self.pool.acquire().await?;
        notes_on(&mut conn, customer, only).await
    }

    /// Add a note; `None` when the customer is not in `scope`.
    #[tracing::instrument(skip(self, text, audit))]
    pub async fn create_note(
        &self,
        scope: Scope,
        customer: CustomerId,
        author: UserId,
        text: &str,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO notes (customer_id, author_id, written_at, body, version) \
             VALUES ($1, $2, $3, $4, 1) RETURNING id",
        )
        .bind(customer.0)
        .bind(author.0)
        .bind(now_ms())
        .bind(text)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&row, "id")?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("note={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Replace a note's text, keeping the old one as a revision. `None`: no such note of
    /// a customer in `scope`.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, text, audit))]
    pub async fn edit_note(
        &self,
        scope: Scope,
        customer: CustomerId,
        note: i64,
        editor: UserId,
        text: &str,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<()>>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let Some(row) = sqlx::query(
            "SELECT version, body, COALESCE(edited_at, written_at) AS written_at, \
             COALESCE(edited_by, author_id) AS written_by FROM notes WHERE id = $1 AND customer_id = $2",
        )
        .bind(note)
        .bind(customer.0)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let current: i64 = col(&row, "version")?;
        if current != version {
            return Ok(Some(Versioned::Stale));
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO note_revisions (note_id, version, body, written_at, written_by, replaced_at, replaced_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(note)
        .bind(current)
        .bind(col::<String>(&row, "body")?)
        .bind(col::<i64>(&row, "written_at")?)
        .bind(col::<i64>(&row, "written_by")?)
        .bind(now)
        .bind(editor.0)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE notes SET body = $1, version = version + 1, edited_at = $2, edited_by = $3 \
             WHERE id = $4 AND version = $5",
        )
        .bind(text)
        .bind(now)
        .bind(editor.0)
        .bind(note)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("note={note} version={}", version + 1));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(())))
    }
}

/// [`Storage::notes`] on a connection already held (the customer page's).
pub(super) async fn notes_on(
    conn: &mut sqlx::AnyConnection,
    customer: CustomerId,
    only: Option<i64>,
) -> Result<Vec<Note>, AppError> {
    let rows = sqlx::query(
        "SELECT n.id, n.customer_id, n.written_at, n.body, n.author_id, n.version, \
         COALESCE(n.edited_at, n.written_at) AS edited_at, a.display_name AS author_name, \
         COALESCE(e.display_name, a.display_name) AS editor_name \
         FROM notes n JOIN users a ON a.id = n.author_id LEFT JOIN users e ON e.id = n.edited_by \
         WHERE n.customer_id = $1 AND ($2 = 0 OR n.id = $2) ORDER BY n.written_at DESC, n.id DESC",
    )
    .bind(customer.0)
    .bind(only.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let mut notes = rows
        .iter()
        .map(|row| {
            Ok(Note {
                id: col(row, "id")?,
                customer_id: CustomerId(col(row, "customer_id")?),
                written_at: at(col(row, "written_at")?),
                author_id: UserId(col(row, "author_id")?),
                author_name: col(row, "author_name")?,
                text: col(row, "body")?,
                version: col(row, "version")?,
                edited_at: at(col(row, "edited_at")?),
                edited_by_name: col(row, "editor_name")?,
                revisions: vec![],
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let index: HashMap<i64, usize> = notes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let revs = sqlx::query(
        "SELECT r.note_id, r.version, r.body, r.written_at, r.replaced_at, u.display_name \
         FROM note_revisions r JOIN notes n ON n.id = r.note_id JOIN users u ON u.id = r.written_by \
         WHERE n.customer_id = $1 AND ($2 = 0 OR n.id = $2) ORDER BY r.note_id, r.version DESC",
    )
    .bind(customer.0)
    .bind(only.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    for row in revs {
        if let Some(&i) = index.get(&col::<i64>(&row, "note_id")?) {
            notes[i].revisions.push(NoteRevision {
                version: col(&row, "version")?,
                text: col(&row, "body")?,
                written_at: at(col(&row, "written_at")?),
                written_by_name: col(&row, "display_name")?,
                replaced_at: at(col(&row, "replaced_at")?),
            });
        }
    }
    Ok(notes)
}
