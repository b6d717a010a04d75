//! A server safe to leave running: one JSON error shape for every status,
//! security headers, the Host and Origin checks, and the connection limits
//! of `serve::run` on a real socket.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;
use vpcraft_server::serve::{Limits, run};
use vpcraft_server::{AppState, Db, app};

#[path = "common/signed_in.rs"]
mod signed_in;

const SLICE: &str = include_str!("fixtures/slice.json");

/// Sends one request to a new server, as its administrator (by access
/// token) unless the request carries credentials of its own.
async fn send(request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let db = Db::in_memory().await.unwrap();
    let (_, token) = signed_in::account(&db, "admin@example.com").await;
    let app = signed_in::with_token(app(AppState::new(db)), &token);
    let response = app.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (parts.status, parts.headers, value)
}

fn request(method: Method, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri).header(header::HOST, "127.0.0.1:8080")
}

/// The error's code and message, asserting the shape on the way.
fn error(value: &Value) -> (&str, &str) {
    let error = &value["error"];
    (error["code"].as_str().unwrap_or("?"), error["message"].as_str().unwrap_or("?"))
}

#[tokio::test]
async fn framework_rejections_are_the_apis_json_errors() {
    let get = |uri: &str| request(Method::GET, uri).body(Body::empty()).unwrap();
    let (status, _, body) = send(get("/api/designs/abc?revision=abc")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (code, message) = error(&body);
    assert_eq!(code, "bad_request");
    assert!(message.contains("revision"), "{message}");

    let (status, _, body) = send(get("/api/designs/abc?revision=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body), ("bad_request", "revision 0 does not exist: revisions count from 1"));

    let patch = request(Method::PATCH, "/api/designs").body(Body::empty()).unwrap();
    let (status, headers, body) = send(patch).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error(&body).0, "method_not_allowed");
    assert!(headers.contains_key(header::ALLOW), "the Allow header is kept");

    let huge = vec![b' '; vpcraft_server::MAX_BODY_BYTES + 1];
    let post = request(Method::POST, "/api/import/template").body(Body::from(huge)).unwrap();
    let (status, _, body) = send(post).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error(&body).0, "payload_too_large");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for uri in ["/", "/api/health", "/api/nowhere"] {
        let (_, headers, _) = send(request(Method::GET, uri).body(Body::empty()).unwrap()).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{uri}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn another_host_or_origin_cannot_reach_the_designs() {
    // A DNS-rebinding page reads under its own name.
    let rebound = Request::builder()
        .uri("/api/designs")
        .header(header::HOST, "attacker.example:8080")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(rebound).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error(&body).0, "forbidden");

    // Any page the user visits can post a form or a text/plain body.
    let cross = request(Method::POST, "/api/designs")
        .header(header::ORIGIN, "https://attacker.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(SLICE))
        .unwrap();
    let (status, _, body) = send(cross).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let plain = request(Method::POST, "/api/designs")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(SLICE))
        .unwrap();
    let (status, _, body) = send(plain).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error(&body).0, "unsupported_media_type");

    // The app's own pages and clients without an Origin may write.
    let own = request(Method::POST, "/api/designs")
        .header(header::ORIGIN, "http://127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(SLICE))
        .unwrap();
    assert_eq!(send(own).await.0, StatusCode::CREATED);
}

/// A server on a free loopback port with short limits, stopped by the
/// returned sender.
async fn server(limits: Limits) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app(AppState::new(Db::in_memory().await.unwrap()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(listener, app, limits, async {
        let _ = stopped.await;
    }));
    (addr, stop)
}

#[tokio::test]
async fn a_client_that_never_sends_its_request_is_disconnected() {
    let limits = Limits { header_timeout: Duration::from_millis(300), ..Limits::default() };
    let (addr, _stop) = server(limits).await;
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "the connection is still open after 5 s");
    assert!(started.elapsed() >= Duration::from_millis(250), "{:?}", started.elapsed());

    // Half a request head is no better.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.unwrap();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "a half-sent request head kept its connection for 5 s");
}

#[tokio::test]
async fn a_client_that_sends_its_body_too_slowly_gets_408() {
    let limits = Limits { body_timeout: Duration::from_millis(400), ..Limits::default() };
    let (addr, _stop) = server(limits).await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(
        b"POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\nConnection: close\r\n\r\n{\"schema_version\"",
    )
    .await
    .unwrap();
    // A byte now and then keeps the connection busy but not the body done.
    let started = Instant::now();
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if slow.write_all(b" ").await.is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the slow body kept its connection for 5 s");
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body: Value = serde_json::from_str(answer.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(error(&body), ("timeout", "the request body was not sent in time"));
}

/// Writes a request on a fresh connection and reads the whole answer.
async fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("an answer within 5 s")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn one_route_flooded_past_its_limit_sheds_load_and_leaves_the_others() {
    let (addr, _stop) = server(Limits::default()).await;
    let head = |path: &str, length: usize| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {length}\r\nConnection: close\r\n\r\n"
        )
    };
    // As many validations as the route allows, each with its body unsent.
    let mut holders = Vec::new();
    for _ in 0..vpcraft_server::work::IN_FLIGHT_PER_ROUTE {
        let mut held = TcpStream::connect(addr).await.unwrap();
        held.write_all(head("/api/validate", 100).as_bytes()).await.unwrap();
        holders.push(held);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let design = r#"{"schema_version":2,"name":"n","resources":[]}"#;
    let one_more = format!("{}{design}", head("/api/validate", design.len()));
    let answer = exchange(addr, one_more.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("\r\nretry-after: 1\r\n"), "{answer}");
    let body: Value = serde_json::from_str(answer.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(
        error(&body),
        ("unavailable", "too many requests of this kind are in progress: try again shortly")
    );
    // Another route still answers.
    let export = format!("{}{design}", head("/api/export", design.len()));
    let answer = exchange(addr, export.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A client that gives up frees its place.
    drop(holders.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = exchange(addr, one_more.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_limit_wait_and_a_shutdown_has_a_deadline() {
    let limits = Limits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        max_connections: 2,
        shutdown_deadline: Duration::from_millis(300),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app(AppState::new(Db::in_memory().await.unwrap()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(run(listener, app, limits, async {
        let _ = stopped.await;
    }));
    // Two clients hold both slots with unfinished requests.
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut held = TcpStream::connect(addr).await.unwrap();
        held.write_all(b"GET /api/health HTTP/1.1\r\n").await.unwrap();
        holders.push(held);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(addr).await.unwrap();
    third.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 12];
    let waited = tokio::time::timeout(Duration::from_millis(300), third.read(&mut answer)).await;
    assert!(waited.is_err(), "a third connection was served while two held the slots");
    drop(holders.pop());
    let read = tokio::time::timeout(Duration::from_secs(5), third.read_exact(&mut answer)).await;
    assert!(read.is_ok(), "the waiting client was not served once a slot freed");
    assert_eq!(&answer, b"HTTP/1.1 200");

    // One client still holds an unfinished request: the shutdown ends all
    // the same, at its deadline.
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}
