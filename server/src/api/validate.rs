//! `POST /api/validate`: the rule engine over HTTP.

use super::DesignBody;
use crate::AppState;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/validate", post(validate))
}

async fn validate(DesignBody(design): DesignBody) -> Json<Value> {
    Json(json!({ "findings": vpcraft_core::validate(&design) }))
}
