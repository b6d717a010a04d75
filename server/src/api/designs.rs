//! `/api/designs`: create, list, read, save (as a new revision) and delete
//! designs. Every save stores the findings of that revision. Each handler
//! checks the caller's role on the design: any member reads, an editor
//! saves, the owner deletes; the list holds only the caller's designs. The
//! list and a read carry the design's review state (`api/reviews.rs`).

use super::DesignBody;
use super::body::JsonBody;
use crate::AppState;
use crate::auth::{Caller, require};
use crate::db::Role;
use crate::db::{Packed, SaveError, StoredRevision, codec};
use crate::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::Design;

pub fn router() -> Router<AppState> {
    crate::work::in_flight(
        Router::new()
            .route("/designs", get(list).post(create))
            .route("/designs/{id}", get(read).put(save).delete(remove)),
        crate::work::IN_FLIGHT_PER_ROUTE,
    )
}

#[utoipa::path(get, path = "/api/designs", tag = "designs",
    responses((status = 200, description = "The designs, the latest saved first", body = Vec<crate::db::DesignSummary>), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.db.list(&caller.user.id).await?)))
}

#[utoipa::path(post, path = "/api/designs", tag = "designs",
    request_body(content = super::openapi::DesignFile, content_type = "application/json"),
    responses((status = 201, description = "Stored as revision 1, with its findings", body = super::openapi::StoredDesign), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    DesignBody(design): DesignBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (design, record) = state.workers.run(move || record(design)).await??;
    state.db.create(&id, &design.name, &record.packed, &caller.user.id, None).await?;
    let findings = record.findings;
    tracing::info!(design = %id, "design created");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": id, "revision": 1, "design": design, "findings": findings, "role": "owner",
            "review": vpcraft_core::reviews::ReviewState::None,
        })),
    ))
}

/// What a revision stores: the design's findings, and the design file and
/// findings packed.
pub(super) struct Record {
    pub(super) findings: Vec<vpcraft_core::Finding>,
    pub(super) packed: Packed,
}

/// Validates a design and packs what its revision stores (CPU-heavy: run
/// in the worker pool).
pub(super) fn record(design: Design) -> Result<(Design, Record), ApiError> {
    let findings = vpcraft_core::validate(&design);
    let packed = Packed::new(&design, &findings);
    Ok((design, Record { findings, packed }))
}

#[derive(Deserialize)]
struct RevisionQuery {
    revision: Option<i64>,
}

#[utoipa::path(get, path = "/api/designs/{id}", tag = "designs",
    params(("id" = String, Path, description = "The design's ID"),
        ("revision" = Option<i64>, Query, minimum = 1, description = "A revision (from 1); the latest when absent")),
    responses((status = 200, description = "The revision with its stored findings", body = super::openapi::StoredDesign), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<RevisionQuery>,
) -> Result<Json<Value>, ApiError> {
    if let Some(revision) = query.revision.filter(|r| *r < 1) {
        return Err(ApiError::BadRequest(format!(
            "revision {revision} does not exist: revisions count from 1"
        )));
    }
    let role = require(&state, &caller, &id, Role::Viewer, "reading").await?;
    let stored = state.db.load(&id, query.revision).await?.ok_or_else(|| {
        ApiError::NotFound(match query.revision {
            Some(revision) => format!("no revision {revision} of design {id:?}"),
            None => format!("no design {id:?}"),
        })
    })?;
    let mut value = match query.revision {
        None => answer_head(&state, stored).await?,
        Some(_) => state.workers.run(move || unpack(stored)).await??,
    };
    value["role"] = json!(role.as_str());
    value["review"] = json!(state.db.review_state(&id).await?);
    Ok(Json(value))
}

/// The head revision `stored` as the API answers it, with the live edits
/// no revision holds yet applied (their findings judged now).
pub(super) async fn answer_head(
    state: &AppState,
    stored: StoredRevision,
) -> Result<Value, ApiError> {
    let id = stored.id.clone();
    let edits = state.db.edits_after(&id, stored.seq, i64::MAX).await?;
    if edits.is_empty() {
        return state.workers.run(move || unpack(stored)).await?;
    }
    let (design, revision, seq) = crate::collab::replay(state, &id, stored, edits).await?;
    state
        .workers
        .run(move || {
            let findings = vpcraft_core::validate(&design);
            json!({
                "id": id, "revision": revision, "seq": seq, "design": design, "findings": findings,
            })
        })
        .await
}

