//! The HTTP API driven in-process through `app(state).oneshot(...)`, signed
//! in as an administrator with an access token. The storage cases run on
//! SQLite and on a throw-away PostgreSQL server (module `postgres`).

#[path = "common/both.rs"]
#[macro_use]
mod both;
#[path = "common/call.rs"]
mod call;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/signed_in.rs"]
mod signed_in;

use call::call;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");

async fn test_app() -> (Router, Db) {
    on(Db::in_memory().await.unwrap()).await
}

/// The application on `db`, signed in as its administrator.
async fn on(db: Db) -> (Router, Db) {
    let (_, token) = signed_in::account(&db, "admin@example.com").await;
    (signed_in::with_token(app(AppState::new(db.clone())), &token), db)
}

on_both_databases!(
    create_read_update_and_list_a_design,
    a_stale_write_is_refused_and_loses_nothing,
    unknown_designs_and_routes_are_json_404s,
    internal_errors_do_not_leak_their_cause,
    a_retention_prunes_the_oldest_revisions,
    concurrent_saves_on_one_base_keep_exactly_one,
);

async fn create_read_update_and_list_a_design(db: Db) {
    let (app, _db) = on(db).await;
    let (status, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["revision"], 1);
    assert_eq!(created["design"]["resources"][2]["cidr"], "10.0.1.0/24");

    let (status, read) =
        call(&app, Method::GET, &format!("/api/designs/{id}"), Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["design"]["name"], "first slice");
    assert_eq!(read["revision"], 1);

    let mut design: Value = serde_json::from_str(SLICE).unwrap();
    design["name"] = json!("renamed");
    design["resources"][2]["cidr"] = json!("192.168.0.0/24");
    let body = json!({ "base_revision": 1, "design": design }).to_string();
    let (status, saved) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["revision"], 2);
    let rules: Vec<&str> =
        saved["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"E1003"), "the saved revision stores its findings: {rules:?}");

    let (_, list) = call(&app, Method::GET, "/api/designs", Body::empty()).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "renamed");
    assert_eq!(list[0]["revision"], 2);

    // Every revision stays readable.
    let (_, first) =
        call(&app, Method::GET, &format!("/api/designs/{id}?revision=1"), Body::empty()).await;
    assert_eq!(first["design"]["name"], "first slice");
}

async fn a_stale_write_is_refused_and_loses_nothing(db: Db) {
    let (app, _db) = on(db).await;
    let (_, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let design: Value = serde_json::from_str(SLICE).unwrap();
    let body = json!({ "base_revision": 1, "design": design }).to_string();
    let (status, _) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["code"], "stale_revision");
    assert_eq!(error["error"]["latest_revision"], 2);
    let (_, read) = call(&app, Method::GET, &format!("/api/designs/{id}"), Body::empty()).await;
    assert_eq!(read["revision"], 2);
}

#[tokio::test]
async fn malformed_designs_get_a_precise_error() {
    let (app, _db) = test_app().await;
    let (status, error) = call(&app, Method::POST, "/api/designs", "{\"schema_version\": 2,").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["code"], "bad_request");
    assert!(error["error"]["message"].as_str().unwrap().contains("line 1, column 21"), "{error}");

    let bad_cidr = SLICE.replace("10.0.1.0/24", "10.0.1.0/33");
    let (status, error) = call(&app, Method::POST, "/api/designs", bad_cidr).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("resources[2]") && message.contains("subnet-1"), "{message}");
}

