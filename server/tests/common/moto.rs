//! moto's server on a free port of 127.0.0.1 for the command-line tests
//! that read an AWS account (the tools come from the virtualenv
//! `tools/setup-python.sh` creates, `<repo>/.venv` or `$VPCRAFT_PYTHON_VENV`).

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// moto's server, stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

/// A tool of the virtualenv (`moto_server`, `python`).
pub fn tool(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let venv =
        std::env::var_os("VPCRAFT_PYTHON_VENV").map_or_else(|| repo.join(".venv"), PathBuf::from);
    venv.join("bin").join(name)
}

impl Moto {
    pub fn start() -> Self {
        let server = tool("moto_server");
        assert!(
            server.exists(),
            "{} is missing: run `bash tools/setup-python.sh` to create the Python virtualenv",
            server.display()
        );
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, endpoint: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
