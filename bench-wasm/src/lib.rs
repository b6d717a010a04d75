//! The wasm side of the validation benchmark: `cargo xtask bench` builds this
//! crate for wasm32, generates Node bindings and times these exports from
//! `bench.mjs` with `performance.now()`.
//!
//! A [`Design`] handle keeps a parsed design in wasm memory, as the app
//! does, so that `validate` is timed without parsing, and `parse_json` is
//! timed on its own.

use wasm_bindgen::prelude::*;

/// The JSON of the synthetic design of `n` resources.
#[wasm_bindgen]
pub fn synth_json(n: usize) -> String {
    vpcraft_core::to_json(&vpcraft_core::synth::design(n))
}

/// Parses a design file and returns its number of resources.
#[wasm_bindgen]
pub fn parse_json(text: &str) -> Result<usize, JsError> {
    Ok(vpcraft_core::parse_design(text)?.resources.len())
}

/// Parses and validates a design file, returning the number of findings.
#[wasm_bindgen]
pub fn validate_json(text: &str) -> Result<usize, JsError> {
    Ok(vpcraft_core::validate(&vpcraft_core::parse_design(text)?).len())
}

/// A parsed design held in wasm memory.
#[wasm_bindgen]
pub struct Design(vpcraft_core::Design);

#[wasm_bindgen]
impl Design {
    /// Parses a design file.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Result<Design, JsError> {
        Ok(Self(vpcraft_core::parse_design(text)?))
    }

    /// The number of resources.
    pub fn resources(&self) -> usize {
        self.0.resources.len()
    }

    /// The number of flows.
    pub fn flows(&self) -> usize {
        self.0.flows.len()
    }

    /// Validates the design and returns the number of findings.
    pub fn validate(&self) -> usize {
        vpcraft_core::validate(&self.0).len()
    }
}
