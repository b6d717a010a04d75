//! `POST /api/import/template`: a CloudFormation template (YAML or JSON
//! text) to a design. The response is `{ "design": ..., "warnings": [...] }`;
//! a template that cannot be imported is a 400 whose message names the
//! line or the logical ID at fault.

use crate::AppState;
use crate::MAX_BODY_BYTES;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/import/template", post(import_template))
}

async fn import_template(body: Bytes) -> Result<Json<Value>, ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES });
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::BadRequest("the template is not UTF-8 text".into()))?;
    let imported = vpcraft_core::cfn::import(text)
        .map_err(|e| ApiError::BadRequest(format!("invalid template: {e}")))?;
    Ok(Json(json!({ "design": imported.design, "warnings": imported.warnings })))
}
