//! A loopback HTTP/1.1 server that first records moto's answers and then
//! replays them, each held back for a fixed time: the import's own cost
//! against a service whose CPU is not on this machine, as AWS's is not.
//!
//! In recording mode each request goes to moto on a connection of its own
//! and its answer is kept under the request's method, path, `X-Amz-Target`
//! header and body (the signature and date headers change between runs;
//! the SDK's requests are otherwise the same). In replay mode an answer
//! that was recorded is written back after the delay; a request never seen
//! goes to moto as in recording mode and is counted as a miss.
//!
//! It reads only what the SDK sends (requests with a `Content-Length` or no
//! body) and what moto's server answers (a `Content-Length` or a chunked
//! body).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the server shares with its connections.
#[derive(Default)]
struct Shared {
    answers: Mutex<HashMap<Vec<u8>, Arc<Vec<u8>>>>,
    requests: AtomicUsize,
    misses: AtomicUsize,
    replaying: AtomicBool,
    delay_ms: AtomicU64,
}

/// A running replay server; its task ends with the runtime.
pub struct Replay {
    pub endpoint: String,
    shared: Arc<Shared>,
}

impl Replay {
    /// Starts a replay server in front of `upstream` on a free port of
    /// 127.0.0.1; it records until [`Replay::replay`] is called.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the replay server");
        let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
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

    /// Replays from now on, holding every answer back by `delay`.
    pub fn replay(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
        self.shared.replaying.store(true, Ordering::SeqCst);
    }

    /// The requests and the misses so far, both counters set back to zero.
    pub fn take_counts(&self) -> (usize, usize) {
        (
            self.shared.requests.swap(0, Ordering::SeqCst),
            self.shared.misses.swap(0, Ordering::SeqCst),
        )
    }

    /// How many answers are recorded.
    pub fn recorded(&self) -> usize {
        self.shared.answers.lock().expect("not poisoned").len()
    }
}

/// One HTTP message as read: its head (with the final blank line) and body.
struct Message {
    head: Vec<u8>,
    body: Vec<u8>,
}

impl Message {
    fn bytes(&self) -> Vec<u8> {
        [&self.head[..], &self.body[..]].concat()
    }

    /// The value of header `name` (lower case), if the head has it.
    fn header(&self, name: &str) -> Option<String> {
        let head = String::from_utf8_lossy(&self.head);
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    }
}

/// Reads one message from `reader`: `None` at the end of the stream.
async fn read_message<R: tokio::io::AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
) -> Option<Message> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        if reader.read_until(b'\n', &mut head).await.ok()? == 0 {
            return None;
        }
        if head.len() - before <= 2 && head.ends_with(b"\n") && before > 0 {
            break;
        }
    }
    let mut message = Message { head, body: Vec::new() };
    if let Some(length) = message.header("content-length") {
        let length: usize = length.parse().ok()?;
        message.body.resize(length, 0);
        reader.read_exact(&mut message.body).await.ok()?;
    } else if message.header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        // Kept as sent (chunk sizes included), ending with the last chunk.
        loop {
            let mut size_line = Vec::new();
            reader.read_until(b'\n', &mut size_line).await.ok()?;
            let size_text = String::from_utf8_lossy(&size_line);
            let size = usize::from_str_radix(size_text.trim().split(';').next()?, 16).ok()?;
            message.body.extend_from_slice(&size_line);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).await.ok()?;
            message.body.extend_from_slice(&chunk);
            if size == 0 {
                break;
            }
        }
    }
    Some(message)
}

/// What identifies a request across runs: its request line, the operation
/// header of the JSON protocols, and its body.
fn key(request: &Message) -> Vec<u8> {
    let line = request.head.split(|&b| b == b'\n').next().unwrap_or_default();
    let target = request.header("x-amz-target").unwrap_or_default();
    [line, target.as_bytes(), &request.body].concat()
}

/// Sends `request` to moto on a connection of its own and reads the answer.
async fn ask_upstream(upstream: SocketAddr, request: &Message) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await.ok()?;
    let _ = server.set_nodelay(true);
    server.write_all(&request.bytes()).await.ok()?;
    let mut reader = BufReader::new(server);
    Some(read_message(&mut reader).await?.bytes())
}

/// Answers the requests of one client connection, one after another.
async fn connection(client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) {
    let (read, mut write) = client.into_split();
    let mut reader = BufReader::new(read);
    while let Some(request) = read_message(&mut reader).await {
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let key = key(&request);
        let replaying = shared.replaying.load(Ordering::SeqCst);
        let recorded = shared.answers.lock().expect("not poisoned").get(&key).cloned();
        let answer = match recorded {
            Some(answer) if replaying => {
                let delay = shared.delay_ms.load(Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(delay)).await;
                answer
            }
            // While recording, a request made again is asked again (a list
            // may have changed), and the newer answer kept.
            _ => {
                if replaying {
                    shared.misses.fetch_add(1, Ordering::SeqCst);
                }
                let Some(answer) = ask_upstream(upstream, &request).await else { return };
                let answer = Arc::new(answer);
                shared.answers.lock().expect("not poisoned").insert(key, answer.clone());
                answer
            }
        };
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}
