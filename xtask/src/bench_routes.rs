//! `cargo xtask bench-routes`: the worst request each heavy route accepts.
//! Builds the release server, makes the largest synthetic design (and its
//! CloudFormation template) that fits under the server's 16 MiB body limit
//! and one of half that size, and sends each to a fresh server process per
//! route, printing the time to the whole answer and the server's peak
//! resident memory (`VmHWM`), so that growth with the input shows.

use crate::paths::{self, root};
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vpcraft_core::cfn::{Format, render};

/// The server's body limit (`vpcraft_server::MAX_BODY_BYTES`).
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// One request to time.
struct Case {
    route: &'static str,
    method: &'static str,
    path: String,
    content_type: &'static str,
    body: String,
    resources: usize,
}

pub fn bench_routes() -> anyhow::Result<()> {
    // The same build as `bench-collab`'s (its example brings the server's
    // dev-dependencies, and so their features): one release build serves
    // both benchmarks instead of two that differ in features.
    paths::cargo(&[
        "build",
        "--release",
        "-p",
        "vpcraft-server",
        "--bin",
        "vpcraft",
        "--example",
        "collab_load",
    ])?;
    let bin = paths::target_dir().join("release/vpcraft");
    let largest = largest_design(|d| vpcraft_core::to_json(d).len());
    let largest_template = largest_design(|d| render(d, Format::Yaml, &[]).len());
    println!("route | input | resources | status | time | server peak memory");
    println!("---|---|---|---|---|---");
    for n in [largest / 2, largest] {
        let design = vpcraft_core::synth::design(n);
        let json = vpcraft_core::to_json(&design);
        for (route, method, path) in [
            ("validate", "POST", "/api/validate"),
            ("export", "POST", "/api/export"),
            ("save a new design", "POST", "/api/designs"),
        ] {
            let case = Case {
                route,
                method,
                path: path.into(),
                content_type: "application/json",
                body: json.clone(),
                resources: n,
            };
            run_case(&bin, &case)?;
        }
    }
    for n in [largest_template / 2, largest_template] {
        let design = vpcraft_core::synth::design(n);
        let case = Case {
            route: "import a template",
            method: "POST",
            path: "/api/import/template".into(),
            content_type: "application/yaml",
            body: render(&design, Format::Yaml, &[]),
            resources: n,
        };
        run_case(&bin, &case)?;
    }
    Ok(())
}

/// The most resources of a synthetic design whose `size` stays under the
/// body limit (a binary search: the generator is deterministic).
fn largest_design(size: impl Fn(&vpcraft_core::Design) -> usize) -> usize {
    let (mut fits, mut too_big) = (100, 200_000);
    while too_big - fits > 250 {
        let mid = (fits + too_big) / 2;
        if size(&vpcraft_core::synth::design(mid)) < BODY_LIMIT - 4096 {
            fits = mid;
        } else {
            too_big = mid;
        }
    }
    fits
}

/// Starts a server with a fresh database and an access token, sends the
/// case, and prints its row.
fn run_case(bin: &Path, case: &Case) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("vpcraft-bench-routes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let database = format!("sqlite://{}", dir.join("bench.db").display());
    let token = token(bin, &database)?;
    let (mut server, addr) = start(bin, &database)?;
    let started = Instant::now();
    let answer = send(addr, case, &token);
    let elapsed = started.elapsed();
    let peak = peak_memory_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let (status, length) = answer?;
    println!(
        "{} | {:.1} MiB | {} | {status} ({:.1} MiB answer) | {:.2} s | {:.0} MiB",
        case.route,
        case.body.len() as f64 / 1_048_576.0,
        case.resources,
        length as f64 / 1_048_576.0,
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0,
    );
    Ok(())
}

fn token(bin: &Path, database: &str) -> anyhow::Result<String> {
    let mut create = Command::new(bin)
        .args(["admin", "create-user", "--database", database, "--email", "bench@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    create.stdin.take().context("stdin")?.write_all(b"a long enough password\n")?;
    if !create.wait()?.success() {
        bail!("vpcraft admin create-user failed");
    }
    let out = Command::new(bin)
        .args(["admin", "create-token", "--database", database, "--email", "bench@example.com"])
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

fn start(bin: &Path, database: &str) -> anyhow::Result<(Child, SocketAddr)> {
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--database", database])
        .env("RUST_LOG", "error")
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    let addr = line.trim().rsplit("http://").next().unwrap_or_default().parse()?;
    Ok((child, addr))
}

/// Sends the case and reads the whole answer: its status and length.
fn send(addr: SocketAddr, case: &Case, token: &str) -> anyhow::Result<(u16, usize)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let head = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {}\r\nAuthorization: Bearer {token}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        case.method,
        case.path,
        case.content_type,
        case.body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(case.body.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let status = std::str::from_utf8(answer.get(9..12).unwrap_or_default())?.parse()?;
    Ok((status, answer.len()))
}

/// The process's peak resident memory in KiB, from `/proc`.
fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
