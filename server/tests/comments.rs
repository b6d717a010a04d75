//! Comments on designs: threads anchored to a resource or a point, replies,
//! resolving and reopening, the limits of a comment, and comments reaching
//! everyone in the design's room live (on one process, and across two
//! processes sharing PostgreSQL). Who may call what is in `authz.rs`.

#[path = "common/both.rs"]
#[macro_use]
mod both;
#[path = "common/call.rs"]
mod call;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/room.rs"]
#[allow(dead_code)]
mod room;
#[path = "common/signed_in.rs"]
mod signed_in;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use call::call;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use vpcraft_core::collab::protocol::ServerMsg;
use vpcraft_core::comments::{Anchor, Thread};
use vpcraft_server::db::Role;
use vpcraft_server::{AppState, Db, app};

const SLICE: &str = include_str!("fixtures/slice.json");

on_both_databases!(
    threads_with_replies_are_listed_oldest_first,
    resolve_and_reopen_a_thread,
    bad_anchors_and_bodies_are_refused,
    a_reply_to_a_missing_thread_is_404,
    a_thread_stays_when_its_resource_is_removed,
);

/// A design owned by one account, reviewed by a second and viewed by a
/// third: the app as each, and the design's ID.
struct Setup {
    owner: Router,
    reviewer: Router,
    viewer: Router,
    id: String,
}

async fn setup(db: Db) -> Setup {
    let (_, owner) = signed_in::account(&db, "owner@example.com").await;
    let (reviewer_id, reviewer) = signed_in::account(&db, "reviewer@example.com").await;
    let (viewer_id, viewer) = signed_in::account(&db, "viewer@example.com").await;
    let as_ = |token: &str| signed_in::with_token(app(AppState::new(db.clone())), token);
    let owner = as_(&owner);
    let (status, created) = call(&owner, Method::POST, "/api/designs", SLICE).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    db.set_member(&id, &reviewer_id, Role::Reviewer).await.unwrap();
    db.set_member(&id, &viewer_id, Role::Viewer).await.unwrap();
    Setup { owner, reviewer: as_(&reviewer), viewer: as_(&viewer), id }
}

impl Setup {
    fn comments(&self) -> String {
        format!("/api/designs/{}/comments", self.id)
    }

    /// Posts a comment as `who` and returns the status and the answer.
    async fn post(&self, who: &Router, body: Value) -> (StatusCode, Value) {
        call(who, Method::POST, &self.comments(), body.to_string()).await
    }

    /// Starts a thread and returns it.
    async fn start(&self, who: &Router, anchor: Value, text: &str) -> Thread {
        let (status, thread) = self.post(who, json!({ "body": text, "anchor": anchor })).await;
        assert_eq!(status, StatusCode::CREATED, "{thread}");
        serde_json::from_value(thread).unwrap()
    }

