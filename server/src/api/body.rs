//! Request bodies: raw bytes read under the size limit and parsed by the
//! core's design reader (in the worker pool, as all CPU-heavy work), so API
//! clients get the same precise errors as the command line.

use crate::MAX_BODY_BYTES;
use crate::error::ApiError;
use crate::work::Workers;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use vpcraft_core::Design;

/// A request body that is a design file.
#[derive(Debug)]
pub struct DesignBody(pub Design);

impl<S: Send + Sync> FromRequest<S> for DesignBody
where
    Workers: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read(req, state).await?;
        Workers::from_ref(state)
            .run(move || {
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| ApiError::BadRequest("the design is not UTF-8 text".into()))?;
                vpcraft_core::parse_design(text)
                    .map(DesignBody)
                    .map_err(|e| ApiError::BadRequest(format!("invalid design: {e}")))
            })
            .await?
    }
}

/// A JSON request body of any shape, with errors in the API's format.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read(req, state).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {e}")))
    }
}

/// The body's bytes: 413 past the size limit, 408 when the client is too
/// slow to send them.
pub async fn read<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection: BytesRejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES };
        }
        let timed_out = std::error::Error::source(&rejection)
            .into_iter()
            .flat_map(|e| std::iter::successors(Some(e), |e| e.source()))
            .any(|e| e.is::<tower_http::timeout::TimeoutError>());
        if timed_out {
            ApiError::Timeout("the request body was not sent in time".into())
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    })
}
