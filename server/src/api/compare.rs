//! `/api/designs/{id}/compare`: what changed between two revisions of a
//! design, property by property, with the findings the change fixed and
//! introduced. Both revisions are judged by today's rules, so a rule added
//! since a revision was saved does not show as a change of the design.

use crate::AppState;
use crate::auth::{Caller, require};
use crate::db::Role;
use crate::db::codec;
use crate::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vpcraft_core::diff::diff;

pub fn router() -> Router<AppState> {
    crate::work::in_flight(
        Router::new().route("/designs/{id}/compare", get(compare)),
        crate::work::IN_FLIGHT_PER_ROUTE,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareQuery {
    from: i64,
    to: Option<i64>,
}

#[utoipa::path(get, path = "/api/designs/{id}/compare", tag = "designs",
    params(("id" = String, Path, description = "The design's ID"),
        ("from" = i64, Query, minimum = 1, description = "The older revision"),
        ("to" = Option<i64>, Query, minimum = 1, description = "The newer revision; the latest when absent")),
    responses((status = 200, description = "The changes from `from` to `to`: `design`, `resources`, `flows`, `moved`, `fixed` and `introduced`", body = super::openapi::DesignDiffJson), (status = "4XX", description = "A client error", body = super::openapi::ErrorBody), (status = "5XX", description = "A server error", body = super::openapi::ErrorBody)))]
async fn compare(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<CompareQuery>,
) -> Result<Json<Value>, ApiError> {
    for revision in [Some(query.from), query.to].into_iter().flatten() {
        if revision < 1 {
            return Err(ApiError::BadRequest(format!(
                "revision {revision} does not exist: revisions count from 1"
            )));
        }
    }
    require(&state, &caller, &id, Role::Viewer, "comparing revisions").await?;
    let load = |revision: Option<i64>| {
        let (state, id) = (state.clone(), id.clone());
        async move {
            state.db.load(&id, revision).await?.ok_or_else(|| {
                ApiError::NotFound(match revision {
                    Some(revision) => format!("no revision {revision} of design {id:?}"),
                    None => format!("no design {id:?}"),
                })
            })
        }
    };
    let old = load(Some(query.from)).await?;
    let new = load(query.to).await?;
    let (from, to) = (old.revision, new.revision);
    let computed = state
        .workers
        .run(move || -> Result<Value, ApiError> {
            let changes = diff(&codec::design(&old.document)?, &codec::design(&new.document)?);
            serde_json::to_value(changes).map_err(|e| anyhow::Error::from(e).into())
        })
        .await??;
    let mut body = json!({ "id": id, "from": from, "to": to });
    if let (Value::Object(body), Value::Object(diff)) = (&mut body, computed) {
        body.extend(diff);
    }
    Ok(Json(body))
}
