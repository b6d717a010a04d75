//! Storage of review requests: each design's requests (one revision
//! submitted to named reviewers, with the author's message) and each named
//! reviewer's verdict. Rows are read back as the core's [`ReviewRequest`]s,
//! newest first, with people by email; a request's state is kept up to date
//! by every verdict, and the design's review state is derived from its
//! latest request and its current revision ([`ReviewState::of`]).

use super::{Db, now};
use sqlx::Row;
use std::collections::HashMap;
use vpcraft_core::reviews::{RequestState, ReviewRequest, ReviewState, ReviewerVerdict, Verdict};

/// Who someone whose account is gone is shown as.
const FORMER_MEMBER: &str = "a former member";

/// Why a verdict was not stored.
#[derive(Debug, thiserror::Error)]
pub enum VerdictError {
    #[error("no such review request on this design")]
    NotFound,
    #[error("a newer review request replaced this one: its verdicts can no longer change")]
    Superseded,
    #[error("you are not a named reviewer of this request")]
    NotNamed,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Db {
    /// Whether a design has (still) a revision.
    pub async fn revision_exists(&self, design: &str, revision: i64) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT revision FROM revisions WHERE design_id = $1 AND revision = $2",
        )
        .bind(design)
        .bind(revision)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// A design's latest revision; `None` when there is no such design.
    pub async fn head_revision(&self, design: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT head_revision FROM designs WHERE id = $1")
            .bind(design)
            .fetch_optional(&self.pool)
            .await
    }

