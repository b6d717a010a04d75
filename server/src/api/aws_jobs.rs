//! Import jobs of live AWS accounts: the server's own connection to AWS
//! (its credential chain, never the browser's), one `SdkConfig` per region,
//! and the jobs themselves. A job reads a VPC selection or a stack, lays the
//! design out and saves it as revision 1 owned by the caller; what it does
//! is kept as a list of [`Event`]s that any number of event streams replay
//! and follow. Jobs are bounded: a few at once per account, a time budget,
//! and a job nobody watches any more is cancelled after a grace period.

use crate::AppState;
use crate::error::ApiError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use vpcraft_aws::{AccessError, ConnectOptions, Selection};

/// At most this many regions' configurations are kept.
const MAX_REGIONS: usize = 40;

/// The bounds on import jobs.
#[derive(Clone, Copy, Debug)]
pub struct JobLimits {
    /// Jobs running at once for one account.
    pub per_user: usize,
    /// How long one job may take, from its start to its saved design.
    pub budget: Duration,
    /// How long a running job survives without an event stream watching
    /// it (a closed tab) before it is cancelled.
    pub unwatched_grace: Duration,
    /// How long a finished job's events stay readable.
    pub keep_finished: Duration,
}

impl Default for JobLimits {
    fn default() -> Self {
        Self {
            per_user: 2,
            budget: Duration::from_secs(120),
            unwatched_grace: Duration::from_secs(20),
            keep_finished: Duration::from_secs(300),
        }
    }
}

/// What a job reports, in order; the last is `Done` or `Failed`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A call finished (`read 4 subnets (ec2:DescribeSubnets)`); `calls`
    /// counts them so far.
    Progress { line: String, calls: usize },
    /// Something not read or not drawn, with the IAM action it needs.
    Warning {
        subject: String,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        action: Option<&'static str>,
    },
    /// The design is saved: its ID, name and size.
    Done { design: String, name: String, resources: usize, warnings: usize },
    /// The job ended without a design, with one sentence saying why.
    Failed { message: String },
}

impl Event {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Progress { .. } => "progress",
            Self::Warning { .. } => "warning",
            Self::Done { .. } => "done",
            Self::Failed { .. } => "failed",
        }
    }

    fn is_final(&self) -> bool {
        matches!(self, Self::Done { .. } | Self::Failed { .. })
    }
}

/// What a job imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Vpcs(Selection),
    Stack(String),
}

/// One import job.
pub struct Job {
    pub id: String,
    /// The account that started it; nobody else sees it.
    pub owner: String,
    events: Mutex<Vec<Event>>,
    /// The number of events so far, for streams to wait on.
    count: watch::Sender<usize>,
    task: Mutex<Option<tokio::task::AbortHandle>>,
    watchers: AtomicUsize,
}

impl Job {
    /// The events from `from` on, and whether the job has finished.
    pub fn events_from(&self, from: usize) -> (Vec<Event>, bool) {
        let events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        let finished = events.last().is_some_and(Event::is_final);
        (events.get(from..).map(<[Event]>::to_vec).unwrap_or_default(), finished)
    }

    /// A receiver that changes whenever an event is added.
    pub fn subscribe(&self) -> watch::Receiver<usize> {
        self.count.subscribe()
    }

    pub fn finished(&self) -> bool {
        self.events_from(usize::MAX).1
    }

    /// Adds an event, unless the job has already finished.
    fn push(&self, event: Event) -> bool {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if events.last().is_some_and(Event::is_final) {
            return false;
        }
        events.push(event);
        self.count.send_replace(events.len());
        true
    }

    fn calls(&self) -> usize {
        let events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        events.iter().filter(|e| matches!(e, Event::Progress { .. })).count()
    }
}

/// The server's AWS connection and its import jobs.
#[derive(Clone)]
pub struct AwsImports {
    inner: Arc<Inner>,
}

struct Inner {
    options: ConnectOptions,
    limits: JobLimits,
    configs: tokio::sync::Mutex<HashMap<String, vpcraft_aws::SdkConfig>>,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl std::fmt::Debug for AwsImports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsImports").field("limits", &self.inner.limits).finish_non_exhaustive()
    }
}

impl Default for AwsImports {
    fn default() -> Self {
        Self::new(ConnectOptions::default(), JobLimits::default())
    }
}

/// Whether `region` is shaped like an AWS region name (`eu-west-3`,
/// `us-gov-west-1`).
pub fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.len() <= 4
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() <= 2
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

impl AwsImports {
    /// The connection `options` give (the region among them is only the
    /// default the browser starts from).
    pub fn new(options: ConnectOptions, limits: JobLimits) -> Self {
        Self {
            inner: Arc::new(Inner {
                options,
                limits,
                configs: Default::default(),
                jobs: Default::default(),
            }),
        }
    }

    /// The region the dialog offers first: the configured one, else the
    /// environment's, else us-east-1.
    pub fn default_region(&self) -> String {
        self.inner
            .options
            .region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
            .filter(|r| is_region(r))
            .unwrap_or_else(|| "us-east-1".to_owned())
    }