    async fn list(&self, who: &Router) -> (Vec<Thread>, bool) {
        let (status, answer) = call(who, Method::GET, &self.comments(), Body::empty()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        (
            serde_json::from_value(answer["threads"].clone()).unwrap(),
            answer["can_comment"].as_bool().unwrap(),
        )
    }
}

async fn threads_with_replies_are_listed_oldest_first(db: Db) {
    let s = setup(db).await;
    let first = s.start(&s.reviewer, json!({ "resource": "subnet-1" }), "  why private?\n").await;
    assert_eq!(first.anchor, Anchor::Resource { resource: "subnet-1".into() });
    assert_eq!(first.comments.len(), 1);
    assert_eq!(first.comments[0].id, first.id, "a thread's ID is its first comment's");
    assert_eq!(first.comments[0].author, "reviewer@example.com");
    assert_eq!(first.comments[0].body, "why private?", "surrounding space is dropped");
    assert!(!first.resolved);
    let second = s.start(&s.owner, json!({ "x": 120.5, "y": -40 }), "a gateway here?").await;
    assert_eq!(second.anchor, Anchor::Point { x: 120.5, y: -40.0 });

    let (status, replied) =
        s.post(&s.owner, json!({ "body": "no internet access needed", "thread": first.id })).await;
    assert_eq!(status, StatusCode::CREATED, "{replied}");
    let replied: Thread = serde_json::from_value(replied).unwrap();
    assert_eq!(replied.id, first.id);
    let (status, _) =
        s.post(&s.reviewer, json!({ "body": "ok, thanks", "thread": first.id })).await;
    assert_eq!(status, StatusCode::CREATED);

    // The viewer reads everything but may not comment.
    let (threads, can_comment) = s.list(&s.viewer).await;
    assert!(!can_comment);
    assert_eq!(threads.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [&first.id, &second.id]);
    let bodies: Vec<(&str, &str)> =
        threads[0].comments.iter().map(|c| (c.author.as_str(), c.body.as_str())).collect();
    assert_eq!(
        bodies,
        [
            ("reviewer@example.com", "why private?"),
            ("owner@example.com", "no internet access needed"),
            ("reviewer@example.com", "ok, thanks"),
        ]
    );
    assert_eq!(threads[1].comments.len(), 1);
    assert!(s.list(&s.reviewer).await.1, "a reviewer may comment");
    let (status, _) =
        s.post(&s.viewer, json!({ "body": "me too", "anchor": { "x": 0, "y": 0 } })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn resolve_and_reopen_a_thread(db: Db) {
    let s = setup(db).await;
    let thread = s.start(&s.owner, json!({ "resource": "vpc-1" }), "one zone only?").await;
    let resolved = format!("{}/{}/resolved", s.comments(), thread.id);
    let (status, answer) =
        call(&s.reviewer, Method::PUT, &resolved, json!({ "resolved": true }).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let done: Thread = serde_json::from_value(answer).unwrap();
    assert!(done.resolved);
    assert_eq!(done.resolved_by.as_deref(), Some("reviewer@example.com"));
    assert!(done.resolved_at.is_some());
    assert!(s.list(&s.owner).await.0[0].resolved);

    let (status, answer) =
        call(&s.owner, Method::PUT, &resolved, json!({ "resolved": false }).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let open: Thread = serde_json::from_value(answer).unwrap();
    assert!(!open.resolved);
    assert_eq!((open.resolved_by, open.resolved_at), (None, None));
    assert_eq!(open.comments, thread.comments, "resolving changes no comment");

    // A reply is a thread's comment, not a thread.
    let (_, reply) = s.post(&s.owner, json!({ "body": "a reply", "thread": thread.id })).await;
    let reply_id = reply["comments"][1]["id"].as_str().unwrap();
    let of_reply = format!("{}/{reply_id}/resolved", s.comments());
    let (status, _) =
        call(&s.owner, Method::PUT, &of_reply, json!({ "resolved": true }).to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let missing = format!("{}/nope/resolved", s.comments());
    let (status, _) =
        call(&s.owner, Method::PUT, &missing, json!({ "resolved": true }).to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&s.owner, Method::PUT, &resolved, r#"{"resolved":"yes"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn bad_anchors_and_bodies_are_refused(db: Db) {
    let s = setup(db).await;
    let thread = s.start(&s.owner, json!({ "x": 0, "y": 0 }), "here").await;
    let long = "x".repeat(vpcraft_core::comments::MAX_BODY_CHARS + 1);
    let cases = [
        (json!({ "body": "no anchor" }), "needs an anchor"),
        (json!({ "body": "b", "anchor": {} }), "needs an anchor"),
        (json!({ "body": "b", "anchor": { "resource": "vpc-1", "x": 1, "y": 2 } }), "not both"),
        (json!({ "body": "b", "anchor": { "x": 1 } }), "both x and y"),
        (json!({ "body": "b", "anchor": { "x": 1, "y": 2e7 } }), "finite coordinates"),
        (json!({ "body": "b", "anchor": { "resource": "nope-1" } }), "no resource \"nope-1\""),
        (json!({ "body": "b", "anchor": { "resource": "" } }), "1 to 200"),
        (json!({ "body": "b", "anchor": { "z": 1 } }), "unknown field"),
        (json!({ "body": "b", "thread": thread.id, "anchor": { "x": 1, "y": 2 } }), "no anchor"),
        (json!({ "body": " \n ", "anchor": { "x": 1, "y": 2 } }), "cannot be empty"),
        (json!({ "body": "", "thread": thread.id }), "cannot be empty"),
        (json!({ "body": long, "thread": thread.id }), "at most 4000 characters"),
        (json!({ "anchor": { "x": 1, "y": 2 } }), "missing field `body`"),
    ];
    for (body, expected) in cases {
        let (status, answer) = s.post(&s.owner, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} gave {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message:?} lacks {expected:?}");
    }
    // Exactly at the limit is fine; nothing refused was stored.
    let (status, _) =
        s.post(&s.owner, json!({ "body": "é".repeat(4000), "thread": thread.id })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (threads, _) = s.list(&s.owner).await;
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].comments.len(), 2);
}

async fn a_reply_to_a_missing_thread_is_404(db: Db) {
    let s = setup(db).await;
    let (status, answer) = s.post(&s.reviewer, json!({ "body": "hello?", "thread": "nope" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    // Nor may a reply name a thread of another design.
    let other = {
        let (status, created) = call(&s.owner, Method::POST, "/api/designs", SLICE).await;
        assert_eq!(status, StatusCode::CREATED);
        created["id"].as_str().unwrap().to_owned()
    };
    let elsewhere = format!("/api/designs/{other}/comments");
    let (_, thread) = call(
        &s.owner,
        Method::POST,
        &elsewhere,
        json!({ "body": "on the other design", "anchor": { "x": 1, "y": 1 } }).to_string(),
    )
    .await;
    let (status, _) =
        s.post(&s.owner, json!({ "body": "crossing over", "thread": thread["id"] })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(s.list(&s.owner).await.0.is_empty());
}

async fn a_thread_stays_when_its_resource_is_removed(db: Db) {
    let s = setup(db).await;
    let thread = s.start(&s.reviewer, json!({ "resource": "fn-1" }), "timeout?").await;
    // The owner removes the function (and the flows that name it).
    let (_, stored) =
        call(&s.owner, Method::GET, &format!("/api/designs/{}", s.id), Body::empty()).await;
    let mut design: vpcraft_core::Design =
        serde_json::from_value(stored["design"].clone()).unwrap();
    design.resources.retain(|r| r.id.as_str() != "fn-1");
    design.flows.retain(|f| f.source.as_str() != "fn-1" && f.target.as_str() != "fn-1");
    let save = json!({ "base_revision": 1, "design": design }).to_string();
    let (status, answer) =
        call(&s.owner, Method::PUT, &format!("/api/designs/{}", s.id), save).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let (threads, _) = s.list(&s.viewer).await;
    assert_eq!(
        threads,
        std::slice::from_ref(&thread),
        "the thread and its anchor stay as they were"
    );
    assert!(threads[0].outdated(&design), "and the design no longer has its resource");
    // It can still be answered and resolved; a new thread cannot start there.
    let (status, _) = s.post(&s.owner, json!({ "body": "removed it", "thread": thread.id })).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) =
        s.post(&s.owner, json!({ "body": "and?", "anchor": { "resource": "fn-1" } })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_share_link_reads_the_comments_of_its_design() {
    let db = Db::in_memory().await.unwrap();
    let s = setup(db).await;
    s.start(&s.owner, json!({ "resource": "vpc-1" }), "for the record").await;
    let (status, share) =
        call(&s.owner, Method::POST, &format!("/api/designs/{}/shares", s.id), "{}").await;
    assert_eq!(status, StatusCode::CREATED, "{share}");
    let token = share["token"].as_str().unwrap();
    let request = Request::builder()
        .uri("/api/shared/comments")
        .header("x-share-token", token)
        .body(Body::empty())
        .unwrap();
    // Any app will do: the token is the credential.
    let response = s.viewer.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["can_comment"], json!(false));
    assert_eq!(answer["threads"][0]["comments"][0]["body"], json!("for the record"));
}

/// Everyone in the room hears of a new thread, a reply and a resolution,
/// with the thread as it stands.
async fn heard_live(db: Db, second: Option<Db>) {
    let (_, owner) = signed_in::account(&db, "owner@example.com").await;
    let (viewer_id, viewer) = signed_in::account(&db, "viewer@example.com").await;
    let addr = room::server(db.clone()).await;
    // With a second process, the viewer is in the room there.
    let elsewhere = match second {
        Some(second) => room::server(second).await,
        None => addr,
    };
    let id = room::create(addr, &owner, serde_json::from_str(SLICE).unwrap()).await;
    db.set_member(&id, &viewer_id, Role::Viewer).await.unwrap();
    let mut tab = room::join(elsewhere, &viewer, &id, "viewer-tab", None).await;
    tab.next(|m| matches!(m, ServerMsg::Welcome { .. }).then_some(())).await;
    let thread = |m: ServerMsg| match m {
        ServerMsg::Thread(t) => Some(*t),
        _ => None,
    };
    let path = format!("/api/designs/{id}/comments");
    let body = json!({ "body": "is this right?", "anchor": { "resource": "sg-1" } });
    let (status, posted) = room::call(addr, &owner, "POST", &path, Some(body)).await;
    assert_eq!(status, 201, "{posted}");
    let heard = tab.next(thread).await;
    assert_eq!(serde_json::to_value(&heard).unwrap(), posted);

    let reply = json!({ "body": "yes", "thread": heard.id });
    room::call(addr, &owner, "POST", &path, Some(reply)).await;
    assert_eq!(tab.next(thread).await.comments.len(), 2);
    let resolved = format!("{path}/{}/resolved", heard.id);
    room::call(addr, &owner, "PUT", &resolved, Some(json!({ "resolved": true }))).await;
    assert!(tab.next(thread).await.resolved);
    tab.close().await;
}

#[tokio::test]
async fn comments_reach_the_room_live() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    heard_live(Db::connect(&url).await.unwrap(), None).await;
}

#[tokio::test]
async fn comments_reach_the_room_on_another_process() {
    let Some(url) = postgres::database_url().await else { return };
    heard_live(Db::connect(&url).await.unwrap(), Some(Db::connect(&url).await.unwrap())).await;
}
