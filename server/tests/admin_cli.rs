//! `vpcraft admin`: accounts and access tokens made from the command line
//! with the password on standard input.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `vpcraft admin ARGS` with `stdin`: exit code, stdout, stderr.
fn admin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .arg("admin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn accounts_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("admin.db").display());
    let password = "a long enough password\n";

    let (code, _, err) =
        admin(&["create-user", "--database", &url, "--email", "a@example.com"], "short\n");
    assert_eq!((code, err.trim()), (2, "vpcraft: the password needs at least 10 characters"));

    let (code, out, err) =
        admin(&["create-user", "--database", &url, "--email", "A@example.com"], password);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("created administrator a@example.com ("), "{out}");
    let (code, out, _) =
        admin(&["create-user", "--database", &url, "--email", "b@example.com"], password);
    assert_eq!(code, 0);
    assert!(out.starts_with("created account b@example.com ("), "{out}");
    let (code, _, err) =
        admin(&["create-user", "--database", &url, "--email", "b@example.com"], password);
    assert_eq!((code, err.trim()), (2, "vpcraft: an account for b@example.com exists"));

    let (code, token, err) =
        admin(&["create-token", "--database", &url, "--email", "b@example.com"], "");
    assert_eq!(code, 0, "{err}");
    let token = token.trim();
    assert!(token.starts_with("vpct_") && token.len() == 69, "{token}");
    let (code, _, err) =
        admin(&["create-token", "--database", &url, "--email", "c@example.com"], "");
    assert_eq!((code, err.trim()), (2, "vpcraft: no account for c@example.com"));
}
