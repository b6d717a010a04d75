//! A design's history: the revisions listed newest first with their
//! authors, messages and counts, a page at a time; a save's message and its
//! limit; restoring a revision as the next one (equal to the restored
//! design), a pruned or missing revision (404), a viewer (403), and a
//! restore while people edit live: refused like a REST save while their
//! edits are in no revision, then resetting their room. On SQLite and
//! PostgreSQL; who may call what is in `authz.rs`.

#[path = "common/both.rs"]
#[macro_use]
mod both;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/room.rs"]
#[allow(dead_code)]
mod room;
#[path = "common/signed_in.rs"]
#[allow(dead_code)]
mod signed_in;

use room::{call, create, join, server};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use vpcraft_core::collab::protocol::{ClientMsg, ServerMsg};
use vpcraft_core::collab::{Op, Patch};
use vpcraft_server::Db;
use vpcraft_server::db::Role;

const DESIGN: &str = include_str!("../../core/tests/fixtures/reference/A.json");

on_both_databases!(
    file:
    revisions_are_listed_newest_first_with_authors_and_messages,
    the_history_is_read_a_page_at_a_time,
    a_message_is_at_most_500_characters,
    a_restore_saves_the_old_design_as_the_next_revision,
    a_pruned_or_missing_revision_cannot_be_restored,
    a_viewer_reads_the_history_but_cannot_restore,
    a_restore_during_live_edits_is_refused_then_resets_the_room,
);

/// A design owned by one account, with an editor and a viewer.
struct Setup {
    addr: SocketAddr,
    db: Db,
    id: String,
    owner: String,
    editor: String,
    viewer: String,
}

async fn setup(db: Db) -> Setup {
    let (_, owner) = signed_in::account(&db, "owner@example.com").await;
    let (editor_id, editor) = signed_in::account(&db, "editor@example.com").await;
    let (viewer_id, viewer) = signed_in::account(&db, "viewer@example.com").await;
    let addr = server(db.clone()).await;
    let id = create(addr, &owner, named("one")).await;
    db.set_member(&id, &editor_id, Role::Editor).await.unwrap();
    db.set_member(&id, &viewer_id, Role::Viewer).await.unwrap();
    Setup { addr, db, id, owner, editor, viewer }
}

/// The reference design under another name.
fn named(name: &str) -> Value {
    let mut design: Value = serde_json::from_str(DESIGN).unwrap();
    design["name"] = json!(name);
    design
}

