//! Design storage in SQLite through sqlx: designs, their immutable revisions
//! and the findings stored with each revision, compressed (`codec`). With a
//! retention of N revisions, each save prunes the revisions older than the
//! N latest.

pub mod codec;

use anyhow::Context;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
    /// How many revisions of a design are kept; all when `None`.
    keep: Option<u32>,
}

/// One row of the designs list.
#[derive(Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct DesignSummary {
    pub id: String,
    pub name: String,
    pub revision: i64,
    pub updated_at: String,
}

/// A stored revision of a design: the design file and its findings as
/// `codec` stores them.
#[derive(Debug)]
pub struct StoredRevision {
    pub id: String,
    pub revision: i64,
    pub document: Vec<u8>,
    pub findings: Vec<u8>,
}

/// Why a save was refused.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no design {0:?}")]
    NotFound(String),
    #[error("stale revision {base}, latest {latest}")]
    Stale { base: i64, latest: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Db {
    /// Opens (creating if missing) the database at `url` and runs the
    /// migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid database URL {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open database {url}"))?;
        sqlx::migrate!("./migrations").run(&pool).await.context("cannot migrate the database")?;
        Ok(Self { pool, keep: None })
    }

    /// Keeps only the `keep` latest revisions of each design from now on.
    pub fn with_retention(self, keep: Option<u32>) -> Self {
        Self { keep: keep.map(|k| k.max(1)), ..self }
    }

    /// A private in-memory database, for tests.
    pub async fn in_memory() -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        // One connection: every connection to `:memory:` is its own database.
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool, keep: None })
    }

    pub async fn list(&self) -> Result<Vec<DesignSummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, name, head_revision, updated_at FROM designs ORDER BY updated_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| DesignSummary {
                id: row.get("id"),
                name: row.get("name"),
                revision: row.get("head_revision"),
                updated_at: row.get("updated_at"),
            })
            .collect())
    }

    /// Stores a new design as revision 1 (`document` and `findings` packed
    /// by `codec::pack`).
    pub async fn create(
        &self,
        id: &str,
        name: &str,
        document: &[u8],
        findings: &[u8],
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let now = now(&mut tx).await?;
        sqlx::query(
            "INSERT INTO designs (id, name, head_revision, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
        )
        .bind(id)
        .bind(name)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        insert_revision(&mut tx, id, 1, document, findings, &now).await?;
        tx.commit().await
    }

    /// Appends a revision on top of `base`; refuses when `base` is not the
    /// latest, so a stale write never silently replaces a newer one.
    pub async fn save(
        &self,
        id: &str,
        base: i64,
        name: &str,
        document: &[u8],
        findings: &[u8],
    ) -> Result<i64, SaveError> {
        let mut tx = self.pool.begin().await?;
        let now = now(&mut tx).await?;
        let updated = sqlx::query(
            "UPDATE designs SET head_revision = head_revision + 1, name = ?, updated_at = ? \
             WHERE id = ? AND head_revision = ?",
        )
        .bind(name)
        .bind(&now)
        .bind(id)
        .bind(base)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            let latest: Option<i64> =
                sqlx::query_scalar("SELECT head_revision FROM designs WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match latest {
                None => SaveError::NotFound(id.to_owned()),
                Some(latest) => SaveError::Stale { base, latest },
            });
        }
        let revision = base + 1;
        insert_revision(&mut tx, id, revision, document, findings, &now).await?;
        if let Some(keep) = self.keep {
            sqlx::query("DELETE FROM revisions WHERE design_id = ? AND revision <= ?")
                .bind(id)
                .bind(revision - i64::from(keep))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(revision)
    }

    /// The latest revision of a design, or a given one.
    pub async fn load(
        &self,
        id: &str,
        revision: Option<i64>,
    ) -> Result<Option<StoredRevision>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT r.design_id, r.revision, r.document, r.findings FROM revisions r \
             JOIN designs d ON d.id = r.design_id \
             WHERE r.design_id = ? AND r.revision = COALESCE(?, d.head_revision)",
        )
        .bind(id)
        .bind(revision)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| StoredRevision {
            id: row.get("design_id"),
            revision: row.get("revision"),
            document: row.get("document"),
            findings: row.get("findings"),
        }))
    }

    /// Deletes a design with its history; false when there was none.
    pub async fn delete(&self, id: &str) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("DELETE FROM designs WHERE id = ?").bind(id).execute(&self.pool).await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn insert_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    revision: i64,
    document: &[u8],
    findings: &[u8],
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions (design_id, revision, document, findings, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(revision)
    .bind(document)
    .bind(findings)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The current time as RFC 3339 UTC with milliseconds (sorts as text), from
/// SQLite's own clock so every row of a transaction agrees.
async fn now(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetch_one(&mut **tx).await
}