    /// The configuration for `region`, made once.
    pub async fn config(&self, region: &str) -> Result<vpcraft_aws::SdkConfig, ApiError> {
        if !is_region(region) {
            return Err(ApiError::BadRequest(format!(
                "{region:?} is not an AWS region name (like eu-west-3)"
            )));
        }
        let mut configs = self.inner.configs.lock().await;
        if let Some(config) = configs.get(region) {
            return Ok(config.clone());
        }
        let options =
            ConnectOptions { region: Some(region.to_owned()), ..self.inner.options.clone() };
        let config = vpcraft_aws::sdk_config(&options)
            .await
            .map_err(|e| ApiError::BadRequest(format!("the server's AWS settings: {e}")))?;
        // Region names are checked only for their shape: keep the cache small.
        if configs.len() >= MAX_REGIONS {
            configs.clear();
        }
        configs.insert(region.to_owned(), config.clone());
        Ok(config)
    }

    /// The job `id` if `user` started it (anyone else gets 404).
    pub fn job(&self, id: &str, user: &str) -> Result<Arc<Job>, ApiError> {
        let jobs = self.inner.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id)
            .filter(|job| job.owner == user)
            .cloned()
            .ok_or_else(|| ApiError::NotFound(format!("no import job {id:?}")))
    }

    /// Starts a job for `owner` and returns its ID.
    pub fn start(
        &self,
        state: &AppState,
        owner: &str,
        region: String,
        target: Target,
    ) -> Result<String, ApiError> {
        let job = {
            let mut jobs = self.inner.jobs.lock().unwrap_or_else(|e| e.into_inner());
            let running = jobs.values().filter(|j| j.owner == owner && !j.finished()).count();
            if running >= self.inner.limits.per_user {
                return Err(ApiError::Limit(format!(
                    "{running} imports are already running for this account: wait for one to end or cancel it"
                )));
            }
            let job = Arc::new(Job {
                id: uuid::Uuid::new_v4().simple().to_string(),
                owner: owner.to_owned(),
                events: Mutex::new(Vec::new()),
                count: watch::channel(0).0,
                task: Mutex::new(None),
                watchers: AtomicUsize::new(0),
            });
            jobs.insert(job.id.clone(), job.clone());
            job
        };
        tracing::info!(job = %job.id, %region, "AWS import started");
        let (state, imports, running) = (state.clone(), self.clone(), job.clone());
        let budget = self.inner.limits.budget;
        let handle = tokio::spawn(async move {
            let outcome =
                tokio::time::timeout(budget, run(&state, &imports, &running, &region, target));
            let event = match outcome.await {
                Ok(Ok(done)) => done,
                Ok(Err(message)) => Event::Failed { message },
                Err(_) => Event::Failed {
                    message: format!(
                        "The import took longer than its {} s budget and was stopped.",
                        budget.as_secs()
                    ),
                },
            };
            if let Event::Failed { message } = &event {
                tracing::info!(job = %running.id, %message, "AWS import failed");
            }
            running.push(event);
            imports.forget_later(&running.id);
        });
        *job.task.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle.abort_handle());
        Ok(job.id.clone())
    }

    /// Cancels a running job; a finished one stays as it ended.
    pub fn cancel(&self, job: &Job) {
        if let Some(task) = job.task.lock().unwrap_or_else(|e| e.into_inner()).take() {
            task.abort();
        }
        if job.push(Event::Failed { message: "The import was cancelled.".into() }) {
            tracing::info!(job = %job.id, "AWS import cancelled");
            self.forget_later(&job.id);
        }
    }

    /// Removes a finished job's events after a while.
    fn forget_later(&self, id: &str) {
        let (imports, id) = (self.clone(), id.to_owned());
        let keep = self.inner.limits.keep_finished;
        tokio::spawn(async move {
            tokio::time::sleep(keep).await;
            imports.inner.jobs.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        });
    }

    /// Counts an event stream watching `job`; when the last one goes while
    /// the job runs, the job is cancelled unless another stream comes within
    /// the grace period.
    pub fn watch(&self, job: Arc<Job>) -> Watching {
        job.watchers.fetch_add(1, Ordering::SeqCst);
        Watching { job, imports: self.clone() }
    }
}

/// An event stream's hold on a job.
pub struct Watching {
    job: Arc<Job>,
    imports: AwsImports,
}

impl Drop for Watching {
    fn drop(&mut self) {
        if self.job.watchers.fetch_sub(1, Ordering::SeqCst) != 1 || self.job.finished() {
            return;
        }
        let (job, imports) = (self.job.clone(), self.imports.clone());
        let grace = imports.inner.limits.unwatched_grace;
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                tokio::time::sleep(grace).await;
                if job.watchers.load(Ordering::SeqCst) == 0 && !job.finished() {
                    tracing::info!(job = %job.id, "nobody watches the AWS import: cancelling it");
                    imports.cancel(&job);
                }
            });
        }
    }
}

