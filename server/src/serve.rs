//! `vpcraft serve`: binds the app to a socket and shuts down cleanly on
//! Ctrl-C or SIGTERM, letting requests in flight finish.

use crate::{AppState, Db, app};
use anyhow::Context;
use std::net::SocketAddr;
use tracing_subscriber::EnvFilter;

pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("vpcraft_server=info,tower_http=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

pub async fn serve(addr: SocketAddr, database: &str) -> anyhow::Result<()> {
    let db = Db::connect(database).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!("vpcraft listening on http://{local} (database {database})");
    println!("vpcraft listening on http://{local}");
    axum::serve(listener, app(AppState { db: db.clone() }))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server error")?;
    db.close().await;
    tracing::info!("vpcraft stopped");
    Ok(())
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
