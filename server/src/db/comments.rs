//! Storage of comments: each design's threads, a thread being its first
//! comment (which holds the anchor and the resolved state) and the replies
//! that name it. Rows are read back as the core's [`Thread`]s, oldest
//! first, with authors by email.

use super::{Db, now};
use sqlx::Row;
use sqlx::any::AnyRow;
use vpcraft_core::ResourceId;
use vpcraft_core::comments::{Anchor, Comment, Thread};

/// The channel on which a changed thread is announced to the other
/// processes (PostgreSQL), with "design thread process" as payload.
pub const COMMENTS_CHANNEL: &str = "vpcraft_comments";

/// Who an author whose account is gone is shown as.
const FORMER_MEMBER: &str = "a former member";

/// A comment to store: a new thread (with its anchor) or a reply.
pub struct NewComment<'a> {
    pub design: &'a str,
    /// The thread replied to; `None` starts a thread at `anchor`.
    pub thread: Option<&'a str>,
    pub anchor: Option<&'a Anchor>,
    pub author_id: &'a str,
    pub body: &'a str,
}

const SELECT: &str = "SELECT c.id, c.thread_id, c.body, c.created_at, c.anchor_resource, \
     c.anchor_x, c.anchor_y, c.resolved, c.resolved_at, a.email AS author, r.email AS resolver \
     FROM comments c LEFT JOIN users a ON a.id = c.author_id \
     LEFT JOIN users r ON r.id = c.resolved_by";

impl Db {
    /// A design's threads with their replies, oldest first.
    pub async fn threads(&self, design: &str) -> Result<Vec<Thread>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE c.design_id = $1 ORDER BY c.n, c.created_at, c.id"
        ))
        .bind(design)
        .fetch_all(&self.pool)
        .await?;
        group(&rows)
    }

    /// One thread of a design, if it has it.
    pub async fn thread(&self, design: &str, thread: &str) -> Result<Option<Thread>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE c.design_id = $1 AND c.thread_id = $2 ORDER BY c.n, c.created_at, c.id"
        ))
        .bind(design)
        .bind(thread)
        .fetch_all(&self.pool)
        .await?;
        Ok(group(&rows)?.into_iter().next())
    }

    /// Stores a comment and returns its thread's ID; `None` when it replies
    /// to a thread the design does not have.
    pub async fn add_comment(&self, new: NewComment<'_>) -> Result<Option<String>, sqlx::Error> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mut tx = self.begin_write().await?;
        if let Some(thread) = new.thread {
            let found: Option<String> = sqlx::query_scalar(
                "SELECT id FROM comments WHERE design_id = $1 AND id = $2 AND thread_id = id",
            )
            .bind(new.design)
            .bind(thread)
            .fetch_optional(&mut *tx)
            .await?;
            if found.is_none() {
                return Ok(None);
            }
        }
        let n: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(n), 0) + 1 FROM comments WHERE design_id = $1")
                .bind(new.design)
                .fetch_one(&mut *tx)
                .await?;
        let resource = match new.anchor {
            Some(Anchor::Resource { resource }) => Some(resource.as_str()),
            _ => None,
        };
        let thread = new.thread.unwrap_or(&id).to_owned();
        sqlx::query(
            "INSERT INTO comments (id, design_id, thread_id, n, author_id, body, anchor_resource, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(new.design)
        .bind(&thread)
        .bind(n)
        .bind(new.author_id)
        .bind(new.body)
        .bind(resource)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        // A point is set apart, never bound as a NULL float: sqlx 0.8's Any
        // driver declares a NULL f64 to PostgreSQL as a `real`, and a
        // connection that prepared the statement so then refuses the next
        // point ("incorrect binary data format in bind parameter").
        if let Some(Anchor::Point { x, y }) = new.anchor {
            sqlx::query("UPDATE comments SET anchor_x = $1, anchor_y = $2 WHERE id = $3")
                .bind(*x)
                .bind(*y)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(thread))
    }

    /// Resolves (by `user`) or reopens a thread; false when the design has
    /// no such thread.
    pub async fn set_resolved(
        &self,
        design: &str,
        thread: &str,
        resolved: bool,
        user: &str,
    ) -> Result<bool, sqlx::Error> {
        let (by, at) = if resolved { (Some(user), Some(now())) } else { (None, None) };
        let done = sqlx::query(
            "UPDATE comments SET resolved = $1, resolved_by = $2, resolved_at = $3 \
             WHERE design_id = $4 AND id = $5 AND thread_id = id",
        )
        .bind(i64::from(resolved))
        .bind(by)
        .bind(at)
        .bind(design)
        .bind(thread)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

/// Rows in order (each thread's first comment before its replies) as
/// threads in the order of their first comments.
fn group(rows: &[AnyRow]) -> Result<Vec<Thread>, sqlx::Error> {
    let mut threads: Vec<Thread> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for row in rows {
        let id: String = row.try_get("id")?;
        let thread: String = row.try_get("thread_id")?;
        let comment = Comment {
            author: row
                .try_get::<Option<String>, _>("author")?
                .unwrap_or_else(|| FORMER_MEMBER.to_owned()),
            body: row.try_get("body")?,
            created_at: row.try_get("created_at")?,
            id: id.clone(),
        };
        if id == thread {
            let resource: Option<String> = row.try_get("anchor_resource")?;
            let x: Option<f64> = row.try_get("anchor_x")?;
            let y: Option<f64> = row.try_get("anchor_y")?;
            let anchor = match (resource, x, y) {
                (Some(resource), _, _) => Anchor::Resource { resource: ResourceId::new(resource) },
                (None, x, y) => Anchor::Point { x: x.unwrap_or(0.0), y: y.unwrap_or(0.0) },
            };
            let resolved = row.try_get::<i64, _>("resolved")? != 0;
            index.insert(id.clone(), threads.len());
            threads.push(Thread {
                id,
                anchor,
                resolved,
                resolved_by: resolved.then(|| {
                    row.try_get::<Option<String>, _>("resolver")
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| FORMER_MEMBER.to_owned())
                }),
                resolved_at: if resolved { row.try_get("resolved_at")? } else { None },
                comments: vec![comment],
            });
        } else if let Some(&at) = index.get(&thread) {
            threads[at].comments.push(comment);
        }
    }
    Ok(threads)
}
