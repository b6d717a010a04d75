//! The test identity provider, `e2e/oidc/provider.mjs` (panva's
//! `oidc-provider` from the e2e Node packages), on a free port of
//! 127.0.0.1, stopped when dropped. Where `node` is missing the tests that
//! need it are skipped after saying why; where node is there but the
//! packages are not, they fail naming the command that installs them.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The client the provider knows this server as.
pub const CLIENT_ID: &str = "vpcraft";
/// Its secret.
pub const CLIENT_SECRET: &str = "test-client-secret";

/// The provider's process.
pub struct TestProvider {
    child: Child,
    pub issuer: String,
}

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("e2e")
}

impl TestProvider {
    /// Starts the provider for a client whose callback is `redirect_uri`;
    /// `None` where `node` is not installed.
    pub fn start(redirect_uri: &str) -> Option<Self> {
        if Command::new("node").arg("--version").output().is_err() {
            eprintln!("skipped: `node` is not installed, so the test identity provider cannot run");
            return None;
        }
        let dir = e2e_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the e2e Node packages are missing: run `cd e2e && npm ci`"
        );
        // A free port is found by binding port 0 and letting it go, so
        // something else may take it before the provider binds it: then
        // the provider exits, and another port is tried. It prints its
        // address once it listens.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let mut child = Command::new("node")
                .arg("oidc/provider.mjs")
                .current_dir(&dir)
                .env("OIDC_PORT", port.to_string())
                .env("OIDC_CLIENT_ID", CLIENT_ID)
                .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
                .env("OIDC_REDIRECT_URIS", redirect_uri)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let issuer = format!("http://127.0.0.1:{port}");
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
                // The line saying where it listens, or None when the
                // process ended first; the rest is read and dropped so the
                // provider never blocks on a full pipe.
                let _ = tx.send(lines.find(|l| l.contains("listening on")));
                lines.for_each(drop);
            });
            let provider = Self { child, issuer };
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(Some(line)) if line.ends_with(&provider.issuer) => return Some(provider),
                Ok(_) => continue,
                Err(_) => panic!("the test identity provider did not start in 30 s"),
            }
        }
        panic!("the test identity provider could not bind a port in five tries");
    }

    /// Makes the token endpoint tamper with the ID tokens it hands out
    /// from now on (`wrong-audience`, `wrong-issuer`, `expired`,
    /// `bad-signature`; `normal` stops it).
    pub async fn set_mode(&self, mode: &str) {
        let url = format!("{}/__test/mode?set={mode}", self.issuer);
        let answer = reqwest::get(&url).await.unwrap();
        assert_eq!(answer.status(), 200, "{url}");
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
