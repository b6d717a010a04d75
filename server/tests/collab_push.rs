//! What the room pushes besides edits, against a real server on a loopback
//! port: a revision saved at a person's request with a message
//! (`ClientMsg::Save` → `ServerMsg::Saved` to everyone, `SaveFailed` to
//! whoever may not save), every revision the room saves, and the design's
//! reviews whenever a request, a verdict or a new revision changes them
//! (`ServerMsg::Reviews`; both to members only, never to a share link's
//! guest),
//! on one process and across two processes sharing PostgreSQL.

#[path = "common/postgres.rs"]
#[allow(dead_code)]
mod postgres;
#[path = "common/room.rs"]
#[allow(dead_code)]
mod room;
#[path = "common/signed_in.rs"]
#[allow(dead_code)]
mod signed_in;

use room::{Tab, call, create, join, join_shared, server};
use serde_json::json;
use vpcraft_core::collab::protocol::{ClientMsg, ServerMsg};
use vpcraft_core::collab::{Op, Patch};
use vpcraft_core::reviews::{ReviewRequest, ReviewState};
use vpcraft_server::Db;
use vpcraft_server::db::Role;

const DESIGN: &str = include_str!("../../core/tests/fixtures/reference/A.json");

/// The owner, an editor (who also reviews) and a viewer of one design.
struct Setup {
    addr: std::net::SocketAddr,
    db: Db,
    id: String,
    owner: String,
    editor: String,
    viewer: String,
}

async fn setup_on(db: Db) -> Setup {
    let (_, owner) = signed_in::account(&db, "owner@example.com").await;
    let (editor_id, editor) = signed_in::account(&db, "editor@example.com").await;
    let (viewer_id, viewer) = signed_in::account(&db, "viewer@example.com").await;
    let addr = server(db.clone()).await;
    let id = create(addr, &owner, serde_json::from_str(DESIGN).unwrap()).await;
    db.set_member(&id, &editor_id, Role::Editor).await.unwrap();
    db.set_member(&id, &viewer_id, Role::Viewer).await.unwrap();
    Setup { addr, db, id, owner, editor, viewer }
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap().keep();
    setup_on(Db::connect(&format!("sqlite://{}", dir.join("t.db").display())).await.unwrap()).await
}

/// Joins and reads the welcome.
async fn enter(addr: std::net::SocketAddr, token: &str, id: &str, session: &str) -> Tab {
    let mut tab = join(addr, token, id, session, None).await;
    tab.next(|m| matches!(m, ServerMsg::Welcome { .. }).then_some(())).await;
    tab
}

type SavedMsg = (i64, Option<String>, Option<String>);

fn saved(message: ServerMsg) -> Option<SavedMsg> {
    match message {
        ServerMsg::Saved { revision, author, message } => Some((revision, author, message)),
        _ => None,
    }
}

fn reviews(message: ServerMsg) -> Option<(ReviewState, Vec<ReviewRequest>)> {
    match message {
        ServerMsg::Reviews { state, requests } => Some((state, requests)),
        _ => None,
    }
}

fn save_failed(message: ServerMsg) -> Option<String> {
    match message {
        ServerMsg::SaveFailed { reason } => Some(reason),
        _ => None,
    }
}

fn save(message: &str) -> ClientMsg {
    ClientMsg::Save { message: message.into() }
}

fn rename_design(client_seq: u64, name: &str) -> ClientMsg {
    let design: vpcraft_core::Design = vpcraft_core::parse_design(DESIGN).unwrap();
    let vpc = design.resources.iter().find(|r| r.kind.tag().as_str() == "vpc").unwrap().id.clone();
    let patch =
        Patch::new(vec![Op::SetField { id: vpc, field: "name".into(), value: Some(json!(name)) }]);
    ClientMsg::Edit { client_seq, patch }
}

