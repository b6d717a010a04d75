//! The browser bundle, embedded at build time, served with its content type,
//! an ETag and the cache policy its name allows; every other non-API path
//! gets `index.html` so client routes like `/d/{id}` survive a reload.
//!
//! Files that `cargo xtask bundle` precompressed (brotli and gzip) are sent
//! in the best encoding the client accepts (`Accept-Encoding`, answered with
//! `Vary: Accept-Encoding`), so nothing is compressed per request. Files
//! whose names carry a content hash are cached for a year without
//! revalidation; `index.html`, which names them, is revalidated every load.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Shown when the server was built without `cargo xtask build`.
const NOT_BUILT: &str = "<!doctype html><title>vpcraft</title><h1>vpcraft</h1>\
<p>This server was built without the browser bundle. Run <code>cargo xtask run</code> \
(or <code>cargo xtask build</code>) to build and embed it.</p>";

/// How long a browser keeps a file whose name changes with its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// What every other file gets: revalidate each time (a 304 when unchanged).
pub const REVALIDATE: &str = "no-cache";

/// One embedded file.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    pub content_type: &'static str,
    /// The ETag of the uncompressed file.
    pub etag: &'static str,
    pub bytes: &'static [u8],
    pub brotli: Option<Encoded>,
    pub gzip: Option<Encoded>,
    /// True when the name carries a content hash.
    pub immutable: bool,
}

/// A precompressed encoding of a file, with an ETag of its own (a strong
/// validator names one representation).
#[derive(Clone, Copy, Debug)]
pub struct Encoded {
    pub bytes: &'static [u8],
    pub etag: &'static str,
}

/// A content coding the server can send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

/// The router of the embedded bundle.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    router_for(ASSETS)
}

/// A router serving `assets` (URL path, file) as the bundle.
pub fn router_for<S: Clone + Send + Sync + 'static>(
    assets: &'static [(&'static str, Asset)],
) -> Router<S> {
    Router::new().fallback(move |uri: Uri, headers: HeaderMap| async move {
        serve(assets, uri.path(), &headers)
    })
}

/// Looks up an embedded file by URL path.
pub fn lookup(path: &str) -> Option<Asset> {
    find(ASSETS, path)
}

fn find(assets: &[(&str, Asset)], path: &str) -> Option<Asset> {
    assets.iter().find(|(url, _)| *url == path).map(|&(_, asset)| asset)
}

fn serve(assets: &[(&str, Asset)], path: &str, headers: &HeaderMap) -> Response {
    if let Some(asset) = find(assets, path) {
        return file(asset, headers);
    }
    let is_file_like = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if is_file_like {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match find(assets, "/index.html") {
        Some(asset) => file(asset, headers),
        None if assets.is_empty() => {
            let page = Asset {
                content_type: "text/html; charset=utf-8",
                etag: "\"unbuilt\"",
                bytes: NOT_BUILT.as_bytes(),
                brotli: None,
                gzip: None,
                immutable: false,
            };
            file(page, headers)
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The coding to send: the one the client weighs highest among those the
/// file has, brotli before gzip on a tie, identity when it accepts neither.
pub fn negotiate(accept_encoding: &str, has_brotli: bool, has_gzip: bool) -> Coding {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match coding.as_str() {
            "br" => brotli = Some(quality),
            "gzip" | "x-gzip" => gzip = Some(quality),
            "*" => any = Some(quality),
            _ => {}
        }
    }
    let brotli = if has_brotli { brotli.or(any).unwrap_or(0.0) } else { 0.0 };
    let gzip = if has_gzip { gzip.or(any).unwrap_or(0.0) } else { 0.0 };
    if brotli > 0.0 && brotli >= gzip {
        Coding::Brotli
    } else if gzip > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

fn file(asset: Asset, request: &HeaderMap) -> Response {
    let accept = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (coding, bytes, etag) =
        match negotiate(accept, asset.brotli.is_some(), asset.gzip.is_some()) {
            Coding::Brotli => {
                asset.brotli.map_or((Coding::Identity, asset.bytes, asset.etag), |e| {
                    (Coding::Brotli, e.bytes, e.etag)
                })
            }
            Coding::Gzip => asset.gzip.map_or((Coding::Identity, asset.bytes, asset.etag), |e| {
                (Coding::Gzip, e.bytes, e.etag)
            }),
            Coding::Identity => (Coding::Identity, asset.bytes, asset.etag),
        };
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response =
        if fresh { StatusCode::NOT_MODIFIED.into_response() } else { bytes.into_response() };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(header::ETAG, HeaderValue::from_static(etag));
    let policy = if asset.immutable { IMMUTABLE } else { REVALIDATE };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    if asset.brotli.is_some() || asset.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    match coding {
        Coding::Brotli => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        Coding::Gzip => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Coding::Identity => {}
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_weighs_the_codings() {
        assert_eq!(negotiate("gzip, deflate, br, zstd", true, true), Coding::Brotli);
        assert_eq!(negotiate("gzip, deflate", true, true), Coding::Gzip);
        assert_eq!(negotiate("br;q=0.5, gzip", true, true), Coding::Gzip);
        assert_eq!(negotiate("br;q=0, gzip;q=0", true, true), Coding::Identity);
        assert_eq!(negotiate("*", true, true), Coding::Brotli);
        assert_eq!(negotiate("*;q=0.1, br;q=0", true, true), Coding::Gzip);
        assert_eq!(negotiate("BR", true, true), Coding::Brotli);
        assert_eq!(negotiate("br", false, true), Coding::Identity);
        assert_eq!(negotiate("br, gzip", false, true), Coding::Gzip);
        assert_eq!(negotiate("", true, true), Coding::Identity);
        assert_eq!(negotiate("identity", true, true), Coding::Identity);
    }
}