#[tokio::test]
async fn huge_payloads_are_refused_with_413() {
    let (app, _db) = test_app().await;
    let huge = format!(
        "{{\"schema_version\":2,\"name\":\"{}\"}}",
        "x".repeat(vpcraft_server::MAX_BODY_BYTES)
    );
    let (status, error) = call(&app, Method::POST, "/api/validate", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn validate_returns_findings_with_names_and_ids() {
    let (app, _db) = test_app().await;
    let outside = include_str!("fixtures/subnet_outside.json");
    let (status, body) = call(&app, Method::POST, "/api/validate", outside).await;
    assert_eq!(status, StatusCode::OK);
    let finding = &body["findings"][0];
    assert_eq!(finding["rule"], "E1003");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["message"],
        "192.168.1.0/24 (subnet \"private-a\") is outside 10.0.0.0/16 (VPC \"main\")"
    );
    assert_eq!(finding["resources"][0], json!({ "id": "subnet-1", "name": "private-a" }));
}

async fn unknown_designs_and_routes_are_json_404s(db: Db) {
    let (app, _db) = on(db).await;
    let (status, error) = call(&app, Method::GET, "/api/designs/nope", Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["error"]["code"], "not_found");
    let (status, error) = call(&app, Method::GET, "/api/nothing-here", Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["error"]["code"], "not_found");
    let (status, _) = call(&app, Method::DELETE, "/api/designs/nope", Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn internal_errors_do_not_leak_their_cause(db: Db) {
    let (app, db) = on(db).await;
    db.close().await;
    let (status, error) = call(&app, Method::GET, "/api/designs", Body::empty()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error, json!({ "error": { "code": "internal", "message": "internal error" } }));
}

#[tokio::test]
async fn client_routes_get_the_app_page() {
    let (app, _db) = test_app().await;
    let request = Request::builder().uri("/d/some-design").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let request = Request::builder().uri("/missing.js").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let (app, _db) = test_app().await;
    let big = SLICE.replace("first slice", &"long name ".repeat(200));
    call(&app, Method::POST, "/api/designs", big).await;
    let request = Request::builder()
        .uri("/api/designs")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn the_app_page_revalidates_with_its_etag() {
    let (app, _db) = test_app().await;
    let request = Request::builder().uri("/").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG].clone();
    let request = Request::builder()
        .uri("/")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

async fn a_retention_prunes_the_oldest_revisions(db: Db) {
    let (app, _db) = on(db.with_retention(Some(2))).await;
    let (_, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut design: Value = serde_json::from_str(SLICE).unwrap();
    for base in 1..=3 {
        design["name"] = json!(format!("save {base}"));
        let body = json!({ "base_revision": base, "design": design }).to_string();
        let (status, saved) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
    }
    // Revisions 3 and 4 are kept; 1 and 2 are pruned.
    let (status, latest) =
        call(&app, Method::GET, &format!("/api/designs/{id}"), Body::empty()).await;
    assert_eq!(
        (status, &latest["revision"], &latest["design"]["name"]),
        (StatusCode::OK, &json!(4), &json!("save 3"))
    );
    let (status, kept) =
        call(&app, Method::GET, &format!("/api/designs/{id}?revision=3"), Body::empty()).await;
    assert_eq!((status, &kept["design"]["name"]), (StatusCode::OK, &json!("save 2")));
    assert!(kept["findings"].is_array(), "{kept}");
    let (status, pruned) =
        call(&app, Method::GET, &format!("/api/designs/{id}?revision=2"), Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(pruned["error"]["message"], format!("no revision 2 of design {id:?}"));
}

/// Many saves racing on the same base revision: exactly one wins, the others
/// are told the revision is stale, and the winner is what is stored.
async fn concurrent_saves_on_one_base_keep_exactly_one(db: Db) {
    let (app, _db) = on(db).await;
    let (_, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut tasks = Vec::new();
    for writer in 0..8 {
        let (app, id) = (app.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let mut design: Value = serde_json::from_str(SLICE).unwrap();
            design["name"] = json!(format!("writer {writer}"));
            let body = json!({ "base_revision": 1, "design": design }).to_string();
            let (status, _) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
            (writer, status)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (writer, status) = task.await.unwrap();
        match status {
            StatusCode::OK => winners.push(writer),
            StatusCode::CONFLICT => {}
            other => panic!("writer {writer} got {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let (_, read) = call(&app, Method::GET, &format!("/api/designs/{id}"), Body::empty()).await;
    assert_eq!(read["revision"], 2);
    assert_eq!(read["design"]["name"], json!(format!("writer {}", winners[0])));
}
