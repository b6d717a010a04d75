//! Design storage in SQLite or PostgreSQL through sqlx's `Any` driver:
//! designs, their immutable revisions and the findings stored with each
//! revision, compressed (`codec`). With a retention of N revisions, each save
//! prunes the revisions older than the N latest. Accounts, sessions, tokens,
//! members and share links are in `people`, comments in `comments`, review
//! requests in `reviews`.
//!
//! One set of SQL serves both databases: placeholders are `$1`, `$2`, ...
//! (which SQLite reads too), timestamps are RFC 3339 text made here, and the
//! migrations differ only in column types (`migrations/sqlite`,
//! `migrations/postgres`).

pub mod codec;
pub mod comments;
pub mod edits;
pub mod oidc;
pub mod people;
pub mod reviews;

use anyhow::Context;
use serde::Serialize;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};

pub use people::Role;

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// How many revisions of a design are kept; all when `None`.
    keep: Option<u32>,
    /// Where the database is, for the dedicated connection that listens
    /// for other processes' edits (PostgreSQL).
    url: String,
}

/// One row of the designs list.
#[derive(Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct DesignSummary {
    pub id: String,
    pub name: String,
    pub revision: i64,
    pub updated_at: String,
    /// The caller's role on the design: `owner`, `editor`, `reviewer` or
    /// `viewer`.
    pub role: String,
    /// The design's review state: `none`, `in_review`,
    /// `changes_requested`, `approved` or `approval_stale`.
    #[schema(value_type = String)]
    pub review: vpcraft_core::reviews::ReviewState,
}

/// A stored revision of a design: the design file and its findings as
/// `codec` stores them.
#[derive(Debug)]
pub struct StoredRevision {
    pub id: String,
    pub revision: i64,
    /// The last edit of the design's room the revision includes.
    pub seq: i64,
    pub document: Vec<u8>,
    pub findings: Vec<u8>,
}

/// What a new revision stores: the design file and its findings packed by
/// `codec::pack`, and how many of the findings are errors and warnings
/// (for the history list).
#[derive(Debug, Clone)]
pub struct Packed {
    pub document: Vec<u8>,
    pub findings: Vec<u8>,
    pub errors: i64,
    pub warnings: i64,
}

impl Packed {
    /// Packs a design and its findings (CPU-heavy for large designs: call
    /// it in the worker pool).
    pub fn new(design: &vpcraft_core::Design, findings: &[vpcraft_core::Finding]) -> Self {
        use vpcraft_core::Severity;
        let count =
            |severity: Severity| findings.iter().filter(|f| f.severity == severity).count() as i64;
        Self {
            document: codec::pack(&vpcraft_core::to_json(design)),
            findings: codec::pack(&serde_json::to_string(findings).unwrap_or_else(|_| "[]".into())),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }
}

/// One row of a design's history, newest first.
#[derive(Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RevisionSummary {
    pub revision: i64,
    /// When it was stored (RFC 3339 UTC).
    pub created_at: String,
    /// The email of who saved it, or null (an account since deleted).
    pub author: Option<String>,
    /// The message saved with it, or null.
    pub message: Option<String>,
    /// Its errors and warnings, or null for revisions stored before these
    /// were counted.
    pub errors: Option<i64>,
    pub warnings: Option<i64>,
}

/// A byte column: stored as bytes, or as text by rows from before
/// compression (SQLite keeps whatever was written).
fn bytes(row: &sqlx::any::AnyRow, column: &str) -> Result<Vec<u8>, sqlx::Error> {
    row.try_get::<Vec<u8>, _>(column)
        .or_else(|_| row.try_get::<String, _>(column).map(String::into_bytes))
}

