//! Review requests: `GET /api/designs/{id}/reviews` lists a design's
//! requests newest first with its review state (every member reads them),
//! `POST` there submits a revision for review to named reviewers (owners
//! and editors; the latest revision unless the request names one), and `PUT .../reviews/{review}/verdict` is a named
//! reviewer's approval or request for changes, with a message (required
//! when asking for changes).
//!
//! Who may be named: members of the design whose role is reviewer, editor
//! or owner (a viewer only reads), never the author of the request. A named
//! reviewer may change their verdict while the request is the design's
//! latest; a new request supersedes the older ones, whose verdicts stay as
//! history. The design's review state (in its GET answer and the designs
//! list) comes from its latest request: an approval of a revision older
//! than the design's current one is stale. A member named on a request who
//! later loses the reviewer role can no longer answer it: the author
//! requests a new review.

use super::body::JsonBody;
use crate::AppState;
use crate::auth::{Caller, require};
use crate::db::Role;
use crate::db::reviews::VerdictError;
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::reviews::{MAX_REVIEWERS, ReviewRequest, Verdict, check_message};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs/{id}/reviews", get(list).post(create))
        .route("/designs/{id}/reviews/{review}/verdict", put(decide))
}

/// The least role that may submit a revision for review.
const AUTHOR: Role = Role::Editor;
/// The least role a named reviewer must have.
const REVIEWER: Role = Role::Reviewer;

#[utoipa::path(get, path = "/api/designs/{id}/reviews", tag = "reviews",
    params(("id" = String, Path, description = "The design's ID")),
    responses((status = 200, description = "The design's review state and its review requests, newest first, and whether the caller may request a review", body = super::openapi::ReviewsJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let role = require(&state, &caller, &id, Role::Viewer, "reading the reviews").await?;
    Ok(Json(json!({
        "state": state.db.review_state(&id).await?,
        "requests": state.db.reviews(&id).await?,
        "can_request": role >= AUTHOR,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewReview {
    /// The revision to review; the design's latest when absent.
    #[serde(default)]
    revision: Option<i64>,
    /// The reviewers' emails.
    reviewers: Vec<String>,
    #[serde(default)]
    message: String,
}

#[utoipa::path(post, path = "/api/designs/{id}/reviews", tag = "reviews",
    params(("id" = String, Path, description = "The design's ID")),
    request_body(content = super::openapi::NewReviewRequest, content_type = "application/json"),
    responses((status = 201, description = "The new request, every verdict pending", body = super::openapi::ReviewRequestJson), (status = "4XX", description = "A client error (404 for a revision the design does not have; 400 naming someone who may not review)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<NewReview>,
) -> Result<(StatusCode, Json<ReviewRequest>), ApiError> {
    require(&state, &caller, &id, AUTHOR, "requesting a review").await?;
    if let Some(revision) = request.revision.filter(|r| *r < 1) {
        return Err(ApiError::BadRequest(format!(
            "revision {revision} does not exist: revisions count from 1"
        )));
    }
    let message = check_message(&request.message).map_err(ApiError::BadRequest)?;
    let mut emails: Vec<String> = Vec::new();
    for email in &request.reviewers {
        let email = crate::db::people::normalize_email(email);
        if !email.is_empty() && !emails.contains(&email) {
            emails.push(email);
        }
    }
    if emails.is_empty() {
        return Err(ApiError::BadRequest("name at least one reviewer (by email)".into()));
    }
    if emails.len() > MAX_REVIEWERS {
        return Err(ApiError::BadRequest(format!(
            "{} reviewers named: at most {MAX_REVIEWERS}",
            emails.len()
        )));
    }
    let members = state.db.members(&id).await?;
    let mut reviewers = Vec::new();
    for email in &emails {
        let member = members.iter().find(|m| m.email == *email).ok_or_else(|| {
            ApiError::BadRequest(format!("{email} is not a member of this design"))
        })?;
        if member.user_id == caller.user.id {
            return Err(ApiError::BadRequest(
                "you cannot review your own request: name other members".into(),
            ));
        }
        if member.role < REVIEWER {
            return Err(ApiError::BadRequest(format!(
                "{email} is a viewer of this design: reviewers need the reviewer role or above"
            )));
        }
        reviewers.push(member.user_id.clone());
    }
    let revision = match request.revision {
        Some(revision) => revision,
        None => state
            .db
            .head_revision(&id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")))?,
    };
    if !state.db.revision_exists(&id, revision).await? {
        return Err(ApiError::NotFound(format!(
            "no revision {revision} of design {id:?} (it may have been pruned)"
        )));
    }
    let review =
        state.db.request_review(&id, revision, &caller.user.id, &message, &reviewers).await?;
    tracing::info!(design = %id, review = %review, revision,
        reviewers = reviewers.len(), "review requested");
    crate::collab::reviews_changed(&state, &id).await;
    Ok((StatusCode::CREATED, Json(stored(&state, &id, &review).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Decision {
    verdict: Verdict,
    #[serde(default)]
    message: String,
}

#[utoipa::path(put, path = "/api/designs/{id}/reviews/{review}/verdict", tag = "reviews",
    params(("id" = String, Path, description = "The design's ID"), ("review" = String, Path, description = "The review request's ID")),
    request_body(content = super::openapi::VerdictRequest, content_type = "application/json"),
    responses((status = 200, description = "The request with the caller's verdict", body = super::openapi::ReviewRequestJson), (status = "4XX", description = "A client error (403 for someone the request does not name, 409 for a superseded request)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, review)): Path<(String, String)>,
    JsonBody(decision): JsonBody<Decision>,
) -> Result<Json<ReviewRequest>, ApiError> {
    require(&state, &caller, &id, REVIEWER, "reviewing").await?;
    let message = check_message(&decision.message).map_err(ApiError::BadRequest)?;
    match decision.verdict {
        Verdict::Pending => {
            return Err(ApiError::BadRequest(
                "a verdict is \"approved\" or \"changes_requested\"".into(),
            ));
        }
        Verdict::ChangesRequested if message.is_empty() => {
            return Err(ApiError::BadRequest(
                "say which changes you request: the message cannot be empty".into(),
            ));
        }
        _ => {}
    }
    let message = (!message.is_empty()).then_some(message);
    state
        .db
        .set_verdict(&id, &review, &caller.user.id, decision.verdict, message.as_deref())
        .await
        .map_err(|e| match e {
            VerdictError::NotFound => ApiError::NotFound(e.to_string()),
            VerdictError::Superseded => ApiError::Conflict(e.to_string()),
            VerdictError::NotNamed => ApiError::Forbidden(e.to_string()),
            VerdictError::Db(e) => e.into(),
        })?;
    tracing::info!(design = %id, review = %review, verdict = decision.verdict.as_str(),
        "review verdict");
    crate::collab::reviews_changed(&state, &id).await;
    Ok(Json(stored(&state, &id, &review).await?))
}

/// A request of a design as it now stands.
async fn stored(state: &AppState, design: &str, review: &str) -> Result<ReviewRequest, ApiError> {
    state
        .db
        .reviews(design)
        .await?
        .into_iter()
        .find(|r| r.id == review)
        .ok_or_else(|| ApiError::NotFound("no such review request on this design".into()))
}
