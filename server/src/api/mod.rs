//! The REST API under `/api`: one router per resource module.

mod body;
mod compare;
mod designs;
mod export;
mod health;
mod import;
pub mod openapi;
mod validate;

use crate::AppState;
use crate::error::ApiError;
use axum::Router;

pub use body::DesignBody;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(designs::router())
        .merge(compare::router())
        .merge(validate::router())
        .merge(export::router())
        .merge(import::router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("no such API route".into()) })
}
