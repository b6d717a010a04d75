//! A throw-away PostgreSQL server for the tests: `initdb` into a temporary
//! folder and `postgres` on a free loopback port, started once per test
//! binary and stopped when the binary exits (the server's wrapper shell
//! waits on a pipe that closes with the test process). As root it runs as
//! `nobody`, since PostgreSQL refuses to run as root.
//!
//! Where PostgreSQL is not installed, [`database`] returns `None` after
//! printing how to install it, and the PostgreSQL half of each test is
//! skipped; with `VPCRAFT_REQUIRE_POSTGRES=1` (as CI sets) it fails instead.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use vpcraft_server::Db;

const HOW_TO_INSTALL: &str = "PostgreSQL is not installed, so the PostgreSQL half of the \
storage tests is skipped. Install it with `sudo apt-get install postgresql` (Debian, Ubuntu) \
or `brew install postgresql@15` (macOS), or point VPCRAFT_PG_BIN at the folder holding initdb \
and postgres.";

/// The folder with `initdb` and `postgres`, if PostgreSQL is installed.
fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VPCRAFT_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|dir| dir.join("initdb").is_file())
        .collect();
    found.sort();
    if let Some(newest) = found.pop() {
        return Some(newest);
    }
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    let dir = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    dir.join("initdb").is_file().then_some(dir)
}

/// A running cluster: its port and the wrapper whose stdin keeps it alive.
struct Cluster {
    port: u16,
    _keeper: Mutex<Child>,
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs `program args` as `nobody` when we are root.
fn command(program: &std::path::Path, as_nobody: bool) -> Command {
    if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start() -> Option<Cluster> {
    let Some(bin) = bin_dir() else {
        if std::env::var("VPCRAFT_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("{HOW_TO_INSTALL}");
        }
        eprintln!("{HOW_TO_INSTALL}");
        return None;
    };
    let as_nobody = is_root();
    let dir = tempfile::Builder::new().prefix("vpcraft-pg-").tempdir().unwrap().keep();
    let data = dir.join("data");
    if as_nobody {
        let status =
            Command::new("chown").args(["-R", "nobody:nogroup"]).arg(&dir).status().unwrap();
        assert!(status.success(), "cannot hand {} to nobody", dir.display());
    }
    let output = command(&bin.join("initdb"), as_nobody)
        .args(["--auth=trust", "--username=vpcraft", "--encoding=UTF8", "--no-sync", "-D"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(output.status.success(), "initdb failed: {}", String::from_utf8_lossy(&output.stderr));
    let port = free_port();
    // The shell starts postgres, waits for its stdin to close (the test
    // process ended) and then stops the server and removes its folder.
    let script = format!(
        "{postgres} -D {data} -p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
         >{dir}/log 2>&1 & pid=$!; cat >/dev/null; kill -INT $pid; wait $pid; rm -rf {dir}",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        dir = dir.display(),
    );
    let mut keeper = command(std::path::Path::new("/bin/sh"), as_nobody)
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "PostgreSQL did not start: {}",
            std::fs::read_to_string(dir.join("log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Keep the pipe open for as long as the test process lives.
    let _ = keeper.stdin.as_mut().map(|stdin| stdin.flush());
    Some(Cluster { port, _keeper: Mutex::new(keeper) })
}

fn cluster() -> Option<&'static Cluster> {
    static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
    CLUSTER.get_or_init(start).as_ref()
}

/// The URL of a new, empty database on the test cluster; `None` (after
/// saying why) where PostgreSQL is not installed.
pub async fn database_url() -> Option<String> {
    let port = cluster()?.port;
    let name = format!("t{}", uuid::Uuid::new_v4().simple());
    let admin = format!("postgres://vpcraft@127.0.0.1:{port}/postgres");
    let started = Instant::now();
    loop {
        // The server accepts connections a moment before it accepts logins.
        match <sqlx::postgres::PgConnection as sqlx::Connection>::connect(&admin).await {
            Ok(mut conn) => {
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
                break;
            }
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot reach the test PostgreSQL: {e}"),
        }
    }
    Some(format!("postgres://vpcraft@127.0.0.1:{port}/{name}"))
}

/// A new, empty, migrated database on the test cluster.
pub async fn database() -> Option<Db> {
    Some(Db::connect(&database_url().await?).await.unwrap())
}
