//! A loopback TCP proxy in front of moto's server that counts the HTTP
//! requests passing through it and can hold each one back for a fixed time,
//! as the round trip to a real AWS region would.
//!
//! It does not parse HTTP: on each connection, the first bytes the client
//! sends after a response (or after connecting) start a request, since the
//! SDK sends a request only once the previous response on that connection
//! is in. Those bytes are counted and delayed; the rest pass straight on.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The proxy's settings and counter, shared with its connections.
#[derive(Default)]
struct Shared {
    requests: AtomicUsize,
    delay_ms: AtomicU64,
}

/// A running proxy; its task ends with the runtime.
pub struct Proxy {
    pub endpoint: String,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Starts a proxy to `upstream` on a free port of 127.0.0.1.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let endpoint = format!("http://{}", listener.local_addr().expect("the proxy's address"));
        let shared = Arc::new(Shared::default());
        let accepting = shared.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let _ = client.set_nodelay(true);
                tokio::spawn(connection(client, upstream, accepting.clone()));
            }
        });
        Self { endpoint, shared }
    }

    /// Holds every request back by `delay` from now on.
    pub fn set_delay(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
    }

    /// The requests so far, and the counter set back to zero.
    pub fn take_requests(&self) -> usize {
        self.shared.requests.swap(0, Ordering::SeqCst)
    }
}

/// Relays one client connection to a connection of its own upstream.
async fn connection(client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) {
    let Ok(server) = TcpStream::connect(upstream).await else { return };
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    // Whether the client's next bytes start a new request.
    let between_requests = AtomicBool::new(true);
    let up = async {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if between_requests.swap(false, Ordering::SeqCst) {
                shared.requests.fetch_add(1, Ordering::SeqCst);
                let delay = shared.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_write.shutdown().await;
    };
    let down = async {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            between_requests.store(true, Ordering::SeqCst);
            if client_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_write.shutdown().await;
    };
    tokio::join!(up, down);
}
