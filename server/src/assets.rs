//! The browser bundle, embedded at build time, served with its content type;
//! every other non-API path gets `index.html` so client routes like
//! `/d/{id}` survive a reload.

use crate::AppState;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Shown when the server was built without `cargo xtask build`.
const NOT_BUILT: &str = "<!doctype html><title>vpcraft</title><h1>vpcraft</h1>\
<p>This server was built without the browser bundle. Run <code>cargo xtask run</code> \
(or <code>cargo xtask build</code>) to build and embed it.</p>";

pub fn router() -> Router<AppState> {
    Router::new().fallback(serve)
}

/// Looks up an embedded file by URL path.
pub fn lookup(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS.iter().find(|(url, _, _)| *url == path).map(|(_, ct, bytes)| (*ct, *bytes))
}

async fn serve(uri: Uri) -> Response {
    let path = uri.path();
    if let Some((content_type, bytes)) = lookup(path) {
        return file(content_type, bytes);
    }
    let is_file_like = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if is_file_like {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match lookup("/index.html") {
        Some((content_type, bytes)) => file(content_type, bytes),
        None if !BUNDLED => file("text/html; charset=utf-8", NOT_BUILT.as_bytes()),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file(content_type: &'static str, bytes: &'static [u8]) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // File names carry no content hash, so browsers revalidate every load.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