/// A stored revision as the API answers it (CPU-heavy for large designs:
/// run in the worker pool).
pub(super) fn unpack(stored: StoredRevision) -> Result<Value, ApiError> {
    let design = codec::unpack(&stored.document)?;
    let findings = codec::unpack(&stored.findings)?;
    let design: Value = serde_json::from_str(&design).map_err(anyhow::Error::from)?;
    let findings: Value = serde_json::from_str(&findings).map_err(anyhow::Error::from)?;
    Ok(json!({
        "id": stored.id,
        "revision": stored.revision,
        "seq": stored.seq,
        "design": design,
        "findings": findings,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveRequest {
    base_revision: i64,
    design: Value,
    /// What changed, in the author's words (at most `MESSAGE_MAX`
    /// characters); shown in the design's history.
    #[serde(default)]
    message: Option<String>,
}

/// The longest revision message, in characters.
pub(crate) const MESSAGE_MAX: usize = 500;

#[utoipa::path(put, path = "/api/designs/{id}", tag = "designs",
    params(("id" = String, Path, description = "The design's ID")),
    request_body(content = super::openapi::SaveRequest, content_type = "application/json"),
    responses((status = 200, description = "Saved as revision base_revision + 1", body = super::openapi::Saved), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SaveRequest>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &caller, &id, Role::Editor, "saving").await?;
    let SaveRequest { base_revision, design, message } = request;
    let message = message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    if let Some(message) = &message
        && message.chars().count() > MESSAGE_MAX
    {
        return Err(ApiError::BadRequest(format!(
            "the message is {} characters long: at most {MESSAGE_MAX}",
            message.chars().count()
        )));
    }
    let (design, record) = state
        .workers
        .run(move || {
            let design: Design = vpcraft_core::schema::from_value(design)
                .map_err(|e| ApiError::BadRequest(format!("invalid design: {e}")))?;
            record(design)
        })
        .await??;
    store(&state, &caller, &id, base_revision, &design, record, message.as_deref()).await
}

/// Saves a validated design as the revision after `base_revision` (a save,
/// or a restore of an older revision): refused as stale, or while live
/// edits no revision holds exist; a save that goes through resets the
/// design's rooms to it.
pub(super) async fn store(
    state: &AppState,
    caller: &Caller,
    id: &str,
    base_revision: i64,
    design: &Design,
    record: Record,
    message: Option<&str>,
) -> Result<Json<Value>, ApiError> {
    let findings = record.findings;
    let revision = state
        .db
        .save(
            id,
            base_revision,
            &design.name,
            &record.packed,
            message,
            &caller.user.id,
            &caller.user.email,
        )
        .await
        .map_err(|e| match e {
            SaveError::NotFound(id) => ApiError::NotFound(format!("no design {id:?}")),
            SaveError::Stale { base, latest } => ApiError::StaleRevision { base, latest },
            SaveError::LiveEdits { base } => ApiError::Conflict(format!(
                "people are editing the design live: their edits after revision {base} are not \
                 in a revision yet; reload it and save again"
            )),
            SaveError::Db(e) => e.into(),
        })?;
    // A room of the design in this process starts again from the save
    // (other processes hear of it from the database).
    state.hub.tell(id, crate::collab::Command::Poke { seq: i64::MAX }).await;
    Ok(Json(json!({ "id": id, "revision": revision, "findings": findings })))
}

#[utoipa::path(delete, path = "/api/designs/{id}", tag = "designs",
    params(("id" = String, Path, description = "The design's ID")),
    responses((status = 204, description = "Deleted with its whole history"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    require(&state, &caller, &id, Role::Owner, "deleting the design").await?;
    if state.db.delete(&id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no design {id:?}")))
    }
}
