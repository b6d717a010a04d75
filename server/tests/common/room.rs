//! A real server on a loopback port and WebSocket clients of its design
//! rooms, for the co-editing tests.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use vpcraft_core::collab::protocol::{ClientMsg, ServerMsg};
use vpcraft_server::serve::{Limits, run};
use vpcraft_server::{AppState, Db, HostPolicy, app};

/// A server serving `db` on a free loopback port until the test ends.
pub async fn server(db: Db) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState { hosts: HostPolicy::with(["127.0.0.1".to_owned()]), ..AppState::new(db) };
    tokio::spawn(run(listener, app(state), Limits::default(), std::future::pending()));
    addr
}

/// A REST call with a bearer token: the status and the JSON body.
pub async fn call(
    addr: SocketAddr,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let client = plain_http::Client;
    client.call(addr, token, method, path, body).await
}

/// Creates a design from `design` and returns its ID.
pub async fn create(addr: SocketAddr, token: &str, design: Value) -> String {
    let (status, body) = call(addr, token, "POST", "/api/designs", Some(design)).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// One tab in a design's room.
pub struct Tab {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Opens the room of `design` as the holder of `token`.
pub async fn join(
    addr: SocketAddr,
    token: &str,
    design: &str,
    session: &str,
    since: Option<u64>,
) -> Tab {
    let since = since.map(|s| format!("&since={s}")).unwrap_or_default();
    let url = format!("ws://{addr}/api/designs/{design}/room?session={session}{since}");
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    Tab { socket }
}

/// Opens the room of the design a share link opens, as a browser does: the
/// token as the subprotocol after `vpcraft-share`. The error is the
/// handshake's HTTP status.
pub async fn join_shared(addr: SocketAddr, token: &str, session: &str) -> Result<Tab, u16> {
    let url = format!("ws://{addr}/api/shared/room?session={session}");
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", format!("vpcraft-share, {token}").parse().unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, response)) => {
            let chosen = response.headers().get("sec-websocket-protocol").unwrap();
            assert_eq!(chosen, "vpcraft-share", "the server names the protocol, never the token");
            Ok(Tab { socket })
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(e) => panic!("{e}"),
    }
}

impl Tab {
    /// Waits (up to five seconds) for the server to close the socket, and
    /// returns the close code.
    pub async fn closed(&mut self) -> u16 {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.socket.next())
                .await
                .expect("the room did not close within 5 s");
            match frame {
                Some(Ok(Message::Close(Some(close)))) => return close.code.into(),
                Some(Ok(_)) => {}
                other => panic!("the room ended without a close frame: {other:?}"),
            }
        }
    }

    pub async fn send(&mut self, message: &ClientMsg) {
        let text = serde_json::to_string(message).unwrap();
        self.socket.send(Message::Text(text.into())).await.unwrap();
    }

    /// The next message from the server, within five seconds.
    pub async fn recv(&mut self) -> ServerMsg {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.socket.next())
                .await
                .expect("no message from the room within 5 s")
                .expect("the room closed")
                .expect("the room failed");
            if let Message::Text(text) = frame {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }

    /// The next message that `pick` takes, skipping the others (presence).
    pub async fn next<T>(&mut self, mut pick: impl FnMut(ServerMsg) -> Option<T>) -> T {
        loop {
            if let Some(found) = pick(self.recv().await) {
                return found;
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// A minimal HTTP/1.1 client over a fresh TCP connection (the tests need
/// no more, and no client crate).
mod plain_http {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    pub struct Client;

    impl Client {
        pub async fn call(
            &self,
            addr: SocketAddr,
            token: &str,
            method: &str,
            path: &str,
            body: Option<Value>,
        ) -> (u16, Value) {
            let body = body.map(|b| b.to_string()).unwrap_or_default();
            let mut stream = TcpStream::connect(addr).await.unwrap();
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = Vec::new();
            stream.read_to_end(&mut response).await.unwrap();
            let response = String::from_utf8_lossy(&response);
            let status = response[9..12].parse().unwrap();
            let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
            let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
                dechunk(body)
            } else {
                body.to_owned()
            };
            (status, serde_json::from_str(&body).unwrap_or(json!(null)))
        }
    }

    fn dechunk(mut body: &str) -> String {
        let mut out = String::new();
        while let Some((size, rest)) = body.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.push_str(&rest[..size]);
            body = rest[size..].trim_start_matches("\r\n");
        }
        out
    }
}
