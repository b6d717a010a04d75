//! Signing in, sessions, forgery protection, the sign-in rate limit, access
//! tokens and share link expiry, through `oneshot`; and a capture of every
//! log line at TRACE level showing that no password, session ID or token is
//! ever logged or sent back in an error.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");
const ORIGIN: &str = "http://127.0.0.1:8080";
const PASSWORD: &str = "correct horse battery staple";

/// Everything the tests saw: every response body, for the leak check.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<String>>);

struct Call<'a> {
    method: Method,
    uri: &'a str,
    body: String,
    cookie: Option<&'a str>,
    origin: bool,
    bearer: Option<&'a str>,
}

fn call(method: Method, uri: &str) -> Call<'_> {
    Call { method, uri, body: String::new(), cookie: None, origin: true, bearer: None }
}

impl Call<'_> {
    fn body(self, body: impl Into<String>) -> Self {
        Self { body: body.into(), ..self }
    }
    fn cookie<'b>(self, cookie: &'b str) -> Call<'b>
    where
        Self: 'b,
    {
        Call { cookie: Some(cookie), ..self }
    }
    fn no_origin(self) -> Self {
        Self { origin: false, ..self }
    }
    fn bearer<'b>(self, token: &'b str) -> Call<'b>
    where
        Self: 'b,
    {
        Call { bearer: Some(token), ..self }
    }
    async fn send(self, app: &Router, seen: &Seen) -> (StatusCode, HeaderMap, Value) {
        let mut request = Request::builder()
            .method(self.method)
            .uri(self.uri)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, "application/json");
        if self.origin {
            request = request.header(header::ORIGIN, ORIGIN);
        }
        if let Some(cookie) = self.cookie {
            request = request.header(header::COOKIE, format!("vpcraft_session={cookie}"));
        }
        if let Some(token) = self.bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response =
            app.clone().oneshot(request.body(Body::from(self.body)).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        seen.0.lock().unwrap().push_str(&text);
        (parts.status, parts.headers, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// The session ID a response's `Set-Cookie` stores.
fn session_of(headers: &HeaderMap) -> String {
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("; HttpOnly; SameSite=Strict"), "{cookie}");
    cookie.strip_prefix("vpcraft_session=").unwrap().split(';').next().unwrap().to_owned()
}

fn login(email: &str, password: &str) -> String {
    json!({ "email": email, "password": password }).to_string()
}

/// A log sink shared with the test.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn sign_in_sessions_tokens_and_links_never_leak_a_secret() {
    let logs = Logs::default();
    let sink = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let seen = Seen::default();
    let db = Db::in_memory().await.unwrap();
    let app = app(AppState::new(db.clone()));
    let mut secrets = vec![PASSWORD.to_owned()];

    // An empty server asks for its first account, the administrator.
    let (status, _, session) = call(Method::GET, "/api/session").send(&app, &seen).await;
    assert_eq!(
        (status, session),
        (StatusCode::OK, json!({ "user": null, "setup_required": true, "oidc": null }))
    );
    let setup = login("Admin@Example.com", PASSWORD);
    let (status, _, _) =
        call(Method::POST, "/api/setup").body(&setup).no_origin().send(&app, &seen).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a browser-only write needs its Origin");
    let (status, headers, created) =
        call(Method::POST, "/api/setup").body(&setup).send(&app, &seen).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["user"]["email"], "admin@example.com");
    assert_eq!(created["user"]["admin"], true);
    let first = session_of(&headers);
    secrets.push(first.clone());
    let (status, _, again) = call(Method::POST, "/api/setup")
        .body(login("other@example.com", PASSWORD))
        .send(&app, &seen)
        .await;
    assert_eq!((status, &again["error"]["code"]), (StatusCode::CONFLICT, &json!("conflict")));

    // Cookie-authenticated writes need the server's own Origin.
    let (status, _, me) = call(Method::GET, "/api/session").cookie(&first).send(&app, &seen).await;
    assert_eq!((status, &me["user"]["email"]), (StatusCode::OK, &json!("admin@example.com")));
    let (status, _, refused) = call(Method::POST, "/api/designs")
        .body(SLICE)
        .cookie(&first)
        .no_origin()
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, _, design) =
        call(Method::POST, "/api/designs").body(SLICE).cookie(&first).send(&app, &seen).await;
    assert_eq!(status, StatusCode::CREATED, "{design}");
    let design = design["id"].as_str().unwrap().to_owned();

    // Signing in again gives a new session ID and ends the old one.
    let (status, headers, _) = call(Method::POST, "/api/session")
        .body(login("admin@example.com", PASSWORD))
        .cookie(&first)
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::OK);
    let second = session_of(&headers);
    secrets.push(second.clone());
    assert_ne!(first, second);
    let (status, _, _) = call(Method::GET, "/api/designs").cookie(&first).send(&app, &seen).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, list) =
        call(Method::GET, "/api/designs").cookie(&second).send(&app, &seen).await;
    assert_eq!((status, list.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));

    // A wrong password and an unknown account read exactly alike.
    let wrong = call(Method::POST, "/api/session")
        .body(login("admin@example.com", "wrong password 1"))
        .send(&app, &seen)
        .await;
    let unknown = call(Method::POST, "/api/session")
        .body(login("nobody@example.com", "wrong password 1"))
        .send(&app, &seen)
        .await;
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert_eq!((wrong.0, &wrong.2), (unknown.0, &unknown.2));
    assert_eq!(
        wrong.2,
        json!({ "error": { "code": "invalid_credentials", "message": "the email or the password is wrong" } })
    );
    // A body of the wrong shape is not quoted back.
    let (status, _, bad) = call(Method::POST, "/api/session")
        .body(r#"{"email": "admin@example.com", "password": 123456789012}"#)
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!bad.to_string().contains("123456789012"), "{bad}");

    // After five failures in a row the account's sign-ins are refused for a
    // while, even with the right password; other accounts are unaffected.
    for attempt in 2..=5 {
        let (status, _, _) = call(Method::POST, "/api/session")
            .body(login("admin@example.com", &format!("wrong password {attempt}")))
            .send(&app, &seen)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let (status, headers, limited) = call(Method::POST, "/api/session")
        .body(login("admin@example.com", PASSWORD))
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{limited}");
    assert_eq!(limited["error"]["code"], "rate_limited");
    let wait: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((800..=900).contains(&wait), "{wait}");

    // Access tokens: shown once, work as Bearer, stop when revoked.
    let (status, _, made) = call(Method::POST, "/api/tokens")
        .body(r#"{"name":"ci"}"#)
        .cookie(&second)
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let token = made["token"].as_str().unwrap().to_owned();
    secrets.push(token.clone());
    assert!(token.starts_with("vpct_") && token.len() == 69, "{token}");
    let (status, _, listed) =
        call(Method::GET, "/api/tokens").bearer(&token).no_origin().send(&app, &seen).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed[0]["name"], "ci");
    assert!(listed[0]["last_used_at"].is_string(), "{listed}");
    let (status, _, _) = call(Method::PUT, &format!("/api/designs/{design}"))
        .body(
            json!({ "base_revision": 1, "design": serde_json::from_str::<Value>(SLICE).unwrap() })
                .to_string(),
        )
        .bearer(&token)
        .no_origin()
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::OK, "a token writes without an Origin (CLI, CI)");
    let uri = format!("/api/tokens/{}", made["id"].as_str().unwrap());
    let (status, _, _) = call(Method::DELETE, &uri).cookie(&second).send(&app, &seen).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = call(Method::GET, "/api/designs").bearer(&token).send(&app, &seen).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Share links: read-only, live until revoked or expired.
    let uri = format!("/api/designs/{design}/shares");
    let (status, _, link) = call(Method::POST, &uri)
        .body(r#"{"expires_in_hours": 24}"#)
        .cookie(&second)
        .send(&app, &seen)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let share = link["token"].as_str().unwrap().to_owned();
    secrets.push(share.clone());
    let shared = |token: String| {
        let app = app.clone();
        let seen = seen.clone();
        async move {
            let request = Request::builder()
                .uri("/api/shared")
                .header("x-share-token", token)
                .body(Body::empty())
                .unwrap();
            let response = app.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            seen.0.lock().unwrap().push_str(&String::from_utf8_lossy(&bytes));
            (status, serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null))
        }
    };
    let (status, opened) = shared(share.clone()).await;
    assert_eq!(
        (status, &opened["role"], &opened["revision"]),
        (StatusCode::OK, &json!("shared"), &json!(2))
    );
    let expired = "e".repeat(64);
    let admin = db.user_by_email("admin@example.com").await.unwrap().unwrap();
    db.create_share(
        "old",
        &vpcraft_server::auth::secret::hash(&expired),
        &design,
        &admin.id,
        Some("2020-01-01T00:00:00.000Z"),
    )
    .await
    .unwrap();
    assert_eq!(shared(expired).await.0, StatusCode::NOT_FOUND, "an expired link opens nothing");
    let uri = format!("/api/designs/{design}/shares/{}", link["id"].as_str().unwrap());
    let (status, _, _) = call(Method::DELETE, &uri).cookie(&second).send(&app, &seen).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(shared(share).await.0, StatusCode::NOT_FOUND, "a revoked link opens nothing");

    // Signing out ends the session and clears the cookie.
    let (status, headers, _) =
        call(Method::DELETE, "/api/session").cookie(&second).send(&app, &seen).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().starts_with("vpcraft_session=; "));
    let (status, _, _) = call(Method::GET, "/api/designs").cookie(&second).send(&app, &seen).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("signed in") && logs.contains("a sign-in failed"),
        "the capture works:\n{logs}"
    );
    let bodies = seen.0.lock().unwrap().clone();
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret is in the logs:\n{logs}");
    }
    // The responses that made them carry the new tokens and session IDs
    // once by design; no error body carries any of them.
    assert!(!bodies.contains(PASSWORD), "the password came back in a body");
    for secret in &secrets[1..] {
        assert!(bodies.matches(secret.as_str()).count() <= 1, "a secret came back twice");
    }
}

