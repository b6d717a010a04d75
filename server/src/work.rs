//! CPU-heavy work (parsing, validation, import, export) off the async
//! workers: on a blocking thread, at most a few at once, within a time
//! budget, so that slow requests never stall `/api/health` or the rest;
//! and a bound on the requests of one route in flight.

use crate::error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

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
    /// the work share one budget; past it the request gets 503 while the
    /// job, which cannot be interrupted, finishes holding its permit, so the
    /// work in progress never exceeds the bound.
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
        let handle = tokio::task::spawn_blocking(move || {
            let out = job();
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
