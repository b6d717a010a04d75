//! The edit log of live co-editing: each accepted edit of a design's room is
//! stored (and only then acknowledged) as one numbered row; revisions are
//! snapshots that record the last edit they include. An append locks the
//! design's edit sequence first, so two server processes serving one room
//! take turns: each reads what the other stored since it last looked,
//! applies its own edits after those, and commits. In PostgreSQL every
//! append also notifies the other processes (`LISTEN vpcraft_room`).

use super::{Backend, Db, Packed, insert_revision, now};
use sqlx::Row;

/// The channel on which appends are announced, with the design's ID as
/// payload.
pub const ROOM_CHANNEL: &str = "vpcraft_room";
/// The channel that carries presence between processes.
pub const PRESENCE_CHANNEL: &str = "vpcraft_presence";

/// One stored edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditRow {
    pub seq: i64,
    pub session: String,
    pub client_seq: i64,
    pub author_id: Option<String>,
    pub author: String,
    /// The patch as JSON text; empty for a reset.
    pub patch: String,
    /// For a save through the REST API: the revision that replaced the
    /// design.
    pub reset_revision: Option<i64>,
}

impl Db {
    /// The design's edit sequence and head revision.
    pub async fn edit_state(&self, id: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
        let row = sqlx::query("SELECT edit_seq, head_revision FROM designs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.try_get("edit_seq")?, row.try_get("head_revision")?))).transpose()
    }

    /// The stored edits after `seq`, in order, at most `limit`.
    pub async fn edits_after(
        &self,
        id: &str,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<EditRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT seq, session, client_seq, author_id, author, patch, reset_revision \
             FROM design_edits WHERE design_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(id)
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(edit_row).collect()
    }

    /// The oldest edit still stored, if any.
    pub async fn oldest_edit(&self, id: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT MIN(seq) FROM design_edits WHERE design_id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
    }

    /// Starts an append to the design's edit log: locks the design's edit
    /// sequence (its row in PostgreSQL, the database in SQLite) until the
    /// append commits or is dropped, so that no other process numbers an
    /// edit meanwhile. `None` when the design is gone.
    pub async fn begin_append(&self, id: &str) -> Result<Option<Append>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let seq: Option<i64> = sqlx::query_scalar(
            "UPDATE designs SET edit_seq = edit_seq WHERE id = $1 RETURNING edit_seq",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        Ok(seq.map(|seq| Append { tx, id: id.to_owned(), seq }))
    }

    /// Stores the room's design at edit `seq` as a new revision with its
    /// findings, unless the head revision is no longer `expected_head` (a
    /// REST save or another process got there first): `None` then. Edits
    /// older than the `keep_edits` latest are pruned.
    #[allow(clippy::too_many_arguments)]
    pub async fn snapshot(
        &self,
        id: &str,
        expected_head: i64,
        seq: i64,
        name: &str,
        packed: &Packed,
        author: Option<&str>,
        message: Option<&str>,
        keep_edits: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let now = now();
        let updated = sqlx::query(
            "UPDATE designs SET head_revision = head_revision + 1, name = $1 \
             WHERE id = $2 AND head_revision = $3 AND edit_seq >= $4",
        )
        .bind(name)
        .bind(id)
        .bind(expected_head)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(None);
        }
        let revision = expected_head + 1;
        insert_revision(&mut tx, id, revision, seq, packed, message, &now, author).await?;
        sqlx::query("DELETE FROM design_edits WHERE design_id = $1 AND seq <= $2")
            .bind(id)
            .bind(seq - keep_edits)
            .execute(&mut *tx)
            .await?;
        self.prune(&mut tx, id, revision).await?;
        tx.commit().await?;
        Ok(Some(revision))
    }

