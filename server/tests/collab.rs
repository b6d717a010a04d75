//! Live co-editing against a real server on a loopback port: people in one
//! design's room see each other's edits in one order, refused edits go back
//! to their author only, viewers and share-link guests cannot edit, reconnecting tabs catch up,
//! edits are stored before they are acknowledged and saved as revisions
//! with findings, a REST save never silently replaces live edits, and two
//! server processes on one PostgreSQL database serve one room.

#[path = "common/postgres.rs"]
#[allow(dead_code)]
mod postgres;
#[path = "common/room.rs"]
mod room;
#[path = "common/signed_in.rs"]
#[allow(dead_code)]
mod signed_in;

use room::{Tab, call, create, join, join_shared, server};
use serde_json::{Value, json};
use std::time::Duration;
use vpcraft_core::Design;
use vpcraft_core::collab::protocol::{Accepted, ClientMsg, ServerMsg};
use vpcraft_core::collab::{Op, Patch};
use vpcraft_core::model::Rect;
use vpcraft_server::Db;
use vpcraft_server::db::Role;

const DESIGN: &str = include_str!("../../core/tests/fixtures/reference/A.json");

fn design() -> Design {
    vpcraft_core::parse_design(DESIGN).unwrap()
}

/// The ID of the design's first resource of kind `tag`.
fn first(tag: &str) -> String {
    design().resources.iter().find(|r| r.kind.tag().as_str() == tag).unwrap().id.to_string()
}

fn rename(id: &str, name: &str) -> Patch {
    Patch::new(vec![Op::SetField { id: id.into(), field: "name".into(), value: Some(json!(name)) }])
}

fn edit(client_seq: u64, patch: Patch) -> ClientMsg {
    ClientMsg::Edit { client_seq, patch }
}

/// What a Welcome says: the sequence, the design if sent, whether the
/// person may edit, and the notice.
type Welcome = (u64, Option<Box<Design>>, bool, Option<String>);

fn welcome(message: ServerMsg) -> Option<Welcome> {
    match message {
        ServerMsg::Welcome { seq, design, can_edit, notice, .. } => {
            Some((seq, design, can_edit, notice))
        }
        _ => None,
    }
}

fn accepted(message: ServerMsg) -> Option<Accepted> {
    match message {
        ServerMsg::Accepted(a) => Some(a),
        _ => None,
    }
}

fn rejected(message: ServerMsg) -> Option<(u64, String)> {
    match message {
        ServerMsg::Rejected { client_seq, reason } => Some((client_seq, reason)),
        _ => None,
    }
}

/// A design owned by one account, with a second editor and a viewer: the
/// server, the design's ID and the three tokens.
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

/// A setup on a SQLite file in a folder that lives as long as the test.
async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap().keep();
    setup_on(Db::connect(&format!("sqlite://{}", dir.join("t.db").display())).await.unwrap()).await
}

