//! vpcraft's server: the REST API, design storage, the embedded browser
//! bundle, and the command line that validates without a browser.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`]; tests drive
//! it with `tower::ServiceExt::oneshot`, and `vpcraft serve` binds it to a
//! socket.

pub mod api;
pub mod assets;
pub mod cli;
pub mod db;
pub mod error;
pub mod export_cmd;
pub mod import_aws_cmd;
pub mod import_cmd;
pub mod sarif;
pub mod serve;
pub mod validate_cmd;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use db::Db;
pub use error::ApiError;

/// The largest request body accepted: a design of many thousands of
/// resources fits comfortably; anything larger is refused with 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

/// The whole HTTP application: `/api` and the browser bundle.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", api::router())
        .merge(assets::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
