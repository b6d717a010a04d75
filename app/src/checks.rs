//! The design's checks (the rule catalogue, reachability and the cost
//! estimate), a wasm module of their own (see `crate::lazy`): the canvas
//! draws before they arrive, and from then on they run synchronously in the
//! editor's memos.

use vpcraft_core::cost::{Estimate, PriceTable, estimate_index};
use vpcraft_core::index::Index;
use vpcraft_core::reach::{self, FlowReport};
use vpcraft_core::{Design, Finding};
use wasm_split_helpers::SplitLoaderError;

/// Fetches the module and readies each of its functions: each keeps its
/// own record of the module being loaded, set by a round trip through the
/// loader (immediate once the module is there), so that afterwards every
/// call completes at its first poll.
pub async fn load() -> Result<(), SplitLoaderError> {
    preload_validate().await?;
    preload_reports().await?;
    preload_estimate().await
}

/// The findings of every rule.
#[wasm_split_helpers::wasm_split(checks, fallible, preload(preload_validate))]
pub fn validate(design: &Design) -> Result<Vec<Finding>, SplitLoaderError> {
    Ok(crate::state::timed("validate", || vpcraft_core::validate(design)))
}

/// Each flow's verdict.
#[wasm_split_helpers::wasm_split(checks, fallible, preload(preload_reports))]
pub fn reports(design: &Design) -> Result<Vec<FlowReport>, SplitLoaderError> {
    Ok(reach::analyze(design))
}

/// The monthly estimate, with the data the flows carry.
#[wasm_split_helpers::wasm_split(checks, fallible, preload(preload_estimate))]
pub fn estimate(design: &Design, reports: &Vec<FlowReport>) -> Result<Estimate, SplitLoaderError> {
    Ok(estimate_index(&Index::new(design), reports, PriceTable::builtin()))
}
