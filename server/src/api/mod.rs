//! The REST API under `/api`: one router per resource module.

mod aws_import;
pub mod aws_jobs;
mod body;
mod comments;
mod compare;
pub(crate) mod designs;
mod export;
mod health;
mod history;
mod import;
mod members;
mod oidc;
pub mod openapi;
mod people;
mod reviews;
mod session;
mod validate;

use crate::AppState;
use crate::error::ApiError;
use axum::Router;

pub use crate::auth::share::SHARE_HEADER;
pub use body::DesignBody;
pub use people::issue_token;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(designs::router())
        .merge(crate::collab::router())
        .merge(compare::router())
        .merge(history::router())
        .merge(session::router())
        .merge(oidc::router())
        .merge(people::router())
        .merge(members::router())
        .merge(comments::router())
        .merge(reviews::router())
        .merge(validate::router())
        .merge(export::router())
        .merge(import::router())
        .merge(aws_import::router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("no such API route".into()) })
}