/// Waits until the room has saved `revision` (about a second after the
/// last edit; longer on a loaded machine).
async fn revision_saved(db: &Db, id: &str, revision: i64) {
    let started = std::time::Instant::now();
    while db.edit_state(id).await.unwrap().is_none_or(|(_, head)| head < revision) {
        assert!(started.elapsed() < Duration::from_secs(20), "revision {revision} was never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn enter(s: &Setup, token: &str, session: &str) -> (Tab, u64) {
    let mut tab = join(s.addr, token, &s.id, session, None).await;
    let (seq, design, _, _) = tab.next(welcome).await;
    assert!(design.is_some(), "a first connection gets the design");
    (tab, seq)
}

#[tokio::test]
async fn two_editors_see_each_others_edits_in_one_order() {
    let s = setup().await;
    let (mut alice, seq) = enter(&s, &s.owner, "alice").await;
    let (mut bob, _) = enter(&s, &s.editor, "bob").await;
    assert_eq!(seq, 0);
    let vpc = first("vpc");
    let subnet = first("subnet");
    alice.send(&edit(1, rename(&vpc, "by alice"))).await;
    let moved = Patch::new(vec![Op::SetPosition {
        id: subnet.as_str().into(),
        rect: Some(Rect::new(10.0, 20.0, 200.0, 100.0)),
    }]);
    bob.send(&edit(1, moved.clone())).await;
    let mut orders = Vec::new();
    for tab in [&mut alice, &mut bob] {
        let one = tab.next(accepted).await;
        let two = tab.next(accepted).await;
        orders.push(vec![(one.seq, one.session, one.patch), (two.seq, two.session, two.patch)]);
    }
    assert_eq!(orders[0], orders[1], "both tabs get the same edits in the same order");
    assert_eq!(orders[0].iter().map(|e| e.0).collect::<Vec<_>>(), vec![1, 2]);
    // The design as stored holds both edits, and names the authors.
    let (status, body) =
        call(s.addr, &s.owner, "GET", &format!("/api/designs/{}", s.id), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["seq"], 2);
    let stored: Design = serde_json::from_value(body["design"].clone()).unwrap();
    assert_eq!(stored.resource(&vpc.as_str().into()).unwrap().name, "by alice");
    assert_eq!(
        stored.layout.positions[&subnet.as_str().into()],
        Rect::new(10.0, 20.0, 200.0, 100.0)
    );
}

#[tokio::test]
async fn an_edit_of_a_resource_someone_deleted_is_refused_to_its_author_only() {
    let s = setup().await;
    let (mut alice, _) = enter(&s, &s.owner, "alice").await;
    let (mut bob, _) = enter(&s, &s.editor, "bob").await;
    // Alice deletes a flow; Bob, who has not seen it yet, renames it.
    let flow = design().flows[0].id.to_string();
    alice.send(&edit(1, Patch::new(vec![Op::RemoveFlow { id: flow.as_str().into() }]))).await;
    alice.next(accepted).await;
    let label = Patch::new(vec![Op::SetFlowField {
        id: flow.as_str().into(),
        field: "label".into(),
        value: Some(json!("late")),
    }]);
    bob.send(&edit(1, label)).await;
    let (client_seq, reason) = bob.next(rejected).await;
    assert_eq!(client_seq, 1);
    assert_eq!(reason, format!("{flow} no longer exists: someone else deleted it"));
    // Alice hears nothing of it: her next message is her own next edit.
    let vpc = first("vpc");
    alice.send(&edit(2, rename(&vpc, "still here"))).await;
    match alice.recv().await {
        ServerMsg::Accepted(a) => assert_eq!((a.seq, a.client_seq), (2, 2)),
        ServerMsg::Presence(_) => {}
        other => panic!("alice got {other:?}"),
    }
}

#[tokio::test]
async fn a_viewer_receives_edits_but_cannot_send_them() {
    let s = setup().await;
    let mut viewer = join(s.addr, &s.viewer, &s.id, "viewer", None).await;
    let (_, _, can_edit, _) = viewer.next(welcome).await;
    assert!(!can_edit);
    let (mut owner, _) = enter(&s, &s.owner, "owner").await;
    owner.send(&edit(1, rename(&first("vpc"), "seen by the viewer"))).await;
    let seen = viewer.next(accepted).await;
    assert_eq!(seen.author, "owner@example.com");
    viewer.send(&edit(1, rename(&first("vpc"), "mine"))).await;
    let (_, reason) = viewer.next(rejected).await;
    assert_eq!(reason, "you can view this design but not edit it");
}

#[tokio::test]
async fn a_share_link_opens_the_room_read_only_until_it_is_revoked() {
    let s = setup().await;
    let path = format!("/api/designs/{}/shares", s.id);
    let (status, link) = call(s.addr, &s.owner, "POST", &path, Some(json!({}))).await;
    assert_eq!(status, 201, "{link}");
    let token = link["token"].as_str().unwrap();
    assert_eq!(join_shared(s.addr, &"0".repeat(64), "guest").await.err(), Some(404));
    let mut guest = join_shared(s.addr, token, "guest").await.unwrap();
    let (_, shown, can_edit, _) = guest.next(welcome).await;
    assert!(!can_edit);
    assert_eq!(shown.unwrap().name, design().name);
    let (mut owner, _) = enter(&s, &s.owner, "owner").await;
    owner.send(&edit(1, rename(&first("vpc"), "seen by the guest"))).await;
    assert_eq!(guest.next(accepted).await.author, "owner@example.com");
    guest.send(&edit(1, rename(&first("vpc"), "the guest's"))).await;
    let (_, reason) = guest.next(rejected).await;
    assert_eq!(reason, "you can view this design but not edit it");
    let share = link["id"].as_str().unwrap();
    let (status, _) = call(s.addr, &s.owner, "DELETE", &format!("{path}/{share}"), None).await;
    assert_eq!(status, 204);
    assert_eq!(guest.closed().await, 4404, "a revoked link closes the guest's room at once");
    assert_eq!(join_shared(s.addr, token, "guest").await.err(), Some(404));
}

#[tokio::test]
async fn a_reconnecting_tab_catches_up_from_its_last_sequence() {
    let s = setup().await;
    let (mut alice, _) = enter(&s, &s.owner, "alice").await;
    alice.send(&edit(1, rename(&first("vpc"), "one"))).await;
    alice.next(accepted).await;
    alice.close().await;
    let (mut bob, _) = enter(&s, &s.editor, "bob").await;
    bob.send(&edit(1, rename(&first("subnet"), "two"))).await;
    bob.send(&edit(2, rename(&first("subnet"), "three"))).await;
    bob.next(accepted).await;
    bob.next(accepted).await;

    let mut back = join(s.addr, &s.owner, &s.id, "alice", Some(1)).await;
    let (seq, design, _, notice) = back.next(welcome).await;
    assert_eq!((seq, design.is_none(), notice), (3, true, None));
    let missed: Vec<u64> = vec![back.next(accepted).await.seq, back.next(accepted).await.seq];
    assert_eq!(missed, vec![2, 3]);
    // The same tab sending its first edit again (its acknowledgement was
    // lost) does not apply it twice.
    back.send(&edit(1, rename(&first("vpc"), "one"))).await;
    back.send(&edit(2, rename(&first("vpc"), "after"))).await;
    let next = back.next(accepted).await;
    assert_eq!((next.seq, next.client_seq), (4, 2));

    // A tab that claims a sequence the server never had starts over.
    let mut lost = join(s.addr, &s.owner, &s.id, "lost", Some(99)).await;
    let (seq, design, _, notice) = lost.next(welcome).await;
    assert_eq!(seq, 4);
    assert!(design.is_some());
    assert_eq!(
        notice.as_deref(),
        Some("You were away too long to catch up: the design was reloaded.")
    );
}

#[tokio::test]
async fn live_edits_are_saved_as_a_revision_with_findings_after_a_pause() {
    let s = setup().await;
    let (mut alice, _) = enter(&s, &s.owner, "alice").await;
    alice.send(&edit(1, rename(&first("vpc"), "saved"))).await;
    alice.next(accepted).await;
    // Acknowledged means stored: the log has it before any revision does.
    assert_eq!(s.db.edit_state(&s.id).await.unwrap(), Some((1, 1)));
    revision_saved(&s.db, &s.id, 2).await;
    let stored = s.db.load(&s.id, None).await.unwrap().unwrap();
    assert_eq!((stored.revision, stored.seq), (2, 1));
    let document = vpcraft_server::db::codec::unpack(&stored.document).unwrap();
    let saved = vpcraft_core::parse_design(&document).unwrap();
    assert_eq!(saved.resource(&first("vpc").as_str().into()).unwrap().name, "saved");
    let findings: Value =
        serde_json::from_str(&vpcraft_server::db::codec::unpack(&stored.findings).unwrap())
            .unwrap();
    let expected = serde_json::to_value(vpcraft_core::validate(&saved)).unwrap();
    assert_eq!(findings, expected, "the revision stores its findings");
}

#[tokio::test]
async fn a_rest_save_never_replaces_live_edits_and_resets_the_room() {
    let s = setup().await;
    let (mut alice, _) = enter(&s, &s.owner, "alice").await;
    alice.send(&edit(1, rename(&first("vpc"), "live"))).await;
    alice.next(accepted).await;
    let path = format!("/api/designs/{}", s.id);
    let mut other = design();
    other.name = "saved over REST".into();
    let body = json!({ "base_revision": 1, "design": other });
    let (status, answer) = call(s.addr, &s.editor, "PUT", &path, Some(body.clone())).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "conflict");
    // Once the room saved its revision, a save on top of it resets the room.
    revision_saved(&s.db, &s.id, 2).await;
    let body = json!({ "base_revision": 2, "design": other });
    let (status, answer) = call(s.addr, &s.editor, "PUT", &path, Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    let (seq, design, notice) = alice
        .next(|m| match m {
            ServerMsg::Reset { seq, design, notice } => Some((seq, design, notice)),
            _ => None,
        })
        .await;
    assert_eq!(seq, 2);
    assert_eq!(design.name, "saved over REST");
    assert_eq!(notice, "editor@example.com saved another version of the design: it was reloaded.");
}

#[tokio::test]
async fn only_members_may_join_and_only_from_the_servers_own_page() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let s = setup().await;
    let (_, stranger) = signed_in::account(&s.db, "stranger@example.com").await;
    let url =
        |session: &str| format!("ws://{}/api/designs/{}/room?session={session}", s.addr, s.id);
    let status = |request| async move {
        match tokio_tungstenite::connect_async(request).await {
            Ok(_) => 101,
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                response.status().as_u16()
            }
            Err(e) => panic!("{e}"),
        }
    };
    let mut request = url("s1").into_client_request().unwrap();
    request.headers_mut().insert("authorization", format!("Bearer {stranger}").parse().unwrap());
    assert_eq!(status(request).await, 404, "a stranger does not learn the design exists");
    let request = url("s2").into_client_request().unwrap();
    assert_eq!(status(request).await, 401);
    let mut request = url("bad%21session").into_client_request().unwrap();
    request.headers_mut().insert("authorization", format!("Bearer {}", s.owner).parse().unwrap());
    assert_eq!(status(request).await, 400);

    // A browser session: the cookie rides along whatever page opened the
    // socket, so the page's Origin must be the server's own.
    let session = "a-session-id-of-the-owner";
    let owner = s.db.user_by_email("owner@example.com").await.unwrap().unwrap();
    let expires = vpcraft_server::db::at(chrono::Utc::now() + chrono::Duration::hours(1));
    s.db.create_session(&vpcraft_server::auth::secret::hash(session), &owner.id, &expires)
        .await
        .unwrap();
    for (origin, expected) in [("http://evil.example", 403), ("http://127.0.0.1", 403)] {
        let mut request = url("s3").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("cookie", format!("vpcraft_session={session}").parse().unwrap());
        request.headers_mut().insert("origin", origin.parse().unwrap());
        assert_eq!(status(request).await, expected, "{origin}");
    }
    let mut request = url("s4").into_client_request().unwrap();
    request.headers_mut().insert("cookie", format!("vpcraft_session={session}").parse().unwrap());
    request.headers_mut().insert("origin", format!("http://{}", s.addr).parse().unwrap());
    assert_eq!(status(request).await, 101);
}