/// Runs a job to its saved design, or to the sentence saying why not.
async fn run(
    state: &AppState,
    imports: &AwsImports,
    job: &Arc<Job>,
    region: &str,
    target: Target,
) -> Result<Event, String> {
    let config = imports.config(region).await.map_err(|e| sentence(&e.to_string()))?;
    let progress = |line: &str| {
        let calls = job.calls() + 1;
        job.push(Event::Progress { line: line.to_owned(), calls });
    };
    let (mut design, warnings) = match &target {
        Target::Vpcs(selection) => {
            vpcraft_aws::account::probe(&config).await.map_err(|e| e.to_string())?;
            let imported = vpcraft_aws::read(&config, selection, &progress).await;
            let vpcs = imported
                .design
                .resources
                .iter()
                .filter(|r| matches!(r.kind, vpcraft_core::Kind::Vpc(_)))
                .count();
            if vpcs == 0 {
                return Err(match selection {
                    Selection::All => format!("There is no VPC in {region}."),
                    Selection::Vpcs(ids) => {
                        format!("The VPC {} was not found in {region}.", ids.join(", "))
                    }
                });
            }
            (imported.design, imported.warnings)
        }
        Target::Stack(name) => {
            vpcraft_aws::account::probe_stack(&config, name).await.map_err(|e| e.to_string())?;
            let drawn = vpcraft_aws::read_stack(&config, name, &progress)
                .await
                .map_err(|e| sentence(&format!("The stack could not be drawn: {e}")))?;
            (drawn.design, drawn.warnings)
        }
    };
    for warning in &warnings {
        job.push(Event::Warning {
            subject: warning.subject.clone(),
            message: warning.message.clone(),
            action: warning.action,
        });
    }
    if let Target::Stack(name) = &target {
        design.name = format!("Stack {name} ({region})");
    }
    let (design, record) = state
        .workers
        .run(move || {
            // A stack's template may carry its drawing; whatever has no
            // place yet is laid out by the one layout engine.
            vpcraft_core::layout::place_missing(&mut design);
            super::designs::record(design)
        })
        .await
        .map_err(|_| "The server was too busy to save the design: try again.".to_owned())?
        .map_err(|_| "The design could not be saved.".to_owned())?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let message = revision_message(region, &warnings);
    state.db.create(&id, &design.name, &record.packed, &job.owner, Some(&message)).await.map_err(
        |e| {
            tracing::error!(error = ?e, "saving an imported design failed");
            "The design could not be saved.".to_owned()
        },
    )?;
    tracing::info!(job = %job.id, design = %id, "AWS import saved");
    Ok(Event::Done {
        design: id,
        name: design.name.clone(),
        resources: design.resources.len(),
        warnings: warnings.len(),
    })
}

/// How many calls that failed revision 1's message names.
const NAMED_FAILURES: usize = 6;

/// Revision 1's message: where the design came from and, when calls
/// failed, what was not read and the IAM action each needs, so the design's
/// history keeps what the import left out.
fn revision_message(region: &str, warnings: &[vpcraft_aws::Warning]) -> String {
    let failed: Vec<String> = warnings
        .iter()
        .filter_map(|w| w.action.map(|action| format!("{} ({action})", w.subject)))
        .collect();
    let mut message = format!("Imported from AWS ({region}).");
    if !failed.is_empty() {
        let shown = failed.iter().take(NAMED_FAILURES).cloned().collect::<Vec<_>>().join(", ");
        let more = failed.len().saturating_sub(NAMED_FAILURES);
        message.push_str(&format!(" Not read: {shown}"));
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
        message.push('.');
    }
    message
}

/// `text` as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut out: String = text.trim_end_matches('.').to_owned();
    if let Some(first) = out.get(..1) {
        let upper = first.to_uppercase();
        out.replace_range(..1, &upper);
    }
    out.push('.');
    out
}

/// An [`AccessError`] as the API's error.
pub fn access_error(error: AccessError) -> ApiError {
    match error {
        AccessError::WrongRegion { .. } | AccessError::NoStack { .. } => {
            ApiError::BadRequest(error.to_string())
        }
        AccessError::Throttled => ApiError::Limit(error.to_string()),
        other => ApiError::Upstream(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_are_recognised() {
        for good in ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-10"] {
            assert!(is_region(good), "{good}");
        }
        for bad in ["", "us-east", "US-EAST-1", "us-east-1a", "us--1", "../etc", "us-east-123"] {
            assert!(!is_region(bad), "{bad}");
        }
    }

    #[test]
    fn the_first_revision_names_what_was_not_read() {
        let denied = vpcraft_aws::Warning::call(
            vpcraft_aws::Op::ListFunctions,
            true,
            "AccessDeniedException",
        );
        let note = vpcraft_aws::Warning::note("rtb-1", "a route to a transit gateway is not drawn");
        assert_eq!(
            revision_message("eu-west-3", std::slice::from_ref(&note)),
            "Imported from AWS (eu-west-3)."
        );
        assert_eq!(
            revision_message("eu-west-3", &[denied, note]),
            "Imported from AWS (eu-west-3). Not read: Lambda functions (lambda:ListFunctions)."
        );
    }

    #[test]
    fn a_message_becomes_one_sentence() {
        assert_eq!(sentence("the stack could not be drawn"), "The stack could not be drawn.");
        assert_eq!(sentence("Already one."), "Already one.");
    }
}
