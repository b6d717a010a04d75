//! The OpenAPI description checked against the running server by
//! schemathesis (PyPI, in the test venv): a bounded number of generated
//! requests per operation, no server error, every status, content type,
//! header and body as described. `positive_data_acceptance` is left out:
//! a design file or a template is described as a JSON object or a string,
//! and what makes one valid is the core's reader, not a JSON schema.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn venv() -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::var_os("VPCRAFT_PYTHON_VENV").map_or_else(|| repo.join(".venv"), PathBuf::from)
}

#[test]
fn schemathesis_finds_nothing() {
    let st = venv().join("bin/st");
    assert!(st.is_file(), "{} is missing: run `bash tools/setup-python.sh`", st.display());
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("st.db").display());
    // An account and its access token, so that the operations behind
    // sign-in are exercised too.
    let mut create = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["admin", "create-user", "--database", &database, "--email", "st@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    assert!(create.wait().unwrap().success());
    let token = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["admin", "create-token", "--database", &database, "--email", "st@example.com"])
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let mut server = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database", &database])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().rsplit("listening on ").next().unwrap().to_owned();
    let output = Command::new(&st)
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--max-examples", "25", "--generation-deterministic", "--workers", "1"])
        .args(["--exclude-checks", "positive_data_acceptance"])
        // The AWS import reads a live account, which this server has none of.
        .args(["--exclude-tag", "aws"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    server.kill().unwrap();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().rev().take(20).collect::<Vec<_>>();
    eprintln!("{}", summary.into_iter().rev().collect::<Vec<_>>().join("\n"));
    assert!(output.status.success(), "schemathesis found problems:\n{stdout}");
}