#[tokio::test]
async fn two_processes_on_one_postgresql_serve_one_room() {
    let Some(url) = postgres::database_url().await else { return };
    let s = setup_on(Db::connect(&url).await.unwrap()).await;
    // A second process: its own hub and pool on the same database.
    let second = server(Db::connect(&url).await.unwrap()).await;
    let (mut alice, _) = enter(&s, &s.owner, "alice").await;
    let mut bob = join(second, &s.editor, &s.id, "bob", None).await;
    bob.next(welcome).await;
    // Presence crosses: Alice sees Bob arrive from the other process.
    alice
        .next(|m| match m {
            ServerMsg::Presence(p) if p.name == "editor@example.com" => Some(()),
            _ => None,
        })
        .await;
    let (vpc, subnet) = (first("vpc"), first("subnet"));
    for n in 1..=10u64 {
        alice.send(&edit(n, rename(&vpc, &format!("alice {n}")))).await;
        bob.send(&edit(n, rename(&subnet, &format!("bob {n}")))).await;
    }
    let mut seen = [Vec::new(), Vec::new()];
    for (i, tab) in [&mut alice, &mut bob].into_iter().enumerate() {
        while seen[i].len() < 20 {
            let a = tab.next(accepted).await;
            seen[i].push((a.seq, a.session, a.client_seq));
        }
    }
    assert_eq!(seen[0], seen[1], "both processes deliver one order");
    let seqs: Vec<u64> = seen[0].iter().map(|e| e.0).collect();
    assert_eq!(seqs, (1..=20).collect::<Vec<_>>(), "no number taken twice, none skipped");
    let (_, body) = call(second, &s.owner, "GET", &format!("/api/designs/{}", s.id), None).await;
    let stored: Design = serde_json::from_value(body["design"].clone()).unwrap();
    assert_eq!(stored.resource(&vpc.as_str().into()).unwrap().name, "alice 10");
    assert_eq!(stored.resource(&subnet.as_str().into()).unwrap().name, "bob 10");
}
