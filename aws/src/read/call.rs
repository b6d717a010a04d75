//! One guarded call: a permit of its service's bound, then the result or a
//! warning naming the IAM action, and a progress line for each listing read.

use super::Concurrency;
use crate::{Op, Warning};
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::sync::Mutex;
use tokio::sync::Semaphore;

/// The error codes that mean the caller lacks a permission.
const DENIED: &[&str] = &[
    "UnauthorizedOperation",
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedException",
    "Client.UnauthorizedOperation",
];

/// A service whose calls share a bound.
#[derive(Clone, Copy, Debug)]
pub(super) enum Service {
    Ec2,
    Elb,
    Lambda,
    Ecs,
    Sts,
    AutoScaling,
    Rds,
    ElastiCache,
    Efs,
}

impl Service {
    /// How many services there are (the size of the bounds' array).
    const COUNT: usize = 9;
}

/// What every call of one read shares: the bounds, the warnings so far and
/// where progress goes.
pub(super) struct Ctx<'p> {
    /// The bound of the whole read.
    total: Semaphore,
    /// The bound of each service.
    bounds: [Semaphore; Service::COUNT],
    warnings: Mutex<Vec<Warning>>,
    progress: &'p (dyn Fn(&str) + Sync),
}

impl<'p> Ctx<'p> {
    pub fn new(concurrency: Concurrency, progress: &'p (dyn Fn(&str) + Sync)) -> Self {
        Self {
            total: Semaphore::new(concurrency.total()),
            bounds: std::array::from_fn(|_| Semaphore::new(concurrency.per_service())),
            warnings: Mutex::new(Vec::new()),
            progress,
        }
    }

    pub fn warn(&self, warning: Warning) {
        tracing::debug!(%warning, "warning");
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(warning);
        }
    }

    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings.into_inner().unwrap_or_default()
    }

    /// Runs one call within its service's bound; a failure becomes a
    /// warning and `None`.
    pub async fn call<T, E>(
        &self,
        service: Service,
        op: Op,
        call: impl Future<Output = Result<T, E>>,
    ) -> Option<T>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let service_permit = self.bounds[service as usize].acquire().await;
        let permit = self.total.acquire().await;
        let result = call.await;
        drop((permit, service_permit));
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                let denied = error.code().is_some_and(|c| DENIED.contains(&c));
                tracing::debug!(action = op.action(), error = %DisplayErrorContext(&error), "call failed");
                let detail = match (denied, error.code()) {
                    (true, Some(code)) => code.to_owned(),
                    (_, Some(code)) => {
                        format!("{code}: {}", error.message().unwrap_or("no message"))
                    }
                    (_, None) => DisplayErrorContext(&error).to_string(),
                };
                self.warn(Warning::call(op, denied, detail));
                None
            }
        }
    }

    /// Runs a listing call and reports how many items it found.
    pub async fn list<T, E>(
        &self,
        service: Service,
        op: Op,
        call: impl Future<Output = Result<Vec<T>, E>>,
    ) -> Option<Vec<T>>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let items = self.call(service, op, call).await?;
        self.progress(op, items.len());
        Some(items)
    }

    /// Reports that `count` items of what `op` lists were read.
    pub fn progress(&self, op: Op, count: usize) {
        (self.progress)(&format!("read {count} {} ({})", op.what(), op.action()));
    }
}
