//! The co-editing load test behind `cargo xtask bench-collab`: simulated
//! editors send edits at a steady rate to one design's room, served by one
//! `vpcraft serve` process on SQLite or by two sharing a throw-away
//! PostgreSQL cluster, and the run checks that no edit was lost or
//! duplicated, that every tab converged to the stored design, and prints
//! the time from sending an edit to its arrival at every other tab.
//!
//! `cargo run --release -p vpcraft-server --example collab_load --
//! [--editors 50] [--rate 10] [--seconds 60] [--processes 1|2] [--kill-at S]`
//!
//! With `--kill-at S` the first server process is killed with SIGKILL S
//! seconds into the run and started again on the same database; the tabs
//! reconnect as the app does, and the same checks must hold.

#[path = "../tests/common/postgres.rs"]
#[allow(dead_code)]
mod postgres;

use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
use vpcraft_core::collab::Replica;
use vpcraft_core::collab::protocol::ServerMsg;
use vpcraft_core::model::Rect;
use vpcraft_core::{Design, ResourceId};

struct Options {
    editors: usize,
    rate: u64,
    seconds: u64,
    processes: usize,
    /// Kill the first server process with SIGKILL this many seconds into
    /// the run, and start it again on the same database.
    kill_at: Option<u64>,
}

fn options() -> Options {
    let mut o = Options { editors: 50, rate: 10, seconds: 60, processes: 1, kill_at: None };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).and_then(|v| v.parse::<u64>().ok()).unwrap_or_else(|| {
            panic!("usage: --editors N --rate N --seconds N --processes 1|2 [--kill-at S]");
        });
        match pair[0].as_str() {
            "--editors" => o.editors = value as usize,
            "--rate" => o.rate = value,
            "--seconds" => o.seconds = value,
            "--processes" => o.processes = value.clamp(1, 2) as usize,
            "--kill-at" => o.kill_at = Some(value),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// The `vpcraft` binary built beside this example.
fn vpcraft() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().join("vpcraft")
}

