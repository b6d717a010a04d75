//! vpcraft's server: the REST API, design storage, the embedded browser
//! bundle, and the command line that validates without a browser.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`]; tests drive
//! it with `tower::ServiceExt::oneshot`, and `vpcraft serve` binds it to a
//! socket.

pub mod admin_cmd;
pub mod api;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod collab;
pub mod cost_cmd;
pub mod db;
pub mod diff_cmd;
pub mod error;
pub mod export_cmd;
pub mod guard;
pub mod headers;
pub mod import_aws_cmd;
pub mod import_cmd;
pub mod sarif;
pub mod serve;
pub mod validate_cmd;
pub mod work;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use db::Db;
pub use error::ApiError;
pub use guard::HostPolicy;
pub use work::Workers;

/// The largest request body accepted: a design of many thousands of
/// resources fits comfortably; anything larger is refused with 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The host names the server answers to.
    pub hosts: HostPolicy,
    /// The bounded pool for CPU-heavy work.
    pub workers: Workers,
    /// Failed sign-ins, for the rate limit.
    pub sign_in_limit: auth::limit::SignInLimit,
    /// The live co-editing rooms of this process.
    pub hub: collab::Hub,
    /// The server's AWS connection and its import jobs.
    pub aws: api::aws_jobs::AwsImports,
    /// The identity provider to sign in with, when one is configured.
    pub oidc: Option<std::sync::Arc<auth::oidc::Oidc>>,
}

impl AppState {
    /// A state with the loopback host names and the default worker pool.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            hosts: HostPolicy::default(),
            workers: Workers::default(),
            sign_in_limit: Default::default(),
            hub: collab::Hub::new(),
            aws: Default::default(),
            oidc: None,
        }
    }
}

/// The whole HTTP application: `/api` and the browser bundle.
pub fn app(state: AppState) -> Router {
    let [csp, nosniff, frame, referrer, opener] = headers::layers();
    Router::new()
        .nest("/api", api::router().layer(axum::middleware::from_fn(error::json_errors)))
        .merge(assets::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::check))
        .layer(CompressionLayer::new())
        .layer(csp)
        .layer(nosniff)
        .layer(frame)
        .layer(referrer)
        .layer(opener)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

impl axum::extract::FromRef<AppState> for Workers {
    fn from_ref(state: &AppState) -> Self {
        state.workers.clone()
    }
}