#[tokio::test]
async fn a_session_past_its_expiry_is_refused() {
    let db = Db::in_memory().await.unwrap();
    let hash = vpcraft_server::auth::password::hash(PASSWORD).unwrap();
    let user = db.create_user("a@example.com", &hash, false, false).await.unwrap();
    let id = "f".repeat(64);
    db.create_session(
        &vpcraft_server::auth::secret::hash(&id),
        &user.id,
        "2020-01-01T00:00:00.000Z",
    )
    .await
    .unwrap();
    let app = app(AppState::new(db));
    let (status, _, body) =
        call(Method::GET, "/api/designs").cookie(&id).send(&app, &Seen::default()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["message"], "the session has ended: sign in again");
}

#[tokio::test]
async fn the_first_account_is_the_administrator_and_emails_are_unique() {
    let db = Db::in_memory().await.unwrap();
    assert_eq!(db.count_users().await.unwrap(), 0);
    let first = db.create_user("first@example.com", "x", false, false).await.unwrap();
    assert!(first.admin, "the first account is the administrator");
    let second = db.create_user("second@example.com", "x", false, false).await.unwrap();
    assert!(!second.admin);
    assert!(matches!(
        db.create_user(" SECOND@example.com ", "x", false, false).await,
        Err(vpcraft_server::db::people::CreateUserError::Exists)
    ));
    assert!(matches!(
        db.create_user("third@example.com", "x", true, true).await,
        Err(vpcraft_server::db::people::CreateUserError::NotEmpty)
    ));
}