/// Why a save was refused.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no design {0:?}")]
    NotFound(String),
    #[error("stale revision {base}, latest {latest}")]
    Stale { base: i64, latest: i64 },
    /// People editing live changed the design after `base`, and no
    /// revision holds their edits yet.
    #[error("live edits after revision {base}")]
    LiveEdits { base: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Db {
    /// Opens the database at `url` (`sqlite://FILE`, created when missing,
    /// or `postgres://...`) and runs the migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            (Backend::Sqlite, sqlite_url(url))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            anyhow::bail!(
                "unsupported database URL {}: use sqlite://FILE or postgres://...",
                redact(url)
            );
        };
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Readers never wait for the writer; foreign keys are on.
                        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .with_context(|| format!("cannot open database {}", redact(&url)))?;
        Self::migrate(&pool, backend).await?;
        Ok(Self { pool, backend, keep: None, url })
    }

    /// Begins a transaction that reads before it writes, holding the write
    /// lock from the start: SQLite refuses at once (`database is locked`,
    /// without the busy timeout's wait) a transaction that has read and
    /// then wants to write while another connection writes, whereas a
    /// transaction whose first statement writes waits for the lock. The
    /// no-op write changes nothing on either database.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Sqlite {
            sqlx::query("UPDATE designs SET name = name WHERE 1 = 0").execute(&mut *tx).await?;
        }
        Ok(tx)
    }

    async fn migrate(pool: &AnyPool, backend: Backend) -> anyhow::Result<()> {
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(pool).await.context("cannot migrate the database")
    }

    /// Keeps only the `keep` latest revisions of each design from now on.
    pub fn with_retention(self, keep: Option<u32>) -> Self {
        Self { keep: keep.map(|k| k.max(1)), ..self }
    }

    /// A private in-memory SQLite database, for tests.
    pub async fn in_memory() -> anyhow::Result<Self> {
        install_default_drivers();
        // One connection: every connection to `:memory:` is its own database.
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    Ok(())
                })
            })
            .connect("sqlite::memory:")
            .await?;
        Self::migrate(&pool, Backend::Sqlite).await?;
        Ok(Self { pool, backend: Backend::Sqlite, keep: None, url: "sqlite::memory:".into() })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The designs `user` is a member of, with the user's role on each.
    pub async fn list(&self, user: &str) -> Result<Vec<DesignSummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT d.id, d.name, d.head_revision, d.updated_at, m.role FROM designs d \
             JOIN design_members m ON m.design_id = d.id AND m.user_id = $1 \
             ORDER BY d.updated_at DESC, d.id",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        let reviews = self.latest_reviews(user).await?;
        rows.into_iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let revision = row.try_get("head_revision")?;
                Ok(DesignSummary {
                    review: vpcraft_core::reviews::ReviewState::of(
                        reviews.get(&id).copied(),
                        revision,
                    ),
                    id,
                    name: row.try_get("name")?,
                    revision,
                    updated_at: row.try_get("updated_at")?,
                    role: row.try_get("role")?,
                })
            })
            .collect()
    }

    /// Stores a new design as revision 1 (`document` and `findings` packed
    /// by `codec::pack`) with `owner` as its owner.
    pub async fn create(
        &self,
        id: &str,
        name: &str,
        packed: &Packed,
        owner: &str,
        message: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let now = now();
        sqlx::query(
            "INSERT INTO designs (id, name, head_revision, created_at, updated_at) VALUES ($1, $2, 1, $3, $4)",
        )
        .bind(id)
        .bind(name)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO design_members (design_id, user_id, role) VALUES ($1, $2, 'owner')",
        )
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        insert_revision(&mut tx, id, 1, 0, packed, message, &now, Some(owner)).await?;
        tx.commit().await
    }

    /// Appends a revision by `author` (shown in rooms as `author_name`),
    /// with an optional `message`, on top of `base`; refuses when `base` is not the latest, or when people
    /// editing live changed the design since, so a stale write never
    /// silently replaces a newer one. The save is announced to the design's
    /// rooms as a reset to the new revision.
    #[allow(clippy::too_many_arguments)]
    pub async fn save(
        &self,
        id: &str,
        base: i64,
        name: &str,
        packed: &Packed,
        message: Option<&str>,
        author: &str,
        author_name: &str,
    ) -> Result<i64, SaveError> {
        let mut tx = self.pool.begin().await?;
        let now = now();
        let updated = sqlx::query(
            "UPDATE designs SET head_revision = head_revision + 1, edit_seq = edit_seq + 1, \
             name = $1, updated_at = $2 \
             WHERE id = $3 AND head_revision = $4 AND edit_seq = \
             (SELECT seq FROM revisions WHERE design_id = $3 AND revision = $4)",
        )
        .bind(name)
        .bind(&now)
        .bind(id)
        .bind(base)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            let latest: Option<i64> =
                sqlx::query_scalar("SELECT head_revision FROM designs WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match latest {
                None => SaveError::NotFound(id.to_owned()),
                Some(latest) if latest == base => SaveError::LiveEdits { base },
                Some(latest) => SaveError::Stale { base, latest },
            });
        }
        let revision = base + 1;
        let seq: i64 = sqlx::query_scalar("SELECT edit_seq FROM designs WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        insert_revision(&mut tx, id, revision, seq, packed, message, &now, Some(author)).await?;
        let reset = edits::EditRow {
            seq,
            session: String::new(),
            client_seq: 0,
            author_id: Some(author.to_owned()),
            author: author_name.to_owned(),
            patch: String::new(),
            reset_revision: Some(revision),
        };
        edits::insert_edits(&mut tx, id, std::slice::from_ref(&reset), &now).await?;
        self.announce(&mut tx, edits::ROOM_CHANNEL, &format!("{id} {seq}")).await?;
        self.prune(&mut tx, id, revision).await?;
        tx.commit().await?;
        Ok(revision)
    }

    /// Deletes the revisions older than the retention keeps.
    async fn prune(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: &str,
        revision: i64,
    ) -> Result<(), sqlx::Error> {
        if let Some(keep) = self.keep {
            sqlx::query("DELETE FROM revisions WHERE design_id = $1 AND revision <= $2")
                .bind(id)
                .bind(revision - i64::from(keep))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// The latest revision of a design, or a given one.
    pub async fn load(
        &self,
        id: &str,
        revision: Option<i64>,
    ) -> Result<Option<StoredRevision>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT r.design_id, r.revision, r.seq, r.document, r.findings FROM revisions r \
             JOIN designs d ON d.id = r.design_id \
             WHERE r.design_id = $1 AND r.revision = COALESCE($2, d.head_revision)",
        )
        .bind(id)
        .bind(revision)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StoredRevision {
                id: row.try_get("design_id")?,
                revision: row.try_get("revision")?,
                seq: row.try_get("seq")?,
                document: bytes(&row, "document")?,
                findings: bytes(&row, "findings")?,
            })
        })
        .transpose()
    }

    /// A design's revisions older than `before`, newest first, at most
    /// `limit` of them; `None` when there is no such design.
    pub async fn revisions(
        &self,
        id: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Option<Vec<RevisionSummary>>, sqlx::Error> {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT head_revision FROM designs WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let rows = sqlx::query(
            "SELECT r.revision, r.created_at, u.email, r.message, r.errors, r.warnings \
             FROM revisions r LEFT JOIN users u ON u.id = r.author_id \
             WHERE r.design_id = $1 AND r.revision < $2 ORDER BY r.revision DESC LIMIT $3",
        )
        .bind(id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(RevisionSummary {
                    revision: row.try_get("revision")?,
                    created_at: row.try_get("created_at")?,
                    author: row.try_get("email")?,
                    message: row.try_get("message")?,
                    errors: row.try_get("errors")?,
                    warnings: row.try_get("warnings")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map(Some)
    }

    /// Deletes a design with its history; false when there was none.
    pub async fn delete(&self, id: &str) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("DELETE FROM designs WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A SQLite URL that creates its file when missing (`mode=rwc`) unless it
/// names a mode itself.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A database URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(at)) if at > scheme.len() + 3 => {
            let userinfo = &rest[..at - scheme.len() - 3];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{}", &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    revision: i64,
    seq: i64,
    packed: &Packed,
    message: Option<&str>,
    now: &str,
    author: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions \
         (design_id, revision, seq, document, findings, created_at, author_id, message, errors, warnings) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(revision)
    .bind(seq)
    .bind(&packed.document[..])
    .bind(&packed.findings[..])
    .bind(now)
    .bind(author)
    .bind(message)
    .bind(packed.errors)
    .bind(packed.warnings)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The current time as RFC 3339 UTC with milliseconds (sorts as text), made
/// once per transaction so that its rows agree.
pub fn now() -> String {
    at(chrono::Utc::now())
}

/// A time as the database stores it.
pub fn at(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(
            redact("postgres://vpcraft:s3cret@db:5432/vp"),
            "postgres://vpcraft:***@db:5432/vp"
        );
        assert_eq!(redact("postgres://db/vp"), "postgres://db/vp");
        assert_eq!(redact("sqlite://vpcraft.db"), "sqlite://vpcraft.db");
    }

    #[test]
    fn sqlite_urls_create_their_file() {
        assert_eq!(sqlite_url("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(sqlite_url("sqlite://a.db?cache=shared"), "sqlite://a.db?cache=shared&mode=rwc");
        assert_eq!(sqlite_url("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
    }
}
