//! The bundle's serving: content negotiation between the precompressed
//! encodings, cache headers by name, ETags per representation, and the
//! security headers on the real embedded bundle.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use vpcraft_server::assets::{self, Asset, Encoded};

/// A bundle of three files: a hashed wasm with both encodings, a hashed
/// script with gzip only, and the page.
static BUNDLE: &[(&str, Asset)] = &[
    (
        "/app-0123456789abcdef.wasm",
        Asset {
            content_type: "application/wasm",
            etag: "\"w\"",
            bytes: b"plain wasm",
            brotli: Some(Encoded { bytes: b"brotli wasm", etag: "\"w-br\"" }),
            gzip: Some(Encoded { bytes: b"gzip wasm", etag: "\"w-gz\"" }),
            immutable: true,
        },
    ),
    (
        "/app-0123456789abcdef.js",
        Asset {
            content_type: "text/javascript; charset=utf-8",
            etag: "\"j\"",
            bytes: b"plain js",
            brotli: None,
            gzip: Some(Encoded { bytes: b"gzip js", etag: "\"j-gz\"" }),
            immutable: true,
        },
    ),
    (
        "/index.html",
        Asset {
            content_type: "text/html; charset=utf-8",
            etag: "\"i\"",
            bytes: b"<!doctype html>",
            brotli: Some(Encoded { bytes: b"brotli page", etag: "\"i-br\"" }),
            gzip: None,
            immutable: false,
        },
    ),
];

fn bundle() -> Router {
    assets::router_for(BUNDLE)
}

