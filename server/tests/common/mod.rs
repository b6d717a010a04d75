//! Helpers shared by the command-line tests.

use std::process::Command;

/// Runs the `vpcraft` binary in the server crate's directory and returns
/// its exit code, stdout and stderr.
pub fn vpcraft(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpcraft"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}
