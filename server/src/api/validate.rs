//! `POST /api/validate`: the rule engine over HTTP.

use super::DesignBody;
use crate::AppState;
use crate::error::ApiError;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/validate", post(validate))
}

async fn validate(
    State(state): State<AppState>,
    DesignBody(design): DesignBody,
) -> Result<Json<Value>, ApiError> {
    let findings = state.workers.run(move || vpcraft_core::validate(&design)).await?;
    Ok(Json(json!({ "findings": findings })))
}
