//! `/api/designs`: create, list, read, save (as a new revision) and delete
//! designs. Every save stores the findings of that revision.

use super::DesignBody;
use super::body::JsonBody;
use crate::AppState;
use crate::db::{SaveError, StoredRevision, codec};
use crate::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::Design;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/designs", get(list).post(create))
        .route("/designs/{id}", get(read).put(save).delete(remove))
}

async fn list(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.db.list().await?)))
}

async fn create(
    State(state): State<AppState>,
    DesignBody(design): DesignBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (design, record) = state.workers.run(move || record(design)).await??;
    state.db.create(&id, &design.name, &record.document, &record.findings_json).await?;
    let findings = record.findings;
    tracing::info!(design = %id, "design created");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "revision": 1, "design": design, "findings": findings })),
    ))
}

/// What a revision stores: the design file and its findings, packed.
struct Record {
    document: Vec<u8>,
    findings: Vec<vpcraft_core::Finding>,
    findings_json: Vec<u8>,
}

/// Validates a design and packs what its revision stores (CPU-heavy: run
/// in the worker pool).
fn record(design: Design) -> Result<(Design, Record), ApiError> {
    let findings = vpcraft_core::validate(&design);
    let document = codec::pack(&vpcraft_core::to_json(&design));
    let findings_json =
        codec::pack(&serde_json::to_string(&findings).map_err(anyhow::Error::from)?);
    Ok((design, Record { document, findings, findings_json }))
}

#[derive(Deserialize)]
struct RevisionQuery {
    revision: Option<i64>,
}

async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<RevisionQuery>,
) -> Result<Json<Value>, ApiError> {
    if let Some(revision) = query.revision.filter(|r| *r < 1) {
        return Err(ApiError::BadRequest(format!(
            "revision {revision} does not exist: revisions count from 1"
        )));
    }
    let stored = state.db.load(&id, query.revision).await?.ok_or_else(|| {
        ApiError::NotFound(match query.revision {
            Some(revision) => format!("no revision {revision} of design {id:?}"),
            None => format!("no design {id:?}"),
        })
    })?;
    state.workers.run(move || unpack(stored)).await?.map(Json)
}

/// A stored revision as the API answers it (CPU-heavy for large designs:
/// run in the worker pool).
fn unpack(stored: StoredRevision) -> Result<Value, ApiError> {
    let design = codec::unpack(&stored.document)?;
    let findings = codec::unpack(&stored.findings)?;
    let design: Value = serde_json::from_str(&design).map_err(anyhow::Error::from)?;
    let findings: Value = serde_json::from_str(&findings).map_err(anyhow::Error::from)?;
    Ok(json!({
        "id": stored.id,
        "revision": stored.revision,
        "design": design,
        "findings": findings,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveRequest {
    base_revision: i64,
    design: Value,
}

async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SaveRequest>,
) -> Result<Json<Value>, ApiError> {
    let SaveRequest { base_revision, design } = request;
    let (design, record) = state
        .workers
        .run(move || {
            let design: Design = vpcraft_core::schema::from_value(design)
                .map_err(|e| ApiError::BadRequest(format!("invalid design: {e}")))?;
            record(design)
        })
        .await??;
    let findings = record.findings;
    let revision = state
        .db
        .save(&id, base_revision, &design.name, &record.document, &record.findings_json)
        .await
        .map_err(|e| match e {
            SaveError::NotFound(id) => ApiError::NotFound(format!("no design {id:?}")),
            SaveError::Stale { base, latest } => ApiError::StaleRevision { base, latest },
            SaveError::Db(e) => e.into(),
        })?;
    Ok(Json(json!({ "id": id, "revision": revision, "findings": findings })))
}

async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state.db.delete(&id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no design {id:?}")))
    }
}
