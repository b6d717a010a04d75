//! The client of "Import from AWS": the server's default region, the VPCs
//! and stacks of a region for the pickers, starting and cancelling an
//! import job, and following its progress through the browser's
//! `EventSource` (Server-Sent Events). The server reads the account with its
//! own credentials; the browser only sends its choice.
//!
//! Answers are read from `serde_json::Value` by hand rather than through
//! derived deserializers, which keeps the wasm smaller.

use crate::api::{self, ApiError, encode};
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

/// One VPC as the picker lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub name: Option<String>,
    pub cidrs: Vec<String>,
    pub is_default: bool,
    /// Counts by what they count, as the server names them.
    pub counts: Vec<(String, u64)>,
}

/// One stack as the picker lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stack {
    pub name: String,
    pub status: String,
}

/// What to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Vpcs(Vec<String>),
    Stack(String),
}

/// An event of a running job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobEvent {
    Progress { line: String, calls: u64 },
    Warning(String),
    Done { design: String },
    Failed(String),
}

async fn get(url: &str) -> Result<Value, ApiError> {
    let (status, text) = api::send("GET", url, None).await?;
    api::expect_success(status, &text)?;
    serde_json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The region the dialog starts from.
pub async fn default_region() -> Result<String, ApiError> {
    Ok(text(&get("/api/aws").await?["default_region"]))
}

/// The VPCs of `region`.
pub async fn vpcs(region: &str) -> Result<Vec<Vpc>, ApiError> {
    let answer = get(&format!("/api/aws/vpcs?region={}", encode(region))).await?;
    let list = answer["vpcs"].as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .map(|v| Vpc {
            id: text(&v["id"]),
            name: v["name"].as_str().map(str::to_owned),
            cidrs: v["cidrs"].as_array().map(|c| c.iter().map(text).collect()).unwrap_or_default(),
            is_default: v["is_default"].as_bool().unwrap_or(false),
            counts: v["counts"]
                .as_object()
                .map(|c| c.iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0))).collect())
                .unwrap_or_default(),
        })
        .collect())
}

/// The stacks of `region`.
pub async fn stacks(region: &str) -> Result<Vec<Stack>, ApiError> {
    let answer = get(&format!("/api/aws/stacks?region={}", encode(region))).await?;
    let list = answer["stacks"].as_array().cloned().unwrap_or_default();
    Ok(list.iter().map(|s| Stack { name: text(&s["name"]), status: text(&s["status"]) }).collect())
}

/// Starts a job and returns its ID.
pub async fn start(region: &str, target: &Target) -> Result<String, ApiError> {
    let body = match target {
        Target::Vpcs(ids) => json!({ "region": region, "vpc_ids": ids }),
        Target::Stack(name) => json!({ "region": region, "stack": name }),
    };
    let (status, text) = api::send("POST", "/api/import/aws", Some(body.to_string())).await?;
    api::expect_success(status, &text)?;
    let answer: Value =
        serde_json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    Ok(self::text(&answer["id"]))
}

/// Cancels a job (a finished one stays as it ended).
pub async fn cancel(job: &str) -> Result<(), ApiError> {
    let (status, text) =
        api::send("DELETE", &format!("/api/import/aws/{}", encode(job)), None).await?;
    api::expect_success(status, &text)
}

/// Reads one SSE event's JSON.
fn parse(name: &str, data: &str) -> Option<JobEvent> {
    let value: Value = serde_json::from_str(data).ok()?;
    Some(match name {
        "progress" => JobEvent::Progress {
            line: text(&value["line"]),
            calls: value["calls"].as_u64().unwrap_or(0),
        },
        "warning" => {
            JobEvent::Warning(format!("{}: {}", text(&value["subject"]), text(&value["message"])))
        }
        "done" => JobEvent::Done { design: text(&value["design"]) },
        "failed" => JobEvent::Failed(text(&value["message"])),
        _ => return None,
    })
}

/// A job's event stream; closed when dropped.
pub struct Follow {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl Drop for Follow {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Follows the events of `job`, calling `on_event` for each; the stream
/// closes itself after `Done` or `Failed`, and a lost connection the
/// browser gives up on is reported as `Failed`.
pub fn follow(job: &str, on_event: impl Fn(JobEvent) + 'static) -> Result<Follow, ApiError> {
    let url = format!("/api/import/aws/{}/events", encode(job));
    let source = EventSource::new(&url)
        .map_err(|_| ApiError::Network("cannot open the import's event stream".into()))?;
    let on_event = std::rc::Rc::new(on_event);
    let mut listeners = Vec::new();
    for name in ["progress", "warning", "done", "failed"] {
        let (on_event, closer) = (on_event.clone(), source.clone());
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data().as_string().unwrap_or_default();
            if let Some(parsed) = parse(name, &data) {
                if matches!(parsed, JobEvent::Done { .. } | JobEvent::Failed(_)) {
                    closer.close();
                }
                on_event(parsed);
            }
        });
        let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        listeners.push(listener);
    }
    let (on_lost, watched) = (on_event, source.clone());
    let lost = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
        // The browser reconnects by itself unless it gave up (CLOSED).
        if watched.ready_state() == EventSource::CLOSED {
            on_lost(JobEvent::Failed(
                "The connection to the server was lost; the import may still finish and appear in your designs."
                    .into(),
            ));
        }
    });
    source.set_onerror(Some(lost.as_ref().unchecked_ref()));
    listeners.push(lost);
    Ok(Follow { source, _listeners: listeners })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_by_name() {
        assert_eq!(
            parse("progress", r#"{"type":"progress","line":"read 2 subnets","calls":3}"#),
            Some(JobEvent::Progress { line: "read 2 subnets".into(), calls: 3 })
        );
        assert_eq!(
            parse(
                "warning",
                r#"{"type":"warning","subject":"load balancers","message":"not read"}"#
            ),
            Some(JobEvent::Warning("load balancers: not read".into()))
        );
        assert_eq!(
            parse(
                "done",
                r#"{"type":"done","design":"abc","name":"n","resources":3,"warnings":0}"#
            ),
            Some(JobEvent::Done { design: "abc".into() })
        );
        assert_eq!(
            parse("failed", r#"{"type":"failed","message":"The import was cancelled."}"#),
            Some(JobEvent::Failed("The import was cancelled.".into()))
        );
        assert_eq!(parse("other", "{}"), None);
    }
}