#[tokio::test]
async fn a_save_with_a_message_is_a_revision_everyone_hears_of() {
    let s = setup().await;
    let mut owner = enter(s.addr, &s.owner, &s.id, "owner").await;
    let mut editor = enter(s.addr, &s.editor, &s.id, "editor").await;
    let mut viewer = enter(s.addr, &s.viewer, &s.id, "viewer").await;
    // Nothing changed since revision 1: the save makes revision 2 all the same.
    editor.send(&save("  Checkpoint before the second zone  ")).await;
    let expected = (
        2,
        Some("editor@example.com".to_owned()),
        Some("Checkpoint before the second zone".to_owned()),
    );
    for tab in [&mut owner, &mut editor, &mut viewer] {
        assert_eq!(tab.next(saved).await, expected);
    }
    let path = format!("/api/designs/{}/revisions", s.id);
    let (status, history) = call(s.addr, &s.owner, "GET", &path, None).await;
    assert_eq!(status, 200, "{history}");
    assert_eq!(history["revisions"][0]["revision"], 2);
    assert_eq!(history["revisions"][0]["message"], "Checkpoint before the second zone");
    assert_eq!(history["revisions"][0]["author"], "editor@example.com");

    // An edit, then a save: the revision holds the edit and the message.
    owner.send(&rename_design(1, "main, renamed")).await;
    owner.send(&save("Renamed the VPC")).await;
    let (revision, author, message) = editor.next(saved).await;
    assert_eq!((revision, message.as_deref()), (3, Some("Renamed the VPC")));
    assert_eq!(author.as_deref(), Some("owner@example.com"));
    let (_, body) = call(s.addr, &s.owner, "GET", &format!("/api/designs/{}", s.id), None).await;
    assert_eq!(body["revision"], 3);
    assert!(body["design"].to_string().contains("main, renamed"));

    // A viewer may not save, and a message has at most 500 characters:
    // each is told alone, and no revision is made.
    viewer.send(&save("mine")).await;
    let reason = viewer.next(save_failed).await;
    assert!(reason.contains("only its editors and owners save"), "{reason}");
    editor.send(&save(&"x".repeat(501))).await;
    assert_eq!(editor.next(save_failed).await, "the message is 501 characters long: at most 500");
    assert_eq!(s.db.edit_state(&s.id).await.unwrap().unwrap().1, 3);
}

#[tokio::test]
async fn reviews_are_pushed_to_members_and_never_to_guests() {
    let s = setup().await;
    let shares = format!("/api/designs/{}/shares", s.id);
    let (status, link) = call(s.addr, &s.owner, "POST", &shares, Some(json!({}))).await;
    assert_eq!(status, 201, "{link}");
    let mut guest = join_shared(s.addr, link["token"].as_str().unwrap(), "guest").await.unwrap();
    let mut owner = enter(s.addr, &s.owner, &s.id, "owner").await;
    let mut editor = enter(s.addr, &s.editor, &s.id, "editor").await;

    let path = format!("/api/designs/{}/reviews", s.id);
    let body = json!({ "reviewers": ["editor@example.com"], "message": "Two zones?" });
    let (status, request) = call(s.addr, &s.owner, "POST", &path, Some(body)).await;
    assert_eq!(status, 201, "{request}");
    for tab in [&mut owner, &mut editor] {
        let (state, requests) = tab.next(reviews).await;
        assert_eq!(state, ReviewState::InReview);
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].message, "Two zones?");
    }
    let verdict = format!("{path}/{}/verdict", request["id"].as_str().unwrap());
    let body = json!({ "verdict": "approved", "message": "Fine." });
    let (status, _) = call(s.addr, &s.editor, "PUT", &verdict, Some(body)).await;
    assert_eq!(status, 200);
    for tab in [&mut owner, &mut editor] {
        assert_eq!(tab.next(reviews).await.0, ReviewState::Approved);
    }

    // A new revision saved by the room after a pause: everyone hears of
    // it, and the members hear that the approval is stale.
    owner.send(&rename_design(1, "after the approval")).await;
    for tab in [&mut owner, &mut editor] {
        assert_eq!(tab.next(saved).await.0, 2);
        let (state, requests) = tab.next(reviews).await;
        assert_eq!(state, ReviewState::ApprovalStale);
        assert_eq!(requests[0].reviewers[0].message.as_deref(), Some("Fine."));
    }
    // The guest heard the edits, never the saves or the reviews.
    owner.send(&rename_design(2, "a marker edit")).await;
    loop {
        match guest.recv().await {
            ServerMsg::Reviews { .. } => panic!("a share link's guest was sent the reviews"),
            ServerMsg::Saved { .. } => panic!("a share link's guest was sent a saved revision"),
            ServerMsg::Accepted(a) if a.client_seq == 2 => break,
            _ => {}
        }
    }
}

#[tokio::test]
async fn saves_and_reviews_cross_processes_on_postgresql() {
    let Some(url) = postgres::database_url().await else { return };
    let s = setup_on(Db::connect(&url).await.unwrap()).await;
    let second = server(Db::connect(&url).await.unwrap()).await;
    let mut alice = enter(s.addr, &s.owner, &s.id, "alice").await;
    let mut bob = enter(second, &s.editor, &s.id, "bob").await;

    // A review requested through the first process reaches Bob on the second.
    let path = format!("/api/designs/{}/reviews", s.id);
    let body = json!({ "reviewers": ["editor@example.com"] });
    let (status, _) = call(s.addr, &s.owner, "POST", &path, Some(body)).await;
    assert_eq!(status, 201);
    assert_eq!(bob.next(reviews).await.0, ReviewState::InReview);

    // Bob's save with a message on the second reaches Alice on the first.
    bob.send(&save("From the other process")).await;
    let (revision, author, message) = alice.next(saved).await;
    assert_eq!(revision, 2);
    assert_eq!(author.as_deref(), Some("editor@example.com"));
    assert_eq!(message.as_deref(), Some("From the other process"));
    assert_eq!(bob.next(saved).await.0, 2);
}
