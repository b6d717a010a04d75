//! `vpcraft serve`: binds the app to a socket and serves it with bounds a
//! server left running needs: a client has a few seconds to send its
//! request head, at most [`Limits::max_connections`] connections are open
//! at once, and Ctrl-C or SIGTERM lets requests in flight finish for at
//! most [`Limits::shutdown_deadline`] before the rest are closed.

use crate::{AppState, Db, HostPolicy, app};
use anyhow::Context;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tracing_subscriber::EnvFilter;

/// What `vpcraft serve` is given.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    pub database: String,
    /// Host names the server answers to besides the loopback ones.
    pub allowed_hosts: Vec<String>,
    pub limits: Limits,
    /// How many revisions of each design are kept; all when `None`.
    pub keep_revisions: Option<u32>,
    /// How the server reaches AWS for imports.
    pub aws: vpcraft_aws::ConnectOptions,
    /// The identity provider to sign in with; an empty `redirect_url` is
    /// made from the address the server listens on.
    pub oidc: Option<crate::auth::oidc::OidcConfig>,
}

/// The bounds on connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client may take to send a request's head, and how long
    /// an idle kept-alive connection stays open.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body (408 past it).
    pub body_timeout: Duration,
    /// Connections open at once; further clients wait in the listen queue.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("vpcraft_server=info,tower_http=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

pub async fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let ServeOptions { addr, database, mut allowed_hosts, limits, keep_revisions, aws, oidc } =
        options;
    let db = Db::connect(&database).await?.with_retention(keep_revisions);
    let listener =
        TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    // A server bound to one address answers to it by number too.
    if !local.ip().is_unspecified() {
        allowed_hosts.push(match local.ip() {
            std::net::IpAddr::V4(ip) => ip.to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        });
    }
    tracing::info!(
        "vpcraft listening on http://{local} (database {})",
        crate::db::redact(&database)
    );
    println!("vpcraft listening on http://{local}");
    if db.count_users().await? == 0 {
        tracing::warn!(
            "no accounts yet: the first visit to http://{local} creates the administrator \
             (or run `vpcraft admin create-user`)"
        );
    }
    let oidc = match oidc {
        Some(mut config) => {
            if config.redirect_url.is_empty() {
                anyhow::ensure!(
                    !local.ip().is_unspecified(),
                    "give --oidc-redirect-url: a server listening on {local} does not know \
                     the address browsers reach it at"
                );
                config.redirect_url = format!("http://{local}/api/auth/oidc/callback");
            }
            Some(crate::auth::oidc::Oidc::start(config).await?)
        }
        None => None,
    };
    let state = AppState {
        hosts: HostPolicy::with(allowed_hosts),
        oidc,
        aws: crate::api::aws_jobs::AwsImports::new(aws, Default::default()),
        ..AppState::new(db.clone())
    };
    run(listener, app(state), limits, shutdown_signal()).await;
    db.close().await;
    tracing::info!("vpcraft stopped");
    Ok(())
}

/// Serves `app` on `listener` until `shutdown` completes, then waits for
/// open connections up to the deadline.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body_timeout));
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Connections watch `stop` and finish gracefully when it turns true;
    // each connection's task is in `open` until it ends.
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let mut open = tokio::task::JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file handles or a connection reset before it was
                // taken: wait a moment rather than spin.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        // With upgrades, so that a design's room (a WebSocket) can take
        // the connection over; the upgraded socket lives on its own.
        let connection = http.serve_connection(TokioIo::new(stream), service).with_upgrades();
        let mut stop = stop.clone();
        while open.try_join_next().is_some() {}
        open.spawn(async move {
            tokio::pin!(connection);
            let stopping = async move {
                let _ = stop.wait_for(|stopping| *stopping).await;
            };
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                () = stopping => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = ended {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = async {
            let _ = stop_tx.send(true);
            while open.join_next().await.is_some() {}
        } => {}
        () = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!(
                "requests still in flight after {} s: closing their connections",
                limits.shutdown_deadline.as_secs()
            );
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