    /// Stores a request by `requested_by` to review `revision`, naming
    /// `reviewers` (account IDs, in order, without repeats), each verdict
    /// pending; returns the request's ID.
    pub async fn request_review(
        &self,
        design: &str,
        revision: i64,
        requested_by: &str,
        message: &str,
        reviewers: &[String],
    ) -> Result<String, sqlx::Error> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mut tx = self.begin_write().await?;
        let n: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(n), 0) + 1 FROM review_requests WHERE design_id = $1",
        )
        .bind(design)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO review_requests \
             (id, design_id, n, revision, requested_by, message, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(design)
        .bind(n)
        .bind(revision)
        .bind(requested_by)
        .bind(message)
        .bind(RequestState::InReview.as_str())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        for (position, reviewer) in reviewers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO review_verdicts (request_id, reviewer_id, position, verdict) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&id)
            .bind(reviewer)
            .bind(position as i64)
            .bind(Verdict::Pending.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// A design's review requests, newest first, each with its reviewers'
    /// verdicts in the order they were named.
    pub async fn reviews(&self, design: &str) -> Result<Vec<ReviewRequest>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.id, r.revision, r.message, r.state, r.created_at, u.email \
             FROM review_requests r LEFT JOIN users u ON u.id = r.requested_by \
             WHERE r.design_id = $1 ORDER BY r.n DESC",
        )
        .bind(design)
        .fetch_all(&self.pool)
        .await?;
        let verdicts = sqlx::query(
            "SELECT v.request_id, v.verdict, v.message, v.decided_at, u.email \
             FROM review_verdicts v JOIN review_requests r ON r.id = v.request_id \
             JOIN users u ON u.id = v.reviewer_id \
             WHERE r.design_id = $1 ORDER BY v.request_id, v.position",
        )
        .bind(design)
        .fetch_all(&self.pool)
        .await?;
        let mut by_request: HashMap<String, Vec<ReviewerVerdict>> = HashMap::new();
        for row in &verdicts {
            let verdict: String = row.try_get("verdict")?;
            by_request.entry(row.try_get("request_id")?).or_default().push(ReviewerVerdict {
                reviewer: row.try_get("email")?,
                verdict: Verdict::parse(&verdict).unwrap_or(Verdict::Pending),
                message: row.try_get("message")?,
                decided_at: row.try_get("decided_at")?,
            });
        }
        rows.iter()
            .enumerate()
            .map(|(at, row)| {
                let id: String = row.try_get("id")?;
                let state: String = row.try_get("state")?;
                Ok(ReviewRequest {
                    revision: row.try_get("revision")?,
                    requested_by: row
                        .try_get::<Option<String>, _>("email")?
                        .unwrap_or_else(|| FORMER_MEMBER.to_owned()),
                    message: row.try_get("message")?,
                    created_at: row.try_get("created_at")?,
                    state: RequestState::parse(&state).unwrap_or(RequestState::InReview),
                    superseded: at > 0,
                    reviewers: by_request.remove(&id).unwrap_or_default(),
                    id,
                })
            })
            .collect()
    }

    /// Stores `reviewer`'s verdict on a design's request (they may change
    /// it while the request is the design's latest) and brings the
    /// request's state up to date.
    pub async fn set_verdict(
        &self,
        design: &str,
        request: &str,
        reviewer: &str,
        verdict: Verdict,
        message: Option<&str>,
    ) -> Result<(), VerdictError> {
        let mut tx = self.begin_write().await?;
        let n: Option<i64> =
            sqlx::query_scalar("SELECT n FROM review_requests WHERE design_id = $1 AND id = $2")
                .bind(design)
                .bind(request)
                .fetch_optional(&mut *tx)
                .await?;
        let n = n.ok_or(VerdictError::NotFound)?;
        let latest: i64 =
            sqlx::query_scalar("SELECT MAX(n) FROM review_requests WHERE design_id = $1")
                .bind(design)
                .fetch_one(&mut *tx)
                .await?;
        if n != latest {
            return Err(VerdictError::Superseded);
        }
        let done = sqlx::query(
            "UPDATE review_verdicts SET verdict = $1, message = $2, decided_at = $3 \
             WHERE request_id = $4 AND reviewer_id = $5",
        )
        .bind(verdict.as_str())
        .bind(message)
        .bind(now())
        .bind(request)
        .bind(reviewer)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(VerdictError::NotNamed);
        }
        let verdicts: Vec<String> =
            sqlx::query_scalar("SELECT verdict FROM review_verdicts WHERE request_id = $1")
                .bind(request)
                .fetch_all(&mut *tx)
                .await?;
        let state = RequestState::of(
            verdicts.iter().map(|v| Verdict::parse(v).unwrap_or(Verdict::Pending)),
        );
        sqlx::query("UPDATE review_requests SET state = $1 WHERE id = $2")
            .bind(state.as_str())
            .bind(request)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A design's review state: from its latest request and its current
    /// (head) revision.
    pub async fn review_state(&self, design: &str) -> Result<ReviewState, sqlx::Error> {
        let row = sqlx::query(
            "SELECT r.revision, r.state, d.head_revision FROM review_requests r \
             JOIN designs d ON d.id = r.design_id WHERE r.design_id = $1 \
             ORDER BY r.n DESC LIMIT 1",
        )
        .bind(design)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(ReviewState::None) };
        let state: String = row.try_get("state")?;
        Ok(ReviewState::of(
            Some((
                row.try_get("revision")?,
                RequestState::parse(&state).unwrap_or(RequestState::InReview),
            )),
            row.try_get("head_revision")?,
        ))
    }

    /// The latest request (its revision and state) of each design `user` is
    /// a member of that has one, by design ID.
    pub(super) async fn latest_reviews(
        &self,
        user: &str,
    ) -> Result<HashMap<String, (i64, RequestState)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT r.design_id, r.revision, r.state FROM review_requests r \
             JOIN design_members m ON m.design_id = r.design_id AND m.user_id = $1 \
             WHERE r.n = (SELECT MAX(l.n) FROM review_requests l WHERE l.design_id = r.design_id)",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let state: String = row.try_get("state")?;
                Ok((
                    row.try_get("design_id")?,
                    (
                        row.try_get("revision")?,
                        RequestState::parse(&state).unwrap_or(RequestState::InReview),
                    ),
                ))
            })
            .collect()
    }
}
