//! The browser end-to-end tests: Playwright driving Debian's headless
//! Chromium against the debug server binary with the bundle embedded.

use crate::paths::{self, root};
use anyhow::bail;
use std::path::PathBuf;
use std::process::Command;

/// Chromium from Debian (`/usr/bin/chromium`) or `$CHROMIUM`.
pub fn find_chromium() -> anyhow::Result<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !path.is_file() {
        bail!(
            "Chromium is missing at {}: the browser tests need Debian's chromium.\n\
             Install it with: sudo apt-get update && sudo apt-get install -y chromium\n\
             (or set CHROMIUM=/path/to/chromium, or run `cargo xtask test --no-e2e`)",
            path.display()
        );
    }
    Ok(path)
}

/// Installs the e2e Node packages (Playwright, the test identity provider)
/// when they are missing or older than the lock file.
pub fn install_node_packages() -> anyhow::Result<()> {
    let e2e = root().join("e2e");
    if !e2e.join("node_modules/.package-lock.json").is_file()
        || modified(&e2e.join("package-lock.json"))
            > modified(&e2e.join("node_modules/.package-lock.json"))
    {
        paths::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))
            .map_err(|e| {
            anyhow::anyhow!("{e}\nthe e2e Node packages did not install; is npm on PATH?")
        })?;
    }
    Ok(())
}

pub fn run_e2e(args: &[String]) -> anyhow::Result<()> {
    let chromium = find_chromium()?;
    let e2e = root().join("e2e");
    install_node_packages()?;
    let binary = paths::target_dir().join("debug/vpcraft");
    // A free loopback port, so a server left over elsewhere never collides.
    // Others for moto's server, which the AWS import specs read, for the
    // fault proxy in front of it and its control port, and for the test
    // identity provider (all held at once so they differ).
    let listeners = (0..5)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<Vec<_>, _>>()?;
    let ports = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<Vec<_>, _>>()?;
    drop(listeners);
    let (port, moto_port, proxy_port, control_port, oidc_port) =
        (ports[0], ports[1], ports[2], ports[3], ports[4]);
    let mut command = Command::new("npx");
    command
        .args(["playwright", "test"])
        .args(args)
        .current_dir(&e2e)
        .env("VPCRAFT_BIN", binary)
        .env("E2E_PORT", port.to_string())
        .env("E2E_MOTO_PORT", moto_port.to_string())
        .env("E2E_OIDC_PORT", oidc_port.to_string())
        .env("E2E_PROXY_PORT", proxy_port.to_string())
        .env("E2E_PROXY_CONTROL_PORT", control_port.to_string())
        .env("CHROMIUM", chromium);
    let shown = format!("{command:?}");
    eprintln!("$ {shown}");
    let status = command.status()?;
    if !status.success() {
        bail!(
            "browser tests failed ({status}); report: e2e/playwright-report, artefacts: e2e/test-results"
        );
    }
    Ok(())
}

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH)
}
