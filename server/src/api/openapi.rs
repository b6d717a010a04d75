//! The OpenAPI description of the whole HTTP API, generated from the
//! handlers' `#[utoipa::path]` annotations and served at
//! `GET /api/openapi.json`. The schemas here describe the JSON the handlers
//! write; `schemathesis` checks every response against them.

use super::{compare, designs, export, health, import, validate};
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

/// The OpenAPI document as JSON.
pub fn document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap_or_default()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "vpcraft",
        description = "Design, validate, export and import AWS VPC architectures. Errors of every \
                       status are `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        health::health,
        designs::list,
        designs::create,
        designs::read,
        designs::save,
        designs::remove,
        compare::compare,
        validate::validate,
        export::export,
        import::import_template,
    )
)]
struct ApiDoc;

/// A design file: `schema_version`, `name`, `region`, `resources`, `flows`
/// and `layout` (see the README); older schema versions are migrated.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct DesignFile(Value);

/// The changes between two revisions (see `vpcraft_core::diff::DesignDiff`):
/// `id`, `from`, `to`, `design`, `resources`, `flows`, `moved`, `fixed` and
/// `introduced`.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct DesignDiffJson(Value);

/// A finding: `rule`, `severity`, `message`, `resources` and what fixes it.
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)]
pub struct FindingJson(Value);

/// Every error response.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// A stable code: `bad_request`, `not_found`, `stale_revision`, ...
    code: String,
    /// What went wrong, in a sentence.
    message: String,
    /// With `stale_revision`: the latest revision.
    latest_revision: Option<i64>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Health {
    status: String,
    version: String,
}

/// A design with its findings, as created or read.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StoredDesign {
    id: String,
    revision: i64,
    design: DesignFile,
    findings: Vec<FindingJson>,
}

/// A save: the revision it builds on and the design.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SaveRequest {
    base_revision: i64,
    design: DesignFile,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Saved {
    id: String,
    revision: i64,
    findings: Vec<FindingJson>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Findings {
    findings: Vec<FindingJson>,
}

/// A template with the parameter values to read it with.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TemplateWithParameters {
    /// The template's text, YAML or JSON.
    template: String,
    parameters: Option<std::collections::HashMap<String, String>>,
}

/// An imported template.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Imported {
    design: DesignFile,
    /// What could not be carried over exactly, by logical ID.
    #[schema(value_type = Vec<Object>)]
    warnings: Vec<Value>,
    /// The template's parameters with the values used.
    #[schema(value_type = Vec<Object>)]
    parameters: Vec<Value>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_described() {
        let document = super::document();
        assert!(
            document["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            document["openapi"]
        );
        let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
        assert_eq!(
            paths,
            [
                "/api/designs",
                "/api/designs/{id}",
                "/api/designs/{id}/compare",
                "/api/export",
                "/api/health",
                "/api/import/template",
                "/api/validate"
            ]
        );
        let read = &document["paths"]["/api/designs/{id}"]["get"];
        assert_eq!(
            read["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/StoredDesign"
        );
    }
}
