//! `POST /api/export?format=yaml|json`: a design to a CloudFormation
//! template. The body of the response is the template itself (YAML with
//! `application/yaml`, JSON with `application/json`), ready to save; the
//! findings travel in headers — `x-vpcraft-errors` and `x-vpcraft-warnings`
//! counts and `x-vpcraft-findings`, the findings' summaries as a JSON array
//! — and inside the template (a comment header, or `Metadata.vpcraft.findings`
//! in JSON). The findings header holds at most [`FINDINGS_HEADER_BYTES`]:
//! the summaries that do not fit are counted in `x-vpcraft-findings-omitted`
//! (the template lists them all).
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
use axum::extract::{Query, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use vpcraft_core::cfn::Format;
use vpcraft_core::{Design, Finding, Severity};

/// The most the findings header may hold: proxies and browsers refuse
/// responses whose headers pass 8 to 16 KiB in all.
pub const FINDINGS_HEADER_BYTES: usize = 4096;

pub fn router() -> Router<AppState> {
    crate::work::in_flight(
        Router::new().route("/export", post(export)),
        crate::work::IN_FLIGHT_PER_ROUTE,
    )
}

#[derive(Debug, Deserialize)]
struct Params {
    format: Option<String>,
    #[serde(default)]
    per_vpc: bool,
}

#[utoipa::path(post, path = "/api/export", tag = "cloudformation",
    params(("format" = Option<String>, Query, description = "yaml (the default) or json"),
        ("per_vpc" = Option<bool>, Query, description = "One template per VPC, as a JSON object of file names to texts")),
    request_body(content = super::openapi::DesignFile, content_type = "application/json"),
    responses((status = 200, description = "The template; its findings in the headers",
        content((String = "application/yaml"), (super::openapi::DesignFile = "application/json")),
        headers(("x-vpcraft-errors" = u32, description = "Error findings"),
            ("x-vpcraft-warnings" = u32, description = "Warning findings"),
            ("x-vpcraft-findings" = String, description = "A JSON array of the summaries that fit 4 KiB"),
            ("x-vpcraft-findings-omitted" = u32, description = "Summaries that did not fit"))), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    DesignBody(design): DesignBody,
) -> Result<Response, ApiError> {
    let format = match params.format.as_deref() {
        None => Format::Yaml,
        Some(f) => Format::parse(f).ok_or_else(|| {
            ApiError::BadRequest(format!("unknown format {f:?}: use yaml or json"))
        })?,
    };
    let per_vpc = params.per_vpc;
    let (findings, content_type, body) =
        state.workers.run(move || render(&design, format, per_vpc)).await?;
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let summaries: Vec<String> =
        findings.iter().filter(|f| f.severity != Severity::Info).map(|f| f.summary()).collect();
    let (listed, omitted) = findings_header(&summaries);
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
            (HeaderName::from_static("x-vpcraft-findings"), header(listed)),
            (HeaderName::from_static("x-vpcraft-findings-omitted"), header(omitted.to_string())),
        ],
        body,
    )
        .into_response())
}

/// The template (or the per-VPC templates as one JSON object), with its
/// findings and its content type.
fn render(design: &Design, format: Format, per_vpc: bool) -> (Vec<Finding>, &'static str, String) {
    if !per_vpc {
        let exported = vpcraft_core::cfn::export(design, format);
        return (exported.findings, format.content_type(), exported.text);
    }
    let extension = match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    };
    let mut files = serde_json::Map::new();
    let mut findings = Vec::new();
    for part in vpcraft_core::cfn::export_per_vpc(design, format) {
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
}

/// The summaries as a JSON array that fits the header, and how many did
/// not fit.
fn findings_header(summaries: &[String]) -> (String, usize) {
    let mut listed = String::from("[");
    let mut count = 0;
    for summary in summaries {
        let item = visible_ascii(&serde_json::to_string(summary).unwrap_or_default());
        // One byte for the comma and one for the closing bracket.
        if listed.len() + item.len() + 2 > FINDINGS_HEADER_BYTES {
            break;
        }
        if count > 0 {
            listed.push(',');
        }
        listed.push_str(&item);
        count += 1;
    }
    listed.push(']');
    (listed, summaries.len() - count)
}

/// Header values must be visible ASCII: JSON's escapes stand in for the
/// rest.
fn visible_ascii(json: &str) -> String {
    json.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_findings_header_keeps_what_fits_and_counts_the_rest() {
        let summaries: Vec<String> =
            (0..500).map(|i| format!("E1005 subnet-{i} overlaps another subnet")).collect();
        let (listed, omitted) = findings_header(&summaries);
        assert!(listed.len() <= FINDINGS_HEADER_BYTES, "{}", listed.len());
        let parsed: Vec<String> = serde_json::from_str(&listed).unwrap();
        assert_eq!(parsed.len() + omitted, 500);
        assert_eq!(parsed[..], summaries[..parsed.len()]);
        assert!(omitted > 0);
        let (listed, omitted) = findings_header(&["caf\u{e9}".to_owned()]);
        assert_eq!((listed.as_str(), omitted), (r#"["caf\u00e9"]"#, 0));
    }
}
