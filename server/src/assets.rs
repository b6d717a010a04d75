//! The browser bundle, embedded at build time, served with its content type
//! and an ETag; every other non-API path gets `index.html` so client routes
//! like `/d/{id}` survive a reload.

use crate::AppState;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Shown when the server was built without `cargo xtask build`.
const NOT_BUILT: &str = "<!doctype html><title>vpcraft</title><h1>vpcraft</h1>\
<p>This server was built without the browser bundle. Run <code>cargo xtask run</code> \
(or <code>cargo xtask build</code>) to build and embed it.</p>";

/// One embedded file.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    pub content_type: &'static str,
    pub etag: &'static str,
    pub bytes: &'static [u8],
}

pub fn router() -> Router<AppState> {
    Router::new().fallback(serve)
}

/// Looks up an embedded file by URL path.
pub fn lookup(path: &str) -> Option<Asset> {
    ASSETS.iter().find(|(url, ..)| *url == path).map(|&(_, content_type, etag, bytes)| Asset {
        content_type,
        etag,
        bytes,
    })
}

async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if let Some(asset) = lookup(path) {
        return file(asset, &headers);
    }
    let is_file_like = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if is_file_like {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match lookup("/index.html") {
        Some(asset) => file(asset, &headers),
        None if !BUNDLED => {
            let page = Asset {
                content_type: "text/html; charset=utf-8",
                etag: "\"unbuilt\"",
                bytes: NOT_BUILT.as_bytes(),
            };
            file(page, &headers)
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file(asset: Asset, request: &HeaderMap) -> Response {
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == asset.etag));
    let mut response =
        if fresh { StatusCode::NOT_MODIFIED.into_response() } else { asset.bytes.into_response() };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    // File names carry no content hash, so browsers revalidate every load;
    // the ETag makes that a 304 when nothing changed.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
