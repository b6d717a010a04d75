//! `POST /api/export?format=yaml|json`: a design to a CloudFormation
//! template. The body of the response is the template itself (YAML with
//! `application/yaml`, JSON with `application/json`), ready to save; the
//! findings travel in headers — `x-vpcraft-errors` and `x-vpcraft-warnings`
//! counts and `x-vpcraft-findings`, the findings' summaries as a JSON array
//! — and inside the template (a comment header, or `Metadata.vpcraft.findings`
//! in JSON).
//!
//! With `per_vpc=true`, the design is split per VPC (`cfn::export_per_vpc`)
//! and the response is a JSON object mapping each file name (`vpc.yaml`,
//! `shared.yaml`, ...) to its template text; deploy `shared` first, then
//! the VPC parts. The finding headers count each finding once over all
//! parts.

use super::DesignBody;
use crate::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use vpcraft_core::Severity;
use vpcraft_core::cfn::Format;

pub fn router() -> Router<AppState> {
    Router::new().route("/export", post(export))
}

#[derive(Debug, Deserialize)]
struct Params {
    format: Option<String>,
    #[serde(default)]
    per_vpc: bool,
}

async fn export(
    Query(params): Query<Params>,
    DesignBody(design): DesignBody,
) -> Result<Response, ApiError> {
    let format = match params.format.as_deref() {
        None => Format::Yaml,
        Some(f) => Format::parse(f).ok_or_else(|| {
            ApiError::BadRequest(format!("unknown format {f:?}: use yaml or json"))
        })?,
    };
    let (findings, content_type, body) = if params.per_vpc {
        let extension = match format {
            Format::Yaml => "yaml",
            Format::Json => "json",
        };
        let parts = vpcraft_core::cfn::export_per_vpc(&design, format);
        let mut files = serde_json::Map::new();
        let mut findings = Vec::new();
        for part in parts {
            files.insert(
                format!("{}.{extension}", part.stem),
                serde_json::Value::String(part.exported.text),
            );
            for finding in part.exported.findings {
                if !findings.contains(&finding) {
                    findings.push(finding);
                }
            }
        }
        let body = serde_json::to_string(&files).unwrap_or_default();
        (findings, "application/json", body)
    } else {
        let exported = vpcraft_core::cfn::export(&design, format);
        (exported.findings, format.content_type(), exported.text)
    };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let summaries: Vec<String> =
        findings.iter().filter(|f| f.severity != Severity::Info).map(|f| f.summary()).collect();
    // Header values must be visible ASCII: JSON escapes anything else.
    let findings = serde_json::to_string(&summaries).unwrap_or_default();
    let findings: String = findings
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect();
    let header = |v: String| HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static(""));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                HeaderName::from_static("x-vpcraft-errors"),
                header(count(Severity::Error).to_string()),
            ),
            (
                HeaderName::from_static("x-vpcraft-warnings"),
                header(count(Severity::Warning).to_string()),
            ),
            (HeaderName::from_static("x-vpcraft-findings"), header(findings)),
        ],
        body,
    )
        .into_response())
}
