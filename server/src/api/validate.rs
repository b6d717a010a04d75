//! `POST /api/validate`: the rule engine over HTTP.

use super::DesignBody;
use crate::AppState;
use crate::error::ApiError;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    crate::work::in_flight(
        Router::new().route("/validate", post(validate)),
        crate::work::IN_FLIGHT_PER_ROUTE,
    )
}

#[utoipa::path(post, path = "/api/validate", tag = "rules",
    request_body(content = super::openapi::DesignFile, content_type = "application/json"),
    responses((status = 200, description = "The design's findings", body = super::openapi::Findings), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn validate(
    State(state): State<AppState>,
    DesignBody(design): DesignBody,
) -> Result<Json<Value>, ApiError> {
    let findings = state.workers.run(move || vpcraft_core::validate(&design)).await?;
    Ok(Json(json!({ "findings": findings })))
}
