//! Security headers on every response: a strict Content-Security-Policy
//! that the wasm app runs under, no MIME sniffing, no framing, no referrer.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// What the app needs and nothing more: its own scripts and WebAssembly,
/// its stylesheet and the style attributes Leptos sets, images drawn from
/// data and blob URLs (the PNG and SVG downloads), requests to itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' \
'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action \
'none'; frame-ancestors 'none'";

/// The layers that set the security headers, outermost first.
pub fn layers() -> [SetResponseHeaderLayer<HeaderValue>; 5] {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    [
        set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        set(header::X_FRAME_OPTIONS, "DENY"),
        set(header::REFERRER_POLICY, "no-referrer"),
        set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ]
}