    /// Sends a notification to the other processes (PostgreSQL only; one
    /// SQLite file has one process).
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        self.pg_notify(&self.pool, channel, payload).await
    }

    /// Announces `payload` on `channel` when the transaction commits.
    pub(super) async fn announce(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        channel: &str,
        payload: &str,
    ) -> Result<(), sqlx::Error> {
        self.pg_notify(&mut **tx, channel, payload).await
    }

    /// `pg_notify` through `executor`, on PostgreSQL; nothing on SQLite.
    async fn pg_notify<'e>(
        &self,
        executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
        channel: &str,
        payload: &str,
    ) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(channel)
                .bind(payload)
                .execute(executor)
                .await?;
        }
        Ok(())
    }

    /// The database URL for a dedicated listening connection, when the
    /// database is PostgreSQL.
    pub fn listen_url(&self) -> Option<&str> {
        (self.backend == Backend::Postgres).then_some(self.url.as_str())
    }
}

/// An append to a design's edit log in progress, holding the lock on its
/// edit sequence; dropping it without [`Append::commit`] rolls it back.
pub struct Append {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    id: String,
    seq: i64,
}

impl Append {
    /// The design's edit sequence: the number of the last stored edit.
    pub fn seq(&self) -> i64 {
        self.seq
    }

    /// The stored edits after `after`, up to [`Append::seq`], in order.
    pub async fn missed(&mut self, after: i64) -> Result<Vec<EditRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT seq, session, client_seq, author_id, author, patch, reset_revision \
             FROM design_edits WHERE design_id = $1 AND seq > $2 ORDER BY seq",
        )
        .bind(&self.id)
        .bind(after)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter().map(edit_row).collect()
    }

    /// Stores `edits`, numbered from [`Append::seq`] + 1, tells the other
    /// processes, and commits.
    pub async fn commit(mut self, db: &Db, edits: &[EditRow]) -> Result<(), sqlx::Error> {
        let now = now();
        let count = i64::try_from(edits.len()).unwrap_or(i64::MAX);
        sqlx::query("UPDATE designs SET edit_seq = edit_seq + $1, updated_at = $2 WHERE id = $3")
            .bind(count)
            .bind(&now)
            .bind(&self.id)
            .execute(&mut *self.tx)
            .await?;
        for chunk in edits.chunks(INSERT_CHUNK) {
            insert_edits(&mut self.tx, &self.id, chunk, &now).await?;
        }
        let last = self.seq + count;
        db.announce(&mut self.tx, ROOM_CHANNEL, &format!("{} {last}", self.id)).await?;
        self.tx.commit().await
    }
}

/// How many edits one INSERT statement stores (nine parameters each, well
/// under both databases' parameter limits).
const INSERT_CHUNK: usize = 100;

/// Stores `edits` in one statement.
pub(super) async fn insert_edits(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    edits: &[EditRow],
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut sql = String::from(
        "INSERT INTO design_edits \
         (design_id, seq, session, client_seq, author_id, author, patch, reset_revision, created_at) \
         VALUES ",
    );
    for i in 0..edits.len() {
        let p = i * 9;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        sql.push_str(&(1..=9).map(|k| format!("${}", p + k)).collect::<Vec<_>>().join(", "));
        sql.push(')');
    }
    let mut query = sqlx::query(&sql);
    for edit in edits {
        query = query
            .bind(id)
            .bind(edit.seq)
            .bind(&edit.session)
            .bind(edit.client_seq)
            .bind(edit.author_id.as_deref())
            .bind(&edit.author)
            .bind(&edit.patch)
            .bind(edit.reset_revision)
            .bind(now);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// One row of `design_edits` read back.
fn edit_row(row: &sqlx::any::AnyRow) -> Result<EditRow, sqlx::Error> {
    Ok(EditRow {
        seq: row.try_get("seq")?,
        session: row.try_get("session")?,
        client_seq: row.try_get("client_seq")?,
        author_id: row.try_get("author_id")?,
        author: row.try_get("author")?,
        patch: row.try_get("patch")?,
        reset_revision: row.try_get("reset_revision")?,
    })
}
