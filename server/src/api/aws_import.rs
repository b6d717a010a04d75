//! Importing a live AWS account over HTTP, through the server's own AWS
//! connection (the browser only chooses the region and what to import):
//! `GET /api/aws` (the default region), `GET /api/aws/vpcs` and
//! `GET /api/aws/stacks` (what the pickers list), `POST /api/import/aws`
//! (start a job), `GET /api/import/aws/{job}` (its events so far),
//! `GET /api/import/aws/{job}/events` (Server-Sent Events) and
//! `DELETE /api/import/aws/{job}` (cancel). Only the account that started a
//! job sees it.

use super::aws_jobs::{Event, Target, access_error};
use super::body::JsonBody;
use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::time::Duration;
use vpcraft_aws::Selection;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/aws", get(settings))
        .route("/aws/vpcs", get(list_vpcs))
        .route("/aws/stacks", get(list_stacks))
        .route("/import/aws", axum::routing::post(start))
        .route("/import/aws/{job}", get(status).delete(cancel))
        .route("/import/aws/{job}/events", get(events))
}

#[utoipa::path(get, path = "/api/aws", tag = "aws",
    responses((status = 200, description = "The region the import dialog starts from", body = super::openapi::AwsSettings), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody)))]
async fn settings(State(state): State<AppState>, _caller: Caller) -> Json<Value> {
    Json(json!({ "default_region": state.aws.default_region() }))
}

#[derive(Deserialize)]
struct RegionQuery {
    region: Option<String>,
}

impl RegionQuery {
    fn region(self, state: &AppState) -> String {
        self.region.filter(|r| !r.is_empty()).unwrap_or_else(|| state.aws.default_region())
    }
}

#[utoipa::path(get, path = "/api/aws/vpcs", tag = "aws",
    params(("region" = Option<String>, Query, description = "The region; the server's default when absent")),
    responses((status = 200, description = "The region's VPCs with names, CIDR blocks and resource counts", body = super::openapi::AwsVpcList), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "AWS could not be read", body = super::openapi::ErrorBody)))]
async fn list_vpcs(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<RegionQuery>,
) -> Result<Json<Value>, ApiError> {
    let region = query.region(&state);
    let config = state.aws.config(&region).await?;
    let vpcs = vpcraft_aws::account::list_vpcs(&config).await.map_err(access_error)?;
    Ok(Json(json!({ "region": region, "vpcs": vpcs })))
}

#[utoipa::path(get, path = "/api/aws/stacks", tag = "aws",
    params(("region" = Option<String>, Query, description = "The region; the server's default when absent")),
    responses((status = 200, description = "The region's stacks that are not deleted", body = super::openapi::AwsStackList), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "AWS could not be read", body = super::openapi::ErrorBody)))]
async fn list_stacks(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<RegionQuery>,
) -> Result<Json<Value>, ApiError> {
    let region = query.region(&state);
    let config = state.aws.config(&region).await?;
    let stacks = vpcraft_aws::account::list_stacks(&config).await.map_err(access_error)?;
    Ok(Json(json!({ "region": region, "stacks": stacks })))
}

/// What to import: VPCs by ID, every VPC, or one stack.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartRequest {
    region: Option<String>,
    #[serde(default)]
    vpc_ids: Vec<String>,
    #[serde(default)]
    all: bool,
    stack: Option<String>,
}

impl StartRequest {
    fn target(self) -> Result<Target, ApiError> {
        let chosen = usize::from(!self.vpc_ids.is_empty())
            + usize::from(self.all)
            + usize::from(self.stack.is_some());
        if chosen != 1 {
            return Err(ApiError::BadRequest(
                "choose exactly one of vpc_ids, all and stack".into(),
            ));
        }
        if let Some(stack) = self.stack {
            let valid = !stack.is_empty()
                && stack.len() <= 128
                && stack.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !valid {
                return Err(ApiError::BadRequest(format!("{stack:?} is not a stack name")));
            }
            return Ok(Target::Stack(stack));
        }
        if self.all {
            return Ok(Target::Vpcs(Selection::All));
        }
        let valid = |id: &String| {
            id.strip_prefix("vpc-").is_some_and(|h| {
                !h.is_empty() && h.len() <= 32 && h.bytes().all(|b| b.is_ascii_alphanumeric())
            })
        };
        if let Some(bad) = self.vpc_ids.iter().find(|id| !valid(id)) {
            return Err(ApiError::BadRequest(format!("{bad:?} is not a VPC ID")));
        }
        if self.vpc_ids.len() > 200 {
            return Err(ApiError::BadRequest("at most 200 VPCs at once".into()));
        }
        Ok(Target::Vpcs(Selection::Vpcs(self.vpc_ids)))
    }
}

