//! `POST /api/import/template`: a CloudFormation template (YAML or JSON
//! text) to a design. The body is the template itself, or the JSON
//! `{"template": "...", "parameters": {"Key": "Value"}, "children":
//! {"network.yaml": "..."}}` to read it with parameter values instead of
//! its defaults and with the templates of its nested stacks (by the
//! `TemplateURL` the parent writes, or by file name). The response is
//! `{ "design": ..., "warnings": [...], "parameters": [...] }`, the
//! parameters with the values used; a template that cannot be imported is
//! a 400 whose message names the line or the logical ID at fault.

use crate::AppState;
use crate::MAX_BODY_BYTES;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use vpcraft_core::cfn::ImportOptions;

pub fn router() -> Router<AppState> {
    crate::work::in_flight(
        Router::new().route("/import/template", post(import_template)),
        crate::work::IN_FLIGHT_PER_ROUTE,
    )
}

/// A template sent with the parameter values to read it with and the
/// templates of its nested stacks.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WithParameters {
    template: String,
    #[serde(default)]
    parameters: std::collections::HashMap<String, String>,
    #[serde(default)]
    children: std::collections::HashMap<String, String>,
}

#[utoipa::path(post, path = "/api/import/template", tag = "cloudformation",
    request_body(content((super::openapi::TemplateWithParameters = "application/json"), (String = "application/yaml"))),
    responses((status = 200, description = "The design the template deploys as", body = super::openapi::Imported), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn import_template(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES });
    }
    state.workers.run(move || import(&body)).await?.map(Json)
}

/// Reads the template (CPU-heavy: run in the worker pool).
fn import(body: &[u8]) -> Result<Value, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::BadRequest("the template is not UTF-8 text".into()))?;
    // A JSON template has `Resources`; the wrapper has `template`.
    let (text, options) = match serde_json::from_str::<WithParameters>(text) {
        Ok(wrapped) => (
            wrapped.template,
            ImportOptions {
                parameters: wrapped.parameters,
                children: wrapped.children,
                ..ImportOptions::default()
            },
        ),
        Err(_) => (text.to_owned(), ImportOptions::default()),
    };
    let imported = vpcraft_core::cfn::import_with(&text, &options)
        .map_err(|e| ApiError::BadRequest(format!("invalid template: {e}")))?;
    Ok(json!({
        "design": imported.design,
        "warnings": imported.warnings,
        "parameters": imported.parameters,
    }))
}
