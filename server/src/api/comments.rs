//! Comments on a design: `/api/designs/{id}/comments` lists the threads
//! (every member reads them) and starts a thread or replies to one (owners,
//! editors and reviewers), `.../comments/{thread}/resolved` resolves and
//! reopens a thread (the same people), and `/api/shared/comments` lists
//! them for the holder of a share link (its token in `X-Share-Token`, as
//! `/api/shared`). A thread is anchored to a resource by its stable ID (it
//! must be in the design when the thread starts; if it is removed later the
//! thread stays, and the app shows it as outdated) or to a point of the
//! canvas. Every change is passed on live to the design's room.

use super::body::JsonBody;
use crate::AppState;
use crate::auth::share::SharedLink;
use crate::auth::{Caller, require};
use crate::db::Role;
use crate::db::comments::NewComment;
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::comments::{Anchor, Thread, check_body};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs/{id}/comments", get(list).post(create))
        .route("/designs/{id}/comments/{thread}/resolved", put(resolve))
        .route("/shared/comments", get(list_shared))
}

/// The least role that may comment, reply, resolve and reopen.
const COMMENTER: Role = Role::Reviewer;

fn answer(threads: Vec<Thread>, can_comment: bool) -> Json<Value> {
    Json(json!({ "threads": threads, "can_comment": can_comment }))
}

#[utoipa::path(get, path = "/api/designs/{id}/comments", tag = "comments",
    params(("id" = String, Path, description = "The design's ID")),
    responses((status = 200, description = "The design's threads with their replies, oldest first, and whether the caller may comment", body = super::openapi::CommentsJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let role = require(&state, &caller, &id, Role::Viewer, "reading comments").await?;
    Ok(answer(state.db.threads(&id).await?, role >= COMMENTER))
}

#[utoipa::path(get, path = "/api/shared/comments", tag = "comments",
    params(("X-Share-Token" = String, Header, description = "The share link's token")),
    responses((status = 200, description = "The shared design's threads, read-only", body = super::openapi::CommentsJson), (status = "4XX", description = "A client error (401 without a token, 404 for a revoked, expired or unknown link)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list_shared(
    State(state): State<AppState>,
    link: SharedLink,
) -> Result<Json<Value>, ApiError> {
    Ok(answer(state.db.threads(&link.design).await?, false))
}

/// A new thread (`anchor`) or a reply (`thread`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCommentRequest {
    body: String,
    #[serde(default)]
    thread: Option<String>,
    #[serde(default)]
    anchor: Option<AnchorRequest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorRequest {
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    x: Option<f64>,
    #[serde(default)]
    y: Option<f64>,
}

#[utoipa::path(post, path = "/api/designs/{id}/comments", tag = "comments",
    params(("id" = String, Path, description = "The design's ID")),
    request_body(content = super::openapi::NewCommentRequest, content_type = "application/json"),
    responses((status = 201, description = "The thread started or replied to, as it now stands", body = super::openapi::ThreadJson), (status = "4XX", description = "A client error (404 when replying to a thread the design does not have)", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<NewCommentRequest>,
) -> Result<(StatusCode, Json<Thread>), ApiError> {
    require(&state, &caller, &id, COMMENTER, "commenting").await?;
    let body = check_body(&request.body).map_err(ApiError::BadRequest)?;
    let anchor = match (&request.thread, request.anchor) {
        (Some(_), Some(_)) => {
            return Err(ApiError::BadRequest(
                "a reply has no anchor of its own: send either thread or anchor".into(),
            ));
        }
        (Some(_), None) => None,
        (None, anchor) => {
            let anchor = anchor.unwrap_or(AnchorRequest { resource: None, x: None, y: None });
            let anchor = Anchor::from_parts(anchor.resource.as_deref(), anchor.x, anchor.y)
                .map_err(ApiError::BadRequest)?;
            if let Some(resource) = anchor.resource() {
                let (design, _, _) = crate::collab::current(&state, &id)
                    .await?
                    .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")))?;
                if design.resource(resource).is_none() {
                    return Err(ApiError::BadRequest(format!(
                        "the design has no resource {:?} to comment on",
                        resource.as_str()
                    )));
                }
            }
            Some(anchor)
        }
    };
    let thread = state
        .db
        .add_comment(NewComment {
            design: &id,
            thread: request.thread.as_deref(),
            anchor: anchor.as_ref(),
            author_id: &caller.user.id,
            body: &body,
        })
        .await?
        .ok_or_else(|| ApiError::NotFound("no such thread on this design".into()))?;
    let stored = changed(&state, &id, &thread).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Resolved {
    resolved: bool,
}

#[utoipa::path(put, path = "/api/designs/{id}/comments/{thread}/resolved", tag = "comments",
    params(("id" = String, Path, description = "The design's ID"), ("thread" = String, Path, description = "The thread's ID (its first comment's)")),
    request_body(content = super::openapi::ResolvedRequest, content_type = "application/json"),
    responses((status = 200, description = "The thread, resolved or reopened", body = super::openapi::ThreadJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, thread)): Path<(String, String)>,
    JsonBody(request): JsonBody<Resolved>,
) -> Result<Json<Thread>, ApiError> {
    let verb = if request.resolved { "resolving a thread" } else { "reopening a thread" };
    require(&state, &caller, &id, COMMENTER, verb).await?;
    if !state.db.set_resolved(&id, &thread, request.resolved, &caller.user.id).await? {
        return Err(ApiError::NotFound("no such thread on this design".into()));
    }
    Ok(Json(changed(&state, &id, &thread).await?))
}

/// Reads a thread that was just written and tells the design's room.
async fn changed(state: &AppState, design: &str, thread: &str) -> Result<Thread, ApiError> {
    let stored = state
        .db
        .thread(design, thread)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such thread on this design".into()))?;
    tracing::info!(
        design,
        thread,
        comments = stored.comments.len(),
        resolved = stored.resolved,
        "thread changed"
    );
    crate::collab::thread_changed(state, design, thread).await;
    Ok(stored)
}
