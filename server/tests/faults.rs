//! Faults a server left running meets: killed with SIGKILL in the middle of
//! concurrent saves, it loses no acknowledged revision; stopped with
//! SIGTERM under load, it finishes what it acknowledged and exits.

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
