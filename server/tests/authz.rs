//! The authorization matrix: every endpoint that touches stored designs or
//! people, called by every kind of caller (nobody, the holder of a share
//! link, the server's administrator who is not a member, the design's
//! owner, editor, reviewer and viewer, and a signed-in stranger), against
//! the status each must get. Each cell runs on a fresh database.

#[path = "common/postgres.rs"]
mod postgres;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");

/// Who calls, in the order of the table's columns.
const CALLERS: [&str; 8] =
    ["nobody", "share link", "admin", "owner", "editor", "reviewer", "viewer", "stranger"];

/// One design with a member of each role, a live share link, a comment
/// thread, a review request naming the reviewer, and what the endpoints
/// name: `{id}`, `{viewer}` (a member to remove), `{share}`, `{thread}`,
/// `{review}`.
struct Fixture {
    db: Db,
    design: String,
    viewer: String,
    share: String,
    thread: String,
    review: String,
    share_token: String,
    tokens: Vec<(&'static str, String)>,
}

async fn fixture(db: Db) -> Fixture {
    let hash = vpcraft_server::auth::password::hash("a long enough password").unwrap();
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for who in ["admin", "owner", "editor", "reviewer", "viewer", "stranger"] {
        let user =
            db.create_user(&format!("{who}@example.com"), &hash, false, false).await.unwrap();
        let (_, token) = vpcraft_server::api::issue_token(&db, &user.id, who).await.unwrap();
        tokens.push((who, token));
        ids.push((who, user.id));
    }
    let id_of = |who: &str| ids.iter().find(|(w, _)| *w == who).unwrap().1.clone();
    let design = "design1".to_owned();
    let packed = vpcraft_server::db::Packed {
        document: SLICE.as_bytes().to_vec(),
        findings: b"[]".to_vec(),
        errors: 0,
        warnings: 0,
    };
    db.create(&design, "d", &packed, &id_of("owner"), None).await.unwrap();
    for (who, role) in [
        ("editor", vpcraft_server::db::Role::Editor),
        ("reviewer", vpcraft_server::db::Role::Reviewer),
        ("viewer", vpcraft_server::db::Role::Viewer),
    ] {
        assert!(db.set_member(&design, &id_of(who), role).await.unwrap());
    }
    let share_token = "s".repeat(64);
    let share = "share1".to_owned();
    db.create_share(
        &share,
        &vpcraft_server::auth::secret::hash(&share_token),
        &design,
        &id_of("owner"),
        None,
    )
    .await
    .unwrap();
    let anchor = vpcraft_core::comments::Anchor::Point { x: 10.0, y: 20.0 };
    let thread = db
        .add_comment(vpcraft_server::db::comments::NewComment {
            design: &design,
            thread: None,
            anchor: Some(&anchor),
            author_id: &id_of("reviewer"),
            body: "a first comment",
        })
        .await
        .unwrap()
        .unwrap();
    let review = db
        .request_review(&design, 1, &id_of("owner"), "please look", &[id_of("reviewer")])
        .await
        .unwrap();
    Fixture { db, design, viewer: id_of("viewer"), share, thread, review, share_token, tokens }
}

/// The design stored by the fixture, read back as real JSON, for saves.
fn save_body() -> String {
    let design: Value = serde_json::from_str(SLICE).unwrap();
    json!({ "base_revision": 1, "design": design }).to_string()
}

async fn status_of(
    f: &Fixture,
    caller: &str,
    method: &Method,
    path: &str,
    body: &str,
) -> StatusCode {
    let path = path
        .replace("{id}", &f.design)
        .replace("{viewer}", &f.viewer)
        .replace("{share}", &f.share)
        .replace("{thread}", &f.thread)
        .replace("{review}", &f.review);
    let body = body.replace("{thread}", &f.thread);
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    match caller {
        "nobody" => {}
        "share link" => request = request.header("x-share-token", &f.share_token),
        who => {
            let token = &f.tokens.iter().find(|(w, _)| *w == who).unwrap().1;
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
    }
    let app = app(AppState::new(f.db.clone()));
    let response = app.oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
    let status = response.status();
    let _ = response.into_body().collect().await;
    status
}

/// Every endpoint and what each caller gets, in the order of [`CALLERS`].
fn table() -> Vec<(Method, &'static str, String, [u16; 8])> {
    let invite = json!({ "email": "stranger@example.com", "role": "viewer" }).to_string();
    vec![
        //                                              nobody share admin owner editor reviewer viewer stranger
        (Method::GET, "/api/designs", String::new(), [401, 401, 200, 200, 200, 200, 200, 200]),
        (Method::POST, "/api/designs", SLICE.to_owned(), [401, 401, 201, 201, 201, 201, 201, 201]),
        (Method::GET, "/api/designs/{id}", String::new(), [401, 401, 404, 200, 200, 200, 200, 404]),
        (Method::PUT, "/api/designs/{id}", save_body(), [401, 401, 404, 200, 200, 403, 403, 404]),
        (
            Method::GET,
            "/api/designs/{id}/compare?from=1",
            String::new(),
            [401, 401, 404, 200, 200, 200, 200, 404],
        ),
        // Every member reads the history; editors and owners restore.
        (
            Method::GET,
            "/api/designs/{id}/revisions",
            String::new(),
            [401, 401, 404, 200, 200, 200, 200, 404],
        ),
        (
            Method::POST,
            "/api/designs/{id}/revisions/1/restore",
            String::new(),
            [401, 401, 404, 200, 200, 403, 403, 404],
        ),
        (
            Method::DELETE,
            "/api/designs/{id}",
            String::new(),
            [401, 401, 404, 204, 403, 403, 403, 404],
        ),
        (
            Method::GET,
            "/api/designs/{id}/members",
            String::new(),
            [401, 401, 404, 200, 200, 200, 200, 404],
        ),
        (
            Method::PUT,
            "/api/designs/{id}/members",
            invite,
            [401, 401, 404, 200, 403, 403, 403, 404],
        ),
        (
            Method::DELETE,
            "/api/designs/{id}/members/{viewer}",
            String::new(),
            [401, 401, 404, 204, 403, 403, 403, 404],
        ),
        (
            Method::GET,
            "/api/designs/{id}/shares",
            String::new(),
            [401, 401, 404, 200, 403, 403, 403, 404],
        ),
        (
            Method::POST,
            "/api/designs/{id}/shares",
            "{}".to_owned(),
            [401, 401, 404, 201, 403, 403, 403, 404],
        ),
        (
            Method::DELETE,
            "/api/designs/{id}/shares/{share}",
            String::new(),
            [401, 401, 404, 204, 403, 403, 403, 404],
        ),
        // The share link is the credential here: anyone holding it reads.
        (Method::GET, "/api/shared", String::new(), [401, 200, 401, 401, 401, 401, 401, 401]),
        // Every member reads comments; reviewers and up write them.
        (
            Method::GET,
            "/api/designs/{id}/comments",
            String::new(),
            [401, 401, 404, 200, 200, 200, 200, 404],
        ),
        (
            Method::POST,
            "/api/designs/{id}/comments",
            json!({ "body": "why public?", "anchor": { "resource": "subnet-1" } }).to_string(),
            [401, 401, 404, 201, 201, 201, 403, 404],
        ),
        (
            Method::POST,
            "/api/designs/{id}/comments",
            json!({ "body": "a reply", "thread": "{thread}" }).to_string(),
            [401, 401, 404, 201, 201, 201, 403, 404],
        ),
        (
            Method::PUT,
            "/api/designs/{id}/comments/{thread}/resolved",
            r#"{"resolved":true}"#.to_owned(),
            [401, 401, 404, 200, 200, 200, 403, 404],
        ),
        (
            Method::PUT,
            "/api/designs/{id}/comments/{thread}/resolved",
            r#"{"resolved":false}"#.to_owned(),
            [401, 401, 404, 200, 200, 200, 403, 404],
        ),
        // The share link reads the comments of its design, and only it.
        (
            Method::GET,
            "/api/shared/comments",
            String::new(),
            [401, 200, 401, 401, 401, 401, 401, 401],
        ),
        // Every member reads the reviews; editors and owners request them;
        // only the reviewer the request names gives a verdict.
        (
            Method::GET,
            "/api/designs/{id}/reviews",
            String::new(),
            [401, 401, 404, 200, 200, 200, 200, 404],
        ),
        (
            Method::POST,
            "/api/designs/{id}/reviews",
            json!({ "revision": 1, "reviewers": ["reviewer@example.com"] }).to_string(),
            [401, 401, 404, 201, 201, 403, 403, 404],
        ),
        (
            Method::PUT,
            "/api/designs/{id}/reviews/{review}/verdict",
            json!({ "verdict": "approved" }).to_string(),
            [401, 401, 404, 403, 403, 200, 403, 404],
        ),
        (
            Method::PUT,
            "/api/designs/{id}/reviews/{review}/verdict",
            json!({ "verdict": "changes_requested", "message": "a second zone" }).to_string(),
            [401, 401, 404, 403, 403, 200, 403, 404],
        ),
        (Method::GET, "/api/tokens", String::new(), [401, 401, 200, 200, 200, 200, 200, 200]),
        (
            Method::POST,
            "/api/tokens",
            r#"{"name":"ci"}"#.to_owned(),
            [401, 401, 201, 201, 201, 201, 201, 201],
        ),
        (
            Method::DELETE,
            "/api/tokens/nope",
            String::new(),
            [401, 401, 404, 404, 404, 404, 404, 404],
        ),
        (
            Method::POST,
            "/api/users",
            r#"{"email":"new@example.com","password":"a long enough password"}"#.to_owned(),
            [401, 401, 201, 403, 403, 403, 403, 403],
        ),
        (Method::GET, "/api/session", String::new(), [200, 200, 200, 200, 200, 200, 200, 200]),
        // Stateless tools read nothing stored and stay open (see README).
        (Method::POST, "/api/validate", SLICE.to_owned(), [200, 200, 200, 200, 200, 200, 200, 200]),
    ]
}

async fn matrix(new_db: impl AsyncFn() -> Option<Db>) {
    let mut mismatches = Vec::new();
    for (method, path, body, expected) in table() {
        for (caller, expected) in CALLERS.iter().zip(expected) {
            let Some(db) = new_db().await else { return };
            let f = fixture(db).await;
            let status = status_of(&f, caller, &method, path, &body).await;
            if status.as_u16() != expected {
                mismatches
                    .push(format!("{method} {path} as {caller}: {status}, expected {expected}"));
            }
            // The share link opens the design only while it is live.
            if path.starts_with("/api/shared") && *caller == "share link" {
                assert!(f.db.revoke_share(&f.design, &f.share).await.unwrap());
                let after = status_of(&f, caller, &method, path, &body).await;
                assert_eq!(after, StatusCode::NOT_FOUND, "a revoked link still opens the design");
            }
        }
    }
    assert!(mismatches.is_empty(), "{} cells differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[tokio::test]
async fn every_endpoint_for_every_caller_on_sqlite() {
    matrix(async || Some(Db::in_memory().await.unwrap())).await;
}

#[tokio::test]
async fn every_endpoint_for_every_caller_on_postgresql() {
    matrix(postgres::database).await;
}
