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
    #[error("{0}")]
    Forbidden(String),
    /// No valid session or token.
    #[error("{0}")]
    Unauthorized(String),
    /// A failed sign-in: the same words whether or not the account exists.
    #[error("the email or the password is wrong")]
    InvalidCredentials,
    #[error("too many failed sign-ins: try again in {retry_after} seconds")]
    TooManyRequests { retry_after: u64 },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Timeout(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The server is too busy for the request, or the request took longer
    /// than its time budget.
    #[error("{0}")]
    Unavailable(String),
    /// A bound on concurrent work of one account was reached.
    #[error("{0}")]
    Limit(String),
    /// A service the server called (AWS) failed; the message is one
    /// sentence of the server's own, never the service's raw error.
    #[error("{0}")]
    Upstream(String),
    /// The database could not write because its disk is full: nothing of
    /// the request was stored.
    #[error(
        "the server's storage is full, so nothing was saved: free space on the server and try again"
    )]
    StorageFull,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

/// Whether a database error says the disk is full: SQLite's `SQLITE_FULL`
/// (13, "database or disk is full") or PostgreSQL's `disk_full` (53100).
fn is_disk_full(cause: &anyhow::Error) -> bool {
    cause.chain().any(|e| {
        e.downcast_ref::<sqlx::Error>()
            .and_then(sqlx::Error::as_database_error)
            .and_then(|db| db.code())
            .is_some_and(|code| code == "13" || code == "53100")
    })
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::StaleRevision { .. } => (StatusCode::CONFLICT, "stale_revision"),
            Self::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            Self::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::Limit(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream"),
            Self::StorageFull => (StatusCode::INSUFFICIENT_STORAGE, "storage_full"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let this = match self {
            Self::Internal(cause) if is_disk_full(&cause) => {
                tracing::error!(error = ?cause, "the database's disk is full");
                Self::StorageFull
            }
            other => other,
        };
        let (status, code) = this.status_and_code();
        if let Self::Internal(cause) = &this {
            // The cause stays in the log; the client only learns that it failed.
            tracing::error!(error = ?cause, "request failed");
        }
        let mut body = json!({ "error": { "code": code, "message": this.to_string() } });
        if let Self::StaleRevision { latest, .. } = &this {
            body["error"]["latest_revision"] = json!(latest);
        }
        let mut response = (status, Json(body)).into_response();
        if let Self::TooManyRequests { retry_after } = &this {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
        }
        response
    }
}

/// The stable code of an error status that a handler did not produce itself
/// (a framework rejection, a method not allowed, a limit).
fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "bad_request",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        StatusCode::INSUFFICIENT_STORAGE => "storage_full",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// Turns every error response that is not already the API's JSON (axum's
/// rejections of a path, a query or a body, 405, the body limit's 413) into
/// `{"error": {"code", "message"}}`. A client error keeps the framework's
/// short text as its message; a server error never shows its body.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let message = if status.is_server_error() {
        "internal error".to_owned()
    } else {
        let text = String::from_utf8_lossy(&text).trim().to_owned();
        if text.is_empty() {
            status.canonical_reason().unwrap_or("error").to_lowercase()
        } else {
            text
        }
    };
    let body = json!({ "error": { "code": code_of(status), "message": message } });
    let mut out = (status, Json(body)).into_response();
    for (name, value) in &parts.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}
