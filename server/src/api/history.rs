//! A design's history: `GET /api/designs/{id}/revisions` lists its
//! revisions newest first (who saved each, when, with what message, and
//! its counts of errors and warnings), a page at a time; `POST
//! /api/designs/{id}/revisions/{n}/restore` saves revision n's design again
//! as the newest revision, through the same path as a save (`designs::store`):
//! refused while live edits no revision holds exist, and resetting the
//! design's rooms when it goes through.

use super::designs::{record, store};
use crate::AppState;
use crate::auth::{Caller, require};
use crate::db::{Role, codec};
use crate::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs/{id}/revisions", get(list))
        .route("/designs/{id}/revisions/{revision}/restore", post(restore))
}

/// Revisions listed when the query names no limit.
const DEFAULT_LIMIT: i64 = 100;
/// The most revisions one page lists.
const MAX_LIMIT: i64 = 500;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    limit: Option<i64>,
    before: Option<i64>,
}

#[utoipa::path(get, path = "/api/designs/{id}/revisions", tag = "designs",
    params(("id" = String, Path, description = "The design's ID"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "At most this many revisions (100 when absent)"),
        ("before" = Option<i64>, Query, minimum = 1, description = "Only revisions older than this one (the next page: the last revision listed)")),
    responses((status = 200, description = "The revisions, newest first, and `next_before`, the `before` of the next page (null on the last)", body = super::openapi::RevisionList), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!("limit {limit}: from 1 to {MAX_LIMIT}")));
    }
    if let Some(before) = query.before.filter(|b| *b < 1) {
        return Err(ApiError::BadRequest(format!("before {before}: revisions count from 1")));
    }
    require(&state, &caller, &id, Role::Viewer, "reading the history").await?;
    let revisions = state
        .db
        .revisions(&id, query.before, limit)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")))?;
    // A full page may have older revisions after it; the first revision
    // never does.
    let next_before = match revisions.last() {
        Some(last) if revisions.len() as i64 == limit && last.revision > 1 => Some(last.revision),
        _ => None,
    };
    Ok(Json(json!({ "id": id, "revisions": revisions, "next_before": next_before })))
}

#[utoipa::path(post, path = "/api/designs/{id}/revisions/{revision}/restore", tag = "designs",
    params(("id" = String, Path, description = "The design's ID"),
        ("revision" = i64, Path, minimum = 1, description = "The revision whose design becomes the newest revision")),
    responses((status = 200, description = "Saved as the revision after the latest, with the message \"Restored revision N\"", body = super::openapi::Saved), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn restore(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, revision)): Path<(String, i64)>,
) -> Result<Json<Value>, ApiError> {
    if revision < 1 {
        return Err(ApiError::BadRequest(format!(
            "revision {revision} does not exist: revisions count from 1"
        )));
    }
    require(&state, &caller, &id, Role::Editor, "restoring a revision").await?;
    let head = state
        .db
        .load(&id, None)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")))?
        .revision;
    let old = state.db.load(&id, Some(revision)).await?.ok_or_else(|| {
        ApiError::NotFound(format!(
            "no revision {revision} of design {id:?} (it may have been pruned)"
        ))
    })?;
    let (design, record) = state
        .workers
        .run(move || {
            let design = codec::design(&old.document)?;
            record(design)
        })
        .await??;
    let message = format!("Restored revision {revision}");
    store(&state, &caller, &id, head, &design, record, Some(&message)).await
}