#[utoipa::path(post, path = "/api/import/aws", tag = "aws",
    request_body(content = super::openapi::AwsImportRequest, content_type = "application/json"),
    responses((status = 202, description = "The job started: follow its events", body = super::openapi::AwsJobStarted), (status = "4XX", description = "A client error, or too many imports running (429)", body = super::openapi::ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(request): JsonBody<StartRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let region = request
        .region
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| state.aws.default_region());
    if !super::aws_jobs::is_region(&region) {
        return Err(ApiError::BadRequest(format!(
            "{region:?} is not an AWS region name (like eu-west-3)"
        )));
    }
    let target = request.target()?;
    let id = state.aws.start(&state, &caller.user.id, region, target)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "id": id, "events": format!("/api/import/aws/{id}/events") })),
    ))
}

#[utoipa::path(get, path = "/api/import/aws/{job}", tag = "aws",
    params(("job" = String, Path, description = "The job's ID")),
    responses((status = 200, description = "The job's events so far", body = super::openapi::AwsJobStatus), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(job): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let job = state.aws.job(&job, &caller.user.id)?;
    let (events, finished) = job.events_from(0);
    Ok(Json(json!({ "id": job.id, "finished": finished, "events": events })))
}

#[utoipa::path(delete, path = "/api/import/aws/{job}", tag = "aws",
    params(("job" = String, Path, description = "The job's ID")),
    responses((status = 204, description = "Cancelled (a finished job stays as it ended)"), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(job): Path<String>,
) -> Result<StatusCode, ApiError> {
    let job = state.aws.job(&job, &caller.user.id)?;
    state.aws.cancel(&job);
    Ok(StatusCode::NO_CONTENT)
}

/// One SSE event: its name, its index as the ID (so a reconnecting
/// `EventSource` continues after it) and its JSON.
fn sse_event(index: usize, event: &Event) -> sse::Event {
    sse::Event::default()
        .event(event.name())
        .id(index.to_string())
        .data(serde_json::to_string(event).unwrap_or_default())
}

#[utoipa::path(get, path = "/api/import/aws/{job}/events", tag = "aws",
    params(("job" = String, Path, description = "The job's ID")),
    responses((status = 200, description = "Server-Sent Events: `progress`, `warning`, then `done` or `failed`; each `data` is the event as JSON with its `type`", content_type = "text/event-stream", body = String), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    caller: Caller,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Result<Sse<impl futures_util::Stream<Item = Result<sse::Event, Infallible>>>, ApiError> {
    let job = state.aws.job(&job, &caller.user.id)?;
    // A reconnecting EventSource sends the last ID it saw.
    let from = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(0, |last| last + 1);
    let watching = state.aws.watch(job.clone());
    let changes = job.subscribe();
    let stream = futures_util::stream::unfold(
        (from, changes, watching, Vec::<(usize, Event)>::new(), false),
        move |(mut next, mut changes, watching, mut pending, mut ended)| {
            let job = job.clone();
            async move {
                loop {
                    if let Some((index, event)) = pending.pop() {
                        let out = sse_event(index, &event);
                        return Some((Ok(out), (next, changes, watching, pending, ended)));
                    }
                    if ended {
                        return None;
                    }
                    changes.borrow_and_update();
                    let (events, finished) = job.events_from(next);
                    if !events.is_empty() {
                        pending = events
                            .into_iter()
                            .enumerate()
                            .map(|(i, e)| (next + i, e))
                            .rev()
                            .collect();
                        next += pending.len();
                        ended = finished;
                        continue;
                    }
                    if finished {
                        return None;
                    }
                    if changes.changed().await.is_err() {
                        ended = true;
                    }
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