fn admin(database: &str) -> String {
    let mut create = Command::new(vpcraft())
        .args(["admin", "create-user", "--database", database, "--email", "load@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    assert!(create.wait().unwrap().success(), "cannot create the account");
    let output = Command::new(vpcraft())
        .args(["admin", "create-token", "--database", database, "--email", "load@example.com"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn serve(database: &str) -> (Child, SocketAddr) {
    let mut child = Command::new(vpcraft())
        .args(["serve", "--addr", "127.0.0.1:0", "--database", database])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim().rsplit("http://").next().unwrap().parse().unwrap())
}

async fn http(addr: SocketAddr, token: &str, method: &str, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()
}

/// When each edit was sent, by (tab, client sequence).
type Sent = Arc<Mutex<HashMap<(usize, u64), Instant>>>;

struct TabResult {
    sent: u64,
    refused: u64,
    /// How often the tab lost its server and connected again.
    reconnects: u64,
    /// This tab's own edits as the room acknowledged them, in order.
    acked: Vec<u64>,
    /// Milliseconds from another tab's send to arrival here.
    latencies: Vec<f64>,
    /// Sequence numbers in arrival order.
    seqs: Vec<u64>,
    confirmed: Design,
}

/// The address of each server process, updated when one is restarted.
type Addrs = Arc<Mutex<Vec<SocketAddr>>>;

/// How long a tab keeps going after the run to collect what is owed to it;
/// what it never got counts as lost.
const GRACE: Duration = Duration::from_secs(30);

/// One simulated tab: edits at the steady rate, applies what the room
/// sends, and, like the app, reconnects when its server goes away (catching
/// up from the last sequence it saw, then sending again what was not
/// acknowledged, before any new edit).
#[allow(clippy::too_many_arguments)]
async fn tab(
    index: usize,
    addrs: Addrs,
    token: String,
    design_id: String,
    design: Design,
    targets: Vec<ResourceId>,
    options: Arc<Options>,
    sent_at: Sent,
    start: Instant,
) -> TabResult {
    let session = format!("tab{index}");
    let mut replica = Replica::new(session.clone(), design, 0);
    let target = targets[index % targets.len()].clone();
    let period = Duration::from_micros(1_000_000 / options.rate.max(1));
    let end = start + Duration::from_secs(options.seconds);
    let total = options.rate * options.seconds;
    let mut result = TabResult {
        sent: 0,
        refused: 0,
        reconnects: 0,
        acked: Vec::new(),
        latencies: Vec::new(),
        seqs: Vec::new(),
        confirmed: Design::default(),
    };
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::from_std(
            start + period.mul_f64(index as f64 / options.editors as f64),
        ),
        period,
    );
    let mut last_message = Instant::now();
    let mut since: Option<u64> = None;
    'connect: while Instant::now() < end + GRACE {
        let addr = {
            let addrs = addrs.lock().unwrap();
            addrs[index % addrs.len()]
        };
        let after = since.map(|s| format!("&since={s}")).unwrap_or_default();
        let url = format!("ws://{addr}/api/designs/{design_id}/room?session={session}{after}");
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
        let Ok((socket, _)) = tokio_tungstenite::connect_async(request).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if since.is_some() {
            result.reconnects += 1;
        }
        let (mut write, mut read) = socket.split();
        // New edits wait until the room has this tab's unacknowledged ones
        // again, or the room would take them as already seen.
        let mut ready = false;
        let mut resend_at: Option<u64> = None;
        let mut outbox: Vec<String> = Vec::new();
        loop {
            tokio::select! {
                _ = tick.tick(), if result.sent < total => {
                    result.sent += 1;
                    let k = result.sent;
                    let mut after = replica.local().clone();
                    let rect = Rect::new((k % 500) as f64, (index * 10) as f64, 120.0, 80.0);
                    after.layout.positions.insert(target.clone(), rect);
                    if let Some(r) = after.resource_mut(&target) {
                        r.name = format!("tab{index}-{k}");
                    }
                    let Some(message) = replica.edit(&after) else { continue };
                    sent_at.lock().unwrap().insert((index, k), Instant::now());
                    if ready {
                        outbox.push(serde_json::to_string(&message).unwrap());
                    }
                }
                frame = read.next() => {
                    let Some(Ok(frame)) = frame else { continue 'connect };
                    last_message = Instant::now();
                    let Message::Text(text) = frame else { continue };
                    match serde_json::from_str::<ServerMsg>(&text) {
                        Ok(ServerMsg::Welcome { seq, design, .. }) => {
                            if let Some(design) = design {
                                replica.reset(*design, seq);
                            }
                            if replica.seq() >= seq {
                                ready = true;
                                outbox.extend(replica.resend().iter().map(|m| serde_json::to_string(m).unwrap()));
                            } else {
                                resend_at = Some(seq);
                            }
                        }
                        Ok(ServerMsg::Accepted(a)) => {
                            result.seqs.push(a.seq);
                            if a.session == session {
                                result.acked.push(a.client_seq);
                            }
                            let from: usize = a.session[3..].parse().unwrap_or(usize::MAX);
                            if from != index
                                && let Some(at) = sent_at.lock().unwrap().get(&(from, a.client_seq))
                            {
                                result.latencies.push(at.elapsed().as_secs_f64() * 1000.0);
                            }
                            replica.accepted(&a);
                            if resend_at.is_some_and(|at| replica.seq() >= at) {
                                resend_at = None;
                                ready = true;
                                outbox.extend(replica.resend().iter().map(|m| serde_json::to_string(m).unwrap()));
                            }
                        }
                        Ok(ServerMsg::Rejected { client_seq, reason }) => {
                            if result.refused == 0 {
                                eprintln!("tab {index}: edit {client_seq} refused: {reason}");
                            }
                            result.refused += 1;
                            replica.rejected(client_seq, &reason);
                        }
                        _ => {}
                    }
                }
                _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            }
            for text in outbox.drain(..) {
                if write.send(Message::Text(text.into())).await.is_err() {
                    since = Some(replica.seq());
                    continue 'connect;
                }
            }
            since = Some(replica.seq());
            // After the run, wait until this tab's edits are all answered
            // and nothing arrived for two seconds (the others are done
            // too). Bounded in time: a tab still waiting [`GRACE`] after the
            // run counts what it never got as lost.
            if Instant::now() > end + GRACE {
                eprintln!(
                    "tab {index}: gave up waiting, {} edits unacknowledged",
                    replica.pending()
                );
                break 'connect;
            }
            if Instant::now() >= end
                && result.sent == total
                && replica.pending() == 0
                && last_message.elapsed() > Duration::from_secs(2)
            {
                let _ = write.close().await;
                break 'connect;
            }
        }
    }
    result.confirmed = replica.confirmed().clone();
    result
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn normal(design: &Design) -> Design {
    let mut d = design.clone();
    d.resources.sort_by(|a, b| a.id.cmp(&b.id));
    d.flows.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

#[tokio::main]
async fn main() {
    let options = Arc::new(options());
    let dir = std::env::temp_dir().join(format!("vpcraft-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = if options.processes == 2 {
        postgres::database_url().await.expect("two processes need PostgreSQL")
    } else {
        format!("sqlite://{}", dir.join("load.db").display())
    };
    let token = admin(&database);
    let mut servers: Vec<(Child, SocketAddr)> =
        (0..options.processes).map(|_| serve(&database)).collect();
    let first: Vec<SocketAddr> = servers.iter().map(|(_, a)| *a).collect();
    let addrs: Addrs = Arc::new(Mutex::new(first.clone()));

    // A design with a resource per editor to move and rename.
    let design = vpcraft_core::synth::design(options.editors.max(10) * 2);
    let created =
        http(first[0], &token, "POST", "/api/designs", &vpcraft_core::to_json(&design)).await;
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    let design_id = created["id"].as_str().expect("the design was not created").to_owned();
    let design: Design = serde_json::from_value(created["design"].clone()).unwrap();
    let targets: Vec<ResourceId> = design.resources.iter().map(|r| r.id.clone()).collect();
    println!(
        "{} editors x {} edits/s for {} s on {} process(es) ({}), design of {} resources",
        options.editors,
        options.rate,
        options.seconds,
        options.processes,
        if options.processes == 2 { "PostgreSQL" } else { "SQLite" },
        design.resources.len()
    );

    let sent_at: Sent = Arc::default();
    let start = Instant::now() + Duration::from_millis(500);
    let tasks: Vec<_> = (0..options.editors)
        .map(|i| {
            tokio::spawn(tab(
                i,
                Arc::clone(&addrs),
                token.clone(),
                design_id.clone(),
                design.clone(),
                targets.clone(),
                Arc::clone(&options),
                Arc::clone(&sent_at),
                start,
            ))
        })
        .collect();
    if let Some(at) = options.kill_at {
        tokio::time::sleep_until(tokio::time::Instant::from_std(start + Duration::from_secs(at)))
            .await;
        let (child, _) = &mut servers[0];
        child.kill().unwrap();
        child.wait().unwrap();
        println!("killed server process 1 with SIGKILL at {at} s; starting it again");
        let restarted = serve(&database);
        addrs.lock().unwrap()[0] = restarted.1;
        servers[0] = restarted;
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }

    let sent: u64 = results.iter().map(|r| r.sent).sum();
    let refused: u64 = results.iter().map(|r| r.refused).sum();
    let accepted = results.iter().map(|r| r.seqs.len()).max().unwrap_or(0) as u64;
    let mut in_order = true;
    for r in &results {
        in_order &= r.seqs.windows(2).all(|w| w[1] == w[0] + 1);
    }
    let last = addrs.lock().unwrap()[0];
    let stored = http(last, &token, "GET", &format!("/api/designs/{design_id}"), "").await;
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let stored_seq = stored["seq"].as_u64().unwrap_or(0);
    let stored: Design = serde_json::from_value(stored["design"].clone()).unwrap();
    let converged = results.iter().filter(|r| normal(&r.confirmed) == normal(&stored)).count();
    let mut latencies: Vec<f64> =
        results.iter().flat_map(|r| r.latencies.iter().copied()).collect();
    latencies.sort_by(f64::total_cmp);

    // Every tab's own edits: each acknowledged once (a second
    // acknowledgement would be a duplicate), and none missing.
    let acked: u64 = results.iter().map(|r| r.acked.len() as u64).sum();
    let distinct: u64 = results
        .iter()
        .map(|r| r.acked.iter().collect::<std::collections::HashSet<_>>().len() as u64)
        .sum();
    let duplicated = acked - distinct;
    let lost = sent.saturating_sub(distinct + refused);
    let reconnects: u64 = results.iter().map(|r| r.reconnects).sum();
    println!(
        "sent {sent}, accepted {accepted}, refused {refused}, lost {lost}, duplicated {duplicated}, \
         stored up to {stored_seq}, reconnects {reconnects}"
    );
    println!("every tab saw consecutive sequence numbers (no gap, no duplicate): {in_order}");
    println!("tabs converged to the stored design: {converged} of {}", results.len());
    println!(
        "send to every other tab: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} deliveries",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(f64::NAN),
        latencies.len()
    );
    for (child, _) in &mut servers {
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = std::fs::remove_dir_all(&dir);
    let ok = lost == 0
        && duplicated == 0
        && in_order
        && converged == results.len()
        && stored_seq == accepted
        && accepted == distinct;
    println!("RESULT ok={ok} p95_ms={:.1}", percentile(&latencies, 0.95));
    if !ok {
        std::process::exit(1);
    }
}
