//! The design's checks (the rule catalogue, reachability and the cost
//! estimate), a wasm module of their own (see `crate::lazy`): the canvas
//! draws before they arrive, and from then on they run synchronously in the
//! editor's memos.

use vpcraft_core::cost::{Estimate, PriceTable, estimate_index};
use vpcraft_core::index::Index;
use vpcraft_core::reach::{self, FlowReport};
use vpcraft_core::{Design, Finding};
use wasm_split_helpers::SplitLoaderError;

/// The findings of every rule.
#[wasm_split_helpers::wasm_split(checks, fallible, preload(preload))]
pub fn validate(design: &Design) -> Result<Vec<Finding>, SplitLoaderError> {
    Ok(crate::state::timed("validate", || vpcraft_core::validate(design)))
}

/// Each flow's verdict.
#[wasm_split_helpers::wasm_split(checks, fallible)]
pub fn reports(design: &Design) -> Result<Vec<FlowReport>, SplitLoaderError> {
    Ok(reach::analyze(design))
}

/// The monthly estimate, with the data the flows carry.
#[wasm_split_helpers::wasm_split(checks, fallible)]
pub fn estimate(design: &Design, reports: &Vec<FlowReport>) -> Result<Estimate, SplitLoaderError> {
    Ok(estimate_index(&Index::new(design), reports, PriceTable::builtin()))
}
