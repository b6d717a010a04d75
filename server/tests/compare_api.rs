//! `GET /api/designs/{id}/compare` driven in-process through `oneshot`.

#[path = "common/call.rs"]
mod call;
#[path = "common/signed_in.rs"]
mod signed_in;

use call::call;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");

/// A design saved twice: revision 2 moves the subnet out of its VPC and
/// renames the design.
async fn two_revisions() -> (Router, String) {
    let db = Db::in_memory().await.unwrap();
    let (_, token) = signed_in::account(&db, "admin@example.com").await;
    let app = signed_in::with_token(app(AppState::new(db)), &token);
    let (_, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut design: Value = serde_json::from_str(SLICE).unwrap();
    design["name"] = json!("renamed");
    design["resources"][2]["cidr"] = json!("192.168.0.0/24");
    let body = json!({ "base_revision": 1, "design": design }).to_string();
    let (status, _) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
    assert_eq!(status, StatusCode::OK);
    (app, id)
}

#[tokio::test]
async fn two_revisions_compare_property_by_property_with_findings() {
    let (app, id) = two_revisions().await;
    let (status, body) =
        call(&app, Method::GET, &format!("/api/designs/{id}/compare?from=1"), Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((&body["from"], &body["to"]), (&json!(1), &json!(2)));
    assert_eq!(body["design"], json!([{"path": "name", "old": "first slice", "new": "renamed"}]));
    assert_eq!(
        body["resources"],
        json!([{
            "change": "changed", "id": "subnet-1", "name": "private-a", "type": "subnet",
            "properties": [{"path": "cidr", "old": "10.0.1.0/24", "new": "192.168.0.0/24"}],
        }])
    );
    let introduced: Vec<&str> = body["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(introduced, ["E1003"]);
    assert_eq!(body["fixed"], json!([]));

    // Backwards, the error is fixed.
    let uri = format!("/api/designs/{id}/compare?from=2&to=1");
    let (_, back) = call(&app, Method::GET, &uri, Body::empty()).await;
    let fixed: Vec<&str> =
        back["fixed"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(fixed, ["E1003"]);
}

#[tokio::test]
async fn missing_revisions_and_designs_are_named() {
    let (app, id) = two_revisions().await;
    let cases = [
        (
            format!("/api/designs/{id}/compare?from=3"),
            StatusCode::NOT_FOUND,
            format!("no revision 3 of design {id:?}"),
        ),
        (
            format!("/api/designs/{id}/compare?from=0"),
            StatusCode::BAD_REQUEST,
            "revision 0 does not exist: revisions count from 1".to_owned(),
        ),
        (
            "/api/designs/nope/compare?from=1".to_owned(),
            StatusCode::NOT_FOUND,
            "no design \"nope\"".to_owned(),
        ),
    ];
    for (uri, status, message) in cases {
        let (got, body) = call(&app, Method::GET, &uri, Body::empty()).await;
        assert_eq!(
            (got, body["error"]["message"].as_str().unwrap()),
            (status, message.as_str()),
            "{uri}"
        );
    }
    let (status, body) =
        call(&app, Method::GET, &format!("/api/designs/{id}/compare"), Body::empty()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn a_revision_that_changes_usage_is_priced_resource_by_resource() {
    let db = Db::in_memory().await.unwrap();
    let (_, token) = signed_in::account(&db, "admin@example.com").await;
    let app = signed_in::with_token(app(AppState::new(db)), &token);
    let (_, created) = call(&app, Method::POST, "/api/designs", SLICE).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let old: vpcraft_core::Design = vpcraft_core::parse_design(SLICE).unwrap();
    let mut design: Value = serde_json::from_str(SLICE).unwrap();
    design["usage"] = json!({ "resources": { "fn-1": { "requests_per_month": 10000000.0 } } });
    let new = vpcraft_core::parse_design(&design.to_string()).unwrap();
    let body = json!({ "base_revision": 1, "design": design }).to_string();
    let (status, _) = call(&app, Method::PUT, &format!("/api/designs/{id}"), body).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) =
        call(&app, Method::GET, &format!("/api/designs/{id}/compare?from=1"), Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let worker = vpcraft_core::ResourceId::new("fn-1");
    let (before, after) = (
        vpcraft_core::cost::estimate(&old).of_resource(&worker),
        vpcraft_core::cost::estimate(&new).of_resource(&worker),
    );
    assert!(after > before, "{before} → {after}");
    let cost = &body["cost"];
    assert_eq!(cost["change_usd"].as_f64(), Some(vpcraft_core::cost::cents(after - before)));
    assert_eq!(cost["resources"][0]["id"], "fn-1");
    assert_eq!(cost["resources"][0]["old_monthly_usd"].as_f64(), Some(before));
    assert_eq!(cost["resources"][0]["new_monthly_usd"].as_f64(), Some(after));
}
