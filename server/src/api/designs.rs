//! `/api/designs`: create, list, read, save (as a new revision) and delete
//! designs. Every save stores the findings of that revision.

use super::DesignBody;
use super::body::JsonBody;
use crate::AppState;
use crate::db::SaveError;
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
    let findings = vpcraft_core::validate(&design);
    let document = vpcraft_core::to_json(&design);
    state
        .db
        .create(
            &id,
            &design.name,
            &document,
            &serde_json::to_string(&findings).map_err(anyhow::Error::from)?,
        )
        .await?;
    tracing::info!(design = %id, "design created");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "revision": 1, "design": design, "findings": findings })),
    ))
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
    let stored = state
        .db
        .load(&id, query.revision)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no design {id:?}")))?;
    let design: Value = serde_json::from_str(&stored.document).map_err(anyhow::Error::from)?;
    let findings: Value = serde_json::from_str(&stored.findings).map_err(anyhow::Error::from)?;
    Ok(Json(json!({
        "id": stored.id,
        "revision": stored.revision,
        "design": design,
        "findings": findings,
    })))
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
    let design: Design = vpcraft_core::schema::from_value(request.design)
        .map_err(|e| ApiError::BadRequest(format!("invalid design: {e}")))?;
    let findings = vpcraft_core::validate(&design);
    let document = vpcraft_core::to_json(&design);
    let findings_json = serde_json::to_string(&findings).map_err(anyhow::Error::from)?;
    let revision = state
        .db
        .save(&id, request.base_revision, &design.name, &document, &findings_json)
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
