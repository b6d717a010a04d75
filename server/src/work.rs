//! CPU-heavy work (parsing, validation, import, export) off the async
//! workers: on a blocking thread, at most a few at once, within a time
//! budget, so that slow requests never stall `/api/health` or the rest;
//! and a bound on the requests of one route in flight.

use crate::error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use vpcraft_core::cancel::{self, Flag};

/// Raises a cancellation flag when dropped.
struct RaiseOnDrop(Flag);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.raise();
    }
}

/// A bounded pool for CPU-heavy request work.
#[derive(Clone, Debug)]
pub struct Workers {
    permits: Arc<Semaphore>,
    budget: Duration,
}

impl Default for Workers {
    /// As many jobs at once as the machine has cores, ten seconds each.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new(cores, Duration::from_secs(10))
    }
}

impl Workers {
    pub fn new(concurrent: usize, budget: Duration) -> Self {
        Self { permits: Arc::new(Semaphore::new(concurrent.max(1))), budget }
    }

    /// Runs `job` on a blocking thread once a permit is free. The wait and
    /// the work share one budget. Past it, or when the request is dropped
    /// because its client hung up, the job's cancellation flag is raised
    /// ([`vpcraft_core::cancel`]): validation, import and export stop at
    /// their next checkpoint and the permit returns. The job keeps its
    /// permit until it has stopped, so the work in progress never exceeds
    /// the bound.
    pub async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let deadline = tokio::time::Instant::now() + self.budget;
        let permit =
            tokio::time::timeout_at(deadline, Arc::clone(&self.permits).acquire_owned()).await;
        let Ok(Ok(permit)) = permit else {
            return Err(ApiError::Unavailable(
                "the server is busy with other requests: try again shortly".into(),
            ));
        };
        let flag = Flag::new();
        // Raised when this future ends: on the budget's 503, when the
        // request is dropped, and (harmlessly) once the job is done.
        let _cancel_on_drop = RaiseOnDrop(flag.clone());
        let handle = tokio::task::spawn_blocking(move || {
            let out = cancel::with_flag(&flag, job);
            if flag.is_raised() {
                tracing::debug!(
                    "request work stopped early: its client left or its budget ran out"
                );
            }
            drop(permit);
            out
        });
        match tokio::time::timeout_at(deadline, handle).await {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(joined)) => Err(ApiError::Internal(anyhow::anyhow!("a job failed: {joined}"))),
            Err(_) => Err(ApiError::Unavailable(format!(
                "the request needed more than its {} s budget",
                self.budget.as_secs()
            ))),
        }
    }
}

/// How many requests of one heavy route (validation, export, import,
/// comparison, design reads and saves) may be in flight at once, their
/// bodies included: at most this many 16 MiB bodies of a route are in
/// memory, and a flood of one route leaves the others their share of the
/// worker pool.
pub const IN_FLIGHT_PER_ROUTE: usize = 16;

/// Limits the requests of `router`'s routes in flight to `limit`: one
/// more is answered 503 at once (with `Retry-After`), before its body is
/// read, rather than queued.
pub fn in_flight(
    router: axum::Router<crate::AppState>,
    limit: usize,
) -> axum::Router<crate::AppState> {
    let permits = Arc::new(Semaphore::new(limit.max(1)));
    router.route_layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let permits = Arc::clone(&permits);
            async move {
                let Ok(_permit) = permits.try_acquire_owned() else {
                    let mut response =
                        axum::response::IntoResponse::into_response(ApiError::Unavailable(
                            "too many requests of this kind are in progress: try again shortly"
                                .into(),
                        ));
                    response
                        .headers_mut()
                        .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(1));
                    return response;
                };
                next.run(request).await
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A job that works until it is asked to stop, then says so.
    fn until_cancelled(stopped: std::sync::mpsc::Sender<()>) -> impl FnOnce() + Send + 'static {
        move || {
            while !cancel::requested() {
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = stopped.send(());
        }
    }

    #[tokio::test]
    async fn a_job_past_its_budget_is_asked_to_stop_and_frees_its_permit() {
        let workers = Workers::new(1, Duration::from_millis(100));
        let (tx, rx) = std::sync::mpsc::channel();
        let slow = workers.run(until_cancelled(tx)).await;
        assert!(
            matches!(slow, Err(ApiError::Unavailable(ref m)) if m.contains("budget")),
            "{slow:?}"
        );
        rx.recv_timeout(Duration::from_secs(10)).expect("the job saw its flag raised");
        assert_eq!(workers.run(|| 3).await.unwrap(), 3, "the permit is free again");
    }

    #[tokio::test]
    async fn a_request_dropped_by_its_client_stops_its_job() {
        let workers = Workers::new(1, Duration::from_secs(600));
        let (tx, rx) = std::sync::mpsc::channel();
        let running = {
            let workers = workers.clone();
            tokio::spawn(async move { workers.run(until_cancelled(tx)).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        // What hyper does to a handler whose connection closed; awaiting the
        // aborted task lets the runtime drop its future.
        running.abort();
        assert!(running.await.unwrap_err().is_cancelled());
        let stopped = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(10)));
        stopped.await.unwrap().expect("the job saw its flag raised");
        assert_eq!(workers.run(|| 4).await.unwrap(), 4, "the permit is free again");
    }

    #[tokio::test]
    async fn a_client_that_hangs_up_on_a_real_connection_stops_the_work() {
        use tokio::io::AsyncWriteExt;
        let workers = Workers::new(1, Duration::from_secs(600));
        let (tx, rx) = std::sync::mpsc::channel();
        let job = std::sync::Mutex::new(Some(until_cancelled(tx)));
        let handler_workers = workers.clone();
        let job = Arc::new(job);
        let app = axum::Router::new().route(
            "/work",
            axum::routing::post(move || {
                let workers = handler_workers.clone();
                let job = job.lock().unwrap().take().expect("one request");
                async move {
                    let _ = workers.run(job).await;
                    ""
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"POST /work HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(client);
        let stopped = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(10)));
        stopped.await.unwrap().expect("hyper dropped the request and the job saw its flag");
        assert_eq!(workers.run(|| 5).await.unwrap(), 5, "the permit is free again");
    }

    #[tokio::test]
    async fn a_job_past_its_budget_is_a_503_and_keeps_its_permit_until_done() {
        let workers = Workers::new(1, Duration::from_millis(100));
        let slow = workers.run(|| std::thread::sleep(Duration::from_millis(400))).await;
        assert!(
            matches!(slow, Err(ApiError::Unavailable(ref m)) if m.contains("budget")),
            "{slow:?}"
        );
        // The slow job still runs: the one permit is taken, so the next
        // request waits its budget out and is told the server is busy.
        let next = workers.run(|| 1).await;
        assert!(
            matches!(next, Err(ApiError::Unavailable(ref m)) if m.contains("busy")),
            "{next:?}"
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(workers.run(|| 2).await.unwrap(), 2);
    }
}
