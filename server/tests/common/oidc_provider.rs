//! The test identity provider, `e2e/oidc/provider.mjs` (panva's
//! `oidc-provider` from the e2e Node packages), on a free port of
//! 127.0.0.1, stopped when dropped. Where `node` is missing the tests that
//! need it are skipped after saying why; where node is there but the
//! packages are not, they fail naming the command that installs them.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("node")
            .arg("oidc/provider.mjs")
            .current_dir(&dir)
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env("OIDC_REDIRECT_URIS", redirect_uri)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let provider = Self { child, issuer: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the test identity provider did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(provider)
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