/// Saves `name` on top of `base` as the holder of `token`.
async fn save(s: &Setup, token: &str, base: i64, name: &str, message: Option<&str>) -> Value {
    let mut body = json!({ "base_revision": base, "design": named(name) });
    if let Some(message) = message {
        body["message"] = json!(message);
    }
    let (status, answer) =
        call(s.addr, token, "PUT", &format!("/api/designs/{}", s.id), Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

async fn history(s: &Setup, token: &str, query: &str) -> (u16, Value) {
    call(s.addr, token, "GET", &format!("/api/designs/{}/revisions{query}", s.id), None).await
}

fn numbers(page: &Value) -> Vec<i64> {
    page["revisions"].as_array().unwrap().iter().map(|r| r["revision"].as_i64().unwrap()).collect()
}

async fn restore(s: &Setup, token: &str, revision: i64) -> (u16, Value) {
    let path = format!("/api/designs/{}/revisions/{revision}/restore", s.id);
    call(s.addr, token, "POST", &path, None).await
}

async fn design_at(s: &Setup, revision: i64) -> Value {
    let path = format!("/api/designs/{}?revision={revision}", s.id);
    let (status, answer) = call(s.addr, &s.owner, "GET", &path, None).await;
    assert_eq!(status, 200, "{answer}");
    answer["design"].clone()
}

async fn revisions_are_listed_newest_first_with_authors_and_messages(db: Db) {
    let s = setup(db).await;
    save(&s, &s.editor, 1, "two", Some("  Split the subnets  ")).await;
    save(&s, &s.owner, 2, "three", None).await;
    let (status, page) = history(&s, &s.viewer, "").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(numbers(&page), [3, 2, 1]);
    let revisions = page["revisions"].as_array().unwrap();
    let authors: Vec<&str> = revisions.iter().map(|r| r["author"].as_str().unwrap()).collect();
    assert_eq!(authors, ["owner@example.com", "editor@example.com", "owner@example.com"]);
    let messages: Vec<&Value> = revisions.iter().map(|r| &r["message"]).collect();
    assert_eq!(messages, [&Value::Null, &json!("Split the subnets"), &Value::Null]);
    // The counts are the stored findings'.
    let stored = design_findings(&s, 3).await;
    let count = |severity: &str| stored.iter().filter(|f| f["severity"] == severity).count();
    assert_eq!(revisions[0]["errors"], json!(count("error")));
    assert_eq!(revisions[0]["warnings"], json!(count("warning")));
    let times: Vec<&str> = revisions.iter().map(|r| r["created_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert_eq!(page["next_before"], Value::Null);
}

async fn design_findings(s: &Setup, revision: i64) -> Vec<Value> {
    let path = format!("/api/designs/{}?revision={revision}", s.id);
    let (_, answer) = call(s.addr, &s.owner, "GET", &path, None).await;
    answer["findings"].as_array().unwrap().clone()
}

async fn the_history_is_read_a_page_at_a_time(db: Db) {
    let s = setup(db).await;
    for base in 1..5 {
        save(&s, &s.owner, base, &format!("save {base}"), None).await;
    }
    let (_, page) = history(&s, &s.owner, "?limit=2").await;
    assert_eq!(numbers(&page), [5, 4]);
    assert_eq!(page["next_before"], 4);
    let (_, page) = history(&s, &s.owner, "?limit=2&before=4").await;
    assert_eq!(numbers(&page), [3, 2]);
    let (_, page) = history(&s, &s.owner, "?limit=2&before=2").await;
    assert_eq!(numbers(&page), [1]);
    assert_eq!(page["next_before"], Value::Null);
    for bad in ["?limit=0", "?limit=501", "?before=0", "?limit=x"] {
        let (status, answer) = history(&s, &s.owner, bad).await;
        assert_eq!(status, 400, "{bad}: {answer}");
    }
    let (status, _) = call(s.addr, &s.owner, "GET", "/api/designs/nope/revisions", None).await;
    assert_eq!(status, 404);
}

async fn a_message_is_at_most_500_characters(db: Db) {
    let s = setup(db).await;
    let long = "é".repeat(501);
    let body = json!({ "base_revision": 1, "design": named("two"), "message": long });
    let (status, answer) =
        call(s.addr, &s.owner, "PUT", &format!("/api/designs/{}", s.id), Some(body)).await;
    assert_eq!(status, 400, "{answer}");
    save(&s, &s.owner, 1, "two", Some(&"é".repeat(500))).await;
    let (_, page) = history(&s, &s.owner, "?limit=1").await;
    assert_eq!(page["revisions"][0]["message"].as_str().unwrap().chars().count(), 500);
}

async fn a_restore_saves_the_old_design_as_the_next_revision(db: Db) {
    let s = setup(db).await;
    save(&s, &s.owner, 1, "two", None).await;
    save(&s, &s.owner, 2, "three", None).await;
    let (status, answer) = restore(&s, &s.editor, 1).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["revision"], 4);
    assert!(answer["findings"].is_array(), "{answer}");
    assert_eq!(design_at(&s, 4).await, design_at(&s, 1).await);
    let (_, latest) = call(s.addr, &s.owner, "GET", &format!("/api/designs/{}", s.id), None).await;
    assert_eq!(
        (latest["revision"].as_i64(), latest["design"]["name"].as_str()),
        (Some(4), Some("one"))
    );
    let (_, page) = history(&s, &s.owner, "?limit=1").await;
    assert_eq!(page["revisions"][0]["message"], "Restored revision 1");
    assert_eq!(page["revisions"][0]["author"], "editor@example.com");
    // The designs list names the restored design.
    let (_, list) = call(s.addr, &s.owner, "GET", "/api/designs", None).await;
    assert_eq!(list[0]["name"], "one");
}

async fn a_pruned_or_missing_revision_cannot_be_restored(db: Db) {
    let s = setup(db.with_retention(Some(2))).await;
    save(&s, &s.owner, 1, "two", None).await;
    save(&s, &s.owner, 2, "three", None).await;
    let (_, page) = history(&s, &s.owner, "").await;
    assert_eq!(numbers(&page), [3, 2], "the retention pruned revision 1");
    for revision in [1, 4, 99] {
        let (status, answer) = restore(&s, &s.owner, revision).await;
        assert_eq!(status, 404, "revision {revision}: {answer}");
        assert_eq!(answer["error"]["code"], "not_found");
    }
    let (status, answer) = restore(&s, &s.owner, 0).await;
    assert_eq!(status, 400, "{answer}");
    let (status, _) = restore(&s, &s.owner, 2).await;
    assert_eq!(status, 200);
}

async fn a_viewer_reads_the_history_but_cannot_restore(db: Db) {
    let s = setup(db).await;
    save(&s, &s.owner, 1, "two", None).await;
    let (status, _) = history(&s, &s.viewer, "").await;
    assert_eq!(status, 200);
    let (status, answer) = restore(&s, &s.viewer, 1).await;
    assert_eq!(status, 403, "{answer}");
    let (_, page) = history(&s, &s.owner, "").await;
    assert_eq!(numbers(&page), [2, 1], "nothing was saved");
}

async fn a_restore_during_live_edits_is_refused_then_resets_the_room(db: Db) {
    let s = setup(db).await;
    save(&s, &s.owner, 1, "two", None).await;
    let mut tab = join(s.addr, &s.owner, &s.id, "alice", None).await;
    tab.next(|m| matches!(m, ServerMsg::Welcome { .. }).then_some(())).await;
    // Rename a resource live.
    let resource = {
        let design: Value = serde_json::from_str(DESIGN).unwrap();
        design["resources"][0]["id"].as_str().unwrap().to_owned()
    };
    let patch = Patch::new(vec![Op::SetField {
        id: resource.as_str().into(),
        field: "name".into(),
        value: Some(json!("renamed live")),
    }]);
    tab.send(&ClientMsg::Edit { client_seq: 1, patch }).await;
    tab.next(|m| matches!(m, ServerMsg::Accepted(_)).then_some(())).await;
    let (status, answer) = restore(&s, &s.editor, 1).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "conflict");
    // Once the room saved its revision (3), the restore goes through as 4
    // and the room starts again from it.
    let started = std::time::Instant::now();
    while s.db.edit_state(&s.id).await.unwrap().is_none_or(|(_, head)| head < 3) {
        assert!(started.elapsed() < Duration::from_secs(20), "the room never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, answer) = restore(&s, &s.editor, 1).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["revision"], 4);
    let (design, notice) = tab
        .next(|m| match m {
            ServerMsg::Reset { design, notice, .. } => Some((design, notice)),
            _ => None,
        })
        .await;
    assert_eq!(design.name, "one");
    let reset: Value = serde_json::from_str(&vpcraft_core::to_json(&design)).unwrap();
    assert_eq!(reset, design_at(&s, 1).await);
    assert_eq!(notice, "editor@example.com saved another version of the design: it was reloaded.");
}