async fn get(app: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Response {
    let mut request = Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Response { status, headers, body }
}

struct Response {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

#[tokio::test]
async fn the_best_accepted_encoding_is_sent() {
    let app = bundle();
    let wasm = "/app-0123456789abcdef.wasm";
    let chrome = get(&app, wasm, &[(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")]).await;
    assert_eq!(chrome.status, StatusCode::OK);
    assert_eq!(chrome.body, b"brotli wasm");
    assert_eq!(chrome.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(chrome.header(header::CONTENT_TYPE), Some("application/wasm"));
    assert_eq!(chrome.header(header::VARY), Some("accept-encoding"));
    assert_eq!(chrome.header(header::ETAG), Some("\"w-br\""));

    let gzip = get(&app, wasm, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(
        (gzip.body.as_slice(), gzip.header(header::CONTENT_ENCODING)),
        (&b"gzip wasm"[..], Some("gzip"))
    );
    assert_eq!(gzip.header(header::ETAG), Some("\"w-gz\""));

    let weighed = get(&app, wasm, &[(header::ACCEPT_ENCODING, "br;q=0.1, gzip;q=0.9")]).await;
    assert_eq!(weighed.header(header::CONTENT_ENCODING), Some("gzip"));

    let plain = get(&app, wasm, &[]).await;
    assert_eq!(plain.body, b"plain wasm");
    assert_eq!(plain.header(header::CONTENT_ENCODING), None);
    assert_eq!(plain.header(header::VARY), Some("accept-encoding"));
    assert_eq!(plain.header(header::ETAG), Some("\"w\""));

    // The script has no brotli encoding: a client that prefers it gets gzip.
    let js = get(&app, "/app-0123456789abcdef.js", &[(header::ACCEPT_ENCODING, "br, gzip")]).await;
    assert_eq!(
        (js.body.as_slice(), js.header(header::CONTENT_ENCODING)),
        (&b"gzip js"[..], Some("gzip"))
    );
}

#[tokio::test]
async fn hashed_names_are_immutable_and_the_page_revalidates() {
    let app = bundle();
    let wasm = get(&app, "/app-0123456789abcdef.wasm", &[]).await;
    assert_eq!(wasm.header(header::CACHE_CONTROL), Some("public, max-age=31536000, immutable"));
    let page = get(&app, "/index.html", &[]).await;
    assert_eq!(page.header(header::CACHE_CONTROL), Some("no-cache"));
    // A client route gets the page, with the same policy.
    let route = get(&app, "/d/some-design", &[(header::ACCEPT_ENCODING, "br")]).await;
    assert_eq!(route.status, StatusCode::OK);
    assert_eq!(route.body, b"brotli page");
    assert_eq!(route.header(header::CACHE_CONTROL), Some("no-cache"));
    assert_eq!(get(&app, "/app.js", &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_etag_names_one_encoding() {
    let app = bundle();
    let uri = "/app-0123456789abcdef.wasm";
    let fresh =
        get(&app, uri, &[(header::ACCEPT_ENCODING, "br"), (header::IF_NONE_MATCH, "\"w-br\"")])
            .await;
    assert_eq!(fresh.status, StatusCode::NOT_MODIFIED);
    assert!(fresh.body.is_empty());
    assert_eq!(fresh.header(header::ETAG), Some("\"w-br\""));
    // The brotli ETag does not validate the gzip representation.
    let stale =
        get(&app, uri, &[(header::ACCEPT_ENCODING, "gzip"), (header::IF_NONE_MATCH, "\"w-br\"")])
            .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, b"gzip wasm");
}

/// The real bundle through the whole application: the wasm and scripts
/// that the page names exist under hashed names, come precompressed (the
/// compression layer leaves them alone) and cacheable for a year, and the
/// page carries the Content-Security-Policy the app runs under.
/// The whole app serving the real embedded bundle, or `None` (the test
/// skipped) when the server was built without one.
async fn bundled_app() -> Option<Router> {
    if !assets::BUNDLED {
        eprintln!("the server was built without the bundle (run `cargo xtask bundle`): skipped");
        return None;
    }
    let db = vpcraft_server::db::Db::in_memory().await.unwrap();
    Some(vpcraft_server::app(vpcraft_server::AppState::new(db)))
}

#[tokio::test]
async fn the_embedded_bundle_is_served_precompressed() {
    let Some(app) = bundled_app().await else { return };
    let page = get(&app, "/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.header(header::CONTENT_SECURITY_POLICY).unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let html = String::from_utf8(page.body.clone()).unwrap();
    let named: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| {
            s.starts_with('/')
                && (s.ends_with(".js") || s.ends_with(".wasm") || s.ends_with(".css"))
        })
        .collect();
    assert!(named.iter().any(|s| s.ends_with(".wasm")), "the page preloads the wasm: {html}");
    assert!(named.len() >= 4, "{html}");
    for url in named {
        let asset = assets::lookup(url).unwrap_or_else(|| panic!("{url} is not embedded"));
        assert!(asset.immutable, "{url} carries no content hash");
        let response = get(&app, url, &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
        assert_eq!(response.status, StatusCode::OK, "{url}");
        assert_eq!(response.header(header::CACHE_CONTROL), Some(assets::IMMUTABLE), "{url}");
        if let Some(brotli) = asset.brotli {
            assert_eq!(response.header(header::CONTENT_ENCODING), Some("br"), "{url}");
            assert_eq!(response.body, brotli.bytes, "{url} was compressed twice");
        }
    }
}

/// The wasm is split (see `xtask/src/bundle/split.rs`): the bindings the page
/// loads import the loader of the split modules, which names each of them.
/// Every file of that chain is embedded, fingerprinted and served with the
/// content type the browser's streaming compile requires.
#[tokio::test]
async fn every_split_module_the_loader_names_is_embedded() {
    let Some(app) = bundled_app().await else { return };
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    // The distinct files a text names in quotes.
    let quoted = |text: &str, prefix: &str, suffix: &str| -> Vec<String> {
        let names: std::collections::BTreeSet<String> = text
            .split(['"', '\''])
            .filter(|s| s.contains(prefix) && s.ends_with(suffix))
            .map(|s| format!("/{}", s.rsplit('/').next().unwrap()))
            .collect();
        names.into_iter().collect()
    };
    let html = text(get(&app, "/", &[]).await.body);
    let bindings = quoted(&html, "/vpcraft_app-", ".js");
    assert_eq!(bindings.len(), 1, "{html}");
    let js = text(get(&app, &bindings[0], &[]).await.body);
    let loader = quoted(&js, "__wasm_split-", ".js");
    assert_eq!(loader.len(), 1, "the bindings import one loader");
    let loader_js = text(get(&app, &loader[0], &[]).await.body);
    let modules = quoted(&loader_js, "./", ".wasm");
    for name in ["split_panels-", "split_checks-", "split_designs-", "split_sign_in-"] {
        assert!(modules.iter().any(|m| m.contains(name)), "no {name}*.wasm in {modules:?}");
    }
    for url in loader.iter().chain(&modules) {
        let asset = assets::lookup(url).unwrap_or_else(|| panic!("{url} is not embedded"));
        assert!(asset.immutable, "{url} carries no content hash");
        let response = get(&app, url, &[]).await;
        assert_eq!(response.status, StatusCode::OK, "{url}");
        if url.ends_with(".wasm") {
            assert_eq!(response.header(header::CONTENT_TYPE), Some("application/wasm"), "{url}");
        }
    }
}
