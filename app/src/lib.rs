//! vpcraft's browser app: a Leptos client-side editor for AWS VPC designs,
//! compiled to WebAssembly and mounted on the page body.

pub mod actions;
mod api;
mod app;
mod aws_import;
mod canvas;
mod checks;
mod collab;
mod comments;
mod compare;
mod export;
pub mod geometry;
pub mod history;
mod json;
mod keyed;
mod lazy;
mod pages;
mod panels;
mod persistence;
mod reviews;
mod revisions;
pub mod route;
mod shortcuts;
mod state;
pub mod templates;
mod tools;
mod ui;

use wasm_bindgen::prelude::wasm_bindgen;

/// Starts the app when the WebAssembly module is initialised.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
