//! Faults a server left running meets: killed with SIGKILL in the middle of
//! concurrent saves, it loses no acknowledged revision; stopped with
//! SIGTERM under load, it finishes what it acknowledged and exits; when its
//! disk is full it refuses writes with one clear sentence and corrupts
//! nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SLICE: &str = include_str!("fixtures/slice.json");

/// The access token of each running server, by address.
static TOKENS: Mutex<Vec<(SocketAddr, String)>> = Mutex::new(Vec::new());

/// An access token for the database at `db`: on first use an account is
/// made with `vpcraft admin create-user` and a token with `create-token`.
fn token_for(db: &std::path::Path) -> String {
    let saved = db.with_extension("token");
    if let Ok(token) = std::fs::read_to_string(&saved) {
        return token;
    }
    let url = format!("sqlite://{}", db.display());
    let mut create = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["admin", "create-user", "--database", &url, "--email", "ops@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    assert!(create.wait().unwrap().success());
    let output = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["admin", "create-token", "--database", &url, "--email", "ops@example.com"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    std::fs::write(&saved, &token).unwrap();
    token
}

/// `vpcraft serve` on a free loopback port with the database at `db`.
fn start(db: &std::path::Path) -> (Child, SocketAddr) {
    let token = token_for(db);
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database"])
        .arg(format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().parse().unwrap();
    TOKENS.lock().unwrap().push((addr, token));
    (child, addr)
}

/// One HTTP/1.1 request on a fresh connection: the status and the body.
fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let token = TOKENS.lock().ok()?.iter().rev().find(|(a, _)| *a == addr)?.1.clone();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let status = answer.get(9..12)?.parse().ok()?;
    let body = answer.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

fn field(body: &str, pointer: &str) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(body)
        .unwrap_or_default()
        .pointer(pointer)
        .cloned()
        .unwrap_or_default()
}

/// Creates a design per writer; each writer then saves revision after
/// revision, recording every one the server acknowledged.
fn write_until_killed(addr: SocketAddr, writers: usize) -> Arc<Mutex<Vec<(String, i64, String)>>> {
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    for writer in 0..writers {
        let acknowledged = Arc::clone(&acknowledged);
        std::thread::spawn(move || {
            let Some((201, created)) = http(addr, "POST", "/api/designs", SLICE) else { return };
            let id = field(&created, "/id").as_str().unwrap().to_owned();
            let mut design: serde_json::Value = serde_json::from_str(SLICE).unwrap();
            for base in 1.. {
                let name = format!("writer {writer} save {base}");
                design["name"] = serde_json::json!(name);
                let body =
                    serde_json::json!({ "base_revision": base, "design": design }).to_string();
                match http(addr, "PUT", &format!("/api/designs/{id}"), &body) {
                    Some((200, saved)) => {
                        let revision = field(&saved, "/revision").as_i64().unwrap();
                        acknowledged.lock().unwrap().push((id.clone(), revision, name));
                    }
                    _ => return,
                }
            }
        });
    }
    acknowledged
}

#[test]
fn a_kill_during_concurrent_saves_loses_no_acknowledged_revision() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("faults.db");
    let mut acknowledged_total = 0;
    for round in 0..3 {
        let (mut server, addr) = start(&db);
        let acknowledged = write_until_killed(addr, 8);
        std::thread::sleep(Duration::from_millis(700));
        server.kill().unwrap();
        server.wait().unwrap();
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(!acknowledged.is_empty(), "round {round}: no save was acknowledged");
        acknowledged_total += acknowledged.len();

        let (mut server, addr) = start(&db);
        for (id, revision, name) in &acknowledged {
            let (status, body) =
                http(addr, "GET", &format!("/api/designs/{id}?revision={revision}"), "")
                    .unwrap_or_else(|| {
                        panic!("round {round}: no answer for {id} revision {revision}")
                    });
            assert_eq!(status, 200, "round {round}: {id} revision {revision} is lost: {body}");
            assert_eq!(field(&body, "/design/name"), serde_json::json!(name));
        }
        server.kill().unwrap();
        server.wait().unwrap();
    }
    eprintln!("{acknowledged_total} acknowledged saves over 3 kills, none lost");
}

#[test]
fn sigterm_under_load_stops_the_server_within_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(&dir.path().join("term.db"));
    let acknowledged = write_until_killed(addr, 6);
    // A client that never finishes its request must not hold the shutdown.
    let mut stuck = TcpStream::connect(addr).unwrap();
    stuck
        .write_all(
            b"POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let terminated =
        Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(terminated.success());
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "still running 20 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(!acknowledged.lock().unwrap().is_empty());
}

/// Four tabs of one design's room edit as fast as the server acknowledges,
/// each renaming its own resource, until the server is killed; after a
/// restart every resource carries its tab's last acknowledged name or a
/// later one.
#[test]
fn a_kill_during_live_edits_loses_no_acknowledged_edit() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
    use vpcraft_core::collab::protocol::{ClientMsg, ServerMsg};
    use vpcraft_core::collab::{Op, Patch};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let (mut server, addr) = start(&db);
    let token = token_for(&db);
    let (status, created) = http(addr, "POST", "/api/designs", SLICE).unwrap();
    assert_eq!(status, 201, "{created}");
    let id = field(&created, "/id").as_str().unwrap().to_owned();
    let design = vpcraft_core::parse_design(SLICE).unwrap();
    let targets: Vec<String> = design.resources.iter().take(4).map(|r| r.id.to_string()).collect();
    assert_eq!(targets.len(), 4, "the slice has four resources to rename");

    // The last acknowledged edit of each tab.
    let acknowledged = Arc::new(Mutex::new(vec![0u64; 4]));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (tab, target) in targets.iter().enumerate() {
        let (acknowledged, token, id, target) =
            (Arc::clone(&acknowledged), token.clone(), id.clone(), target.clone());
        runtime.spawn(async move {
            let url = format!("ws://{addr}/api/designs/{id}/room?session=tab{tab}");
            let mut request = url.into_client_request().unwrap();
            request
                .headers_mut()
                .insert("authorization", format!("Bearer {token}").parse().unwrap());
            let Ok((mut socket, _)) = tokio_tungstenite::connect_async(request).await else {
                return;
            };
            for k in 1.. {
                let patch = Patch::new(vec![Op::SetField {
                    id: target.as_str().into(),
                    field: "name".into(),
                    value: Some(serde_json::json!(format!("tab{tab}-{k}"))),
                }]);
                let text =
                    serde_json::to_string(&ClientMsg::Edit { client_seq: k, patch }).unwrap();
                if socket.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
                loop {
                    let Some(Ok(Message::Text(text))) = socket.next().await else { return };
                    if let Ok(ServerMsg::Accepted(a)) = serde_json::from_str(&text)
                        && a.session == format!("tab{tab}")
                    {
                        acknowledged.lock().unwrap()[tab] = a.client_seq;
                        break;
                    }
                }
            }
        });
    }
    std::thread::sleep(Duration::from_millis(1500));
    server.kill().unwrap();
    server.wait().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    drop(runtime);
    assert!(
        acknowledged.iter().all(|k| *k > 0),
        "every tab had edits acknowledged: {acknowledged:?}"
    );

    let (mut server, addr) = start(&db);
    let (status, body) = http(addr, "GET", &format!("/api/designs/{id}"), "").unwrap();
    assert_eq!(status, 200, "{body}");
    for (tab, target) in targets.iter().enumerate() {
        let name = serde_json::from_str::<serde_json::Value>(&body).unwrap()["design"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == target.as_str())
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let stored: u64 = name.rsplit('-').next().unwrap().parse().unwrap();
        assert!(
            stored >= acknowledged[tab],
            "tab {tab}: acknowledged edit {} is lost (stored {name})",
            acknowledged[tab]
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

/// `vpcraft serve` with its database on a disk of `size` (a tmpfs mounted
/// in a user and mount namespace of its own, so no privilege is needed),
/// starting from a copy of the database at `seed` (a file named `full.db`). The database is
/// reachable from outside at `/proc/<pid>/root/<disk>` while it runs.
fn start_on_small_disk(
    seed: &std::path::Path,
    disk: &std::path::Path,
    size: &str,
) -> (Child, SocketAddr) {
    let token = token_for(seed);
    std::fs::create_dir_all(disk).unwrap();
    let script = r#"mount -t tmpfs -o size="$1" tmpfs "$2" && cp "$3"/full.db* "$2"/ && exec "$4" serve --addr 127.0.0.1:0 --database "sqlite://$2/full.db""#;
    let mut child = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", size])
        .arg(disk)
        .arg(seed.parent().unwrap())
        .arg(env!("CARGO_BIN_EXE_vpcraft"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("util-linux's unshare runs the server on a small disk of its own");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("http://"), "the server did not start on the small disk: {line:?}");
    let addr = line.trim().rsplit("http://").next().unwrap().parse().unwrap();
    TOKENS.lock().unwrap().push((addr, token));
    (child, addr)
}

/// Saves fill the server's disk: the save that does not fit is refused
/// with 507 and one clear sentence, every acknowledged save still reads
/// back, and the database passes SQLite's integrity check.
#[test]
fn a_full_disk_refuses_writes_clearly_and_corrupts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seed")).unwrap();
    let seed = dir.path().join("seed/full.db");
    let disk = dir.path().join("disk");
    let (mut server, addr) = start_on_small_disk(&seed, &disk, "1536k");
    // Each design carries 4 KiB of text that does not compress, so the
    // disk fills after a few hundred saves.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut acknowledged = Vec::new();
    let refusal = loop {
        assert!(acknowledged.len() < 2000, "2,000 saves fit on a 1.5 MiB disk");
        let noise: String = (0..512)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                format!("{:08x}", state as u32)
            })
            .collect();
        let mut design: serde_json::Value = serde_json::from_str(SLICE).unwrap();
        design["name"] =
            serde_json::json!(format!("save {} {}", acknowledged.len(), &noise[..4096]));
        let (status, body) = http(addr, "POST", "/api/designs", &design.to_string())
            .expect("the server answers while its disk is full");
        if status != 201 {
            break (status, body);
        }
        acknowledged
            .push((field(&body, "/id").as_str().unwrap().to_owned(), design["name"].clone()));
    };
    assert!(
        acknowledged.len() > 10,
        "only {} saves fit before the disk was full",
        acknowledged.len()
    );
    assert_eq!(refusal.0, 507, "{}", refusal.1);
    assert_eq!(field(&refusal.1, "/error/code"), "storage_full");
    assert_eq!(
        field(&refusal.1, "/error/message"),
        "the server's storage is full, so nothing was saved: free space on the server and try again"
    );
    // Reads go on, and every acknowledged save is whole.
    for (id, name) in &acknowledged {
        let (status, body) = http(addr, "GET", &format!("/api/designs/{id}"), "").unwrap();
        assert_eq!(status, 200, "{id} is lost: {body}");
        assert_eq!(&field(&body, "/design/name"), name);
    }
    let (status, body) = http(addr, "GET", "/api/health", "").unwrap();
    assert_eq!(status, 200, "{body}");
    // A copy of the database as the server left it (WAL included) passes
    // SQLite's integrity check and holds exactly the acknowledged designs.
    let inside = std::path::PathBuf::from(format!("/proc/{}/root", server.id()))
        .join(disk.strip_prefix("/").unwrap());
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let from = inside.join(format!("full.db{suffix}"));
        if from.exists() {
            std::fs::copy(&from, copy.join(format!("full.db{suffix}"))).unwrap();
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", copy.join("full.db").display());
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let check: String =
            sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
        assert_eq!(check, "ok");
        let designs: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM designs").fetch_one(&mut db).await.unwrap();
        assert_eq!(designs, acknowledged.len() as i64);
    });
}
