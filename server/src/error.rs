//! The one error type of the HTTP API: it maps to a JSON body with a stable
//! code, logs internal causes and never sends them to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("the design changed since revision {base}: the latest is revision {latest}")]
    StaleRevision { base: i64, latest: i64 },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::StaleRevision { .. } => (StatusCode::CONFLICT, "stale_revision"),
            Self::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let Self::Internal(cause) = &self {
            // The cause stays in the log; the client only learns that it failed.
            tracing::error!(error = ?cause, "request failed");
        }
        let mut body = json!({ "error": { "code": code, "message": self.to_string() } });
        if let Self::StaleRevision { latest, .. } = &self {
            body["error"]["latest_revision"] = json!(latest);
        }
        (status, Json(body)).into_response()
    }
}
